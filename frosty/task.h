// frosty::Task<T>: cold C++20 coroutines with absl::Status as the one error model.
//
//   frosty::Task<int> Answer() { co_return 42; }
//   frosty::Task<int> Plus(int n) {
//     int a = co_await Answer();   // on failure, Plus fails with Answer's status: no resume
//     co_return a + n;
//   }
//   absl::StatusOr<int> r = frosty::RunSynchronously(executor, Plus(1));
//
// Semantics:
// - Cold: a Task does nothing until awaited (or run by RunSynchronously/Start/WhenAll); it runs
//   once. Awaiting a Task that already ran fails the awaiter with FailedPrecondition (IcedTasks'
//   re-runnable ColdTask is `unit -> Task`; here, call the coroutine function again).
// - Errors: `co_return status;` or `co_await frosty::Fail(status)` fails a task. A plain
//   `co_await task` yields the value, and a failure propagates to the awaiter like an exception
//   would, without exceptions: the awaiter is not resumed, its frame is destroyed by its owner
//   (running destructors of its locals: RAII cleanup happens once). `co_await frosty::Try(task)`
//   yields the absl::StatusOr<T> instead. Errors are never dropped: Start reports them.
// - Cancellation: each task carries the CancellationToken of whoever started it. A task
//   awaited after cancellation fails with kCancelled without running; `Sleep` and `Yield` end
//   with kCancelled when the token was cancelled while they waited.
// - Frames come from frosty/frame_allocator.h (a region or a per-thread pool), so awaiting
//   makes no global-heap allocation once warm.
#ifndef FIDELITY_FROSTY_TASK_H_
#define FIDELITY_FROSTY_TASK_H_

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "frosty/cancellation.h"
#include "frosty/frame_allocator.h"
#include "prospero/executor.h"

namespace frosty {

template <typename T = void>
class Task;

namespace internal {

class PromiseBase {
 public:
  static void* operator new(size_t size) { return AllocateFrame(size); }
  static void operator delete(void* frame, size_t size) noexcept { FreeFrame(frame, size); }

  std::suspend_always initial_suspend() const noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      return self.promise().Finish();
    }
    void await_resume() const noexcept {}
  };
  FinalAwaiter final_suspend() const noexcept { return {}; }
  // Fidelity code reports errors as Status; an exception escaping a task is a bug.
  void unhandled_exception() const noexcept { std::terminate(); }

  // Completes this task and returns what runs next: its awaiter; or, when it failed and its
  // awaiter propagates errors, the awaiter fails too and completion moves up the chain.
  std::coroutine_handle<> Finish() noexcept {
    PromiseBase* promise = this;
    while (!promise->status_.ok() && promise->propagate_to_ != nullptr) {
      promise->finished_ = true;
      promise->propagate_to_->status_ = promise->status_;
      promise = promise->propagate_to_;
    }
    promise->finished_ = true;
    std::coroutine_handle<> next = promise->continuation_;
    if (promise->observer_ != nullptr) promise->observer_(promise->observer_context_);
    return next ? next : std::noop_coroutine();  // `promise` may be destroyed by now
  }

  // Starts the task: awaited by `awaiter` (propagating errors to it if `propagate`).
  std::coroutine_handle<> StartAwaitedBy(std::coroutine_handle<> awaiter_handle,
                                         PromiseBase& awaiter, bool propagate) noexcept {
    if (started_) {
      awaiter.status_ = absl::FailedPreconditionError(
          "a frosty::Task runs once; call its coroutine again to run it again");
      return awaiter.Finish();
    }
    continuation_ = awaiter_handle;
    if (propagate) propagate_to_ = &awaiter;
    token_ = awaiter.token_;
    return Start();
  }

  // Starts the task for a non-coroutine observer, which is called once it finishes.
  std::coroutine_handle<> StartObserved(void (*observer)(void*), void* context,
                                        CancellationToken token) noexcept {
    observer_ = observer;
    observer_context_ = context;
    token_ = std::move(token);
    return Start();
  }

