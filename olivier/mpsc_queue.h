// An intrusive multi-producer single-consumer queue (Dmitry Vyukov's node-based design): a push
// is one atomic exchange and never waits; only the owner pops. Mailboxes are made of these.
#ifndef FIDELITY_OLIVIER_MPSC_QUEUE_H_
#define FIDELITY_OLIVIER_MPSC_QUEUE_H_

#include <atomic>

namespace olivier {

struct QueueNode {
  std::atomic<QueueNode*> next{nullptr};
};

class MpscQueue {
 public:
  MpscQueue() : head_(&stub_), tail_(&stub_) {}
  MpscQueue(const MpscQueue&) = delete;
  MpscQueue& operator=(const MpscQueue&) = delete;

  // Any thread.
  void Push(QueueNode* node) {
    node->next.store(nullptr, std::memory_order_relaxed);
    QueueNode* previous = head_.exchange(node, std::memory_order_seq_cst);
    previous->next.store(node, std::memory_order_release);
  }

  // The consumer only. Null when empty, or when a producer is between its two steps (the node
  // then appears on a later call; callers treat it as empty and rely on the producer's wake).
  QueueNode* Pop() {
    QueueNode* tail = tail_;
    QueueNode* next = tail->next.load(std::memory_order_acquire);
    if (tail == &stub_) {
      if (next == nullptr) return nullptr;
      tail_ = next;
      tail = next;
      next = next->next.load(std::memory_order_acquire);
    }
    if (next != nullptr) {
      tail_ = next;
      return tail;
    }
    if (tail != head_.load(std::memory_order_acquire)) return nullptr;  // a push is under way
    Push(&stub_);
    next = tail->next.load(std::memory_order_acquire);
    if (next != nullptr) {
      tail_ = next;
      return tail;
    }
    return nullptr;
  }

 private:
  std::atomic<QueueNode*> head_;  // producers push here
  QueueNode* tail_;               // the consumer pops here
  QueueNode stub_;
};

}  // namespace olivier

#endif  // FIDELITY_OLIVIER_MPSC_QUEUE_H_
