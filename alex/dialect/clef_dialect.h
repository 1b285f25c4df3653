// The `clef` MLIR dialect (dialect/ClefOps.td): clef.func_addr, clef.alloc, clef.string.
// Heavy (MLIR headers): include only from Alex's own .cc files.
#ifndef FIDELITY_ALEX_DIALECT_CLEF_DIALECT_H_
#define FIDELITY_ALEX_DIALECT_CLEF_DIALECT_H_

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "alex/dialect/ClefDialect.h.inc"

#define GET_OP_CLASSES
#include "alex/dialect/ClefOps.h.inc"

#endif  // FIDELITY_ALEX_DIALECT_CLEF_DIALECT_H_
