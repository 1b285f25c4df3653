#include "frosty/io.h"

#include <atomic>
#include <cerrno>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace frosty {
namespace internal {

// Links an operation with its task's cancellation callback. Owned by two references: the
// operation's (dropped when it resumes) and the callback's (dropped once the callback has
// run, or by the operation when it unregisters the callback before it could run); a queued
// request holds the callback's reference until the reactor thread has looked at it.
struct IoCancelLink {
  IoService::Operation* operation;  // reactor thread only; null once the operation completed
  std::atomic<bool> requested{false};
  std::atomic<int> references{2};
  void Release() {
    if (references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
};

struct IoCancelQueue {
  std::mutex mutex;
  Reactor* reactor = nullptr;  // null once the service is being destroyed
  std::vector<IoCancelLink*> requests;

  // From the token's callback, on whatever thread cancelled it.
  void Request(IoCancelLink* link) {
    link->requested.store(true, std::memory_order_release);
    std::lock_guard<std::mutex> lock(mutex);
    if (reactor == nullptr) {
      link->Release();
      return;
    }
    requests.push_back(link);  // the callback's reference goes with it
    reactor->Wake();
  }
};

}  // namespace internal

absl::StatusOr<std::unique_ptr<IoService>> IoService::Create(prospero::Executor& executor,
                                                             const ReactorOptions& options) {
  absl::StatusOr<std::unique_ptr<Reactor>> reactor = Reactor::Create(options);
  if (!reactor.ok()) return reactor.status();
  return std::unique_ptr<IoService>(new IoService(executor, *std::move(reactor)));
}

IoService::IoService(prospero::Executor& executor, std::unique_ptr<Reactor> reactor)
    : executor_(executor),
      reactor_(std::move(reactor)),
      cancels_(std::make_shared<internal::IoCancelQueue>()) {
  cancels_->reactor = reactor_.get();
  thread_ = std::thread([this] { Loop(); });
}

IoService::~IoService() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  reactor_->Wake();
  thread_.join();
  std::lock_guard<std::mutex> lock(cancels_->mutex);
  cancels_->reactor = nullptr;
  for (internal::IoCancelLink* link : cancels_->requests) link->Release();
  cancels_->requests.clear();
}

void IoService::Start(Operation* operation, const CancellationToken& token) {
  if (token.can_be_cancelled()) {
    auto* link = new internal::IoCancelLink{operation};
    operation->cancel_link_ = link;
    // Registered before the operation is queued, so it cannot complete first; a token
    // cancelled meanwhile runs the callback right here, and the request waits in the queue.
    operation->registration_ = token.OnCancel(
        [link, queue = cancels_] { queue->Request(link); });
  }
  Enqueue(operation);
}

void IoService::Enqueue(Operation* operation) {
  // Wake under the lock: once the operation is queued it may complete, its task finish and
  // this service be destroyed, and the destructor takes this lock before tearing down.
  std::lock_guard<std::mutex> lock(mutex_);
  incoming_.push_back(operation);
  reactor_->Wake();
}

void IoService::Loop() {
  std::vector<Operation*> batch;
  std::vector<internal::IoCancelLink*> cancels;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      batch.swap(incoming_);
    }
    for (Operation* operation : batch) StartOnReactor(operation);
    batch.clear();
    {
      std::lock_guard<std::mutex> lock(cancels_->mutex);
      cancels.swap(cancels_->requests);
    }
    for (internal::IoCancelLink* link : cancels) {
      // Completions run on this thread too, so the operation is either still in the reactor
      // or gone (and the link says so); one not started yet is cancelled when it starts.
      if (link->operation != nullptr && link->operation->op_.in_flight) {
        reactor_->Cancel(&link->operation->op_);
      }
      link->Release();
    }
    cancels.clear();
    reactor_->Poll(absl::InfiniteDuration());  // Enqueue, cancels and the destructor Wake() it
  }
}

