// The WorkStealing executor. Each worker owns one Chase–Lev deque per priority class; work
// submitted from a worker goes to its own deque, work from other threads to a per-class
// injection queue. A worker looks for its scheduled class first (internal/priority_schedule.h)
// in its deque, the injection queue, then a random victim's deque; then the other classes from
// the highest down. A worker that finds nothing sleeps on a futex (std::atomic::wait).
//
// Lost wake-ups are impossible by a Dekker handshake on `sleepers_`: a submitter publishes its
// item, then does a read-modify-write (+0) of `sleepers_`; a worker increments `sleepers_`, then
// looks for work once more before it sleeps on `wake_epoch_`. Both are acq_rel RMWs on one
// atomic, so one reads the other's write: either the submitter sees the sleeper and bumps the
// epoch, or the worker's RMW synchronizes with the submitter's and its search sees the item.
// That form is used under ThreadSanitizer, which cannot model fences. Otherwise the submitter
// does a seq_cst fence and a plain load, the sleeper a fence after its increment (the classic
// Dekker pattern): the same guarantee, without every submit writing the shared cache line.
//
// Hot atomics sit on cache lines of their own. A worker keeps the decrements of `outstanding_`
// for the items it finished as a local balance, spends it on its own submissions, and flushes
// the rest when it runs out of work: the count may only over-estimate, so RunUntilIdle never
// returns early, and in a steady fork-join the shared counter is barely written at all.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "prospero/executor.h"
#include "prospero/executors_internal.h"
#include "prospero/internal/chase_lev_deque.h"
#include "prospero/internal/priority_schedule.h"
#include "prospero/internal/timer_queue.h"
#include "support/sanitizers.h"

namespace prospero::internal {
namespace {

class WorkStealingExecutor final : public Executor {
 public:
  explicit WorkStealingExecutor(const SchedulerConfig& config)
      : classes_(static_cast<int>(config.priorities().size())), injection_(classes_) {
    workers_.reserve(config.worker_count());
    for (int i = 0; i < config.worker_count(); ++i) {
      workers_.push_back(std::make_unique<Worker>(classes_, config.seed() + i));
    }
    for (int i = 0; i < config.worker_count(); ++i) {
      workers_[i]->thread = std::thread([this, i] { WorkerLoop(*workers_[i]); });
    }
    timer_thread_ = std::thread([this] { TimerLoop(); });
  }

  ~WorkStealingExecutor() override { Shutdown(ShutdownMode::kDrain); }

  void Submit(WorkItem* item, int priority) override {
    if (state_.load(std::memory_order_acquire) == kStopped) {
      item->run(item, RunReason::kCancelled);
      return;
    }
    if (current_executor_ == this && current_worker_->balance < 0) {
      ++current_worker_->balance;  // paid from this worker's unpublished finishes
    } else {
      outstanding_.fetch_add(1, std::memory_order_relaxed);
    }
    Enqueue(item, Clamp(priority));
  }

  void SubmitAfter(absl::Duration delay, WorkItem* item, int priority) override {
    if (state_.load(std::memory_order_acquire) == kStopped) {
      item->run(item, RunReason::kCancelled);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(timer_mutex_);
      if (!timers_stopped_) {
        outstanding_.fetch_add(1, std::memory_order_relaxed);
        // The timer thread sleeps until the earliest deadline: wake it only for an earlier one.
        if (timers_.Add(absl::Now() + delay, item, Clamp(priority))) timer_changed_.notify_one();
        return;
      }
    }
    // Shutting down: timers no longer fire, so the item is told at once.
    item->run(item, RunReason::kCancelled);
  }

  bool CancelTimer(WorkItem* item) override {
    {
      std::lock_guard<std::mutex> lock(timer_mutex_);
      if (!timers_.Remove(item)) return false;
    }
    Finished();  // SubmitAfter counted it in outstanding_
    return true;
  }

  void RunUntilIdle() override {
    for (;;) {
      const uint32_t epoch = idle_epoch_.load(std::memory_order_acquire);
      if (outstanding_.load(std::memory_order_acquire) == 0) return;
      idle_epoch_.wait(epoch, std::memory_order_acquire);
    }
  }

  void RunUntil(const std::atomic<bool>& done) override {
    while (!done.load(std::memory_order_acquire)) done.wait(false, std::memory_order_acquire);
  }

  void Shutdown(ShutdownMode mode) override {
    std::lock_guard<std::mutex> once(shutdown_mutex_);
    if (state_.load() == kStopped) return;
    CancelTimers();
    if (mode == ShutdownMode::kDrain) RunUntilIdle();
    state_.store(kStopped, std::memory_order_seq_cst);
    WakeAll();
    for (auto& worker : workers_) worker->thread.join();
    // Whatever is still queued (kCancel) is told it will not run.
    for (int c = 0; c < classes_; ++c) {
      for (auto& worker : workers_) {
        while (WorkItem* item = worker->deques[c]->Take()) Cancel(item);
      }
      while (WorkItem* item = PopInjected(c)) Cancel(item);
    }
  }

