// The io_uring backend: each IoOp becomes one SQE whose user_data is the op itself. SQEs are
// batched and submitted by Poll() (or earlier when the ring fills), so a burst of operations
// costs one io_uring_enter.
#include <liburing.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "frosty/reactor/reactor_internal.h"

namespace frosty::internal {
namespace {

static_assert(sizeof(__kernel_timespec) == sizeof(IoOp::kernel_timespec));

__kernel_timespec ToKernelTimespec(absl::Duration duration) {
  if (duration < absl::ZeroDuration()) duration = absl::ZeroDuration();
  __kernel_timespec ts{};
  ts.tv_sec = absl::IDivDuration(duration, absl::Seconds(1), &duration);
  ts.tv_nsec = absl::ToInt64Nanoseconds(duration);
  return ts;
}

class IoUringReactor final : public Reactor {
 public:
  IoUringReactor() = default;

  // Sets up the ring in place (liburing's ring is not meant to be copied) and arms the wake-up.
  absl::Status Init(uint32_t queue_depth) {
    int rc = io_uring_queue_init(queue_depth == 0 ? 1 : queue_depth, &ring_, 0);
    if (rc < 0) {
      return absl::UnavailableError(std::string("io_uring_queue_init: ") + std::strerror(-rc));
    }
    ring_ready_ = true;
    // Blocking on purpose: io_uring waits on it like any file; Wake()'s write never blocks.
    wake_fd_ = eventfd(0, EFD_CLOEXEC);
    if (wake_fd_ < 0)
      return absl::UnavailableError(std::string("eventfd: ") + std::strerror(errno));
    ArmWake();
    return absl::OkStatus();
  }

  ~IoUringReactor() override {
    if (ring_ready_) io_uring_queue_exit(&ring_);
    if (wake_fd_ >= 0) close(wake_fd_);
  }

  ReactorBackend backend() const override { return ReactorBackend::kIoUring; }

  void Read(int fd, absl::Span<std::byte> buffer, int64_t offset, IoOp* op) override {
    io_uring_prep_read(Start(op, IoOp::Kind::kRead), fd, buffer.data(),
                       static_cast<unsigned>(buffer.size()), static_cast<__u64>(offset));
  }

  void Write(int fd, absl::Span<const std::byte> buffer, int64_t offset, IoOp* op) override {
    io_uring_prep_write(Start(op, IoOp::Kind::kWrite), fd, buffer.data(),
                        static_cast<unsigned>(buffer.size()), static_cast<__u64>(offset));
  }

  void Receive(int socket, absl::Span<std::byte> buffer, IoOp* op) override {
    io_uring_prep_recv(Start(op, IoOp::Kind::kReceive), socket, buffer.data(), buffer.size(), 0);
  }

  void Send(int socket, absl::Span<const std::byte> buffer, IoOp* op) override {
    io_uring_prep_send(Start(op, IoOp::Kind::kSend), socket, buffer.data(), buffer.size(),
                       MSG_NOSIGNAL);
  }

  void Accept(int listen_fd, IoOp* op) override {
    io_uring_prep_accept(Start(op, IoOp::Kind::kAccept), listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  }

  void Connect(int fd, const sockaddr* address, socklen_t length, IoOp* op) override {
    io_uring_prep_connect(Start(op, IoOp::Kind::kConnect), fd, address, length);
  }

  void Timer(absl::Duration delay, IoOp* op) override {
    // The kernel copies the timespec when the SQE is submitted, which may be after this call
    // returns: it lives in the op, which the caller keeps alive anyway.
    auto* ts = reinterpret_cast<__kernel_timespec*>(op->kernel_timespec);
    *ts = ToKernelTimespec(delay);
    io_uring_prep_timeout(Start(op, IoOp::Kind::kTimer), ts, 0, 0);
  }

  void Cancel(IoOp* op) override {
    if (!op->in_flight) return;
    io_uring_sqe* sqe = NextSqe();
    io_uring_prep_cancel(sqe, op, 0);
    io_uring_sqe_set_data(sqe, nullptr);  // the cancel's own completion is not reported
  }

  int Poll(absl::Duration timeout) override {
    io_uring_cqe* cqe = nullptr;
    if (timeout <= absl::ZeroDuration()) {
      io_uring_submit(&ring_);
    } else if (timeout == absl::InfiniteDuration()) {
      io_uring_submit_and_wait(&ring_, 1);
    } else {
      __kernel_timespec ts = ToKernelTimespec(timeout);
      io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr);  // -ETIME is fine
    }
    int ran = 0;
    while (io_uring_peek_cqe(&ring_, &cqe) == 0) {
      auto* op = static_cast<IoOp*>(io_uring_cqe_get_data(cqe));
      int32_t result = cqe->res;
      io_uring_cqe_seen(&ring_, cqe);
      if (op == nullptr) continue;
      if (op == &wake_op_) {
        ArmWake();
        continue;
      }
      if (op->kind == IoOp::Kind::kTimer && result == -ETIME) result = 0;
      --pending_;
      Finish(op, result);
      ++ran;
    }
    return ran;
  }

  void Wake() override { SignalEventFd(wake_fd_); }

  size_t pending() const override { return pending_; }

 private:
  io_uring_sqe* NextSqe() {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    while (sqe == nullptr) {  // the submission queue is full: hand it to the kernel
      io_uring_submit(&ring_);
      sqe = io_uring_get_sqe(&ring_);
    }
    return sqe;
  }

  io_uring_sqe* Start(IoOp* op, IoOp::Kind kind) {
    op->kind = kind;
    op->in_flight = true;
    ++pending_;
    io_uring_sqe* sqe = NextSqe();
    io_uring_sqe_set_data(sqe, op);
    return sqe;
  }

  void ArmWake() {
    io_uring_sqe* sqe = NextSqe();
    io_uring_prep_read(sqe, wake_fd_, &wake_counter_, sizeof(wake_counter_), 0);
    io_uring_sqe_set_data(sqe, &wake_op_);
  }

  io_uring ring_{};
  bool ring_ready_ = false;
  int wake_fd_ = -1;
  uint64_t wake_counter_ = 0;
  IoOp wake_op_;
  size_t pending_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Reactor>> CreateIoUringReactor(uint32_t queue_depth) {
  auto reactor = std::make_unique<IoUringReactor>();
  absl::Status status = reactor->Init(queue_depth);
  if (!status.ok()) return status;
  return std::unique_ptr<Reactor>(std::move(reactor));
}

}  // namespace frosty::internal
