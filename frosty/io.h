// frosty::IoService: the reactor (frosty/reactor) on a thread of its own, awaited from tasks.
//
//   auto io = frosty::IoService::Create(*executor).value();
//   frosty::Task<void> Echo(frosty::IoService& io, int socket) {
//     std::array<std::byte, 4096> buffer;
//     for (;;) {
//       int n = co_await io.Receive(socket, absl::MakeSpan(buffer));       // a failure fails the task
//       if (n == 0) co_return;                              // peer closed
//       co_await io.SendAll(socket, absl::MakeConstSpan(buffer.data(), n));
//     }
//   }
//
// Operations may be started from any thread; each completes on the reactor thread and resumes
// its task on the executor. Results are the syscall's (bytes, a new socket, 0); a negative errno
// becomes the task's failure as an absl::Status (absl::ErrnoToStatus), like any task failure.
// Destroy the service only when no operation is pending: a pending one would never resume.
//
// Cancellation: an operation awaited by a task whose token is cancelled stops at once: the
// reactor cancels it, and the task fails with kCancelled (unless the operation had already
// finished, in which case its result stands). A task whose token is already cancelled fails
// at the co_await without starting the operation.
#ifndef FIDELITY_FROSTY_IO_H_
#define FIDELITY_FROSTY_IO_H_

#include <sys/socket.h>

#include <coroutine>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "frosty/reactor/reactor.h"
#include "frosty/task.h"
#include "prospero/executor.h"

namespace frosty {

namespace internal {
struct IoCancelLink;
struct IoCancelQueue;
}  // namespace internal

class IoService {
 public:
  static absl::StatusOr<std::unique_ptr<IoService>> Create(prospero::Executor& executor,
                                                           const ReactorOptions& options = {});
  ~IoService();
  IoService(const IoService&) = delete;
  IoService& operator=(const IoService&) = delete;

  ReactorBackend backend() const { return reactor_->backend(); }

  // One operation, awaited once. Yields the non-negative result.
  class Operation {
   public:
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      internal::PromiseBase& promise = internal::Base(self);
      if (promise.token().cancelled()) {
        promise.Fail(absl::CancelledError("cancelled"));
        return promise.Finish();
      }
      handle_ = self;
      promise_ = &promise;
      service_->Start(this, promise.token());
      return std::noop_coroutine();
    }
    int await_resume() const noexcept { return op_.result; }

   private:
    friend class IoService;
    enum class Kind { kRead, kWrite, kReceive, kSend, kAccept, kConnect };
    Operation(IoService* service, Kind kind, int fd) : service_(service), kind_(kind), fd_(fd) {}

    IoService* service_;
    Kind kind_;
    int fd_;
    absl::Span<std::byte> buffer_;
    int64_t offset_ = IoOp::kCurrentPosition;
    const sockaddr* address_ = nullptr;
    socklen_t address_length_ = 0;
    IoOp op_;
    std::coroutine_handle<> handle_;
    internal::PromiseBase* promise_ = nullptr;
    prospero::WorkItem resume_{&Operation::Resume};
    // Set when the task's token can be cancelled: shared with the token's callback.
    internal::IoCancelLink* cancel_link_ = nullptr;
    CancellationToken::Registration registration_;

    static void Resume(prospero::WorkItem* item, prospero::RunReason reason);
  };

  Operation Read(int fd, absl::Span<std::byte> buffer, int64_t offset = IoOp::kCurrentPosition);
  Operation Write(int fd, absl::Span<const std::byte> buffer,
                  int64_t offset = IoOp::kCurrentPosition);
  Operation Receive(int socket, absl::Span<std::byte> buffer);
  Operation Send(int socket, absl::Span<const std::byte> buffer);
  Operation Accept(int listen_socket);
  // `address` must stay valid until the operation completes.
  Operation Connect(int socket, const sockaddr* address, socklen_t length);

  // Sends every byte (Send may write fewer than asked).
  Task<void> SendAll(int socket, absl::Span<const std::byte> data);

 private:
  IoService(prospero::Executor& executor, std::unique_ptr<Reactor> reactor);
  void Start(Operation* operation, const CancellationToken& token);
  void Enqueue(Operation* operation);
  void Loop();
  void StartOnReactor(Operation* operation);

  prospero::Executor& executor_;
  std::unique_ptr<Reactor> reactor_;
  std::mutex mutex_;
  std::vector<Operation*> incoming_;  // started by tasks, not yet handed to the reactor
  bool stopping_ = false;
  // Cancellation requests from token callbacks (any thread) for the reactor thread. Shared so
  // that a callback racing with the service's destruction finds it closed, not freed.
  std::shared_ptr<internal::IoCancelQueue> cancels_;
  std::thread thread_;
};

}  // namespace frosty

#endif  // FIDELITY_FROSTY_IO_H_
