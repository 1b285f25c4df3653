#include "prospero/executor.h"

#include "prospero/executors_internal.h"

namespace prospero {

absl::StatusOr<std::unique_ptr<Executor>> Executor::Create(const PlatformConfig& config) {
  if (absl::Status status = config.Validate(); !status.ok()) return status;
  switch (config.execution_model()) {
    case ExecutionModel::kWorkStealing:
      return internal::CreateWorkStealingExecutor(config.scheduler());
    case ExecutionModel::kCooperative:
      return internal::CreateCooperativeExecutor(config.scheduler());
    case ExecutionModel::kDeterministic:
      return internal::CreateDeterministicExecutor(config.scheduler());
  }
  return absl::InvalidArgumentError("unknown execution model");
}

}  // namespace prospero
