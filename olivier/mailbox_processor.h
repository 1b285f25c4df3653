// MailboxProcessor<Msg>: F#'s agent, built on an olivier actor.
//
//   auto agent = olivier::MailboxProcessor<CounterMsg>::Start(*system,
//       [](olivier::Inbox<CounterMsg>& inbox) -> frosty::Task<void> {
//         int count = 0;
//         for (;;) {
//           CounterMsg msg = co_await inbox.Receive();
//           if (auto* get = std::get_if<GetCount>(&msg)) get->reply.Reply(count);
//           else ++count;
//         }
//       });
//   agent.Post(Increment{});
//   absl::StatusOr<int> n = agent.PostAndReply<int>([](olivier::AsyncReplyChannel<int> r) {
//     return CounterMsg{GetCount{r}};
//   });
//
// The body is a frosty task. Receive/TryReceive/Scan/TryScan suspend the task, not a thread;
// messages that Scan passes over stay queued in order. A failure escaping the body stops the
// agent and is reported to `on_error` (F#'s Error event). When the agent stops (Stop, or its
// system shuts down) a pending or later Receive fails the body with kCancelled, and the body's
// token is cancelled (so a Sleep in it ends).
#ifndef FIDELITY_OLIVIER_MAILBOX_PROCESSOR_H_
#define FIDELITY_OLIVIER_MAILBOX_PROCESSOR_H_

#include <coroutine>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "frosty/cancellation.h"
#include "frosty/task.h"
#include "olivier/actor.h"

namespace olivier {

template <typename R>
using AsyncReplyChannel = ReplyTo<R>;

template <typename Msg>
class Inbox;

namespace internal {

struct PromiseBaseRef {
  frosty::internal::PromiseBase* promise = nullptr;
};

template <typename Msg>
struct InboxTimer;

// What the agent's actor and its task share. The actor's turns push messages; the task takes
// them; a timer may end a wait. Everything here is under `mutex`.
template <typename Msg>
struct InboxState {
  std::mutex mutex;
  std::deque<Msg> queue;  // messages not yet taken (Scan leaves its misses here, in order)
  bool stopped = false;
  prospero::Executor* executor = nullptr;

  // The task's pending wait, if any.
  std::coroutine_handle<> waiter;
  PromiseBaseRef promise;
  std::function<bool(const Msg&)> accept;  // null: any message
  std::optional<Msg>* slot = nullptr;      // where a delivered message goes
  bool* timed_out = nullptr;
  uint64_t wait_id = 0;
  InboxTimer<Msg>* timer = nullptr;  // the pending wait's timeout, while it may still fire

  // The wait ended (a message came, or the agent stopped): withdraw its timeout. If the timer
  // already left the executor's queue it frees itself when it runs (it finds itself no longer
  // current); it cannot have run yet, since it would have cleared `timer` under the lock.
  void WithdrawTimerLocked() {
    InboxTimer<Msg>* pending = std::exchange(timer, nullptr);
    if (pending != nullptr && executor->CancelTimer(&pending->work)) delete pending;
  }

  // Takes the first acceptable queued message into *slot. Under the lock.
  bool TakeQueued(const std::function<bool(const Msg&)>& want, std::optional<Msg>* into) {
    for (auto it = queue.begin(); it != queue.end(); ++it) {
      if (!want || want(*it)) {
        into->emplace(std::move(*it));
        queue.erase(it);
        return true;
      }
    }
    return false;
  }
};

// A timed wait's timeout. Frees itself when it runs; freed by WithdrawTimerLocked otherwise.
template <typename Msg>
struct InboxTimer {
  prospero::WorkItem work;
  std::shared_ptr<InboxState<Msg>> state;
  uint64_t id;
  static void Fire(prospero::WorkItem* item, prospero::RunReason) {
    auto* self = reinterpret_cast<InboxTimer*>(item);
    std::coroutine_handle<> waiter;
    {
      std::lock_guard<std::mutex> lock(self->state->mutex);
      if (self->state->timer == self) self->state->timer = nullptr;
      if (self->state->waiter && self->state->wait_id == self->id) {
        *self->state->timed_out = true;
        waiter = std::exchange(self->state->waiter, nullptr);
      }
    }
    delete self;
    if (waiter) waiter.resume();
  }
};

}  // namespace internal

template <typename Msg>
class Inbox {
 public:
  explicit Inbox(std::shared_ptr<internal::InboxState<Msg>> state) : state_(std::move(state)) {}

