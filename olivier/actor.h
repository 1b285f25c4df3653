// The typed face of olivier: ActorRef<Msg>, Actor<Msg> behaviours, spawning, ask.
//
//   struct Increment {};
//   struct GetCount { olivier::ReplyTo<int> reply; };
//   using CounterMsg = std::variant<Increment, GetCount>;
//
//   class Counter : public olivier::Actor<CounterMsg> {
//    public:
//     absl::Status Receive(CounterMsg& msg) override {
//       if (std::holds_alternative<Increment>(msg)) ++count_;
//       else std::get<GetCount>(msg).reply.Reply(count_);
//       return absl::OkStatus();                  // an error here is a failure: supervised
//     }
//    private:
//     int count_ = 0;
//   };
//
//   auto counter = olivier::Spawn<Counter>(*system, "counter");
//   counter << Increment{};
//   frosty::Task<int> n = olivier::Ask<int>(counter, [](auto reply) { return CounterMsg{GetCount{reply}}; },
//                                           absl::Seconds(1));
//
// `actor <! msg` is F#'s; C++ has no `<!` operator, so the C++ spelling is `actor << msg`.
#ifndef FIDELITY_OLIVIER_ACTOR_H_
#define FIDELITY_OLIVIER_ACTOR_H_

#include <coroutine>
#include <functional>
#include <memory>
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "frosty/frame_allocator.h"
#include "frosty/task.h"
#include "olivier/actor_system.h"

namespace olivier {

namespace internal {
template <typename Msg>
void* TypedEnvelope<Msg>::operator new(size_t size) {
  return frosty::internal::AllocateFrame(size);
}
template <typename Msg>
void TypedEnvelope<Msg>::operator delete(void* p, size_t size) noexcept {
  frosty::internal::FreeFrame(p, size);
}
}  // namespace internal

// Any actor, whatever its message type: for links, monitors, children, introspection.
class AnyRef {
 public:
  AnyRef() = default;
  explicit AnyRef(internal::CellPtr cell) : cell_(std::move(cell)) {}
  bool valid() const { return cell_ != nullptr; }
  bool alive() const { return cell_ != nullptr && cell_->alive(); }
  uint64_t id() const { return cell_ ? cell_->id() : 0; }
  // Empty for an empty ref.
  std::string name() const { return cell_ ? cell_->name() : std::string(); }
  std::string path() const { return cell_ ? cell_->path() : std::string(); }
  int64_t mailbox_length() const { return cell_ ? cell_->mailbox_length() : 0; }
  int restarts() const { return cell_ ? cell_->restarts() : 0; }
  const internal::CellPtr& cell() const { return cell_; }
  friend bool operator==(const AnyRef& a, const AnyRef& b) { return a.cell_ == b.cell_; }

 protected:
  internal::CellPtr cell_;
};

// A typed address. Cheap to copy; stays valid across restarts; sending to a dead actor goes
// to dead letters.
template <typename Msg>
class ActorRef : public AnyRef {
 public:
  ActorRef() = default;
  explicit ActorRef(internal::CellPtr cell) : AnyRef(std::move(cell)) {}

  // False when the message went to dead letters (the actor is dead, or its bounded mailbox
  // refused it).
  bool Tell(Msg msg) const {
    if (cell_ == nullptr) return false;
    return cell_->Deliver(new internal::TypedEnvelope<Msg>(std::move(msg)));
  }
  friend const ActorRef& operator<<(const ActorRef& ref, Msg msg) {
    ref.Tell(std::move(msg));
    return ref;
  }

  // For a bounded mailbox with Overflow::kBlock: waits (suspending the task, not the thread)
  // until there is room, then sends. Fails with kUnavailable if the actor died meanwhile.
  frosty::Task<void> Send(Msg msg) const;
};

// A one-shot reply slot: what Ask hands to the message it builds, and what MailboxProcessor
// calls AsyncReplyChannel.
template <typename R>
class ReplyTo {
 public:
  ReplyTo() = default;
  // The first reply wins; later ones (and replies after a timeout) are ignored.
  void Reply(R value) const;
  bool valid() const { return state_ != nullptr; }

