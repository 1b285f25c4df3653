// Where frosty's coroutine frames live: never the global heap on the hot path.
//
// By default a frame comes from a per-thread pool of recycled blocks (size classes of 64 bytes
// up to 4 KiB): after the first frame of each size, awaiting allocates nothing. Inside a
// FramesFromRegion scope, frames come from that prospero::Region instead and die with it.
// Frames above 4 KiB, or freed on another thread than the one that made them, fall back to the
// global heap / the freeing thread's pool; frosty::FrameStats counts every global-heap use.
#ifndef FIDELITY_FROSTY_FRAME_ALLOCATOR_H_
#define FIDELITY_FROSTY_FRAME_ALLOCATOR_H_

#include <cstddef>
#include <cstdint>

#include "prospero/region.h"

namespace frosty {

struct FrameStats {
  uint64_t frames = 0;       // frames allocated on this thread
  uint64_t global_heap = 0;  // of those, how many went to ::operator new
};

// This thread's counters.
const FrameStats& ThreadFrameStats();

// Frames made on this thread while the scope lives come from `region`. Scopes nest.
class FramesFromRegion {
 public:
  explicit FramesFromRegion(prospero::Region& region);
  ~FramesFromRegion();
  FramesFromRegion(const FramesFromRegion&) = delete;
  FramesFromRegion& operator=(const FramesFromRegion&) = delete;

 private:
  prospero::Region* previous_;
};

namespace internal {

void* AllocateFrame(size_t size);
void FreeFrame(void* frame, size_t size) noexcept;

}  // namespace internal
}  // namespace frosty

#endif  // FIDELITY_FROSTY_FRAME_ALLOCATOR_H_