  bool finished() const { return finished_; }
  const absl::Status& status() const { return status_; }
  const CancellationToken& token() const { return token_; }
  void Fail(absl::Status status) { status_ = std::move(status); }

 protected:
  std::coroutine_handle<> self_;

 private:
  std::coroutine_handle<> Start() noexcept {
    started_ = true;
    if (token_.cancelled()) {
      status_ = absl::CancelledError("cancelled before it started");
      return Finish();
    }
    return self_;
  }

  std::coroutine_handle<> continuation_;
  PromiseBase* propagate_to_ = nullptr;
  void (*observer_)(void*) = nullptr;
  void* observer_context_ = nullptr;
  CancellationToken token_;
  absl::Status status_;
  bool started_ = false;
  bool finished_ = false;
};

template <typename Promise>
PromiseBase& Base(std::coroutine_handle<Promise> handle) {
  static_assert(std::is_base_of_v<PromiseBase, Promise>,
                "frosty awaitables are awaited from frosty::Task coroutines");
  return handle.promise();
}

struct TokenAwaiter {
  CancellationToken token;
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  bool await_suspend(std::coroutine_handle<Promise> self) noexcept;
  CancellationToken await_resume() { return std::move(token); }
};

// `co_await CurrentToken()`: the running task's cancellation token, without suspending.
inline TokenAwaiter CurrentToken() { return TokenAwaiter{}; }

template <typename Promise>
bool TokenAwaiter::await_suspend(std::coroutine_handle<Promise> self) noexcept {
  token = Base(self).token();
  return false;  // resume at once
}

template <typename T>
struct ValuePromise : PromiseBase {
  std::optional<T> value;
  void return_value(T v) { value.emplace(std::move(v)); }
  void return_value(absl::Status status) {
    Fail(status.ok() ? absl::InternalError("co_return of an OK status from a Task with a value")
                     : std::move(status));
  }
  void return_value(absl::StatusOr<T> result) {
    if (result.ok()) {
      value.emplace(*std::move(result));
    } else {
      Fail(std::move(result).status());
    }
  }
};

struct VoidPromise : PromiseBase {
  void return_void() {}
};

}  // namespace internal

template <typename T>
class [[nodiscard]] Task {
 public:
  struct promise_type
      : std::conditional_t<std::is_void_v<T>, internal::VoidPromise, internal::ValuePromise<T>> {
    Task get_return_object() {
      auto handle = std::coroutine_handle<promise_type>::from_promise(*this);
      this->self_ = handle;
      return Task(handle);
    }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      Reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  ~Task() { Reset(); }

  // Awaits with error propagation: yields the value.
  auto operator co_await() && noexcept { return Awaiter<true>{handle_}; }

  // For drivers: the task's outcome once finished.
  bool finished() const { return handle_ && handle_.promise().finished(); }
  absl::StatusOr<T> TakeResult()
    requires(!std::is_void_v<T>)
  {
    auto& promise = handle_.promise();
    if (!promise.status().ok()) return promise.status();
    return std::move(*promise.value);
  }
  absl::Status TakeStatus() const { return handle_.promise().status(); }

  Handle handle() const { return handle_; }
  // Gives up ownership of the frame (Start: the frame destroys itself when it finishes).
  Handle release() { return std::exchange(handle_, {}); }

  template <bool kPropagate>
  struct Awaiter {
    Handle handle;
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> awaiter) noexcept {
      return handle.promise().StartAwaitedBy(awaiter, internal::Base(awaiter), kPropagate);
    }
    auto await_resume() {
      auto& promise = handle.promise();
      if constexpr (kPropagate) {
        if constexpr (!std::is_void_v<T>) return std::move(*promise.value);
      } else if constexpr (std::is_void_v<T>) {
        return promise.status();
      } else {
        return promise.status().ok() ? absl::StatusOr<T>(std::move(*promise.value))
                                     : absl::StatusOr<T>(promise.status());
      }
    }
  };

