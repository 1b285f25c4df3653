// The named passes from Alex's MLIR to the LLVM dialect, and the translation to LLVM IR.
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "alex/alex.h"
#include "alex/dcont_lowering.h"
#include "alex/dialect/clef_dialect.h"
#include "alex/dialect/dcont_dialect.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/DialectConversion.h"

namespace alex {
namespace {

namespace LLVM = mlir::LLVM;

LLVM::LLVMFuncOp RuntimeFunction(mlir::ModuleOp module, llvm::StringRef name, mlir::Type result,
                                 llvm::ArrayRef<mlir::Type> params) {
  if (auto existing = module.lookupSymbol<LLVM::LLVMFuncOp>(name)) return existing;
  mlir::OpBuilder builder(module.getBodyRegion());
  builder.setInsertionPointToStart(module.getBody());
  return builder.create<LLVM::LLVMFuncOp>(module.getLoc(), name,
                                          LLVM::LLVMFunctionType::get(result, params));
}

struct FuncAddrLowering : mlir::OpConversionPattern<clef::FuncAddrOp> {
  using OpConversionPattern::OpConversionPattern;
  mlir::LogicalResult matchAndRewrite(clef::FuncAddrOp op, OpAdaptor,
                                      mlir::ConversionPatternRewriter& rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::AddressOfOp>(op, op.getType(), op.getCallee());
    return mlir::success();
  }
};

// sizeof by the null-GEP idiom: the data layout is only known to LLVM.
struct AllocLowering : mlir::OpConversionPattern<clef::AllocOp> {
  using OpConversionPattern::OpConversionPattern;
  mlir::LogicalResult matchAndRewrite(clef::AllocOp op, OpAdaptor,
                                      mlir::ConversionPatternRewriter& rewriter) const override {
    auto loc = op.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(rewriter.getContext());
    auto i64 = rewriter.getI64Type();
    auto module = op->getParentOfType<mlir::ModuleOp>();
    auto alloc = RuntimeFunction(module, "clef_alloc", ptr, {i64, i64});
    // Like malloc, clef_alloc returns memory no other live pointer reaches.
    alloc.setResultAttr(0, LLVM::LLVMDialect::getNoAliasAttrName(), rewriter.getUnitAttr());
    mlir::Value null = rewriter.create<LLVM::ZeroOp>(loc, ptr);
    mlir::Value end = rewriter.create<LLVM::GEPOp>(loc, ptr, op.getElemType(), null,
                                                   llvm::ArrayRef<LLVM::GEPArg>{1});
    mlir::Value size = rewriter.create<LLVM::PtrToIntOp>(loc, i64, end);
    mlir::Value align = rewriter.create<LLVM::ConstantOp>(loc, i64, 8);
    rewriter.replaceOpWithNewOp<LLVM::CallOp>(op, alloc, mlir::ValueRange{size, align});
    return mlir::success();
  }
};

// A constant global {i64 length, [n+1 x i8]} per distinct string.
struct StringLowering : mlir::OpConversionPattern<clef::StringOp> {
  using OpConversionPattern::OpConversionPattern;
  mlir::LogicalResult matchAndRewrite(clef::StringOp op, OpAdaptor,
                                      mlir::ConversionPatternRewriter& rewriter) const override {
    auto loc = op.getLoc();
    auto module = op->getParentOfType<mlir::ModuleOp>();
    auto* context = rewriter.getContext();
    std::string text = op.getValue().str();
    std::string name = absl::StrCat("clef.str.", std::hash<std::string>{}(text));
    while (auto existing = module.lookupSymbol<LLVM::GlobalOp>(name)) {
      auto value = existing->getAttrOfType<mlir::StringAttr>("clef.text");
      if (value && value.getValue() == text) break;
      name += "_";
    }
    if (!module.lookupSymbol<LLVM::GlobalOp>(name)) {
      auto bytes = LLVM::LLVMArrayType::get(rewriter.getI8Type(), text.size() + 1);
      auto type = LLVM::LLVMStructType::getLiteral(context, {rewriter.getI64Type(), bytes});
      mlir::OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(module.getBody());
      auto global = rewriter.create<LLVM::GlobalOp>(loc, type, /*isConstant=*/true,
                                                    LLVM::Linkage::Internal, name, mlir::Attribute());
      global->setAttr("clef.text", op.getValueAttr());
      mlir::Block* init = rewriter.createBlock(&global.getInitializerRegion());
      rewriter.setInsertionPointToStart(init);
      mlir::Value value = rewriter.create<LLVM::UndefOp>(loc, type);
      mlir::Value length = rewriter.create<LLVM::ConstantOp>(loc, rewriter.getI64Type(),
                                                             static_cast<int64_t>(text.size()));
      value = rewriter.create<LLVM::InsertValueOp>(loc, value, length, llvm::ArrayRef<int64_t>{0});
      std::string with_nul = text;
      with_nul.push_back('\0');
      mlir::Value data =
          rewriter.create<LLVM::ConstantOp>(loc, bytes, rewriter.getStringAttr(with_nul));
      value = rewriter.create<LLVM::InsertValueOp>(loc, value, data, llvm::ArrayRef<int64_t>{1});
      rewriter.create<LLVM::ReturnOp>(loc, value);
    }
    rewriter.replaceOpWithNewOp<LLVM::AddressOfOp>(op, LLVM::LLVMPointerType::get(context), name);
    return mlir::success();
  }
};

struct ClefToLlvmPass : mlir::PassWrapper<ClefToLlvmPass, mlir::OperationPass<mlir::ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ClefToLlvmPass)
  llvm::StringRef getArgument() const override { return "clef-to-llvm"; }
  llvm::StringRef getDescription() const override {
    return "Lower clef.func_addr, clef.alloc and clef.string to the LLVM dialect";
  }
  void getDependentDialects(mlir::DialectRegistry& registry) const override {
    registry.insert<LLVM::LLVMDialect>();
  }
  void runOnOperation() override {
    mlir::ConversionTarget target(getContext());
    target.addLegalDialect<LLVM::LLVMDialect>();
    target.addIllegalDialect<clef::ClefDialect>();
    target.markUnknownOpDynamicallyLegal([](mlir::Operation*) { return true; });
    mlir::RewritePatternSet patterns(&getContext());
    patterns.add<FuncAddrLowering, AllocLowering, StringLowering>(&getContext());
    if (mlir::failed(mlir::applyPartialConversion(getOperation(), target, std::move(patterns)))) {
      signalPassFailure();
    }
  }
};

