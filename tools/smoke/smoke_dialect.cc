#include "tools/smoke/smoke_dialect.h"

#include "tools/smoke/SmokeDialect.cpp.inc"

#define GET_OP_CLASSES
#include "tools/smoke/SmokeOps.cpp.inc"

namespace fidelity::smoke {

void SmokeDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tools/smoke/SmokeOps.cpp.inc"
      >();
}

mlir::LogicalResult CountOp::verify() {
  const int64_t value = getValueAttr().getInt();
  if (value < 0) return emitOpError("count must be non-negative, got ") << value;
  return mlir::success();
}

}  // namespace fidelity::smoke
