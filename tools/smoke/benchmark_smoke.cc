// A Google Benchmark binary; its cc_benchmark test runs every benchmark for one iteration.
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"

namespace {

void BM_StrCat(benchmark::State& state) {
  int i = 0;
  for (auto _ : state) {
    std::string s = absl::StrCat("actor-", i++, "-", state.range(0));
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_StrCat)->Arg(8);

}  // namespace
