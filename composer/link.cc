#include "composer/link.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "support/absl_string_view.h"

extern char** environ;

// Set by composer/BUILD.bazel from the build's configuration: the runtime archive is compiled
// the way composer is, so an instrumented archive needs the sanitizer's runtime at link time.
#ifndef COMPOSER_LINK_DRIVER
#define COMPOSER_LINK_DRIVER "c++"
#endif
#ifndef COMPOSER_LINK_SANITIZER
#define COMPOSER_LINK_SANITIZER ""
#endif

namespace composer {
namespace {

constexpr std::string_view kArchiveName = "libclef_runtime.a";
constexpr std::string_view kLinkoptsName = "libclef_runtime.linkopts";
// Paths in runfiles: the workspace's name (WORKSPACE), then the file's path in the workspace.
constexpr std::string_view kWorkspace = "fidelity";
constexpr std::string_view kRuntimePackage = "composer/runtime";
constexpr std::string_view kWasiRunner = "tools/toolchains/wasi_run.mjs";

enum class RunOn { kHost, kQemuAarch64, kNodeWasi };

// What composer links for, each with its toolchain (tools/toolchains; Debian's packages). The
// first is the host.
struct LinkTarget {
  std::string_view triple;
  const char* driver[2];  // the driver and its target flag, if any
  bool gnu_ld;            // GNU ld's flags apply (--as-needed, -pthread)
  RunOn run;
};

constexpr LinkTarget kLinkTargets[] = {
    {"x86_64-linux-gnu", {COMPOSER_LINK_DRIVER, nullptr}, true, RunOn::kHost},
    {"aarch64-linux-gnu", {"aarch64-linux-gnu-g++", nullptr}, true, RunOn::kQemuAarch64},
    {"wasm32-wasi", {"clang++-19", "--target=wasm32-wasi"}, false, RunOn::kNodeWasi},
};

bool IsFile(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string SelfExecutable() {
  char buffer[4096];
  ssize_t length = readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
  if (length <= 0) return "";
  return std::string(buffer, length);
}

std::string Dirname(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The target of `rlocation` in a runfiles manifest ("<rlocation> <path>" lines), or "".
std::string FromManifest(const std::string& manifest, std::string_view rlocation) {
  std::ifstream in(manifest);
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view rest = line;
    if (absl::ConsumePrefix(&rest, fidelity::Sv(rlocation)) && absl::ConsumePrefix(&rest, " ")) {
      return std::string(rest);
    }
  }
  return "";
}

// The linkopts written beside the archive, one flag a line (none when the file is absent).
std::vector<std::string> ArchiveLinkopts(const std::string& archive) {
  std::vector<std::string> flags;
  std::ifstream in(absl::StrCat(Dirname(archive), "/", fidelity::Sv(kLinkoptsName)));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) flags.push_back(line);
  }
  return flags;
}

// Reads both pipes until both reach end of file (a child that fills one while we block on the
// other would otherwise deadlock).
void Drain(int out_fd, int err_fd, std::string& out, std::string& err) {
  struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        sinks[i]->append(buffer, n);
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;  // poll ignores negative descriptors
        --open_count;
      }
    }
  }
}

absl::StatusOr<const LinkTarget*> FindLinkTarget(std::string_view triple) {
  if (triple.empty()) triple = kLinkTargets[0].triple;
  for (const LinkTarget& target : kLinkTargets) {
    if (target.triple == triple) return &target;
  }
  std::vector<std::string> names;
  for (const LinkTarget& target : kLinkTargets) names.emplace_back(target.triple);
  return absl::InvalidArgumentError(absl::StrCat("composer links executables for ",
                                                 absl::StrJoin(names, ", "), ", not '",
                                                 fidelity::Sv(triple), "'"));
}

