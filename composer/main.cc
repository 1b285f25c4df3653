// composer: the Clef compiler driver.
//
//   composer run FILE.clef [-O0..-O3] [-- ARGS]     compile to a temporary binary and run it
//   composer build FILE.clef -o OUT [-c | --library] [--target TRIPLE] [-O0..-O3]
//       -c: the object only; --library: an object without main whose [<Export("name")>]
//       functions C and C++ call (see tools/clef.bzl's clef_library)
//   composer check FILE.clef...                      diagnostics only
//   composer emit --stage=tokens|ast|types|psg|mlir|lowered|llvm|asm [--format=text|dot]
//                 [-O0..-O3] FILE.clef
//
// Diagnostics go to stderr as FILE:LINE:COL: error: MESSAGE. Exit status: 0, 1 on a compile
// error, 2 on a usage or I/O error; `run` exits with the program's status.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "alex/alex.h"
#include "ccs/diag/diagnostics.h"
#include "ccs/dump/dump.h"
#include "composer/codegen.h"
#include "composer/link.h"
#include "composer/project.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "mlir/IR/MLIRContext.h"

namespace {

constexpr const char* kUsage =
    "usage: composer run FILE.clef [-O0|-O1|-O2|-O3] [LINK...] [-- ARGS]\n"
    "       composer build FILE.clef -o OUT [-c | --library] [--target TRIPLE] [-O0|-O1|-O2|-O3] [LINK...]\n"
    "       composer build PROJECT.fidproj [--target TRIPLE]\n"
    "       composer check FILE.clef...\n"
    "       composer emit --stage=tokens|ast|types|psg|mlir|lowered|llvm|asm [--format=text|dot]\n"
    "                     [-O0|-O1|-O2|-O3] FILE.clef\n"
    "LINK: -lNAME, -LDIR, or FILE.a/FILE.o/FILE.so: what the program's extern functions need.\n";

struct Options {
  std::string command;
  std::vector<std::string> files;
  std::string output;
  std::string target = std::string(composer::kDefaultTriple);
  std::string stage;
  std::string format = "text";
  int opt_level = 2;
  bool object_only = false;  // -c: the object file, not linked (for clef_binary's cc_binary)
  bool library = false;      // --library: no main; [<Export("name")>] functions for C callers
  std::vector<std::string> program_args;
  std::vector<std::string> link_inputs;  // -lNAME, -LDIR, archives and objects, in order
};

bool IsLinkInput(const std::string& arg) {
  auto ends_with = [&](std::string_view suffix) {
    return arg.size() > suffix.size() && arg.compare(arg.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ((arg.rfind("-l", 0) == 0 || arg.rfind("-L", 0) == 0) && arg.size() > 2) || ends_with(".a") ||
         ends_with(".o") || ends_with(".so");
}

int Usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "composer: " << problem << "\n";
  std::cerr << kUsage;
  return 2;
}

std::optional<Options> ParseArgs(int argc, char** argv, std::string& problem) {
  Options o;
  if (argc < 2) {
    problem = "no command";
    return std::nullopt;
  }
  o.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      for (++i; i < argc; ++i) o.program_args.push_back(argv[i]);
      break;
    }
    if (arg.size() == 3 && arg[0] == '-' && arg[1] == 'O' && arg[2] >= '0' && arg[2] <= '3') {
      o.opt_level = arg[2] - '0';
    } else if (IsLinkInput(arg)) {
      o.link_inputs.push_back(arg);
    } else if (arg == "-c") {
      o.object_only = true;
    } else if (arg == "--library") {
      o.library = true;
      o.object_only = true;
    } else if (arg == "-o" && i + 1 < argc) {
      o.output = argv[++i];
    } else if (arg == "--target" && i + 1 < argc) {
      o.target = argv[++i];
    } else if (arg.rfind("--target=", 0) == 0) {
      o.target = arg.substr(9);
    } else if (arg.rfind("--stage=", 0) == 0) {
      o.stage = arg.substr(8);
    } else if (arg.rfind("--format=", 0) == 0) {
      o.format = arg.substr(9);
    } else if (!arg.empty() && arg[0] == '-') {
      problem = "unknown option '" + arg + "'";
      return std::nullopt;
    } else {
      o.files.push_back(arg);
    }
  }
  return o;
}

std::optional<ccs::SourceFile> ReadSource(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "composer: cannot read " << path << "\n";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return ccs::SourceFile(path, text.str());
}

// A failure with its exit status: 1 for the user's program, 2 for usage and I/O.
struct Failure {
  int status;
};

// The front end, Alex and the MLIR pipeline up to `stage` (mlir, lowered, or everything).
class Compilation {
 public:
  explicit Compilation(const Options& options) : options_(options) {}

