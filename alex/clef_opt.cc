// clef-opt: runs Alex's passes (and the standard ones of its pipeline) on .mlir files, for the
// per-pass FileCheck tests in alex/test/ (one pass, one file, in MLIR's manner).
//   clef-opt --clef-to-llvm input.mlir
#include "alex/alex.h"
#include "alex/dialect/clef_dialect.h"
#include "alex/dialect/dcont_dialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char** argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::func::FuncDialect, mlir::arith::ArithDialect, mlir::cf::ControlFlowDialect,
                  mlir::LLVM::LLVMDialect, alex::clef::ClefDialect,
                  alex::dcont::DcontDialect>();
  alex::RegisterPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(argc, argv, "Alex's pass driver\n", registry));
}
