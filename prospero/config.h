// Prospero's configuration values, built fluently as the seeds write them:
//
//   auto scheduler = prospero::SchedulerConfig::Create()
//                        .WithWorkerCount(4)
//                        .WithPriorities({"critical", "normal", "background"});
//   auto platform = prospero::PlatformConfig::Default()
//                       .WithExecutionModel(prospero::ExecutionModel::kWorkStealing)
//                       .WithMemoryStrategy(prospero::MemoryStrategy::kRegionBased)
//                       .WithScheduler(scheduler);
//   absl::Status ok = platform.Validate();
#ifndef FIDELITY_PROSPERO_CONFIG_H_
#define FIDELITY_PROSPERO_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "prospero/memory_strategy.h"

namespace prospero {

// How work runs: many threads stealing from each other (servers), one thread running each item
// to completion (embedded), or one thread choosing among ready items with a seeded random
// generator (tests that replay an interleaving).
enum class ExecutionModel { kWorkStealing, kCooperative, kDeterministic };

const char* ExecutionModelName(ExecutionModel model);
const char* MemoryStrategyName(MemoryStrategy strategy);

class SchedulerConfig {
 public:
  // The largest worker count Validate() accepts.
  static constexpr int kMaxWorkers = 256;
  // The most priority classes Validate() accepts.
  static constexpr int kMaxPriorities = 8;

  // One worker per hardware thread, one priority class named "normal".
  static SchedulerConfig Create();

  SchedulerConfig& WithWorkerCount(int workers);
  // Highest first. Work is submitted with a class's index (0 = highest).
  SchedulerConfig& WithPriorities(std::vector<std::string> names);
  SchedulerConfig& WithSeed(uint64_t seed);  // for the deterministic executor

  int worker_count() const { return worker_count_; }
  const std::vector<std::string>& priorities() const { return priorities_; }
  uint64_t seed() const { return seed_; }
  // The index of a named class, or -1.
  int PriorityIndex(const std::string& name) const;

  // Workers within 1..kMaxWorkers; 1..kMaxPriorities classes, names unique and non-empty.
  absl::Status Validate() const;

 private:
  int worker_count_ = 1;
  std::vector<std::string> priorities_ = {"normal"};
  uint64_t seed_ = 1;
};

class PlatformConfig {
 public:
  // Work-stealing, region-based memory, SchedulerConfig::Create().
  static PlatformConfig Default();

  PlatformConfig& WithExecutionModel(ExecutionModel model);
  PlatformConfig& WithMemoryStrategy(MemoryStrategy strategy);
  PlatformConfig& WithScheduler(SchedulerConfig scheduler);

  ExecutionModel execution_model() const { return execution_model_; }
  MemoryStrategy memory_strategy() const { return memory_strategy_; }
  const SchedulerConfig& scheduler() const { return scheduler_; }

  // The scheduler's rules, plus: cooperative and deterministic execution run one worker.
  absl::Status Validate() const;

 private:
  ExecutionModel execution_model_ = ExecutionModel::kWorkStealing;
  MemoryStrategy memory_strategy_ = MemoryStrategy::kRegionBased;
  SchedulerConfig scheduler_ = SchedulerConfig::Create();
};

}  // namespace prospero

#endif  // FIDELITY_PROSPERO_CONFIG_H_
