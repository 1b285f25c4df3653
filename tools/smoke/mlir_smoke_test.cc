// Proves the LLVM/MLIR wiring (parse, verify, lower, translate) and the tablegen rule (the
// generated `smoke` dialect verifies, prints and parses its own assembly format).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "tools/smoke/mlir_lowering.h"
#include "tools/smoke/smoke_dialect.h"

namespace fidelity::smoke {
namespace {

using ::testing::HasSubstr;

constexpr char kAddModule[] = R"mlir(
func.func @add(%a: i32, %b: i32) -> i32 {
  %sum = arith.addi %a, %b : i32
  return %sum : i32
}
)mlir";

TEST(MlirSmokeTest, LowersFuncAndArithToLlvmIr) {
  absl::StatusOr<std::string> ir = LowerToLlvmIr(kAddModule);
  ASSERT_TRUE(ir.ok()) << ir.status();
  EXPECT_THAT(*ir, HasSubstr("define i32 @add(i32 %0, i32 %1)"));
  EXPECT_THAT(*ir, HasSubstr("add i32 %0, %1"));
}

TEST(MlirSmokeTest, ReportsParseErrors) {
  absl::StatusOr<std::string> ir = LowerToLlvmIr("func.func @broken( {");
  ASSERT_FALSE(ir.ok());
  EXPECT_THAT(std::string(ir.status().message()), HasSubstr("MLIR parse failed"));
}

TEST(MlirSmokeTest, ReportsTypeErrors) {
  absl::StatusOr<std::string> ir = LowerToLlvmIr(R"mlir(
func.func @bad(%a: i32) -> i64 {
  return %a : i32
}
)mlir");
  ASSERT_FALSE(ir.ok());
}

TEST(TablegenSmokeTest, GeneratedDialectBuildsVerifiesAndPrints) {
  mlir::MLIRContext context;
  context.loadDialect<SmokeDialect>();
  mlir::OpBuilder builder(&context);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(builder.getUnknownLoc());
  builder.setInsertionPointToEnd(module->getBody());
  builder.create<CountOp>(builder.getUnknownLoc(), builder.getI64Type(),
                          builder.getI64IntegerAttr(3));
  ASSERT_TRUE(mlir::succeeded(mlir::verify(*module)));

  std::string text;
  llvm::raw_string_ostream out(text);
  module->print(out);
  EXPECT_THAT(out.str(), HasSubstr("smoke.count 3 : i64"));
}

TEST(TablegenSmokeTest, CustomVerifierRejectsNegativeCounts) {
  mlir::MLIRContext context;
  context.loadDialect<SmokeDialect>();
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic& diagnostic) {
    diagnostics += diagnostic.str();
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>("%0 = smoke.count -1 : i64", &context);
  EXPECT_FALSE(module);
  EXPECT_THAT(diagnostics, HasSubstr("count must be non-negative, got -1"));
}

}  // namespace
}  // namespace fidelity::smoke