  struct State;
  explicit ReplyTo(std::shared_ptr<State> state) : state_(std::move(state)) {}
  const std::shared_ptr<State>& state() const { return state_; }

 private:
  std::shared_ptr<State> state_;
};

template <typename R>
struct ReplyTo<R>::State {
  std::mutex mutex;
  std::optional<R> value;
  bool done = false;       // replied or timed out
  bool timed_out = false;
  std::coroutine_handle<> waiter;
  prospero::Executor* executor = nullptr;
  // The work item that resumes the waiter; first member of a standard-layout struct.
  struct Resume {
    prospero::WorkItem work;
    State* state;
  } resume{{[](prospero::WorkItem* item, prospero::RunReason) {
             reinterpret_cast<Resume*>(item)->state->waiter.resume();
           }},
           this};

  // Completes the slot (once); resumes a waiting task through the executor.
  void Complete(std::optional<R> v, bool timeout) {
    std::unique_lock<std::mutex> lock(mutex);
    if (done) return;
    done = true;
    timed_out = timeout;
    if (v) value = std::move(v);
    if (waiter) {
      lock.unlock();
      executor->Submit(&resume.work);
    }
  }
};

template <typename R>
void ReplyTo<R>::Reply(R value) const {
  if (state_ != nullptr) state_->Complete(std::move(value), false);
}

namespace internal {

// Fires once after the ask's timeout unless the ask withdraws it first. Two owners: the
// executor (until it calls Fire, or until CancelTimer withdraws it) and the asking task.
template <typename R>
struct AskTimer {
  prospero::WorkItem work{&AskTimer::Fire};
  std::shared_ptr<typename ReplyTo<R>::State> state;
  std::atomic<int> owners{2};
  void Release() {
    if (owners.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
  static void Fire(prospero::WorkItem* item, prospero::RunReason) {
    auto* self = reinterpret_cast<AskTimer*>(item);
    self->state->Complete(std::nullopt, true);
    self->Release();
  }
};

// The asking task's hold on its timer: when the ask ends (or its task is destroyed), withdraw
// the timer if it is still pending, so nothing of the ask outlives it.
template <typename R>
class AskTimerHold {
 public:
  AskTimerHold(prospero::Executor& executor, AskTimer<R>* timer) : executor_(executor), timer_(timer) {}
  AskTimerHold(const AskTimerHold&) = delete;
  AskTimerHold& operator=(const AskTimerHold&) = delete;
  ~AskTimerHold() {
    if (timer_ == nullptr) return;
    if (executor_.CancelTimer(&timer_->work)) timer_->Release();  // the executor's share
    timer_->Release();
  }

 private:
  prospero::Executor& executor_;
  AskTimer<R>* timer_;
};

template <typename R>
struct ReplyAwaiter {
  std::shared_ptr<typename ReplyTo<R>::State> state;
  absl::Duration timeout;
  bool await_ready() {
    std::lock_guard<std::mutex> lock(state->mutex);
    return state->done;
  }
  bool await_suspend(std::coroutine_handle<> handle) {
    std::lock_guard<std::mutex> lock(state->mutex);
    if (state->done) return false;
    state->waiter = handle;
    return true;
  }
  absl::StatusOr<R> await_resume() {
    std::lock_guard<std::mutex> lock(state->mutex);
    if (state->timed_out || !state->value) {
      return absl::DeadlineExceededError(
          absl::StrCat("no reply within ", absl::FormatDuration(timeout)));
    }
    return std::move(*state->value);
  }
};

}  // namespace internal

// Sends the message `make(reply)` builds and waits for the reply, at most `timeout`.
// Fails with kDeadlineExceeded when none comes in time (the actor is slow, dead, or dropped
// the reply slot), with kUnavailable when the message could not be delivered.
template <typename R, typename Msg, typename Make>
frosty::Task<R> Ask(ActorRef<Msg> ref, Make make, absl::Duration timeout) {
  if (!ref.valid()) co_return absl::InvalidArgumentError("ask: an empty ActorRef");
  prospero::Executor& executor = ref.cell()->system()->executor();
  auto state = std::make_shared<typename ReplyTo<R>::State>();
  state->executor = &executor;
  Msg message = make(ReplyTo<R>(state));
  if (!ref.Tell(std::move(message))) {
    co_return absl::UnavailableError(absl::StrCat("ask: ", ref.path(), " did not accept the message"));
  }
  internal::AskTimer<R>* timer = nullptr;
  if (timeout != absl::InfiniteDuration()) {
    timer = new internal::AskTimer<R>{{&internal::AskTimer<R>::Fire}, state};
    executor.SubmitAfter(timeout, &timer->work);
  }
  internal::AskTimerHold<R> hold(executor, timer);
  // A named awaiter: GCC 12 destroys some temporaries in a co_await expression twice.
  internal::ReplyAwaiter<R> reply{state, timeout};
  absl::StatusOr<R> result = co_await reply;
  if (!result.ok()) co_return result.status();
  co_return *std::move(result);
}

template <typename Msg>
frosty::Task<void> ActorRef<Msg>::Send(Msg msg) const {
  if (cell_ == nullptr) co_await frosty::Fail(absl::InvalidArgumentError("send: an empty ActorRef"));
  auto* envelope = new internal::TypedEnvelope<Msg>(std::move(msg));
  for (;;) {
    switch (cell_->TryDeliver(envelope)) {
      case internal::ActorCell::Delivery::kAccepted:
        co_return;
      case internal::ActorCell::Delivery::kDead:
        cell_->system()->RecordDeadLetter(path());
        envelope->destroy(envelope);
        co_await frosty::Fail(absl::UnavailableError(absl::StrCat("send: ", path(), " is dead")));
        co_return;
      case internal::ActorCell::Delivery::kFull: {
        // Wait (the task, not the thread) until the actor frees a slot, then try again.
        auto state = std::make_shared<ReplyTo<bool>::State>();
        state->executor = &cell_->system()->executor();
        cell_->WaitForRoom([state] { state->Complete(true, false); });
        internal::ReplyAwaiter<bool> room{state, absl::InfiniteDuration()};
        (void)co_await room;
        break;
      }
    }
  }
}

// The base of handler-object behaviours. Receive runs one message at a time; the context
// calls (Self, Spawn, Stop, Become, Link, Monitor, ...) may be used from Receive and the hooks.
template <typename Msg>
class Actor : public internal::Behavior {
 public:
  using Message = Msg;