// Clef functions call each other with LLVM's fastcc, whose `tail` calls the code generator
// guarantees (GuaranteedTailCallOpt): that is what makes mutual recursion in tail position
// run in constant stack. The lowering marks functions `clef.fastcc` and calls `clef.tail`.
struct CallingConventionPass
    : mlir::PassWrapper<CallingConventionPass, mlir::OperationPass<mlir::ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CallingConventionPass)
  llvm::StringRef getArgument() const override { return "clef-calling-convention"; }
  llvm::StringRef getDescription() const override {
    return "fastcc for Clef functions and their calls; tail calls marked `tail`";
  }
  void runOnOperation() override {
    mlir::ModuleOp module = getOperation();
    module.walk([](LLVM::LLVMFuncOp func) {
      if (func->hasAttr("clef.fastcc")) func.setCConv(LLVM::CConv::Fast);
    });
    module.walk([&](LLVM::CallOp call) {
      bool fast = call->hasAttr("clef.fastcc");
      if (auto callee = call.getCallee()) {
        if (auto func = module.lookupSymbol<LLVM::LLVMFuncOp>(*callee)) {
          fast = func->hasAttr("clef.fastcc");
        }
      }
      if (fast) call.setCConv(LLVM::CConv::Fast);
      if (fast && call->hasAttr("clef.tail")) call.setTailCallKind(LLVM::tailcallkind::TailCallKind::Tail);
    });
  }
};

using PassFactory = std::function<std::unique_ptr<mlir::Pass>()>;

