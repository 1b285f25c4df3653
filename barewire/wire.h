// The BARE wire primitives (draft-devault-bare): a growable output Buffer, a Writer that
// appends values to it, and a bounds-checked Reader for untrusted input.
//
// Everything a schema-driven codec (barewire/value.h) or generated code (tools/barewire.bzl)
// needs is here, inline, so the hot paths compile to straight-line code. Failures never abort:
// the Reader records what went wrong and where (byte offset, field path) and returns false;
// callers turn that into an absl::Status once, at the top.
#ifndef FIDELITY_BAREWIRE_WIRE_H_
#define FIDELITY_BAREWIRE_WIRE_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/status/status.h"

namespace barewire {

static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big);

using Bytes = std::span<const uint8_t>;

inline Bytes AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsChars(Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// True if `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), as the draft requires of every str.
bool IsValidUtf8Slow(std::string_view s);
inline bool IsValidUtf8(std::string_view s) {
  // Short all-ASCII strings, the common case on the wire, are checked inline.
  const char* p = s.data();
  const size_t n = s.size();
  if (n < 8) {
    // Two overlapping words (or up to three bytes): no loop for the shortest strings.
    uint32_t any;
    if (n >= 4) {
      uint32_t head, tail;
      std::memcpy(&head, p, 4);
      std::memcpy(&tail, p + n - 4, 4);
      any = head | tail;
    } else {
      any = n == 0 ? 0 : static_cast<uint8_t>(p[0]) | static_cast<uint8_t>(p[n / 2]) | static_cast<uint8_t>(p[n - 1]);
    }
    if ((any & 0x80808080u) == 0) return true;
  } else if (n <= 64) {
    uint64_t any = 0, word;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::memcpy(&word, p + i, 8);
      any |= word;
    }
    std::memcpy(&word, p + n - 8, 8);  // the tail, overlapping what was read
    any |= word;
    if ((any & 0x8080808080808080ull) == 0) return true;
  }
  return IsValidUtf8Slow(s);
}
// Copies s to dst (s.size() bytes) and says whether it is valid UTF-8: one pass over long
// ASCII runs instead of a check and a copy.
bool CopyValidUtf8(std::string_view s, uint8_t* dst);

// ---------------------------------------------------------------------------------------------
// Output.

