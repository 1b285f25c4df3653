#include "barewire/wire.h"

#include "absl/strings/str_cat.h"
#include "support/absl_string_view.h"

using fidelity::Sv;

namespace barewire {

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const uint8_t* end = p + s.size();
  while (p != end) {
    // ASCII fast path: eight bytes at a time while none has its high bit set.
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
    if (code < min) return false;                       // overlong
    if (code > 0x10FFFF) return false;                  // beyond Unicode
    if (code >= 0xD800 && code <= 0xDFFF) return false;  // UTF-16 surrogate
    p += extra + 1;
  }
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
