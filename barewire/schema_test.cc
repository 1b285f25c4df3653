#include "barewire/schema.h"

#include <fstream>
#include <sstream>
#include <string>

#include "barewire/schema_parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace barewire {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SchemaParserTest, ParsesTheDraftsExample) {
  std::string text = ReadFile("barewire/testdata/example.bare");
  ASSERT_FALSE(text.empty());
  absl::StatusOr<Schema> schema = ParseSchema(text, "example.bare");
  ASSERT_TRUE(schema.ok()) << schema.status();
  ASSERT_EQ(schema->types().size(), 8u);

  const UserType* key = schema->Find("PublicKey");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->type->kind(), Kind::kData);
  EXPECT_EQ(key->type->length(), 128u);
  EXPECT_EQ(key->location.line, 2);

  const Type& department = *schema->Find("Department")->type;
  ASSERT_EQ(department.kind(), Kind::kEnum);
  ASSERT_EQ(department.enum_values().size(), 5u);
  EXPECT_EQ(department.enum_values()[3].value, 3u);
  EXPECT_EQ(department.enum_values()[4].name, "JSMITH");
  EXPECT_EQ(department.enum_values()[4].value, 99u);

  EXPECT_EQ(schema->Find("Address")->type->ToString(), "list<str>[4]");
  const Type& customer = *schema->Find("Customer")->type;
  ASSERT_EQ(customer.fields().size(), 5u);
  EXPECT_EQ(customer.fields()[3].type->ToString(), "list<struct { orderId: i64 quantity: i32 }>");
  EXPECT_EQ(customer.fields()[4].type->ToString(), "map<str><data>");

  const Type& person = *schema->Find("Person")->type;
  ASSERT_EQ(person.members().size(), 3u);
  EXPECT_EQ(person.members()[2].tag, 2u);
  EXPECT_EQ(schema->Resolve(*person.members()[2].type).kind(), Kind::kVoid);
  EXPECT_FALSE(schema->IsRecursive("Person"));
}

TEST(SchemaBuilderTest, MirrorsTheSeed) {
  // BAREWire.schema { field "id" BAREWireType.Int64; field "payload" BAREWireType.String;
  //                   field "timestamp" BAREWireType.Double }
  absl::StatusOr<Schema> schema = Schema::Single(
      "Message", Struct().Field("id", Int64()).Field("payload", String()).Field("timestamp", Double()));
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_EQ(schema->Find("Message")->type->ToString(),
            "struct { id: i64 payload: str timestamp: f64 }");

  absl::StatusOr<Schema> people = Schema::Create({
      {"Department", Enum().Value("ACCOUNTING").Value("JSMITH", 99).Value("AFTER"), {}},
      {"Gone", Void(), {}},
      {"Person", Union().Member(Named("Department")).Member(Named("Gone"), 7), {}},
  });
  ASSERT_TRUE(people.ok()) << people.status();
  EXPECT_EQ(people->Find("Department")->type->enum_values()[2].value, 100u);
  EXPECT_EQ(people->Find("Person")->type->members()[1].tag, 7u);
}

TEST(SchemaBuilderTest, FixedWireSize) {
  EXPECT_EQ(U32()->FixedWireSize(), 4u);
  EXPECT_EQ(List(F64(), 3)->FixedWireSize(), 24u);
  EXPECT_EQ(TypeRef(Struct().Field("a", U8()).Field("b", Data(16)))->FixedWireSize(), 17u);
  EXPECT_EQ(Str()->FixedWireSize(), std::nullopt);
  EXPECT_EQ(Uint()->FixedWireSize(), std::nullopt);
}

TEST(SchemaTest, RecursionThroughOptionalListMapOrUnionIsAllowed) {
  for (const char* text : {
           "type Node struct { value: u8 next: optional<Node> }",
           "type Tree struct { children: list<Tree> }",
           "type Json union { str | map<str><Json> | list<Json> }",
           "type Expr union { Lit | Add }\ntype Lit i64\ntype Add struct { l: Expr r: Expr }",
       }) {
    absl::StatusOr<Schema> schema = ParseSchema(text, "ok.bare");
    ASSERT_TRUE(schema.ok()) << text << "\n" << schema.status();
    EXPECT_TRUE(schema->IsRecursive(schema->types()[0].name)) << text;
  }
  absl::StatusOr<Schema> expr = ParseSchema(
      "type Expr union { Lit | Add }\ntype Lit i64\ntype Add struct { l: Expr r: Expr }", "e.bare");
  ASSERT_TRUE(expr.ok());
  EXPECT_TRUE(expr->SameCycle("Expr", "Add"));
  EXPECT_FALSE(expr->SameCycle("Expr", "Lit"));
  EXPECT_FALSE(expr->IsRecursive("Lit"));
}

struct BadSchema {
  const char* text;
  const char* error;  // the expected "FILE:LINE:COL: error: ..." prefix
};

class SchemaErrorTest : public ::testing::TestWithParam<BadSchema> {};

