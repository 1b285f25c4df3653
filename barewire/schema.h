// BARE schemas: the type model, a C++ builder that mirrors the seed's
//
//     BAREWire.schema { field "id" BAREWireType.Int64; field "payload" BAREWireType.String; ... }
//
// as
//
//     barewire::Struct().Field("id", barewire::Int64()).Field("payload", barewire::String())
//
// and validation of a whole schema against the draft's rules (Schema::Create). Schemas parsed
// from text (barewire/schema_parser.h) produce the same model, with source locations.
#ifndef FIDELITY_BAREWIRE_SCHEMA_H_
#define FIDELITY_BAREWIRE_SCHEMA_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace barewire {

enum class Kind : uint8_t {
  kUint, kInt,
  kU8, kU16, kU32, kU64,
  kI8, kI16, kI32, kI64,
  kF32, kF64,
  kBool, kStr, kData, kVoid,
  kEnum, kOptional, kList, kMap, kUnion, kStruct,
  kNamed,  // a reference to a user type by name
};

struct SourceLocation {
  int line = 0;  // 1-based; 0 when the type was built in C++
  int column = 0;
};

class Type;
using TypeRef = std::shared_ptr<const Type>;

struct EnumValue {
  std::string name;
  uint64_t value;
  SourceLocation location;
};
struct UnionMember {
  TypeRef type;
  uint64_t tag;
  SourceLocation location;
};
struct Field {
  std::string name;
  TypeRef type;
  SourceLocation location;
};

// One node of a type expression. Immutable once built and shared between schemas.
class Type {
 public:
  Kind kind() const { return kind_; }
  // data[N] and list<T>[N]: N; 0 for the variable-length forms.
  uint64_t length() const { return length_; }
  // optional<T>, list<T>: T. map<K><V>: K.
  const TypeRef& element() const { return children_[0]; }
  const TypeRef& key() const { return children_[0]; }
  const TypeRef& value() const { return children_[1]; }
  std::span<const EnumValue> enum_values() const { return enum_values_; }
  std::span<const UnionMember> members() const { return members_; }
  std::span<const Field> fields() const { return fields_; }
  // kNamed: the user type's name.
  const std::string& name() const { return name_; }
  SourceLocation location() const { return location_; }

  // The schema-language spelling: "list<str>[4]", "map<str><u8>", "struct {a: u8}", "Person".
  std::string ToString() const;

  // Number of bytes every value of this type occupies if fixed (u32 → 4, data[16] → 16), else
  // nullopt. Named types are not looked through.
  std::optional<uint64_t> FixedWireSize() const;

  // Construction (the free functions below are the readable way in).
  static TypeRef Primitive(Kind kind, SourceLocation at = {});
  static TypeRef FixedData(uint64_t length, SourceLocation at = {});
  static TypeRef Optional(TypeRef element, SourceLocation at = {});
  static TypeRef List(TypeRef element, uint64_t length = 0, SourceLocation at = {});
  static TypeRef Map(TypeRef key, TypeRef value, SourceLocation at = {});
  static TypeRef Named(std::string name, SourceLocation at = {});
  static TypeRef Enum(std::vector<EnumValue> values, SourceLocation at = {});
  static TypeRef Union(std::vector<UnionMember> members, SourceLocation at = {});
  static TypeRef Struct(std::vector<Field> fields, SourceLocation at = {});

 private:
  Type() = default;
  static std::shared_ptr<Type> MakeNode(Kind kind, SourceLocation at);
  Kind kind_ = Kind::kVoid;
  uint64_t length_ = 0;
  std::vector<TypeRef> children_;
  std::vector<EnumValue> enum_values_;
  std::vector<UnionMember> members_;
  std::vector<Field> fields_;
  std::string name_;
  SourceLocation location_;
};

// --- The builder: BARE's names, plus the seed's (Int64, String, Double, ...). ---------------

