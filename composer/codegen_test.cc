// codegen + link end to end: hand-written LLVM IR → Optimize → object file → an executable
// linked with the real Clef runtime (//composer/runtime:runtime_archive, from runfiles) → run.
#include "composer/codegen.h"

#include <stdlib.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "composer/link.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

namespace composer {
namespace {

using ::testing::HasSubstr;

// main: prints "hello, clef!" through the runtime, as alex's lowering of printfn does.
constexpr char kHello[] = R"ll(
@text = private unnamed_addr constant [13 x i8] c"hello, clef!\00"

declare void @clef_runtime_init(i32, ptr)
declare i32 @clef_runtime_exit(i32)
declare ptr @clef_string_new(ptr, i64)
declare void @clef_print_string(ptr, i32, i1 zeroext)

define i32 @main(i32 %argc, ptr %argv) {
entry:
  call void @clef_runtime_init(i32 %argc, ptr %argv)
  %s = call ptr @clef_string_new(ptr @text, i64 12)
  call void @clef_print_string(ptr %s, i32 1, i1 zeroext true)
  %code = call i32 @clef_runtime_exit(i32 0)
  ret i32 %code
}
)ll";

// even/odd, mutually recursive through `tail call fastcc`, 10,000,000 calls deep. odd takes six
// extra arguments, so on x86-64 one of them goes on the stack: even cannot jump to odd as a
// plain sibling call (its caller reserved no room for it), only with the callee-pops fastcc
// convention that GuaranteedTailCallOpt switches on. Without it the stack overflows.
constexpr char kEvenOdd[] = R"ll(
define fastcc i1 @even(i64 %n) {
entry:
  %zero = icmp eq i64 %n, 0
  br i1 %zero, label %done, label %recurse
done:
  ret i1 true
recurse:
  %m = sub i64 %n, 1
  %r = tail call fastcc i1 @odd(i64 %m, i64 1, i64 2, i64 3, i64 4, i64 5, i64 6)
  ret i1 %r
}

define fastcc i1 @odd(i64 %n, i64 %a, i64 %b, i64 %c, i64 %d, i64 %e, i64 %f) {
entry:
  %zero = icmp eq i64 %n, 0
  br i1 %zero, label %done, label %recurse
done:
  ret i1 false
recurse:
  %m = sub i64 %n, 1
  %r = tail call fastcc i1 @even(i64 %m)
  ret i1 %r
}

declare void @clef_runtime_init(i32, ptr)
declare i32 @clef_runtime_exit(i32)

define i32 @main(i32 %argc, ptr %argv) {
entry:
  call void @clef_runtime_init(i32 %argc, ptr %argv)
  %r = call fastcc i1 @even(i64 10000000)
  %code = select i1 %r, i32 42, i32 1
  %exit = call i32 @clef_runtime_exit(i32 %code)
  ret i32 %exit
}
)ll";

std::unique_ptr<llvm::Module> Parse(llvm::LLVMContext& context, const char* text) {
  llvm::SMDiagnostic error;
  std::unique_ptr<llvm::Module> module = llvm::parseAssemblyString(text, error, context);
  if (module == nullptr) {
    std::string message;
    llvm::raw_string_ostream out(message);
    error.print("test", out);
    ADD_FAILURE() << "IR does not parse: " << out.str();
  }
  return module;
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

// Emits `module` for the machine, links it with the runtime of `triple` (empty: the host) and
// runs it as `composer run` would (another target's program under qemu or node).
ProcessResult BuildAndRun(llvm::Module& module, llvm::TargetMachine& machine,
                          const std::string& name, const std::string& triple = "") {
  const std::string object = TempPath(name + ".o");
  const std::string executable = TempPath(name);
  absl::Status emitted = EmitObjectFile(module, machine, object);
  EXPECT_TRUE(emitted.ok()) << emitted;
  absl::Status linked = LinkExecutable({object}, executable, triple);
  EXPECT_TRUE(linked.ok()) << linked;
  absl::StatusOr<std::vector<std::string>> command = RunCommand(executable, triple);
  EXPECT_TRUE(command.ok()) << command.status();
  ProcessResult failed;
  failed.exit_code = -1;
  if (!emitted.ok() || !linked.ok() || !command.ok()) return failed;
  absl::StatusOr<ProcessResult> run = RunProcess(*command);
  EXPECT_TRUE(run.ok()) << run.status();
  return run.ok() ? *run : failed;
}

class HelloTest : public ::testing::TestWithParam<int> {};

TEST_P(HelloTest, OptimizesLinksWithTheRuntimeAndRuns) {
  const int level = GetParam();
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = Parse(context, kHello);
  ASSERT_NE(module, nullptr);
  absl::StatusOr<std::unique_ptr<llvm::TargetMachine>> machine = CreateTargetMachine("", level);
  ASSERT_TRUE(machine.ok()) << machine.status();
  ASSERT_TRUE(Optimize(*module, **machine, level).ok());
  EXPECT_EQ(module->getTargetTriple(), "x86_64-unknown-linux-gnu");

  ProcessResult run = BuildAndRun(*module, **machine, absl::StrCat("hello_O", level));
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.term_signal, 0);
  EXPECT_EQ(run.stdout_text, "hello, clef!\n");
}

