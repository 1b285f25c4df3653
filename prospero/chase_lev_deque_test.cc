#include "prospero/internal/chase_lev_deque.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "prospero/internal/priority_schedule.h"

namespace prospero::internal {
namespace {

TEST(ChaseLevDequeTest, OwnerIsLifoThievesAreFifo) {
  ChaseLevDeque deque(2);  // tiny: pushes below force growth
  std::vector<WorkItem> items(5);
  for (WorkItem& item : items) deque.Push(&item);
  EXPECT_EQ(deque.Steal(), &items[0]);
  EXPECT_EQ(deque.Take(), &items[4]);
  EXPECT_EQ(deque.Steal(), &items[1]);
  EXPECT_EQ(deque.Take(), &items[3]);
  EXPECT_EQ(deque.Take(), &items[2]);
  EXPECT_EQ(deque.Take(), nullptr);
  EXPECT_EQ(deque.Steal(), nullptr);
  EXPECT_TRUE(deque.empty());
}

// The owner pushes and takes while thieves steal: every item is obtained exactly once.
TEST(ChaseLevDequeTest, ConcurrentTakeAndStealLoseAndDuplicateNothing) {
  constexpr int kItems = 200000;
  std::vector<WorkItem> items(kItems);
  std::vector<std::atomic<int>> seen(kItems);
  ChaseLevDeque deque(8);
  std::atomic<bool> done{false};
  auto record = [&](WorkItem* item) { seen[item - items.data()].fetch_add(1); };
  std::vector<std::thread> thieves;
  for (int t = 0; t < 2; ++t) {
    thieves.emplace_back([&] {
      while (!done.load()) {
        if (WorkItem* item = deque.Steal()) record(item);
      }
      while (WorkItem* item = deque.Steal()) record(item);
    });
  }
  for (int i = 0; i < kItems; ++i) {
    deque.Push(&items[i]);
    if (i % 3 == 0) {
      if (WorkItem* item = deque.Take()) record(item);
    }
  }
  while (WorkItem* item = deque.Take()) record(item);
  done = true;
  for (std::thread& thief : thieves) thief.join();
  for (int i = 0; i < kItems; ++i) ASSERT_EQ(seen[i].load(), 1) << "item " << i;
}

TEST(PriorityScheduleTest, EveryClassOwnsSlotsInEachCycle) {
  EXPECT_EQ(SlotClass(0, 1), 0);
  EXPECT_EQ(SlotClass(7, 1), 0);
  // Three classes: cycle 0,1,0,2.
  const int expected[] = {0, 1, 0, 2, 0, 1, 0, 2};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(SlotClass(i, 3), expected[i]) << i;
  // Five classes: a cycle of 16 picks gives class k 2^(3-k) slots, the last class one.
  int counts[5] = {};
  for (int i = 0; i < 16; ++i) ++counts[SlotClass(i, 5)];
  EXPECT_EQ(counts[0], 8);
  EXPECT_EQ(counts[1], 4);
  EXPECT_EQ(counts[2], 2);
  EXPECT_EQ(counts[3], 1);
  EXPECT_EQ(counts[4], 1);
}

}  // namespace
}  // namespace prospero::internal
