#include "frosty/task.h"

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "frosty/cancellation.h"
#include "frosty/frame_allocator.h"
#include "gtest/gtest.h"
#include "prospero/executor.h"
#include "prospero/region.h"

namespace frosty {
namespace {

std::unique_ptr<prospero::Executor> Make(prospero::ExecutionModel model, int workers = 1,
                                         uint64_t seed = 1) {
  return prospero::Executor::Create(
             prospero::PlatformConfig::Default().WithExecutionModel(model).WithScheduler(
                 prospero::SchedulerConfig::Create().WithWorkerCount(workers).WithSeed(seed)))
      .value();
}

Task<int> Constant(int value) { co_return value; }

Task<int> Add(int a, int b) {
  int x = co_await Constant(a);
  int y = co_await Constant(b);
  co_return x + y;
}

Task<int> Failing(std::string why) {
  co_await Fail(absl::DataLossError(why));
  co_return 0;  // never reached
}

Task<int> ReturnsStatus() { co_return absl::NotFoundError("no such actor"); }

TEST(TaskTest, AwaitsNestedTasksAndReturnsTheValue) {
  auto executor = Make(prospero::ExecutionModel::kCooperative);
  absl::StatusOr<int> result = RunSynchronously(*executor, Add(20, 22));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 42);
}

TEST(TaskTest, IsColdUntilRun) {
  bool ran = false;
  auto body = [&]() -> Task<int> {
    ran = true;
    co_return 1;
  };
  Task<int> task = body();
  EXPECT_FALSE(ran);
  auto executor = Make(prospero::ExecutionModel::kCooperative);
  EXPECT_EQ(RunSynchronously(*executor, std::move(task)).value(), 1);
  EXPECT_TRUE(ran);
}

// Destructor side effects show the failed awaiter's frame is destroyed (its cleanup runs once)
// and that the code after the failed await never runs.
struct Cleanup {
  int* count;
  ~Cleanup() { ++*count; }
};

Task<int> PropagatesFailure(int* cleanups, bool* resumed) {
  Cleanup guard{cleanups};
  int value = co_await Failing("wire truncated");
  *resumed = true;
  co_return value;
}

TEST(TaskTest, FailurePropagatesThroughAwaitWithoutResumingAndCleansUpOnce) {
  auto executor = Make(prospero::ExecutionModel::kCooperative);
  int cleanups = 0;
  bool resumed = false;
  absl::StatusOr<int> result = RunSynchronously(*executor, PropagatesFailure(&cleanups, &resumed));
  EXPECT_EQ(result.status(), absl::DataLossError("wire truncated"));
  EXPECT_FALSE(resumed);
  EXPECT_EQ(cleanups, 1);
}

Task<std::string> TryKeepsTheStatus() {
  absl::StatusOr<int> failed = co_await Try(ReturnsStatus());
  absl::StatusOr<int> ok = co_await Try(Constant(5));
  co_return std::string(failed.status().message()) + "/" + std::to_string(*ok);
}

TEST(TaskTest, TryYieldsTheStatusInsteadOfPropagating) {
  auto executor = Make(prospero::ExecutionModel::kCooperative);
  EXPECT_EQ(RunSynchronously(*executor, TryKeepsTheStatus()).value(), "no such actor/5");
}

TEST(TaskTest, AColdTaskRunsOnce) {
  auto executor = Make(prospero::ExecutionModel::kCooperative);
  Task<int> task = Constant(3);
  // Awaiting the same frame a second time must fail cleanly rather than run it twice.
  auto twice = [](Task<int>::Handle handle) -> Task<int> {
    // Await the same frame twice through two awaiters.
    int a = co_await Task<int>::Awaiter<true>{handle};
    int b = co_await Task<int>::Awaiter<true>{handle};
    co_return a + b;
  };
  absl::StatusOr<int> result = RunSynchronously(*executor, twice(task.handle()));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
}

Task<int> SleepThenAdd(prospero::Executor& executor, int a) {
  co_await Sleep(executor, absl::Minutes(5));
  co_return a + 1;
}

TEST(TaskTest, SleepUsesTheExecutorsClock) {
  auto executor = Make(prospero::ExecutionModel::kDeterministic);
  const absl::Time start = executor->Now();
  EXPECT_EQ(RunSynchronously(*executor, SleepThenAdd(*executor, 1)).value(), 2);
  EXPECT_EQ(executor->Now() - start, absl::Minutes(5));  // virtual minutes
}

Task<int> Square(prospero::Executor& executor, int n) {
  co_await Yield(executor);
  co_return n* n;
}

TEST(TaskTest, WhenAllKeepsOrderOnEveryExecutor) {
  for (auto model :
       {prospero::ExecutionModel::kCooperative, prospero::ExecutionModel::kDeterministic,
        prospero::ExecutionModel::kWorkStealing}) {
    auto executor = Make(model, model == prospero::ExecutionModel::kWorkStealing ? 2 : 1);
    std::vector<Task<int>> tasks;
    for (int i = 0; i < 50; ++i) tasks.push_back(Square(*executor, i));
    absl::StatusOr<std::vector<int>> squares =
        RunSynchronously(*executor, WhenAll(*executor, std::move(tasks)));
    ASSERT_TRUE(squares.ok()) << squares.status();
    ASSERT_EQ(squares->size(), 50u);
    for (int i = 0; i < 50; ++i) EXPECT_EQ((*squares)[i], i * i);
  }
}

TEST(TaskTest, WhenAllFailsWithTheLowestIndexedFailure) {
  auto executor = Make(prospero::ExecutionModel::kDeterministic, 1, 7);
  std::vector<Task<int>> tasks;
  tasks.push_back(Constant(1));
  tasks.push_back(Failing("second"));
  tasks.push_back(Failing("third"));
  absl::StatusOr<std::vector<int>> result =
      RunSynchronously(*executor, WhenAll(*executor, std::move(tasks)));
  EXPECT_EQ(result.status(), absl::DataLossError("second"));
}

TEST(TaskTest, CancelledTokenStopsAwaitsAndSleeps) {
  auto executor = Make(prospero::ExecutionModel::kDeterministic);
  CancellationSource source;
  source.Cancel();
  absl::StatusOr<int> result = RunSynchronously(*executor, Add(1, 2), source.token());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);

