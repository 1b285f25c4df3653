// The dcont-to-state-machines pass (dcont_lowering.cc). Private to //alex.
#ifndef FIDELITY_ALEX_DCONT_LOWERING_H_
#define FIDELITY_ALEX_DCONT_LOWERING_H_

#include <memory>

namespace mlir {
class Pass;
}  // namespace mlir

namespace alex {

// dcont.reset/shift/yield to state machines on Frosty's continuation ABI.
std::unique_ptr<mlir::Pass> CreateDcontToStateMachinesPass();

}  // namespace alex

#endif  // FIDELITY_ALEX_DCONT_LOWERING_H_
