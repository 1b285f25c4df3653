// A Google Benchmark binary; its cc_benchmark test runs every benchmark for one iteration.
// Two "systems" on one bench exercise the comparison table of //tools/bench:bench_main.
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"

namespace {

void BM_AbslStrCat(benchmark::State& state) {
  int i = 0;
  for (auto _ : state) {
    std::string s = absl::StrCat("actor-", i++, "-", state.range(0));
    benchmark::DoNotOptimize(s);
  }
  state.counters["bytes"] = static_cast<double>(absl::StrCat("actor-", i, "-", 8).size());
}
BENCHMARK(BM_AbslStrCat)->Name("concat/fidelity")->Arg(8);

void BM_Ostringstream(benchmark::State& state) {
  int i = 0;
  for (auto _ : state) {
    std::ostringstream out;
    out << "actor-" << i++ << "-" << state.range(0);
    std::string s = out.str();
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_Ostringstream)->Name("concat/cpp")->Arg(8);

}  // namespace
