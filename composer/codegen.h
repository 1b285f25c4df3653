// Composer's back end: an LLVM module (from alex's MLIR, translated to LLVM IR) → optimized IR →
// an object file or assembly text for one target.
//
//   FIDELITY_ASSIGN_OR_RETURN(auto machine, CreateTargetMachine(kDefaultTriple, 2));
//   FIDELITY_RETURN_IF_ERROR(Optimize(*module, *machine, 2));
//   FIDELITY_RETURN_IF_ERROR(EmitObjectFile(*module, *machine, "program.o"));
//
// No LLVM header here: LLVM's headers are heavy, and only codegen.cc and the driver need them.
// A caller that destroys the returned TargetMachine includes "llvm/Target/TargetMachine.h".
//
// Code generation guarantees tail calls: a `tail call fastcc` in tail position never grows the
// stack, whatever the two functions' signatures (the machine is made with LLVM's
// GuaranteedTailCallOpt), so Clef's mutual recursion runs in constant stack at every -O level.
// The price is that fastcc functions pop their own stack arguments; other conventions (the C
// functions of the runtime, `main`) are unaffected.
#ifndef FIDELITY_COMPOSER_CODEGEN_H_
#define FIDELITY_COMPOSER_CODEGEN_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace llvm {
class Module;
class TargetMachine;
}  // namespace llvm

namespace composer {

inline constexpr std::string_view kDefaultTriple = "x86_64-linux-gnu";

// A target machine for `triple` (empty: kDefaultTriple) at -O`opt_level` (0..3), with
// position-independent code and guaranteed tail calls. Only the X86, AArch64 and WebAssembly
// back ends are linked in (x86_64-linux-gnu, aarch64-linux-gnu, wasm32-wasi): any other triple,
// or one LLVM cannot parse, is InvalidArgument naming the supported ones, as is an opt_level
// outside 0..3. wasm32 uses the static relocation model (WebAssembly has no PIC executables)
// and enables the tail-call feature.
absl::StatusOr<std::unique_ptr<llvm::TargetMachine>> CreateTargetMachine(std::string_view triple,
                                                                         int opt_level);

// Sets the module's data layout and triple from `machine`, verifies it (Internal with the
// verifier's report when it is malformed) and runs LLVM's default -O`opt_level` pipeline
// (0..3; 0 keeps only what must run, such as always-inline).
absl::Status Optimize(llvm::Module& module, llvm::TargetMachine& machine, int opt_level);

// Machine code for the module, as an object file written to `path` or as assembly text. Both
// set the data layout and triple and verify first, as Optimize does, and turn LLVM's code
// generation errors into an error status (LLVM's default would print them and exit). Code
// generation rewrites the module's IR in place (CodeGenPrepare and friends): the module stays
// valid and can be emitted again, but an object file and assembly that must show exactly the
// same code come from two copies (llvm::CloneModule) of the optimized module.
absl::Status EmitObjectFile(llvm::Module& module, llvm::TargetMachine& machine,
                            const std::string& path);
absl::StatusOr<std::string> EmitAssembly(llvm::Module& module, llvm::TargetMachine& machine);

}  // namespace composer

#endif  // FIDELITY_COMPOSER_CODEGEN_H_
