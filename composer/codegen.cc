#include "composer/codegen.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "llvm-c/Target.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"
#include "support/absl_string_view.h"

namespace composer {
namespace {

constexpr std::string_view kSupportedTriples =
    "x86_64-linux-gnu (the default), aarch64-linux-gnu, wasm32-wasi";

// Only the back ends composer targets: registering all of LLVM's would cost start-up time for
// nothing. The AsmParsers are there for inline assembly.
void InitializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
    LLVMInitializeAArch64AsmParser();
    LLVMInitializeWebAssemblyTargetInfo();
    LLVMInitializeWebAssemblyTarget();
    LLVMInitializeWebAssemblyTargetMC();
    LLVMInitializeWebAssemblyAsmPrinter();
    LLVMInitializeWebAssemblyAsmParser();
  });
}

absl::Status CheckOptLevel(int opt_level) {
  if (opt_level < 0 || opt_level > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("optimization level must be 0, 1, 2 or 3, not ", opt_level));
  }
  return absl::OkStatus();
}

// Collects the context's error diagnostics while alive. LLVM's default handler prints an error
// and calls exit(1); code generation reports unsupported constructs that way.
class DiagnosticCollector {
 public:
  explicit DiagnosticCollector(llvm::LLVMContext& context)
      : context_(context), previous_(context.getDiagnosticHandler()) {
    auto handler = std::make_unique<Handler>();
    handler_ = handler.get();
    context_.setDiagnosticHandler(std::move(handler));
  }
  ~DiagnosticCollector() { context_.setDiagnosticHandler(std::move(previous_)); }
  DiagnosticCollector(const DiagnosticCollector&) = delete;
  DiagnosticCollector& operator=(const DiagnosticCollector&) = delete;

  // OK, or `what` failed with every error reported.
  absl::Status Check(std::string_view what) const {
    if (handler_->errors.empty()) return absl::OkStatus();
    return absl::InternalError(
        absl::StrCat(fidelity::Sv(what), ": ", absl::StrJoin(handler_->errors, "; ")));
  }

 private:
  struct Handler : llvm::DiagnosticHandler {
    bool handleDiagnostics(const llvm::DiagnosticInfo& info) override {
      if (info.getSeverity() != llvm::DS_Error) return false;  // warnings print as usual
      std::string text;
      llvm::raw_string_ostream out(text);
      llvm::DiagnosticPrinterRawOStream printer(out);
      info.print(printer);
      out.flush();
      errors.push_back(std::move(text));
      return true;
    }
    std::vector<std::string> errors;
  };

  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::DiagnosticHandler> previous_;
  Handler* handler_;
};

// What every entry point does first: the module takes the machine's layout and triple, and
// must be valid IR (LLVM's passes assume it is and may crash otherwise).
absl::Status PrepareModule(llvm::Module& module, llvm::TargetMachine& machine) {
  // async, actors and tasks run on Frosty and Prospero, which wasm32-wasi does not have
  // (Debian has no Abseil and no threads for it: tools/toolchains/README.md).
  if (machine.getTargetTriple().isWasm()) {
    for (const llvm::Function& function : module) {
      if (function.getName().starts_with("clef_async_")) {
        return absl::InvalidArgumentError(absl::StrCat(
            "this program uses async (", function.getName().str(),
            "), which the wasm32-wasi target does not support: its runtime has no Frosty"));
      }
    }
  }
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple().str());
  std::string report;
  llvm::raw_string_ostream out(report);
  if (llvm::verifyModule(module, &out)) {
    out.flush();
    while (!report.empty() && report.back() == '\n') report.pop_back();
    return absl::InternalError(
        absl::StrCat("invalid LLVM IR in module '", module.getModuleIdentifier(), "': ", report));
  }
  return absl::OkStatus();
}

absl::Status Emit(llvm::Module& module, llvm::TargetMachine& machine, llvm::raw_pwrite_stream& out,
                  llvm::CodeGenFileType type) {
  if (absl::Status status = PrepareModule(module, machine); !status.ok()) return status;
  DiagnosticCollector diagnostics(module.getContext());
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, out, /*DwoOut=*/nullptr, type)) {
    return absl::InvalidArgumentError(
        absl::StrCat("target ", machine.getTargetTriple().str(), " cannot emit ",
                     type == llvm::CodeGenFileType::ObjectFile ? "object files" : "assembly"));
  }
  passes.run(module);
  return diagnostics.Check("code generation failed");
}

