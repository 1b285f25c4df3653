#include "frosty/frame_allocator.h"

#include <new>

namespace frosty {
namespace {

constexpr size_t kGranule = 64;
constexpr size_t kClasses = 64;  // 64 B .. 4 KiB
constexpr size_t kMaxPooled = kGranule * kClasses;

// Every frame starts with a header saying where it came from, so FreeFrame needs no lookup.
enum class Source : uint32_t { kPool, kRegion, kHeap };
struct alignas(std::max_align_t) Header {
  Source source;
  uint32_t size_class;
};

struct FreeBlock {
  FreeBlock* next;
};

struct ThreadState {
  FreeBlock* free[kClasses] = {};
  prospero::Region* region = nullptr;
  FrameStats stats;

  ~ThreadState() {
    for (FreeBlock*& list : free) {
      while (list != nullptr) {
        FreeBlock* block = list;
        list = block->next;
        ::operator delete(block);
      }
    }
  }
};

ThreadState& State() {
  thread_local ThreadState state;
  return state;
}

}  // namespace

const FrameStats& ThreadFrameStats() { return State().stats; }

FramesFromRegion::FramesFromRegion(prospero::Region& region) : previous_(State().region) {
  State().region = &region;
}

FramesFromRegion::~FramesFromRegion() { State().region = previous_; }

namespace internal {

void* AllocateFrame(size_t size) {
  ThreadState& state = State();
  ++state.stats.frames;
  const size_t total = size + sizeof(Header);
  Header* header;
  if (state.region != nullptr) {
    header = static_cast<Header*>(state.region->Allocate(total, alignof(Header)));
    header->source = Source::kRegion;
  } else if (total <= kMaxPooled) {
    const uint32_t size_class = static_cast<uint32_t>((total - 1) / kGranule);
    FreeBlock*& list = state.free[size_class];
    if (list != nullptr) {
      header = reinterpret_cast<Header*>(list);
      list = list->next;
    } else {
      ++state.stats.global_heap;  // warming up this size class
      header = static_cast<Header*>(::operator new((size_class + 1) * kGranule));
    }
    header->source = Source::kPool;
    header->size_class = size_class;
  } else {
    ++state.stats.global_heap;
    header = static_cast<Header*>(::operator new(total));
    header->source = Source::kHeap;
  }
  return header + 1;
}

void FreeFrame(void* frame, size_t) noexcept {
  Header* header = static_cast<Header*>(frame) - 1;
  switch (header->source) {
    case Source::kRegion:
      return;  // released with its region
    case Source::kPool: {
      FreeBlock*& list = State().free[header->size_class];
      auto* block = reinterpret_cast<FreeBlock*>(header);
      block->next = list;
      list = block;
      return;
    }
    case Source::kHeap:
      ::operator delete(header);
      return;
  }
}

}  // namespace internal
}  // namespace frosty
