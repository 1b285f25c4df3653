// dcont-to-state-machines: each dcont.reset becomes a state machine on Frosty's continuation ABI
// (frosty/continuation.h; the frame header is composer/runtime's clef_async_frame).
//
// For a reset, the pass
//   - splits its region after every dcont.shift: the code after shift k is the resume point of
//     state k (state 0 is the region's entry);
//   - lays out its frame: the header, the captures (values of the enclosing code), the stack
//     slots of the region (llvm.alloca: they must outlive suspensions), one result slot per
//     shift, and the values live into a resume point (mlir::Liveness): exactly what the
//     continuations need;
//   - moves the region into `void clef.resume.N(ptr frame)`, which switches on the frame's
//     state; a live value is stored to its field where it is defined and loaded where it is
//     used, so every use is dominated whatever state it is reached from; a shift stores the
//     next state and starts the awaited frame (clef_async_await): if that completed at once,
//     it goes back to the dispatch (now on the next state), else it returns and the runtime
//     resumes the frame when the awaited one completes; dcont.yield stores the result through the frame's result
//     pointer and completes the frame (clef_async_complete);
//   - for a reset with handler scopes (dcont.try), adds a field for the active scope: a
//     resumption with status FROSTY_FAILED goes to the active scope's handler block, or, with
//     none active, fails the frame (clef_async_fail); a handler block is like a resume point
//     (the values live into it are fields);
//   - replaces the reset by the frame's creation: its fields initialized, state 0. A frame
//     that does not escape (its computation is awaited by a shift of the enclosing reset and
//     nothing else) is a slot of the enclosing frame: no allocation. Others come from
//     clef_async_alloc (the task's region).
// Resets are lowered innermost first, so an enclosing reset sees its children as plain code.
#include <string>

#include "absl/strings/str_cat.h"
#include "alex/dcont_lowering.h"
#include "alex/dialect/clef_dialect.h"
#include "alex/dialect/dcont_dialect.h"
#include "llvm/ADT/SetVector.h"
#include "mlir/Analysis/Liveness.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/RegionUtils.h"

namespace alex {
namespace {

namespace LLVM = mlir::LLVM;
using mlir::Block;
using mlir::OpBuilder;
using mlir::Type;
using mlir::Value;

// The fields of clef_async_frame (composer/runtime/clef_runtime.h), which begins every frame.
enum HeaderField {
  kResume = 0,
  kState = 1,
  kStatus = 2,
  kAwaiter = 3,
  kResult = 4,
  kRuntime = 5,
  kScheduling = 6,
  kSize = 7,
  kFlags = 8,
  kExn = 9,
  kHeaderFields = 10,
};
// CLEF_ASYNC_SCOPED, the flag a `scoped` reset's frame starts with.
constexpr int64_t kScopedFlag = 4;
// CLEF_ASYNC_CATCHES: the frame's state machine handles a resumption with FROSTY_FAILED.
constexpr int64_t kCatchesFlag = 8;
constexpr int32_t kFailedStatus = 2;  // FROSTY_FAILED

class ResetLowering {
 public:
  ResetLowering(dcont::ResetOp reset, int index)
      : reset_(reset),
        context_(reset.getContext()),
        module_(reset->getParentOfType<mlir::ModuleOp>()),
        loc_(reset.getLoc()),
        ptr_(LLVM::LLVMPointerType::get(context_)),
        i32_(mlir::IntegerType::get(context_, 32)),
        i64_(mlir::IntegerType::get(context_, 64)),
        name_(absl::StrCat("clef.resume.", index)) {}

