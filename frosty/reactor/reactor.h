// frosty::Reactor: completion-based I/O and timers for one thread, on io_uring where the kernel
// allows it and on epoll otherwise (the backend is chosen at run time; tests can force either).
//
// Every operation is described by an IoOp that the caller owns and keeps alive until its
// completion runs: in compiled Clef and in frosty's coroutines it lives in the task's frame, so
// starting an operation allocates nothing. Completions run only inside Poll(), on the thread that
// calls it; each started operation completes exactly once, with the syscall's result or a
// negated errno (-ECANCELED after Cancel, 0 for an expired timer).
//
//   frosty::IoOp read;
//   read.on_complete = [](frosty::IoOp* op) { printf("read %d bytes\n", op->result); };
//   reactor->Read(fd, buffer, frosty::IoOp::kCurrentPosition, &read);
//   while (reactor->pending() > 0) reactor->Poll(absl::InfiniteDuration());
//
// Thread safety: one thread starts operations and polls; Wake() may be called from any thread.
#ifndef FIDELITY_FROSTY_REACTOR_REACTOR_H_
#define FIDELITY_FROSTY_REACTOR_REACTOR_H_

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace frosty {

enum class ReactorBackend { kIoUring, kEpoll };

const char* ReactorBackendName(ReactorBackend backend);

class Reactor;

// One I/O operation or timer. The caller sets `on_complete` (and may use `context`), passes the
// op to one Reactor call, and must not touch or free it until `on_complete` has run.
struct IoOp {
  static constexpr int64_t kCurrentPosition = -1;  // read/write at the file position (sockets)

  void (*on_complete)(IoOp* op) = nullptr;
  void* context = nullptr;  // free for the caller
  int32_t result = 0;       // set before on_complete: bytes, a new fd, 0, or -errno

  // The reactor's bookkeeping; callers leave these alone.
  enum class Kind : uint8_t { kNone, kRead, kWrite, kReceive, kSend, kAccept, kConnect, kTimer };
  Kind kind = Kind::kNone;
  bool in_flight = false;
  int fd = -1;
  void* data = nullptr;
  size_t size = 0;
  int64_t offset = 0;
  const sockaddr* address = nullptr;
  socklen_t address_length = 0;
  uint8_t location = 0;  // which backend queue holds the op
  absl::Time deadline;
  int64_t kernel_timespec[2] = {0, 0};  // io_uring reads a timer's timespec at submission
  IoOp* next = nullptr;                 // intrusive links for the epoll backend's queues
  IoOp* prev = nullptr;
  size_t heap_index = 0;  // position in the epoll backend's timer heap
};

struct ReactorOptions {
  // Unset: io_uring when the kernel allows it, else epoll.
  std::optional<ReactorBackend> backend;
  // io_uring submission queue entries (rounded up to a power of two by the kernel).
  uint32_t queue_depth = 256;
};

class Reactor {
 public:
  // Fails only when the forced backend (or both) cannot be set up, with the kernel's reason.
  static absl::StatusOr<std::unique_ptr<Reactor>> Create(const ReactorOptions& options = {});

  virtual ~Reactor() = default;
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  virtual ReactorBackend backend() const = 0;

  // Reads up to buffer.size() bytes at `offset` (kCurrentPosition for sockets and pipes).
  // Result: bytes read (0 at end of file), or -errno.
  virtual void Read(int fd, absl::Span<std::byte> buffer, int64_t offset, IoOp* op) = 0;
  // Writes up to buffer.size() bytes. Result: bytes written, or -errno.
  virtual void Write(int fd, absl::Span<const std::byte> buffer, int64_t offset, IoOp* op) = 0;
  // Socket forms of Read and Write. Send never raises SIGPIPE: a peer that has gone away is an
  // -EPIPE (or -ECONNRESET) result.
  virtual void Receive(int socket, absl::Span<std::byte> buffer, IoOp* op) = 0;
  virtual void Send(int socket, absl::Span<const std::byte> buffer, IoOp* op) = 0;
  // Accepts a connection on a listening socket. Result: the new socket (close-on-exec), or -errno.
  virtual void Accept(int listen_fd, IoOp* op) = 0;
  // Connects a socket; `address` must stay valid until completion. Result: 0 or -errno.
  virtual void Connect(int fd, const sockaddr* address, socklen_t length, IoOp* op) = 0;
  // Completes with 0 once `delay` has passed.
  virtual void Timer(absl::Duration delay, IoOp* op) = 0;
  // Asks a started operation to stop. If it has not completed yet it completes with
  // -ECANCELED (or, when it raced to finish first, with its real result); either way its
  // completion still runs exactly once, from Poll(). A finished op is left alone.
  virtual void Cancel(IoOp* op) = 0;

  // Starts what was queued, waits up to `timeout` for at least one completion (not at all for
  // a zero timeout), and runs every completion that is ready. Returns how many ran; Wake()
  // ends the wait early. Completions may start new operations.
  virtual int Poll(absl::Duration timeout) = 0;
  // Makes a Poll() waiting on another thread return. Safe from any thread.
  virtual void Wake() = 0;
  // Operations started and not yet completed.
  virtual size_t pending() const = 0;

 protected:
  Reactor() = default;
};

}  // namespace frosty

#endif  // FIDELITY_FROSTY_REACTOR_REACTOR_H_