void IoService::StartOnReactor(Operation* operation) {
  IoOp& op = operation->op_;
  op.context = operation;
  op.on_complete = [](IoOp* done) {
    auto* operation = static_cast<Operation*>(done->context);
    if (operation->cancel_link_ != nullptr) operation->cancel_link_->operation = nullptr;
    operation->service_->executor_.Submit(&operation->resume_);
  };
  switch (operation->kind_) {
    case Operation::Kind::kRead:
      reactor_->Read(operation->fd_, operation->buffer_, operation->offset_, &op);
      break;
    case Operation::Kind::kWrite:
      reactor_->Write(operation->fd_, operation->buffer_, operation->offset_, &op);
      break;
    case Operation::Kind::kReceive:
      reactor_->Receive(operation->fd_, operation->buffer_, &op);
      break;
    case Operation::Kind::kSend:
      reactor_->Send(operation->fd_, operation->buffer_, &op);
      break;
    case Operation::Kind::kAccept:
      reactor_->Accept(operation->fd_, &op);
      break;
    case Operation::Kind::kConnect:
      reactor_->Connect(operation->fd_, operation->address_, operation->address_length_, &op);
      break;
  }
  // Cancelled before it reached the reactor: stop it now (it still completes through Poll).
  if (operation->cancel_link_ != nullptr &&
      operation->cancel_link_->requested.load(std::memory_order_acquire) && op.in_flight) {
    reactor_->Cancel(&op);
  }
}

void IoService::Operation::Resume(prospero::WorkItem* item, prospero::RunReason reason) {
  auto* self =
      reinterpret_cast<Operation*>(reinterpret_cast<char*>(item) - offsetof(Operation, resume_));
  bool cancel_requested = false;
  if (internal::IoCancelLink* link = std::exchange(self->cancel_link_, nullptr)) {
    // The callback cannot run any more once unregistered; if it ran (or is running) it holds
    // its own reference.
    if (self->registration_.Unregister()) link->Release();
    cancel_requested = link->requested.load(std::memory_order_acquire);
    link->Release();
  }
  if (reason == prospero::RunReason::kCancelled) {
    self->promise_->Fail(absl::CancelledError("the executor shut down"));
    self->promise_->Finish().resume();
    return;
  }
  if (self->op_.result == -ECANCELED && cancel_requested) {
    self->promise_->Fail(absl::CancelledError("cancelled"));
    self->promise_->Finish().resume();
    return;
  }
  if (self->op_.result < 0) {
    static constexpr const char* kNames[] = {"read", "write",  "receive",
                                             "send", "accept", "connect"};
    self->promise_->Fail(absl::ErrnoToStatus(
        -self->op_.result,
        absl::StrCat(kNames[static_cast<int>(self->kind_)], " on fd ", self->fd_)));
    self->promise_->Finish().resume();
    return;
  }
  self->handle_.resume();
}

namespace {
absl::Span<std::byte> Mutable(absl::Span<const std::byte> data) {
  // Only ever handed to write()/send(), which do not modify it.
  return absl::MakeSpan(const_cast<std::byte*>(data.data()), data.size());
}
}  // namespace

IoService::Operation IoService::Read(int fd, absl::Span<std::byte> buffer, int64_t offset) {
  Operation operation(this, Operation::Kind::kRead, fd);
  operation.buffer_ = buffer;
  operation.offset_ = offset;
  return operation;
}

IoService::Operation IoService::Write(int fd, absl::Span<const std::byte> buffer, int64_t offset) {
  Operation operation(this, Operation::Kind::kWrite, fd);
  operation.buffer_ = Mutable(buffer);
  operation.offset_ = offset;
  return operation;
}

IoService::Operation IoService::Receive(int socket, absl::Span<std::byte> buffer) {
  Operation operation(this, Operation::Kind::kReceive, socket);
  operation.buffer_ = buffer;
  return operation;
}

IoService::Operation IoService::Send(int socket, absl::Span<const std::byte> buffer) {
  Operation operation(this, Operation::Kind::kSend, socket);
  operation.buffer_ = Mutable(buffer);
  return operation;
}

IoService::Operation IoService::Accept(int listen_socket) {
  return Operation(this, Operation::Kind::kAccept, listen_socket);
}

IoService::Operation IoService::Connect(int socket, const sockaddr* address, socklen_t length) {
  Operation operation(this, Operation::Kind::kConnect, socket);
  operation.address_ = address;
  operation.address_length_ = length;
  return operation;
}

Task<void> IoService::SendAll(int socket, absl::Span<const std::byte> data) {
  while (!data.empty()) {
    int sent = co_await Send(socket, data);
    data.remove_prefix(static_cast<size_t>(sent));
  }
}

}  // namespace frosty
