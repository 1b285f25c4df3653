#include "barewire/schema.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "support/absl_string_view.h"
#include "absl/strings/str_join.h"

namespace barewire {

// ---------------------------------------------------------------------------------------------
// Type.

TypeRef Type::Primitive(Kind kind, SourceLocation at) { return MakeNode(kind, at); }

TypeRef Type::FixedData(uint64_t length, SourceLocation at) {
  auto t = MakeNode(Kind::kData, at);
  t->length_ = length;
  return t;
}

TypeRef Type::Optional(TypeRef element, SourceLocation at) {
  auto t = MakeNode(Kind::kOptional, at);
  t->children_ = {std::move(element)};
  return t;
}

TypeRef Type::List(TypeRef element, uint64_t length, SourceLocation at) {
  auto t = MakeNode(Kind::kList, at);
  t->length_ = length;
  t->children_ = {std::move(element)};
  return t;
}

TypeRef Type::Map(TypeRef key, TypeRef value, SourceLocation at) {
  auto t = MakeNode(Kind::kMap, at);
  t->children_ = {std::move(key), std::move(value)};
  return t;
}

TypeRef Type::Named(std::string name, SourceLocation at) {
  auto t = MakeNode(Kind::kNamed, at);
  t->name_ = std::move(name);
  return t;
}

TypeRef Type::Enum(std::vector<EnumValue> values, SourceLocation at) {
  auto t = MakeNode(Kind::kEnum, at);
  t->enum_values_ = std::move(values);
  return t;
}

TypeRef Type::Union(std::vector<UnionMember> members, SourceLocation at) {
  auto t = MakeNode(Kind::kUnion, at);
  t->members_ = std::move(members);
  return t;
}

TypeRef Type::Struct(std::vector<Field> fields, SourceLocation at) {
  auto t = MakeNode(Kind::kStruct, at);
  t->fields_ = std::move(fields);
  return t;
}

std::shared_ptr<Type> Type::MakeNode(Kind kind, SourceLocation at) {
  auto t = std::shared_ptr<Type>(new Type);
  t->kind_ = kind;
  t->location_ = at;
  return t;
}

namespace {

std::string_view PrimitiveName(Kind kind) {
  switch (kind) {
    case Kind::kUint: return "uint";
    case Kind::kInt: return "int";
    case Kind::kU8: return "u8";
    case Kind::kU16: return "u16";
    case Kind::kU32: return "u32";
    case Kind::kU64: return "u64";
    case Kind::kI8: return "i8";
    case Kind::kI16: return "i16";
    case Kind::kI32: return "i32";
    case Kind::kI64: return "i64";
    case Kind::kF32: return "f32";
    case Kind::kF64: return "f64";
    case Kind::kBool: return "bool";
    case Kind::kStr: return "str";
    case Kind::kData: return "data";
    case Kind::kVoid: return "void";
    default: return "";
  }
}

}  // namespace

std::string Type::ToString() const {
  switch (kind_) {
    case Kind::kData:
      return length_ == 0 ? "data" : absl::StrCat("data[", length_, "]");
    case Kind::kOptional:
      return absl::StrCat("optional<", element()->ToString(), ">");
    case Kind::kList:
      return length_ == 0 ? absl::StrCat("list<", element()->ToString(), ">")
                          : absl::StrCat("list<", element()->ToString(), ">[", length_, "]");
    case Kind::kMap:
      return absl::StrCat("map<", key()->ToString(), "><", value()->ToString(), ">");
    case Kind::kNamed:
      return name_;
    case Kind::kEnum: {
      std::string out = "enum {";
      for (const EnumValue& v : enum_values_) absl::StrAppend(&out, " ", v.name, " = ", v.value);
      return out + " }";
    }
    case Kind::kUnion: {
      std::vector<std::string> parts;
      for (const UnionMember& m : members_) {
        parts.push_back(absl::StrCat(m.type->ToString(), " = ", m.tag));
      }
      return absl::StrCat("union { ", absl::StrJoin(parts, " | "), " }");
    }
    case Kind::kStruct: {
      std::string out = "struct {";
      for (const Field& f : fields_) absl::StrAppend(&out, " ", f.name, ": ", f.type->ToString());
      return out + " }";
    }
    default:
      return std::string(PrimitiveName(kind_));
  }
}

std::optional<uint64_t> Type::FixedWireSize() const {
  switch (kind_) {
    case Kind::kU8: case Kind::kI8: case Kind::kBool: return 1;
    case Kind::kU16: case Kind::kI16: return 2;
    case Kind::kU32: case Kind::kI32: case Kind::kF32: return 4;
    case Kind::kU64: case Kind::kI64: case Kind::kF64: return 8;
    case Kind::kVoid: return 0;
    case Kind::kData:
      if (length_ > 0) return length_;
      return std::nullopt;
    case Kind::kList:
      if (length_ > 0) {
        auto element_size = element()->FixedWireSize();
        if (element_size && *element_size <= std::numeric_limits<uint64_t>::max() / length_) {
          return *element_size * length_;
        }
      }
      return std::nullopt;
    case Kind::kStruct: {
      uint64_t total = 0;
      for (const Field& f : fields_) {
        auto size = f.type->FixedWireSize();
        if (!size) return std::nullopt;
        total += *size;
      }
      return total;
    }
    default:
      return std::nullopt;
  }
}

EnumBuilder& EnumBuilder::Value(std::string name) {
  uint64_t next = values_.empty() ? 0 : values_.back().value + 1;
  values_.push_back({std::move(name), next, {}});
  return *this;
}
EnumBuilder& EnumBuilder::Value(std::string name, uint64_t value) {
  values_.push_back({std::move(name), value, {}});
  return *this;
}
UnionBuilder& UnionBuilder::Member(TypeRef type) {
  uint64_t next = members_.empty() ? 0 : members_.back().tag + 1;
  members_.push_back({std::move(type), next, {}});
  return *this;
}
UnionBuilder& UnionBuilder::Member(TypeRef type, uint64_t tag) {
  members_.push_back({std::move(type), tag, {}});
  return *this;
}

// ---------------------------------------------------------------------------------------------
// Schema.

struct Schema::Impl {
  std::vector<UserType> types;
  absl::flat_hash_map<std::string, size_t> index;
  std::vector<int> cycle;          // strongly connected component of each type
  std::vector<bool> self_reaching;  // type's definition can reach itself
};

namespace {

// The largest fixed length accepted: generated code holds fixed lists in std::array.
constexpr uint64_t kMaxFixedLength = std::numeric_limits<uint32_t>::max();

bool IsUserTypeName(std::string_view name) {
  if (name.empty() || !absl::ascii_isupper(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return absl::ascii_isalnum(c); });
}
bool IsFieldName(std::string_view name) {
  if (name.empty() || !absl::ascii_isalpha(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '_'; });
}
bool IsEnumValueName(std::string_view name) {
  if (name.empty() || !absl::ascii_isupper(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_isupper(c) || absl::ascii_isdigit(c) || c == '_';
  });
}

// Collects every user type name a type expression mentions.
void CollectReferences(const Type& type, std::vector<std::string>* out) {
  switch (type.kind()) {
    case Kind::kNamed: out->push_back(type.name()); break;
    case Kind::kOptional: case Kind::kList: CollectReferences(*type.element(), out); break;
    case Kind::kMap:
      CollectReferences(*type.key(), out);
      CollectReferences(*type.value(), out);
      break;
    case Kind::kUnion:
      for (const UnionMember& m : type.members()) CollectReferences(*m.type, out);
      break;
    case Kind::kStruct:
      for (const Field& f : type.fields()) CollectReferences(*f.type, out);
      break;
    default: break;
  }
}

class Validator {
 public:
  Validator(const std::vector<UserType>& types, const absl::flat_hash_map<std::string, size_t>& index,
            std::string file)
      : types_(types), index_(index), file_(std::move(file)) {}

