#include <string>
#include <vector>

#include "ccs/lex/tokens.h"
#include "gtest/gtest.h"

namespace ccs {
namespace {

struct Lexed {
  explicit Lexed(std::string text)
      : source("t.clef", std::move(text)), diags(source, out), tokens(Lex(source, diags)) {}
  std::vector<TokenKind> kinds() const {
    std::vector<TokenKind> k;
    for (int32_t i = 0; i < tokens.size(); ++i) k.push_back(tokens.kind(tokens.at(i)));
    return k;
  }
  SourceFile source;
  StringConsumer out;
  DiagnosticEngine diags;
  TokenizedBuffer tokens;
};

using K = TokenKind;

TEST(LexerTest, KeywordsIdentifiersAndBangForms) {
  Lexed l("let! x = y' in match! use! do!x");
  EXPECT_EQ(l.kinds(), (std::vector<K>{K::kLetBang, K::kIdentifier, K::kEqual, K::kIdentifier,
                                       K::kIn, K::kMatchBang, K::kUseBang, K::kDoBang,
                                       K::kIdentifier, K::kEndOfFile}));
  EXPECT_EQ(l.out.text(), "");
}

TEST(LexerTest, IntegerForms) {
  Lexed l("42 0x2A 0o52 0b101010 42L 1_000 0xFFFFFFFF");
  ASSERT_EQ(l.tokens.size(), 8);
  for (int i : {0, 1, 2, 3}) EXPECT_EQ(l.tokens.int_value(l.tokens.at(i)), 42u);
  EXPECT_EQ(l.tokens.kind(l.tokens.at(4)), K::kInt64Literal);
  EXPECT_EQ(l.tokens.int_value(l.tokens.at(5)), 1000u);
  EXPECT_EQ(l.tokens.int_value(l.tokens.at(6)), 0xFFFFFFFFu);
  EXPECT_EQ(l.out.text(), "");
}

TEST(LexerTest, FloatsAndRanges) {
  Lexed l("1.5 2. 1e3 2.5e-2 1..3");
  EXPECT_DOUBLE_EQ(l.tokens.float_value(l.tokens.at(0)), 1.5);
  EXPECT_DOUBLE_EQ(l.tokens.float_value(l.tokens.at(1)), 2.0);
  EXPECT_DOUBLE_EQ(l.tokens.float_value(l.tokens.at(2)), 1000.0);
  EXPECT_DOUBLE_EQ(l.tokens.float_value(l.tokens.at(3)), 0.025);
  EXPECT_EQ(l.tokens.kind(l.tokens.at(4)), K::kIntLiteral);
  EXPECT_EQ(l.tokens.kind(l.tokens.at(5)), K::kDotDot);
  EXPECT_EQ(l.tokens.kind(l.tokens.at(6)), K::kIntLiteral);
}

TEST(LexerTest, OutOfRangeIntegersAreErrors) {
  Lexed l("2147483649 9223372036854775809L 0x1FFFFFFFF 12q");
  EXPECT_EQ(l.diags.error_count(), 4);
}

TEST(LexerTest, StringsCharsAndEscapes) {
  Lexed l(R"("a\tb\u0041\065" @"C:\x""y" """raw "q" \n""" 'c' '\n' 'a)");
  EXPECT_EQ(l.tokens.string_value(l.tokens.at(0)), "a\tbAA");
  EXPECT_EQ(l.tokens.string_value(l.tokens.at(1)), "C:\\x\"y");
  EXPECT_EQ(l.tokens.string_value(l.tokens.at(2)), "raw \"q\" \\n");
  EXPECT_EQ(l.tokens.string_value(l.tokens.at(3)), "c");
  EXPECT_EQ(l.tokens.string_value(l.tokens.at(4)), "\n");
  EXPECT_EQ(l.tokens.kind(l.tokens.at(5)), K::kTypeVariable);
  EXPECT_EQ(l.out.text(), "");
}

TEST(LexerTest, NestedCommentsAndOperatorInParens) {
  Lexed l("a (* x (* y *) \"*)\" z *) b (*) // c\nd");
  EXPECT_EQ(l.kinds(), (std::vector<K>{K::kIdentifier, K::kIdentifier, K::kLParen, K::kOperator,
                                       K::kRParen, K::kIdentifier, K::kEndOfFile}));
}

TEST(LexerTest, OperatorsAndBrackets) {
  Lexed l("[|1|] |> >> <- -> :: :? :?> := x.[0] <@> a||b");
  EXPECT_EQ(l.kinds(), (std::vector<K>{K::kLArrayBracket, K::kIntLiteral,
                                       K::kRArrayBracket, K::kOperator,
                                       K::kOperator,      K::kLeftArrow,
                                       K::kArrow,         K::kColonColon,
                                       K::kColonQuestion, K::kColonQuestionGreater,
                                       K::kColonEqual,    K::kIdentifier,
                                       K::kDot,           K::kLBracket,
                                       K::kIntLiteral,    K::kRBracket,
                                       K::kOperator,      K::kIdentifier,
                                       K::kOperator,      K::kIdentifier,
                                       K::kEndOfFile}));
}

TEST(LexerTest, LocationsAreExact) {
  Lexed l("let x =\n  \"a\nb\" y");
  const auto& y = l.tokens.info(l.tokens.at(4));
  EXPECT_EQ(y.line, 3u);
  EXPECT_EQ(y.column, 4u);
  EXPECT_FALSE(y.first_on_line);
  const auto& s = l.tokens.info(l.tokens.at(3));
  EXPECT_EQ(s.line, 2u);
  EXPECT_EQ(s.column, 3u);
  EXPECT_TRUE(s.first_on_line);
}

TEST(LexerTest, ErrorsAreReportedWithPositions) {
  Lexed l("let\tx = \"a\\qb\"\n(* open");
  EXPECT_EQ(l.out.text(),
            "t.clef:1:4: error: tabs are not allowed in F# code unless the #indent \"off\" option "
            "is used\n  let\tx = \"a\\qb\"\n     ^\n"
            "t.clef:1:11: error: invalid escape sequence '\\q'\n  let\tx = \"a\\qb\"\n"
            "            ^~\n"
            "t.clef:2:1: error: unterminated comment\n  (* open\n  ^~\n");
  Lexed u("\"abc");
  EXPECT_EQ(u.diags.error_count(), 1);
  EXPECT_EQ(u.tokens.kind(u.tokens.at(0)), K::kStringLiteral);
}

TEST(LexerTest, NeverFailsOnArbitraryBytes) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  Lexed l(bytes + bytes);
  EXPECT_EQ(l.tokens.kind(l.tokens.at(l.tokens.size() - 1)), K::kEndOfFile);
  EXPECT_GT(l.diags.error_count(), 0);
}

}  // namespace
}  // namespace ccs