  mlir::LogicalResult Run() {
    mlir::Region& body = reset_.getBody();
    mlir::getUsedValuesDefinedAbove(body, captures_);
    for (Value capture : captures_) {
      if (mlir::isa<dcont::ContType>(capture.getType())) {
        return reset_.emitError("internal: a computation captured as a continuation value");
      }
    }
    body.walk([&](LLVM::AllocaOp alloca) { allocas_.push_back(alloca); });
    body.walk([&](dcont::ShiftOp shift) { shifts_.push_back(shift); });
    body.walk([&](dcont::TryOp op) { tries_.push_back(op); });
    // A computation converted from its pointer once and awaited twice: each shift gets its own
    // conversion, so no value of computation type lives across a suspension.
    for (dcont::ShiftOp shift : shifts_) {
      if (auto cast = shift.getSource().getDefiningOp<mlir::UnrealizedConversionCastOp>()) {
        OpBuilder b(shift);
        shift->setOperand(0, b.clone(*cast)->getResult(0));
      }
    }
    SplitAtShifts();
    CollectLiveValues();
    LayOutFrame();
    if (invalid_field_) {
      return reset_.emitError() << "internal: a value of type " << invalid_field_
                                << " lives across a suspension (it has no place in a frame)";
    }
    BuildResumeFunction();
    CreateFrame();
    return mlir::success();
  }

 private:
  // Each shift ends its block (with a branch to the rest, for the liveness analysis); the rest
  // is the resume point of its state.
  void SplitAtShifts() {
    for (dcont::ShiftOp shift : shifts_) {
      Block* block = shift->getBlock();
      Block* rest = block->splitBlock(shift->getNextNode());
      OpBuilder b = OpBuilder::atBlockEnd(block);
      b.create<mlir::cf::BranchOp>(shift.getLoc(), rest);
      resume_points_.push_back(rest);
    }
  }

  // The values defined in the region and live into a resume point, in program order.
  void CollectLiveValues() {
    mlir::Liveness liveness(reset_.getOperation());
    llvm::DenseSet<Value> live;
    for (Block* point : resume_points_) {
      for (Value v : liveness.getLiveIn(point)) live.insert(v);
    }
    for (dcont::TryOp op : tries_) {
      for (Value v : liveness.getLiveIn(op.getHandler())) live.insert(v);
    }
    llvm::DenseSet<Value> excluded;
    for (dcont::ShiftOp shift : shifts_) excluded.insert(shift.getResult());  // have a slot
    for (LLVM::AllocaOp alloca : allocas_) excluded.insert(alloca.getResult());  // are fields
    auto consider = [&](Value v) {
      if (live.contains(v) && !excluded.contains(v)) spilled_.push_back(v);
    };
    for (Block& block : reset_.getBody()) {
      for (Value arg : block.getArguments()) consider(arg);
      for (mlir::Operation& op : block) {
        op.walk([&](mlir::Operation* inner) {
          for (Value result : inner->getResults()) consider(result);
        });
      }
    }
  }

  void LayOutFrame() {
    fields_ = {ptr_, i32_, i32_, ptr_, ptr_, ptr_, LLVM::LLVMArrayType::get(i64_, 3), i64_, i64_, ptr_};
    auto add = [&](Type t) {
      fields_.push_back(t);
      return static_cast<int>(fields_.size() - 1);
    };
    if (!tries_.empty()) try_field_ = add(i32_);
    for (Value capture : captures_) capture_fields_.push_back(add(capture.getType()));
    for (LLVM::AllocaOp alloca : allocas_) alloca_fields_.push_back(add(alloca.getElemType()));
    for (dcont::ShiftOp shift : shifts_) result_fields_.push_back(add(shift.getType()));
    for (Value v : spilled_) spilled_fields_.push_back(add(v.getType()));
    for (Type t : fields_) {
      if (!LLVM::isCompatibleType(t)) invalid_field_ = t;
    }
    frame_type_ = LLVM::LLVMStructType::getLiteral(context_, fields_);
  }

  Value FieldAddr(OpBuilder& b, Value frame, int field) {
    return b.create<LLVM::GEPOp>(loc_, ptr_, frame_type_, frame, llvm::ArrayRef<LLVM::GEPArg>{0, field});
  }
  Value LoadField(OpBuilder& b, Value frame, int field) {
    return b.create<LLVM::LoadOp>(loc_, fields_[static_cast<size_t>(field)], FieldAddr(b, frame, field));
  }
  void StoreField(OpBuilder& b, Value value, Value frame, int field) {
    b.create<LLVM::StoreOp>(loc_, value, FieldAddr(b, frame, field));
  }
  Value I32(OpBuilder& b, int32_t v) { return b.create<LLVM::ConstantOp>(loc_, i32_, v); }