  absl::Status Error(const std::string& in_type, SourceLocation at, std::string_view message) {
    if (!file_.empty() && at.line > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(file_, ":", at.line, ":", at.column, ": error: ", fidelity::Sv(message)));
    }
    return absl::InvalidArgumentError(absl::StrCat("schema error in type ", in_type, ": ", fidelity::Sv(message)));
  }

  // Structure of one type expression. `in_union` is true for a union's direct members, the
  // only place the draft lets void (or a name for it) appear.
  absl::Status Check(const std::string& owner, const Type& type, bool in_union) {
    SourceLocation at = type.location();
    switch (type.kind()) {
      case Kind::kVoid:
        if (!in_union) return Error(owner, at, "void may only be a member of a union");
        return absl::OkStatus();
      case Kind::kData:
      case Kind::kList:
        if (type.kind() == Kind::kList || type.length() > 0) {
          if (type.length() > kMaxFixedLength) {
            return Error(owner, at, absl::StrCat("fixed length ", type.length(),
                                                 " is larger than ", kMaxFixedLength));
          }
        }
        if (type.kind() == Kind::kList) return Check(owner, *type.element(), false);
        return absl::OkStatus();
      case Kind::kOptional:
        return Check(owner, *type.element(), false);
      case Kind::kMap: {
        absl::Status s = Check(owner, *type.key(), false);
        if (!s.ok()) return s;
        return Check(owner, *type.value(), false);
      }
      case Kind::kNamed:
        if (!index_.contains(type.name())) {
          return Error(owner, at, absl::StrCat("undefined type '", type.name(), "'"));
        }
        return absl::OkStatus();
      case Kind::kEnum: {
        if (type.enum_values().empty()) return Error(owner, at, "an enum needs at least one value");
        absl::flat_hash_set<std::string_view> names;
        absl::flat_hash_set<uint64_t> values;
        for (const EnumValue& v : type.enum_values()) {
          SourceLocation vat = v.location.line > 0 ? v.location : at;
          if (!IsEnumValueName(v.name)) {
            return Error(owner, vat, absl::StrCat("enum value name '", v.name,
                                                  "' must be UPPER_CASE (A-Z, 0-9, _)"));
          }
          if (!names.insert(v.name).second) {
            return Error(owner, vat, absl::StrCat("duplicate enum value name '", v.name, "'"));
          }
          if (!values.insert(v.value).second) {
            return Error(owner, vat, absl::StrCat("enum value ", v.value, " of '", v.name,
                                                  "' is already used"));
          }
        }
        return absl::OkStatus();
      }
      case Kind::kUnion: {
        if (type.members().empty()) return Error(owner, at, "a union needs at least one member");
        absl::flat_hash_set<uint64_t> tags;
        absl::flat_hash_set<std::string> spellings;
        for (const UnionMember& m : type.members()) {
          SourceLocation mat = m.location.line > 0 ? m.location : at;
          if (!tags.insert(m.tag).second) {
            return Error(owner, mat, absl::StrCat("union tag ", m.tag, " is already used"));
          }
          // Two members of one type could not be told apart once decoded.
          if (!spellings.insert(m.type->ToString()).second) {
            return Error(owner, mat, absl::StrCat("type ", m.type->ToString(),
                                                  " appears twice in the union"));
          }
          absl::Status s = Check(owner, *m.type, true);
          if (!s.ok()) return s;
        }
        return absl::OkStatus();
      }
      case Kind::kStruct: {
        if (type.fields().empty()) return Error(owner, at, "a struct needs at least one field");
        absl::flat_hash_set<std::string_view> names;
        for (const Field& f : type.fields()) {
          SourceLocation fat = f.location.line > 0 ? f.location : at;
          if (!IsFieldName(f.name)) {
            return Error(owner, fat, absl::StrCat("invalid field name '", f.name, "'"));
          }
          if (!names.insert(f.name).second) {
            return Error(owner, fat, absl::StrCat("duplicate field '", f.name, "'"));
          }
          absl::Status s = Check(owner, *f.type, false);
          if (!s.ok()) return s;
        }
        return absl::OkStatus();
      }
      default:
        return absl::OkStatus();
    }
  }

