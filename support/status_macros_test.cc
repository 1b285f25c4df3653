#include "support/status_macros.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace fidelity {
namespace {

absl::Status FailIf(bool fail) {
  return fail ? absl::DataLossError("truncated") : absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<int>> MakeInt(int value) {
  if (value < 0) return absl::InvalidArgumentError("negative");
  return std::make_unique<int>(value);
}

absl::Status Steps(bool fail_first, int* reached) {
  FIDELITY_RETURN_IF_ERROR(FailIf(fail_first));
  *reached = 1;
  FIDELITY_RETURN_IF_ERROR(FailIf(false));
  *reached = 2;
  return absl::OkStatus();
}

absl::StatusOr<int> AssignToExisting(int a) {
  std::unique_ptr<int> value;  // an lvalue target, and a move-only value
  FIDELITY_ASSIGN_OR_RETURN(value, MakeInt(a));
  return *value;
}

absl::StatusOr<int> Twice(int a) {
  FIDELITY_ASSIGN_OR_RETURN(auto value, MakeInt(a));
  FIDELITY_ASSIGN_OR_RETURN(auto again, MakeInt(*value));  // two on one function, no clash
  return *value + *again;
}

TEST(StatusMacrosTest, ReturnIfErrorStopsAtTheFirstError) {
  int reached = 0;
  EXPECT_TRUE(Steps(false, &reached).ok());
  EXPECT_EQ(reached, 2);
  reached = 0;
  absl::Status status = Steps(true, &reached);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(reached, 0);
}

TEST(StatusMacrosTest, AssignOrReturnAssignsOrPropagates) {
  EXPECT_EQ(Twice(4).value(), 8);
  absl::StatusOr<int> failed = Twice(-4);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(), "negative");
  EXPECT_EQ(AssignToExisting(5).value(), 5);
  EXPECT_FALSE(AssignToExisting(-5).ok());
}

}  // namespace
}  // namespace fidelity
