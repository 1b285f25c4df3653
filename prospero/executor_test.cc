#include "prospero/executor.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace prospero {
namespace {

std::unique_ptr<Executor> Make(ExecutionModel model, int workers,
                               std::vector<std::string> priorities = {"normal"},
                               uint64_t seed = 1) {
  auto executor =
      Executor::Create(PlatformConfig::Default().WithExecutionModel(model).WithScheduler(
          SchedulerConfig::Create()
              .WithWorkerCount(workers)
              .WithPriorities(std::move(priorities))
              .WithSeed(seed)));
  EXPECT_TRUE(executor.ok()) << executor.status();
  return *std::move(executor);
}

// A work item that counts runs and cancellations.
struct Counted {
  WorkItem work;
  std::atomic<int>* runs;
  std::atomic<int>* cancels;
  static void Run(WorkItem* item, RunReason reason) {
    auto* self = reinterpret_cast<Counted*>(item);
    (reason == RunReason::kRun ? self->runs : self->cancels)->fetch_add(1);
  }
};

TEST(ExecutorTest, CreateRejectsInvalidConfigs) {
  auto executor = Executor::Create(
      PlatformConfig::Default().WithScheduler(SchedulerConfig::Create().WithWorkerCount(0)));
  EXPECT_EQ(executor.status().code(), absl::StatusCode::kInvalidArgument);
}

// A binary tree of work, each node spawning its children from inside a worker: the work
// spreads only by stealing. Every node must run exactly once.
struct TreeNode {
  WorkItem work;
  Executor* executor;
  std::atomic<int64_t>* visited;
  int depth;
  static void Run(WorkItem* item, RunReason reason) {
    auto* self = reinterpret_cast<TreeNode*>(item);
    if (reason == RunReason::kRun) {
      self->visited->fetch_add(1, std::memory_order_relaxed);
      if (self->depth > 0) {
        for (int child = 0; child < 2; ++child) {
          auto* node =
              new TreeNode{{&TreeNode::Run}, self->executor, self->visited, self->depth - 1};
          self->executor->Submit(&node->work);
        }
      }
    }
    delete self;
  }
};

TEST(WorkStealingTest, RunsEveryNodeOfASpawnedTreeOnce) {
  auto executor = Make(ExecutionModel::kWorkStealing, 4);
  std::atomic<int64_t> visited{0};
  constexpr int kDepth = 17;  // 2^18 - 1 = 262143 nodes
  auto* root = new TreeNode{{&TreeNode::Run}, executor.get(), &visited, kDepth};
  executor->Submit(&root->work);
  executor->RunUntilIdle();
  EXPECT_EQ(visited.load(), (int64_t{1} << (kDepth + 1)) - 1);
}

TEST(WorkStealingTest, MillionsOfExternalSubmissionsFromSeveralThreads) {
  auto executor = Make(ExecutionModel::kWorkStealing, 2, {"high", "low"});
  constexpr int kThreads = 3;
  constexpr int kPerThread = 400000;
  std::atomic<int> runs{0}, cancels{0};
  std::vector<Counted> items(kThreads * kPerThread, Counted{{&Counted::Run}, &runs, &cancels});
  std::vector<std::thread> submitters;
  for (int t = 0; t < kThreads; ++t) {
    submitters.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) executor->Submit(&items[t * kPerThread + i].work, i % 2);
    });
  }
  for (std::thread& thread : submitters) thread.join();
  executor->RunUntilIdle();
  EXPECT_EQ(runs.load(), kThreads * kPerThread);
  EXPECT_EQ(cancels.load(), 0);
}

// Records the order of runs on single-thread executors.
struct Logged {
  WorkItem work;
  std::vector<int>* log;
  int id;
  static void Run(WorkItem* item, RunReason reason) {
    auto* self = reinterpret_cast<Logged*>(item);
    if (reason == RunReason::kRun) self->log->push_back(self->id);
  }
};

