// Proves the Abseil wiring: StatusOr, flat_hash_map and str_format link and behave.
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace {

absl::StatusOr<int> ParsePositive(int value) {
  if (value <= 0) return absl::InvalidArgumentError(absl::StrCat("not positive: ", value));
  return value;
}

TEST(AbslSmokeTest, StatusOrCarriesValueOrError) {
  absl::StatusOr<int> ok = ParsePositive(7);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 7);

  absl::StatusOr<int> bad = ParsePositive(-3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "not positive: -3");
}

TEST(AbslSmokeTest, FlatHashMapStoresAndFinds) {
  absl::flat_hash_map<std::string, int> counts;
  for (const char* word : {"actor", "task", "actor", "region", "actor"}) ++counts[word];
  EXPECT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts["actor"], 3);
  EXPECT_FALSE(counts.contains("fiber"));
  EXPECT_EQ(absl::StrFormat("%s=%d", "task", counts["task"]), "task=1");
}

}  // namespace
