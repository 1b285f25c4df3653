// Prospero against oneTBB in one binary, both on 2 worker threads (the machine's core count):
//   fork_join_fib    fib(30), spawning below a sequential cutoff of n < 12, summed on join
//   skynet           a 10-ary tree of 1M leaves, each leaf its index, summed on the way up
//   parallel_for     a[i] = sqrt(i) * 1.5 over 4M doubles, split into 16K-element chunks
//   region_alloc     1000 allocations of 32 bytes, then release all (Region vs malloc/free)
// Prospero's tasks are continuation-passing: a parent never blocks; the last child to finish
// completes it. TBB's are task_group recursions (its idiomatic fork-join).
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "benchmark/benchmark.h"
#include "oneapi/tbb/global_control.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"
#include "oneapi/tbb/task_group.h"
#include "prospero/executor.h"
#include "prospero/region.h"
#include "support/sanitizers.h"

namespace {

constexpr int kWorkers = 2;
constexpr int kFibN = 30;
constexpr int kFibCutoff = 12;
constexpr int64_t kSkynetLeaves = 1000000;
constexpr size_t kForSize = size_t{1} << 22;
constexpr size_t kForGrain = size_t{1} << 14;

int64_t FibSequential(int n) { return n < 2 ? n : FibSequential(n - 1) + FibSequential(n - 2); }

std::unique_ptr<prospero::Executor> MakeExecutor() {
  return prospero::Executor::Create(
             prospero::PlatformConfig::Default().WithScheduler(
                 prospero::SchedulerConfig::Create().WithWorkerCount(kWorkers)))
      .value();
}

// A join node: `pending` children report their values into `sum`; the last one completes it.
struct Join {
  prospero::WorkItem work;
  Join* parent;
  std::atomic<int64_t> sum{0};
  std::atomic<int> pending{0};
  prospero::Executor* executor;
  int64_t a;  // task arguments: fib's n, or skynet's (first leaf, leaf count)
  int64_t b;
  int64_t* root_result;
};

// Reports `value` to the node's parent, completing ancestors whose last child this was.
void Complete(Join* node, int64_t value) {
  for (;;) {
    Join* parent = node->parent;
    int64_t* root_result = node->root_result;
    delete node;
    if (parent == nullptr) {
      *root_result = value;
      return;
    }
    parent->sum.fetch_add(value, std::memory_order_relaxed);
    if (parent->pending.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    node = parent;
    value = parent->sum.load(std::memory_order_relaxed);
  }
}

void FibTask(prospero::WorkItem* item, prospero::RunReason) {
  auto* node = reinterpret_cast<Join*>(item);
  const int n = static_cast<int>(node->a);
  if (n < kFibCutoff) {
    Complete(node, FibSequential(n));
    return;
  }
  node->pending.store(2, std::memory_order_relaxed);
  // Spawn fib(n-1), run fib(n-2) here: the same shape as the TBB version below.
  auto* spawned = new Join{{&FibTask}, node, {0}, {0}, node->executor, n - 1, 0, nullptr};
  auto* inline_child = new Join{{&FibTask}, node, {0}, {0}, node->executor, n - 2, 0, nullptr};
  node->executor->Submit(&spawned->work);
  FibTask(&inline_child->work, prospero::RunReason::kRun);
}

void SkynetTask(prospero::WorkItem* item, prospero::RunReason) {
  auto* node = reinterpret_cast<Join*>(item);
  const int64_t first = node->a, count = node->b;
  if (count == 1) {
    Complete(node, first);
    return;
  }
  const int64_t step = count / 10;
  node->pending.store(10, std::memory_order_relaxed);
  for (int k = 0; k < 10; ++k) {
    auto* child =
        new Join{{&SkynetTask}, node, {0}, {0}, node->executor, first + k * step, step, nullptr};
    node->executor->Submit(&child->work);
  }
}

int64_t RunRoot(prospero::Executor& executor,
                void (*task)(prospero::WorkItem*, prospero::RunReason), int64_t a, int64_t b) {
  int64_t result = -1;
  auto* root = new Join{{task}, nullptr, {0}, {0}, &executor, a, b, &result};
  executor.Submit(&root->work);
  executor.RunUntilIdle();
  return result;
}

void BM_FibProspero(benchmark::State& state) {
  auto executor = MakeExecutor();
  for (auto _ : state) {
    int64_t result = RunRoot(*executor, &FibTask, kFibN, 0);
    if (result != 832040) state.SkipWithError("wrong fib");
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_FibProspero)
    ->Name("fork_join_fib30/fidelity")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

[[maybe_unused]] int64_t FibTbb(int n) {
  if (n < kFibCutoff) return FibSequential(n);
  int64_t x = 0, y = 0;
  tbb::task_group group;
  group.run([&] { x = FibTbb(n - 1); });
  y = FibTbb(n - 2);
  group.wait();
  return x + y;
}

[[maybe_unused]] void BM_FibTbb(benchmark::State& state) {
  tbb::task_arena arena(kWorkers);
  for (auto _ : state) {
    int64_t result = arena.execute([] { return FibTbb(kFibN); });
    if (result != 832040) state.SkipWithError("wrong fib");
    benchmark::DoNotOptimize(result);
  }
}
#if !FIDELITY_TSAN  // libtbb is not instrumented: TSan cannot see its synchronization
BENCHMARK(BM_FibTbb)->Name("fork_join_fib30/tbb")->UseRealTime()->Unit(benchmark::kMillisecond);
#endif

constexpr int64_t kSkynetSum = kSkynetLeaves * (kSkynetLeaves - 1) / 2;

void BM_SkynetProspero(benchmark::State& state) {
  auto executor = MakeExecutor();
  for (auto _ : state) {
    int64_t result = RunRoot(*executor, &SkynetTask, 0, kSkynetLeaves);
    if (result != kSkynetSum) state.SkipWithError("wrong skynet sum");
  }
}
BENCHMARK(BM_SkynetProspero)
    ->Name("skynet_1m/fidelity")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

[[maybe_unused]] int64_t SkynetTbb(int64_t first, int64_t count) {
  if (count == 1) return first;
  const int64_t step = count / 10;
  int64_t sums[10];
  tbb::task_group group;
  for (int k = 0; k < 10; ++k) group.run([&, k] { sums[k] = SkynetTbb(first + k * step, step); });
  group.wait();
  int64_t total = 0;
  for (int64_t s : sums) total += s;
  return total;
}

[[maybe_unused]] void BM_SkynetTbb(benchmark::State& state) {
  tbb::task_arena arena(kWorkers);
  for (auto _ : state) {
    int64_t result = arena.execute([] { return SkynetTbb(0, kSkynetLeaves); });
    if (result != kSkynetSum) state.SkipWithError("wrong skynet sum");
  }
}
#if !FIDELITY_TSAN  // libtbb is not instrumented: TSan cannot see its synchronization
BENCHMARK(BM_SkynetTbb)->Name("skynet_1m/tbb")->UseRealTime()->Unit(benchmark::kMillisecond);
#endif

// parallel_for: recursive halving down to the grain, as TBB's simple partitioner does.
struct ForTask {
  prospero::WorkItem work;
  prospero::Executor* executor;
  double* data;
  size_t begin, end;
};

void ForBody(double* data, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) data[i] = std::sqrt(static_cast<double>(i)) * 1.5;
}

void ForRun(prospero::WorkItem* item, prospero::RunReason) {
  auto* task = reinterpret_cast<ForTask*>(item);
  while (task->end - task->begin > kForGrain) {
    const size_t middle = task->begin + (task->end - task->begin) / 2;
    auto* right = new ForTask{{&ForRun}, task->executor, task->data, middle, task->end};
    task->end = middle;
    task->executor->Submit(&right->work);
  }
  ForBody(task->data, task->begin, task->end);
  delete task;
}

void BM_ParallelForProspero(benchmark::State& state) {
  auto executor = MakeExecutor();
  std::vector<double> data(kForSize);
  for (auto _ : state) {
    executor->Submit(&(new ForTask{{&ForRun}, executor.get(), data.data(), 0, kForSize})->work);
    executor->RunUntilIdle();
    benchmark::DoNotOptimize(data.data());
  }
  if (data[kForSize - 1] != std::sqrt(static_cast<double>(kForSize - 1)) * 1.5) {
    state.SkipWithError("parallel_for missed elements");
  }
}
BENCHMARK(BM_ParallelForProspero)
    ->Name("parallel_for_4m/fidelity")
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

[[maybe_unused]] void BM_ParallelForTbb(benchmark::State& state) {
  tbb::task_arena arena(kWorkers);
  std::vector<double> data(kForSize);
  for (auto _ : state) {
    arena.execute([&] {
      tbb::parallel_for(
          tbb::blocked_range<size_t>(0, kForSize, kForGrain),
          [&](const tbb::blocked_range<size_t>& r) { ForBody(data.data(), r.begin(), r.end()); },
          tbb::simple_partitioner());
    });
    benchmark::DoNotOptimize(data.data());
  }
}
#if !FIDELITY_TSAN  // libtbb is not instrumented: TSan cannot see its synchronization
BENCHMARK(BM_ParallelForTbb)
    ->Name("parallel_for_4m/tbb")
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
#endif

constexpr int kAllocations = 1000;

void BM_RegionAlloc(benchmark::State& state) {
  prospero::Region region;
  for (auto _ : state) {
    for (int i = 0; i < kAllocations; ++i) benchmark::DoNotOptimize(region.Allocate(32, 8));
    region.Reset();
  }
}
BENCHMARK(BM_RegionAlloc)->Name("alloc_1000x32B/fidelity");

void BM_MallocFree(benchmark::State& state) {
  std::vector<void*> blocks(kAllocations);
  for (auto _ : state) {
    for (int i = 0; i < kAllocations; ++i) {
      blocks[i] = std::malloc(32);
      benchmark::DoNotOptimize(blocks[i]);
    }
    for (void* block : blocks) std::free(block);
  }
}
BENCHMARK(BM_MallocFree)->Name("alloc_1000x32B/malloc");

}  // namespace
