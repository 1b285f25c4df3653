// Pending timers of an executor: a min-heap by deadline, ties in submission order (so the
// Deterministic executor replays timers identically).
#ifndef FIDELITY_PROSPERO_INTERNAL_TIMER_QUEUE_H_
#define FIDELITY_PROSPERO_INTERNAL_TIMER_QUEUE_H_

#include <cstdint>
#include <queue>
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

  void Add(absl::Time deadline, WorkItem* item, int priority) {
    heap_.push(Timer{deadline, next_sequence_++, item, priority});
  }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  absl::Time next_deadline() const { return heap_.top().deadline; }

  // Removes and returns the earliest timer. Requires !empty().
  Timer Pop() {
    Timer timer = heap_.top();
    heap_.pop();
    return timer;
  }

 private:
  struct Later {
    bool operator()(const Timer& a, const Timer& b) const {
      return a.deadline != b.deadline ? a.deadline > b.deadline : a.sequence > b.sequence;
    }
  };
  std::priority_queue<Timer, std::vector<Timer>, Later> heap_;
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