TEST(CooperativeTest, FollowsThePrioritySchedule) {
  auto executor = Make(ExecutionModel::kCooperative, 1, {"critical", "normal", "background"});
  std::vector<int> log;
  std::vector<Logged> items;
  items.reserve(12);
  // ids: 0-3 critical, 10-13 normal, 20-23 background; submitted lowest first.
  for (int c = 2; c >= 0; --c) {
    for (int i = 0; i < 4; ++i) items.push_back(Logged{{&Logged::Run}, &log, c * 10 + i});
  }
  for (Logged& item : items) executor->Submit(&item.work, item.id / 10);
  executor->RunUntilIdle();
  // Slots 0,1,0,2 repeat; FIFO within a class; an empty class's slot goes to the highest.
  EXPECT_EQ(log, (std::vector<int>{0, 10, 1, 20, 2, 11, 3, 21, 12, 13, 22, 23}));
}

// A high-priority item that resubmits itself forever keeps its class busy; the low-priority
// item must still run within the documented bound of 2^(C-1) picks.
struct Hog {
  WorkItem work;
  Executor* executor;
  std::atomic<int>* picks;
  std::atomic<bool>* stop;
  static void Run(WorkItem* item, RunReason reason) {
    auto* self = reinterpret_cast<Hog*>(item);
    if (reason != RunReason::kRun || self->stop->load()) return;
    self->picks->fetch_add(1);
    self->executor->Submit(&self->work, 0);
  }
};

struct Flag {
  WorkItem work;
  std::atomic<bool>* stop;
  std::atomic<int>* picks;
  int* picks_when_run;
  static void Run(WorkItem* item, RunReason reason) {
    auto* self = reinterpret_cast<Flag*>(item);
    if (reason != RunReason::kRun) return;
    *self->picks_when_run = self->picks->load();
    self->stop->store(true);
  }
};

void ExpectNoStarvation(ExecutionModel model, int workers) {
  auto executor = Make(model, workers, {"critical", "normal", "background"});
  std::atomic<int> picks{0};
  std::atomic<bool> stop{false};
  Hog hogs[2] = {{{&Hog::Run}, executor.get(), &picks, &stop},
                 {{&Hog::Run}, executor.get(), &picks, &stop}};
  int picks_when_run = -1;
  Flag background{{&Flag::Run}, &stop, &picks, &picks_when_run};
  for (Hog& hog : hogs) executor->Submit(&hog.work, 0);
  // The hogs may already have run many picks: count only those after the submission.
  const int picks_at_submit = picks.load();
  executor->Submit(&background.work, 2);
  executor->RunUntilIdle();
  ASSERT_GE(picks_when_run, 0) << "the background item never ran";
  // With three classes the background class owns one slot in four of each worker's picks
  // (plus a little slack for picks in flight when it was submitted).
  EXPECT_LE(picks_when_run - picks_at_submit, 4 * workers + 2 * workers);
}

TEST(CooperativeTest, LowPriorityIsNotStarvedUnderConstantHighPriorityLoad) {
  ExpectNoStarvation(ExecutionModel::kCooperative, 1);
}

TEST(WorkStealingTest, LowPriorityIsNotStarvedUnderConstantHighPriorityLoad) {
  ExpectNoStarvation(ExecutionModel::kWorkStealing, 1);
  ExpectNoStarvation(ExecutionModel::kWorkStealing, 2);
}

// Items that spawn further items, each appending its id to a trace.
struct Spawner {
  WorkItem work;
  Executor* executor;
  std::vector<int>* trace;
  std::vector<std::unique_ptr<Spawner>>* arena;
  int id;
  static void Run(WorkItem* item, RunReason reason) {
    auto* self = reinterpret_cast<Spawner*>(item);
    if (reason != RunReason::kRun) return;
    self->trace->push_back(self->id);
    if (self->id < 40) {
      for (int k = 1; k <= 2; ++k) {
        self->arena->push_back(std::make_unique<Spawner>(
            Spawner{{&Spawner::Run}, self->executor, self->trace, self->arena, self->id * 3 + k}));
        self->executor->Submit(&self->arena->back()->work);
      }
    }
  }
};

