#include "barewire/wire.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace barewire {
namespace {

std::vector<uint8_t> Hex(std::initializer_list<int> bytes) {
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}
std::vector<uint8_t> Encoded(const Buffer& b) { return {b.data(), b.data() + b.size()}; }

// The draft's example values (Appendix A) for the primitive types, byte for byte.
TEST(WireTest, UintExamples) {
  const std::pair<uint64_t, std::vector<uint8_t>> cases[] = {
      {0, Hex({0x00})},
      {1, Hex({0x01})},
      {126, Hex({0x7E})},
      {127, Hex({0x7F})},
      {128, Hex({0x80, 0x01})},
      {129, Hex({0x81, 0x01})},
      {255, Hex({0xFF, 0x01})},
      {16383, Hex({0xFF, 0x7F})},
      {16384, Hex({0x80, 0x80, 0x01})},
      {UINT64_MAX, Hex({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01})},
  };
  for (const auto& [value, bytes] : cases) {
    Buffer out;
    Writer(out).Uint(value);
    EXPECT_EQ(Encoded(out), bytes) << value;
    Reader r(bytes);
    uint64_t decoded = 0;
    ASSERT_TRUE(r.Uint(&decoded)) << value;
    EXPECT_EQ(decoded, value);
    EXPECT_TRUE(r.Finish());
  }
}

TEST(WireTest, IntExamples) {
  const std::pair<int64_t, std::vector<uint8_t>> cases[] = {
      {0, Hex({0x00})},
      {1, Hex({0x02})},
      {-1, Hex({0x01})},
      {63, Hex({0x7E})},
      {-63, Hex({0x7D})},
      {64, Hex({0x80, 0x01})},
      {-64, Hex({0x7F})},
      {65, Hex({0x82, 0x01})},
      {-65, Hex({0x81, 0x01})},
      {255, Hex({0xFE, 0x03})},
      {-255, Hex({0xFD, 0x03})},
      {INT64_MAX, Hex({0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01})},
      {INT64_MIN, Hex({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01})},
  };
  for (const auto& [value, bytes] : cases) {
    Buffer out;
    Writer(out).Int(value);
    EXPECT_EQ(Encoded(out), bytes) << value;
    Reader r(bytes);
    int64_t decoded = 0;
    ASSERT_TRUE(r.Int(&decoded)) << value;
    EXPECT_EQ(decoded, value);
  }
}

TEST(WireTest, FixedWidthExamples) {
  Buffer out;
  Writer w(out);
  w.Fixed<uint32_t>(0xDEADBEEF);
  w.Fixed<int16_t>(-2);
  w.Fixed<float>(1.0f);
  w.Fixed<double>(-25.5);
  w.Bool(true);
  w.Fixed<uint8_t>(0x42);
  EXPECT_EQ(Encoded(out), Hex({0xEF, 0xBE, 0xAD, 0xDE, 0xFE, 0xFF, 0x00, 0x00, 0x80, 0x3F, 0x00,
                               0x00, 0x00, 0x00, 0x00, 0x80, 0x39, 0xC0, 0x01, 0x42}));
  Reader r(out.bytes());
  uint32_t u32;
  int16_t i16;
  float f32;
  double f64;
  bool b;
  uint8_t u8;
  ASSERT_TRUE(r.Fixed(&u32) && r.Fixed(&i16) && r.Fixed(&f32) && r.Fixed(&f64) && r.Bool(&b) &&
              r.Fixed(&u8));
  EXPECT_EQ(u32, 0xDEADBEEF);
  EXPECT_EQ(i16, -2);
  EXPECT_EQ(f32, 1.0f);
  EXPECT_EQ(f64, -25.5);
  EXPECT_TRUE(b);
  EXPECT_EQ(u8, 0x42);
  EXPECT_TRUE(r.Finish());
}

TEST(WireTest, StrAndDataExamples) {
  Buffer out;
  Writer w(out);
  ASSERT_TRUE(w.Str("BARE"));
  w.Data(AsBytes(std::string_view("\x00\x01\x02", 3)));
  EXPECT_EQ(Encoded(out), Hex({0x04, 0x42, 0x41, 0x52, 0x45, 0x03, 0x00, 0x01, 0x02}));
  Reader r(out.bytes());
  std::string_view s;
  Bytes d;
  ASSERT_TRUE(r.Str(&s));
  ASSERT_TRUE(r.Data(&d));
  EXPECT_EQ(s, "BARE");
  EXPECT_EQ(d.size(), 3u);
  // Zero copy: the views point into the input.
  EXPECT_EQ(reinterpret_cast<const uint8_t*>(s.data()), out.data() + 1);
  EXPECT_EQ(d.data(), out.data() + 6);
}

DecodeErrorKind UintError(std::vector<uint8_t> bytes) {
  Reader r(bytes);
  uint64_t v;
  EXPECT_FALSE(r.Uint(&v));
  return r.error();
}

TEST(WireTest, RejectsBadVarints) {
  EXPECT_EQ(UintError({}), DecodeErrorKind::kTruncated);
  EXPECT_EQ(UintError({0x80}), DecodeErrorKind::kTruncated);
  EXPECT_EQ(UintError({0x80, 0x00}), DecodeErrorKind::kVarintNotMinimal);
  EXPECT_EQ(UintError({0xFF, 0x80, 0x00}), DecodeErrorKind::kVarintNotMinimal);
  // The tenth byte may only carry the 64th bit.
  EXPECT_EQ(UintError({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}),
            DecodeErrorKind::kVarintTooLong);
  EXPECT_EQ(UintError({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}),
            DecodeErrorKind::kVarintTooLong);
}

TEST(WireTest, RejectsBadBoolAndOptionalAndLengths) {
  {
    std::vector<uint8_t> bytes = {0x02};
    Reader r(bytes);
    bool b;
    EXPECT_FALSE(r.Bool(&b));
    EXPECT_EQ(r.error(), DecodeErrorKind::kInvalidBool);
  }
  {
    std::vector<uint8_t> bytes = {0xFF};
    Reader r(bytes);
    bool present;
    EXPECT_FALSE(r.OptionalTag(&present));
    EXPECT_EQ(r.error(), DecodeErrorKind::kInvalidOptional);
  }
  {
    // A length of 2^63 with two bytes behind it: rejected before anything is allocated.
    std::vector<uint8_t> bytes = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 'a', 'b'};
    Reader r(bytes);
    Bytes d;
    EXPECT_FALSE(r.Data(&d));
    EXPECT_EQ(r.error(), DecodeErrorKind::kLengthTooLarge);
  }
  {
    std::vector<uint8_t> bytes = {0x01, 0x00, 0x07};
    Reader r(bytes);
    uint64_t v;
    ASSERT_TRUE(r.Uint(&v));
    EXPECT_FALSE(r.Finish());
    EXPECT_EQ(r.error(), DecodeErrorKind::kTrailingBytes);
    EXPECT_EQ(r.error_offset(), 1u);
  }
}