  Value CallRuntime(OpBuilder& b, llvm::StringRef name, mlir::TypeRange results, mlir::ValueRange args) {
    if (!module_.lookupSymbol<mlir::func::FuncOp>(name)) {
      OpBuilder mb = OpBuilder::atBlockBegin(module_.getBody());
      auto decl = mb.create<mlir::func::FuncOp>(loc_, name, mb.getFunctionType(args.getTypes(), results));
      decl.setPrivate();
    }
    auto call = b.create<mlir::func::CallOp>(loc_, name, results, args);
    return results.empty() ? Value() : call.getResult(0);
  }

  // A computation as the frame pointer it is at run time.
  Value AsPointer(OpBuilder& b, Value computation) {
    if (auto cast = computation.getDefiningOp<mlir::UnrealizedConversionCastOp>()) {
      if (cast.getInputs().size() == 1 && cast.getInputs()[0].getType() == ptr_) return cast.getInputs()[0];
    }
    return b.create<mlir::UnrealizedConversionCastOp>(loc_, ptr_, computation).getResult(0);
  }

  void BuildResumeFunction() {
    OpBuilder mb = OpBuilder::atBlockEnd(module_.getBody());
    auto resume = mb.create<mlir::func::FuncOp>(loc_, name_, mb.getFunctionType({ptr_}, {}));
    resume.setPrivate();
    Block* entry = resume.addEntryBlock();
    Value frame = entry->getArgument(0);
    Block* start = &reset_.getBody().front();
    resume.getBody().getBlocks().splice(resume.getBody().end(), reset_.getBody().getBlocks());

    OpBuilder b = OpBuilder::atBlockEnd(entry);
    // Captures and stack slots: loaded or addressed once, before the dispatch, so they
    // dominate every state.
    for (size_t i = 0; i < captures_.size(); ++i) {
      Value loaded = LoadField(b, frame, capture_fields_[i]);
      Value capture = captures_[i];
      capture.replaceUsesWithIf(loaded, [&](mlir::OpOperand& use) {
        return resume->isProperAncestor(use.getOwner());
      });
    }
    for (size_t i = 0; i < allocas_.size(); ++i) {
      allocas_[i].getResult().replaceAllUsesWith(FieldAddr(b, frame, alloca_fields_[i]));
      allocas_[i].erase();
    }
    // Values live across a suspension: stored where defined, loaded where used.
    for (size_t i = 0; i < spilled_.size(); ++i) {
      Value v = spilled_[i];
      llvm::SmallVector<mlir::OpOperand*> uses;
      for (mlir::OpOperand& use : v.getUses()) uses.push_back(&use);
      OpBuilder at(context_);
      if (mlir::Operation* def = v.getDefiningOp()) {
        at.setInsertionPointAfter(def);
      } else {
        at.setInsertionPointToStart(mlir::cast<mlir::BlockArgument>(v).getOwner());
      }
      StoreField(at, v, frame, spilled_fields_[i]);
      for (mlir::OpOperand* use : uses) {
        OpBuilder before(use->getOwner());
        use->set(LoadField(before, frame, spilled_fields_[i]));
      }
    }
    // A shift's value is what the awaited frame wrote to the shift's slot.
    for (size_t k = 0; k < shifts_.size(); ++k) {
      llvm::SmallVector<mlir::OpOperand*> uses;
      for (mlir::OpOperand& use : shifts_[k].getResult().getUses()) uses.push_back(&use);
      for (mlir::OpOperand* use : uses) {
        OpBuilder before(use->getOwner());
        use->set(LoadField(before, frame, result_fields_[k]));
      }
    }
    // The dispatch on the state: a block of its own, the target of the suspensions whose awaited
    // frame completed at once.
    Block* dispatch = new Block;
    resume.getBody().push_back(dispatch);
    b.create<mlir::cf::BranchOp>(loc_, dispatch);
    if (!tries_.empty()) LowerHandlerScopes(frame, start);
    // The suspensions.
    for (size_t k = 0; k < shifts_.size(); ++k) {
      dcont::ShiftOp shift = shifts_[k];
      Block* block = shift->getBlock();
      OpBuilder sb(shift);
      StoreField(sb, I32(sb, static_cast<int32_t>(k + 1)), frame, kState);
      Value awaited = AsPointer(sb, shift.getSource());
      Value completed = CallRuntime(sb, "clef_async_await", {i32_},
                                    {frame, awaited, FieldAddr(sb, frame, result_fields_[k])});
      block->getTerminator()->erase();  // the branch SplitAtShifts added
      shift.erase();
      Block* suspend = new Block;
      resume.getBody().push_back(suspend);
      OpBuilder::atBlockEnd(suspend).create<mlir::func::ReturnOp>(loc_);
      OpBuilder end = OpBuilder::atBlockEnd(block);
      Value at_once = end.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::ne, completed, I32(end, 0));
      end.create<mlir::cf::CondBranchOp>(loc_, at_once, dispatch, mlir::ValueRange{}, suspend, mlir::ValueRange{});
    }
    // The completions.
    llvm::SmallVector<dcont::YieldOp> yields;
    resume.walk([&](dcont::YieldOp yield) { yields.push_back(yield); });
    for (dcont::YieldOp yield : yields) {
      OpBuilder yb(yield);
      Value slot = LoadField(yb, frame, kResult);
      yb.create<LLVM::StoreOp>(loc_, yield.getValue(), slot);
      CallRuntime(yb, "clef_async_complete", {}, {frame});
      yb.create<mlir::func::ReturnOp>(loc_);
      yield.erase();
    }
    // The dispatch on the state.
    Block* invalid = new Block;
    resume.getBody().push_back(invalid);
    OpBuilder::atBlockEnd(invalid).create<LLVM::UnreachableOp>(loc_);
    llvm::SmallVector<int32_t> states = {0};
    llvm::SmallVector<Block*> targets = {start};
    for (size_t k = 0; k < resume_points_.size(); ++k) {
      states.push_back(static_cast<int32_t>(k + 1));
      targets.push_back(resume_points_[k]);
    }
    llvm::SmallVector<mlir::ValueRange> no_operands(targets.size(), mlir::ValueRange{});
    OpBuilder db = OpBuilder::atBlockEnd(dispatch);
    if (try_field_ >= 0) {
      // A failed resumption: to the active scope's handler, or out (no scope is active).
      Block* failure = new Block;
      Block* on_state = new Block;
      Block* fail = new Block;
      resume.getBody().push_back(failure);
      resume.getBody().push_back(on_state);
      resume.getBody().push_back(fail);
      Value status = LoadField(db, frame, kStatus);
      Value failed = db.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::eq, status, I32(db, kFailedStatus));
      db.create<mlir::cf::CondBranchOp>(loc_, failed, failure, mlir::ValueRange{}, on_state, mlir::ValueRange{});
      OpBuilder fb = OpBuilder::atBlockEnd(fail);
      CallRuntime(fb, "clef_async_fail", {}, {frame});
      fb.create<mlir::func::ReturnOp>(loc_);
      llvm::SmallVector<mlir::ValueRange> none(handlers_.size(), mlir::ValueRange{});
      OpBuilder hb = OpBuilder::atBlockEnd(failure);
      Value active = LoadField(hb, frame, try_field_);
      hb.create<mlir::cf::SwitchOp>(loc_, active, fail, mlir::ValueRange{}, scope_ids_, handlers_, none);
      db = OpBuilder::atBlockEnd(on_state);
    }
    Value state = LoadField(db, frame, kState);
    db.create<mlir::cf::SwitchOp>(loc_, state, invalid, mlir::ValueRange{}, states, targets, no_operands);
    // Code after a `return!` that loops is dead; the conversions to LLVM skip dead blocks, so
    // none may remain.
    mlir::IRRewriter rewriter(context_);
    (void)mlir::eraseUnreachableBlocks(rewriter, resume->getRegions());
  }