const std::vector<std::pair<std::string, PassFactory>>& Pipeline() {
  static const auto* pipeline = new std::vector<std::pair<std::string, PassFactory>>{
      {"dcont-to-state-machines", [] { return CreateDcontToStateMachinesPass(); }},
      {"convert-arith-to-llvm", [] { return mlir::createArithToLLVMConversionPass(); }},
      {"convert-cf-to-llvm", [] { return mlir::createConvertControlFlowToLLVMPass(); }},
      {"convert-func-to-llvm", [] { return mlir::createConvertFuncToLLVMPass(); }},
      {"clef-to-llvm", [] { return std::make_unique<ClefToLlvmPass>(); }},
      {"clef-calling-convention", [] { return std::make_unique<CallingConventionPass>(); }},
      {"reconcile-unrealized-casts", [] { return mlir::createReconcileUnrealizedCastsPass(); }},
  };
  return *pipeline;
}

absl::Status RunPassManager(mlir::ModuleOp module, mlir::PassManager& pm, std::string_view what) {
  std::string diagnostics;
  llvm::raw_string_ostream stream(diagnostics);
  mlir::ScopedDiagnosticHandler handler(module.getContext(), [&](mlir::Diagnostic& diag) {
    stream << diag.getLocation() << ": " << diag << "\n";
    return mlir::success();
  });
  if (mlir::failed(pm.run(module))) {
    return absl::InternalError(absl::StrCat(std::string(what), " failed: ", stream.str()));
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<std::string>& LoweringPassNames() {
  static const auto* names = [] {
    auto* result = new std::vector<std::string>;
    for (const auto& [name, factory] : Pipeline()) result->push_back(name);
    return result;
  }();
  return *names;
}

absl::Status RunPass(mlir::ModuleOp module, std::string_view pass_name) {
  for (const auto& [name, factory] : Pipeline()) {
    if (name != pass_name) continue;
    mlir::PassManager pm(module.getContext());
    pm.addPass(factory());
    return RunPassManager(module, pm, absl::StrCat("pass ", name));
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown pass '", std::string(pass_name), "'"));
}

absl::Status LowerToLlvmDialect(mlir::ModuleOp module) {
  mlir::PassManager pm(module.getContext());
  for (const auto& [name, factory] : Pipeline()) pm.addPass(factory());
  return RunPassManager(module, pm, "lowering to the LLVM dialect");
}

absl::StatusOr<std::unique_ptr<llvm::Module>> TranslateToLlvmIr(mlir::ModuleOp module,
                                                                llvm::LLVMContext& context) {
  mlir::registerBuiltinDialectTranslation(*module.getContext());
  mlir::registerLLVMDialectTranslation(*module.getContext());
  auto result = mlir::translateModuleToLLVMIR(module, context, "clef");
  if (!result) return absl::InternalError("translation to LLVM IR failed");
  return result;
}

std::string PrintModule(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  module.print(stream);
  return stream.str();
}

void RegisterPasses() {
  mlir::registerArithToLLVMConversionPass();
  mlir::registerConvertControlFlowToLLVMPass();
  mlir::registerConvertFuncToLLVMPass();
  mlir::registerReconcileUnrealizedCasts();
  mlir::registerPass([] { return CreateDcontToStateMachinesPass(); });
  mlir::registerPass([] { return std::make_unique<ClefToLlvmPass>(); });
  mlir::registerPass([] { return std::make_unique<CallingConventionPass>(); });
}

void RegisterDialects(mlir::MLIRContext& context) {
  // One module per compilation: MLIR's thread pool would only cost thread start-up (and its
  // uninstrumented locking is noise under ThreadSanitizer).
  if (context.isMultithreadingEnabled()) context.disableMultithreading();
  context.loadDialect<mlir::func::FuncDialect, mlir::arith::ArithDialect,
                      mlir::cf::ControlFlowDialect, LLVM::LLVMDialect, clef::ClefDialect,
                      dcont::DcontDialect>();
}

}  // namespace alex
