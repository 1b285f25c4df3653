// Any byte string goes through the whole compiler short of machine code: front end, Alex, the
// passes to the LLVM dialect and the translation to LLVM IR. A program the front end accepts
// either lowers or gets a located diagnostic (InvalidArgument); any other failure (a verifier
// failure, a pass failure) is a compiler bug and aborts, so libFuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "alex/alex.h"
#include "ccs/diag/diagnostics.h"
#include "ccs/diag/source.h"
#include "ccs/dump/dump.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "mlir/IR/MLIRContext.h"

namespace {
void Check(const absl::Status& status, const char* stage) {
  if (status.ok() || status.code() == absl::StatusCode::kInvalidArgument) return;
  std::fprintf(stderr, "%s: %s\n", stage, std::string(status.message()).c_str());
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ccs::SourceFile source("fuzz.clef", std::string(reinterpret_cast<const char*>(data), size));
  ccs::CollectingConsumer consumer;
  auto program = ccs::CheckProgram(source, consumer);
  if (!program.has_value()) return 0;
  mlir::MLIRContext context;
  auto module = alex::LowerProgram(*program, context);
  Check(module.status(), "LowerProgram");
  if (!module.ok()) return 0;
  Check(alex::LowerToLlvmDialect(**module), "LowerToLlvmDialect");
  llvm::LLVMContext llvm_context;
  auto ir = alex::TranslateToLlvmIr(**module, llvm_context);
  Check(ir.status(), "TranslateToLlvmIr");
  return 0;
}
