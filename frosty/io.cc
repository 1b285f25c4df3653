#include "frosty/io.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace frosty {

absl::StatusOr<std::unique_ptr<IoService>> IoService::Create(prospero::Executor& executor,
                                                             const ReactorOptions& options) {
  absl::StatusOr<std::unique_ptr<Reactor>> reactor = Reactor::Create(options);
  if (!reactor.ok()) return reactor.status();
  return std::unique_ptr<IoService>(new IoService(executor, *std::move(reactor)));
}

IoService::IoService(prospero::Executor& executor, std::unique_ptr<Reactor> reactor)
    : executor_(executor), reactor_(std::move(reactor)) {
  thread_ = std::thread([this] { Loop(); });
}

IoService::~IoService() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  reactor_->Wake();
  thread_.join();
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
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      batch.swap(incoming_);
    }
    for (Operation* operation : batch) StartOnReactor(operation);
    batch.clear();
    reactor_->Poll(absl::InfiniteDuration());  // Enqueue and the destructor Wake() it
  }
}

void IoService::StartOnReactor(Operation* operation) {
  IoOp& op = operation->op_;
  op.context = operation;
  op.on_complete = [](IoOp* done) {
    auto* operation = static_cast<Operation*>(done->context);
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
}

void IoService::Operation::Resume(prospero::WorkItem* item, prospero::RunReason reason) {
  auto* self =
      reinterpret_cast<Operation*>(reinterpret_cast<char*>(item) - offsetof(Operation, resume_));
  if (reason == prospero::RunReason::kCancelled) {
    self->promise_->Fail(absl::CancelledError("the executor shut down"));
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
