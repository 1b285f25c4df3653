// Counts global heap allocations, for tests and benchmarks that check "no allocation here".
// Linking //support:allocation_counter replaces the global operator new/delete (plain and
// nothrow) with malloc/free plus a counter, so every allocation pairs malloc with free (as the
// sanitizers check).
//
//   uint64_t before = fidelity::GlobalAllocations();
//   DoTheThing();
//   EXPECT_EQ(fidelity::GlobalAllocations(), before);
#ifndef FIDELITY_SUPPORT_ALLOCATION_COUNTER_H_
#define FIDELITY_SUPPORT_ALLOCATION_COUNTER_H_

#include <cstdint>

namespace fidelity {

// Global operator new calls so far, on every thread.
uint64_t GlobalAllocations();

}  // namespace fidelity

#endif  // FIDELITY_SUPPORT_ALLOCATION_COUNTER_H_
