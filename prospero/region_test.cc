#include "prospero/region.h"

#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "prospero/config.h"

namespace prospero {
namespace {

TEST(RegionTest, AllocationsAreAlignedAndDisjoint) {
  Region region(128);
  std::vector<char*> blocks;
  for (size_t alignment : {1, 2, 4, 8, 16, 32, 64, 128}) {
    auto* p = static_cast<char*>(region.Allocate(24, alignment));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % alignment, 0u);
    std::memset(p, 0xab, 24);  // ASan flags any overlap with the chunk's end
    blocks.push_back(p);
  }
  for (size_t i = 0; i < blocks.size(); ++i) {
    for (size_t j = i + 1; j < blocks.size(); ++j) {
      EXPECT_TRUE(blocks[i] + 24 <= blocks[j] || blocks[j] + 24 <= blocks[i]);
    }
  }
  EXPECT_EQ(region.stats().bytes_allocated, 24u * 8);
}

TEST(RegionTest, ChunksGrowAndStatsTrackThem) {
  Region region(256);
  EXPECT_EQ(region.stats().chunks, 0u);  // nothing until the first allocation
  for (int i = 0; i < 100; ++i) region.Allocate(64, 8);
  const Region::Stats& stats = region.stats();
  EXPECT_EQ(stats.bytes_allocated, 6400u);
  EXPECT_GE(stats.bytes_reserved, 6400u);
  EXPECT_GT(stats.chunks, 1u);
  EXPECT_LT(stats.chunks, 8u);  // doubling: 256 + 512 + ... covers 6400 in a few chunks
  EXPECT_EQ(stats.peak_bytes_reserved, stats.bytes_reserved);
  void* big = region.Allocate(5 << 20, 64);  // larger than any chunk: its own chunk
  std::memset(big, 1, 5 << 20);
  EXPECT_GE(region.stats().bytes_reserved, size_t{5} << 20);
}

struct Tracked {
  Tracked(std::vector<int>* log, int id) : log(log), id(id) {}
  ~Tracked() { log->push_back(id); }
  std::vector<int>* log;
  int id;
};

TEST(RegionTest, NewRunsDestructorsInReverseOrderWhenTheRegionDies) {
  std::vector<int> log;
  {
    Region region;
    region.New<Tracked>(&log, 1);
    region.New<Tracked>(&log, 2);
    int* plain = region.New<int>(7);
    EXPECT_EQ(*plain, 7);
    std::string* text = region.New<std::string>(200, 'x');  // owns heap memory: LSan checks it
    EXPECT_EQ(text->size(), 200u);
  }
  EXPECT_EQ(log, (std::vector<int>{2, 1}));
}

TEST(RegionTest, ScopesReleaseAndFinalizeWhatTheyAllocated) {
  std::vector<int> log;
  Region region(256);
  region.New<Tracked>(&log, 1);
  const Region::Stats before = region.stats();
  {
    Region::Scope outer(region);
    region.New<Tracked>(&log, 2);
    {
      Region::Scope inner(region);
      for (int i = 0; i < 100; ++i) region.Allocate(100);  // forces new chunks
      region.New<Tracked>(&log, 3);
      EXPECT_GT(region.stats().chunks, before.chunks);
    }
    EXPECT_EQ(log, (std::vector<int>{3}));
  }
  EXPECT_EQ(log, (std::vector<int>{3, 2}));
  EXPECT_EQ(region.stats().bytes_allocated, before.bytes_allocated);
  EXPECT_EQ(region.stats().chunks, before.chunks);
  EXPECT_GT(region.stats().peak_bytes_reserved, before.bytes_reserved);
}

TEST(RegionTest, MarksReleaseWhatWasAllocatedAfterThem) {
  std::vector<int> log;
  Region region(256);
  region.Allocate(16);
  const Region::Stats before = region.stats();
  const Region::Mark outer = region.SaveMark();
  region.New<Tracked>(&log, 1);
  const Region::Mark inner = region.SaveMark();
  for (int i = 0; i < 100; ++i) region.Allocate(100);  // forces new chunks
  region.New<Tracked>(&log, 2);
  region.ReleaseTo(inner);
  EXPECT_EQ(log, (std::vector<int>{2}));
  region.ReleaseTo(outer);
  EXPECT_EQ(log, (std::vector<int>{2, 1}));
  EXPECT_EQ(region.stats().bytes_allocated, before.bytes_allocated);
  EXPECT_EQ(region.stats().bytes_reserved, before.bytes_reserved);
  EXPECT_EQ(region.stats().chunks, before.chunks);
  // The released space is reused: the next allocation lands where the mark was.
  const Region::Mark again = region.SaveMark();
  void* reused = region.Allocate(8, 8);
  region.ReleaseTo(again);
  EXPECT_EQ(region.Allocate(8, 8), reused);
}

// A release keeps the largest chunk it gave back for the next one (a mark/allocate/release loop
// then reuses it instead of getting and freeing a chunk every round); a chunk made for one huge
// allocation is freed.
TEST(RegionTest, ReleaseKeepsOneUsualChunkAsASpare) {
  Region region(4096);
  region.Allocate(16);
  const Region::Mark mark = region.SaveMark();
  region.Allocate(4000);
  region.Allocate(4000);  // a second chunk
  const size_t grown_chunks = region.stats().chunks;
  ASSERT_GT(grown_chunks, 1u);
  region.ReleaseTo(mark);
  const size_t spare = region.stats().bytes_spare;
  EXPECT_GT(spare, 0u);
  EXPECT_LE(spare, Region::kMaxChunk);
  region.Allocate(4000);
  region.Allocate(4000);  // takes the spare
  EXPECT_EQ(region.stats().chunks, grown_chunks);
  EXPECT_EQ(region.stats().bytes_spare, 0u);
  region.ReleaseTo(mark);

  const Region::Mark before_huge = region.SaveMark();
  region.Allocate(Region::kMaxChunk * 4);
  region.ReleaseTo(before_huge);
  EXPECT_LE(region.stats().bytes_spare, Region::kMaxChunk);  // the huge chunk was freed
}

// Chunks grow to kMaxChunk, which holds its header too (one 2 MiB block, a huge page on Linux).
TEST(RegionTest, ChunksStopGrowingAtOneBlockOfKMaxChunk) {
  Region region(4096);
  for (int i = 0; i < 4096; ++i) region.Allocate(4096, 8);  // 16 MiB
  const Region::Stats stats = region.stats();
  EXPECT_GE(stats.bytes_reserved, size_t{16} << 20);
  EXPECT_LT(stats.bytes_reserved / stats.chunks, Region::kMaxChunk);
}

TEST(RegionTest, ResetKeepsOneChunkForReuse) {
  Region region(128);
  for (int i = 0; i < 50; ++i) region.Allocate(100);
  region.Reset();
  EXPECT_EQ(region.stats().chunks, 1u);
  EXPECT_EQ(region.stats().bytes_allocated, 0u);
  region.Allocate(16);
  EXPECT_EQ(region.stats().chunks, 1u);
}

TEST(RegionTest, StdContainersAllocateFromTheRegion) {
  Region region;
  std::pmr::vector<int> numbers(&region);
  for (int i = 0; i < 1000; ++i) numbers.push_back(i);
  EXPECT_EQ(numbers[999], 999);
  EXPECT_GE(region.stats().bytes_allocated, 1000 * sizeof(int));

  std::vector<double, RegionAllocator<double>> values{RegionAllocator<double>(region)};
  values.assign(100, 1.5);
  EXPECT_EQ(values.get_allocator().region(), &region);
  EXPECT_TRUE(RegionAllocator<int>(region) == RegionAllocator<double>(region));
}

TEST(RegionTest, EveryMemoryStrategyAllocates) {
  for (MemoryStrategy strategy :
       {MemoryStrategy::kRegionBased, MemoryStrategy::kPooled, MemoryStrategy::kSystem}) {
    std::unique_ptr<std::pmr::memory_resource> memory = MakeMemoryResource(strategy);
    std::pmr::vector<std::pmr::string> strings(memory.get());
    for (int i = 0; i < 100; ++i) strings.emplace_back(std::string(40, 'a' + i % 26));
    EXPECT_EQ(strings[27][0], 'b') << MemoryStrategyName(strategy);
  }
}

}  // namespace
}  // namespace prospero
