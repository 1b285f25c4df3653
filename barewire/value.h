// Schema-driven (dynamic) BARE values: what the `bare` tool, the compiler and tests use when no
// generated C++ type exists. Encode checks a value against its type; Decode accepts exactly the
// messages the draft calls valid and reports anything else with its byte offset and field path.
#ifndef FIDELITY_BAREWIRE_VALUE_H_
#define FIDELITY_BAREWIRE_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "barewire/schema.h"
#include "barewire/wire.h"

namespace barewire {

// One value of some BARE type. The kind says which members are meaningful:
//   kUint: u (uint, u8..u64)      kInt: i (int, i8..i64)     kFloat: f (f32, f64)
//   kBool: u (0/1)                kStr, kData: bytes          kVoid: nothing
//   kEnum: u (the numeric value)  kNone: an absent optional   kSome: items[0]
//   kList: items                  kMap: items as key, value, key, value, ...
//   kUnion: u (the tag), items[0] kStruct: items, one per field in schema order
class Value {
 public:
  enum class Kind : uint8_t {
    kVoid, kBool, kUint, kInt, kFloat, kStr, kData, kEnum, kNone, kSome, kList, kMap, kUnion, kStruct
  };

  static Value Void() { return Value(Kind::kVoid); }
  static Value Bool(bool b) { Value v(Kind::kBool); v.u = b; return v; }
  static Value Uint(uint64_t x) { Value v(Kind::kUint); v.u = x; return v; }
  static Value Int(int64_t x) { Value v(Kind::kInt); v.i = x; return v; }
  static Value Float(double x) { Value v(Kind::kFloat); v.f = x; return v; }
  static Value Str(std::string s) { Value v(Kind::kStr); v.bytes = std::move(s); return v; }
  static Value Data(std::string bytes) { Value v(Kind::kData); v.bytes = std::move(bytes); return v; }
  static Value Enum(uint64_t x) { Value v(Kind::kEnum); v.u = x; return v; }
  static Value None() { return Value(Kind::kNone); }
  static Value Some(Value inner) { Value v(Kind::kSome); v.items.push_back(std::move(inner)); return v; }
  static Value List(std::vector<Value> items) { Value v(Kind::kList); v.items = std::move(items); return v; }
  static Value Map(std::vector<std::pair<Value, Value>> entries);
  static Value Union(uint64_t tag, Value inner) {
    Value v(Kind::kUnion);
    v.u = tag;
    v.items.push_back(std::move(inner));
    return v;
  }
  static Value Struct(std::vector<Value> fields) { Value v(Kind::kStruct); v.items = std::move(fields); return v; }

  Kind kind = Kind::kVoid;
  uint64_t u = 0;
  int64_t i = 0;
  double f = 0;
  std::string bytes;
  std::vector<Value> items;

  size_t map_size() const { return items.size() / 2; }
  const Value& map_key(size_t n) const { return items[2 * n]; }
  const Value& map_value(size_t n) const { return items[2 * n + 1]; }

  // Structural equality; floats compare by bit pattern (so NaN == the same NaN).
  friend bool operator==(const Value& a, const Value& b);

  // A debugging rendering, e.g. {id: 7, tags: ["a"], kind: Union(1, "x")}.
  std::string DebugString() const;

 private:
  explicit Value(Kind k) : kind(k) {}
};

// Appends `value`, of user type `type_name`, to `out`. Fails (appending nothing) when the
// value does not fit the type; the message names the field path.
absl::Status EncodeValue(const Schema& schema, std::string_view type_name, const Value& value,
                         Buffer& out);
// The same for an arbitrary type expression; `path` names the root in messages.
absl::Status EncodeValue(const Schema& schema, const Type& type, const Value& value, Buffer& out,
                         std::string_view path);

// Decodes one whole message of user type `type_name`.
absl::StatusOr<Value> DecodeValue(const Schema& schema, std::string_view type_name, Bytes message,
                                  const DecodeOptions& options = {});
absl::StatusOr<Value> DecodeValue(const Schema& schema, const Type& type, Bytes message,
                                  std::string_view path, const DecodeOptions& options = {});

}  // namespace barewire

#endif  // FIDELITY_BAREWIRE_VALUE_H_
