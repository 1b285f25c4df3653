// Upstream Clef's project files: `composer build X.fidproj` (TOML, read with toml++).
//
//   [package]       name, version, description, authors, license (informational)
//   [build]         sources = ["A.fs", "Main.fs"] (in order; the last holds the entry point),
//                   output = "hello" (default: the package's name),
//                   output_kind = "console" | "freestanding" (both an executable here)
//   [compilation]   target = "native" | a triple composer supports
//   [optimization]  level = 0..3
//   [link]          libraries = ["m", ..] (linked as -lNAME), search_paths = ["dir", ..] (-LDIR)
//
// The binary goes where upstream puts it: targets/<output> beside the project file. Any other
// key is reported as a warning with its line and column (it has no effect), never silently
// dropped; a malformed file, a missing source or a wrong type is an error.
#ifndef FIDELITY_COMPOSER_PROJECT_H_
#define FIDELITY_COMPOSER_PROJECT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace composer {

struct Project {
  std::string name;
  std::vector<std::string> sources;  // paths as given, resolved against the project's folder
  std::string output;                // targets/<output> beside the project file
  std::optional<int> opt_level;
  std::optional<std::string> target;  // a triple ("native" leaves the host's)
  std::vector<std::string> link_inputs;  // -lNAME and -LDIR
  std::vector<std::string> warnings;     // FILE:LINE:COL: warning: ...
};

absl::StatusOr<Project> ReadProject(const std::string& path);

}  // namespace composer

#endif  // FIDELITY_COMPOSER_PROJECT_H_
