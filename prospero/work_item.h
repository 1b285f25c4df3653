// prospero::WorkItem: the unit every Prospero executor runs.
//
// A WorkItem is intrusive: it lives inside the frame it resumes (a compiled Clef continuation,
// a frosty task, an actor's mailbox turn), so submitting work allocates nothing. Its address is
// the frame pointer; `run` is the resume function. Recover the frame with
//   auto* frame = reinterpret_cast<MyFrame*>(reinterpret_cast<char*>(item) - offsetof(MyFrame,
//   work));
// or by making WorkItem the frame's first member.
#ifndef FIDELITY_PROSPERO_WORK_ITEM_H_
#define FIDELITY_PROSPERO_WORK_ITEM_H_

#include <cstdint>

namespace prospero {

// Why an executor calls an item: to run it, or to tell it that it will never run (the executor
// shut down with ShutdownMode::kCancel while it was queued) so it can release what it holds.
enum class RunReason : uint8_t { kRun, kCancelled };

struct WorkItem {
  void (*run)(WorkItem* self, RunReason reason) = nullptr;

  // Executor bookkeeping; leave alone while the item is queued.
  WorkItem* next = nullptr;
  uint8_t priority = 0;
  uint32_t timer_slot = 0;  // position in a timer queue + 1; 0 when no timer is pending
};

}  // namespace prospero

#endif  // FIDELITY_PROSPERO_WORK_ITEM_H_
