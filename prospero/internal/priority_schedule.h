// The pick schedule that makes priority classes starvation-free (see executor.h).
#ifndef FIDELITY_PROSPERO_INTERNAL_PRIORITY_SCHEDULE_H_
#define FIDELITY_PROSPERO_INTERNAL_PRIORITY_SCHEDULE_H_

#include <bit>
#include <cstdint>

namespace prospero::internal {

// The class that owns pick number `pick` of a worker: the number of trailing one bits of the
// pick's position in a cycle of 2^(classes-1) slots, capped at the last class. For three
// classes the cycle is 0,1,0,2: class 0 owns 1/2 of the picks, classes 1 and 2 a 1/4 each.
inline int SlotClass(uint64_t pick, int classes) {
  if (classes <= 1) return 0;
  const uint64_t position = pick & ((uint64_t{1} << (classes - 1)) - 1);
  const int ones = std::countr_one(position);
  return ones < classes - 1 ? ones : classes - 1;
}

}  // namespace prospero::internal

#endif  // FIDELITY_PROSPERO_INTERNAL_PRIORITY_SCHEDULE_H_