  // Cancelled while sleeping: the sleep ends with kCancelled.
  CancellationSource later;
  auto cancel_then_sleep = [&](prospero::Executor& ex) -> Task<int> {
    later.Cancel();
    co_await Sleep(ex, absl::Seconds(1));
    co_return 1;
  };
  result = RunSynchronously(*executor, cancel_then_sleep(*executor), later.token());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
}

TEST(TaskTest, WhenAllUnderACancelledTokenFailsWithoutRunningChildren) {
  auto executor = Make(prospero::ExecutionModel::kDeterministic);
  CancellationSource source;
  auto run_all = [&](prospero::Executor& ex) -> Task<std::vector<int>> {
    source.Cancel();
    std::vector<Task<int>> tasks;
    for (int i = 0; i < 3; ++i) tasks.push_back(Square(ex, i));
    co_return co_await WhenAll(ex, std::move(tasks));
  };
  absl::StatusOr<std::vector<int>> result =
      RunSynchronously(*executor, run_all(*executor), source.token());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
}

Task<int> SleepyValue(prospero::Executor& executor, absl::Duration delay, int value,
                      std::atomic<int>* cancelled) {
  absl::Status slept = co_await Try([&]() -> Task<void> { co_await Sleep(executor, delay); }());
  if (!slept.ok()) {
    cancelled->fetch_add(1);
    co_return slept;
  }
  co_return value;
}