 private:
  explicit Task(Handle handle) : handle_(handle) {}
  void Reset() {
    if (handle_) handle_.destroy();
    handle_ = {};
  }
  Handle handle_;
};

namespace internal {
template <typename T>
struct TryAwaiter {
  Task<T> task;
  typename Task<T>::template Awaiter<false> inner{task.handle()};
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> awaiter) noexcept {
    return inner.await_suspend(awaiter);
  }
  auto await_resume() { return inner.await_resume(); }
};

struct FailAwaiter {
  absl::Status status;
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
    PromiseBase& promise = Base(self);
    promise.Fail(status.ok() ? absl::InternalError("frosty::Fail with an OK status")
                             : std::move(status));
    return promise.Finish();
  }
  void await_resume() const noexcept {}
};

struct CancellationPointAwaiter {
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
    PromiseBase& promise = Base(self);
    if (!promise.token().cancelled()) return self;
    promise.Fail(absl::CancelledError("cancelled"));
    return promise.Finish();
  }
  void await_resume() const noexcept {}
};
}  // namespace internal

// `co_await Try(task)`: the task's absl::StatusOr<T> (absl::Status for Task<void>), without
// propagating its failure.
template <typename T>
internal::TryAwaiter<T> Try(Task<T>&& task) {
  return internal::TryAwaiter<T>{std::move(task)};
}

// `co_await Fail(status)`: ends the current task with `status` (must not be OK).
inline internal::FailAwaiter Fail(absl::Status status) {
  return internal::FailAwaiter{std::move(status)};
}

// `co_await CancellationPoint()`: fails the task with kCancelled if its token was cancelled.
inline internal::CancellationPointAwaiter CancellationPoint() { return {}; }

namespace internal {

// Resumes a suspended task from a Prospero work item, failing it with kCancelled when the
// executor cancelled the item or the task's token was cancelled meanwhile.
struct ResumeOnExecutor {
  prospero::WorkItem work{&ResumeOnExecutor::Run};
  std::coroutine_handle<> handle;
  PromiseBase* promise = nullptr;

  static void Run(prospero::WorkItem* item, prospero::RunReason reason) {
    auto* self = reinterpret_cast<ResumeOnExecutor*>(item);
    if (reason == prospero::RunReason::kCancelled || self->promise->token().cancelled()) {
      self->promise->Fail(absl::CancelledError(
          reason == prospero::RunReason::kCancelled ? "the executor shut down" : "cancelled"));
      self->promise->Finish().resume();
      return;
    }
    self->handle.resume();
  }
};

}  // namespace internal

namespace internal {

// A sleep's record, shared by its timer and its cancellation callback: whichever claims it
// first resumes the task, always through the executor (never on the cancelling thread), and
// it is freed when both are done with it. It lives apart from the task's frame because a
// cancelled sleeper's frame may be gone long before its timer comes due.
struct SleepState {
  prospero::WorkItem timer_work{&SleepState::OnTimer};
  prospero::WorkItem cancel_work{&SleepState::OnCancel};
  prospero::Executor* executor = nullptr;
  std::coroutine_handle<> handle;
  PromiseBase* promise = nullptr;
  std::atomic<bool> claimed{false};
  std::atomic<int> references{2};  // the timer's and the cancellation callback's
  CancellationToken::Registration registration;

  static void* operator new(size_t size) { return AllocateFrame(size); }
  static void operator delete(void* state, size_t size) noexcept { FreeFrame(state, size); }