std::string FindRunfile(std::string_view rlocation_in_workspace, std::vector<std::string>* looked) {
  const std::string self = SelfExecutable();
  std::vector<std::string> roots;
  for (const char* variable : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    if (std::string root = Env(variable); !root.empty()) roots.push_back(root);
  }
  if (!self.empty()) roots.push_back(self + ".runfiles");
  const std::string rlocation =
      absl::StrCat(fidelity::Sv(kWorkspace), "/", fidelity::Sv(rlocation_in_workspace));
  for (const std::string& root : roots) {
    std::string path = absl::StrCat(root, "/", rlocation);
    looked->push_back(path);
    if (IsFile(path)) return path;
  }

  std::vector<std::string> manifests;
  if (std::string manifest = Env("RUNFILES_MANIFEST_FILE"); !manifest.empty()) {
    manifests.push_back(manifest);
  }
  if (!self.empty()) manifests.push_back(self + ".runfiles_manifest");
  for (const std::string& manifest : manifests) {
    if (!IsFile(manifest)) continue;
    std::string path = FromManifest(manifest, rlocation);
    looked->push_back(path.empty() ? absl::StrCat(manifest, " (no ", rlocation, ")") : path);
    if (!path.empty() && IsFile(path)) return path;
  }
  return "";
}

}  // namespace

absl::StatusOr<std::string> RuntimeArchivePath(std::string_view triple) {
  absl::StatusOr<const LinkTarget*> target = FindLinkTarget(triple);
  if (!target.ok()) return target.status();
  // The host's archive sits in the runtime's directory, another target's in <triple>/ below it.
  const std::string subdirectory =
      *target == &kLinkTargets[0] ? "" : absl::StrCat(fidelity::Sv((*target)->triple), "/");
  const std::string name = absl::StrCat(subdirectory, fidelity::Sv(kArchiveName));

  if (std::string dir = Env("CLEF_RUNTIME_DIR"); !dir.empty()) {
    std::string path = absl::StrCat(dir, "/", name);
    if (IsFile(path)) return path;
    return absl::NotFoundError(
        absl::StrCat("CLEF_RUNTIME_DIR is ", dir, ", but ", path, " does not exist"));
  }

  std::vector<std::string> looked;
  if (std::string path = FindRunfile(absl::StrCat(fidelity::Sv(kRuntimePackage), "/", name), &looked);
      !path.empty()) {
    return path;
  }
  if (const std::string self = SelfExecutable(); !self.empty()) {
    std::string path = absl::StrCat(Dirname(self), "/runtime/", name);
    looked.push_back(path);
    if (IsFile(path)) return path;
  }

  return absl::NotFoundError(absl::StrCat(
      "the Clef runtime archive ", name, " for ", fidelity::Sv((*target)->triple),
      " was not found; looked at ",
      looked.empty() ? "nothing (no runfiles, no /proc/self/exe)" : absl::StrJoin(looked, ", "),
      ". Build //composer/runtime:runtime_archives (composer's runfiles carry them) or set "
      "CLEF_RUNTIME_DIR to the directory that holds ",
      fidelity::Sv(kArchiveName), " (other targets' in <triple>/ below it)"));
}

