// Alex: a checked Clef program's PSG (ccs/psg/psg.proto) to MLIR, down to the LLVM dialect by
// named passes, then to LLVM IR.
//
//   mlir::MLIRContext context;
//   alex::RegisterDialects(context);
//   FIDELITY_ASSIGN_OR_RETURN(auto module, alex::LowerProgram(program, context));  // --stage=mlir
//   FIDELITY_RETURN_IF_ERROR(alex::LowerToLlvmDialect(*module));                     // --stage=lowered
//   FIDELITY_ASSIGN_OR_RETURN(auto ir, alex::TranslateToLlvmIr(*module, llvm_context)); // --stage=llvm
//
// The passes, in order (each can be run alone on a module by name, see RunPass):
//   convert-arith-to-llvm, convert-cf-to-llvm, convert-func-to-llvm, clef-to-llvm,
//   clef-calling-convention, reconcile-unrealized-casts.
#ifndef FIDELITY_ALEX_ALEX_H_
#define FIDELITY_ALEX_ALEX_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ccs/psg/psg.pb.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace alex {

// Loads the dialects Alex emits (func, arith, cf, llvm, clef) and turns the context's
// multithreading off (a compilation is one module).
void RegisterDialects(mlir::MLIRContext& context);

// Registers every pass of LoweringPassNames() with MLIR's pass registry (for clef-opt).
void RegisterPasses();

// The program as func/arith/cf/llvm/clef operations: one func.func per function (curried
// parameters flattened, captures first), `main` running the top level. Errors (InvalidArgument)
// name the construct and its line:column when the program uses something Alex cannot lower.
struct LowerOptions {
  // A library: no `main`; the top level may only define functions, and those marked
  // [<Export("name")>] are callable from C as `name` (int, int64 and float parameters; those
  // or unit as the result). A program exports them too, beside its main.
  bool library = false;
  // The target's pointer width: nativeint, unativeint and NativePtr addresses (64; 32 on wasm32).
  unsigned pointer_bits = 64;
};
absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> LowerProgram(const ccs::psg::Program& program,
                                                                mlir::MLIRContext& context,
                                                                const LowerOptions& options = {});

// The pass names of the pipeline to the LLVM dialect, in order.
const std::vector<std::string>& LoweringPassNames();
// Runs one named pass (from LoweringPassNames) on the module.
absl::Status RunPass(mlir::ModuleOp module, std::string_view pass_name);
// Runs the whole pipeline; the module is then in the LLVM dialect only.
absl::Status LowerToLlvmDialect(mlir::ModuleOp module);

absl::StatusOr<std::unique_ptr<llvm::Module>> TranslateToLlvmIr(mlir::ModuleOp module,
                                                                llvm::LLVMContext& context);

std::string PrintModule(mlir::ModuleOp module);

}  // namespace alex

#endif  // FIDELITY_ALEX_ALEX_H_