  // A type is terminable when some finite value of it exists. Computed as a least fixed point
  // over the user types: optional, variable lists and maps always terminate (none, empty).
  std::vector<bool> Terminable() {
    std::vector<bool> ok(types_.size(), false);
    bool changed = true;
    while (changed) {
      changed = false;
      for (size_t i = 0; i < types_.size(); ++i) {
        if (!ok[i] && Terminates(*types_[i].type, ok)) {
          ok[i] = true;
          changed = true;
        }
      }
    }
    return ok;
  }

  // Map keys and void, once names are known to resolve.
  absl::Status CheckResolved(const std::string& owner, const Type& type, bool in_union,
                             const Schema& schema) {
    switch (type.kind()) {
      case Kind::kNamed:
        if (!in_union && schema.Resolve(type).kind() == Kind::kVoid) {
          return Error(owner, type.location(),
                       absl::StrCat("'", type.name(), "' is void, which may only be a member of a union"));
        }
        return absl::OkStatus();
      case Kind::kOptional:
      case Kind::kList:
        return CheckResolved(owner, *type.element(), false, schema);
      case Kind::kMap: {
        if (!IsValidMapKey(schema, *type.key())) {
          return Error(owner, type.key()->location(),
                       absl::StrCat("invalid map key type ", type.key()->ToString(),
                                    ": keys must be a primitive type other than f32, f64, data "
                                    "and void, or an enum"));
        }
        absl::Status s = CheckResolved(owner, *type.key(), false, schema);
        if (!s.ok()) return s;
        return CheckResolved(owner, *type.value(), false, schema);
      }
      case Kind::kUnion:
        for (const UnionMember& m : type.members()) {
          absl::Status s = CheckResolved(owner, *m.type, true, schema);
          if (!s.ok()) return s;
        }
        return absl::OkStatus();
      case Kind::kStruct:
        for (const Field& f : type.fields()) {
          absl::Status s = CheckResolved(owner, *f.type, false, schema);
          if (!s.ok()) return s;
        }
        return absl::OkStatus();
      default:
        return absl::OkStatus();
    }
  }