  // dcont.try/end_try/caught as stores of the active scope. State 0 starts with none active (a
  // rerun's copy may come from a frame that stopped inside a scope).
  void LowerHandlerScopes(Value frame, Block* start) {
    OpBuilder sb = OpBuilder::atBlockBegin(start);
    StoreField(sb, I32(sb, 0), frame, try_field_);
    for (dcont::TryOp op : tries_) {
      scope_ids_.push_back(op.getId());
      handlers_.push_back(op.getHandler());
      OpBuilder b(op);
      StoreField(b, I32(b, op.getId()), frame, try_field_);
      b.create<mlir::cf::BranchOp>(loc_, op.getBody());
      op.erase();
    }
    tries_.clear();  // erased: scope_ids_ and handlers_ keep what the dispatch needs
    llvm::SmallVector<dcont::EndTryOp> ends;
    frame.getParentRegion()->walk([&](dcont::EndTryOp op) { ends.push_back(op); });
    for (dcont::EndTryOp op : ends) {
      OpBuilder b(op);
      StoreField(b, I32(b, op.getOuter()), frame, try_field_);
      op.erase();
    }
    llvm::SmallVector<dcont::CaughtOp> caught;
    frame.getParentRegion()->walk([&](dcont::CaughtOp op) { caught.push_back(op); });
    for (dcont::CaughtOp op : caught) {
      OpBuilder b(op);
      StoreField(b, I32(b, op.getOuter()), frame, try_field_);
      Value exn = CallRuntime(b, "clef_async_caught", {ptr_}, {frame});
      op.getException().replaceAllUsesWith(exn);
      op.erase();
    }
  }