TEST(TaskTest, WhenAnyReturnsTheFirstAndCancelsTheLosers) {
  for (auto model :
       {prospero::ExecutionModel::kDeterministic, prospero::ExecutionModel::kCooperative,
        prospero::ExecutionModel::kWorkStealing}) {
    auto executor = Make(model, model == prospero::ExecutionModel::kWorkStealing ? 2 : 1);
    std::atomic<int> cancelled{0};
    std::vector<Task<int>> tasks;
    tasks.push_back(SleepyValue(*executor, absl::Hours(1), 1, &cancelled));
    tasks.push_back(SleepyValue(*executor, absl::Milliseconds(5), 2, &cancelled));
    tasks.push_back(SleepyValue(*executor, absl::Hours(2), 3, &cancelled));
    const absl::Time wall = absl::Now();
    absl::StatusOr<AnyResult<int>> first =
        RunSynchronously(*executor, WhenAny(*executor, std::move(tasks)));
    ASSERT_TRUE(first.ok()) << first.status();
    EXPECT_EQ(first->index, 1u);
    EXPECT_EQ(first->value, 2);
    EXPECT_EQ(cancelled.load(), 2);  // both losers saw kCancelled, promptly:
    EXPECT_LT(absl::Now() - wall, absl::Minutes(1));
    // The losers' timers are still queued (an hour away): shutting down cancels them.
    executor->Shutdown(prospero::ShutdownMode::kCancel);
  }
}

// Two sleepers with the same deadline race; the seeded schedule decides the winner.
size_t RaceOnce(uint64_t seed, int* cancelled_count) {
  auto executor = Make(prospero::ExecutionModel::kDeterministic, 1, seed);
  std::atomic<int> cancelled{0};
  std::vector<Task<int>> tasks;
  for (int i = 0; i < 2; ++i) {
    tasks.push_back(SleepyValue(*executor, absl::Milliseconds(10), i, &cancelled));
  }
  absl::StatusOr<AnyResult<int>> first =
      RunSynchronously(*executor, WhenAny(*executor, std::move(tasks)));
  EXPECT_TRUE(first.ok()) << first.status();
  if (!first.ok()) return 99;
  EXPECT_EQ(first->value, static_cast<int>(first->index));
  *cancelled_count = cancelled.load();
  return first->index;
}

TEST(TaskTest, CancellationRacesAreDecidedByTheSeedAndResolveCleanly) {
  int winners[2] = {0, 0};
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    int cancelled = -1;
    const size_t winner = RaceOnce(seed, &cancelled);
    ASSERT_LT(winner, 2u) << "seed " << seed;
    ++winners[winner];
    // Both timers are due at the same instant: the loser either was cancelled while still
    // asleep, or had woken already and finished with its value; never both, never neither.
    EXPECT_LE(cancelled, 1) << "seed " << seed;
    int again = -1;
    EXPECT_EQ(RaceOnce(seed, &again), winner) << "seed " << seed << " did not replay";
    EXPECT_EQ(again, cancelled) << "seed " << seed << " did not replay";
  }
  // The schedule, not submission order, decides: both sides win under some seeds.
  EXPECT_GT(winners[0], 0);
  EXPECT_GT(winners[1], 0);
}

