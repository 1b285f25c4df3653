#include "alex/dialect/dcont_dialect.h"

#include "llvm/ADT/TypeSwitch.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include "alex/dialect/DcontDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "alex/dialect/DcontTypes.cpp.inc"

#define GET_OP_CLASSES
#include "alex/dialect/DcontOps.cpp.inc"

namespace alex::dcont {

void DcontDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "alex/dialect/DcontTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "alex/dialect/DcontOps.cpp.inc"
      >();
}

mlir::LogicalResult ResetOp::verify() {
  const llvm::StringRef builder = getBuilder();
  if (builder != "async" && builder != "actor" && builder != "frosty") {
    return emitOpError() << "builder must be \"async\", \"actor\" or \"frosty\", not \"" << builder
                         << "\"";
  }
  if (getBody().empty()) return emitOpError() << "needs a body";
  // Every block ends in a terminator of the region (MLIR checks that); the ones that leave the
  // region must complete the computation.
  for (mlir::Block& block : getBody()) {
    mlir::Operation* terminator = block.empty() ? nullptr : &block.back();
    if (terminator == nullptr || !terminator->hasTrait<mlir::OpTrait::IsTerminator>()) {
      return emitOpError() << "has a block that does not end in a terminator";
    }
    // llvm.unreachable ends the paths that raise (a failed check): they never resume.
    if (terminator->getNumSuccessors() == 0 && !mlir::isa<YieldOp>(terminator) &&
        terminator->getName().getStringRef() != "llvm.unreachable") {
      return terminator->emitOpError() << "leaves a dcont.reset body: only dcont.yield may";
    }
  }
  return mlir::success();
}

mlir::LogicalResult ShiftOp::verify() {
  auto source = mlir::cast<ContType>(getSource().getType());
  if (source.getResultType() != getResult().getType()) {
    return emitOpError() << "resumes with " << source.getResultType()
                         << ", the source's result, so its own result must be that type, not "
                         << getResult().getType();
  }
  // The continuation a shift captures ends at its reset: the reset must enclose it within the
  // same function (a function nested inside is another frame, with no reset of its own).
  ResetOp reset = (*this)->getParentOfType<ResetOp>();
  mlir::Operation* function = (*this)->getParentWithTrait<mlir::OpTrait::IsIsolatedFromAbove>();
  if (!reset || (function != nullptr && !function->isProperAncestor(reset))) {
    return emitOpError() << "is not inside a dcont.reset of its function";
  }
  return mlir::success();
}

mlir::LogicalResult YieldOp::verify() {
  auto reset = mlir::cast<ResetOp>((*this)->getParentOp());
  mlir::Type expected = mlir::cast<ContType>(reset.getResult().getType()).getResultType();
  if (getValue().getType() != expected) {
    return emitOpError() << "yields " << getValue().getType() << " from a reset producing "
                         << expected;
  }
  return mlir::success();
}

mlir::LogicalResult TryOp::verify() {
  if (static_cast<int32_t>(getOuter()) < 0 || static_cast<int32_t>(getId()) <= static_cast<int32_t>(getOuter())) {
    return emitOpError() << "scope " << getId() << " must be numbered after its outer scope " << getOuter()
                         << " (and above 0)";
  }
  if (getBody()->getNumArguments() != 0 || getHandler()->getNumArguments() != 0) {
    return emitOpError() << "enters blocks without arguments";
  }
  mlir::Block* handler = getHandler();
  auto caught = handler->empty() ? CaughtOp() : mlir::dyn_cast<CaughtOp>(handler->front());
  if (!caught || caught.getOuter() != getOuter()) {
    return emitOpError() << "needs a handler that begins with dcont.caught " << getOuter();
  }
  if (handler == getBody()) return emitOpError() << "has the same block as body and handler";
  return mlir::success();
}

mlir::LogicalResult EndTryOp::verify() {
  if (static_cast<int32_t>(getOuter()) < 0) return emitOpError() << "restores scope " << getOuter() << ": scopes are 0 or above";
  return mlir::success();
}

mlir::LogicalResult CaughtOp::verify() {
  if (static_cast<int32_t>(getOuter()) < 0) return emitOpError() << "restores scope " << getOuter() << ": scopes are 0 or above";
  if (!mlir::isa<mlir::LLVM::LLVMPointerType>(getException().getType())) {
    return emitOpError() << "yields the exception as !llvm.ptr, not " << getException().getType();
  }
  mlir::Block* block = (*this)->getBlock();
  if (&block->front() != getOperation()) return emitOpError() << "must begin its handler block";
  for (mlir::Block* pred : block->getPredecessors()) {
    if (!mlir::isa<TryOp>(pred->getTerminator())) return emitOpError() << "is entered only from dcont.try";
  }
  return mlir::success();
}

}  // namespace alex::dcont