  // Whether the computation is only ever awaited by one shift of the enclosing reset.
  bool AwaitedInPlace() {
    Value result = reset_.getResult();
    if (!result.hasOneUse()) return false;
    mlir::Operation* user = *result.getUsers().begin();
    // Alex's emission: reset -> cast to the runtime pointer -> cast back -> shift.
    for (int hop = 0; hop < 2; ++hop) {
      auto cast = mlir::dyn_cast<mlir::UnrealizedConversionCastOp>(user);
      if (!cast || !cast->getResult(0).hasOneUse()) return false;
      user = *cast->getResult(0).getUsers().begin();
    }
    auto shift = mlir::dyn_cast<dcont::ShiftOp>(user);
    return shift && shift->getParentRegion() == reset_->getParentRegion() &&
           mlir::isa<dcont::ResetOp>(reset_->getParentOp());
  }

  void CreateFrame() {
    OpBuilder b(reset_);
    Value frame;
    Value size = b.create<LLVM::PtrToIntOp>(
        loc_, i64_,
        b.create<LLVM::GEPOp>(loc_, ptr_, frame_type_, b.create<LLVM::ZeroOp>(loc_, ptr_),
                              llvm::ArrayRef<LLVM::GEPArg>{1}));
    if (AwaitedInPlace()) {
      // A stack slot of the enclosing reset: when that reset is lowered, a field of its frame.
      OpBuilder at = OpBuilder::atBlockBegin(&reset_->getParentRegion()->front());
      Value one = at.create<LLVM::ConstantOp>(loc_, i64_, 1);
      frame = at.create<LLVM::AllocaOp>(loc_, ptr_, frame_type_, one);
    } else {
      frame = CallRuntime(b, "clef_async_alloc", {ptr_}, {size});
    }
    StoreField(b, b.create<clef::FuncAddrOp>(loc_, ptr_, name_), frame, kResume);
    StoreField(b, I32(b, 0), frame, kState);
    StoreField(b, I32(b, 0), frame, kStatus);
    Value null = b.create<LLVM::ZeroOp>(loc_, ptr_);
    StoreField(b, null, frame, kAwaiter);
    StoreField(b, null, frame, kResult);
    StoreField(b, null, frame, kRuntime);
    StoreField(b, size, frame, kSize);
    StoreField(b, null, frame, kExn);
    const int64_t flags = (reset_.getScoped() ? kScopedFlag : 0) | (try_field_ >= 0 ? kCatchesFlag : 0);
    StoreField(b, b.create<LLVM::ConstantOp>(loc_, i64_, flags), frame, kFlags);
    for (size_t i = 0; i < captures_.size(); ++i) StoreField(b, captures_[i], frame, capture_fields_[i]);
    Value computation =
        b.create<mlir::UnrealizedConversionCastOp>(loc_, reset_.getType(), frame).getResult(0);
    reset_.getResult().replaceAllUsesWith(computation);
    reset_.erase();
  }

