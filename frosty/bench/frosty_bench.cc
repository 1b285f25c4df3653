// Frosty's tasks against their peers, in one binary:
//   skynet_1m      a 10-ary tree of 1M leaf tasks summed through WhenAll on a 2-worker
//                  executor, against the same program in Go (goroutines and channels,
//                  GOMAXPROCS=2; built from skynet.go and run by this binary, manual time) and
//                  in plain C++20 coroutines (one thread, children awaited in turn)
//   await_1000x    1000 sequential co_awaits of a task that returns at once, against a minimal
//                  plain C++20 lazy task whose frames come from operator new
// Counter allocs_per_await: global operator new calls per await (both sides counted alike).
#include <sys/wait.h>

#include <atomic>
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "frosty/task.h"
#include "support/allocation_counter.h"
#include "prospero/executor.h"


namespace {

std::unique_ptr<prospero::Executor> Make(prospero::ExecutionModel model, int workers) {
  return prospero::Executor::Create(
             prospero::PlatformConfig::Default().WithExecutionModel(model).WithScheduler(
                 prospero::SchedulerConfig::Create().WithWorkerCount(workers)))
      .value();
}

constexpr int64_t kLeaves = 1000000;
constexpr int64_t kSkynetSum = kLeaves * (kLeaves - 1) / 2;

frosty::Task<int64_t> Skynet(prospero::Executor& executor, int64_t num, int64_t size) {
  if (size == 1) co_return num;
  std::vector<frosty::Task<int64_t>> children;
  children.reserve(10);
  for (int64_t i = 0; i < 10; ++i)
    children.push_back(Skynet(executor, num + i * (size / 10), size / 10));
  std::vector<int64_t> sums = co_await frosty::WhenAll(executor, std::move(children));
  int64_t total = 0;
  for (int64_t sum : sums) total += sum;
  co_return total;
}

void BM_SkynetFrosty(benchmark::State& state) {
  auto executor = Make(prospero::ExecutionModel::kWorkStealing, 2);
  for (auto _ : state) {
    absl::StatusOr<int64_t> sum =
        frosty::RunSynchronously(*executor, Skynet(*executor, 0, kLeaves));
    if (!sum.ok() || *sum != kSkynetSum) state.SkipWithError("wrong skynet sum");
  }
}
BENCHMARK(BM_SkynetFrosty)
    ->Name("skynet_1m/fidelity")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Builds frosty/bench/skynet.go once and reports its own measurement of one run per iteration.
void BM_SkynetGo(benchmark::State& state) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/frosty_bench_go";
  const std::string build = "mkdir -p " + dir + " && cd " + dir +
                            " && cp \"$OLDPWD/frosty/bench/skynet.go\" . && " + "GOCACHE=" + dir +
                            "/cache GO111MODULE=off go build -o skynet skynet.go 2>&1";
  if (std::system(("command -v go >/dev/null && " + build + " >/dev/null").c_str()) != 0) {
    state.SkipWithError(
        "go is not installed (apt-get install golang-go) or skynet.go did not build");
    return;
  }
  for (auto _ : state) {
    FILE* out = popen(("GOMAXPROCS=2 " + dir + "/skynet 1").c_str(), "r");
    long long ns = -1;
    if (out == nullptr || std::fscanf(out, "%lld", &ns) != 1 || pclose(out) != 0 || ns <= 0) {
      state.SkipWithError("the Go skynet failed");
      return;
    }
    state.SetIterationTime(static_cast<double>(ns) / 1e9);
  }
}
BENCHMARK(BM_SkynetGo)->Name("skynet_1m/go")->UseManualTime()->Unit(benchmark::kMillisecond);

constexpr int kAwaits = 1000;

frosty::Task<int> One() { co_return 1; }

frosty::Task<int64_t> AwaitLoop() {
  int64_t sum = 0;
  for (int i = 0; i < kAwaits; ++i) sum += co_await One();
  co_return sum;
}

void BM_AwaitFrosty(benchmark::State& state) {
  auto executor = Make(prospero::ExecutionModel::kCooperative, 1);
  (void)frosty::RunSynchronously(*executor, AwaitLoop());  // warm the frame pool
  const uint64_t news_before = fidelity::GlobalAllocations();
  for (auto _ : state) {
    absl::StatusOr<int64_t> sum = frosty::RunSynchronously(*executor, AwaitLoop());
    benchmark::DoNotOptimize(sum);
  }
  state.counters["allocs_per_await"] =
      static_cast<double>(fidelity::GlobalAllocations() - news_before) / (state.iterations() * kAwaits);
}
BENCHMARK(BM_AwaitFrosty)->Name("await_1000x/fidelity");

// A minimal lazy C++20 task: heap frames, symmetric transfer, no error channel.
template <typename T>
struct PlainTask {
  struct promise_type {
    T value{};
    std::coroutine_handle<> continuation = std::noop_coroutine();
    PlainTask get_return_object() {
      return PlainTask{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().continuation;
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
  explicit PlainTask(std::coroutine_handle<promise_type> h) : handle(h) {}
  PlainTask(PlainTask&& other) noexcept : handle(std::exchange(other.handle, {})) {}
  ~PlainTask() {
    if (handle) handle.destroy();
  }
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) {
    handle.promise().continuation = awaiter;
    return handle;
  }
  T await_resume() { return handle.promise().value; }
  std::coroutine_handle<promise_type> handle;
};

PlainTask<int> PlainOne() { co_return 1; }

PlainTask<int64_t> PlainAwaitLoop() {
  int64_t sum = 0;
  for (int i = 0; i < kAwaits; ++i) sum += co_await PlainOne();
  co_return sum;
}

// Skynet with the plain task: one thread, each child awaited in turn (no scheduler to spread
// it), so it measures what a tree of 1.11M plain coroutine frames costs.
PlainTask<int64_t> PlainSkynet(int64_t num, int64_t size) {
  if (size == 1) co_return num;
  int64_t total = 0;
  for (int64_t i = 0; i < 10; ++i) total += co_await PlainSkynet(num + i * (size / 10), size / 10);
  co_return total;
}

[[maybe_unused]] void BM_SkynetPlainCpp(benchmark::State& state) {
  for (auto _ : state) {
    PlainTask<int64_t> task = PlainSkynet(0, kLeaves);
    task.handle.resume();
    if (task.handle.promise().value != kSkynetSum) state.SkipWithError("wrong skynet sum");
  }
}
#ifdef NDEBUG
// Only `-c opt` builds reliably make symmetric transfer a tail call: at -O0 (the benchmark's
// smoke test), and under the sanitizers' instrumentation even at -O1, 1.11M awaits completing
// in turn nest on the stack and overflow it.
BENCHMARK(BM_SkynetPlainCpp)->Name("skynet_1m/cpp")->UseRealTime()->Unit(benchmark::kMillisecond);
#endif

void BM_AwaitPlainCpp(benchmark::State& state) {
  const uint64_t news_before = fidelity::GlobalAllocations();
  for (auto _ : state) {
    PlainTask<int64_t> task = PlainAwaitLoop();
    task.handle.resume();
    benchmark::DoNotOptimize(task.handle.promise().value);
  }
  state.counters["allocs_per_await"] =
      static_cast<double>(fidelity::GlobalAllocations() - news_before) / (state.iterations() * kAwaits);
}
BENCHMARK(BM_AwaitPlainCpp)->Name("await_1000x/cpp");

}  // namespace
