// The `smoke` test dialect generated from SmokeOps.td.
#ifndef FIDELITY_TOOLS_SMOKE_SMOKE_DIALECT_H_
#define FIDELITY_TOOLS_SMOKE_SMOKE_DIALECT_H_

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "tools/smoke/SmokeDialect.h.inc"

#define GET_OP_CLASSES
#include "tools/smoke/SmokeOps.h.inc"

#endif  // FIDELITY_TOOLS_SMOKE_SMOKE_DIALECT_H_
