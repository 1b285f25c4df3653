// Linking composer's object files with the Clef runtime into an executable for a target triple,
// through that target's C++ driver (the runtime is C++): `c++` for x86_64-linux-gnu (the host),
// `aarch64-linux-gnu-g++` for aarch64-linux-gnu, `clang++-19 --target=wasm32-wasi` for
// wasm32-wasi (tools/toolchains has Bazel's toolchains for the same triples). An empty triple
// is the host's.
//
//   FIDELITY_RETURN_IF_ERROR(EmitObjectFile(*module, *machine, "hello.o"));
//   FIDELITY_RETURN_IF_ERROR(LinkExecutable({"hello.o"}, "hello"));
//
// The runtime is one archive, libclef_runtime.a, with a companion libclef_runtime.linkopts
// (the flags it needs, one a line): //composer/runtime:runtime_archive merges
// //composer/runtime:runtime and every static library it depends on into it. RuntimeArchivePath
// says where composer looks for it.
//
// The archive is built in composer's own configuration: under --config=asan/tsan/ubsan it is
// instrumented, and the link adds the matching -fsanitize= flag (chosen at build time, see
// composer/BUILD.bazel); under --config=fuzz it links with clang++-19 and -fsanitize=address.
#ifndef FIDELITY_COMPOSER_LINK_H_
#define FIDELITY_COMPOSER_LINK_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace composer {

// The path of libclef_runtime.a for `triple`: NAME is libclef_runtime.a for the host and
// <triple>/libclef_runtime.a for another target. Looks, in order:
//  1. in $CLEF_RUNTIME_DIR/NAME, when set (and only there: an override that names no archive is
//     an error);
//  2. in Bazel's runfiles, as <root>/fidelity/composer/runtime/NAME for each root of
//     $RUNFILES_DIR, $TEST_SRCDIR and <this executable>.runfiles (the executable found through
//     /proc/self/exe), then through the runfiles manifest ($RUNFILES_MANIFEST_FILE or <this
//     executable>.runfiles_manifest);
//  3. next to this executable as bazel-bin lays it out: <dir>/runtime/NAME (for
//     bazel-bin/composer/composer).
// NotFound lists every place it looked; InvalidArgument for a triple composer does not link.
absl::StatusOr<std::string> RuntimeArchivePath(std::string_view triple = "");

// The link's argv: the driver, -o output, the objects, the runtime archive, its linkopts, -lm,
// (on Linux) -pthread, and on the host the sanitizer flag of this build. Fails as
// RuntimeArchivePath does.
absl::StatusOr<std::vector<std::string>> LinkCommand(const std::vector<std::string>& objects,
                                                     const std::string& output,
                                                     std::string_view triple = "");

// Runs LinkCommand. A failed link is an error with the command and the linker's stderr.
absl::Status LinkExecutable(const std::vector<std::string>& objects, const std::string& output,
                            std::string_view triple = "");

// How this x86_64 host runs `program` built for `triple`: directly, under `qemu-aarch64 -L
// /usr/aarch64-linux-gnu`, or under node's WASI (tools/toolchains/wasi_run.mjs, found in
// composer's runfiles). The program's own arguments follow.
absl::StatusOr<std::vector<std::string>> RunCommand(const std::string& program,
                                                    std::string_view triple = "");

// A finished child process.
struct ProcessResult {
  int exit_code = 0;    // when it exited normally
  int term_signal = 0;  // when a signal ended it (exit_code is then -1)
  std::string stdout_text;
  std::string stderr_text;
};

// Runs argv[0] (searched on PATH) with the given arguments, this process's environment and
// stdin from /dev/null, and waits for it, collecting its output. An error only when it could
// not be started.
absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv);

}  // namespace composer

#endif  // FIDELITY_COMPOSER_LINK_H_