  // Front end: false (after printing diagnostics) when the program has errors.
  bool Check(const ccs::SourceFile& source) {
    ccs::StringConsumer diagnostics;
    program_ = ccs::CheckProgram(source, diagnostics);
    std::cerr << diagnostics.text();
    return program_.has_value();
  }

  bool LowerToMlir() {
    const bool wasm32 = absl::StartsWith(options_.target, "wasm32");
    auto module = alex::LowerProgram(*program_, context_,
                                     alex::LowerOptions{.library = options_.library, .pointer_bits = wasm32 ? 32u : 64u});
    if (!module.ok()) return Report(module.status());
    module_ = std::move(*module);
    return true;
  }

  bool LowerToLlvmDialect() { return Report(alex::LowerToLlvmDialect(*module_)); }

  bool ToLlvmIr() {
    auto ir = alex::TranslateToLlvmIr(*module_, llvm_context_);
    if (!ir.ok()) return Report(ir.status());
    llvm_module_ = std::move(*ir);
    auto machine = composer::CreateTargetMachine(options_.target, options_.opt_level);
    if (!machine.ok()) {
      std::cerr << "composer: " << machine.status().message() << "\n";
      exit_status_ = 2;
      return false;
    }
    machine_ = std::move(*machine);
    return Report(composer::Optimize(*llvm_module_, *machine_, options_.opt_level));
  }

  bool Through(const std::string& stage) {
    if (!LowerToMlir()) return false;
    if (stage == "mlir") return true;
    if (!LowerToLlvmDialect()) return false;
    if (stage == "lowered") return true;
    return ToLlvmIr();
  }

  // Alex reports the user's constructs it cannot compile as FILE:LINE:COL: error: ...; every
  // other failure is the compiler's own.
  bool Report(const absl::Status& status) {
    if (status.ok()) return true;
    if (status.code() == absl::StatusCode::kInvalidArgument) {
      std::cerr << status.message() << "\n";
    } else {
      std::cerr << "composer: internal error: " << status.message() << "\n";
    }
    exit_status_ = 1;
    return false;
  }

  int exit_status() const { return exit_status_; }
  mlir::ModuleOp module() { return *module_; }
  llvm::Module& llvm_module() { return *llvm_module_; }
  llvm::TargetMachine& machine() { return *machine_; }

 private:
  const Options& options_;
  std::optional<ccs::psg::Program> program_;

 public:
  const ccs::psg::Program& program() const { return *program_; }

 private:
  mlir::MLIRContext context_;
  mlir::OwningOpRef<mlir::ModuleOp> module_;
  llvm::LLVMContext llvm_context_;
  std::unique_ptr<llvm::Module> llvm_module_;
  std::unique_ptr<llvm::TargetMachine> machine_;
  int exit_status_ = 1;
};

int Emit(const Options& o) {
  if (o.files.size() != 1) return Usage("emit takes one file");
  auto source = ReadSource(o.files[0]);
  if (!source) return 2;
  const std::string& stage = o.stage;
  if (stage == "tokens" || stage == "ast" || stage == "types" || stage == "psg") {
    ccs::StringConsumer diagnostics;
    auto out = ccs::EmitStage(stage, *source, diagnostics, o.format);
    if (!out.ok()) return Usage(std::string(out.status().message()));
    std::cout << *out;
    std::cerr << diagnostics.text();
    return diagnostics.text().find(": error: ") == std::string::npos ? 0 : 1;
  }
  if (stage != "mlir" && stage != "lowered" && stage != "llvm" && stage != "asm") {
    return Usage("unknown stage '" + stage + "'");
  }
  if (o.format != "text") return Usage("--format=" + o.format + " is only for --stage=psg");
  Compilation c(o);
  if (!c.Check(*source) || !c.Through(stage)) return c.exit_status();
  if (stage == "mlir" || stage == "lowered") {
    std::cout << alex::PrintModule(c.module());
  } else if (stage == "llvm") {
    std::string text;
    llvm::raw_string_ostream stream(text);
    c.llvm_module().print(stream, nullptr);
    std::cout << stream.str();
  } else {
    auto assembly = composer::EmitAssembly(c.llvm_module(), c.machine());
    if (!assembly.ok()) return c.Report(assembly.status()) ? 0 : 1;
    std::cout << *assembly;
  }
  return 0;
}

int Check(const Options& o) {
  if (o.files.empty()) return Usage("check takes at least one file");
  int status = 0;
  for (const std::string& path : o.files) {
    auto source = ReadSource(path);
    if (!source) return 2;
    Compilation c(o);
    if (!c.Check(*source)) status = 1;
  }
  return status;
}

