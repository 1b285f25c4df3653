// Type-check throughput: name resolution and Hindley–Milner inference (ccs::CheckFile) over a
// generated ~100k-line Clef program that type-checks without a diagnostic.
// Run: bazel run -c opt //ccs/bench:check_bench -- --benchmark_repetitions=3
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "ccs/diag/diagnostics.h"
#include "ccs/diag/source.h"
#include "ccs/parse/parse.h"
#include "ccs/sema/check.h"

namespace {

constexpr int kMinLines = 100000;

// One nested module of the checker's core constructs (computation expressions and classes are
// left out): generic recursive unions, records, tuples, lists, arrays, options, guarded matches,
// let rec .. and, if/elif/else, for/while over mutable locals, printf formats, a nested module,
// the List/Array/Option/String prelude, and a qualified reference to the previous block.
void AppendBlock(std::string& out, int i) {
  absl::StrAppend(&out, "module Block", i,
                  " =\n"
                  "    type Shape =\n"
                  "        | Circle of float\n"
                  "        | Rect of float * float\n"
                  "        | Empty\n"
                  "\n"
                  "    type Tree<'a> =\n"
                  "        | Leaf\n"
                  "        | Node of Tree<'a> * 'a * Tree<'a>\n"
                  "\n"
                  "    type Point = { X: float; Y: float }\n"
                  "\n"
                  "    let area shape =\n"
                  "        match shape with\n"
                  "        | Circle r when r > 0.0 -> 3.14 * r * r\n"
                  "        | Circle _ -> 0.0\n"
                  "        | Rect (w, h) -> w * h\n"
                  "        | Empty -> 0.0\n"
                  "\n"
                  "    let rec insert x tree =\n"
                  "        match tree with\n"
                  "        | Leaf -> Node (Leaf, x, Leaf)\n"
                  "        | Node (l, v, r) when x < v -> Node (insert x l, v, r)\n"
                  "        | Node (l, v, r) -> Node (l, v, insert x r)\n"
                  "\n"
                  "    let rec size tree =\n"
                  "        match tree with\n"
                  "        | Leaf -> 0\n"
                  "        | Node (l, _, r) -> size l + 1 + size r\n"
                  "\n"
                  "    let rec even n = if n = 0 then true else odd (n - 1)\n"
                  "    and odd n = if n = 0 then false else even (n - 1)\n"
                  "\n"
                  "    let classify n =\n"
                  "        if n < 0 then \"negative\"\n"
                  "        elif n = 0 then \"zero\"\n"
                  "        elif n < ",
                  i + 10,
                  " then \"small\"\n"
                  "        else \"large\"\n"
                  "\n"
                  "    let total =\n"
                  "        [1; 2; 3; ",
                  i,
                  "]\n"
                  "        |> List.map (fun x -> x * 2 + 1)\n"
                  "        |> List.filter (fun x -> x % 3 <> 0)\n"
                  "        |> List.sum\n"
                  "\n"
                  "    let sumTo n =\n"
                  "        let mutable acc = 0\n"
                  "        for k = 1 to n do\n"
                  "            acc <- acc + k\n"
                  "        acc\n"
                  "\n"
                  "    let sumList xs =\n"
                  "        let mutable acc = 0\n"
                  "        for x in xs do\n"
                  "            acc <- acc + x\n"
                  "        acc\n"
                  "\n"
                  "    let countdown n =\n"
                  "        let mutable k = n\n"
                  "        let mutable steps = 0\n"
                  "        while k > 0 do\n"
                  "            k <- k - 1\n"
                  "            steps <- steps + 1\n"
                  "        steps\n"
                  "\n"
                  "    let scale k p = { X = k * p.X; Y = k * p.Y }\n"
                  "    let dist p = sqrt (p.X * p.X + p.Y * p.Y)\n"
                  "    let origin = { X = 0.0; Y = 0.0 }\n"
                  "    let moved = scale 2.0 { origin with Y = float ",
                  i,
                  " }\n"
                  "    let squares = Array.init 10 (fun k -> k * k)\n"
                  "    let evens = squares |> Array.filter (fun x -> x % 2 = 0) |> Array.length\n"
                  "    let firstBig = List.tryFind (fun x -> x > ",
                  i,
                  ") [1; 2; 3]\n"
                  "    let big = firstBig |> Option.map (fun x -> x + 1) |> Option.defaultValue 0\n"
                  "    let tree = List.fold (fun t x -> insert x t) Leaf [5; 3; 8; ",
                  i,
                  "]\n"
                  "    let pair = (size tree, classify (sumTo ",
                  i % 100,
                  " - countdown evens))\n"
                  "    let label = sprintf \"%s has %d nodes\" (snd pair) (fst pair)\n"
                  "    let name = String.concat \", \" [\"a\"; \"b\"; label]\n"
                  "\n"
                  "    module Inner =\n"
                  "        let twice f x = f (f x)\n"
                  "        let shout s = s + \"!\"\n"
                  "        let width = String.length (twice shout \"go\")\n"
                  "\n");
  const std::string previous = i > 0 ? absl::StrCat("Block", i - 1, ".total + ") : "";
  absl::StrAppend(&out, "    let chained = ", previous,
                  "total + big + sumList (Array.toList squares)\n"
                  "    printfn \"%d %f %s %d %b\" chained (area (Rect (2.0, dist moved))) name "
                  "Inner.width (even ",
                  i,
                  ")\n"
                  "\n");
}

// A deterministic program of at least `min_lines` lines.
std::string GenerateProgram(int min_lines, int& lines) {
  std::string out = "module Generated\n\n";
  lines = 2;
  for (int i = 0; lines < min_lines; ++i) {
    const size_t before = out.size();
    AppendBlock(out, i);
    for (size_t k = before; k < out.size(); ++k) lines += out[k] == '\n';
  }
  return out;
}

// The program is generated once; it must parse and check without any diagnostic (an error, or
// a warning such as an incomplete match, would measure the diagnostic path instead), else the
// benchmark stops with the first one before timing anything.
const std::string& Program(int& lines) {
  static int program_lines = 0;
  static const std::string* const text = [] {
    auto* generated = new std::string(GenerateProgram(kMinLines, program_lines));
    ccs::SourceFile source("generated.clef", *generated);
    ccs::StringConsumer consumer;
    ccs::DiagnosticEngine diags(source, consumer);
    ccs::ParseResult parsed = ccs::ParseFile(source, diags);
    ccs::CheckResult checked = ccs::CheckFile(parsed, diags);
    if (!checked.ok || !consumer.text().empty()) {
      const std::string& report = consumer.text();
      const size_t next = report.find("\ngenerated.clef:");
      std::fprintf(stderr, "check_bench: the generated program is not clean:\n%s\n",
                   report.substr(0, next).c_str());
      std::abort();
    }
    return generated;
  }();
  lines = program_lines;
  return *text;
}

void SetCounters(benchmark::State& state, int lines, const std::string& text) {
  state.counters["lines_per_s"] =
      benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["lines"] = static_cast<double>(lines);
  state.counters["bytes"] = static_cast<double>(text.size());
}

// CheckFile only: the program is parsed once, outside the timed loop.
void BM_Check(benchmark::State& state) {
  int lines = 0;
  const std::string& text = Program(lines);
  ccs::SourceFile source("generated.clef", text);
  ccs::CollectingConsumer parse_consumer;
  ccs::DiagnosticEngine parse_diags(source, parse_consumer);
  const ccs::ParseResult parsed = ccs::ParseFile(source, parse_diags);
  for (auto _ : state) {
    ccs::CollectingConsumer consumer;
    ccs::DiagnosticEngine diags(source, consumer);
    ccs::CheckResult checked = ccs::CheckFile(parsed, diags);
    benchmark::DoNotOptimize(checked.signatures.size());
    if (!checked.ok) state.SkipWithError("generated program has type errors");
  }
  SetCounters(state, lines, text);
}
BENCHMARK(BM_Check)->Name("check_100k_lines/fidelity")->Unit(benchmark::kMillisecond);

// Lex, offside rule, parse and check, as the driver runs them.
void BM_ParseAndCheck(benchmark::State& state) {
  int lines = 0;
  const std::string& text = Program(lines);
  for (auto _ : state) {
    ccs::SourceFile source("generated.clef", text);
    ccs::CollectingConsumer consumer;
    ccs::DiagnosticEngine diags(source, consumer);
    ccs::ParseResult parsed = ccs::ParseFile(source, diags);
    ccs::CheckResult checked = ccs::CheckFile(parsed, diags);
    benchmark::DoNotOptimize(checked.signatures.size());
    if (!checked.ok) state.SkipWithError("generated program has errors");
  }
  SetCounters(state, lines, text);
}
BENCHMARK(BM_ParseAndCheck)
    ->Name("parse_and_check_100k_lines/fidelity")
    ->Unit(benchmark::kMillisecond);

}  // namespace