inline TypeRef Uint() { return Type::Primitive(Kind::kUint); }
inline TypeRef Int() { return Type::Primitive(Kind::kInt); }
inline TypeRef U8() { return Type::Primitive(Kind::kU8); }
inline TypeRef U16() { return Type::Primitive(Kind::kU16); }
inline TypeRef U32() { return Type::Primitive(Kind::kU32); }
inline TypeRef U64() { return Type::Primitive(Kind::kU64); }
inline TypeRef I8() { return Type::Primitive(Kind::kI8); }
inline TypeRef I16() { return Type::Primitive(Kind::kI16); }
inline TypeRef I32() { return Type::Primitive(Kind::kI32); }
inline TypeRef I64() { return Type::Primitive(Kind::kI64); }
inline TypeRef F32() { return Type::Primitive(Kind::kF32); }
inline TypeRef F64() { return Type::Primitive(Kind::kF64); }
inline TypeRef Bool() { return Type::Primitive(Kind::kBool); }
inline TypeRef Str() { return Type::Primitive(Kind::kStr); }
inline TypeRef Data() { return Type::Primitive(Kind::kData); }
inline TypeRef Data(uint64_t length) { return Type::FixedData(length); }
inline TypeRef Void() { return Type::Primitive(Kind::kVoid); }
inline TypeRef Optional(TypeRef t) { return Type::Optional(std::move(t)); }
inline TypeRef List(TypeRef t) { return Type::List(std::move(t)); }
inline TypeRef List(TypeRef t, uint64_t length) { return Type::List(std::move(t), length); }
inline TypeRef Map(TypeRef k, TypeRef v) { return Type::Map(std::move(k), std::move(v)); }
inline TypeRef Named(std::string name) { return Type::Named(std::move(name)); }

// The seed's BAREWireType names.
inline TypeRef Int8() { return I8(); }
inline TypeRef Int16() { return I16(); }
inline TypeRef Int32() { return I32(); }
inline TypeRef Int64() { return I64(); }
inline TypeRef UInt8() { return U8(); }
inline TypeRef UInt16() { return U16(); }
inline TypeRef UInt32() { return U32(); }
inline TypeRef UInt64() { return U64(); }
inline TypeRef Float() { return F32(); }
inline TypeRef Double() { return F64(); }
inline TypeRef String() { return Str(); }
inline TypeRef Binary() { return Data(); }

// Struct().Field("id", Int64()).Field("payload", String()) converts to a TypeRef.
class StructBuilder {
 public:
  StructBuilder& Field(std::string name, TypeRef type) {
    fields_.push_back({std::move(name), std::move(type), {}});
    return *this;
  }
  operator TypeRef() const { return Type::Struct(fields_); }  // NOLINT: builder ends in a type
 private:
  std::vector<barewire::Field> fields_;
};
inline StructBuilder Struct() { return {}; }

// Enum().Value("ACCOUNTING").Value("JSMITH", 99): values without a number follow the previous.
class EnumBuilder {
 public:
  EnumBuilder& Value(std::string name);
  EnumBuilder& Value(std::string name, uint64_t value);
  operator TypeRef() const { return Type::Enum(values_); }  // NOLINT
 private:
  std::vector<EnumValue> values_;
};
inline EnumBuilder Enum() { return {}; }

// Union().Member(Named("Customer")).Member(Named("Employee"), 5): tags follow the previous.
class UnionBuilder {
 public:
  UnionBuilder& Member(TypeRef type);
  UnionBuilder& Member(TypeRef type, uint64_t tag);
  operator TypeRef() const { return Type::Union(members_); }  // NOLINT
 private:
  std::vector<UnionMember> members_;
};
inline UnionBuilder Union() { return {}; }

// --- Schemas ----------------------------------------------------------------------------------

struct UserType {
  std::string name;
  TypeRef type;
  SourceLocation location;
};

// A validated set of user types. Cheap to copy (shares its contents).
class Schema {
 public:
  // Checks the draft's rules and resolves names. Errors name the offending type; when the
  // types came from a file (`file` non-empty) they read "FILE:LINE:COL: error: ...".
  static absl::StatusOr<Schema> Create(std::vector<UserType> types, std::string file = "");

  // The seed's one-struct form: a schema with a single user type.
  static absl::StatusOr<Schema> Single(std::string name, TypeRef type) {
    return Create({{std::move(name), std::move(type), {}}});
  }

  std::span<const UserType> types() const;
  const UserType* Find(std::string_view name) const;
  // The type a named reference (or a chain of aliases) finally stands for.
  const Type& Resolve(const Type& type) const;

  // Whether `name`'s definition can reach itself (generated code boxes such references).
  bool IsRecursive(std::string_view name) const;
  // Whether user types `a` and `b` are in the same cycle of references.
  bool SameCycle(std::string_view a, std::string_view b) const;

 private:
  struct Impl;
  explicit Schema(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// True for the types the draft allows as map keys (after resolving aliases): every primitive
// but f32, f64, data, data[N] and void; enums included.
bool IsValidMapKey(const Schema& schema, const Type& key);

}  // namespace barewire

#endif  // FIDELITY_BAREWIRE_SCHEMA_H_