absl::StatusOr<std::vector<std::string>> LinkCommand(const std::vector<std::string>& objects,
                                                     const std::string& output,
                                                     std::string_view triple) {
  if (objects.empty()) return absl::InvalidArgumentError("nothing to link: no object files");
  absl::StatusOr<const LinkTarget*> target = FindLinkTarget(triple);
  if (!target.ok()) return target.status();
  absl::StatusOr<std::string> archive = RuntimeArchivePath((*target)->triple);
  if (!archive.ok()) return archive.status();
  const bool host = *target == &kLinkTargets[0];

  std::vector<std::string> argv;
  for (const char* word : (*target)->driver) {
    if (word != nullptr) argv.emplace_back(word);
  }
  argv.insert(argv.end(), {"-o", output});
  argv.insert(argv.end(), objects.begin(), objects.end());
  argv.push_back(*archive);
  if ((*target)->gnu_ld) {
    // The archive's libraries (Abseil's, through prospero) only when its members that the
    // program pulls in use them: a program records no dependency on a library it never calls.
    argv.push_back("-Wl,--push-state,--as-needed");
  }
  for (std::string& flag : ArchiveLinkopts(*archive)) argv.push_back(std::move(flag));
  argv.push_back("-lm");
  const bool position_dependent =
      std::find(argv.begin(), argv.end(), "-no-pie") != argv.end();
  if ((*target)->gnu_ld) {
    argv.push_back("-Wl,--pop-state");
    argv.push_back("-pthread");
  }
  if (std::string_view sanitizer = COMPOSER_LINK_SANITIZER; host && !sanitizer.empty()) {
    // The sanitizers' runtimes are shared libraries: this link stays dynamic.
    argv.push_back(absl::StrCat("-fsanitize=", fidelity::Sv(sanitizer)));
  } else if ((*target)->gnu_ld) {
    // A Clef program depends on no shared library, not even libstdc++ (the runtime's C++ is an
    // implementation detail): it starts in half the time and RSS of a dynamic link (hello:
    // 0.7 ms and 0.9 MiB against 1.1 ms and 2.6 MiB) and runs on any Linux of its architecture.
    // Position-independent (ASLR) unless an archive was compiled without -fPIC.
    argv.push_back(position_dependent ? "-static" : "-static-pie");
  }
  return argv;
}

absl::StatusOr<std::vector<std::string>> RunCommand(const std::string& program,
                                                    std::string_view triple) {
  absl::StatusOr<const LinkTarget*> target = FindLinkTarget(triple);
  if (!target.ok()) return target.status();
  switch ((*target)->run) {
    case RunOn::kHost:
      return std::vector<std::string>{program};
    case RunOn::kQemuAarch64:
      return std::vector<std::string>{"qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", program};
    case RunOn::kNodeWasi: {
      std::vector<std::string> looked;
      std::string runner = FindRunfile(kWasiRunner, &looked);
      if (runner.empty()) {
        return absl::NotFoundError(absl::StrCat("node's WASI runner ", fidelity::Sv(kWasiRunner),
                                                " is not in composer's runfiles; looked at ",
                                                absl::StrJoin(looked, ", ")));
      }
      return std::vector<std::string>{"node", "--no-warnings", runner, program};
    }
  }
  return absl::InternalError("unreachable");
}

absl::Status LinkExecutable(const std::vector<std::string>& objects, const std::string& output,
                            std::string_view triple) {
  absl::StatusOr<std::vector<std::string>> argv = LinkCommand(objects, output, triple);
  if (!argv.ok()) return argv.status();
  absl::StatusOr<ProcessResult> result = RunProcess(*argv);
  if (!result.ok()) return result.status();
  if (result->exit_code == 0 && result->term_signal == 0) return absl::OkStatus();
  std::string how = result->term_signal != 0
                        ? absl::StrCat("was killed by signal ", result->term_signal)
                        : absl::StrCat("exited with code ", result->exit_code);
  std::string diagnostics = result->stderr_text.empty() ? result->stdout_text : result->stderr_text;
  return absl::InternalError(absl::StrCat(
      "linking ", output, " failed: `", absl::StrJoin(*argv, " "), "` ", how, ":\n", diagnostics));
}

absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) return absl::InvalidArgumentError("RunProcess: empty command");
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    int saved = errno;
    close(out_pipe[0]);
    close(out_pipe[1]);
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(saved)));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  pid_t pid = 0;
  int spawn_error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawn_error != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return absl::FailedPreconditionError(
        absl::StrCat("cannot run ", argv[0], ": ", std::strerror(spawn_error)));
  }

  ProcessResult result;
  Drain(out_pipe[0], err_pipe[0], result.stdout_text, result.stderr_text);
  close(out_pipe[0]);
  close(err_pipe[0]);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return absl::InternalError(absl::StrCat("waitpid(", argv[0], "): ", std::strerror(errno)));
    }
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else {
    result.exit_code = -1;
    result.term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }
  return result;
}

}  // namespace composer
