#include "barewire/wire.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "support/absl_string_view.h"

using fidelity::Sv;

namespace barewire {

namespace {

// Length of the all-ASCII prefix of [p, p + n), rounded down to the block size: the fast path
// of UTF-8 validation, since most text on the wire is ASCII.
size_t AsciiPrefixPortable(const uint8_t* p, size_t n) {
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    uint64_t w[4];
    std::memcpy(w, p + i, 32);
    if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) break;
  }
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) break;
  }
  return i;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("avx2"))) size_t AsciiPrefixAvx2(const uint8_t* p, size_t n) {
  size_t i = 0;
  for (; i + 128 <= n; i += 128) {
    __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 32));
    __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 64));
    __m256i d = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 96));
    if (_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(a, b), _mm256_or_si256(c, d))) != 0) break;
  }
  for (; i + 32 <= n; i += 32) {
    __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    if (_mm256_movemask_epi8(a) != 0) break;
  }
  return i + AsciiPrefixPortable(p + i, n - i);
}

// Copies the all-ASCII prefix of [src, src + n) to dst while checking it, in one pass; returns
// its length (a multiple of 32).
__attribute__((target("avx2"))) size_t CopyAsciiPrefixAvx2(const uint8_t* src, size_t n, uint8_t* dst) {
  size_t i = 0;
  for (; i + 128 <= n; i += 128) {
    __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i));
    __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 32));
    __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 64));
    __m256i d = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 96));
    if (_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(a, b), _mm256_or_si256(c, d))) != 0) break;
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), a);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i + 32), b);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i + 64), c);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i + 96), d);
  }
  return i;
}

size_t CopyAsciiPrefixNone(const uint8_t*, size_t, uint8_t*) { return 0; }

using CopyAsciiPrefixFn = size_t (*)(const uint8_t*, size_t, uint8_t*);
const CopyAsciiPrefixFn kCopyAsciiPrefix =
    __builtin_cpu_supports("avx2") ? CopyAsciiPrefixAvx2 : CopyAsciiPrefixNone;

using AsciiPrefixFn = size_t (*)(const uint8_t*, size_t);
const AsciiPrefixFn kAsciiPrefix =
    __builtin_cpu_supports("avx2") ? AsciiPrefixAvx2 : AsciiPrefixPortable;
#else
constexpr size_t (*kAsciiPrefix)(const uint8_t*, size_t) = AsciiPrefixPortable;
size_t kCopyAsciiPrefix(const uint8_t*, size_t, uint8_t*) { return 0; }
#endif

}  // namespace

bool CopyValidUtf8(std::string_view s, uint8_t* dst) {
  const auto* src = reinterpret_cast<const uint8_t*>(s.data());
  size_t done = kCopyAsciiPrefix(src, s.size(), dst);
  std::memcpy(dst + done, src + done, s.size() - done);
  return IsValidUtf8Slow(s.substr(done));
}

bool IsValidUtf8Slow(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const uint8_t* end = p + s.size();
  while (p != end) {
    if (end - p >= 32) p += kAsciiPrefix(p, static_cast<size_t>(end - p));
    while (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ull) break;
      p += 8;
    }
    if (p == end) break;
    uint8_t lead = *p;
    if (lead < 0x80) {
      ++p;
      continue;
    }
    int extra;
    uint32_t min;
    uint32_t code;
    if ((lead & 0xE0) == 0xC0) {
      extra = 1, min = 0x80, code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2, min = 0x800, code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000, code = lead & 0x07;
    } else {
      return false;  // a continuation byte or 0xF8..0xFF as a lead
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      uint8_t next = p[i];
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min) return false;                        // overlong
    if (code > 0x10FFFF) return false;                   // beyond Unicode
    if (code >= 0xD800 && code <= 0xDFFF) return false;  // UTF-16 surrogate
    p += extra + 1;
  }
  return true;
}