  // An error returned here is a failure: the supervisor decides what happens next.
  virtual absl::Status Receive(Msg& msg) = 0;

  absl::Status Handle(internal::Envelope* envelope) final {
    Msg& msg = static_cast<internal::TypedEnvelope<Msg>*>(envelope)->msg;
    if (become_) return become_(msg);
    return Receive(msg);
  }

 protected:
  ActorRef<Msg> Self() const { return ActorRef<Msg>(cell_->shared_from_this()); }
  AnyRef Parent() const { return AnyRef(cell_->parent()); }
  std::vector<AnyRef> Children() const {
    std::vector<AnyRef> out;
    for (internal::CellPtr& c : cell_->children()) out.emplace_back(std::move(c));
    return out;
  }
  ActorSystem& system() const { return *cell_->system(); }
  prospero::Executor& executor() const { return cell_->system()->executor(); }
  // This actor's region: freed when the actor dies (and renewed on restart).
  prospero::Region& region() const { return cell_->region(); }

  // Replaces Receive until Unbecome.
  void Become(std::function<absl::Status(Msg&)> behaviour) { become_ = std::move(behaviour); }
  void Unbecome() { become_ = nullptr; }
  // Stops this actor (children first) after the current message.
  void Stop() { cell_->StopSelf(); }
  void TrapExit(bool trap) { cell_->set_trap_exit(trap); }
  void Link(const AnyRef& other) { cell_->LinkTo(other.cell()); }
  void Unlink(const AnyRef& other) { cell_->UnlinkFrom(other.cell()); }
  uint64_t Monitor(const AnyRef& other) { return cell_->MonitorOther(other.cell()); }
  void Demonitor(const AnyRef& other, uint64_t monitor) { cell_->Demonitor(other.cell(), monitor); }

