#include "frosty/frame_allocator.h"

#include <atomic>
#include <cstdint>
#include <mutex>
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
  FreeBlock* next;        // within a list
  FreeBlock* next_batch;  // in the depot: the first block of the following batch
};

// A thread's lists are capped. Blocks freed on another thread than the one that made them (an
// actor's message made by its sender, a task resumed elsewhere) would otherwise pile up on the
// freeing thread while the making thread keeps going to the heap. Past the cap, a batch moves
// to a shared depot per size class, from which an empty list refills: one lock per batch, and
// memory circulates between threads instead of growing on one of them (tcmalloc's transfer
// cache, in small).
constexpr uint32_t kBatch = 64;
constexpr uint32_t kLocalCap = 2 * kBatch;
constexpr uint32_t kDepotCap = 256;  // batches per class; beyond this, blocks go back to the heap

struct Depot {
  std::mutex mutex;
  FreeBlock* batches = nullptr;  // each a list of exactly kBatch blocks
  uint32_t count = 0;
  // Read without the lock so a thread that only allocates does not lock an empty depot on
  // every miss; a stale answer costs one heap allocation or one locked look, nothing more.
  std::atomic<bool> empty{true};
};

Depot* Depots() {
  static Depot* depots = new Depot[kClasses];  // lives forever: blocks in it stay reachable
  return depots;
}

struct FreeList {
  FreeBlock* head = nullptr;
  uint32_t length = 0;
};

struct ThreadState {
  FreeList free[kClasses];
  prospero::Region* region = nullptr;
  FrameStats stats;

  ~ThreadState() {
    for (FreeList& list : free) {
      while (list.head != nullptr) {
        FreeBlock* block = list.head;
        list.head = block->next;
        ::operator delete(block);
      }
    }
  }
};

ThreadState& State() {
  thread_local ThreadState state;
  return state;
}

// Takes a batch from the depot into an empty list.
void Refill(uint32_t size_class, FreeList& list) {
  Depot& depot = Depots()[size_class];
  if (depot.empty.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> lock(depot.mutex);
  if (depot.batches == nullptr) return;
  FreeBlock* batch = depot.batches;
  depot.batches = batch->next_batch;
  --depot.count;
  depot.empty.store(depot.batches == nullptr, std::memory_order_relaxed);
  list.head = batch;
  list.length = kBatch;
}

// Moves kBatch blocks of an over-full list to the depot (or to the heap if the depot is full).
void Spill(uint32_t size_class, FreeList& list) {
  FreeBlock* batch = list.head;
  FreeBlock* last = batch;
  for (uint32_t i = 1; i < kBatch; ++i) last = last->next;
  list.head = last->next;
  list.length -= kBatch;
  last->next = nullptr;
  {
    Depot& depot = Depots()[size_class];
    std::lock_guard<std::mutex> lock(depot.mutex);
    if (depot.count < kDepotCap) {
      batch->next_batch = depot.batches;
      depot.batches = batch;
      ++depot.count;
      depot.empty.store(false, std::memory_order_relaxed);
      return;
    }
  }
  while (batch != nullptr) {
    FreeBlock* block = batch;
    batch = block->next;
    ::operator delete(block);
  }
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
    FreeList& list = state.free[size_class];
    if (list.head == nullptr) Refill(size_class, list);
    if (list.head != nullptr) {
      header = reinterpret_cast<Header*>(list.head);
      list.head = list.head->next;
      --list.length;
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
      const uint32_t size_class = header->size_class;  // the free block overwrites the header
      FreeList& list = State().free[size_class];
      auto* block = reinterpret_cast<FreeBlock*>(header);
      block->next = list.head;
      list.head = block;
      if (++list.length > kLocalCap) Spill(size_class, list);
      return;
    }
    case Source::kHeap:
      ::operator delete(header);
      return;
  }
}

}  // namespace internal
}  // namespace frosty