INSTANTIATE_TEST_SUITE_P(OptLevels, HelloTest, ::testing::Values(0, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return absl::StrCat("O", info.param);
                         });

// fib, recursive and pure: -O2 inlines it into itself once, and the calls of the two levels that
// compute the same value merge, so the function calls itself fewer than four times per call and
// still computes fib.
constexpr char kFib[] = R"ll(
define fastcc i32 @fib(i32 %n) {
entry:
  %small = icmp slt i32 %n, 2
  br i1 %small, label %done, label %recurse
done:
  ret i32 %n
recurse:
  %a = sub i32 %n, 1
  %fa = call fastcc i32 @fib(i32 %a)
  %b = sub i32 %n, 2
  %fb = call fastcc i32 @fib(i32 %b)
  %r = add i32 %fa, %fb
  ret i32 %r
}

declare void @clef_runtime_init(i32, ptr)
declare i32 @clef_runtime_exit(i32)

define i32 @main(i32 %argc, ptr %argv) {
entry:
  call void @clef_runtime_init(i32 %argc, ptr %argv)
  %f = call fastcc i32 @fib(i32 24)
  %ok = icmp eq i32 %f, 46368
  %code = select i1 %ok, i32 42, i32 1
  %exit = call i32 @clef_runtime_exit(i32 %code)
  ret i32 %exit
}
)ll";

TEST(CodegenTest, SmallRecursiveFunctionsAreInlinedIntoThemselvesOnceAtO2) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = Parse(context, kFib);
  ASSERT_NE(module, nullptr);
  auto machine = CreateTargetMachine(kDefaultTriple, 2);
  ASSERT_TRUE(machine.ok()) << machine.status();
  ASSERT_TRUE(Optimize(*module, **machine, 2).ok());
  llvm::Function* fib = module->getFunction("fib");
  ASSERT_NE(fib, nullptr);
  int self_calls = 0;
  for (llvm::BasicBlock& block : *fib) {
    for (llvm::Instruction& instruction : block) {
      if (auto* call = llvm::dyn_cast<llvm::CallBase>(&instruction);
          call != nullptr && call->getCalledFunction() == fib) {
        ++self_calls;
      }
    }
  }
  EXPECT_GE(self_calls, 1);  // still recursive: inlined once, not unrolled away
  EXPECT_LT(self_calls, 4);  // two levels would be four calls without the merging
  ProcessResult run = BuildAndRun(*module, **machine, "fib_inlined");
  EXPECT_EQ(run.exit_code, 42) << run.stderr_text;
}

// Every target composer links for: hello compiled, linked with that target's runtime archive
// (composer's runfiles carry one per triple) and run on this host the way `composer run` does
// (qemu-aarch64, node's WASI).
class CrossTargetTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CrossTargetTest, HelloLinksAndRunsOnThisHost) {
  const std::string& triple = GetParam();
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = Parse(context, kHello);
  ASSERT_NE(module, nullptr);
  absl::StatusOr<std::unique_ptr<llvm::TargetMachine>> machine = CreateTargetMachine(triple, 2);
  ASSERT_TRUE(machine.ok()) << machine.status();
  ASSERT_TRUE(Optimize(*module, **machine, 2).ok());