  int worker_count() const override { return static_cast<int>(workers_.size()); }
  int priority_count() const override { return classes_; }

 private:
  enum State : int { kRunning, kStopped };

  struct alignas(64) Worker {
    Worker(int classes, uint64_t seed) : random(seed) {
      for (int c = 0; c < classes; ++c) deques.push_back(std::make_unique<ChaseLevDeque>());
    }
    std::vector<std::unique_ptr<ChaseLevDeque>> deques;
    std::thread thread;
    uint64_t picks = 0;
    // Finished items not yet subtracted from outstanding_ (as a negative number). The worker's
    // own submissions spend it before touching outstanding_, so it never goes above zero and
    // outstanding_ never under-counts.
    int64_t balance = 0;
    std::minstd_rand random;
  };

  // One priority class's queue for work submitted from outside the workers.
  struct Injection {
    std::mutex mutex;
    WorkList items;
    std::atomic<size_t> size{0};  // read without the lock to skip empty queues
  };

  static thread_local const WorkStealingExecutor* current_executor_;
  static thread_local Worker* current_worker_;

  int Clamp(int priority) const {
    return priority < 0 ? 0 : (priority >= classes_ ? classes_ - 1 : priority);
  }

  void Enqueue(WorkItem* item, int priority) {
    item->priority = static_cast<uint8_t>(priority);
    if (current_executor_ == this) {
      current_worker_->deques[priority]->Push(item);
    } else {
      Injection& queue = injection_[priority];
      std::lock_guard<std::mutex> lock(queue.mutex);
      queue.items.PushBack(item);
      queue.size.fetch_add(1, std::memory_order_relaxed);
    }
    // A spinning worker will find the item (or, finding other work, pass the wake on): no
    // syscall on the submitter's path then. See WorkerLoop.
    if (AnySleeper() && !AnySpinning()) WakeOne();
  }

  void WakeOne() {
    wake_epoch_.fetch_add(1, std::memory_order_seq_cst);
    wake_epoch_.notify_one();
  }

  // Read after AnySleeper's fence. Under ThreadSanitizer (no fences) every submit that sees a
  // sleeper wakes one, as before.
  bool AnySpinning() const {
#if FIDELITY_TSAN
    return false;
#else
    return spinning_.load(std::memory_order_relaxed) > 0;
#endif
  }

  // Whether queued work is visible beyond the item a spinner just took.
  bool MoreWorkVisible() const {
    for (int c = 0; c < classes_; ++c) {
      if (injection_[c].size.load(std::memory_order_relaxed) > 0) return true;
      for (const auto& worker : workers_) {
        if (!worker->deques[c]->empty()) return true;
      }
    }
    return false;
  }

  // The submitter's half of the wake-up handshake (see the top of this file).
  bool AnySleeper() {
#if FIDELITY_TSAN
    return sleepers_.fetch_add(0, std::memory_order_acq_rel) > 0;
#else
    std::atomic_thread_fence(std::memory_order_seq_cst);
    return sleepers_.load(std::memory_order_relaxed) > 0;
#endif
  }

  // The sleeper's half: orders its increment of sleepers_ before its last look for work.
  static void SleeperFence() {
#if !FIDELITY_TSAN
    std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
  }

  WorkItem* PopInjected(int priority) {
    Injection& queue = injection_[priority];
    if (queue.size.load(std::memory_order_relaxed) == 0) return nullptr;
    std::lock_guard<std::mutex> lock(queue.mutex);
    WorkItem* item = queue.items.PopFront();
    if (item != nullptr) queue.size.fetch_sub(1, std::memory_order_relaxed);
    return item;
  }

  WorkItem* FindInClass(Worker& self, int priority) {
    if (WorkItem* item = self.deques[priority]->Take()) return item;
    if (WorkItem* item = PopInjected(priority)) return item;
    const size_t count = workers_.size();
    if (count > 1) {
      const size_t start = self.random() % count;
      for (size_t k = 0; k < count; ++k) {
        Worker& victim = *workers_[(start + k) % count];
        if (&victim == &self) continue;
        if (WorkItem* item = victim.deques[priority]->Steal()) return item;
      }
    }
    return nullptr;
  }

  WorkItem* FindWork(Worker& self) {
    const int scheduled = SlotClass(self.picks++, classes_);
    if (WorkItem* item = FindInClass(self, scheduled)) return item;
    for (int c = 0; c < classes_; ++c) {
      if (c == scheduled) continue;
      if (WorkItem* item = FindInClass(self, c)) return item;
    }
    return nullptr;
  }

  // On a worker: the decrement waits in the worker's batch (see the top of this file).
  void RunItem(Worker& self, WorkItem* item) {
    item->run(item, RunReason::kRun);
    --self.balance;
  }

