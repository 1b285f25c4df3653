#include "prospero/config.h"

#include "gtest/gtest.h"

namespace prospero {
namespace {

TEST(ConfigTest, FluentBuildersMirrorTheSeeds) {
  SchedulerConfig scheduler = SchedulerConfig::Create().WithWorkerCount(4).WithPriorities(
      {"critical", "normal", "background"});
  PlatformConfig platform = PlatformConfig::Default()
                                .WithExecutionModel(ExecutionModel::kWorkStealing)
                                .WithMemoryStrategy(MemoryStrategy::kRegionBased)
                                .WithScheduler(scheduler);
  EXPECT_TRUE(platform.Validate().ok());
  EXPECT_EQ(platform.scheduler().worker_count(), 4);
  EXPECT_EQ(platform.scheduler().PriorityIndex("background"), 2);
  EXPECT_EQ(platform.scheduler().PriorityIndex("missing"), -1);
  EXPECT_STREQ(ExecutionModelName(platform.execution_model()), "WorkStealing");
  EXPECT_STREQ(MemoryStrategyName(MemoryStrategy::kPooled), "Pooled");
}

TEST(ConfigTest, DefaultValidates) {
  EXPECT_TRUE(PlatformConfig::Default().Validate().ok());
  EXPECT_GE(SchedulerConfig::Create().worker_count(), 1);
}

TEST(ConfigTest, RejectsWorkerCountsOutOfRange) {
  absl::Status zero = SchedulerConfig::Create().WithWorkerCount(0).Validate();
  EXPECT_EQ(zero.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(zero.message(), "worker count must be within 1..256, got 0");
  EXPECT_FALSE(SchedulerConfig::Create().WithWorkerCount(257).Validate().ok());
  EXPECT_TRUE(SchedulerConfig::Create().WithWorkerCount(256).Validate().ok());
}

TEST(ConfigTest, RejectsBadPriorityNames) {
  EXPECT_EQ(SchedulerConfig::Create().WithPriorities({"a", "", "c"}).Validate().message(),
            "priority class 1 has an empty name");
  EXPECT_EQ(SchedulerConfig::Create().WithPriorities({"high", "low", "high"}).Validate().message(),
            "priority class \"high\" is named twice");
  EXPECT_FALSE(SchedulerConfig::Create().WithPriorities({}).Validate().ok());
  EXPECT_FALSE(SchedulerConfig::Create()
                   .WithPriorities({"1", "2", "3", "4", "5", "6", "7", "8", "9"})
                   .Validate()
                   .ok());
}

TEST(ConfigTest, SingleThreadModelsRunOneWorker) {
  PlatformConfig cooperative = PlatformConfig::Default()
                                   .WithExecutionModel(ExecutionModel::kCooperative)
                                   .WithScheduler(SchedulerConfig::Create().WithWorkerCount(2));
  EXPECT_EQ(cooperative.Validate().message(), "Cooperative execution runs one worker, got 2");
  cooperative.WithScheduler(SchedulerConfig::Create().WithWorkerCount(1));
  EXPECT_TRUE(cooperative.Validate().ok());
}

}  // namespace
}  // namespace prospero