  ProcessResult run = BuildAndRun(*module, **machine, absl::StrCat("hello_", triple), triple);
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.stdout_text, "hello, clef!\n");
}

INSTANTIATE_TEST_SUITE_P(Triples, CrossTargetTest,
                         ::testing::Values("x86_64-linux-gnu", "aarch64-linux-gnu", "wasm32-wasi"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(LinkTest, EachTargetLinksWithItsOwnDriverAndArchive) {
  absl::StatusOr<std::vector<std::string>> arm = LinkCommand({"a.o"}, "prog", "aarch64-linux-gnu");
  ASSERT_TRUE(arm.ok()) << arm.status();
  EXPECT_EQ(arm->front(), "aarch64-linux-gnu-g++");
  EXPECT_THAT(*arm, ::testing::Contains(HasSubstr("aarch64-linux-gnu/libclef_runtime.a")));
  EXPECT_THAT(*arm, ::testing::Not(::testing::Contains(HasSubstr("-fsanitize"))));

  absl::StatusOr<std::vector<std::string>> wasm = LinkCommand({"a.o"}, "prog", "wasm32-wasi");
  ASSERT_TRUE(wasm.ok()) << wasm.status();
  EXPECT_THAT(*wasm, ::testing::ElementsAre("clang++-19", "--target=wasm32-wasi", "-o", "prog",
                                            "a.o", HasSubstr("wasm32-wasi/libclef_runtime.a"),
                                            "-lm"));

  absl::StatusOr<std::vector<std::string>> run = RunCommand("prog.wasm", "wasm32-wasi");
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_THAT(*run, ::testing::ElementsAre("node", "--no-warnings", HasSubstr("wasi_run.mjs"),
                                           "prog.wasm"));
}

TEST(LinkTest, ATripleComposerDoesNotLinkForIsAClearError) {
  absl::StatusOr<std::vector<std::string>> argv =
      LinkCommand({"a.o"}, "prog", "riscv64-linux-gnu");
  ASSERT_FALSE(argv.ok());
  EXPECT_EQ(argv.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(argv.status().message()),
              HasSubstr("x86_64-linux-gnu, aarch64-linux-gnu, wasm32-wasi, not 'riscv64-linux-gnu'"));
  EXPECT_FALSE(RunCommand("prog", "riscv64-linux-gnu").ok());
}

TEST(CodegenTest, AssemblyHasTheFunctionsLabel) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = Parse(context, kHello);
  ASSERT_NE(module, nullptr);
  auto machine = CreateTargetMachine(kDefaultTriple, 1);
  ASSERT_TRUE(machine.ok()) << machine.status();
  ASSERT_TRUE(Optimize(*module, **machine, 1).ok());
  absl::StatusOr<std::string> assembly = EmitAssembly(*module, **machine);
  ASSERT_TRUE(assembly.ok()) << assembly.status();
  EXPECT_THAT(*assembly, HasSubstr("\nmain:"));
  EXPECT_THAT(*assembly, HasSubstr("clef_print_string"));
}

TEST(CodegenTest, OtherTargetsEmitCode) {
  // aarch64 and wasm32 are for later, but their machines exist now; wasm32's tail calls are
  // real (return_call) thanks to the tail-call feature.
  for (const char* triple : {"aarch64-linux-gnu", "wasm32-wasi"}) {
    SCOPED_TRACE(triple);
    llvm::LLVMContext context;
    std::unique_ptr<llvm::Module> module = Parse(context, kEvenOdd);
    ASSERT_NE(module, nullptr);
    auto machine = CreateTargetMachine(triple, 2);
    ASSERT_TRUE(machine.ok()) << machine.status();
    ASSERT_TRUE(Optimize(*module, **machine, 2).ok());
    absl::StatusOr<std::string> assembly = EmitAssembly(*module, **machine);
    ASSERT_TRUE(assembly.ok()) << assembly.status();
    EXPECT_THAT(*assembly, HasSubstr("even"));
    if (std::string(triple) == "wasm32-wasi") {
      EXPECT_THAT(*assembly, HasSubstr("return_call"));
    }
    absl::Status object = EmitObjectFile(*module, **machine, TempPath(absl::StrCat(triple, ".o")));
    EXPECT_TRUE(object.ok()) << object;
  }
}

TEST(CodegenTest, UnknownTripleIsAnErrorNamingTheSupportedOnes) {
  for (const char* triple : {"nonsense", "sparc-sun-solaris"}) {
    absl::StatusOr<std::unique_ptr<llvm::TargetMachine>> machine = CreateTargetMachine(triple, 2);
    ASSERT_FALSE(machine.ok()) << triple;
    EXPECT_EQ(machine.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(machine.status().message()), HasSubstr(triple));
    EXPECT_THAT(std::string(machine.status().message()), HasSubstr("x86_64-linux-gnu"));
    EXPECT_THAT(std::string(machine.status().message()), HasSubstr("aarch64-linux-gnu"));
    EXPECT_THAT(std::string(machine.status().message()), HasSubstr("wasm32-wasi"));
  }
}

TEST(CodegenTest, OptLevelOutOfRange) {
  EXPECT_EQ(CreateTargetMachine("", 4).status().code(), absl::StatusCode::kInvalidArgument);
  auto machine = CreateTargetMachine("", 2);
  ASSERT_TRUE(machine.ok());
  llvm::LLVMContext context;
  llvm::Module module("empty", context);
  EXPECT_EQ(Optimize(module, **machine, -1).code(), absl::StatusCode::kInvalidArgument);
}

TEST(CodegenTest, MalformedModuleIsAnErrorNotACrash) {
  llvm::LLVMContext context;
  llvm::Module module("malformed", context);
  llvm::Function* function = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(context), /*isVarArg=*/false),
      llvm::Function::ExternalLinkage, "no_terminator", module);
  llvm::BasicBlock::Create(context, "entry", function);  // empty: no terminator

  auto machine = CreateTargetMachine("", 2);
  ASSERT_TRUE(machine.ok());
  absl::Status optimized = Optimize(module, **machine, 2);
  EXPECT_EQ(optimized.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(optimized.message()), HasSubstr("does not have terminator"));
  EXPECT_THAT(std::string(optimized.message()), HasSubstr("no_terminator"));

  EXPECT_EQ(EmitObjectFile(module, **machine, TempPath("malformed.o")).code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(EmitAssembly(module, **machine).status().code(), absl::StatusCode::kInternal);
}

