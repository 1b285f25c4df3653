#include <string>

#include "ccs/parse/parse.h"
#include "gtest/gtest.h"

namespace ccs {
namespace {

struct Parsed {
  explicit Parsed(std::string text)
      : source("t.clef", std::move(text)), diags(source, out), result(ParseFile(source, diags)) {}
  std::string dump() const { return DumpAst(result.ast, result.tokens); }
  SourceFile source;
  StringConsumer out;
  DiagnosticEngine diags;
  ParseResult result;
};

// The first line of every node in the dump, without spans, for compact comparisons.
std::string Shape(const std::string& dump) {
  std::string out;
  size_t i = 0;
  while (i < dump.size()) {
    size_t nl = dump.find('\n', i);
    std::string line = dump.substr(i, nl - i);
    line = line.substr(0, line.rfind(" ["));
    out += line + "\n";
    i = nl + 1;
  }
  return out;
}

// F# binds `::` tighter than `@` (the ^op class), both right-associative.
TEST(ParserTest, OperatorPrecedenceAndAssociativity) {
  Parsed p("a + b * c ** d ** e :: f @ g |> h");
  EXPECT_EQ(p.out.text(), "");
  EXPECT_EQ(Shape(p.dump()),
            "File\n"
            "  DoDecl\n"
            "    Infix `|>`\n"
            "      Infix `@`\n"
            "        Infix `::`\n"
            "          Infix `+`\n"
            "            Ident `a`\n"
            "            Infix `*`\n"
            "              Ident `b`\n"
            "              Infix `**`\n"
            "                Ident `c`\n"
            "                Infix `**`\n"
            "                  Ident `d`\n"
            "                  Ident `e`\n"
            "          Ident `f`\n"
            "        Ident `g`\n"
            "      Ident `h`\n");
}

TEST(ParserTest, ApplicationBindsTighterThanOperatorsAndNegativeArguments) {
  Parsed p("f x -1 - g y");
  EXPECT_EQ(p.out.text(), "");
  EXPECT_EQ(Shape(p.dump()),
            "File\n  DoDecl\n    Infix `-`\n      App\n        Ident `f`\n        Ident `x`\n"
            "        Prefix `-`\n          Literal `1`\n      App\n        Ident `g`\n"
            "        Ident `y`\n");
}

TEST(ParserTest, SpansAreExact) {
  Parsed p("let x =\n    1 + 2");
  EXPECT_EQ(p.out.text(), "");
  EXPECT_EQ(p.dump(),
            "File [1:1-2:10]\n"
            "  Let `let` [1:1-2:10]\n"
            "    Binding [1:5-2:10]\n"
            "      PatIdent `x` [1:5-1:6]\n"
            "      Infix `+` [2:5-2:10]\n"
            "        Literal `1` [2:5-2:6]\n"
            "        Literal `2` [2:9-2:10]\n");
}

TEST(ParserTest, ReportsSeveralErrorsAndRecovers) {
  Parsed p("let a = )\nlet b = 2\nlet c = 1 +\nlet d = 4");
  EXPECT_GE(p.diags.error_count(), 2);
  // Declarations after the errors are still parsed.
  EXPECT_NE(p.dump().find("PatIdent `d`"), std::string::npos);
}

TEST(ParserTest, DeepNestingIsADiagnosticNotACrash) {
  Parsed p(std::string(100000, '(') + std::string(100000, '['));
  EXPECT_NE(p.out.text().find("nesting too deep"), std::string::npos);
}

}  // namespace
}  // namespace ccs
