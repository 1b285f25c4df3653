// The epoll backend, for kernels without io_uring. Readiness, not completion: an operation is
// attempted with a non-blocking syscall; if that would block, the op waits in its descriptor's
// reader or writer list until epoll reports the descriptor ready, then is attempted again.
// Timers live in a binary heap indexed from each op, so Cancel removes one in O(log n).
//
// Pipes and listening or connecting sockets handed to this backend are switched to O_NONBLOCK (the
// reactor must never block its thread); regular files with an offset are read and written directly,
// since epoll cannot wait on them and they never report "would block".
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "frosty/reactor/reactor_internal.h"

namespace frosty::internal {
namespace {

// Where an op waits; stored in IoOp::location.
enum Location : uint8_t { kNowhere, kAttempt, kReaders, kWriters, kTimers, kDone };

// A doubly-linked list threaded through IoOp::next/prev.
class OpList {
 public:
  bool empty() const { return head_ == nullptr; }

  void PushBack(IoOp* op) {
    op->next = nullptr;
    op->prev = tail_;
    (tail_ != nullptr ? tail_->next : head_) = op;
    tail_ = op;
  }

  void Remove(IoOp* op) {
    (op->prev != nullptr ? op->prev->next : head_) = op->next;
    (op->next != nullptr ? op->next->prev : tail_) = op->prev;
    op->next = op->prev = nullptr;
  }

  IoOp* PopFront() {
    IoOp* op = head_;
    if (op != nullptr) Remove(op);
    return op;
  }

  // Moves every op of `other` to the end of this list.
  void Splice(OpList& other) {
    while (IoOp* op = other.PopFront()) PushBack(op);
  }

 private:
  IoOp* head_ = nullptr;
  IoOp* tail_ = nullptr;
};

// A min-heap of timers by deadline; each op knows its index, so any op can be removed.
class TimerHeap {
 public:
  bool empty() const { return heap_.empty(); }
  IoOp* top() const { return heap_.front(); }

  void Push(IoOp* op) {
    op->heap_index = heap_.size();
    heap_.push_back(op);
    SiftUp(op->heap_index);
  }

  void Remove(IoOp* op) {
    size_t index = op->heap_index;
    Swap(index, heap_.size() - 1);
    heap_.pop_back();
    if (index < heap_.size()) {
      SiftDown(index);
      SiftUp(index);
    }
  }

 private:
  bool Less(size_t a, size_t b) const { return heap_[a]->deadline < heap_[b]->deadline; }

  void Swap(size_t a, size_t b) {
    std::swap(heap_[a], heap_[b]);
    heap_[a]->heap_index = a;
    heap_[b]->heap_index = b;
  }

  void SiftUp(size_t index) {
    while (index > 0 && Less(index, (index - 1) / 2)) {
      Swap(index, (index - 1) / 2);
      index = (index - 1) / 2;
    }
  }

  void SiftDown(size_t index) {
    for (;;) {
      size_t smallest = index;
      for (size_t child : {2 * index + 1, 2 * index + 2}) {
        if (child < heap_.size() && Less(child, smallest)) smallest = child;
      }
      if (smallest == index) return;
      Swap(index, smallest);
      index = smallest;
    }
  }

  std::vector<IoOp*> heap_;
};

class EpollReactor final : public Reactor {
 public:
  EpollReactor() = default;

