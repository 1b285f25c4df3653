// Where async frames live: a non-escaping await allocates nothing (its frame is a field of the
// awaiting frame), an escaping computation is one allocation; measured with the runtime's
// allocation statistics (clef_region_get_stats counts every clef_alloc and frame allocation).
#include <cstdint>

#include "composer/runtime/clef_runtime.h"
#include "composer/tests/async_frames.h"
#include "gtest/gtest.h"

namespace {

int64_t AllocationsDuring(int64_t (*run)(int32_t), int32_t n, int64_t expected_result) {
  clef_region_stats before;
  clef_region_get_stats(&before);
  EXPECT_EQ(run(n), expected_result) << "n = " << n;
  clef_region_stats after;
  clef_region_get_stats(&after);
  return after.allocations - before.allocations;
}

TEST(AsyncFramesTest, NonEscapingAwaitsAllocateNothing) {
  const int64_t ten = AllocationsDuring(clef_sum_by_awaits, 10, 55);
  const int64_t many = AllocationsDuring(clef_sum_by_awaits, 100000, int64_t{100000} * 100001 / 2);
  // The same fixed cost (the loop's own frame) for 10 and for 100,000 awaits: 0 per await.
  EXPECT_EQ(ten, many);
  EXPECT_LE(ten, 2);
}

TEST(AsyncFramesTest, EscapingComputationsAreAllocated) {
  const int64_t ten = AllocationsDuring(clef_sum_by_escaping_children, 10, 55);
  const int64_t hundred = AllocationsDuring(clef_sum_by_escaping_children, 100, 5050);
  // At least one frame per child (plus list cells): it grows with the number of children.
  EXPECT_GE(hundred - ten, 90);
}

}  // namespace