TEST(TaskTest, TimeoutPassesFastTasksAndFailsSlowOnes) {
  auto executor = Make(prospero::ExecutionModel::kDeterministic);
  std::atomic<int> cancelled{0};
  absl::StatusOr<int> fast = RunSynchronously(
      *executor, Timeout(*executor, SleepyValue(*executor, absl::Seconds(1), 7, &cancelled),
                         absl::Seconds(10)));
  EXPECT_EQ(fast.value(), 7);
  absl::StatusOr<int> slow = RunSynchronously(
      *executor, Timeout(*executor, SleepyValue(*executor, absl::Seconds(30), 7, &cancelled),
                         absl::Seconds(10)));
  EXPECT_EQ(slow.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(slow.status().message(), "timed out after 10s");
  EXPECT_EQ(cancelled.load(), 1);  // the slow task was cancelled
}

Task<int> Counted(prospero::Executor& executor, std::atomic<int>* runs, bool fail) {
  runs->fetch_add(1);
  co_await Yield(executor);
  if (fail) co_return absl::AbortedError("hot failure");
  co_return 21;
}

Task<int> AwaitHotTwice(HotTask<int> hot) {
  int a = co_await hot;
  int b = co_await hot;
  co_return a + b;
}

TEST(HotTaskTest, StartsAtOnceRunsOnceAndServesEveryAwaiter) {
  for (auto model :
       {prospero::ExecutionModel::kCooperative, prospero::ExecutionModel::kWorkStealing}) {
    auto executor = Make(model, model == prospero::ExecutionModel::kWorkStealing ? 2 : 1);
    std::atomic<int> runs{0};
    HotTask<int> hot = HotTask<int>::Start(*executor, Counted(*executor, &runs, false));
    executor->RunUntilIdle();  // nobody awaits it yet: it runs anyway
    EXPECT_EQ(runs.load(), 1);
    EXPECT_TRUE(hot.finished());
    EXPECT_EQ(RunSynchronously(*executor, AwaitHotTwice(hot)).value(), 42);
    EXPECT_EQ(RunSynchronously(*executor, AwaitHotTwice(hot)).value(), 42);
    EXPECT_EQ(runs.load(), 1);
  }
}

TEST(HotTaskTest, AwaitersWaitingBeforeItFinishesAreResumed) {
  auto executor = Make(prospero::ExecutionModel::kWorkStealing, 2);
  std::atomic<int> runs{0};
  auto slow = [](prospero::Executor& ex, std::atomic<int>* runs) -> Task<int> {
    runs->fetch_add(1);
    co_await Sleep(ex, absl::Milliseconds(20));
    co_return 21;
  };
  HotTask<int> hot = HotTask<int>::Start(*executor, slow(*executor, &runs));
  std::vector<Task<int>> awaiters;
  for (int i = 0; i < 8; ++i) awaiters.push_back(AwaitHotTwice(hot));
  absl::StatusOr<std::vector<int>> sums =
      RunSynchronously(*executor, WhenAll(*executor, std::move(awaiters)));
  ASSERT_TRUE(sums.ok()) << sums.status();
  for (int sum : *sums) EXPECT_EQ(sum, 42);
  EXPECT_EQ(runs.load(), 1);
}

TEST(HotTaskTest, AFailureReachesEveryAwaiter) {
  auto executor = Make(prospero::ExecutionModel::kCooperative, 1);
  std::atomic<int> runs{0};
  HotTask<int> hot = HotTask<int>::Start(*executor, Counted(*executor, &runs, true));
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(RunSynchronously(*executor, AwaitHotTwice(hot)).status(),
              absl::AbortedError("hot failure"));
  }
  EXPECT_EQ(runs.load(), 1);
}

Task<int> ParentWithChild(prospero::Executor& executor, std::vector<std::string>* log) {
  HotTask<int> child = co_await StartChild(
      executor, [](prospero::Executor& ex, std::vector<std::string>* log) -> Task<int> {
        log->push_back("child starts");
        co_await Sleep(ex, absl::Seconds(1));
        log->push_back("child ends");
        co_return 40;
      }(executor, log));
  log->push_back("parent goes on");
  int value = co_await child;
  co_return value + 2;
}

TEST(TaskTest, StartChildRunsAlongsideTheParentAndIsAwaitedLater) {
  auto executor = Make(prospero::ExecutionModel::kDeterministic);
  std::vector<std::string> log;
  EXPECT_EQ(RunSynchronously(*executor, ParentWithChild(*executor, &log)).value(), 42);
  EXPECT_EQ(log, (std::vector<std::string>{"parent goes on", "child starts", "child ends"}));
}

TEST(TaskTest, CancellingTheParentCancelsAStartedChild) {
  auto executor = Make(prospero::ExecutionModel::kDeterministic);
  CancellationSource source;
  auto parent = [&](prospero::Executor& ex) -> Task<int> {
    HotTask<int> child = co_await StartChild(ex, [](prospero::Executor& e) -> Task<int> {
      co_await Sleep(e, absl::Hours(1));
      co_return 1;
    }(ex));
    source.Cancel();
    co_return co_await child;
  };
  const absl::Time start = executor->Now();
  absl::StatusOr<int> result = RunSynchronously(*executor, parent(*executor), source.token());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
  EXPECT_LT(executor->Now() - start, absl::Hours(1));  // the child's sleep ended at once
}

