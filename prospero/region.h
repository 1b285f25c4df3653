// prospero::Region: a chunked bump-pointer heap whose memory dies with it (an actor's memory
// dies with the actor). Allocation is a pointer bump; nothing is freed one object at a time.
//
//   prospero::Region region;
//   auto* point = region.New<Point>(1, 2);          // destructor runs when the region dies
//   std::pmr::vector<int> numbers(&region);          // any std::pmr container works on it
//   {
//     prospero::Region::Scope scratch(region);       // nested: everything allocated inside
//     ParseInto(region);                             // is released when `scratch` ends
//   }
//
// A Region is not thread-safe: it belongs to one actor, task or thread at a time.
#ifndef FIDELITY_PROSPERO_REGION_H_
#define FIDELITY_PROSPERO_REGION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <new>
#include <type_traits>
#include <utility>

#include "prospero/memory_strategy.h"

namespace prospero {

// Throws std::bad_alloc; where exceptions are off (wasm32-wasi), reports and aborts.
[[noreturn]] void OutOfMemory();

class Region : public std::pmr::memory_resource {
 private:
  struct Chunk;
  struct Finalizer;

 public:
  struct Stats {
    size_t bytes_allocated = 0;      // requested by live allocations (padding excluded)
    size_t bytes_reserved = 0;       // held in chunks now
    size_t chunks = 0;               // chunks held now
    size_t peak_bytes_reserved = 0;  // the most ever held at once
    size_t bytes_spare = 0;          // a released chunk kept for the next one (not in reserved)
  };

  static constexpr size_t kDefaultFirstChunk = 4096;
  // Chunks double up to this size. A chunk of this size is one 2 MiB-aligned block, its header
  // included, that Linux is asked to back with a transparent huge page (madvise): a region that
  // grows much then takes one page fault per 2 MiB rather than 512.
  static constexpr size_t kMaxChunk = size_t{2} << 20;

  explicit Region(size_t first_chunk_bytes = kDefaultFirstChunk);
  ~Region() override;
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;

  // `bytes` of memory aligned to `alignment` (a power of two). Never returns null: throws
  // std::bad_alloc, as operator new does, when the system is out of memory.
  void* Allocate(size_t bytes, size_t alignment = alignof(std::max_align_t)) {
    char* start = Align(cursor_, alignment);
    if (start == nullptr || start > limit_ || bytes > static_cast<size_t>(limit_ - start)) {
      return AllocateSlow(bytes, alignment);
    }
    cursor_ = start + bytes;
    stats_.bytes_allocated += bytes;
    return start;
  }

  // Constructs a T in the region. Unless T is trivially destructible, its destructor runs when
  // the region (or the Scope it was made in) ends, in reverse order of construction.
  template <typename T, typename... Args>
  T* New(Args&&... args) {
    if constexpr (std::is_trivially_destructible_v<T>) {
      return ::new (Allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
    } else {
      auto* node = static_cast<Finalizer*>(Allocate(sizeof(Finalizer), alignof(Finalizer)));
      T* object = ::new (Allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
      node->destroy = [](void* p) { static_cast<T*>(p)->~T(); };
      node->object = object;
      node->next = finalizers_;
      finalizers_ = node;
      return object;
    }
  }

  // Releases everything but keeps the first chunk for reuse.
  void Reset();

  const Stats& stats() const { return stats_; }

  // A saved state of the region, as a plain value for callers that cannot hold an RAII Scope
  // (compiled code keeps one in a stack slot). ReleaseTo(mark) releases and finalizes everything
  // allocated since SaveMark(); marks must be released in reverse order of saving, and a mark
  // that is never released costs nothing.
  struct Mark {
    Chunk* chunk;
    char* cursor;
    char* limit;
    Finalizer* finalizers;
    size_t bytes_allocated;
  };
  Mark SaveMark() const {
    return Mark{chunks_, cursor_, limit_, finalizers_, stats_.bytes_allocated};
  }
  void ReleaseTo(const Mark& mark);

  // Marks the region's state; when the Scope ends, everything allocated since is released (and
  // finalized). Scopes nest and must end in reverse order of their creation.
  class Scope {
   public:
    explicit Scope(Region& region) : region_(region), mark_(region.SaveMark()) {}
    ~Scope() { region_.ReleaseTo(mark_); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Region& region_;
    Mark mark_;
  };

 private:
  struct Finalizer {
    void (*destroy)(void*);
    void* object;
    Finalizer* next;
  };

  static char* Align(char* p, size_t alignment) {
    if (p == nullptr) return nullptr;
    const auto address = reinterpret_cast<uintptr_t>(p);
    return reinterpret_cast<char*>((address + alignment - 1) & ~(uintptr_t{alignment} - 1));
  }

  void* AllocateSlow(size_t bytes, size_t alignment);
  void RunFinalizersUntil(Finalizer* stop);
  void FreeChunksUntil(Chunk* stop, bool keep_spare);

  void* do_allocate(size_t bytes, size_t alignment) override { return Allocate(bytes, alignment); }
  void do_deallocate(void*, size_t, size_t) override {}  // released with the region
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }

  Chunk* chunks_ = nullptr;  // newest first
  // The largest chunk (of at most kMaxChunk bytes) a release gave back, kept for the next
  // AllocateSlow: a loop of mark, allocate past a chunk's end, release would otherwise get and
  // free a chunk every round.
  Chunk* spare_ = nullptr;
  char* cursor_ = nullptr;
  char* limit_ = nullptr;
  size_t next_chunk_bytes_;
  Finalizer* finalizers_ = nullptr;
  Stats stats_;
};

// A std-compatible allocator drawing from a Region; deallocate does nothing.
template <typename T>
class RegionAllocator {
 public:
  using value_type = T;
  explicit RegionAllocator(Region& region) noexcept : region_(&region) {}
  template <typename U>
  RegionAllocator(const RegionAllocator<U>& other) noexcept : region_(other.region()) {}

  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) OutOfMemory();
    return static_cast<T*>(region_->Allocate(n * sizeof(T), alignof(T)));
  }
  void deallocate(T*, size_t) noexcept {}
  Region* region() const noexcept { return region_; }

  template <typename U>
  bool operator==(const RegionAllocator<U>& other) const noexcept {
    return region_ == other.region();
  }

 private:
  Region* region_;
};

// The memory a PlatformConfig's MemoryStrategy names, as a std::pmr::memory_resource:
// RegionBased → a Region; Pooled → size-class pools (std::pmr::unsynchronized_pool_resource);
// System → operator new/delete.
std::unique_ptr<std::pmr::memory_resource> MakeMemoryResource(MemoryStrategy strategy);

}  // namespace prospero

#endif  // FIDELITY_PROSPERO_REGION_H_