TEST_P(SchemaErrorTest, ReportsLineAndColumn) {
  absl::StatusOr<Schema> schema = ParseSchema(GetParam().text, "bad.bare");
  ASSERT_FALSE(schema.ok()) << GetParam().text;
  EXPECT_THAT(std::string(schema.status().message()), StartsWith(GetParam().error))
      << schema.status();
  // The source line and a caret follow the message.
  EXPECT_THAT(std::string(schema.status().message()), HasSubstr("\n"));
  EXPECT_THAT(std::string(schema.status().message()), HasSubstr("^"));
}

INSTANTIATE_TEST_SUITE_P(
    DraftRules, SchemaErrorTest,
    ::testing::Values(
        BadSchema{"", "bad.bare:1:1: error: a schema needs at least one type"},
        BadSchema{"type X struct { a: Y }", "bad.bare:1:20: error: undefined type 'Y'"},
        BadSchema{"type X u8\ntype X u16", "bad.bare:2:6: error: type 'X' is defined twice"},
        BadSchema{"type lower u8", "bad.bare:1:6: error: type name 'lower' must start"},
        BadSchema{"type X struct {}", "bad.bare:1:8: error: a struct needs at least one field"},
        BadSchema{"type X union {}", "bad.bare:1:8: error: a union needs at least one member"},
        BadSchema{"type X enum {}", "bad.bare:1:8: error: an enum needs at least one value"},
        BadSchema{"type X struct { a: u8 a: u16 }", "bad.bare:1:23: error: duplicate field 'a'"},
        BadSchema{"type X union { u8 = 1 | u16 = 1 }",
                  "bad.bare:1:25: error: union tag 1 is already used"},
        BadSchema{"type X union { u8 | str | u8 }", "bad.bare:1:27: error: type u8 appears twice"},
        BadSchema{"type X enum { A = 2 B = 2 }", "bad.bare:1:21: error: enum value 2 of 'B'"},
        BadSchema{"type X enum { A B A }", "bad.bare:1:19: error: duplicate enum value name 'A'"},
        BadSchema{"type X enum { a }", "bad.bare:1:15: error: enum value name 'a' must be UPPER"},
        BadSchema{"type X map<f64><str>", "bad.bare:1:12: error: invalid map key type f64"},
        BadSchema{"type X map<data><str>", "bad.bare:1:12: error: invalid map key type data"},
        BadSchema{"type K f32\ntype X map<K><str>", "bad.bare:2:12: error: invalid map key type K"},
        BadSchema{"type X struct { a: void }", "bad.bare:1:20: error: void may only be a member"},
        BadSchema{"type V void\ntype X list<V>", "bad.bare:2:13: error: 'V' is void"},
        BadSchema{"type X struct { self: X }", "bad.bare:1:6: error: type 'X' has no finite value"},
        BadSchema{"type X list<X>[2]", "bad.bare:1:6: error: type 'X' has no finite value"},
        BadSchema{"type A B\ntype B A", "bad.bare:1:6: error: type 'A' has no finite value"},
        BadSchema{"type X union { X }", "bad.bare:1:6: error: type 'X' has no finite value"},
        BadSchema{"type X data[0]", "bad.bare:1:13: error: a fixed length must be at least 1"},
        BadSchema{"type X list<u8>[0]", "bad.bare:1:17: error: a fixed length must be at least 1"},
        BadSchema{"type X list<u8>[0x10]", "bad.bare:1:17: error: expected a length"},
        BadSchema{"type X u128", "bad.bare:1:8: error: unknown type 'u128'"},
        BadSchema{"type X string", "bad.bare:1:8: error: unknown type 'string'"},
        BadSchema{"type X struct { a u8 }", "bad.bare:1:19: error: expected ':' after field name"},
        BadSchema{"type X optional<u8", "bad.bare:1:19: error: expected '>' to close"},
        BadSchema{"type X union { u8 str }", "bad.bare:1:19: error: expected '|' or '}'"},
        BadSchema{"enum X { A }", "bad.bare:1:1: error: expected 'type', found 'enum'"},
        BadSchema{"type X enum { A = 18446744073709551616 }", "bad.bare:1:19: error: an enum value"},
        BadSchema{"type X list<u8>[4294967296]", "bad.bare:1:8: error: fixed length 4294967296"}));

TEST(SchemaTest, BuilderErrorsNameTheType) {
  absl::StatusOr<Schema> schema = Schema::Single("Message", Struct().Field("a", Named("Missing")));
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().message(), "schema error in type Message: undefined type 'Missing'");
  EXPECT_FALSE(Schema::Single("message", U8()).ok());
  EXPECT_FALSE(Schema::Single("M", Struct().Field("1a", U8())).ok());
}

TEST(SchemaTest, MapKeysMayBeEnumsAndAliases) {
  EXPECT_TRUE(ParseSchema("type E enum { A B }\ntype K str\ntype X map<E><map<K><u8>>").ok());
}

}  // namespace
}  // namespace barewire
