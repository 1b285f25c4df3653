// Golden files of the type checker: every ccs/sema/testdata/NAME.clef is checked; NAME.types
// holds the inferred signatures and NAME.psg the Program Semantic Graph (not for fail_ files),
// NAME.diag the diagnostics (absent: none). Regenerate on purpose with ccs/sema/testdata/update_goldens.sh and review the diff.
#include <dirent.h>

#include <string>
#include <vector>

#include "ccs/dump/dump.h"
#include "ccs/parse/parse.h"
#include "ccs/psg/print.h"
#include "ccs/sema/check.h"
#include "ccs/testing/golden.h"
#include "gtest/gtest.h"

namespace ccs {
namespace {

constexpr char kDir[] = "ccs/sema/testdata";

using testing::ClefInputs;
using testing::ReadFile;

std::vector<std::string> Inputs() { return ClefInputs(kDir); }

TEST(SemaGoldenTest, FindsInputs) { EXPECT_GE(Inputs().size(), 10u); }

TEST(SemaGoldenTest, SignaturesAndDiagnosticsMatch) {
  for (const std::string& name : Inputs()) {
    SCOPED_TRACE(name);
    const std::string base = std::string(kDir) + "/" + name;
    SourceFile source(base + ".clef", ReadFile(base + ".clef"));
    StringConsumer diags;
    absl::StatusOr<std::string> types = EmitStage("types", source, diags);
    ASSERT_TRUE(types.ok());
    EXPECT_EQ(diags.text(), ReadFile(base + ".diag"));  // a missing file reads as ""
    if (name.rfind("fail_", 0) == 0) {
      EXPECT_NE(diags.text().find(": error: "), std::string::npos) << "a fail_ case must report an error";
    } else {
      EXPECT_EQ(*types, ReadFile(base + ".types"));
      StringConsumer again;
      absl::StatusOr<std::string> psg = EmitStage("psg", source, again);
      ASSERT_TRUE(psg.ok());
      EXPECT_EQ(*psg, ReadFile(base + ".psg"));
      absl::StatusOr<std::string> dot = EmitStage("psg", source, again, "dot");
      ASSERT_TRUE(dot.ok());
      EXPECT_EQ(dot->rfind("digraph psg {", 0), 0u);
    }
  }
}

// The seeds' programs type-check against the prelude, and their computations carry
// continuation marks: a reset per async/actor/frosty expression, shifts at the suspensions.
TEST(SemaGoldenTest, SeedProgramsCheckAndMarkTheirSuspensions) {
  int seeds = 0;
  for (const std::string& name : Inputs()) {
    if (name.rfind("seed_", 0) != 0) continue;
    SCOPED_TRACE(name);
    ++seeds;
    const std::string base = std::string(kDir) + "/" + name;
    SourceFile source(base + ".clef", ReadFile(base + ".clef"));
    StringConsumer diags;
    absl::StatusOr<std::string> psg = EmitStage("psg", source, diags);
    ASSERT_TRUE(psg.ok());
    EXPECT_EQ(diags.text().find(": error: "), std::string::npos) << diags.text();
    const std::string& text = *psg;
    const bool has_computation = text.find("RESET") != std::string::npos;
    if (name != "seed_platform" && name != "seed_barewire") {
      EXPECT_TRUE(has_computation);
      EXPECT_NE(text.find("SHIFT"), std::string::npos);
    }
  }
  EXPECT_GE(seeds, 7);
}

// The PSG is a Protobuf message: what Alex reads back is what the checker built.
TEST(SemaGoldenTest, PsgRoundTripsThroughProtobuf) {
  for (const std::string& name : Inputs()) {
    if (name.rfind("fail_", 0) == 0) continue;
    SCOPED_TRACE(name);
    const std::string base = std::string(kDir) + "/" + name;
    // With the Clef library, which some programs use (seed_platform's PlatformConfig).
    SourceFile source = WithLibrary(SourceFile(base + ".clef", ReadFile(base + ".clef")));
    StringConsumer consumer;
    DiagnosticEngine diags(source, consumer);
    ParseResult parsed = ParseFile(source, diags);
    CheckResult checked = CheckFile(parsed, diags, CheckOptions{.build_psg = true});
    ASSERT_TRUE(checked.psg.has_value());
    EXPECT_GT(checked.psg->top_level_size(), 0);
    std::string bytes;
    ASSERT_TRUE(checked.psg->SerializeToString(&bytes));
    psg::Program back;
    ASSERT_TRUE(back.ParseFromString(bytes));
    EXPECT_EQ(psg::PrintText(back), psg::PrintText(*checked.psg));
    // Every id in the graph points into its table.
    for (const psg::Node& n : back.nodes()) {
      for (int c : n.children()) EXPECT_LT(c, back.nodes_size());
      EXPECT_LT(n.type(), back.types_size());
      EXPECT_LT(n.binding(), back.bindings_size());
    }
  }
}

// Whatever the parser accepts, the checker must get through without crashing: every parser
// test program and every fuzzer corpus input (the checker's answers on them are not pinned).
TEST(SemaRobustnessTest, ChecksEveryParserInputWithoutCrashing) {
  int checked = 0;
  for (const char* dir : {"ccs/testdata", "ccs/parse/testdata/parser_corpus"}) {
    DIR* d = opendir(dir);
    ASSERT_NE(d, nullptr) << dir;
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] == '.') continue;
      const std::string path = std::string(dir) + "/" + e->d_name;
      if (std::string(dir) == "ccs/testdata" && path.substr(path.size() - 5) != ".clef") continue;
      SourceFile source(path, ReadFile(path));
      StringConsumer diags;
      ASSERT_TRUE(EmitStage("types", source, diags).ok());
      StringConsumer again;
      ASSERT_TRUE(EmitStage("psg", source, again).ok());
      ++checked;
    }
    closedir(d);
  }
  EXPECT_GE(checked, 40);
}

}  // namespace
}  // namespace ccs
