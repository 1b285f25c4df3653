#include "ccs/diag/diagnostics.h"

#include "gtest/gtest.h"

namespace ccs {
namespace {

TEST(SourceFileTest, LocatesLinesAndColumns) {
  SourceFile f("a.clef", "ab\ncde\n\nf");
  EXPECT_EQ(f.Locate(0).line, 1u);
  EXPECT_EQ(f.Locate(4).line, 2u);
  EXPECT_EQ(f.Locate(4).column, 2u);
  EXPECT_EQ(f.Locate(8).line, 4u);
  EXPECT_EQ(f.LineText(2), "cde");
  EXPECT_EQ(f.LineText(3), "");
  EXPECT_EQ(f.LineText(4), "f");
  EXPECT_EQ(f.LineText(9), "");
  EXPECT_EQ(f.Locate(1000).line, 4u);
}

TEST(DiagnosticsTest, FormatsFileLineColumnSourceAndCaret) {
  SourceFile f("x.clef", "let a = 1\nlet s = \"oops\n");
  StringConsumer out;
  DiagnosticEngine diags(f, out);
  diags.Emit(DiagKind::kUnterminatedString, Span{18, 23}, "unterminated string literal");
  EXPECT_EQ(out.text(),
            "x.clef:2:9: error: unterminated string literal\n"
            "  let s = \"oops\n"
            "          ^~~~~\n");
  EXPECT_EQ(diags.error_count(), 1);
}

TEST(DiagnosticsTest, SeveritiesAndKindsComeFromTheDefFile) {
  EXPECT_EQ(DiagKindName(DiagKind::kBadEscape), "BadEscape");
  EXPECT_EQ(DefaultSeverity(DiagKind::kOpenedHere), Severity::kNote);
  SourceFile f("y.clef", "x");
  CollectingConsumer c;
  DiagnosticEngine diags(f, c);
  diags.Emit(DiagKind::kOpenedHere, Span{0, 1}, "here");
  diags.Emit(DiagKind::kBadNumber, Severity::kWarning, Span{0, 1}, "w");
  EXPECT_EQ(diags.error_count(), 0);
  EXPECT_EQ(diags.warning_count(), 1);
  ASSERT_EQ(c.diagnostics().size(), 2u);
  EXPECT_EQ(c.diagnostics()[1].severity, Severity::kWarning);
}

TEST(DiagnosticsTest, CapsReportedErrors) {
  SourceFile f("z.clef", "x");
  CollectingConsumer c;
  DiagnosticEngine diags(f, c);
  for (int i = 0; i < 200; ++i) diags.Emit(DiagKind::kBadNumber, Span{0, 1}, "e");
  EXPECT_EQ(diags.error_count(), 200);
  EXPECT_EQ(c.diagnostics().size(), size_t{DiagnosticEngine::kMaxReportedErrors + 1});
  EXPECT_EQ(c.diagnostics().back().kind, DiagKind::kTooManyErrors);
}

}  // namespace
}  // namespace ccs
