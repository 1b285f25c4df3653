#include "ccs/lex/offside.h"

#include <string>

#include "gtest/gtest.h"

namespace ccs {
namespace {

// Renders the filtered stream compactly: BlockBegin as «, BlockSeparator as ¦, BlockEnd as ».
std::string Layout(std::string text) {
  SourceFile source("t.clef", std::move(text));
  StringConsumer out;
  DiagnosticEngine diags(source, out);
  TokenizedBuffer tokens = ApplyOffsideRule(Lex(source, diags), diags);
  std::string s;
  for (int32_t i = 0; i < tokens.size(); ++i) {
    TokenIndex t = tokens.at(i);
    switch (tokens.kind(t)) {
      case TokenKind::kBlockBegin:
        s += "«";
        break;
      case TokenKind::kBlockSeparator:
        s += "¦";
        break;
      case TokenKind::kBlockEnd:
        s += "»";
        break;
      case TokenKind::kEndOfFile:
        continue;
      default:
        s += tokens.text(t);
    }
    s += " ";
  }
  if (!s.empty()) s.pop_back();
  return s;
}

TEST(OffsideTest, TopLevelLetsAreSeparated) {
  EXPECT_EQ(Layout("let x = 1\nlet y = x"), "« let x = « 1 » ¦ let y = « x » »");
}

TEST(OffsideTest, IndentedBodyAndSequencing) {
  EXPECT_EQ(Layout("let f x =\n    let y = x\n    y + 1\nf 2"),
            "« let f x = « let y = « x » ¦ y + 1 » ¦ f 2 »");
}

TEST(OffsideTest, MatchRulesAndLambdas) {
  EXPECT_EQ(Layout("match x with\n| A -> 1\n| B -> fun y -> y"),
            "« match x with | A -> « 1 » | B -> « fun y -> « y » » »");
  EXPECT_EQ(Layout("match x with | A -> 1 | B -> 2"), "« match x with | A -> « 1 » | B -> « 2 » »");
}

TEST(OffsideTest, IfThenElse) {
  EXPECT_EQ(Layout("if a then b else c"), "« if a then « b » else « c » »");
  EXPECT_EQ(Layout("if a then\n  b\nelse\n  c\nd"), "« if a then « b » else « c » ¦ d »");
}

TEST(OffsideTest, BracketsAndComputationExpressions) {
  EXPECT_EQ(Layout("let r = async {\n    let! x = y\n    return x\n}\nr"),
            "« let r = « async { « let! x = « y » ¦ return x » } » ¦ r »");
  EXPECT_EQ(Layout("f () [] [1; 2]"), "« f ( ) [ ] [ « 1 ; 2 » ] »");
}

TEST(OffsideTest, InfixUndentationAndLetIn) {
  EXPECT_EQ(Layout("xs\n|> f"), "« xs |> f »");
  EXPECT_EQ(Layout("let x = 1 in x"), "« let x = « 1 » in x »");
}

TEST(OffsideTest, TryWithAndFinally) {
  EXPECT_EQ(Layout("try\n  f ()\nwith\n| E -> 0"), "« try « f ( ) » with | E -> « 0 » »");
  EXPECT_EQ(Layout("try f () finally g ()"), "« try « f ( ) » finally « g ( ) » »");
}

TEST(OffsideTest, UnbalancedInputStillTerminates) {
  EXPECT_EQ(Layout(") ] let"), "« ) ] let »");
  EXPECT_EQ(Layout("(((("), "« ( « ( « ( « ( » » » »");
}

}  // namespace
}  // namespace ccs

namespace ccs {
namespace {

TEST(OffsideTest, WarnsWhenABodyStartsOffside) {
  SourceFile source("w.clef", "let x =\n1\nlet f y =\n  match y with\n  | _ ->\n 2\n");
  StringConsumer out;
  DiagnosticEngine diags(source, out);
  ApplyOffsideRule(Lex(source, diags), diags);
  EXPECT_EQ(diags.warning_count(), 2);
  EXPECT_EQ(diags.error_count(), 0);
  EXPECT_NE(out.text().find("w.clef:2:1: warning: possible incorrect indentation"),
            std::string::npos);
  EXPECT_NE(out.text().find("w.clef:6:2: warning: possible incorrect indentation"),
            std::string::npos);
}

TEST(OffsideTest, UndentedBracketsAreNotWarned) {
  SourceFile source("w.clef", "let r = async {\n    return 1\n}\nlet xs = [\n  1\n]\n");
  StringConsumer out;
  DiagnosticEngine diags(source, out);
  ApplyOffsideRule(Lex(source, diags), diags);
  EXPECT_EQ(out.text(), "");
}

}  // namespace
}  // namespace ccs