  bool Claim() { return !claimed.exchange(true, std::memory_order_acq_rel); }
  void Release() {
    if (references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  static void OnTimer(prospero::WorkItem* item, prospero::RunReason reason) {
    auto* self = reinterpret_cast<SleepState*>(reinterpret_cast<char*>(item) -
                                               offsetof(SleepState, timer_work));
    if (!self->Claim()) {
      self->Release();  // cancellation won; it resumes the task
      return;
    }
    // The callback can no longer win; if it never ran it never will, so drop its reference.
    if (self->registration.Unregister()) self->Release();
    std::coroutine_handle<> handle = self->handle;
    PromiseBase* promise = self->promise;
    self->Release();
    if (reason == prospero::RunReason::kCancelled) {
      promise->Fail(absl::CancelledError("the executor shut down"));
      promise->Finish().resume();
    } else {
      handle.resume();
    }
  }

  static void OnCancel(prospero::WorkItem* item, prospero::RunReason) {
    auto* self = reinterpret_cast<SleepState*>(reinterpret_cast<char*>(item) -
                                               offsetof(SleepState, cancel_work));
    PromiseBase* promise = self->promise;
    self->Release();
    promise->Fail(absl::CancelledError("cancelled"));
    promise->Finish().resume();
  }
};

struct SleepAwaiter {
  prospero::Executor& executor;
  absl::Duration delay;
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
    PromiseBase& promise = Base(self);
    if (promise.token().cancelled()) {
      promise.Fail(absl::CancelledError("cancelled"));
      return promise.Finish();
    }
    // From here the task may be resumed, and this awaiter (inside its frame) destroyed, on
    // another thread at any moment: only locals and `state` are touched.
    prospero::Executor& on = executor;
    const absl::Duration after = delay;
    auto* state = new SleepState;
    state->executor = &on;
    state->handle = self;
    state->promise = &promise;
    // A token no source can cancel never calls back: the timer holds the only reference.
    if (!promise.token().can_be_cancelled()) {
      state->references.store(1, std::memory_order_relaxed);
      on.SubmitAfter(after, &state->timer_work);
      return std::noop_coroutine();
    }
    // Registered before the timer is queued, so a timer that fires at once finds it.
    state->registration = promise.token().OnCancel([state] {
      if (state->Claim()) {
        state->executor->Submit(&state->cancel_work);
      } else {
        state->Release();
      }
    });
    on.SubmitAfter(after, &state->timer_work);
    return std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

struct YieldAwaiter {
  prospero::Executor& executor;
  int priority;
  ResumeOnExecutor resume;
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  void await_suspend(std::coroutine_handle<Promise> self) noexcept {
    resume.handle = self;
    resume.promise = &Base(self);
    executor.Submit(&resume.work, priority);
  }
  void await_resume() const noexcept {}
};
}  // namespace internal

// `co_await Sleep(executor, d)`: resumes on `executor` once `d` has passed on its clock, or
// at once (through the executor) with kCancelled when the task's token is cancelled.
inline internal::SleepAwaiter Sleep(prospero::Executor& executor, absl::Duration delay) {
  return internal::SleepAwaiter{executor, delay};
}

// `co_await Yield(executor)`: lets other work run; resumes on `executor` (also the way to move
// a task onto an executor).
inline internal::YieldAwaiter Yield(prospero::Executor& executor, int priority = 0) {
  return internal::YieldAwaiter{executor, priority, {}};
}

// Runs `task` on `executor` and blocks the calling thread until it finishes. On a
// single-thread executor the calling thread does the work.
template <typename T>
auto RunSynchronously(prospero::Executor& executor, Task<T> task, CancellationToken token = {}) {
  struct Start {
    prospero::WorkItem work{&Start::Run};
    std::coroutine_handle<> first;
    static void Run(prospero::WorkItem* item, prospero::RunReason) {
      reinterpret_cast<Start*>(item)->first.resume();
    }
  };
  std::atomic<bool> done{false};
  Start start;
  start.first = task.handle().promise().StartObserved(
      [](void* flag) {
        auto* done = static_cast<std::atomic<bool>*>(flag);
        done->store(true, std::memory_order_release);
        done->notify_all();
      },
      &done, std::move(token));
  // A task cancelled before it started has finished already: there is nothing to schedule.
  if (!task.finished()) executor.Submit(&start.work);
  // Waits for this task only: unrelated work (a cancelled sleeper's far-off timer) may remain.
  executor.RunUntil(done);
  if constexpr (std::is_void_v<T>) {
    return task.TakeStatus();
  } else {
    return task.TakeResult();
  }
}

// Fire and forget: runs `task` on `executor`; its frame frees itself when it finishes. A
// failure goes to `on_error` (by default printed to stderr): never dropped.
inline void Start(prospero::Executor& executor, Task<void> task,
                  void (*on_error)(const absl::Status&) = nullptr, CancellationToken token = {}) {
  struct Detached {
    prospero::WorkItem work{&Detached::Run};
    std::coroutine_handle<Task<void>::promise_type> handle;
    void (*on_error)(const absl::Status&);
    static void Run(prospero::WorkItem* item, prospero::RunReason reason) {
      auto* self = reinterpret_cast<Detached*>(item);
      if (reason == prospero::RunReason::kCancelled) {
        self->Report(absl::CancelledError("the executor shut down before the task started"));
        self->handle.destroy();
        delete self;
        return;
      }
      self->handle.resume();
    }
    static void Finished(void* context) {
      auto* self = static_cast<Detached*>(context);
      if (!self->handle.promise().status().ok()) self->Report(self->handle.promise().status());
      self->handle.destroy();
      delete self;
    }
    void Report(const absl::Status& status) const {
      if (on_error != nullptr) {
        on_error(status);
      } else {
        std::fprintf(stderr, "frosty::Start: task failed: %s\n", status.ToString().c_str());
      }
    }
  };
  auto* detached = new Detached{{&Detached::Run}, task.release(), on_error};
  std::coroutine_handle<> first =
      detached->handle.promise().StartObserved(&Detached::Finished, detached, std::move(token));
  if (first == detached->handle) {
    executor.Submit(&detached->work);
  } else {
    first.resume();  // finished at once (cancelled before starting): reports and frees itself
  }
}

// Runs every task concurrently on `executor` and yields their values in order. If any fails,
// WhenAll fails with the failure of the lowest-indexed failed task, after all have finished.
template <typename T>
Task<std::vector<T>> WhenAll(prospero::Executor& executor, std::vector<Task<T>> tasks) {
  struct Child {
    prospero::WorkItem work{&Child::Run};
    std::coroutine_handle<> first;
    struct Join* join;
    static void Run(prospero::WorkItem* item, prospero::RunReason) {
      reinterpret_cast<Child*>(item)->first.resume();
    }
  };
  // The parent is resumed through the executor, never from inside the last child's final
  // suspension (the parent would then destroy that child's frame beneath it).
  struct Join {
    std::atomic<size_t> remaining;
    std::coroutine_handle<> parent;
    prospero::Executor* executor;
    prospero::WorkItem resume{[](prospero::WorkItem* item, prospero::RunReason) {
      auto* join = reinterpret_cast<Join*>(reinterpret_cast<char*>(item) - offsetof(Join, resume));
      join->parent.resume();
    }};
    void Arrive() {
      if (remaining.fetch_sub(1) == 1) executor->Submit(&resume);
    }
  };
  // Counts the parent's own "arrival" as one more, so a child finishing before the parent
  // suspends cannot resume it early.
  struct Arrival {
    Join& join;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> handle) noexcept {
      join.parent = handle;
      return join.remaining.fetch_sub(1) != 1;  // the last arrival continues without suspending
    }
    void await_resume() const noexcept {}
  };
  Join join{{tasks.size() + 1}, {}, &executor};
  std::vector<Child> children(tasks.size());
  CancellationToken token = co_await internal::CurrentToken();
  for (size_t i = 0; i < tasks.size(); ++i) {
    children[i].join = &join;
    children[i].first = tasks[i].handle().promise().StartObserved(
        [](void* context) { static_cast<Join*>(context)->Arrive(); }, &join, token);
    if (!tasks[i].finished()) executor.Submit(&children[i].work);  // else it already arrived
  }
  co_await Arrival{join};
  std::vector<T> values;
  values.reserve(tasks.size());
  for (Task<T>& task : tasks) {
    absl::StatusOr<T> result = task.TakeResult();
    if (!result.ok()) co_return result.status();
    values.push_back(*std::move(result));
  }
  co_return values;
}

// frosty::HotTask<T>: a task that starts at once (submitted to its executor when made); its
// result is kept and every `co_await` of it, before or after it finished, yields a copy of the
// value or fails the awaiter with its failure. Copies of a HotTask share one run.
template <typename T>
class HotTask {
 public:
  static HotTask Start(prospero::Executor& executor, Task<T> task, CancellationToken token = {}) {
    auto state = std::make_shared<State>(std::move(task), executor);
    state->keep_alive = state;  // until the task finishes, whoever holds the HotTask
    std::coroutine_handle<> first = state->task.handle().promise().StartObserved(
        &State::Finished, state.get(), std::move(token));
    if (state->task.finished()) {
      first.resume();  // cancelled before it started: already finished (no-op handle)
    } else {
      executor.Submit(&state->start);
    }
    return HotTask(std::move(state));
  }

