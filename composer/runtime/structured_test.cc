// %A of compound values (structured.cc). Each expectation is what `dotnet fsi` (.NET SDK 10,
// its FSharp.Core) printed for the F# value in the comment above it, copied byte for byte.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "composer/runtime/clef_runtime.h"
#include "gtest/gtest.h"

namespace {

clef_sval* Int(int32_t v) { return clef_sval_int32(v); }

clef_sval* Str(std::string_view text) {
  return clef_sval_string(clef_string_new(text.data(), static_cast<int64_t>(text.size())));
}

clef_sval* Node(int32_t kind, std::vector<clef_sval*> children, std::string_view name = "") {
  clef_sval* node = clef_sval_new(kind, name.data(), static_cast<int64_t>(name.size()));
  for (clef_sval* c : children) clef_sval_add(node, nullptr, 0, c);
  return node;
}

clef_sval* List(std::vector<clef_sval*> children) { return Node(CLEF_SVAL_LIST, children); }
clef_sval* Tuple(std::vector<clef_sval*> children) { return Node(CLEF_SVAL_TUPLE, children); }
clef_sval* Case(std::string_view name, std::vector<clef_sval*> fields = {}) {
  return Node(CLEF_SVAL_UNION, fields, name);
}

// type R = { A: int; B: string }
clef_sval* Record(int32_t a, std::string_view b) {
  clef_sval* r = clef_sval_new(CLEF_SVAL_RECORD, nullptr, 0);
  clef_sval_add(r, "A", 1, Int(a));
  clef_sval_add(r, "B", 1, Str(b));
  return r;
}

clef_sval* Ints(int32_t from, int32_t to, int32_t step = 1, int32_t kind = CLEF_SVAL_LIST) {
  clef_sval* node = clef_sval_new(kind, nullptr, 0);
  for (int32_t i = from; i <= to; ++i) clef_sval_add(node, nullptr, 0, Int(i * step));
  return node;
}

// printf "%A" with the flags and width given.
std::string Format(clef_sval* value, int32_t flags = 0, int32_t width = -1) {
  clef_fmt* f = clef_fmt_new();
  clef_fmt_sval(f, value, flags, width);
  clef_string* s = clef_fmt_to_string(f);
  return std::string(s->data, static_cast<size_t>(s->length));
}

TEST(StructuredTest, ShortListsTuplesAndCasesStayOnOneLine) {
  // [1; 2; 3]
  EXPECT_EQ(Format(Ints(1, 3)), "[1; 2; 3]");
  // (1, "x", 'c', 2.0, 3L, 4uy, (5, 6))
  EXPECT_EQ(Format(Tuple({Int(1), Str("x"), clef_sval_char('c'), clef_sval_float(2.0),
                          clef_sval_int64(3), clef_sval_uint8(4), Tuple({Int(5), Int(6)})})),
            "(1, \"x\", 'c', 2.0, 3L, 4uy, (5, 6))");
  // Node (Leaf, 3, One 4)
  EXPECT_EQ(Format(Case("Node", {Case("Leaf"), Int(3), Case("One", {Int(4)})})),
            "Node (Leaf, 3, One 4)");
  // Some (Some None), Some [1; 2], [Some 1; None], Ok 3
  EXPECT_EQ(Format(Case("Some", {Case("Some", {Case("None")})})), "Some (Some None)");
  EXPECT_EQ(Format(Case("Some", {Ints(1, 2)})), "Some [1; 2]");
  EXPECT_EQ(Format(List({Case("Some", {Int(1)}), Case("None")})), "[Some 1; None]");
  EXPECT_EQ(Format(Case("Ok", {Int(3)})), "Ok 3");
  // [[1; 2]; [3]], [1.5; 2.0; nan], (Some "x", ['a'; '\010'], [1L], (), [()])
  EXPECT_EQ(Format(List({Ints(1, 2), Ints(3, 3)})), "[[1; 2]; [3]]");
  EXPECT_EQ(Format(List({clef_sval_float(1.5), clef_sval_float(2.0), clef_sval_float(NAN)})),
            "[1.5; 2.0; nan]");
  EXPECT_EQ(Format(Tuple({Case("Some", {Str("x")}), List({clef_sval_char('a'), clef_sval_char('\n')}),
                          List({clef_sval_int64(1)}), clef_sval_unit(), List({clef_sval_unit()})})),
            "(Some \"x\", ['a'; '\\010'], [1L], (), [()])");
  // { contents = 3 }
  clef_sval* ref = clef_sval_new(CLEF_SVAL_RECORD, nullptr, 0);
  clef_sval_add(ref, "contents", 8, Int(3));
  EXPECT_EQ(Format(ref), "{ contents = 3 }");
}

TEST(StructuredTest, EmptyCollections) {
  EXPECT_EQ(Format(List({})), "[]");
  EXPECT_EQ(Format(Node(CLEF_SVAL_ARRAY, {})), "[||]");
  EXPECT_EQ(Format(Node(CLEF_SVAL_MAP, {})), "map []");
  EXPECT_EQ(Format(Node(CLEF_SVAL_SET, {})), "set []");
}

TEST(StructuredTest, NullStrings) {
  // [ (null: string) ]
  EXPECT_EQ(Format(List({clef_sval_string(nullptr)})), "[null]");
  EXPECT_EQ(Format(Tuple({clef_sval_string(nullptr), Int(1)})), "(null, 1)");
}

TEST(StructuredTest, LongListsWrapAtEightyColumns) {
  // [ for i in 1 .. 40 -> i * 1000 ]
  EXPECT_EQ(Format(Ints(1, 40, 1000)),
            "[1000; 2000; 3000; 4000; 5000; 6000; 7000; 8000; 9000; 10000; 11000; 12000;\n"
            " 13000; 14000; 15000; 16000; 17000; 18000; 19000; 20000; 21000; 22000; 23000;\n"
            " 24000; 25000; 26000; 27000; 28000; 29000; 30000; 31000; 32000; 33000; 34000;\n"
            " 35000; 36000; 37000; 38000; 39000; 40000]");
  // [ String.replicate 50 "a"; String.replicate 50 "b" ]
  EXPECT_EQ(Format(List({Str(std::string(50, 'a')), Str(std::string(50, 'b'))})),
            "[\"" + std::string(50, 'a') + "\";\n \"" + std::string(50, 'b') + "\"]");
}

TEST(StructuredTest, ListsAndArraysShowAHundredElements) {
  // [ for i in 1 .. 150 -> i ]
  EXPECT_EQ(Format(Ints(1, 150)),
            "[1; 2; 3; 4; 5; 6; 7; 8; 9; 10; 11; 12; 13; 14; 15; 16; 17; 18; 19; 20; 21; 22;\n"
            " 23; 24; 25; 26; 27; 28; 29; 30; 31; 32; 33; 34; 35; 36; 37; 38; 39; 40; 41; 42;\n"
            " 43; 44; 45; 46; 47; 48; 49; 50; 51; 52; 53; 54; 55; 56; 57; 58; 59; 60; 61; 62;\n"
            " 63; 64; 65; 66; 67; 68; 69; 70; 71; 72; 73; 74; 75; 76; 77; 78; 79; 80; 81; 82;\n"
            " 83; 84; 85; 86; 87; 88; 89; 90; 91; 92; 93; 94; 95; 96; 97; 98; 99; 100; ...]");
  // [| for i in 1 .. 150 -> i |]
  EXPECT_EQ(Format(Ints(1, 150, 1, CLEF_SVAL_ARRAY)),
            "[|1; 2; 3; 4; 5; 6; 7; 8; 9; 10; 11; 12; 13; 14; 15; 16; 17; 18; 19; 20; 21; 22;\n"
            "  23; 24; 25; 26; 27; 28; 29; 30; 31; 32; 33; 34; 35; 36; 37; 38; 39; 40; 41; 42;\n"
            "  43; 44; 45; 46; 47; 48; 49; 50; 51; 52; 53; 54; 55; 56; 57; 58; 59; 60; 61; 62;\n"
            "  63; 64; 65; 66; 67; 68; 69; 70; 71; 72; 73; 74; 75; 76; 77; 78; 79; 80; 81; 82;\n"
            "  83; 84; 85; 86; 87; 88; 89; 90; 91; 92; 93; 94; 95; 96; 97; 98; 99; 100; ...|]");
  // Exactly a hundred: no "...".
  const std::string hundred = Format(Ints(1, 100));
  EXPECT_EQ(hundred.substr(hundred.size() - 6), "; 100]");
}

TEST(StructuredTest, MapsAndSetsShowNineElements) {
  // Map.ofList [ for i in 1 .. 20 -> i, string i ]
  clef_sval* map = clef_sval_new(CLEF_SVAL_MAP, nullptr, 0);
  for (int i = 1; i <= 20; ++i) {
    const std::string s = std::to_string(i);
    clef_sval_add(map, nullptr, 0, Tuple({Int(i), Str(s)}));
  }
  EXPECT_EQ(Format(map),
            "map\n"
            "  [(1, \"1\"); (2, \"2\"); (3, \"3\"); (4, \"4\"); (5, \"5\"); (6, \"6\"); (7, \"7\");\n"
            "   (8, \"8\"); (9, \"9\"); ...]");
  // Set.ofList [ 1 .. 20 ]
  EXPECT_EQ(Format(Ints(1, 20, 1, CLEF_SVAL_SET)), "set [1; 2; 3; 4; 5; 6; 7; 8; 9; ...]");
  // Some (Map.ofList [1, "a"])
  EXPECT_EQ(Format(Case("Some", {Node(CLEF_SVAL_MAP, {Tuple({Int(1), Str("a")})})})),
            "Some (map [(1, \"a\")])");
  // seq { 1 .. 10 }
  EXPECT_EQ(Format(Ints(1, 10, 1, CLEF_SVAL_SEQ)), "seq [1; 2; 3; 4; ...]");
}

TEST(StructuredTest, RecordsPutEachFieldOnItsOwnLine) {
  // [{A=1;B="q"};{A=2;B="r"}]
  EXPECT_EQ(Format(List({Record(1, "q"), Record(2, "r")})),
            "[{ A = 1\n"
            "   B = \"q\" }; { A = 2\n"
            "                B = \"r\" }]");
  // { A = 1; B = String.replicate 100 "x" }
  EXPECT_EQ(Format(Record(1, std::string(100, 'x'))),
            "{ A = 1\n"
            "  B =\n"
            "   \"" + std::string(100, 'x') + "\" }");
}

TEST(StructuredTest, ManyRecordsInAList) {
  // [ for i in 1 .. 8 -> {A=i;B="q"} ]: the list breaks after the sixth, which ends at column
  // 79.
  std::vector<clef_sval*> records;
  for (int i = 1; i <= 8; ++i) records.push_back(Record(i, "q"));
  EXPECT_EQ(Format(List(records)),
            "[{ A = 1\n"
            "   B = \"q\" }; { A = 2\n"
            "                B = \"q\" }; { A = 3\n"
            "                             B = \"q\" }; { A = 4\n"
            "                                          B = \"q\" }; { A = 5\n"
            "                                                       B = \"q\" }; { A = 6\n"
            "                                                                    B = \"q\" };\n"
            " { A = 7\n"
            "   B = \"q\" }; { A = 8\n"
            "                B = \"q\" }]");
}

TEST(StructuredTest, WidthAndTheZeroFlag) {
  // printfn "%10A" [1;2;3;4;5;6]
  EXPECT_EQ(Format(Ints(1, 6), 0, 10), "[1; 2; 3;\n 4; 5; 6]");
  // printfn "%-10A|" [1;2;3]: '-' changes nothing
  EXPECT_EQ(Format(Ints(1, 3), CLEF_FMT_LEFT, 10), "[1; 2; 3]");
  // printfn "%0A|" and "%05A|" [{A=1;B="q"};{A=2;B="r"}]: one line
  EXPECT_EQ(Format(List({Record(1, "q"), Record(2, "r")}), CLEF_FMT_ZERO, -1),
            "[{ A = 1 B = \"q\" }; { A = 2 B = \"r\" }]");
  EXPECT_EQ(Format(List({Record(1, "q"), Record(2, "r")}), CLEF_FMT_ZERO, 5),
            "[{ A = 1 B = \"q\" }; { A = 2 B = \"r\" }]");
  // printfn "%1A|" [{A=1;B="q"};{A=2;B="r"}]: every break taken
  EXPECT_EQ(Format(List({Record(1, "q"), Record(2, "r")}), 0, 1),
            "[{ A =\n"
            "    1\n"
            "   B =\n"
            "    \"q\" };\n"
            " { A =\n"
            "    2\n"
            "   B =\n"
            "    \"r\" }]");
}

TEST(StructuredTest, DeepNestingStopsAtAHundredLevels) {
  // type T = S of T | Z; printfn "%0A" (nest 150), S nested 150 deep: past depth 100, "...".
  clef_sval* v = Case("Z");
  for (int i = 0; i < 150; ++i) v = Case("S", {v});
  std::string expected;
  for (int i = 0; i < 99; ++i) expected += "S (";
  expected += "S ..." + std::string(99, ')');
  EXPECT_EQ(Format(v, CLEF_FMT_ZERO, -1), expected);
  // type L = L of L list; printfn "%0A" (nestl 60): a list is a level too.
  clef_sval* l = Case("L", {List({})});
  for (int i = 0; i < 60; ++i) l = Case("L", {List({l})});
  expected.clear();
  for (int i = 0; i < 50; ++i) expected += "L [";
  expected += "..." + std::string(50, ']');
  EXPECT_EQ(Format(l, CLEF_FMT_ZERO, -1), expected);
}

TEST(StructuredTest, ElementsPastTheShownOnesAreFreedAsTheyAreAdded) {
  // A million-element list costs a hundred kept nodes (run under asan: nothing leaks).
  clef_sval* list = clef_sval_new(CLEF_SVAL_LIST, nullptr, 0);
  for (int i = 0; i < 1000000; ++i) clef_sval_add(list, nullptr, 0, Int(i));
  const std::string text = Format(list, CLEF_FMT_ZERO, -1);
  EXPECT_EQ(text.substr(text.size() - 10), "; 99; ...]");
}

}  // namespace
