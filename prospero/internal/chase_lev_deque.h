// A Chase–Lev work-stealing deque of WorkItem pointers (Chase and Lev, SPAA 2005; memory orders
// after Lê, Pop, Cohen and Zappa Nardelli, PPoPP 2013). The owner pushes and takes at the
// bottom (LIFO, cache-warm for fork-join); thieves steal at the top (FIFO). The buffer grows by
// doubling; outgrown buffers are kept until the deque dies, since a thief may still read one.
//
// The fences of the paper are expressed as seq_cst operations on top/bottom, which ThreadSanitizer
// understands (it does not model standalone fences) at a negligible cost on x86-64. Take publishes
// its new bottom with an exchange rather than a store: the store must be ordered before the load
// of top (a Dekker handshake with Steal), and a read-modify-write is a full barrier on every
// machine, including qemu-user on an x86-64 host, which lets an aarch64 store-release pass a later
// load-acquire (it duplicated items in the aarch64 test run).
#ifndef FIDELITY_PROSPERO_INTERNAL_CHASE_LEV_DEQUE_H_
#define FIDELITY_PROSPERO_INTERNAL_CHASE_LEV_DEQUE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "prospero/work_item.h"

namespace prospero::internal {

class ChaseLevDeque {
 public:
  explicit ChaseLevDeque(int64_t initial_capacity = 256) {
    buffers_.push_back(std::make_unique<Buffer>(initial_capacity));
    buffer_.store(buffers_.back().get(), std::memory_order_relaxed);
  }

  // Owner only.
  void Push(WorkItem* item) {
    const int64_t bottom = bottom_.load(std::memory_order_relaxed);
    const int64_t top = top_.load(std::memory_order_acquire);
    Buffer* buffer = buffer_.load(std::memory_order_relaxed);
    if (bottom - top > buffer->capacity - 1) buffer = Grow(buffer, top, bottom);
    buffer->Put(bottom, item);
    bottom_.store(bottom + 1, std::memory_order_release);
  }

  // Owner only. The most recently pushed item, or nullptr.
  WorkItem* Take() {
    const int64_t bottom = bottom_.load(std::memory_order_relaxed) - 1;
    Buffer* buffer = buffer_.load(std::memory_order_relaxed);
    bottom_.exchange(bottom, std::memory_order_seq_cst);
    int64_t top = top_.load(std::memory_order_seq_cst);
    if (top > bottom) {  // empty
      bottom_.store(bottom + 1, std::memory_order_relaxed);
      return nullptr;
    }
    WorkItem* item = buffer->Get(bottom);
    if (top == bottom) {  // the last item: race the thieves for it
      if (!top_.compare_exchange_strong(top, top + 1, std::memory_order_seq_cst,
                                        std::memory_order_relaxed)) {
        item = nullptr;
      }
      bottom_.store(bottom + 1, std::memory_order_relaxed);
    }
    return item;
  }

  // Any thread. The oldest item, or nullptr when empty or when another thread won the race.
  WorkItem* Steal() {
    int64_t top = top_.load(std::memory_order_seq_cst);
    const int64_t bottom = bottom_.load(std::memory_order_seq_cst);
    if (top >= bottom) return nullptr;
    Buffer* buffer = buffer_.load(std::memory_order_acquire);
    WorkItem* item = buffer->Get(top);
    if (!top_.compare_exchange_strong(top, top + 1, std::memory_order_seq_cst,
                                      std::memory_order_relaxed)) {
      return nullptr;
    }
    return item;
  }

  // A snapshot; exact only when no other thread touches the deque.
  bool empty() const {
    return top_.load(std::memory_order_relaxed) >= bottom_.load(std::memory_order_relaxed);
  }

 private:
  struct Buffer {
    explicit Buffer(int64_t capacity)
        : capacity(capacity), slots(new std::atomic<WorkItem*>[static_cast<size_t>(capacity)]) {}
    void Put(int64_t index, WorkItem* item) {
      slots[index & (capacity - 1)].store(item, std::memory_order_relaxed);
    }
    WorkItem* Get(int64_t index) const {
      return slots[index & (capacity - 1)].load(std::memory_order_relaxed);
    }
    const int64_t capacity;  // a power of two
    std::unique_ptr<std::atomic<WorkItem*>[]> slots;
  };

  Buffer* Grow(Buffer* old, int64_t top, int64_t bottom) {
    auto grown = std::make_unique<Buffer>(old->capacity * 2);
    for (int64_t i = top; i < bottom; ++i) grown->Put(i, old->Get(i));
    Buffer* raw = grown.get();
    buffers_.push_back(std::move(grown));
    buffer_.store(raw, std::memory_order_release);
    return raw;
  }

  alignas(64) std::atomic<int64_t> top_{0};
  alignas(64) std::atomic<int64_t> bottom_{0};
  std::atomic<Buffer*> buffer_{nullptr};
  std::vector<std::unique_ptr<Buffer>> buffers_;  // owner only: every buffer ever used
};

}  // namespace prospero::internal

#endif  // FIDELITY_PROSPERO_INTERNAL_CHASE_LEV_DEQUE_H_
