#include "alex/dialect/clef_dialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "alex/dialect/ClefDialect.cpp.inc"

#define GET_OP_CLASSES
#include "alex/dialect/ClefOps.cpp.inc"

namespace alex::clef {

void ClefDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "alex/dialect/ClefOps.cpp.inc"
      >();
}

// The callee is a func.func before conversion and an llvm.func after it.
mlir::LogicalResult FuncAddrOp::verifySymbolUses(mlir::SymbolTableCollection& symbols) {
  mlir::Operation* callee = symbols.lookupNearestSymbolFrom(*this, getCalleeAttr());
  if (!callee || !(mlir::isa<mlir::func::FuncOp>(callee) || mlir::isa<mlir::LLVM::LLVMFuncOp>(callee))) {
    return emitOpError() << "'" << getCallee() << "' is not a function in this module";
  }
  return mlir::success();
}

}  // namespace alex::clef
