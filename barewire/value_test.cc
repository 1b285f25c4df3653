#include "barewire/value.h"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "barewire/schema_parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace barewire {
namespace {

using ::testing::HasSubstr;

std::string Hex(const Buffer& b) {
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) absl::StrAppend(&out, i ? " " : "", absl::Hex(b.data()[i], absl::kZeroPad2));
  return out;
}

std::vector<uint8_t> Bytes(std::initializer_list<int> b) { return {b.begin(), b.end()}; }

Schema Parse(const char* text) {
  absl::StatusOr<Schema> schema = ParseSchema(text, "test.bare");
  EXPECT_TRUE(schema.ok()) << schema.status();
  return *schema;
}

// A message of the draft's example schema, encoded by hand from the rules.
TEST(ValueTest, DraftExampleCustomer) {
  Schema schema = Parse(R"(
    type Address list<str>[4]
    type Customer struct {
      name: str
      email: str
      address: Address
      orders: list<struct { orderId: i64 quantity: i32 }>
      metadata: map<str><data>
    }
    type TerminatedEmployee void
    type Person union { Customer | TerminatedEmployee = 3 })");
  Value customer = Value::Struct({
      Value::Str("Ann"),
      Value::Str("a@b"),
      Value::List({Value::Str("1 St"), Value::Str("X"), Value::Str("CA"), Value::Str("US")}),
      Value::List({Value::Struct({Value::Int(7), Value::Int(-2)})}),
      Value::Map({{Value::Str("k"), Value::Data(std::string("\x00\xFF", 2))}}),
  });
  Buffer out;
  ASSERT_TRUE(EncodeValue(schema, "Person", Value::Union(0, customer), out).ok());
  EXPECT_EQ(Hex(out),
            "00 "                                      // union tag 0: Customer
            "03 41 6e 6e 03 61 40 62 "                 // name, email
            "04 31 20 53 74 01 58 02 43 41 02 55 53 "  // address: 4 strs, no length prefix
            "01 07 00 00 00 00 00 00 00 fe ff ff ff "  // one order: i64 7, i32 -2
            "01 01 6b 02 00 ff");                      // metadata {"k": 00 ff}
  absl::StatusOr<Value> decoded = DecodeValue(schema, "Person", out.bytes());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, Value::Union(0, customer));

  out.Clear();
  ASSERT_TRUE(EncodeValue(schema, "Person", Value::Union(3, Value::Void()), out).ok());
  EXPECT_EQ(Hex(out), "03");
}

TEST(ValueTest, OptionalsEnumsAndFixedData) {
  Schema schema = Parse(R"(
    type E enum { A B = 5 C }
    type M struct { o: optional<u16> k: data[3] e: E f: f32 b: bool u: uint i: int })");
  Value v = Value::Struct({Value::Some(Value::Uint(0x0102)), Value::Data("xyz"), Value::Enum(6),
                           Value::Float(0.5), Value::Bool(true), Value::Uint(300), Value::Int(-3)});
  Buffer out;
  ASSERT_TRUE(EncodeValue(schema, "M", v, out).ok());
  EXPECT_EQ(Hex(out), "01 02 01 78 79 7a 06 00 00 00 3f 01 ac 02 05");
  absl::StatusOr<Value> back = DecodeValue(schema, "M", out.bytes());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, v);
}

TEST(ValueTest, EncodeRejectsValuesThatDoNotFit) {
  Schema schema = Parse(R"(
    type E enum { A }
    type M struct { a: u8 k: data[2] e: E s: str m: map<str><u8> l: list<u8>[2] })");
  auto encode = [&](Value v) {
    Buffer out;
    absl::Status s = EncodeValue(schema, "M", v, out);
    EXPECT_TRUE(s.ok() || out.empty()) << "a failed encode appends nothing";
    return std::string(s.message());
  };
  auto good = [] {
    return std::vector<Value>{Value::Uint(1), Value::Data("ab"), Value::Enum(0), Value::Str("s"),
                              Value::Map({}), Value::List({Value::Uint(1), Value::Uint(2)})};
  };
  std::vector<Value> f = good();
  EXPECT_EQ(encode(Value::Struct(f)), "");
  f = good(), f[0] = Value::Uint(256);
  EXPECT_EQ(encode(Value::Struct(f)), "encode error: M.a: integer out of range for its type");
  f = good(), f[1] = Value::Data("abc");
  EXPECT_EQ(encode(Value::Struct(f)), "encode error: M.k: wrong length for a fixed-length type");
  f = good(), f[2] = Value::Enum(9);
  EXPECT_EQ(encode(Value::Struct(f)), "encode error: M.e: enum value is not defined by the schema");
  f = good(), f[3] = Value::Str("\xFF");
  EXPECT_EQ(encode(Value::Struct(f)), "encode error: M.s: str is not valid UTF-8");
  f = good(), f[4] = Value::Map({{Value::Str("x"), Value::Uint(1)}, {Value::Str("x"), Value::Uint(2)}});
  EXPECT_EQ(encode(Value::Struct(f)), "encode error: M.m{key 1}: map key given more than once");
  f = good(), f[5] = Value::List({Value::Uint(1), Value::Int(2)});
  EXPECT_EQ(encode(Value::Struct(f)), "encode error: M.l[1]: value does not match its type");
}

