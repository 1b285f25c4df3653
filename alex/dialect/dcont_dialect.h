// The `dcont` MLIR dialect (dialect/DcontOps.td): dcont.reset, dcont.shift, dcont.yield and the
// !dcont.cont<T> type. Heavy (MLIR headers): include only from Alex's own .cc files.
#ifndef FIDELITY_ALEX_DIALECT_DCONT_DIALECT_H_
#define FIDELITY_ALEX_DIALECT_DCONT_DIALECT_H_

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "alex/dialect/DcontDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "alex/dialect/DcontTypes.h.inc"

#define GET_OP_CLASSES
#include "alex/dialect/DcontOps.h.inc"

#endif  // FIDELITY_ALEX_DIALECT_DCONT_DIALECT_H_