  bool finished() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->done;
  }

  struct Awaiter {
    std::shared_ptr<typename HotTask::State> state;
    internal::PromiseBase* promise = nullptr;
    std::coroutine_handle<> handle;
    Awaiter* next = nullptr;
    prospero::WorkItem resume{[](prospero::WorkItem* item, prospero::RunReason) {
      auto* self =
          reinterpret_cast<Awaiter*>(reinterpret_cast<char*>(item) - offsetof(Awaiter, resume));
      self->Continue().resume();
    }};

    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      promise = &internal::Base(self);
      handle = self;
      {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (!state->done) {  // wait; Finished resumes us through the executor
          next = state->waiters;
          state->waiters = this;
          return std::noop_coroutine();
        }
      }
      return Continue();
    }
    // Resumes the awaiter with the value, or fails it with the task's failure.
    std::coroutine_handle<> Continue() {
      if (state->result.ok()) return handle;
      promise->Fail(state->result.status());
      return promise->Finish();
    }
    T await_resume() const { return *state->result; }
  };
  Awaiter operator co_await() const {
    Awaiter awaiter;
    awaiter.state = state_;
    return awaiter;
  }

 private:
  struct State {
    State(Task<T> t, prospero::Executor& e) : task(std::move(t)), executor(&e) {}
    Task<T> task;
    prospero::Executor* executor;
    prospero::WorkItem start{[](prospero::WorkItem* item, prospero::RunReason) {
      reinterpret_cast<State*>(reinterpret_cast<char*>(item) - offsetof(State, start))
          ->task.handle()
          .resume();
    }};
    std::mutex mutex;
    bool done = false;
    absl::StatusOr<T> result = absl::UnknownError("not finished");
    Awaiter* waiters = nullptr;
    std::shared_ptr<State> keep_alive;