  absl::Status Init() {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) return Unavailable("epoll_create1");
    wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) return Unavailable("eventfd");
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wake_fd_;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event) < 0) return Unavailable("epoll_ctl");
    return absl::OkStatus();
  }

  ~EpollReactor() override {
    if (wake_fd_ >= 0) close(wake_fd_);
    if (epoll_fd_ >= 0) close(epoll_fd_);
  }

  ReactorBackend backend() const override { return ReactorBackend::kEpoll; }

  void Read(int fd, absl::Span<std::byte> buffer, int64_t offset, IoOp* op) override {
    op->data = buffer.data();
    op->size = buffer.size();
    op->offset = offset;
    StartAttempt(fd, IoOp::Kind::kRead, op);
  }

  void Write(int fd, absl::Span<const std::byte> buffer, int64_t offset, IoOp* op) override {
    op->data = const_cast<std::byte*>(buffer.data());  // only ever passed to write()
    op->size = buffer.size();
    op->offset = offset;
    StartAttempt(fd, IoOp::Kind::kWrite, op);
  }

  void Receive(int socket, absl::Span<std::byte> buffer, IoOp* op) override {
    op->data = buffer.data();
    op->size = buffer.size();
    op->offset = IoOp::kCurrentPosition;
    StartAttempt(socket, IoOp::Kind::kReceive, op);
  }

  void Send(int socket, absl::Span<const std::byte> buffer, IoOp* op) override {
    op->data = const_cast<std::byte*>(buffer.data());
    op->size = buffer.size();
    op->offset = IoOp::kCurrentPosition;
    StartAttempt(socket, IoOp::Kind::kSend, op);
  }

  void Accept(int listen_fd, IoOp* op) override {
    StartAttempt(listen_fd, IoOp::Kind::kAccept, op);
  }

  void Connect(int fd, const sockaddr* address, socklen_t length, IoOp* op) override {
    op->address = address;
    op->address_length = length;
    op->offset = 0;  // 1 once connect() has returned EINPROGRESS
    StartAttempt(fd, IoOp::Kind::kConnect, op);
  }

  void Timer(absl::Duration delay, IoOp* op) override {
    Begin(op, IoOp::Kind::kTimer, -1);
    op->deadline = absl::Now() + delay;
    op->location = kTimers;
    timers_.Push(op);
  }

  void Cancel(IoOp* op) override {
    if (!op->in_flight) return;
    switch (op->location) {
      case kAttempt:
        attempt_.Remove(op);
        break;
      case kReaders:
      case kWriters:
        Unwait(op);
        break;
      case kTimers:
        timers_.Remove(op);
        break;
      default:
        return;  // already done; its completion is queued
    }
    op->result = -ECANCELED;
    op->location = kDone;
    done_.PushBack(op);
  }

  int Poll(absl::Duration timeout) override {
    int ran = RunAttempts();
    ran += RunDone();
    // Wait only if nothing has completed yet; never past the next timer.
    absl::Duration wait = ran > 0 ? absl::ZeroDuration() : timeout;
    if (!timers_.empty()) wait = std::min(wait, timers_.top()->deadline - absl::Now());
    if (!attempt_.empty()) wait = absl::ZeroDuration();  // a completion started more work
    WaitForEvents(wait);
    ran += RunAttempts();
    ran += ExpireTimers();
    ran += RunDone();
    return ran;
  }

  void Wake() override { SignalEventFd(wake_fd_); }

  size_t pending() const override { return pending_; }

 private:
  struct Waiters {
    OpList readers;
    OpList writers;
    uint32_t registered = 0;  // the events epoll watches for this descriptor
  };

  static absl::Status Unavailable(const char* call) {
    return absl::UnavailableError(std::string(call) + ": " + std::strerror(errno));
  }

  void Begin(IoOp* op, IoOp::Kind kind, int fd) {
    op->kind = kind;
    op->fd = fd;
    op->in_flight = true;
    ++pending_;
  }

  void StartAttempt(int fd, IoOp::Kind kind, IoOp* op) {
    Begin(op, kind, fd);
    op->location = kAttempt;
    attempt_.PushBack(op);
  }

  // Puts a descriptor into non-blocking mode. Checked on every use rather than remembered: a
  // descriptor number may be closed and reused by the caller at any time.
  static void MakeNonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK) == 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  }

  // Streams: sockets take MSG_DONTWAIT (and MSG_NOSIGNAL: a closed peer is an EPIPE result, not
  // a signal); other descriptors (pipes, ttys) are made non-blocking first.
  static ssize_t StreamRead(int fd, void* data, size_t size) {
    ssize_t rc = recv(fd, data, size, MSG_DONTWAIT);
    if (rc < 0 && errno == ENOTSOCK) {
      MakeNonblocking(fd);
      rc = read(fd, data, size);
    }
    return rc;
  }

  static ssize_t StreamWrite(int fd, const void* data, size_t size) {
    ssize_t rc = send(fd, data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (rc < 0 && errno == ENOTSOCK) {
      MakeNonblocking(fd);
      rc = write(fd, data, size);
    }
    return rc;
  }

  // Tries the op's syscall once. Returns true when it finished (result set), false when it
  // would block.
  bool TryOnce(IoOp* op) {
    const bool positional = op->offset != IoOp::kCurrentPosition;
    ssize_t rc = 0;
    do {
      switch (op->kind) {
        case IoOp::Kind::kRead:
          rc = positional ? pread(op->fd, op->data, op->size, op->offset)
                          : StreamRead(op->fd, op->data, op->size);
          break;
        case IoOp::Kind::kWrite:
          rc = positional ? pwrite(op->fd, op->data, op->size, op->offset)
                          : StreamWrite(op->fd, op->data, op->size);
          break;
        case IoOp::Kind::kReceive:
          rc = recv(op->fd, op->data, op->size, MSG_DONTWAIT);
          break;
        case IoOp::Kind::kSend:
          rc = send(op->fd, op->data, op->size, MSG_DONTWAIT | MSG_NOSIGNAL);
          break;
        case IoOp::Kind::kAccept:
          MakeNonblocking(op->fd);  // a blocking listener would stall the whole reactor
          rc = accept4(op->fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
          break;
        case IoOp::Kind::kConnect:
          if (op->offset == 0) {
            MakeNonblocking(op->fd);
            rc = connect(op->fd, op->address, op->address_length);
            if (rc < 0 && errno == EINPROGRESS) {
              op->offset = 1;
              return false;
            }
          } else {
            int error = 0;
            socklen_t length = sizeof(error);
            rc = getsockopt(op->fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (rc == 0 && error != 0) {
              errno = error;
              rc = -1;
            }
          }
          break;
        default:
          rc = -1;
          errno = EINVAL;
      }
    } while (rc < 0 && errno == EINTR);
    if (rc < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
    op->result = rc < 0 ? -errno : static_cast<int32_t>(rc);
    return true;
  }

  static bool WantsWritable(const IoOp* op) {
    return op->kind == IoOp::Kind::kWrite || op->kind == IoOp::Kind::kSend ||
           op->kind == IoOp::Kind::kConnect;
  }

  // Attempts every op queued for an attempt when this call began; ops that would block wait
  // for readiness. Completions that start new ops leave those for the next round.
  int RunAttempts() {
    OpList round;
    round.Splice(attempt_);
    int ran = 0;
    while (IoOp* op = round.PopFront()) {
      if (TryOnce(op)) {
        Complete(op);
        ++ran;
      } else {
        Wait(op);
      }
    }
    return ran;
  }

  void Wait(IoOp* op) {
    Waiters& waiters = waiters_[op->fd];
    const bool writable = WantsWritable(op);
    (writable ? waiters.writers : waiters.readers).PushBack(op);
    op->location = writable ? kWriters : kReaders;
    UpdateInterest(op->fd, waiters);
  }

  void Unwait(IoOp* op) {
    Waiters& waiters = waiters_[op->fd];
    (op->location == kWriters ? waiters.writers : waiters.readers).Remove(op);
    UpdateInterest(op->fd, waiters);
  }

  // Level-triggered interest: EPOLLIN while a reader waits, EPOLLOUT while a writer does.
  void UpdateInterest(int fd, Waiters& waiters) {
    uint32_t wanted = (waiters.readers.empty() ? 0u : static_cast<uint32_t>(EPOLLIN)) |
                      (waiters.writers.empty() ? 0u : static_cast<uint32_t>(EPOLLOUT));
    if (wanted == waiters.registered) return;
    epoll_event event{};
    event.events = wanted;
    event.data.fd = fd;
    int rc;
    if (wanted == 0) {
      rc = epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    } else if (waiters.registered == 0) {
      rc = epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
      // The descriptor number was closed and reused while registered: refresh it.
      if (rc < 0 && errno == EEXIST) rc = epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event);
    } else {
      rc = epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event);
      if (rc < 0 && errno == ENOENT) rc = epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    }
    if (rc < 0 && wanted != 0) {
      // epoll cannot watch this descriptor (EPERM for regular files, EBADF when closed): the
      // waiting ops fail with that error rather than wait forever.
      const int32_t error = -errno;
      for (OpList* list : {&waiters.readers, &waiters.writers}) {
        while (IoOp* op = list->PopFront()) {
          op->result = error;
          op->location = kDone;
          done_.PushBack(op);
        }
      }
      wanted = 0;
    }
    waiters.registered = wanted;
  }

  void WaitForEvents(absl::Duration wait) {
    epoll_event events[64];
    int count;
    if (wait == absl::InfiniteDuration()) {
      count = epoll_wait(epoll_fd_, events, 64, -1);
    } else {
      if (wait < absl::ZeroDuration()) wait = absl::ZeroDuration();
      timespec ts = absl::ToTimespec(wait);
      count = epoll_pwait2(epoll_fd_, events, 64, &ts, nullptr);
      if (count < 0 && errno == ENOSYS) {  // kernels before 5.11: millisecond precision
        count = epoll_wait(
            epoll_fd_, events, 64,
            static_cast<int>(absl::ToInt64Milliseconds(absl::Ceil(wait, absl::Milliseconds(1)))));
      }
    }
    for (int i = 0; i < count; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        uint64_t counter;
        [[maybe_unused]] ssize_t drained = read(wake_fd_, &counter, sizeof(counter));
        continue;
      }
      auto it = waiters_.find(fd);
      if (it == waiters_.end()) continue;
      Waiters& waiters = it->second;
      const uint32_t ready = events[i].events;
      const bool failed = (ready & (EPOLLERR | EPOLLHUP)) != 0;
      // Ready ops go back to the attempt queue; the syscall itself reports any error.
      OpList woken;
      if (failed || (ready & EPOLLIN)) woken.Splice(waiters.readers);
      if (failed || (ready & EPOLLOUT)) woken.Splice(waiters.writers);
      while (IoOp* op = woken.PopFront()) {
        op->location = kAttempt;
        attempt_.PushBack(op);
      }
      UpdateInterest(fd, waiters);
    }
  }

  int ExpireTimers() {
    const absl::Time now = absl::Now();
    int ran = 0;
    while (!timers_.empty() && timers_.top()->deadline <= now) {
      IoOp* op = timers_.top();
      timers_.Remove(op);
      op->result = 0;
      Complete(op);
      ++ran;
    }
    return ran;
  }

  int RunDone() {
    int ran = 0;
    OpList round;
    round.Splice(done_);
    while (IoOp* op = round.PopFront()) {
      Complete(op);
      ++ran;
    }
    return ran;
  }

  void Complete(IoOp* op) {
    op->location = kNowhere;
    --pending_;
    Finish(op, op->result);
  }

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  OpList attempt_;  // to try now
  OpList done_;     // finished (cancelled or failed to wait), completion not yet run
  TimerHeap timers_;
  absl::flat_hash_map<int, Waiters> waiters_;
  size_t pending_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Reactor>> CreateEpollReactor() {
  auto reactor = std::make_unique<EpollReactor>();
  absl::Status status = reactor->Init();
  if (!status.ok()) return status;
  return std::unique_ptr<Reactor>(std::move(reactor));
}

}  // namespace frosty::internal