  // Spawns a child supervised by this actor (SpawnOptions::supervision of this actor).
  template <typename A, typename... Args>
  ActorRef<typename A::Message> Spawn(std::string name, Args... args) {
    return SpawnWith<A>(std::move(name), SpawnOptions{}, std::move(args)...);
  }
  template <typename A, typename... Args>
  ActorRef<typename A::Message> SpawnWith(std::string name, SpawnOptions options, Args... args) {
    return ActorRef<typename A::Message>(cell_->SpawnChild(
        std::move(name), std::type_index(typeid(typename A::Message)),
        [args...]() -> std::unique_ptr<internal::Behavior> { return std::make_unique<A>(args...); },
        std::move(options)));
  }

 private:
  std::function<absl::Status(Msg&)> become_;
};

// Spawns a top-level actor, supervised by the system's guardian.
template <typename A, typename... Args>
ActorRef<typename A::Message> SpawnWith(ActorSystem& system, std::string name, SpawnOptions options,
                                        Args... args) {
  return ActorRef<typename A::Message>(system.SpawnTopLevel(
      std::move(name), std::type_index(typeid(typename A::Message)),
      [args...]() -> std::unique_ptr<internal::Behavior> { return std::make_unique<A>(args...); },
      std::move(options)));
}
template <typename A, typename... Args>
ActorRef<typename A::Message> Spawn(ActorSystem& system, std::string name, Args... args) {
  return SpawnWith<A>(system, std::move(name), SpawnOptions{}, std::move(args)...);
}

// A behaviour from a function, as the seed's `Olivier.spawn system "counter" behavior`: the
// function gets the actor (for Self, Spawn, Stop, ...) and the message; state lives in the
// function object (copied afresh on restart).
template <typename Msg>
class FunctionActor final : public Actor<Msg> {
 public:
  using Function = std::function<absl::Status(FunctionActor&, Msg&)>;
  explicit FunctionActor(Function f) : f_(std::move(f)) {}
  absl::Status Receive(Msg& msg) override { return f_(*this, msg); }
  using Actor<Msg>::Self;
  using Actor<Msg>::Stop;
  using Actor<Msg>::Become;
  using Actor<Msg>::Unbecome;
  using Actor<Msg>::Spawn;
  using Actor<Msg>::Parent;

 private:
  Function f_;
};

template <typename Msg>
ActorRef<Msg> SpawnFunction(ActorSystem& system, std::string name,
                            typename FunctionActor<Msg>::Function f, SpawnOptions options = {}) {
  return SpawnWith<FunctionActor<Msg>>(system, std::move(name), std::move(options), std::move(f));
}

// The registry, typed: Whereis<Msg> yields an empty ref if the name is free or the actor there
// takes other messages.
template <typename Msg>
absl::Status Register(ActorSystem& system, const std::string& name, const ActorRef<Msg>& ref) {
  return system.Register(name, ref.cell());
}
template <typename Msg>
ActorRef<Msg> Whereis(const ActorSystem& system, const std::string& name) {
  internal::CellPtr cell = system.Whereis(name);
  if (cell == nullptr || cell->message_type() != std::type_index(typeid(Msg))) return ActorRef<Msg>();
  return ActorRef<Msg>(std::move(cell));
}

}  // namespace olivier

#endif  // FIDELITY_OLIVIER_ACTOR_H_