TEST(CodegenTest, MutualTailRecursionRunsInConstantStackAtO0) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = Parse(context, kEvenOdd);
  ASSERT_NE(module, nullptr);
  auto machine = CreateTargetMachine("", 0);
  ASSERT_TRUE(machine.ok()) << machine.status();
  ASSERT_TRUE(Optimize(*module, **machine, 0).ok());
  ProcessResult run = BuildAndRun(*module, **machine, "even_odd");
  EXPECT_EQ(run.term_signal, 0) << "stack overflow? " << run.stderr_text;
  EXPECT_EQ(run.exit_code, 42) << run.stderr_text;
}

// The control experiment: the same program from a machine without GuaranteedTailCallOpt
// overflows its stack, so the test above does test the option.
TEST(CodegenTest, WithoutGuaranteedTailCallsTheSameProgramOverflows) {
  ASSERT_TRUE(CreateTargetMachine("", 0).ok());  // registers the targets
  std::string error;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget("x86_64-linux-gnu", error);
  ASSERT_NE(target, nullptr) << error;
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine("x86_64-linux-gnu", "x86-64", "", llvm::TargetOptions(),
                                  llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOptLevel::None));
  ASSERT_NE(machine, nullptr);
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = Parse(context, kEvenOdd);
  ASSERT_NE(module, nullptr);
  ASSERT_TRUE(Optimize(*module, *machine, 0).ok());
  ProcessResult run = BuildAndRun(*module, *machine, "even_odd_control");
  EXPECT_NE(run.exit_code, 42);
}

TEST(LinkTest, FindsTheRuntimeArchiveInRunfiles) {
  absl::StatusOr<std::string> archive = RuntimeArchivePath();
  ASSERT_TRUE(archive.ok()) << archive.status();
  EXPECT_THAT(*archive, HasSubstr("composer/runtime/libclef_runtime.a"));
}