  dcont::ResetOp reset_;
  mlir::MLIRContext* context_;
  mlir::ModuleOp module_;
  mlir::Location loc_;
  Type ptr_, i32_, i64_;
  std::string name_;
  llvm::SetVector<Value> captures_;
  llvm::SmallVector<LLVM::AllocaOp> allocas_;
  llvm::SmallVector<dcont::ShiftOp> shifts_;
  llvm::SmallVector<dcont::TryOp> tries_;  // until LowerHandlerScopes erases them, keeping:
  llvm::SmallVector<int32_t> scope_ids_;  // each scope's id
  llvm::SmallVector<Block*> handlers_;    // and its handler block
  int try_field_ = -1;
  llvm::SmallVector<Block*> resume_points_;
  llvm::SmallVector<Value> spilled_;
  llvm::SmallVector<Type> fields_;
  llvm::SmallVector<int> capture_fields_, alloca_fields_, result_fields_, spilled_fields_;
  LLVM::LLVMStructType frame_type_;
  Type invalid_field_;
};

// ptr -> cont -> ptr casts fold away; nothing of type !dcont.cont may remain.
mlir::LogicalResult FoldCasts(mlir::ModuleOp module) {
  llvm::SmallVector<mlir::UnrealizedConversionCastOp> casts;
  module.walk([&](mlir::UnrealizedConversionCastOp cast) { casts.push_back(cast); });
  for (mlir::UnrealizedConversionCastOp cast : casts) {
    if (cast.getInputs().size() != 1 || mlir::isa<dcont::ContType>(cast.getResult(0).getType())) continue;
    auto inner = cast.getInputs()[0].getDefiningOp<mlir::UnrealizedConversionCastOp>();
    if (inner && inner.getInputs().size() == 1 && inner.getInputs()[0].getType() == cast.getResult(0).getType()) {
      cast.getResult(0).replaceAllUsesWith(inner.getInputs()[0]);
    }
  }
  bool changed = true;
  while (changed) {
    changed = false;
    casts.clear();
    module.walk([&](mlir::UnrealizedConversionCastOp cast) { casts.push_back(cast); });
    for (mlir::UnrealizedConversionCastOp cast : casts) {
      if (cast->use_empty()) {
        cast.erase();
        changed = true;
      }
    }
  }
  mlir::WalkResult left = module.walk([](mlir::UnrealizedConversionCastOp cast) {
    for (Type t : cast->getResultTypes()) {
      if (mlir::isa<dcont::ContType>(t)) return mlir::WalkResult::interrupt();
    }
    return mlir::WalkResult::advance();
  });
  if (left.wasInterrupted()) return module.emitError("internal: a computation value survived the state machines");
  return mlir::success();
}

struct DcontToStateMachinesPass
    : mlir::PassWrapper<DcontToStateMachinesPass, mlir::OperationPass<mlir::ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(DcontToStateMachinesPass)
  llvm::StringRef getArgument() const override { return "dcont-to-state-machines"; }
  llvm::StringRef getDescription() const override {
    return "Lower dcont.reset/shift/yield to state machines on Frosty's continuation ABI";
  }
  void getDependentDialects(mlir::DialectRegistry& registry) const override {
    registry.insert<LLVM::LLVMDialect, mlir::cf::ControlFlowDialect, mlir::func::FuncDialect, clef::ClefDialect>();
  }
  void runOnOperation() override {
    mlir::ModuleOp module = getOperation();
    llvm::SmallVector<dcont::ResetOp> resets;
    module.walk<mlir::WalkOrder::PostOrder>([&](dcont::ResetOp reset) { resets.push_back(reset); });
    int index = 0;
    for (dcont::ResetOp reset : resets) {
      if (mlir::failed(ResetLowering(reset, index++).Run())) return signalPassFailure();
    }
    if (mlir::failed(FoldCasts(module))) signalPassFailure();
  }
};

}  // namespace

std::unique_ptr<mlir::Pass> CreateDcontToStateMachinesPass() {
  return std::make_unique<DcontToStateMachinesPass>();
}

}  // namespace alex