 private:
  bool Terminates(const Type& type, const std::vector<bool>& ok) {
    switch (type.kind()) {
      case Kind::kNamed: return ok[index_.at(type.name())];
      case Kind::kOptional: case Kind::kMap: return true;
      case Kind::kList: return type.length() == 0 || Terminates(*type.element(), ok);
      case Kind::kUnion:
        return std::any_of(type.members().begin(), type.members().end(),
                           [&](const UnionMember& m) { return Terminates(*m.type, ok); });
      case Kind::kStruct:
        return std::all_of(type.fields().begin(), type.fields().end(),
                           [&](const Field& f) { return Terminates(*f.type, ok); });
      default: return true;
    }
  }

  const std::vector<UserType>& types_;
  const absl::flat_hash_map<std::string, size_t>& index_;
  std::string file_;
};

}  // namespace

absl::StatusOr<Schema> Schema::Create(std::vector<UserType> types, std::string file) {
  auto impl = std::make_shared<Impl>();
  impl->types = std::move(types);
  Validator validator(impl->types, impl->index, file);
  if (impl->types.empty()) {
    return absl::InvalidArgumentError(
        file.empty() ? "schema error: a schema needs at least one type"
                     : absl::StrCat(file, ":1:1: error: a schema needs at least one type"));
  }
  for (size_t i = 0; i < impl->types.size(); ++i) {
    const UserType& t = impl->types[i];
    if (t.type == nullptr) return validator.Error(t.name, t.location, "type has no definition");
    if (!IsUserTypeName(t.name)) {
      return validator.Error(t.name, t.location,
                             absl::StrCat("type name '", t.name,
                                          "' must start with an upper-case letter and hold only "
                                          "letters and digits"));
    }
    if (!impl->index.emplace(t.name, i).second) {
      return validator.Error(t.name, t.location, absl::StrCat("type '", t.name, "' is defined twice"));
    }
  }
  for (const UserType& t : impl->types) {
    // A user type may itself be void: it names a union member without storage.
    bool alias_of_void = t.type->kind() == Kind::kVoid;
    absl::Status s = validator.Check(t.name, *t.type, alias_of_void);
    if (!s.ok()) return s;
  }
  std::vector<bool> terminable = validator.Terminable();
  for (size_t i = 0; i < impl->types.size(); ++i) {
    if (!terminable[i]) {
      const UserType& t = impl->types[i];
      return validator.Error(
          t.name, t.location,
          absl::StrCat("type '", t.name,
                       "' has no finite value: it refers to itself without an optional, a "
                       "variable-length list, a map or a union member that ends the recursion"));
    }
  }

  // Cycles (Tarjan's strongly connected components over "refers to").
  const size_t n = impl->types.size();
  std::vector<std::vector<size_t>> edges(n);
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::string> refs;
    CollectReferences(*impl->types[i].type, &refs);
    for (const std::string& r : refs) edges[i].push_back(impl->index.at(r));
  }
  impl->cycle.assign(n, -1);
  impl->self_reaching.assign(n, false);
  std::vector<int> order(n, -1), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  int counter = 0, components = 0;
  std::function<void(size_t)> visit = [&](size_t v) {
    order[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (size_t w : edges[v]) {
      if (order[w] < 0) {
        visit(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], order[w]);
      }
    }
    if (low[v] == order[v]) {
      std::vector<size_t> members;
      size_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        impl->cycle[w] = components;
        members.push_back(w);
      } while (w != v);
      for (size_t m : members) {
        bool self = members.size() > 1 ||
                    std::find(edges[m].begin(), edges[m].end(), m) != edges[m].end();
        impl->self_reaching[m] = self;
      }
      ++components;
    }
  };
  for (size_t i = 0; i < n; ++i) {
    if (order[i] < 0) visit(i);
  }

  Schema schema(impl);
  for (const UserType& t : impl->types) {
    absl::Status s = validator.CheckResolved(t.name, *t.type, t.type->kind() == Kind::kVoid, schema);
    if (!s.ok()) return s;
  }
  return schema;
}