    static void Finished(void* context) {
      auto* self = static_cast<State*>(context);
      Awaiter* waiting;
      {
        std::lock_guard<std::mutex> lock(self->mutex);
        self->result = self->task.TakeResult();
        self->done = true;
        waiting = std::exchange(self->waiters, nullptr);
      }
      while (waiting != nullptr) {
        Awaiter* next = waiting->next;  // read first: the awaiter may be gone once resumed
        self->executor->Submit(&waiting->resume);
        waiting = next;
      }
      // Last: the frame is not touched after this (see PromiseBase::Finish).
      std::shared_ptr<State> release = std::move(self->keep_alive);
    }
  };

  explicit HotTask(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

// `HotTask<T> child = co_await StartChild(executor, task);` starts `task` now, under the
// current task's cancellation token (cancelling the parent cancels the child), to be awaited
// later: F#'s Async.StartChild.
template <typename T>
Task<HotTask<T>> StartChild(prospero::Executor& executor, Task<T> task) {
  CancellationToken token = co_await internal::CurrentToken();
  co_return HotTask<T>::Start(executor, std::move(task), std::move(token));
}

template <typename T>
struct AnyResult {
  size_t index;  // which task finished first
  T value;
};

// Runs every task concurrently on `executor`; the first to finish wins and the others are
// cancelled (their tokens are children of this task's). WhenAny returns once all have
// finished, with the winner's value, or fails with the winner's failure. F#'s Async.Choice.
template <typename T>
Task<AnyResult<T>> WhenAny(prospero::Executor& executor, std::vector<Task<T>> tasks) {
  if (tasks.empty()) co_return absl::InvalidArgumentError("WhenAny of no tasks");
  struct Race {
    std::atomic<size_t> remaining;
    std::atomic<size_t> winner{static_cast<size_t>(-1)};
    CancellationSource* losers;
    std::coroutine_handle<> parent;
    prospero::Executor* executor;
    prospero::WorkItem resume{[](prospero::WorkItem* item, prospero::RunReason) {
      reinterpret_cast<Race*>(reinterpret_cast<char*>(item) - offsetof(Race, resume))
          ->parent.resume();
    }};
    void Arrive() {
      if (remaining.fetch_sub(1) == 1) executor->Submit(&resume);
    }
  };
  struct Entrant {
    prospero::WorkItem work{[](prospero::WorkItem* item, prospero::RunReason) {
      reinterpret_cast<Entrant*>(item)->first.resume();
    }};
    std::coroutine_handle<> first;
    Race* race;
    size_t index;
  };
  struct Arrival {
    Race& race;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> handle) noexcept {
      race.parent = handle;
      return race.remaining.fetch_sub(1) != 1;
    }
    void await_resume() const noexcept {}
  };
  CancellationSource losers(co_await internal::CurrentToken());
  Race race{{tasks.size() + 1}, {static_cast<size_t>(-1)}, &losers, {}, &executor};
  std::vector<Entrant> entrants(tasks.size());
  for (size_t i = 0; i < tasks.size(); ++i) {
    entrants[i].race = &race;
    entrants[i].index = i;
    entrants[i].first = tasks[i].handle().promise().StartObserved(
        [](void* context) {
          auto* entrant = static_cast<Entrant*>(context);
          Race* race = entrant->race;
          size_t none = static_cast<size_t>(-1);
          if (race->winner.compare_exchange_strong(none, entrant->index)) race->losers->Cancel();
          race->Arrive();
        },
        &entrants[i], losers.token());
    if (!tasks[i].finished()) executor.Submit(&entrants[i].work);
  }
  co_await Arrival{race};
  const size_t winner = race.winner.load();
  absl::StatusOr<T> result = tasks[winner].TakeResult();
  if (!result.ok()) co_return result.status();
  co_return AnyResult<T>{winner, *std::move(result)};
}

namespace internal {
template <typename T>
Task<T> DeadlineAfter(prospero::Executor& executor, absl::Duration limit) {
  co_await Sleep(executor, limit);
  co_return absl::DeadlineExceededError(
      absl::StrCat("timed out after ", absl::FormatDuration(limit)));
}
}  // namespace internal

// `task`'s value if it finishes within `limit`, else DeadlineExceeded (and `task` is cancelled).
template <typename T>
Task<T> Timeout(prospero::Executor& executor, Task<T> task, absl::Duration limit) {
  std::vector<Task<T>> racers;
  racers.push_back(std::move(task));
  racers.push_back(internal::DeadlineAfter<T>(executor, limit));
  AnyResult<T> first = co_await WhenAny(executor, std::move(racers));
  co_return std::move(first.value);
}

}  // namespace frosty

#endif  // FIDELITY_FROSTY_TASK_H_