// Compiles the program of `paths` (one file, or a project's sources in order) into the object
// file `object` and, unless `output` is empty, links it into the executable `output`.
int BuildOne(const Options& o, const std::vector<std::string>& paths, const std::string& object,
             const std::string& output) {
  std::vector<ccs::SourceText> files;
  for (const std::string& path : paths) {
    auto file = ReadSource(path);
    if (!file) return 2;
    files.push_back(ccs::SourceText{path, std::string(file->text())});
  }
  auto source = std::make_optional<ccs::SourceFile>(std::vector<ccs::SourceText>{}, files);
  Compilation c(o);
  if (!c.Check(*source) || !c.Through("llvm")) return c.exit_status();
  if (!c.Report(composer::EmitObjectFile(c.llvm_module(), c.machine(), object))) return 1;
  if (output.empty()) return 0;
  // The object, then what its extern functions need: the command line's link inputs and the
  // libraries its [<DllImport>]s name.
  std::vector<std::string> inputs{object};
  inputs.insert(inputs.end(), o.link_inputs.begin(), o.link_inputs.end());
  for (const std::string& library : c.program().link_libraries()) inputs.push_back("-l" + library);
  if (absl::Status linked = composer::LinkExecutable(inputs, output, o.target); !linked.ok()) {
    std::cerr << "composer: " << linked.message() << "\n";
    return 1;
  }
  return 0;
}

// composer build X.fidproj: the project's sources, settings and output place (project.h).
int BuildProject(const Options& given) {
  absl::StatusOr<composer::Project> project = composer::ReadProject(given.files[0]);
  if (!project.ok()) {
    std::cerr << project.status().message() << "\n";
    return 1;
  }
  for (const std::string& warning : project->warnings) std::cerr << warning << "\n";
  Options o = given;
  if (project->opt_level) o.opt_level = *project->opt_level;
  if (project->target && given.target == composer::kDefaultTriple) o.target = *project->target;
  o.link_inputs.insert(o.link_inputs.begin(), project->link_inputs.begin(), project->link_inputs.end());
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(project->output).parent_path(), error);
  if (error) {
    std::cerr << "composer: cannot create " << std::filesystem::path(project->output).parent_path() << ": "
              << error.message() << "\n";
    return 2;
  }
  const std::string object = project->output + ".o";
  const int status = BuildOne(o, project->sources, object, project->output);
  std::filesystem::remove(object);
  if (status == 0) std::cerr << "composer: wrote " << project->output << "\n";
  return status;
}

int Build(const Options& o) {
  if (o.files.size() == 1 && absl::EndsWith(o.files[0], ".fidproj")) return BuildProject(o);
  if (o.files.size() != 1) return Usage("build takes one file (or one .fidproj project)");
  if (o.output.empty()) return Usage("build needs -o OUT");
  if (o.object_only) return BuildOne(o, {o.files[0]}, o.output, "");
  const std::string object = o.output + ".o";
  const int status = BuildOne(o, {o.files[0]}, object, o.output);
  std::filesystem::remove(object);
  return status;
}

int Run(const Options& o) {
  if (o.files.size() != 1) return Usage("run takes one file");
  std::string dir_template = (std::filesystem::temp_directory_path() / "composer-run-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) {
    std::cerr << "composer: cannot create a temporary directory\n";
    return 2;
  }
  const std::filesystem::path dir(dir_template);
  const std::string binary = (dir / "program").string();
  int status = BuildOne(o, {o.files[0]}, (dir / "program.o").string(), binary);
  absl::StatusOr<std::vector<std::string>> command = composer::RunCommand(binary, o.target);
  if (status == 0 && !command.ok()) {
    std::cerr << "composer: " << command.status().message() << "\n";
    status = 2;
  }
  if (status == 0) {
    // On the host the program's argv[0] is its source file, as `dotnet fsi FILE` shows it.
    std::vector<std::string> words = *command;
    const bool direct = words.size() == 1;
    if (direct) words[0] = o.files[0];
    words.insert(words.end(), o.program_args.begin(), o.program_args.end());
    std::cout.flush();
    const pid_t pid = fork();
    if (pid == 0) {
      std::vector<char*> argv;
      for (std::string& word : words) argv.push_back(word.data());
      argv.push_back(nullptr);
      if (direct) {
        execv(binary.c_str(), argv.data());
      } else {
        execvp(argv[0], argv.data());
      }
      _exit(127);
    }
    int wait_status = 0;
    if (pid < 0 || waitpid(pid, &wait_status, 0) < 0) {
      status = 2;
    } else if (WIFEXITED(wait_status)) {
      status = WEXITSTATUS(wait_status);
    } else {
      status = 128 + WTERMSIG(wait_status);
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  std::string problem;
  auto options = ParseArgs(argc, argv, problem);
  if (!options) return Usage(problem);
  const std::string& command = options->command;
  if (command == "run") return Run(*options);
  if (command == "build") return Build(*options);
  if (command == "check") return Check(*options);
  if (command == "emit") return Emit(*options);
  if (command == "--help" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  return Usage("unknown command '" + command + "'");
}
