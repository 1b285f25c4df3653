#include "composer/project.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace composer {
namespace {

std::string Write(const std::string& name, const std::string& text) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "project_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(ProjectTest, ReadsUpstreamsSettings) {
  const std::string path = Write("Hello.fidproj", R"(# A sample
[package]
name = "Hello"
version = "0.1.0"
authors = ["SpeakEZ LLC"]

[build]
sources = ["Lib.fs", "Main.fs"]
output = "hello"
output_kind = "freestanding"

[optimization]
level = 1

[link]
libraries = ["m"]
search_paths = ["lib"]
)");
  absl::StatusOr<Project> p = ReadProject(path);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "Hello");
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  ASSERT_EQ(p->sources.size(), 2u);
  EXPECT_EQ(p->sources[0], (dir / "Lib.fs").string());
  EXPECT_EQ(p->sources[1], (dir / "Main.fs").string());
  EXPECT_EQ(p->output, (dir / "targets" / "hello").string());
  EXPECT_EQ(p->opt_level, 1);
  EXPECT_FALSE(p->target.has_value());
  EXPECT_EQ(p->link_inputs, (std::vector<std::string>{"-L" + (dir / "lib").string(), "-lm"}));
  EXPECT_TRUE(p->warnings.empty());
}

TEST(ProjectTest, WarnsAboutEveryKeyItDoesNotKnowWithItsPlace) {
  const std::string path = Write("Warn.fidproj", R"([package]
name = "TimeLoop"

[compilation]
memory_model = "stack_only"
target = "native"

[optimization]
level = 2
inline_threshold = 100

[dependencies]
alloy = { path = "../Alloy" }

[build]
sources = ["TimeLoop.fs"]

[platform.linux]
time_implementation = "linux"
)");
  absl::StatusOr<Project> p = ReadProject(path);
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->warnings.size(), 4u) << testing::PrintToString(p->warnings);
  EXPECT_EQ(p->warnings[0], path + ":5:16: warning: 'compilation.memory_model' is not a setting composer knows; it has no effect");
  EXPECT_NE(p->warnings[1].find(":10:20: warning: 'optimization.inline_threshold'"), std::string::npos);
  EXPECT_NE(p->warnings[2].find(":13:9: warning: 'dependencies.alloy'"), std::string::npos);
  EXPECT_NE(p->warnings[3].find(":19:23: warning: 'platform.linux.time_implementation'"), std::string::npos);
  // The output defaults to the package's name.
  EXPECT_EQ(p->output, (std::filesystem::path(path).parent_path() / "targets" / "TimeLoop").string());
}

TEST(ProjectTest, ErrorsSayWhereAndWhat) {
  absl::StatusOr<Project> bad_toml = ReadProject(Write("Bad.fidproj", "[build\nsources = 1\n"));
  ASSERT_FALSE(bad_toml.ok());
  EXPECT_NE(bad_toml.status().message().find("Bad.fidproj:1:"), std::string::npos) << bad_toml.status();

  absl::StatusOr<Project> wrong_type = ReadProject(Write("Type.fidproj", "[build]\nsources = [\"a.fs\"]\noutput = \"a\"\n[optimization]\nlevel = \"fast\"\n"));
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.status().message().find("Type.fidproj:5:9: error: 'optimization.level' must be 0, 1, 2 or 3"),
            std::string::npos)
      << wrong_type.status();

  absl::StatusOr<Project> no_sources = ReadProject(Write("Empty.fidproj", "[package]\nname = \"x\"\n"));
  ASSERT_FALSE(no_sources.ok());
  EXPECT_NE(no_sources.status().message().find("sources lists no source file"), std::string::npos);

  absl::StatusOr<Project> missing = ReadProject("/nonexistent/X.fidproj");
  ASSERT_FALSE(missing.ok());
}

}  // namespace
}  // namespace composer
