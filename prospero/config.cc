#include "prospero/config.h"

#include <thread>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace prospero {

const char* ExecutionModelName(ExecutionModel model) {
  switch (model) {
    case ExecutionModel::kWorkStealing:
      return "WorkStealing";
    case ExecutionModel::kCooperative:
      return "Cooperative";
    case ExecutionModel::kDeterministic:
      return "Deterministic";
  }
  return "unknown";
}

const char* MemoryStrategyName(MemoryStrategy strategy) {
  switch (strategy) {
    case MemoryStrategy::kRegionBased:
      return "RegionBased";
    case MemoryStrategy::kPooled:
      return "Pooled";
    case MemoryStrategy::kSystem:
      return "System";
  }
  return "unknown";
}

SchedulerConfig SchedulerConfig::Create() {
  SchedulerConfig config;
  const unsigned hardware = std::thread::hardware_concurrency();
  config.worker_count_ = hardware == 0 ? 1 : static_cast<int>(hardware);
  return config;
}

SchedulerConfig& SchedulerConfig::WithWorkerCount(int workers) {
  worker_count_ = workers;
  return *this;
}

SchedulerConfig& SchedulerConfig::WithPriorities(std::vector<std::string> names) {
  priorities_ = std::move(names);
  return *this;
}

SchedulerConfig& SchedulerConfig::WithSeed(uint64_t seed) {
  seed_ = seed;
  return *this;
}

int SchedulerConfig::PriorityIndex(const std::string& name) const {
  for (size_t i = 0; i < priorities_.size(); ++i) {
    if (priorities_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

absl::Status SchedulerConfig::Validate() const {
  if (worker_count_ < 1 || worker_count_ > kMaxWorkers) {
    return absl::InvalidArgumentError(
        absl::StrCat("worker count must be within 1..", kMaxWorkers, ", got ", worker_count_));
  }
  if (priorities_.empty() || priorities_.size() > static_cast<size_t>(kMaxPriorities)) {
    return absl::InvalidArgumentError(absl::StrCat("between 1 and ", kMaxPriorities,
                                                   " priority classes are needed, got ",
                                                   priorities_.size()));
  }
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < priorities_.size(); ++i) {
    if (priorities_[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("priority class ", i, " has an empty name"));
    }
    if (!seen.insert(priorities_[i]).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("priority class \"", priorities_[i], "\" is named twice"));
    }
  }
  return absl::OkStatus();
}

PlatformConfig PlatformConfig::Default() { return PlatformConfig(); }

PlatformConfig& PlatformConfig::WithExecutionModel(ExecutionModel model) {
  execution_model_ = model;
  return *this;
}

PlatformConfig& PlatformConfig::WithMemoryStrategy(MemoryStrategy strategy) {
  memory_strategy_ = strategy;
  return *this;
}

PlatformConfig& PlatformConfig::WithScheduler(SchedulerConfig scheduler) {
  scheduler_ = std::move(scheduler);
  return *this;
}

absl::Status PlatformConfig::Validate() const {
  if (absl::Status status = scheduler_.Validate(); !status.ok()) return status;
  if (execution_model_ != ExecutionModel::kWorkStealing && scheduler_.worker_count() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(ExecutionModelName(execution_model_),
                                                   " execution runs one worker, got ",
                                                   scheduler_.worker_count()));
  }
  return absl::OkStatus();
}

}  // namespace prospero
