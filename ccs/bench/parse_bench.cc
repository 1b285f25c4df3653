// Front-end throughput: lex + offside rule + parse of a generated 100k-line Clef program.
// Goal (issue 7): at least 1M lines/s. Run: bazel run -c opt //ccs/bench:parse_bench
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "ccs/parse/parse.h"

namespace {

// A deterministic program mixing the first-version constructs, `lines` lines long.
std::string GenerateProgram(int lines) {
  std::string out = "module Generated\n\nopen System\n\n";
  int n = 4;
  for (int i = 0; n < lines; ++i) {
    absl::StrAppend(&out, "type Shape", i,
                    " =\n"
                    "    | Circle of float\n"
                    "    | Rect of float * float\n\n"
                    "type Point",
                    i,
                    " = { X: float; Y: float }\n\n"
                    "let area",
                    i,
                    " shape =\n"
                    "    match shape with\n"
                    "    | Circle r when r > 0.0 -> 3.14 * r * r\n"
                    "    | Rect (w, h) -> w * h\n"
                    "    | _ -> 0.0\n\n"
                    "let rec sum",
                    i,
                    " xs =\n"
                    "    match xs with\n"
                    "    | [] -> 0\n"
                    "    | h :: t -> h + sum",
                    i,
                    " t\n\n"
                    "let total",
                    i,
                    " =\n"
                    "    [1; 2; 3; ",
                    i,
                    "]\n"
                    "    |> List.map (fun x -> x * 2 + 1)\n"
                    "    |> List.filter (fun x -> x % 3 <> 0)\n"
                    "    |> List.sum\n\n"
                    "let work",
                    i,
                    " = async {\n"
                    "    let! data = fetch \"item",
                    i,
                    "\"\n"
                    "    let p = { X = 1.0; Y = float data }\n"
                    "    if p.X > p.Y then printfn \"%d\" ",
                    i,
                    " else ()\n"
                    "    return p\n"
                    "}\n\n");
    n += 31;
  }
  return out;
}

void BM_Parse(benchmark::State& state) {
  constexpr int kLines = 100000;
  const int lines = kLines;
  const std::string text = GenerateProgram(lines);
  for (auto _ : state) {
    ccs::SourceFile source("generated.clef", text);
    ccs::CollectingConsumer consumer;
    ccs::DiagnosticEngine diags(source, consumer);
    ccs::ParseResult r = ccs::ParseFile(source, diags);
    benchmark::DoNotOptimize(r.ast.size());
    if (diags.error_count() != 0) state.SkipWithError("generated program has errors");
  }
  state.counters["lines_per_s"] =
      benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_Parse)->Name("parse_100k_lines/fidelity")->Unit(benchmark::kMillisecond);

}  // namespace
