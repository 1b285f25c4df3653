#include "composer/project.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "toml++/toml.h"

namespace composer {
namespace {

std::string Where(const std::string& path, const toml::source_region& at) {
  return absl::StrCat(path, ":", at.begin.line, ":", at.begin.column);
}

// The settings composer acts on, by their dotted names; the [package] section is informational.
const std::set<std::string_view>& KnownKeys() {
  static const auto* keys = new std::set<std::string_view>{
      "package.name",      "package.version",         "package.description", "package.authors",
      "package.license",   "build.sources",           "build.output",        "build.output_kind",
      "compilation.target", "optimization.level",     "link.libraries",      "link.search_paths"};
  return *keys;
}

// Every key of `table` (recursively: [platform.linux] is platform.linux.*) that composer does not
// know, as a warning.
void WarnUnknown(const std::string& path, const toml::table& table, const std::string& prefix,
                 std::vector<std::string>& warnings) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : absl::StrCat(prefix, ".", std::string(key.str()));
    if (KnownKeys().count(name) > 0) continue;
    if (const toml::table* sub = node.as_table(); sub != nullptr && !sub->is_inline() && !sub->empty()) {
      WarnUnknown(path, *sub, name, warnings);  // each of its keys
      continue;
    }
    warnings.push_back(absl::StrCat(Where(path, node.source()), ": warning: '", name,
                                    "' is not a setting composer knows; it has no effect"));
  }
}

absl::Status TypeError(const std::string& path, const toml::node& node, std::string_view key, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(Where(path, node.source()), ": error: '", std::string(key), "' must be ", std::string(what)));
}

absl::StatusOr<std::vector<std::string>> Strings(const std::string& path, const toml::table& root,
                                                 std::string_view key) {
  std::vector<std::string> out;
  const toml::node* node = root.at_path(key).node();
  if (node == nullptr) return out;
  const toml::array* array = node->as_array();
  if (array == nullptr) return TypeError(path, *node, key, "an array of strings");
  for (const toml::node& item : *array) {
    const auto* s = item.as_string();
    if (s == nullptr) return TypeError(path, item, key, "an array of strings");
    out.push_back(s->get());
  }
  return out;
}

}  // namespace

absl::StatusOr<Project> ReadProject(const std::string& path) {
  toml::parse_result parsed = toml::parse_file(path);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    if (e.source().begin.line == 0) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": error: ", std::string(e.description())));
    }
    return absl::InvalidArgumentError(absl::StrCat(Where(path, e.source()), ": error: ", std::string(e.description())));
  }
  const toml::table& root = parsed.table();
  Project p;
  WarnUnknown(path, root, "", p.warnings);
  // In the file's order (tables iterate by name).
  std::stable_sort(p.warnings.begin(), p.warnings.end(), [&](const std::string& a, const std::string& b) {
    auto line = [&](const std::string& w) { return std::atoi(w.c_str() + path.size() + 1); };
    return line(a) < line(b);
  });
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();

  if (const toml::node* name = root.at_path("package.name").node()) {
    if (!name->is_string()) return TypeError(path, *name, "package.name", "a string");
    p.name = name->as_string()->get();
  }
  auto sources = Strings(path, root, "build.sources");
  if (!sources.ok()) return sources.status();
  if (sources->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": error: [build] sources lists no source file"));
  }
  for (const std::string& source : *sources) p.sources.push_back((dir / source).string());
  std::string output = p.name;
  if (const toml::node* out = root.at_path("build.output").node()) {
    if (!out->is_string()) return TypeError(path, *out, "build.output", "a string");
    output = out->as_string()->get();
  }
  if (output.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": error: [build] output (or [package] name) names no binary"));
  }
  p.output = (dir / "targets" / output).string();
  if (const toml::node* kind = root.at_path("build.output_kind").node()) {
    const auto* s = kind->as_string();
    if (s == nullptr || (s->get() != "console" && s->get() != "freestanding" && s->get() != "executable")) {
      return TypeError(path, *kind, "build.output_kind", "\"console\", \"freestanding\" or \"executable\"");
    }
  }
  if (const toml::node* level = root.at_path("optimization.level").node()) {
    const auto* i = level->as_integer();
    if (i == nullptr || i->get() < 0 || i->get() > 3) return TypeError(path, *level, "optimization.level", "0, 1, 2 or 3");
    p.opt_level = static_cast<int>(i->get());
  }
  if (const toml::node* target = root.at_path("compilation.target").node()) {
    if (!target->is_string()) return TypeError(path, *target, "compilation.target", "a string");
    const std::string& t = target->as_string()->get();
    if (t != "native") p.target = t;
  }
  auto libraries = Strings(path, root, "link.libraries");
  if (!libraries.ok()) return libraries.status();
  auto search = Strings(path, root, "link.search_paths");
  if (!search.ok()) return search.status();
  for (const std::string& s : *search) p.link_inputs.push_back("-L" + (dir / s).string());
  for (const std::string& l : *libraries) p.link_inputs.push_back("-l" + l);
  return p;
}

}  // namespace composer