// One malformed message for each of the draft's rules on invalid values.
struct Malformed {
  const char* name;
  std::vector<uint8_t> bytes;
  const char* error;
};

class MalformedTest : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedTest, IsRejectedWithOffsetAndPath) {
  Schema schema = Parse(R"(
    type E enum { A B }
    type Item struct { name: str flag: bool }
    type U union { u8 | str = 4 }
    type Message struct {
      n: uint
      items: list<Item>
      e: E
      o: optional<u8>
      u: U
      m: map<str><u8>
    })");
  absl::StatusOr<Value> v = DecodeValue(schema, "Message", GetParam().bytes);
  ASSERT_FALSE(v.ok()) << v->DebugString();
  EXPECT_EQ(v.status().message(), GetParam().error);
}

// A valid message is 01 | 01 01 61 00 | 00 | 00 | 00 07 | 00; each case breaks one thing.
INSTANTIATE_TEST_SUITE_P(
    DraftRules, MalformedTest,
    ::testing::Values(
        Malformed{"empty", {}, "decode error at byte 0: Message.n: the message ends inside a value"},
        Malformed{"truncated_str", Bytes({0x01, 0x01, 0x03, 0x61}),
                  "decode error at byte 3: Message.items[0].name: length exceeds the bytes that remain"},
        Malformed{"varint_too_long",
                  Bytes({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}),
                  "decode error at byte 0: Message.n: varint longer than 10 bytes or above 64 bits"},
        Malformed{"varint_not_minimal", Bytes({0x81, 0x00}),
                  "decode error at byte 0: Message.n: varint is not minimally encoded"},
        Malformed{"list_length_too_large", Bytes({0x01, 0xFF, 0xFF, 0x03}),
                  "decode error at byte 4: Message.items: length exceeds the bytes that remain"},
        Malformed{"bad_utf8", Bytes({0x01, 0x01, 0x01, 0xFF, 0x00}),
                  "decode error at byte 3: Message.items[0].name: str is not valid UTF-8"},
        Malformed{"bad_bool", Bytes({0x01, 0x01, 0x01, 0x61, 0x02}),
                  "decode error at byte 4: Message.items[0].flag: bool byte is neither 0 nor 1"},
        Malformed{"unknown_enum", Bytes({0x01, 0x00, 0x02}),
                  "decode error at byte 2: Message.e: enum value is not defined by the schema"},
        Malformed{"bad_optional", Bytes({0x01, 0x00, 0x00, 0x02}),
                  "decode error at byte 3: Message.o: optional tag is neither 0 nor 1"},
        Malformed{"unknown_union_tag", Bytes({0x01, 0x00, 0x00, 0x00, 0x01}),
                  "decode error at byte 4: Message.u: union tag is not defined by the schema"},
        Malformed{"union_member_error", Bytes({0x01, 0x00, 0x00, 0x00, 0x04, 0x01, 0xC0}),
                  "decode error at byte 6: Message.u<str>: str is not valid UTF-8"},
        Malformed{"duplicate_map_key",
                  Bytes({0x01, 0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x01, 0x6B, 0x01, 0x01, 0x6B, 0x02}),
                  "decode error at byte 10: Message.m[\"k\"]: map key appears more than once"},
        Malformed{"trailing_bytes", Bytes({0x01, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00}),
                  "decode error at byte 7: Message: bytes left over after the message"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ValueTest, NestingDepthIsLimited) {
  Schema schema = Parse("type Node struct { next: optional<Node> }");
  std::vector<uint8_t> deep(1000, 0x01);
  deep.push_back(0x00);
  absl::StatusOr<Value> v = DecodeValue(schema, "Node", deep);
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("nests deeper than the limit"));
  std::vector<uint8_t> shallow(10, 0x01);
  shallow.push_back(0x00);
  EXPECT_TRUE(DecodeValue(schema, "Node", shallow).ok());
  EXPECT_FALSE(DecodeValue(schema, "Node", shallow, DecodeOptions{.max_depth = 8}).ok());
}

TEST(ValueTest, HugeFixedLengthsAllocateNothingUpFront) {
  Schema schema = Parse("type Big list<u64>[4294967295]");
  std::vector<uint8_t> small(16, 0);
  absl::StatusOr<Value> v = DecodeValue(schema, "Big", small);
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("Big[2]: the message ends"));
}

