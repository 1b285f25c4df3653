// Parses an MLIR module in the func/arith dialects, lowers it to the LLVM dialect and translates
// it to LLVM IR text. Shared by the MLIR smoke test and the smoke binary.
#ifndef FIDELITY_TOOLS_SMOKE_MLIR_LOWERING_H_
#define FIDELITY_TOOLS_SMOKE_MLIR_LOWERING_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace fidelity::smoke {

absl::StatusOr<std::string> LowerToLlvmIr(std::string_view mlir_source);

}  // namespace fidelity::smoke

#endif  // FIDELITY_TOOLS_SMOKE_MLIR_LOWERING_H_