  // An awaiter for one message (the first accepted one), optionally with a timeout. kTry:
  // yields std::optional<Msg> (nullopt on timeout); otherwise the message itself.
  template <bool kTry>
  class Wait {
   public:
    Wait(std::shared_ptr<internal::InboxState<Msg>> state, std::function<bool(const Msg&)> accept,
         std::optional<absl::Duration> timeout)
        : state_(std::move(state)), accept_(std::move(accept)), timeout_(timeout) {}

    bool await_ready() {
      std::lock_guard<std::mutex> lock(state_->mutex);
      return state_->stopped || state_->TakeQueued(accept_, &message_);
    }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) {
      frosty::internal::PromiseBase& promise = frosty::internal::Base(self);
      std::unique_lock<std::mutex> lock(state_->mutex);
      if (state_->stopped) {
        lock.unlock();
        promise.Fail(absl::CancelledError("the mailbox processor stopped"));
        return promise.Finish();
      }
      if (state_->TakeQueued(accept_, &message_)) return self;  // arrived meanwhile
      if (timeout_ && *timeout_ <= absl::ZeroDuration()) {
        timed_out_ = true;
        return self;
      }
      state_->waiter = self;
      state_->promise.promise = &promise;
      state_->accept = accept_;
      state_->slot = &message_;
      state_->timed_out = &timed_out_;
      const uint64_t id = ++state_->wait_id;
      if (timeout_ && *timeout_ != absl::InfiniteDuration()) {
        auto* timer = new internal::InboxTimer<Msg>{{&internal::InboxTimer<Msg>::Fire}, state_, id};
        state_->timer = timer;
        // Armed outside the lock (a stopped executor runs the item at once, and Fire locks).
        // From here this awaiter may already be resumed and gone: use locals only.
        prospero::Executor* executor = state_->executor;
        const absl::Duration timeout = *timeout_;
        lock.unlock();
        executor->SubmitAfter(timeout, &timer->work);
      }
      return std::noop_coroutine();
    }
    // Receive/Scan: the message (a stopped agent fails the task before this runs).
    // TryReceive/TryScan: nullopt on timeout.
    auto await_resume() {
      if constexpr (kTry) {
        if (timed_out_ || !message_) return std::optional<Msg>();
        return std::move(message_);
      } else {
        return std::move(*message_);
      }
    }

   private:
    std::shared_ptr<internal::InboxState<Msg>> state_;
    std::function<bool(const Msg&)> accept_;
    std::optional<absl::Duration> timeout_;
    std::optional<Msg> message_;
    bool timed_out_ = false;
  };

  // Waits for the next message.
  Wait<false> Receive() { return Wait<false>(state_, nullptr, std::nullopt); }
  // Waits at most `timeout`: nullopt if nothing came.
  Wait<true> TryReceive(absl::Duration timeout) { return Wait<true>(state_, nullptr, timeout); }
  // Waits for the first message `accept` takes; the others stay queued, in order.
  Wait<false> Scan(std::function<bool(const Msg&)> accept) {
    return Wait<false>(state_, std::move(accept), std::nullopt);
  }
  Wait<true> TryScan(std::function<bool(const Msg&)> accept, absl::Duration timeout) {
    return Wait<true>(state_, std::move(accept), timeout);
  }
  size_t CurrentQueueLength() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->queue.size();
  }

 private:
  std::shared_ptr<internal::InboxState<Msg>> state_;
};

namespace internal {

// The actor under a MailboxProcessor: hands messages to the body's task.
template <typename Msg>
class ProcessorActor final : public Actor<Msg> {
 public:
  using Body = std::function<frosty::Task<void>(Inbox<Msg>&)>;
  ProcessorActor(std::shared_ptr<InboxState<Msg>> state, Body body,
                 std::function<void(const absl::Status&)> on_error)
      : body_(std::move(body)), on_error_(std::move(on_error)), state_(std::move(state)) {}

  void PreStart() override {
    state_->executor = &this->executor();
    frosty::Start(this->executor(), Run(state_, body_, on_error_, this->Self()), nullptr, cancel_.token());
  }

