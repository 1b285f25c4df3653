// Golden-file tests: every ccs/testdata/NAME.clef is run through each stage and compared with
// NAME.tokens and NAME.ast; files named fail_*.clef must produce exactly NAME.diag. Regenerate
// expectations on purpose with ccs/testdata/update_goldens.sh and review the diff.
#include <dirent.h>

#include <string>
#include <vector>

#include "ccs/dump/dump.h"
#include "ccs/testing/golden.h"
#include "gtest/gtest.h"

namespace ccs {
namespace {

constexpr char kDir[] = "ccs/testdata";

using testing::ClefInputs;
using testing::ReadFile;

std::vector<std::string> Inputs() { return ClefInputs(kDir); }

TEST(GoldenTest, FindsInputs) { EXPECT_GE(Inputs().size(), 10u); }

TEST(GoldenTest, EveryStageMatchesItsExpectation) {
  for (const std::string& name : Inputs()) {
    SCOPED_TRACE(name);
    std::string base = std::string(kDir) + "/" + name;
    // Diagnostics name the file as the update script does.
    SourceFile source(base + ".clef", ReadFile(base + ".clef"));
    bool fail_case = name.rfind("fail_", 0) == 0;
    StringConsumer diags_ast;
    absl::StatusOr<std::string> ast = EmitStage("ast", source, diags_ast);
    ASSERT_TRUE(ast.ok());
    if (fail_case) {
      EXPECT_NE(diags_ast.text(), "") << "a fail_ case must produce diagnostics";
      EXPECT_EQ(diags_ast.text(), ReadFile(base + ".diag"));
      continue;
    }
    EXPECT_EQ(diags_ast.text(), "");
    EXPECT_EQ(*ast, ReadFile(base + ".ast"));
    StringConsumer diags_tokens;
    absl::StatusOr<std::string> tokens = EmitStage("tokens", source, diags_tokens);
    ASSERT_TRUE(tokens.ok());
    EXPECT_EQ(*tokens, ReadFile(base + ".tokens"));
  }
}

}  // namespace
}  // namespace ccs

namespace ccs {
namespace {

TEST(EmitStageTest, UnknownStageIsAnInvalidArgument) {
  SourceFile source("x.clef", "let x = 1\n");
  StringConsumer diags;
  absl::StatusOr<std::string> out = EmitStage("mlir", source, diags);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::string> dot_ast = EmitStage("ast", source, diags, "dot");
  ASSERT_FALSE(dot_ast.ok());
  EXPECT_EQ(dot_ast.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(EmitStageTest, TokensIncludeVirtualTokensAndLiteralValues) {
  SourceFile source("x.clef", "let s =\n    \"a\\tb\"\n");
  StringConsumer diags;
  absl::StatusOr<std::string> out = EmitStage("tokens", source, diags);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out,
            "1:1 BlockBegin\n"
            "1:1 Let `let`\n"
            "1:5 Identifier `s`\n"
            "1:7 Equal `=`\n"
            "2:5 BlockBegin\n"
            "2:5 StringLiteral `\"a\\tb\"` = \"a\\tb\"\n"
            "3:1 BlockEnd\n"
            "3:1 BlockEnd\n"
            "3:1 EndOfFile\n");
}

}  // namespace
}  // namespace ccs
