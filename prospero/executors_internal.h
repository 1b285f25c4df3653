// Factories of the executors behind Executor::Create. Private to prospero.
#ifndef FIDELITY_PROSPERO_EXECUTORS_INTERNAL_H_
#define FIDELITY_PROSPERO_EXECUTORS_INTERNAL_H_

#include <memory>

#include "prospero/config.h"
#include "prospero/executor.h"

namespace prospero::internal {

std::unique_ptr<Executor> CreateWorkStealingExecutor(const SchedulerConfig& config);
std::unique_ptr<Executor> CreateCooperativeExecutor(const SchedulerConfig& config);
std::unique_ptr<Executor> CreateDeterministicExecutor(const SchedulerConfig& config);

}  // namespace prospero::internal

#endif  // FIDELITY_PROSPERO_EXECUTORS_INTERNAL_H_