std::vector<int> DeterministicTrace(uint64_t seed) {
  auto executor = Make(ExecutionModel::kDeterministic, 1, {"normal"}, seed);
  std::vector<int> trace;
  std::vector<std::unique_ptr<Spawner>> arena;
  for (int root = 0; root < 4; ++root) {
    arena.push_back(std::make_unique<Spawner>(
        Spawner{{&Spawner::Run}, executor.get(), &trace, &arena, root * 100}));
    executor->Submit(&arena.back()->work);
  }
  arena.push_back(
      std::make_unique<Spawner>(Spawner{{&Spawner::Run}, executor.get(), &trace, &arena, 1}));
  executor->Submit(&arena.back()->work);
  executor->RunUntilIdle();
  return trace;
}

TEST(DeterministicTest, TheSameSeedReplaysTheSameInterleaving) {
  const std::vector<int> first = DeterministicTrace(42);
  EXPECT_GT(first.size(), 20u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(DeterministicTrace(42), first);
}

TEST(DeterministicTest, DifferentSeedsGiveDifferentInterleavings) {
  const std::vector<int> reference = DeterministicTrace(1);
  int different = 0;
  for (uint64_t seed = 2; seed < 12; ++seed) different += DeterministicTrace(seed) != reference;
  EXPECT_GE(different, 9);
}

TEST(DeterministicTest, TimersRunInVirtualTimeWithoutSleeping) {
  auto executor = Make(ExecutionModel::kDeterministic, 1);
  std::vector<int> log;
  Logged late{{&Logged::Run}, &log, 2}, early{{&Logged::Run}, &log, 1},
      now{{&Logged::Run}, &log, 0};
  const absl::Time start = executor->Now();
  const absl::Time wall = absl::Now();
  executor->SubmitAfter(absl::Hours(10), &late.work);
  executor->SubmitAfter(absl::Hours(5), &early.work);
  executor->Submit(&now.work);
  executor->RunUntilIdle();
  EXPECT_EQ(log, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(executor->Now() - start, absl::Hours(10));
  EXPECT_LT(absl::Now() - wall, absl::Seconds(30));  // ten virtual hours, no real ones
}

TEST(TimerTest, RealClockExecutorsWaitForTheDelay) {
  for (ExecutionModel model : {ExecutionModel::kWorkStealing, ExecutionModel::kCooperative}) {
    auto executor = Make(model, model == ExecutionModel::kWorkStealing ? 2 : 1);
    std::atomic<int> runs{0}, cancels{0};
    Counted item{{&Counted::Run}, &runs, &cancels};
    const absl::Time start = absl::Now();
    executor->SubmitAfter(absl::Milliseconds(20), &item.work);
    executor->RunUntilIdle();
    EXPECT_EQ(runs.load(), 1) << ExecutionModelName(model);
    EXPECT_GE(absl::Now() - start, absl::Milliseconds(20)) << ExecutionModelName(model);
  }
}

// Cancelled timers never run, RunUntilIdle does not wait for them, and the rest still fire in
// deadline order (the heap stays a heap after removals from its middle).
TEST(TimerTest, CancelledTimersAreWithdrawn) {
  for (ExecutionModel model : {ExecutionModel::kWorkStealing, ExecutionModel::kCooperative,
                               ExecutionModel::kDeterministic}) {
    auto executor = Make(model, model == ExecutionModel::kWorkStealing ? 2 : 1);
    constexpr int kTimers = 200;
    std::vector<int> log;
    std::mutex log_mutex;
    struct Timed {
      WorkItem work;
      std::vector<int>* log;
      std::mutex* mutex;
      int id;
      static void Run(WorkItem* item, RunReason reason) {
        auto* self = reinterpret_cast<Timed*>(item);
        if (reason != RunReason::kRun) return;
        std::lock_guard<std::mutex> lock(*self->mutex);
        self->log->push_back(self->id);
      }
    };
    std::vector<Timed> timers;
    timers.reserve(kTimers);
    for (int i = 0; i < kTimers; ++i) timers.push_back(Timed{{&Timed::Run}, &log, &log_mutex, i});
    // Deadlines in a scrambled order: timer i fires at 50 ms + (i * 37 % kTimers) * 1 ms. The
    // margins hold on slow machines (sanitizers, qemu-user): every cancellation below comes before
    // the first deadline, and submitting one timer takes far less than the 1 ms between ranks.
    for (Timed& t : timers) {
      executor->SubmitAfter(absl::Milliseconds(50) + absl::Milliseconds(1) * (t.id * 37 % kTimers),
                            &t.work);
    }
    std::vector<int> expected;
    for (Timed& t : timers) {
      if (t.id % 3 == 0) {
        EXPECT_TRUE(executor->CancelTimer(&t.work)) << ExecutionModelName(model);
        EXPECT_FALSE(executor->CancelTimer(&t.work)) << ExecutionModelName(model);  // once
      }
    }
    for (int rank = 0; rank < kTimers; ++rank) {
      for (Timed& t : timers) {
        if (t.id * 37 % kTimers == rank && t.id % 3 != 0) expected.push_back(t.id);
      }
    }
    // An hour-long timer, cancelled: RunUntilIdle must not wait for it.
    Timed hour{{&Timed::Run}, &log, &log_mutex, -1};
    executor->SubmitAfter(absl::Hours(1), &hour.work);
    EXPECT_TRUE(executor->CancelTimer(&hour.work));
    executor->RunUntilIdle();
    if (model == ExecutionModel::kWorkStealing) {
      // Two workers may run adjacent deadlines out of order; the set is what must match.
      std::sort(log.begin(), log.end());
      std::sort(expected.begin(), expected.end());
    }
    EXPECT_EQ(log, expected) << ExecutionModelName(model);
    for (Timed& t : timers) EXPECT_FALSE(executor->CancelTimer(&t.work));  // all fired or gone
  }
}

void ExpectShutdownAccountsForEveryItem(ExecutionModel model, ShutdownMode mode) {
  auto executor = Make(model, model == ExecutionModel::kWorkStealing ? 2 : 1);
  constexpr int kItems = 10000;
  std::atomic<int> runs{0}, cancels{0};
  std::vector<Counted> items(kItems, Counted{{&Counted::Run}, &runs, &cancels});
  Counted timer{{&Counted::Run}, &runs, &cancels};
  executor->SubmitAfter(absl::Hours(1), &timer.work);
  for (Counted& item : items) executor->Submit(&item.work);
  executor->Shutdown(mode);
  EXPECT_EQ(runs.load() + cancels.load(), kItems + 1);
  EXPECT_GE(cancels.load(), 1);  // the timer, at least
  if (mode == ShutdownMode::kDrain) {
    EXPECT_EQ(runs.load(), kItems);
  }
  // After shutdown, new work is cancelled at once.
  Counted late{{&Counted::Run}, &runs, &cancels};
  const int cancels_before = cancels.load();
  executor->Submit(&late.work);
  EXPECT_EQ(cancels.load(), cancels_before + 1);
  executor->Shutdown(mode);  // a second call does nothing
}

TEST(ShutdownTest, DrainRunsQueuedWorkAndCancelsTimers) {
  for (ExecutionModel model : {ExecutionModel::kWorkStealing, ExecutionModel::kCooperative,
                               ExecutionModel::kDeterministic}) {
    ExpectShutdownAccountsForEveryItem(model, ShutdownMode::kDrain);
  }
}

TEST(ShutdownTest, CancelTellsEveryQueuedItem) {
  for (ExecutionModel model : {ExecutionModel::kWorkStealing, ExecutionModel::kCooperative,
                               ExecutionModel::kDeterministic}) {
    ExpectShutdownAccountsForEveryItem(model, ShutdownMode::kCancel);
  }
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

TEST(WorkStealingTest, AnIdlePoolSleeps) {
  auto executor = Make(ExecutionModel::kWorkStealing, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the workers park
  const double before = ProcessCpuSeconds();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Four spinning workers would burn ~2 s of CPU here (on 2 cores ~1 s); parked ones ~0.
  EXPECT_LT(ProcessCpuSeconds() - before, 0.1);
}

}  // namespace
}  // namespace prospero