// ---------------------------------------------------------------------------------------------
// Property tests: random schemas, random values, fixed seeds.

// An f32 signalling NaN is quieted on its way through a double, so values holding NaNs may
// re-encode to different (equally valid) bits.
bool ContainsNaN(const Value& v) {
  if (v.kind == Value::Kind::kFloat && std::isnan(v.f)) return true;
  for (const Value& item : v.items) {
    if (ContainsNaN(item)) return true;
  }
  return false;
}

class RandomSchemas {
 public:
  explicit RandomSchemas(uint64_t seed) : rng_(seed) {}

  // Builds types T0..Tn; each refers only to earlier ones, except optional self references.
  std::string SchemaText(int types) {
    std::string text;
    for (int t = 0; t < types; ++t) {
      absl::StrAppend(&text, "type T", t, " ", TypeText(3, t), "\n");
    }
    return text;
  }

  Value RandomValue(const Schema& schema, const Type& type, int depth) {
    switch (type.kind()) {
      case Kind::kUint: return Value::Uint(Interesting());
      case Kind::kU8: return Value::Uint(Interesting() & 0xFF);
      case Kind::kU16: return Value::Uint(Interesting() & 0xFFFF);
      case Kind::kU32: return Value::Uint(Interesting() & 0xFFFFFFFF);
      case Kind::kU64: return Value::Uint(Interesting());
      case Kind::kInt: case Kind::kI64: return Value::Int(static_cast<int64_t>(Interesting()));
      case Kind::kI8: return Value::Int(static_cast<int8_t>(Interesting()));
      case Kind::kI16: return Value::Int(static_cast<int16_t>(Interesting()));
      case Kind::kI32: return Value::Int(static_cast<int32_t>(Interesting()));
      case Kind::kF32: return Value::Float(static_cast<float>(Pick(1000)) / 8);
      case Kind::kF64: return Value::Float(std::ldexp(static_cast<double>(Interesting() >> 12), -20));
      case Kind::kBool: return Value::Bool(Pick(2));
      case Kind::kStr: {
        static const char* kPieces[] = {"a", "Z", " ", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "~"};
        std::string s;
        for (int n = Pick(12); n > 0; --n) s += kPieces[Pick(7)];
        return Value::Str(s);
      }
      case Kind::kData: {
        std::string d(type.length() ? type.length() : Pick(20), '\0');
        for (char& c : d) c = static_cast<char>(Pick(256));
        return Value::Data(d);
      }
      case Kind::kVoid: return Value::Void();
      case Kind::kEnum:
        return Value::Enum(type.enum_values()[Pick(type.enum_values().size())].value);
      case Kind::kOptional:
        if (depth > 4 || Pick(2)) return Value::None();
        return Value::Some(RandomValue(schema, *type.element(), depth + 1));
      case Kind::kList: {
        size_t n = type.length() ? type.length() : (depth > 4 ? 0 : Pick(5));
        std::vector<Value> items;
        for (size_t i = 0; i < n; ++i) items.push_back(RandomValue(schema, *type.element(), depth + 1));
        return Value::List(std::move(items));
      }
      case Kind::kMap: {
        std::vector<std::pair<Value, Value>> entries;
        std::vector<std::string> seen;
        for (int n = depth > 4 ? 0 : Pick(4); n > 0; --n) {
          Value key = RandomValue(schema, *type.key(), depth + 1);
          Buffer b;
          EXPECT_TRUE(EncodeValue(schema, *type.key(), key, b, "key").ok());
          if (std::find(seen.begin(), seen.end(), b.str()) != seen.end()) continue;
          seen.push_back(b.str());
          entries.emplace_back(std::move(key), RandomValue(schema, *type.value(), depth + 1));
        }
        return Value::Map(std::move(entries));
      }
      case Kind::kUnion: {
        const UnionMember& m = type.members()[Pick(type.members().size())];
        return Value::Union(m.tag, RandomValue(schema, *m.type, depth + 1));
      }
      case Kind::kStruct: {
        std::vector<Value> fields;
        for (const Field& f : type.fields()) fields.push_back(RandomValue(schema, *f.type, depth + 1));
        return Value::Struct(std::move(fields));
      }
      case Kind::kNamed: return RandomValue(schema, schema.Resolve(type), depth);
    }
    return Value::Void();
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  uint64_t Interesting() {
    switch (Pick(4)) {
      case 0: return Pick(130);
      case 1: return uint64_t{1} << Pick(64);
      case 2: return ~uint64_t{0} - Pick(3);
      default: return rng_();
    }
  }
  std::string KeyText() {
    static const char* kKeys[] = {"str", "u8", "i32", "uint", "int", "bool", "u64"};
    return kKeys[Pick(7)];
  }
  std::string TypeText(int depth, int self) {
    static const char* kPrimitives[] = {"uint", "int", "u8", "u16", "u32", "u64", "i8", "i16",
                                        "i32", "i64", "f32", "f64", "bool", "str", "data", "data[3]"};
    int choice = depth <= 0 ? 0 : static_cast<int>(Pick(10));
    switch (choice) {
      case 1: return absl::StrCat("optional<", TypeText(depth - 1, self), ">");
      case 2: return absl::StrCat("list<", TypeText(depth - 1, self), ">");
      case 3: return absl::StrCat("list<", TypeText(depth - 1, self), ">[", 1 + Pick(3), "]");
      case 4: return absl::StrCat("map<", KeyText(), "><", TypeText(depth - 1, self), ">");
      case 5: {
        std::string text = "union { ";
        int members = 1 + static_cast<int>(Pick(3));
        for (int m = 0; m < members; ++m) {
          absl::StrAppend(&text, m ? " | " : "", m == 0 ? "void" : TypeText(depth - 1, self),
                          m == 2 ? " = 9" : "");
        }
        return text + " }";
      }
      case 6: {
        std::string text = "struct {";
        int fields = 1 + static_cast<int>(Pick(4));
        for (int f = 0; f < fields; ++f) absl::StrAppend(&text, " f", f, ": ", TypeText(depth - 1, self));
        return text + " }";
      }
      case 7: return "enum { A B = 200 C }";
      case 8:
        if (self > 0) return absl::StrCat("T", Pick(self));
        return "str";
      case 9: return absl::StrCat("optional<T", self, ">");
      default: return kPrimitives[Pick(16)];
    }
  }

  std::mt19937_64 rng_;
};

TEST(ValuePropertyTest, RandomSchemasRoundTrip) {
  int schemas_checked = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    RandomSchemas gen(seed);
    std::string text = gen.SchemaText(4);
    absl::StatusOr<Schema> schema = ParseSchema(text, "random.bare");
    // Union members may repeat by chance ("u8 | u8"); such schemas are invalid and skipped.
    if (!schema.ok()) {
      ASSERT_THAT(std::string(schema.status().message()), HasSubstr("appears twice")) << text;
      continue;
    }
    ++schemas_checked;
    for (const UserType& t : schema->types()) {
      for (int n = 0; n < 8; ++n) {
        Value v = gen.RandomValue(*schema, *t.type, 0);
        Buffer out;
        absl::Status s = EncodeValue(*schema, t.name, v, out);
        ASSERT_TRUE(s.ok()) << text << s << v.DebugString();
        absl::StatusOr<Value> back = DecodeValue(*schema, t.name, out.bytes());
        ASSERT_TRUE(back.ok()) << text << back.status();
        ASSERT_EQ(*back, v) << text << "\n" << v.DebugString() << "\n" << back->DebugString();

        // Every strict prefix is rejected, never crashes.
        for (size_t cut = 0; cut < out.size(); ++cut) {
          ASSERT_FALSE(DecodeValue(*schema, t.name, out.bytes().first(cut)).ok()) << text << cut;
        }
        // A flipped byte is either rejected or decodes to a value that re-encodes to exactly
        // the same bytes (BARE encodings are canonical, so no two inputs mean one value).
        std::vector<uint8_t> flipped(out.data(), out.data() + out.size());
        if (!flipped.empty()) {
          flipped[seed % flipped.size()] ^= static_cast<uint8_t>(1 + n * 37);
          absl::StatusOr<Value> maybe = DecodeValue(*schema, t.name, flipped);
          if (maybe.ok() && !ContainsNaN(*maybe)) {
            Buffer again;
            ASSERT_TRUE(EncodeValue(*schema, t.name, *maybe, again).ok());
            ASSERT_EQ(again.bytes().size(), flipped.size());
            ASSERT_TRUE(std::equal(flipped.begin(), flipped.end(), again.data())) << text;
          }
        }
      }
    }
  }
  EXPECT_GT(schemas_checked, 100);
}

}  // namespace
}  // namespace barewire