// Recursive inlining, one level: each call a small function makes to itself gets a copy of the
// function's body. LLVM's inliner never inlines a function into itself (GCC does, several levels
// deep). One level halves the calls of a recursion such as fib; when the function is pure, GVN
// then also merges the calls the two levels share (fib (n-1), inlined, calls fib (n-2) and
// fib (n-3); the inlined fib (n-2) calls fib (n-3) again), so the call tree itself shrinks. Self
// tail calls are
// already loops (Alex), so the calls found here are the non-tail ones. Bounded: functions of at
// most kMaxInstructions instructions and kMaxSelfCalls self calls, inlined once.
void InlineSelfRecursionOnce(llvm::Module& module) {
  constexpr unsigned kMaxInstructions = 64;
  constexpr size_t kMaxSelfCalls = 4;
  std::vector<llvm::Function*> candidates;
  for (llvm::Function& function : module) {
    if (function.isDeclaration() || function.isVarArg() ||
        function.getInstructionCount() > kMaxInstructions) {
      continue;
    }
    candidates.push_back(&function);
  }
  for (llvm::Function* function : candidates) {
    std::vector<llvm::CallBase*> self_calls;
    for (llvm::BasicBlock& block : *function) {
      for (llvm::Instruction& instruction : block) {
        auto* call = llvm::dyn_cast<llvm::CallBase>(&instruction);
        if (call != nullptr && call->getCalledFunction() == function && !call->isMustTailCall()) {
          self_calls.push_back(call);
        }
      }
    }
    if (self_calls.empty() || self_calls.size() > kMaxSelfCalls) continue;
    // Inline from a snapshot of the body: inlining into the function it copies is not supported.
    llvm::ValueToValueMapTy map;
    llvm::Function* copy = llvm::CloneFunction(function, map);
    for (llvm::CallBase* call : self_calls) {
      call->setCalledFunction(copy);
      llvm::InlineFunctionInfo info;
      // The copy's own self calls still name `function`, so the inlined calls do too. A call
      // that cannot be inlined goes back to `function`.
      if (!llvm::InlineFunction(*call, info).isSuccess()) call->setCalledFunction(function);
    }
    copy->eraseFromParent();
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<llvm::TargetMachine>> CreateTargetMachine(std::string_view triple,
                                                                         int opt_level) {
  if (absl::Status status = CheckOptLevel(opt_level); !status.ok()) return status;
  InitializeTargets();
  if (triple.empty()) triple = kDefaultTriple;
  const llvm::Triple target_triple(llvm::Triple::normalize(triple));
  std::string error;
  const llvm::Target* target = target_triple.getArch() == llvm::Triple::UnknownArch
                                   ? nullptr
                                   : llvm::TargetRegistry::lookupTarget(target_triple.str(), error);
  if (target == nullptr) {
    if (error.empty()) error = "unknown architecture";
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported target triple '", fidelity::Sv(triple), "' (", error,
                     "); supported: ", fidelity::Sv(kSupportedTriples)));
  }

  llvm::TargetOptions options;
  // Clef's mutual recursion relies on every `tail call fastcc` being a real jump, also when
  // the callee takes more stack arguments than the caller (fastcc then pops its own).
  options.GuaranteedTailCallOpt = true;

  std::string cpu = "generic";
  std::string features;
  llvm::Reloc::Model relocation = llvm::Reloc::PIC_;
  if (target_triple.isX86()) cpu = target_triple.isArch64Bit() ? "x86-64" : "i686";
  if (target_triple.isWasm()) {
    // wasm-ld links static executables; the tail-call feature makes tail calls real
    // (return_call), which V8 (node >= 20) runs.
    relocation = llvm::Reloc::Static;
    features = "+tail-call";
  }
  static constexpr llvm::CodeGenOptLevel kLevels[] = {
      llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less, llvm::CodeGenOptLevel::Default,
      llvm::CodeGenOptLevel::Aggressive};
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(target_triple.str(), cpu, features, options, relocation,
                                  /*CM=*/std::nullopt, kLevels[opt_level]));
  if (machine == nullptr) {
    return absl::InternalError(
        absl::StrCat("LLVM could not create a target machine for '", target_triple.str(), "'"));
  }
  return machine;
}

absl::Status Optimize(llvm::Module& module, llvm::TargetMachine& machine, int opt_level) {
  if (absl::Status status = CheckOptLevel(opt_level); !status.ok()) return status;
  if (absl::Status status = PrepareModule(module, machine); !status.ok()) return status;
  DiagnosticCollector diagnostics(module.getContext());

  llvm::LoopAnalysisManager loop_analyses;
  llvm::FunctionAnalysisManager function_analyses;
  llvm::CGSCCAnalysisManager cgscc_analyses;
  llvm::ModuleAnalysisManager module_analyses;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = opt_level >= 2;  // as clang: the vectorizers from -O2 on
  tuning.SLPVectorization = opt_level >= 2;
  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(module_analyses);
  builder.registerCGSCCAnalyses(cgscc_analyses);
  builder.registerFunctionAnalyses(function_analyses);
  builder.registerLoopAnalyses(loop_analyses);
  builder.crossRegisterProxies(loop_analyses, function_analyses, cgscc_analyses, module_analyses);

  if (opt_level >= 2) InlineSelfRecursionOnce(module);

  llvm::ModulePassManager passes;
  switch (opt_level) {
    case 0:
      passes = builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
      break;
    case 1:
      passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O1);
      break;
    case 2:
      passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
      break;
    default:
      passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
      break;
  }
  passes.run(module, module_analyses);
  return diagnostics.Check("optimization failed");
}

absl::Status EmitObjectFile(llvm::Module& module, llvm::TargetMachine& machine,
                            const std::string& path) {
  std::error_code error;
  llvm::raw_fd_ostream out(path, error, llvm::sys::fs::OF_None);
  if (error) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path, ": ", error.message()));
  }
  absl::Status status = Emit(module, machine, out, llvm::CodeGenFileType::ObjectFile);
  out.close();
  if (status.ok() && out.has_error()) {
    status =
        absl::UnavailableError(absl::StrCat("cannot write ", path, ": ", out.error().message()));
  }
  out.clear_error();  // else raw_fd_ostream's destructor reports a fatal error
  if (!status.ok()) llvm::sys::fs::remove(path);
  return status;
}

absl::StatusOr<std::string> EmitAssembly(llvm::Module& module, llvm::TargetMachine& machine) {
  llvm::SmallString<0> text;
  llvm::raw_svector_ostream out(text);
  if (absl::Status status = Emit(module, machine, out, llvm::CodeGenFileType::AssemblyFile);
      !status.ok()) {
    return status;
  }
  return std::string(text.str());
}

}  // namespace composer