  void FlushFinished(Worker& self) {
    if (self.balance == 0) return;
    const int64_t finished = -self.balance;
    self.balance = 0;
    if (outstanding_.fetch_sub(finished, std::memory_order_acq_rel) == finished) {
      idle_epoch_.fetch_add(1, std::memory_order_release);
      idle_epoch_.notify_all();
    }
  }

  void Cancel(WorkItem* item) {
    item->run(item, RunReason::kCancelled);
    Finished();
  }

  void Finished() {
    if (outstanding_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      idle_epoch_.fetch_add(1, std::memory_order_release);
      idle_epoch_.notify_all();
    }
  }

  void WorkerLoop(Worker& self) {
    current_executor_ = this;
    current_worker_ = &self;
    constexpr int kSpins = 64;
    while (state_.load(std::memory_order_acquire) == kRunning) {
      WorkItem* item = FindWork(self);
      if (item == nullptr) {
        FlushFinished(self);  // running dry: publish what finished
        // Spinning: submitters that see a spinner leave their work to it instead of waking a
        // sleeper (Go's scheduler does the same). The last spinner to find work wakes a
        // sleeper if more is queued, so a burst still gets every worker; one that finds none
        // goes through the sleep handshake below, whose last look sees any item submitted
        // while it was counted as spinning (the submitter's fence precedes its read of the
        // count; our decrement precedes our fence and that look).
        spinning_.fetch_add(1, std::memory_order_seq_cst);
        for (int spin = 0; item == nullptr && spin < kSpins; ++spin) {
          std::this_thread::yield();
          item = FindWork(self);
        }
        const bool last_spinner = spinning_.fetch_sub(1, std::memory_order_seq_cst) == 1;
        if (item != nullptr && last_spinner && MoreWorkVisible() && AnySleeper()) WakeOne();
      }
      if (item != nullptr) {
        RunItem(self, item);
        continue;
      }
      FlushFinished(self);
      sleepers_.fetch_add(1, std::memory_order_acq_rel);
      SleeperFence();
      const uint32_t epoch = wake_epoch_.load(std::memory_order_seq_cst);
      item = FindWork(self);
      if (item == nullptr && state_.load(std::memory_order_seq_cst) == kRunning) {
        wake_epoch_.wait(epoch, std::memory_order_seq_cst);
      }
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
      if (item != nullptr) RunItem(self, item);
    }
    FlushFinished(self);
    current_executor_ = nullptr;
    current_worker_ = nullptr;
  }

  void WakeAll() {
    wake_epoch_.fetch_add(1, std::memory_order_seq_cst);
    wake_epoch_.notify_all();
  }

  void TimerLoop() {
    std::unique_lock<std::mutex> lock(timer_mutex_);
    while (!timers_stopped_) {
      if (timers_.empty()) {
        timer_changed_.wait(lock);
        continue;
      }
      const absl::Time deadline = timers_.next_deadline();
      if (absl::Now() < deadline) {
        timer_changed_.wait_for(lock, absl::ToChronoNanoseconds(deadline - absl::Now()));
        continue;
      }
      TimerQueue::Timer timer = timers_.Pop();
      lock.unlock();
      Enqueue(timer.item, timer.priority);  // already counted in outstanding_ by SubmitAfter
      lock.lock();
    }
  }

  void CancelTimers() {
    std::vector<TimerQueue::Timer> pending;
    {
      std::lock_guard<std::mutex> lock(timer_mutex_);
      timers_stopped_ = true;
      while (!timers_.empty()) pending.push_back(timers_.Pop());
    }
    timer_changed_.notify_all();
    timer_thread_.join();
    for (const TimerQueue::Timer& timer : pending) Cancel(timer.item);
  }

  const int classes_;
  std::vector<Injection> injection_;
  std::vector<std::unique_ptr<Worker>> workers_;
  alignas(64) std::atomic<int> state_{kRunning};
  alignas(64) std::atomic<int> sleepers_{0};
  alignas(64) std::atomic<int> spinning_{0};  // workers between running dry and sleeping
  alignas(64) std::atomic<uint32_t> wake_epoch_{0};
  alignas(64) std::atomic<int64_t> outstanding_{0};  // queued + running + timed items
  alignas(64) std::atomic<uint32_t> idle_epoch_{0};
  std::mutex shutdown_mutex_;

  std::mutex timer_mutex_;
  std::condition_variable timer_changed_;
  TimerQueue timers_;
  bool timers_stopped_ = false;
  std::thread timer_thread_;
};

thread_local const WorkStealingExecutor* WorkStealingExecutor::current_executor_ = nullptr;
thread_local WorkStealingExecutor::Worker* WorkStealingExecutor::current_worker_ = nullptr;

}  // namespace

std::unique_ptr<Executor> CreateWorkStealingExecutor(const SchedulerConfig& config) {
  return std::make_unique<WorkStealingExecutor>(config);
}

}  // namespace prospero::internal
