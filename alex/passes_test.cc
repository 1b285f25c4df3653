// Alex end to end on small programs: the PSG lowers to verified MLIR, each named pass runs alone
// in pipeline order, the result is pure LLVM dialect and translates to LLVM IR; constructs
// Alex cannot compile are FILE:LINE:COL errors.
#include <string>

#include "absl/status/status.h"
#include "alex/alex.h"
#include "ccs/diag/diagnostics.h"
#include "ccs/diag/source.h"
#include "ccs/dump/dump.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

namespace alex {
namespace {

using ::testing::HasSubstr;

ccs::psg::Program Check(const std::string& text) {
  ccs::SourceFile source("test.clef", text);
  ccs::StringConsumer diagnostics;
  auto program = ccs::CheckProgram(source, diagnostics);
  EXPECT_TRUE(program.has_value()) << diagnostics.text();
  return program.value_or(ccs::psg::Program());
}

constexpr const char* kProgram = R"(
type Shape = Circle of float | Rect of float * float
let area s = match s with Circle r -> 3.0 * r * r | Rect (w, h) -> w * h
let rec even n = if n = 0 then true else odd (n - 1)
and odd n = if n = 0 then false else even (n - 1)
let adder k = fun x -> x + k
let total = [1; 2; 3] |> List.map (adder 10) |> List.fold (+) 0
let safe () = try failwith "boom" with Failure m -> m
printfn "%f %b %d %s" (area (Rect (2.0, 3.0))) (even 10) total (safe ())
)";

TEST(AlexTest, EachPassRunsAloneInPipelineOrder) {
  mlir::MLIRContext context;
  RegisterDialects(context);
  auto module = LowerProgram(Check(kProgram), context);
  ASSERT_TRUE(module.ok()) << module.status();
  const std::string mlir = PrintModule(**module);
  EXPECT_THAT(mlir, HasSubstr("func.func @main"));
  EXPECT_THAT(mlir, HasSubstr("clef.alloc"));
  EXPECT_THAT(mlir, HasSubstr("clef.fastcc"));
  for (const std::string& pass : LoweringPassNames()) {
    ASSERT_TRUE(RunPass(**module, pass).ok()) << pass;
    ASSERT_TRUE(mlir::succeeded(mlir::verify(**module))) << pass;
  }
  bool only_llvm = true;
  (*module)->walk([&](mlir::Operation* op) {
    if (op != module->get().getOperation() && op->getDialect()->getNamespace() != "llvm") {
      only_llvm = false;
      ADD_FAILURE() << "left after lowering: " << op->getName().getStringRef().str();
    }
  });
  EXPECT_TRUE(only_llvm);
  const std::string lowered = PrintModule(**module);
  EXPECT_THAT(lowered, HasSubstr("llvm.func fastcc"));
  EXPECT_THAT(lowered, HasSubstr("llvm.call fastcc tail @odd"));  // even and odd: mutual tail calls
  llvm::LLVMContext llvm_context;
  auto ir = TranslateToLlvmIr(**module, llvm_context);
  ASSERT_TRUE(ir.ok()) << ir.status();
  EXPECT_NE((*ir)->getFunction("main"), nullptr);
}

TEST(AlexTest, WholePipelineMatchesPassByPass) {
  mlir::MLIRContext context;
  RegisterDialects(context);
  auto module = LowerProgram(Check(kProgram), context);
  ASSERT_TRUE(module.ok()) << module.status();
  ASSERT_TRUE(LowerToLlvmDialect(**module).ok());
  EXPECT_TRUE(mlir::succeeded(mlir::verify(**module)));
}

TEST(AlexTest, UnknownPassIsAnError) {
  mlir::MLIRContext context;
  RegisterDialects(context);
  auto module = LowerProgram(Check("printfn \"hi\""), context);
  ASSERT_TRUE(module.ok());
  absl::Status status = RunPass(**module, "no-such-pass");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("no-such-pass"));
}

TEST(AlexTest, UncompiledConstructIsALocatedError) {
  mlir::MLIRContext context;
  RegisterDialects(context);
  auto module = LowerProgram(
      Check("let one = async { return 1 }\n"
            "let work = async {\n  use! x = one\n  return x }\n"
            "printfn \"%d\" (Async.RunSynchronously work)"),
      context);
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(module.status().message()), HasSubstr("test.clef:3:"));
  EXPECT_THAT(std::string(module.status().message()), HasSubstr("error: `use!` in a computation expression is not compiled yet"));
}

