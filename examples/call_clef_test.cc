// A C++ program calling Clef functions through their extern "C" exports (clef_library).
#include "examples/mathlib.h"

#include "gtest/gtest.h"

namespace {

TEST(CallClefTest, IntegerFunction) {
  EXPECT_EQ(clef_gcd(84, 36), 12);
  EXPECT_EQ(clef_gcd(17, 5), 1);
}

TEST(CallClefTest, AllocatingFunction) {
  // Builds a list in the calling thread's region, maps and folds it.
  EXPECT_EQ(clef_sum_of_squares(10), 385);
  EXPECT_EQ(clef_sum_of_squares(1000), 333833500);
}

TEST(CallClefTest, FloatFunction) { EXPECT_DOUBLE_EQ(clef_hypot(3.0, 4.0), 5.0); }

}  // namespace
