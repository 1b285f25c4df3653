#include "prospero/region.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace prospero {

// A chunk's header; its usable bytes follow it.
struct Region::Chunk {
  Chunk* next;
  size_t bytes;  // usable bytes after the header
  char* begin() { return reinterpret_cast<char*>(this + 1); }
};

Region::Region(size_t first_chunk_bytes)
    : next_chunk_bytes_(std::max<size_t>(first_chunk_bytes, 64)) {}

namespace {

// A chunk of kMaxChunk bytes (header included) is aligned to them so that it can be one huge page.
void* AllocateChunk(size_t total) {
#if defined(__linux__)
  if (total == Region::kMaxChunk) {
    void* memory = nullptr;
    if (posix_memalign(&memory, Region::kMaxChunk, total) != 0) return nullptr;
    // A hint: where transparent huge pages are off, the chunk has ordinary pages.
    madvise(memory, total, MADV_HUGEPAGE);
    return memory;
  }
#endif
  return std::malloc(total);
}

}  // namespace

Region::~Region() {
  RunFinalizersUntil(nullptr);
  FreeChunksUntil(nullptr, /*keep_spare=*/false);
  std::free(spare_);
}

void OutOfMemory() {
#if defined(__cpp_exceptions)
  throw std::bad_alloc();
#else
  // Built without exceptions (wasm32-wasi): the program ends, as operator new ends it there.
  std::fputs("prospero::Region: out of memory\n", stderr);
  std::abort();
#endif
}

void* Region::AllocateSlow(size_t bytes, size_t alignment) {
  const size_t needed = bytes + alignment;  // room to align inside a fresh chunk
  if (needed < bytes) OutOfMemory();
  Chunk* chunk = nullptr;
  if (spare_ != nullptr && spare_->bytes >= needed) {
    chunk = spare_;
    spare_ = nullptr;
    stats_.bytes_spare = 0;
  } else {
    // The largest chunks are kMaxChunk bytes in all, their header included.
    const size_t usable = next_chunk_bytes_ == kMaxChunk && needed <= kMaxChunk - sizeof(Chunk)
                              ? kMaxChunk - sizeof(Chunk)
                              : std::max(next_chunk_bytes_, needed);
    if (usable > static_cast<size_t>(-1) - sizeof(Chunk)) OutOfMemory();
    void* memory = AllocateChunk(sizeof(Chunk) + usable);
    if (memory == nullptr) OutOfMemory();
    chunk = static_cast<Chunk*>(memory);
    chunk->bytes = usable;
  }
  const size_t usable = chunk->bytes;
  chunk->next = chunks_;
  chunks_ = chunk;
  cursor_ = chunk->begin();
  limit_ = chunk->begin() + usable;
  next_chunk_bytes_ = std::min(next_chunk_bytes_ * 2, kMaxChunk);
  stats_.chunks += 1;
  stats_.bytes_reserved += usable;
  stats_.peak_bytes_reserved = std::max(stats_.peak_bytes_reserved, stats_.bytes_reserved);
  return Allocate(bytes, alignment);
}

void Region::RunFinalizersUntil(Finalizer* stop) {
  while (finalizers_ != stop) {
    Finalizer* node = finalizers_;
    finalizers_ = node->next;
    node->destroy(node->object);
  }
}

void Region::FreeChunksUntil(Chunk* stop, bool keep_spare) {
  while (chunks_ != stop) {
    Chunk* chunk = chunks_;
    chunks_ = chunk->next;
    stats_.chunks -= 1;
    stats_.bytes_reserved -= chunk->bytes;
    // Only a chunk of the usual sizes is kept: one made for a single huge allocation would hold
    // its pages until the region ends.
    if (keep_spare && chunk->bytes <= kMaxChunk && (spare_ == nullptr || spare_->bytes < chunk->bytes)) {
      std::free(spare_);
      spare_ = chunk;
      stats_.bytes_spare = chunk->bytes;
    } else {
      std::free(chunk);
    }
  }
}

void Region::Reset() {
  RunFinalizersUntil(nullptr);
  // Keep the oldest chunk (the end of the newest-first list) for reuse.
  Chunk* oldest = chunks_;
  while (oldest != nullptr && oldest->next != nullptr) oldest = oldest->next;
  if (oldest != nullptr) {
    while (chunks_ != oldest) {
      Chunk* chunk = chunks_;
      chunks_ = chunk->next;
      stats_.chunks -= 1;
      stats_.bytes_reserved -= chunk->bytes;
      std::free(chunk);
    }
    cursor_ = oldest->begin();
    limit_ = oldest->begin() + oldest->bytes;
  }
  stats_.bytes_allocated = 0;
}

void Region::ReleaseTo(const Mark& mark) {
  RunFinalizersUntil(mark.finalizers);
  FreeChunksUntil(mark.chunk, /*keep_spare=*/true);
  cursor_ = mark.cursor;
  limit_ = mark.limit;
  stats_.bytes_allocated = mark.bytes_allocated;
}

namespace {

class SystemResource final : public std::pmr::memory_resource {
  void* do_allocate(size_t bytes, size_t alignment) override {
    return ::operator new(bytes, std::align_val_t(alignment));
  }
  void do_deallocate(void* p, size_t bytes, size_t alignment) override {
    ::operator delete(p, bytes, std::align_val_t(alignment));
  }
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
};

}  // namespace

std::unique_ptr<std::pmr::memory_resource> MakeMemoryResource(MemoryStrategy strategy) {
  switch (strategy) {
    case MemoryStrategy::kRegionBased:
      return std::make_unique<Region>();
    case MemoryStrategy::kPooled:
      return std::make_unique<std::pmr::unsynchronized_pool_resource>();
    case MemoryStrategy::kSystem:
      return std::make_unique<SystemResource>();
  }
  return std::make_unique<SystemResource>();
}

}  // namespace prospero
