// prospero::Executor: where work runs. Three models behind one interface (see config.h):
//
//   WorkStealing   N worker threads, a Chase–Lev deque per worker and priority class, random
//                  victims; idle workers sleep on a futex, so an idle pool uses no CPU.
//   Cooperative    the calling thread runs each item to completion (embedded targets).
//   Deterministic  the calling thread picks among ready items with a seeded generator, on a
//                  virtual clock: the same seed replays the same interleaving and timer order.
//
// Priorities: classes are ordered, 0 highest. A worker's k-th pick goes to the class that owns
// slot k of a repeating schedule of 2^(C-1) slots (C classes): class 0 owns every other slot,
// class 1 every fourth, ..., and the last class one slot per cycle; an empty class gives its
// slot to the highest non-empty one. So while every class has work, class i gets at least
// 1/2^(i+1) of the picks (the last class 1/2^(C-1)): lower classes are never starved, and an
// item at the head of its class's queue runs within 2^(C-1) picks of the worker holding it.
//
//   struct Hello { prospero::WorkItem work; int n; };
//   Hello hello{{[](prospero::WorkItem* w, prospero::RunReason why) {
//     if (why == prospero::RunReason::kRun) printf("%d\n", reinterpret_cast<Hello*>(w)->n);
//   }}, 42};
//   auto executor = prospero::Executor::Create(prospero::PlatformConfig::Default()).value();
//   executor->Submit(&hello.work);
//   executor->RunUntilIdle();
#ifndef FIDELITY_PROSPERO_EXECUTOR_H_
#define FIDELITY_PROSPERO_EXECUTOR_H_

#include <atomic>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "prospero/config.h"
#include "prospero/work_item.h"

namespace prospero {

// Drain: run everything queued and everything it submits, then stop (timers not yet due are
// cancelled). Cancel: stop after the items running now; every queued item and pending timer
// is called with RunReason::kCancelled instead.
enum class ShutdownMode { kDrain, kCancel };

class Executor {
 public:
  // The executor of config.execution_model(); InvalidArgument when the config does not validate.
  static absl::StatusOr<std::unique_ptr<Executor>> Create(const PlatformConfig& config);

  // Shuts down with kDrain unless Shutdown already ran.
  virtual ~Executor() = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Queues `item` in priority class `priority` (0 = highest; out-of-range values are clamped to
  // the lowest class). Thread-safe. The item must stay alive until it has been called. After
  // Shutdown the item is called with kCancelled at once, on the calling thread.
  virtual void Submit(WorkItem* item, int priority = 0) = 0;
  // Queues `item` once `delay` has passed on this executor's clock.
  virtual void SubmitAfter(absl::Duration delay, WorkItem* item, int priority = 0) = 0;
  // Withdraws a SubmitAfter whose delay has not yet passed: true when it was still pending (the
  // item will not be called at all, so its owner frees it), false when it is already queued,
  // running or done. Thread-safe; `item` must be alive. What ask-with-timeout uses, so a
  // finished ask leaves nothing behind and RunUntilIdle need not wait for its deadline.
  virtual bool CancelTimer(WorkItem* item) = 0;

  // Returns once no item is queued, running or waiting on a timer. Single-thread executors do
  // the work here, on the calling thread; WorkStealing's workers do it while this waits.
  virtual void RunUntilIdle() = 0;
  // Returns once `done` is true, or once nothing is left to run. Single-thread executors do
  // work on the calling thread meanwhile (and check `done` between items); WorkStealing waits
  // on the flag, so whoever sets it must call done.notify_all().
  virtual void RunUntil(const std::atomic<bool>& done) = 0;
  // Stops the executor as `mode` says; returns when it has stopped. Later calls do nothing.
  virtual void Shutdown(ShutdownMode mode) = 0;

  // The executor's clock: real time, or the Deterministic executor's virtual time.
  virtual absl::Time Now() const { return absl::Now(); }
  virtual int worker_count() const = 0;
  virtual int priority_count() const = 0;

 protected:
  Executor() = default;
};

}  // namespace prospero

#endif  // FIDELITY_PROSPERO_EXECUTOR_H_
