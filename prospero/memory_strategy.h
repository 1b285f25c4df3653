// prospero::MemoryStrategy on its own: the region library (and so every Clef program's runtime)
// needs the enum but none of config.h's Abseil, which not every target has (wasm32-wasi).
#ifndef FIDELITY_PROSPERO_MEMORY_STRATEGY_H_
#define FIDELITY_PROSPERO_MEMORY_STRATEGY_H_

namespace prospero {

// Where memory comes from: regions that die with their owner, size-class pools, or malloc.
enum class MemoryStrategy { kRegionBased, kPooled, kSystem };

}  // namespace prospero

#endif  // FIDELITY_PROSPERO_MEMORY_STRATEGY_H_