  absl::Status Receive(Msg& msg) override {
    std::coroutine_handle<> waiter;
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      if (state_->waiter && (!state_->accept || state_->accept(msg))) {
        state_->slot->emplace(std::move(msg));
        waiter = std::exchange(state_->waiter, nullptr);
        state_->WithdrawTimerLocked();
      } else {
        state_->queue.push_back(std::move(msg));
      }
    }
    if (waiter) waiter.resume();  // the body runs on, inside this turn, until it waits again
    return absl::OkStatus();
  }

  void PostStop() override {
    cancel_.Cancel();
    PromiseBaseRef pending;
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      state_->stopped = true;
      state_->WithdrawTimerLocked();
      if (state_->waiter) {
        state_->waiter = nullptr;
        pending = state_->promise;
      }
    }
    if (pending.promise != nullptr) {
      pending.promise->Fail(absl::CancelledError("the mailbox processor stopped"));
      pending.promise->Finish().resume();
    }
  }

 private:
  static frosty::Task<void> Run(std::shared_ptr<InboxState<Msg>> state, Body body,
                                std::function<void(const absl::Status&)> on_error, ActorRef<Msg> self) {
    Inbox<Msg> inbox(state);
    frosty::Task<void> task = body(inbox);
    absl::Status status = co_await frosty::Try(std::move(task));
    bool stopped;
    {
      std::lock_guard<std::mutex> lock(state->mutex);
      stopped = state->stopped;
    }
    if (!status.ok() && !(stopped && status.code() == absl::StatusCode::kCancelled)) {
      if (on_error) on_error(status);
      // A failure escaping the body is the agent's failure: its supervisor decides.
      self.cell()->SendSystem(SysKind::kSelfFail, nullptr, status);
    } else if (!stopped) {
      self.cell()->StopSelf();  // the body returned: the agent is done
    }
  }

  Body body_;
  std::function<void(const absl::Status&)> on_error_;
  std::shared_ptr<InboxState<Msg>> state_;
  frosty::CancellationSource cancel_;
};

}  // namespace internal

template <typename Msg>
class MailboxProcessor {
 public:
  using Body = std::function<frosty::Task<void>(Inbox<Msg>&)>;

  // Starts the agent at once. By default a failure stops it (it is a temporary actor) and is
  // passed to `on_error`.
  static MailboxProcessor Start(ActorSystem& system, Body body, std::string name = "mailbox-processor",
                                std::function<void(const absl::Status&)> on_error = nullptr,
                                SpawnOptions options = Temporary()) {
    auto state = std::make_shared<internal::InboxState<Msg>>();
    return MailboxProcessor(state, SpawnWith<internal::ProcessorActor<Msg>>(system, std::move(name), std::move(options),
                                                                             state, std::move(body), std::move(on_error)));
  }

  void Post(Msg msg) const { ref_.Tell(std::move(msg)); }

  // Sends the message `build` makes around a reply channel and waits for the reply.
  template <typename R, typename Build>
  frosty::Task<R> PostAndAsyncReply(Build build, absl::Duration timeout = absl::InfiniteDuration()) const {
    return Ask<R>(ref_, std::move(build), timeout);
  }
  // The same, blocking the calling thread (not for use from inside the system's executor).
  template <typename R, typename Build>
  absl::StatusOr<R> PostAndReply(Build build, absl::Duration timeout = absl::InfiniteDuration()) const {
    return frosty::RunSynchronously(ref_.cell()->system()->executor(),
                                    PostAndAsyncReply<R>(std::move(build), timeout));
  }

  // Messages posted and not yet taken by the body.
  int64_t CurrentQueueLength() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return ref_.mailbox_length() + static_cast<int64_t>(state_->queue.size());
  }
  const ActorRef<Msg>& ref() const { return ref_; }
  // Stops the agent: a pending Receive fails the body with kCancelled.
  void Stop() const { ref_.cell()->StopSelf(); }

 private:
  MailboxProcessor(std::shared_ptr<internal::InboxState<Msg>> state, ActorRef<Msg> ref)
      : state_(std::move(state)), ref_(std::move(ref)) {}
  static SpawnOptions Temporary() {
    SpawnOptions options;
    options.restart = Restart::kTemporary;
    return options;
  }
  std::shared_ptr<internal::InboxState<Msg>> state_;
  ActorRef<Msg> ref_;
};

}  // namespace olivier

#endif  // FIDELITY_OLIVIER_MAILBOX_PROCESSOR_H_
