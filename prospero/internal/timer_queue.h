// Pending timers of an executor: a min-heap by deadline, ties in submission order (so the
// Deterministic executor replays timers identically).
#ifndef FIDELITY_PROSPERO_INTERNAL_TIMER_QUEUE_H_
#define FIDELITY_PROSPERO_INTERNAL_TIMER_QUEUE_H_

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "prospero/work_item.h"

namespace prospero::internal {

class TimerQueue {
 public:
  struct Timer {
    absl::Time deadline;
    uint64_t sequence;
    WorkItem* item;
    int priority;
  };

  // True when the new timer is now the earliest (a waiting timer thread must look again).
  bool Add(absl::Time deadline, WorkItem* item, int priority) {
    heap_.push_back(Timer{deadline, next_sequence_++, item, priority});
    const size_t position = SiftUp(heap_.size() - 1);
    return position == 0;
  }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  absl::Time next_deadline() const { return heap_.front().deadline; }

  // Removes and returns the earliest timer. Requires !empty().
  Timer Pop() {
    Timer timer = heap_.front();
    RemoveAt(0);
    return timer;
  }

  // Removes `item`'s pending timer; false when it is not in the queue (it fired or was never
  // added). Reads item->timer_slot, so the item must be alive.
  bool Remove(WorkItem* item) {
    const uint32_t slot = item->timer_slot;
    if (slot == 0 || slot > heap_.size() || heap_[slot - 1].item != item) return false;
    RemoveAt(slot - 1);
    return true;
  }

 private:
  static bool Before(const Timer& a, const Timer& b) {
    return a.deadline != b.deadline ? a.deadline < b.deadline : a.sequence < b.sequence;
  }
  // Each item records its 1-based heap position, so Remove is O(log n) without a search.
  void Place(size_t position, const Timer& timer) {
    heap_[position] = timer;
    timer.item->timer_slot = static_cast<uint32_t>(position + 1);
  }
  size_t SiftUp(size_t position) {
    const Timer timer = heap_[position];
    while (position > 0) {
      const size_t parent = (position - 1) / 2;
      if (!Before(timer, heap_[parent])) break;
      Place(position, heap_[parent]);
      position = parent;
    }
    Place(position, timer);
    return position;
  }
  void SiftDown(size_t position) {
    const Timer timer = heap_[position];
    const size_t count = heap_.size();
    for (;;) {
      size_t child = 2 * position + 1;
      if (child >= count) break;
      if (child + 1 < count && Before(heap_[child + 1], heap_[child])) ++child;
      if (!Before(heap_[child], timer)) break;
      Place(position, heap_[child]);
      position = child;
    }
    Place(position, timer);
  }
  void RemoveAt(size_t position) {
    heap_[position].item->timer_slot = 0;
    const Timer last = heap_.back();
    heap_.pop_back();
    if (position == heap_.size()) return;
    Place(position, last);
    if (position > 0 && Before(last, heap_[(position - 1) / 2])) {
      SiftUp(position);
    } else {
      SiftDown(position);
    }
  }

  std::vector<Timer> heap_;  // a binary min-heap by (deadline, sequence)
  uint64_t next_sequence_ = 0;
};

// An intrusive FIFO of WorkItems through WorkItem::next.
class WorkList {
 public:
  bool empty() const { return head_ == nullptr; }
  size_t size() const { return size_; }
  void PushBack(WorkItem* item) {
    item->next = nullptr;
    (tail_ != nullptr ? tail_->next : head_) = item;
    tail_ = item;
    ++size_;
  }
  WorkItem* PopFront() {
    WorkItem* item = head_;
    if (item == nullptr) return nullptr;
    head_ = item->next;
    if (head_ == nullptr) tail_ = nullptr;
    item->next = nullptr;
    --size_;
    return item;
  }

 private:
  WorkItem* head_ = nullptr;
  WorkItem* tail_ = nullptr;
  size_t size_ = 0;
};

}  // namespace prospero::internal

#endif  // FIDELITY_PROSPERO_INTERNAL_TIMER_QUEUE_H_