std::span<const UserType> Schema::types() const { return impl_->types; }

const UserType* Schema::Find(std::string_view name) const {
  auto it = impl_->index.find(fidelity::Sv(name));
  return it == impl_->index.end() ? nullptr : &impl_->types[it->second];
}

const Type& Schema::Resolve(const Type& type) const {
  const Type* t = &type;
  // Alias chains are finite: Create rejects a chain that loops (it has no finite value).
  for (size_t steps = 0; t->kind() == Kind::kNamed && steps <= impl_->types.size(); ++steps) {
    const UserType* target = Find(t->name());
    if (target == nullptr) break;
    t = target->type.get();
  }
  return *t;
}

bool Schema::IsRecursive(std::string_view name) const {
  auto it = impl_->index.find(fidelity::Sv(name));
  return it != impl_->index.end() && impl_->self_reaching[it->second];
}

bool Schema::SameCycle(std::string_view a, std::string_view b) const {
  auto ia = impl_->index.find(fidelity::Sv(a));
  auto ib = impl_->index.find(fidelity::Sv(b));
  if (ia == impl_->index.end() || ib == impl_->index.end()) return false;
  return impl_->cycle[ia->second] == impl_->cycle[ib->second] &&
         impl_->self_reaching[ia->second];
}

bool IsValidMapKey(const Schema& schema, const Type& key) {
  switch (schema.Resolve(key).kind()) {
    case Kind::kUint: case Kind::kInt:
    case Kind::kU8: case Kind::kU16: case Kind::kU32: case Kind::kU64:
    case Kind::kI8: case Kind::kI16: case Kind::kI32: case Kind::kI64:
    case Kind::kBool: case Kind::kStr: case Kind::kEnum:
      return true;
    default:
      return false;
  }
}

}  // namespace barewire
