// main() for every Fidelity benchmark binary (cc_benchmark uses it).
//
// Benchmarks are named "<bench>/<system>[/<args>...]" with ->Name(...), where system is
// `fidelity` for ours and the peer's lowercase name otherwise (protobuf, tbb, go, ...). Besides
// Google Benchmark's usual console output this prints a comparison table (each peer's time as a
// multiple of fidelity's on the same bench) and, with --json=FILE, writes the records that
// docs/BENCHMARKS.md and scripts compare over time:
//   [{"bench": "...", "system": "...", "metric": "time", "value": 12.5, "unit": "ns"}, ...]
// User counters (state.counters["bytes"], ...) become further metrics of the same record shape.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "benchmark/benchmark.h"

namespace {

struct Record {
  std::string bench;
  std::string system;
  std::string metric;
  double value;
  std::string unit;
};

// Splits "encode/fidelity/64/real_time" into bench "encode/64" and system "fidelity"; the
// benchmark library's own suffixes ("real_time", "threads:2", "iterations:1") are dropped.
std::pair<std::string, std::string> SplitName(const std::string& name) {
  std::vector<std::string> parts;
  for (absl::string_view part : absl::StrSplit(name, '/')) {
    if (part == "real_time" || part == "manual_time" || part.find(':') != absl::string_view::npos) {
      continue;
    }
    parts.emplace_back(part);
  }
  if (parts.size() < 2) return {name, "fidelity"};
  std::string system = parts[1];
  parts.erase(parts.begin() + 1);
  return {absl::StrJoin(parts, "/"), system};
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Collects every run while the console reporter prints as usual.
class CollectingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      // With --benchmark_repetitions, only the mean stands for the benchmark.
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "mean") continue;
      auto [bench, system] = SplitName(run.run_name.str());
      const std::string unit = benchmark::GetTimeUnitString(run.time_unit);
      std::vector<Record>& slot = latest_[{bench, system}];
      slot.clear();
      slot.push_back({bench, system, "time", run.GetAdjustedRealTime(), unit});
      slot.push_back({bench, system, "cpu_time", run.GetAdjustedCPUTime(), unit});
      for (const auto& [name, counter] : run.counters) {
        const bool rate = (counter.flags & benchmark::Counter::kIsRate) != 0;
        slot.push_back({bench, system, name, counter.value, rate ? "per_s" : "count"});
      }
    }
  }

  std::vector<Record> Records() const {
    std::vector<Record> records;
    for (const auto& [key, slot] : latest_) records.insert(records.end(), slot.begin(), slot.end());
    return records;
  }

  void PrintComparison() const {
    std::map<std::string, double> fidelity_time;
    for (const auto& [key, slot] : latest_) {
      if (key.second == "fidelity") fidelity_time[key.first] = slot.front().value;
    }
    std::printf("\n%-40s %-12s %14s %8s %14s  %s\n", "bench", "system", "time", "unit",
                "x fidelity", "counters");
    for (const auto& [key, slot] : latest_) {
      const Record& time = slot.front();
      std::string ratio = "-";
      auto base = fidelity_time.find(key.first);
      if (base != fidelity_time.end() && base->second > 0) {
        ratio = absl::StrFormat("%.2f", time.value / base->second);
      }
      std::vector<std::string> counters;
      for (size_t i = 2; i < slot.size(); ++i) {
        counters.push_back(absl::StrFormat("%s=%g", slot[i].metric, slot[i].value));
      }
      std::printf("%-40s %-12s %14.2f %8s %14s  %s\n", key.first.c_str(), key.second.c_str(),
                  time.value, time.unit.c_str(), ratio.c_str(),
                  absl::StrJoin(counters, " ").c_str());
    }
    std::printf(
        "(x fidelity: the system's time as a multiple of fidelity's; above 1 means "
        "fidelity is faster)\n");
  }

 private:
  std::map<std::pair<std::string, std::string>, std::vector<Record>> latest_;
};

bool WriteJson(const std::string& path, const std::vector<Record>& records) {
  std::ofstream out(path);
  out << "[\n";
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    out << absl::StrFormat(
        "  {\"bench\": %s, \"system\": %s, \"metric\": %s, \"value\": %.17g, "
        "\"unit\": %s}%s\n",
        JsonString(r.bench), JsonString(r.system), JsonString(r.metric), r.value,
        JsonString(r.unit), i + 1 < records.size() ? "," : "");
  }
  out << "]\n";
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  std::string json_path;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--json=", 7) == 0) {
      json_path = argv[i] + 7;
    } else if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
      json_path = argv[++i];
    } else {
      args.push_back(argv[i]);
    }
  }
  int benchmark_argc = static_cast<int>(args.size());
  benchmark::Initialize(&benchmark_argc, args.data());
  if (benchmark::ReportUnrecognizedArguments(benchmark_argc, args.data())) return 2;

  CollectingReporter reporter;
  if (benchmark::RunSpecifiedBenchmarks(&reporter) == 0) {
    std::fprintf(stderr, "no benchmark matched\n");
    return 1;
  }
  reporter.PrintComparison();
  if (!json_path.empty()) {
    if (!WriteJson(json_path, reporter.Records())) {
      std::fprintf(stderr, "cannot write %s\n", json_path.c_str());
      return 1;
    }
    std::printf("wrote %zu records to %s\n", reporter.Records().size(), json_path.c_str());
  }
  benchmark::Shutdown();
  return 0;
}