bool Writer::LongStr(std::string_view s) {
  uint8_t* p = PutVarint(Ensure(10 + s.size()), s.size());
  if (ABSL_PREDICT_FALSE(!CopyValidUtf8(s, p))) return Fail(EncodeErrorKind::kInvalidUtf8);
  out_.size_ = static_cast<size_t>(p + s.size() - out_.data_);
  return true;
}

bool Reader::UintSlow(uint64_t* out) {
  const uint8_t* start = pos_;
  uint64_t result = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos_ == end_) return Fail(DecodeErrorKind::kTruncated);
    uint8_t byte = *pos_++;
    if (i == 9 && byte > 1) return FailAt(DecodeErrorKind::kVarintTooLong, start);
    result |= static_cast<uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      // The draft's encoders emit the fewest bytes; a trailing zero group means someone did
      // not, and accepting it would give one value two encodings.
      if (byte == 0 && i > 0) return FailAt(DecodeErrorKind::kVarintNotMinimal, start);
      *out = result;
      return true;
    }
  }
  return FailAt(DecodeErrorKind::kVarintTooLong, start);
}

std::string_view DescribeDecodeError(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::kNone: return "no error";
    case DecodeErrorKind::kTruncated: return "the message ends inside a value";
    case DecodeErrorKind::kVarintTooLong: return "varint longer than 10 bytes or above 64 bits";
    case DecodeErrorKind::kVarintNotMinimal: return "varint is not minimally encoded";
    case DecodeErrorKind::kLengthTooLarge: return "length exceeds the bytes that remain";
    case DecodeErrorKind::kInvalidBool: return "bool byte is neither 0 nor 1";
    case DecodeErrorKind::kInvalidOptional: return "optional tag is neither 0 nor 1";
    case DecodeErrorKind::kInvalidUtf8: return "str is not valid UTF-8";
    case DecodeErrorKind::kUnknownEnum: return "enum value is not defined by the schema";
    case DecodeErrorKind::kUnknownUnionTag: return "union tag is not defined by the schema";
    case DecodeErrorKind::kDuplicateMapKey: return "map key appears more than once";
    case DecodeErrorKind::kTrailingBytes: return "bytes left over after the message";
    case DecodeErrorKind::kTooDeep: return "message nests deeper than the limit";
    case DecodeErrorKind::kOutOfRange: return "value does not fit its C++ type";
  }
  return "unknown error";
}

std::string_view DescribeEncodeError(EncodeErrorKind kind) {
  switch (kind) {
    case EncodeErrorKind::kNone: return "no error";
    case EncodeErrorKind::kInvalidUtf8: return "str is not valid UTF-8";
    case EncodeErrorKind::kUnknownEnum: return "enum value is not defined by the schema";
    case EncodeErrorKind::kUnknownUnionTag: return "union tag is not defined by the schema";
    case EncodeErrorKind::kOutOfRange: return "integer out of range for its type";
    case EncodeErrorKind::kLengthMismatch: return "wrong length for a fixed-length type";
    case EncodeErrorKind::kDuplicateKey: return "map key given more than once";
    case EncodeErrorKind::kTypeMismatch: return "value does not match its type";
  }
  return "unknown error";
}

std::string JoinPath(std::string_view root, const std::vector<std::string>& innermost_first) {
  std::string path(root);
  for (auto it = innermost_first.rbegin(); it != innermost_first.rend(); ++it) path += *it;
  return path;
}

absl::Status Reader::ToStatus(std::string_view root) const {
  if (error_ == DecodeErrorKind::kNone) return absl::OkStatus();
  static const std::vector<std::string> kNoPath;
  return absl::InvalidArgumentError(absl::StrCat("decode error at byte ", error_offset_, ": ",
                                                 JoinPath(root, path_ ? *path_ : kNoPath), ": ",
                                                 Sv(DescribeDecodeError(error_))));
}

absl::Status Writer::ToStatus(std::string_view root) const {
  if (error_ == EncodeErrorKind::kNone) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("encode error: ", JoinPath(root, path_), ": ",
                                                 Sv(DescribeEncodeError(error_))));
}

}  // namespace barewire