TEST(LinkTest, LinkCommandNamesTheArchiveAndItsFlags) {
  absl::StatusOr<std::vector<std::string>> argv = LinkCommand({"a.o", "b.o"}, "prog");
  ASSERT_TRUE(argv.ok()) << argv.status();
  EXPECT_THAT(*argv, ::testing::Contains(HasSubstr("libclef_runtime.a")));
  EXPECT_THAT(*argv, ::testing::Contains("-pthread"));
  EXPECT_THAT(*argv, ::testing::Contains("-lm"));
  EXPECT_THAT(*argv, ::testing::IsSupersetOf({"-o", "prog", "a.o", "b.o"}));
  // The runtime archive is instrumented as this test is: the link adds the sanitizer.
#if defined(__SANITIZE_ADDRESS__)
  EXPECT_THAT(*argv, ::testing::Contains("-fsanitize=address"));
#elif defined(__SANITIZE_THREAD__)
  EXPECT_THAT(*argv, ::testing::Contains("-fsanitize=thread"));
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  EXPECT_THAT(*argv, ::testing::Contains("-fsanitize=address"));
#endif
#endif
}

TEST(LinkTest, RuntimeDirOverrideThatNamesNoArchiveIsAClearError) {
  const std::string dir = TempPath("no_runtime_here");
  ASSERT_EQ(setenv("CLEF_RUNTIME_DIR", dir.c_str(), 1), 0);
  absl::StatusOr<std::string> archive = RuntimeArchivePath();
  absl::Status linked = LinkExecutable({"x.o"}, TempPath("x"));
  unsetenv("CLEF_RUNTIME_DIR");
  ASSERT_FALSE(archive.ok());
  EXPECT_EQ(archive.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(archive.status().message()), HasSubstr(dir + "/libclef_runtime.a"));
  EXPECT_THAT(std::string(archive.status().message()), HasSubstr("CLEF_RUNTIME_DIR"));
  EXPECT_EQ(linked.code(), absl::StatusCode::kNotFound);
}

TEST(LinkTest, RuntimeDirOverrideIsUsed) {
  absl::StatusOr<std::string> real = RuntimeArchivePath();
  ASSERT_TRUE(real.ok()) << real.status();
  const std::string dir = real->substr(0, real->rfind('/'));
  ASSERT_EQ(setenv("CLEF_RUNTIME_DIR", dir.c_str(), 1), 0);
  absl::StatusOr<std::string> archive = RuntimeArchivePath();
  unsetenv("CLEF_RUNTIME_DIR");
  ASSERT_TRUE(archive.ok()) << archive.status();
  EXPECT_EQ(*archive, dir + "/libclef_runtime.a");
}

TEST(LinkTest, FailedLinkReportsTheLinkersErrors) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = Parse(context, R"ll(
declare void @clef_no_such_function()
define i32 @main() {
  call void @clef_no_such_function()
  ret i32 0
}
)ll");
  ASSERT_NE(module, nullptr);
  auto machine = CreateTargetMachine("", 0);
  ASSERT_TRUE(machine.ok());
  const std::string object = TempPath("undefined.o");
  ASSERT_TRUE(EmitObjectFile(*module, **machine, object).ok());
  absl::Status linked = LinkExecutable({object}, TempPath("undefined"));
  EXPECT_EQ(linked.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(linked.message()), HasSubstr("clef_no_such_function"));
  EXPECT_THAT(std::string(linked.message()), HasSubstr("undefined reference"));
}

TEST(LinkTest, RunProcessReportsAMissingProgram) {
  absl::StatusOr<ProcessResult> run = RunProcess({"/nonexistent/composer-test-program"});
  EXPECT_FALSE(run.ok());
  EXPECT_THAT(std::string(run.status().message()), HasSubstr("/nonexistent/composer-test-program"));
}

TEST(LinkTest, RunProcessCollectsBothStreamsAndTheExitCode) {
  absl::StatusOr<ProcessResult> run = RunProcess({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->stdout_text, "out\n");
  EXPECT_EQ(run->stderr_text, "err\n");
  EXPECT_EQ(run->exit_code, 3);
  EXPECT_EQ(run->term_signal, 0);
}

}  // namespace
}  // namespace composer