TEST(TaskTest, StartReportsFailuresInsteadOfDroppingThem) {
  auto executor = Make(prospero::ExecutionModel::kCooperative);
  static std::vector<std::string>* reported = nullptr;
  std::vector<std::string> log;
  reported = &log;
  auto fails = []() -> Task<void> { co_await Fail(absl::UnavailableError("peer down")); };
  auto succeeds = []() -> Task<void> { co_return; };
  Start(*executor, fails(), [](const absl::Status& s) { reported->push_back(s.ToString()); });
  Start(*executor, succeeds(), [](const absl::Status& s) { reported->push_back(s.ToString()); });
  executor->RunUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"UNAVAILABLE: peer down"}));
}

TEST(TaskTest, AwaitingAllocatesNoGlobalHeapOnceWarm) {
  auto executor = Make(prospero::ExecutionModel::kCooperative);
  // Warm the pool's size classes on this thread (the cooperative executor runs here).
  ASSERT_EQ(RunSynchronously(*executor, Add(1, 2)).value(), 3);
  const FrameStats before = ThreadFrameStats();
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(RunSynchronously(*executor, Add(i, 1)).value(), i + 1);
  const FrameStats after = ThreadFrameStats();
  EXPECT_EQ(after.frames - before.frames, 3000u);  // Add + two Constants per run
  EXPECT_EQ(after.global_heap - before.global_heap, 0u);
}

TEST(TaskTest, FramesCanComeFromARegion) {
  auto executor = Make(prospero::ExecutionModel::kCooperative);
  prospero::Region region;
  const FrameStats before = ThreadFrameStats();
  {
    FramesFromRegion scope(region);
    ASSERT_EQ(RunSynchronously(*executor, Add(2, 3)).value(), 5);
  }
  EXPECT_EQ(ThreadFrameStats().global_heap, before.global_heap);
  EXPECT_GT(region.stats().bytes_allocated, 0u);
}

// Frames made on one thread and freed on another (an actor's messages, a task resumed on
// another worker) come back to the making thread through the shared depot instead of piling up
// on the freeing thread while the maker goes to the heap again.
TEST(FrameAllocatorTest, FramesFreedOnAnotherThreadReturnToTheMaker) {
  constexpr int kFrames = 100000;
  constexpr size_t kSize = 1000;  // a size class no other test here warms
  std::vector<void*> frames(kFrames);
  const FrameStats before = ThreadFrameStats();
  for (void*& frame : frames) frame = internal::AllocateFrame(kSize);
  std::thread freer([&] {
    for (void* frame : frames) internal::FreeFrame(frame, kSize);
  });
  freer.join();
  const FrameStats middle = ThreadFrameStats();
  for (void*& frame : frames) frame = internal::AllocateFrame(kSize);
  const FrameStats after = ThreadFrameStats();
  EXPECT_EQ(middle.frames - before.frames, static_cast<uint64_t>(kFrames));
  // The depot keeps 256 batches of 64 per size class: at least that many are reused.
  EXPECT_LE(after.global_heap - middle.global_heap, static_cast<uint64_t>(kFrames - 256 * 64));
  for (void* frame : frames) internal::FreeFrame(frame, kSize);
}

TEST(CancellationTest, ParentCancelsChildrenAndCallbacksRunOnce) {
  CancellationSource parent;
  CancellationSource child(parent.token());
  int parent_calls = 0, child_calls = 0;
  auto r1 = parent.token().OnCancel([&] { ++parent_calls; });
  auto r2 = child.token().OnCancel([&] { ++child_calls; });
  child.Cancel();  // a child does not cancel its parent
  EXPECT_TRUE(child.cancelled());
  EXPECT_FALSE(parent.cancelled());
  parent.Cancel();
  parent.Cancel();
  EXPECT_EQ(parent_calls, 1);
  EXPECT_EQ(child_calls, 1);
  int late = 0;
  auto r3 = parent.token().OnCancel([&] { ++late; });  // already cancelled: runs at once
  EXPECT_EQ(late, 1);
  CancellationSource grandchild(child.token());
  EXPECT_TRUE(grandchild.cancelled());
}

TEST(CancellationTest, ARegistrationThatEndsNeverRuns) {
  CancellationSource source;
  int calls = 0;
  {
    auto registration = source.token().OnCancel([&] { ++calls; });
  }
  source.Cancel();
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(CancellationToken().cancelled());
}

}  // namespace
}  // namespace frosty