// A contiguous, growable byte buffer without zero-filling. Reuse one across messages: Clear()
// keeps the capacity, so steady-state encoding allocates nothing.
class Buffer {
 public:
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  Buffer& operator=(Buffer&& other) noexcept {
    if (this != &other) {
      std::free(data_);
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  ~Buffer() { std::free(data_); }

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Bytes bytes() const { return {data_, size_}; }
  std::string_view view() const { return AsChars(bytes()); }
  std::string str() const { return std::string(view()); }
  void Clear() { size_ = 0; }
  void Truncate(size_t size) {
    if (size < size_) size_ = size;
  }
  void Reserve(size_t capacity) {
    if (capacity > capacity_) Grow(capacity);
  }

 private:
  friend class Writer;
  // Out of line and cold: the hot paths only compare capacity.
  ABSL_ATTRIBUTE_NOINLINE void Grow(size_t needed) {
    size_t capacity = capacity_ < 64 ? 64 : capacity_ * 2;
    while (capacity < needed) capacity *= 2;
    void* grown = std::realloc(data_, capacity);
    if (grown == nullptr) throw std::bad_alloc();
    data_ = static_cast<uint8_t*>(grown);
    capacity_ = capacity;
  }

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// What can make a value unencodable: the owned C++ types can hold things BARE cannot carry.
enum class EncodeErrorKind : uint8_t {
  kNone,
  kInvalidUtf8,     // a str that is not UTF-8
  kUnknownEnum,     // an enum value the schema does not define
  kUnknownUnionTag, // a union tag the schema does not define (dynamic values only)
  kOutOfRange,      // an integer too large for its BARE type (dynamic values only)
  kLengthMismatch,  // a fixed-length data or list of the wrong length (dynamic values only)
  kDuplicateKey,    // a map key given twice (dynamic values only)
  kTypeMismatch,    // a dynamic value of the wrong kind for its type
};

// Appends BARE values to a Buffer.
class Writer {
 public:
  explicit Writer(Buffer& out) : out_(out) {}

  void Uint(uint64_t v) {
    uint8_t* p = PutVarint(Ensure(10), v);
    out_.size_ = static_cast<size_t>(p - out_.data_);
  }
  void Int(int64_t v) { Uint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }

  template <typename T>
  void Fixed(T v) {
    static_assert(std::is_arithmetic_v<T>);
    if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
      v = ByteSwap(v);
    }
    std::memcpy(Ensure(sizeof(T)), &v, sizeof(T));
    out_.size_ += sizeof(T);
  }
  void U8(uint8_t v) { Fixed(v); }
  void Bool(bool v) { Fixed<uint8_t>(v ? 1 : 0); }

  void Raw(const void* data, size_t n) {
    if (n == 0) return;
    std::memcpy(Ensure(n), data, n);
    out_.size_ += n;
  }
  // Length-prefixed bytes: one capacity check for prefix and body.
  void Data(Bytes b) { LengthPrefixed(b.data(), b.size()); }
  // A str: checks UTF-8 (the draft forbids anything else on the wire).
  bool Str(std::string_view s) {
    if (s.size() >= 256) return LongStr(s);
    if (ABSL_PREDICT_FALSE(!IsValidUtf8(s))) return Fail(EncodeErrorKind::kInvalidUtf8);
    LengthPrefixed(s.data(), s.size());
    return true;
  }

  // Direct writes for generated code: Reserve(n) returns room for at least n bytes, the Put*
  // functions fill it and return the next position, Commit(end) keeps what was written.
  uint8_t* Reserve(size_t n) { return Ensure(n); }
  void Commit(uint8_t* end) { out_.size_ = static_cast<size_t>(end - out_.data_); }
  template <typename T>
  static uint8_t* PutFixed(uint8_t* p, T v) {
    static_assert(std::is_arithmetic_v<T>);
    if constexpr (std::is_same_v<T, bool>) {
      *p = v ? 1 : 0;
      return p + 1;
    } else {
      if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) v = ByteSwap(v);
      std::memcpy(p, &v, sizeof(T));
      return p + sizeof(T);
    }
  }
  static uint8_t* PutZigZag(uint8_t* p, int64_t v) {
    return PutVarint(p, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  static uint8_t* PutRaw(uint8_t* p, const void* data, size_t n) {
    if (n != 0) std::memcpy(p, data, n);
    return p + n;
  }
  static uint8_t* PutData(uint8_t* p, const void* data, size_t n) { return PutRaw(PutVarint(p, n), data, n); }
  // A length-prefixed str; nullptr if it is not UTF-8 (the bytes written are then garbage).
  static uint8_t* PutStr(uint8_t* p, std::string_view s) {
    p = PutVarint(p, s.size());
    if (s.size() >= 256) return CopyValidUtf8(s, p) ? p + s.size() : nullptr;
    if (ABSL_PREDICT_FALSE(!IsValidUtf8(s))) return nullptr;
    return PutRaw(p, s.data(), s.size());
  }

  // Records the first failure; later calls keep it. Returns false for `return w.Fail(..)`.
  bool Fail(EncodeErrorKind kind) {
    if (error_ == EncodeErrorKind::kNone) error_ = kind;
    return false;
  }
  // Prepends a path segment while a failure unwinds (".name", "[3]", ...).
  void AddPathSegment(std::string segment) { path_.push_back(std::move(segment)); }

  EncodeErrorKind error() const { return error_; }
  // "encode error: Message.items[3].name: str is not valid UTF-8".
  absl::Status ToStatus(std::string_view root) const;

  Buffer& buffer() { return out_; }

 private:
  template <typename T>
  static T ByteSwap(T v) {
    uint8_t bytes[sizeof(T)];
    std::memcpy(bytes, &v, sizeof(T));
    for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
    std::memcpy(&v, bytes, sizeof(T));
    return v;
  }
  // Long strings: checked and copied in one pass (out of line, keeping Str small).
  ABSL_ATTRIBUTE_NOINLINE bool LongStr(std::string_view s);

 public:
  static uint8_t* PutVarint(uint8_t* p, uint64_t v) {
    while (v >= 0x80) {
      *p++ = static_cast<uint8_t>(v) | 0x80;
      v >>= 7;
    }
    *p++ = static_cast<uint8_t>(v);
    return p;
  }

 private:
  void LengthPrefixed(const void* data, size_t n) {
    uint8_t* p = PutVarint(Ensure(10 + n), n);
    if (n != 0) std::memcpy(p, data, n);
    out_.size_ = static_cast<size_t>(p + n - out_.data_);
  }
  uint8_t* Ensure(size_t n) {
    if (ABSL_PREDICT_FALSE(out_.capacity_ - out_.size_ < n)) out_.Grow(out_.size_ + n);
    return out_.data_ + out_.size_;
  }

  Buffer& out_;
  EncodeErrorKind error_ = EncodeErrorKind::kNone;
  std::vector<std::string> path_;  // innermost first
};

// ---------------------------------------------------------------------------------------------
// Input.

enum class DecodeErrorKind : uint8_t {
  kNone,
  kTruncated,         // the input ends inside a value
  kVarintTooLong,     // more than 10 bytes, or more than 64 bits
  kVarintNotMinimal,  // a varint with redundant trailing zero groups
  kLengthTooLarge,    // a length prefix larger than the bytes that remain
  kInvalidBool,       // a bool byte other than 0 or 1
  kInvalidOptional,   // an optional tag other than 0 or 1
  kInvalidUtf8,       // a str that is not UTF-8
  kUnknownEnum,       // an enum value the schema does not define
  kUnknownUnionTag,   // a union tag the schema does not define
  kDuplicateMapKey,   // a map key that appears twice
  kTrailingBytes,     // bytes left over after the message's value
  kTooDeep,           // nesting deeper than DecodeOptions::max_depth
  kOutOfRange,        // a value too large for the C++ type it decodes into
};

struct DecodeOptions {
  // Deepest nesting of aggregates (struct, union, optional, list, map) a message may have.
  int max_depth = 64;
};

// Reads BARE values from untrusted bytes. Every read checks bounds first; on failure it records
// the error kind and offset and returns false, and the caller returns false up to the top.
class Reader {
 public:
  explicit Reader(Bytes in, const DecodeOptions& options = {})
      : begin_(in.data()), pos_(in.data()), end_(in.data() + in.size()),
        depth_left_(options.max_depth) {}

  size_t offset() const { return static_cast<size_t>(pos_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  const uint8_t* position() const { return pos_; }
  bool AtEnd() const { return pos_ == end_; }

  bool Uint(uint64_t* out) {
    if (ABSL_PREDICT_TRUE(pos_ != end_ && *pos_ < 0x80)) {
      *out = *pos_++;
      return true;
    }
    return UintSlow(out);
  }
  bool Int(int64_t* out) {
    uint64_t u;
    if (!Uint(&u)) return false;
    *out = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
    return true;
  }
  template <typename T>
  bool Fixed(T* out) {
    static_assert(std::is_arithmetic_v<T>);
    if (ABSL_PREDICT_FALSE(remaining() < sizeof(T))) return Fail(DecodeErrorKind::kTruncated);
    std::memcpy(out, pos_, sizeof(T));
    if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
      uint8_t bytes[sizeof(T)];
      std::memcpy(bytes, pos_, sizeof(T));
      for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
      std::memcpy(out, bytes, sizeof(T));
    }
    pos_ += sizeof(T);
    return true;
  }
  bool Bool(bool* out) {
    if (ABSL_PREDICT_FALSE(pos_ == end_)) return Fail(DecodeErrorKind::kTruncated);
    if (ABSL_PREDICT_FALSE(*pos_ > 1)) return Fail(DecodeErrorKind::kInvalidBool);
    *out = *pos_++ == 1;
    return true;
  }
  // The 0/1 byte that opens an optional.
  bool OptionalTag(bool* present) {
    if (ABSL_PREDICT_FALSE(pos_ == end_)) return Fail(DecodeErrorKind::kTruncated);
    if (ABSL_PREDICT_FALSE(*pos_ > 1)) return Fail(DecodeErrorKind::kInvalidOptional);
    *present = *pos_++ == 1;
    return true;
  }
  // A length or element count, checked before anything is allocated: each element takes at
  // least one byte (every BARE type but void, which may not be an element), so a count larger
  // than the bytes that remain cannot be honest.
  bool Length(uint64_t* n) {
    if (!Uint(n)) return false;
    if (ABSL_PREDICT_FALSE(*n > remaining())) return Fail(DecodeErrorKind::kLengthTooLarge);
    return true;
  }
  // `n` raw bytes, as a view into the input.
  bool Take(size_t n, Bytes* out) {
    if (ABSL_PREDICT_FALSE(remaining() < n)) return Fail(DecodeErrorKind::kTruncated);
    *out = Bytes(pos_, n);
    pos_ += n;
    return true;
  }
  bool Data(Bytes* out) {
    uint64_t n;
    return Length(&n) && Take(static_cast<size_t>(n), out);
  }
  bool Str(std::string_view* out) {
    Bytes b;
    if (!Data(&b)) return false;
    *out = AsChars(b);
    if (ABSL_PREDICT_FALSE(!IsValidUtf8(*out))) {
      pos_ -= b.size();  // report the offset of the string's bytes
      return Fail(DecodeErrorKind::kInvalidUtf8);
    }
    return true;
  }

  // Nesting guard around every aggregate.
  bool Enter() {
    if (ABSL_PREDICT_FALSE(--depth_left_ < 0)) return Fail(DecodeErrorKind::kTooDeep);
    return true;
  }
  void Leave() { ++depth_left_; }

  bool Fail(DecodeErrorKind kind) {
    if (error_ == DecodeErrorKind::kNone) {
      error_ = kind;
      error_offset_ = offset();
    }
    return false;
  }
  // Same, at an earlier offset (e.g. the start of a value found invalid after reading it).
  bool FailAt(DecodeErrorKind kind, const uint8_t* at) {
    if (error_ == DecodeErrorKind::kNone) {
      error_ = kind;
      error_offset_ = static_cast<size_t>(at - begin_);
    }
    return false;
  }
  // Called on the way out of a failed read, innermost first: ".name", "[3]", "{key}".
  void AddPathSegment(std::string segment) {
    if (path_ == nullptr) path_ = std::make_unique<std::vector<std::string>>();
    path_->push_back(std::move(segment));
  }
  // The whole message must be consumed: left-over bytes are an error (as in bare-ts).
  bool Finish() {
    if (error_ != DecodeErrorKind::kNone) return false;
    if (ABSL_PREDICT_FALSE(pos_ != end_)) return Fail(DecodeErrorKind::kTrailingBytes);
    return true;
  }

  DecodeErrorKind error() const { return error_; }
  size_t error_offset() const { return error_offset_; }
  // "decode error at byte 17: Message.items[3].name: str is not valid UTF-8".
  absl::Status ToStatus(std::string_view root) const;

  // A reader over bytes a view decoder has already validated in full (lists, maps and lazy
  // references re-read them as they are visited).
  static Reader OverValidated(Bytes in) { return Reader(in, DecodeOptions{.max_depth = 1 << 30}); }

 private:
  bool UintSlow(uint64_t* out);

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  int depth_left_;
  DecodeErrorKind error_ = DecodeErrorKind::kNone;
  size_t error_offset_ = 0;
  std::unique_ptr<std::vector<std::string>> path_;  // innermost first; allocated on failure
};

std::string_view DescribeDecodeError(DecodeErrorKind kind);
std::string_view DescribeEncodeError(EncodeErrorKind kind);

// Joins path segments recorded innermost-first into "Root.a[3].b".
std::string JoinPath(std::string_view root, const std::vector<std::string>& innermost_first);

}  // namespace barewire

#endif  // FIDELITY_BAREWIRE_WIRE_H_