// A computation is scoped only when its result is heap-free and the program never stores a
// heap value into an older location.
TEST(AlexTest, ScopedComputationsHaveHeapFreeResultsInProgramsWithoutOlderStores) {
  mlir::MLIRContext context;
  RegisterDialects(context);
  auto heap_result = LowerProgram(Check(R"(
let numbers = async { return [1; 2] }
let sum = async { return 3 }
printfn "%A %d" (Async.RunSynchronously numbers) (Async.RunSynchronously sum)
)"),
                                  context);
  ASSERT_TRUE(heap_result.ok()) << heap_result.status();
  const std::string first = PrintModule(**heap_result);
  EXPECT_THAT(first, HasSubstr("dcont.reset \"async\" scoped : !dcont.cont<i32>"));
  EXPECT_THAT(first, HasSubstr("dcont.reset \"async\" : !dcont.cont<!llvm.ptr>"));

  auto older_store = LowerProgram(Check(R"(
let mutable last = ""
let sum = async {
    last <- "ran"
    return 3
}
printfn "%d %s" (Async.RunSynchronously sum) last
)"),
                                  context);
  ASSERT_TRUE(older_store.ok()) << older_store.status();
  const std::string second = PrintModule(**older_store);
  EXPECT_THAT(second, HasSubstr("dcont.reset \"async\" : !dcont.cont<i32>"));
  EXPECT_THAT(second, Not(HasSubstr("scoped")));
}

// async { } through dcont to state machines: the dcont ops before, a switch on the state and
// no dcont op or computation value after, and the frames of inlined children embedded in
// their parent's (no clef_async_alloc in the parent's resume function).
TEST(AlexTest, ComputationsBecomeStateMachines) {
  mlir::MLIRContext context;
  RegisterDialects(context);
  auto module = LowerProgram(Check(R"(
let child x = async { return x + 1 }
let rec count n acc = async {
    if n = 0 then return acc
    else
        let! next = child acc
        return! count (n - 1) next
}
let work = async {
    let! a = child 1
    do! Async.Sleep 1
    let! b = count 3 a
    return a + b
}
printfn "%d" (Async.RunSynchronously work)
)"),
                             context);
  ASSERT_TRUE(module.ok()) << module.status();
  const std::string mlir = PrintModule(**module);
  // int results, and no heap value is stored anywhere older: every computation is scoped.
  EXPECT_THAT(mlir, HasSubstr("dcont.reset \"async\" scoped : !dcont.cont<i32>"));
  EXPECT_THAT(mlir, Not(HasSubstr("dcont.reset \"async\" :")));
  EXPECT_THAT(mlir, HasSubstr("dcont.shift"));
  EXPECT_THAT(mlir, HasSubstr("dcont.yield"));
  ASSERT_TRUE(LowerToLlvmDialect(**module).ok());
  ASSERT_TRUE(mlir::succeeded(mlir::verify(**module)));
  const std::string lowered = PrintModule(**module);
  EXPECT_THAT(lowered, ::testing::Not(HasSubstr("dcont")));
  EXPECT_THAT(lowered, HasSubstr("llvm.switch"));
  EXPECT_THAT(lowered, HasSubstr("llvm.call @clef_async_await"));
  EXPECT_THAT(lowered, HasSubstr("llvm.call @clef_async_complete"));
  llvm::LLVMContext llvm_context;
  auto ir = TranslateToLlvmIr(**module, llvm_context);
  ASSERT_TRUE(ir.ok()) << ir.status();
}

TEST(AlexTest, ExportsAreCheckedAndEmittedWithCNames) {
  mlir::MLIRContext context;
  auto good = LowerProgram(Check("[<Export(\"c_add\")>]\nlet add (a: int) (b: int) = a + b\n"), context,
                           LowerOptions{.library = true});
  ASSERT_TRUE(good.ok()) << good.status();
  const std::string mlir = PrintModule(**good);
  EXPECT_THAT(mlir, HasSubstr("func.func @c_add(%arg0: i32, %arg1: i32) -> i32"));
  EXPECT_THAT(mlir, ::testing::Not(HasSubstr("@main")));

  auto list_param = LowerProgram(Check("[<Export(\"c_len\")>]\nlet len (xs: int list) = List.length xs\n"),
                                 context, LowerOptions{.library = true});
  ASSERT_FALSE(list_param.ok());
  EXPECT_THAT(std::string(list_param.status().message()), HasSubstr("test.clef:2:1: error: 'c_len'"));

  auto generic = LowerProgram(Check("[<Export(\"c_id\")>]\nlet id2 x = x\n"), context, LowerOptions{.library = true});
  ASSERT_FALSE(generic.ok());
  EXPECT_THAT(std::string(generic.status().message()), HasSubstr("only a non-generic top-level function"));

  auto value = LowerProgram(Check("let answer = 42\n"), context, LowerOptions{.library = true});
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(std::string(value.status().message()), HasSubstr("may only define functions"));
}

}  // namespace
}  // namespace alex