TEST(WireTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));           // U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));                      // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));                  // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));              // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));              // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));          // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));                  // truncated
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xFF"));              // invalid lead after the fast path
  std::vector<uint8_t> bytes = {0x02, 0xC0, 0x80};
  Reader r(bytes);
  std::string_view s;
  EXPECT_FALSE(r.Str(&s));
  EXPECT_EQ(r.error(), DecodeErrorKind::kInvalidUtf8);
  EXPECT_EQ(r.error_offset(), 1u);

  Buffer out;
  Writer w(out);
  EXPECT_FALSE(w.Str("\xC0\x80"));
  EXPECT_EQ(w.error(), EncodeErrorKind::kInvalidUtf8);
}

TEST(WireTest, DepthLimit) {
  std::vector<uint8_t> none;
  Reader r(none, DecodeOptions{.max_depth = 2});
  EXPECT_TRUE(r.Enter());
  EXPECT_TRUE(r.Enter());
  EXPECT_FALSE(r.Enter());
  EXPECT_EQ(r.error(), DecodeErrorKind::kTooDeep);
}

TEST(WireTest, ErrorStatusCarriesOffsetAndPath) {
  std::vector<uint8_t> bytes = {0x00, 0x05};
  Reader r(bytes);
  uint64_t v;
  ASSERT_TRUE(r.Uint(&v));
  Bytes d;
  EXPECT_FALSE(r.Data(&d));
  r.AddPathSegment(".name");
  r.AddPathSegment("[3]");
  r.AddPathSegment(".items");
  absl::Status s = r.ToStatus("Message");
  EXPECT_EQ(s.message(),
            "decode error at byte 2: Message.items[3].name: length exceeds the bytes that remain");
}

TEST(WireTest, BufferReuseKeepsCapacity) {
  Buffer out;
  Writer(out).Raw(std::string(1000, 'x').data(), 1000);
  const uint8_t* data = out.data();
  out.Clear();
  Writer(out).Raw("abc", 3);
  EXPECT_EQ(out.data(), data);
  EXPECT_EQ(out.view(), "abc");
}

}  // namespace
}  // namespace barewire
