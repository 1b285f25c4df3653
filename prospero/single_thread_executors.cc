// The Cooperative and Deterministic executors: one thread, the caller's, inside RunUntilIdle.
// They share everything but two choices: which ready item of the scheduled class runs next
// (the oldest, or one picked by a seeded generator) and what time is (the real clock, or a
// virtual one that jumps to the next timer when nothing is ready, so tests never sleep).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "prospero/executor.h"
#include "prospero/executors_internal.h"
#include "prospero/internal/priority_schedule.h"
#include "prospero/internal/timer_queue.h"

namespace prospero::internal {
namespace {

class SingleThreadExecutor : public Executor {
 public:
  explicit SingleThreadExecutor(const SchedulerConfig& config)
      : classes_(static_cast<int>(config.priorities().size())), ready_(classes_) {}

  // Submit and SubmitAfter may come from any thread (an interrupt handler's bottom half, a
  // reactor): a mutex guards the queues; the items themselves run on the RunUntilIdle thread.
  void Submit(WorkItem* item, int priority) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!stopped_) {
        item->priority = static_cast<uint8_t>(Clamp(priority));
        ready_[item->priority].push_back(item);
        wake_.notify_one();
        return;
      }
    }
    item->run(item, RunReason::kCancelled);
  }

  void SubmitAfter(absl::Duration delay, WorkItem* item, int priority) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!stopped_ && !timers_cancelled_) {
        if (timers_.Add(NowLocked() + delay, item, Clamp(priority))) wake_.notify_one();
        return;
      }
    }
    item->run(item, RunReason::kCancelled);
  }

  bool CancelTimer(WorkItem* item) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return timers_.Remove(item);
  }

  void RunUntilIdle() override { Run(nullptr); }
  void RunUntil(const std::atomic<bool>& done) override { Run(&done); }

  void Run(const std::atomic<bool>* done) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (done != nullptr && done->load(std::memory_order_acquire)) return;
      FireDueTimers();
      WorkItem* item = NextReady();
      if (item != nullptr) {
        lock.unlock();
        item->run(item, RunReason::kRun);
        lock.lock();
        continue;
      }
      if (timers_.empty()) return;
      WaitForTimer(lock);
    }
  }

  void Shutdown(ShutdownMode mode) override {
    std::vector<WorkItem*> cancelled;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_) return;
      timers_cancelled_ = true;
      while (!timers_.empty()) cancelled.push_back(timers_.Pop().item);
    }
    for (WorkItem* item : cancelled) item->run(item, RunReason::kCancelled);
    if (mode == ShutdownMode::kDrain) RunUntilIdle();
    cancelled.clear();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
      for (auto& queue : ready_) {
        cancelled.insert(cancelled.end(), queue.begin(), queue.end());
        queue.clear();
      }
    }
    for (WorkItem* item : cancelled) item->run(item, RunReason::kCancelled);
  }

  int worker_count() const override { return 1; }
  int priority_count() const override { return classes_; }

 protected:
  // Which of `queue`'s items runs next.
  virtual size_t ChooseIndex(size_t size) = 0;
  // The executor's time, with mutex_ held.
  virtual absl::Time NowLocked() const = 0;
  // Nothing is ready and a timer is pending: let time pass until it is due (or new work comes).
  virtual void WaitForTimer(std::unique_lock<std::mutex>& lock) = 0;

  TimerQueue timers_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;

 private:
  int Clamp(int priority) const {
    return priority < 0 ? 0 : (priority >= classes_ ? classes_ - 1 : priority);
  }

  void FireDueTimers() {
    if (timers_.empty()) return;  // no clock read per item when nothing waits on one
    const absl::Time now = NowLocked();
    while (!timers_.empty() && timers_.next_deadline() <= now) {
      TimerQueue::Timer timer = timers_.Pop();
      timer.item->priority = static_cast<uint8_t>(timer.priority);
      ready_[timer.priority].push_back(timer.item);
    }
  }

  WorkItem* NextReady() {
    const int scheduled = SlotClass(picks_++, classes_);
    for (int attempt = -1; attempt < classes_; ++attempt) {
      const int c = attempt < 0 ? scheduled : attempt;
      std::deque<WorkItem*>& queue = ready_[c];
      if (queue.empty()) continue;
      const size_t index = ChooseIndex(queue.size());
      WorkItem* item = queue[index];
      if (index == 0) {
        queue.pop_front();
      } else {
        queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(index));
      }
      return item;
    }
    return nullptr;
  }

  const int classes_;
  std::vector<std::deque<WorkItem*>> ready_;  // per class, oldest first
  uint64_t picks_ = 0;
  bool stopped_ = false;
  bool timers_cancelled_ = false;
};

class CooperativeExecutor final : public SingleThreadExecutor {
 public:
  using SingleThreadExecutor::SingleThreadExecutor;
  ~CooperativeExecutor() override { Shutdown(ShutdownMode::kDrain); }

 protected:
  size_t ChooseIndex(size_t) override { return 0; }  // FIFO within a class
  absl::Time NowLocked() const override { return absl::Now(); }
  void WaitForTimer(std::unique_lock<std::mutex>& lock) override {
    wake_.wait_for(lock, absl::ToChronoNanoseconds(timers_.next_deadline() - absl::Now()));
  }
};

class DeterministicExecutor final : public SingleThreadExecutor {
 public:
  explicit DeterministicExecutor(const SchedulerConfig& config)
      : SingleThreadExecutor(config), random_(config.seed()) {}
  ~DeterministicExecutor() override { Shutdown(ShutdownMode::kDrain); }

  absl::Time Now() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return now_;
  }

 protected:
  // mt19937_64's sequence is fixed by the standard and `%` is exact, so a seed means the same
  // choices on every platform (std::uniform_int_distribution would not promise that).
  size_t ChooseIndex(size_t size) override { return static_cast<size_t>(random_() % size); }
  absl::Time NowLocked() const override { return now_; }
  void WaitForTimer(std::unique_lock<std::mutex>&) override { now_ = timers_.next_deadline(); }

 private:
  std::mt19937_64 random_;
  absl::Time now_ = absl::UnixEpoch();
};

}  // namespace

std::unique_ptr<Executor> CreateCooperativeExecutor(const SchedulerConfig& config) {
  return std::make_unique<CooperativeExecutor>(config);
}

std::unique_ptr<Executor> CreateDeterministicExecutor(const SchedulerConfig& config) {
  return std::make_unique<DeterministicExecutor>(config);
}

}  // namespace prospero::internal
