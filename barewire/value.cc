#include "barewire/value.h"

#include <cstring>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "support/absl_string_view.h"
#include "absl/strings/str_join.h"

namespace barewire {

Value Value::Map(std::vector<std::pair<Value, Value>> entries) {
  Value v(Kind::kMap);
  v.items.reserve(entries.size() * 2);
  for (auto& [key, value] : entries) {
    v.items.push_back(std::move(key));
    v.items.push_back(std::move(value));
  }
  return v;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::kVoid: case Value::Kind::kNone: return true;
    case Value::Kind::kBool: case Value::Kind::kUint: case Value::Kind::kEnum: return a.u == b.u;
    case Value::Kind::kInt: return a.i == b.i;
    case Value::Kind::kFloat: return std::memcmp(&a.f, &b.f, sizeof(double)) == 0;
    case Value::Kind::kStr: case Value::Kind::kData: return a.bytes == b.bytes;
    case Value::Kind::kUnion: return a.u == b.u && a.items == b.items;
    default: return a.items == b.items;
  }
}

std::string Value::DebugString() const {
  auto join = [](const std::vector<Value>& vs, size_t from, size_t step) {
    std::vector<std::string> parts;
    for (size_t n = from; n < vs.size(); n += step) parts.push_back(vs[n].DebugString());
    return absl::StrJoin(parts, ", ");
  };
  switch (kind) {
    case Kind::kVoid: return "void";
    case Kind::kBool: return u ? "true" : "false";
    case Kind::kUint: return absl::StrCat(u);
    case Kind::kInt: return absl::StrCat(i);
    case Kind::kFloat: return absl::StrCat(f);
    case Kind::kStr: return absl::StrCat("\"", absl::CHexEscape(bytes), "\"");
    case Kind::kData: return absl::StrCat("data(", absl::BytesToHexString(bytes), ")");
    case Kind::kEnum: return absl::StrCat("enum(", u, ")");
    case Kind::kNone: return "none";
    case Kind::kSome: return absl::StrCat("some(", items[0].DebugString(), ")");
    case Kind::kList: return absl::StrCat("[", join(items, 0, 1), "]");
    case Kind::kMap: {
      std::vector<std::string> parts;
      for (size_t n = 0; n < map_size(); ++n) {
        parts.push_back(absl::StrCat(map_key(n).DebugString(), ": ", map_value(n).DebugString()));
      }
      return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
    }
    case Kind::kUnion: return absl::StrCat("union(", u, ", ", items[0].DebugString(), ")");
    case Kind::kStruct: return absl::StrCat("(", join(items, 0, 1), ")");
  }
  return "?";
}

namespace {

bool FitsUnsigned(Kind kind, uint64_t v) {
  switch (kind) {
    case Kind::kU8: return v <= UINT8_MAX;
    case Kind::kU16: return v <= UINT16_MAX;
    case Kind::kU32: return v <= UINT32_MAX;
    default: return true;
  }
}
bool FitsSigned(Kind kind, int64_t v) {
  switch (kind) {
    case Kind::kI8: return v >= INT8_MIN && v <= INT8_MAX;
    case Kind::kI16: return v >= INT16_MIN && v <= INT16_MAX;
    case Kind::kI32: return v >= INT32_MIN && v <= INT32_MAX;
    default: return true;
  }
}

// A map key as a path segment, spelled as generated code spells it: ["name"], [42], [true].
std::string KeySegment(const Value& key) {
  switch (key.kind) {
    case Value::Kind::kStr: return absl::StrCat("[\"", key.bytes, "\"]");
    case Value::Kind::kInt: return absl::StrCat("[", key.i, "]");
    case Value::Kind::kBool: return key.u ? "[true]" : "[false]";
    default: return absl::StrCat("[", key.u, "]");
  }
}

class Encoder {
 public:
  Encoder(const Schema& schema, Writer& w) : schema_(schema), w_(w) {}

  bool Encode(const Type& type, const Value& v) {
    using VK = Value::Kind;
    switch (type.kind()) {
      case Kind::kUint: case Kind::kU8: case Kind::kU16: case Kind::kU32: case Kind::kU64: {
        if (v.kind != VK::kUint) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        if (!FitsUnsigned(type.kind(), v.u)) return w_.Fail(EncodeErrorKind::kOutOfRange);
        switch (type.kind()) {
          case Kind::kUint: w_.Uint(v.u); break;
          case Kind::kU8: w_.Fixed(static_cast<uint8_t>(v.u)); break;
          case Kind::kU16: w_.Fixed(static_cast<uint16_t>(v.u)); break;
          case Kind::kU32: w_.Fixed(static_cast<uint32_t>(v.u)); break;
          default: w_.Fixed(v.u); break;
        }
        return true;
      }
      case Kind::kInt: case Kind::kI8: case Kind::kI16: case Kind::kI32: case Kind::kI64: {
        if (v.kind != VK::kInt) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        if (!FitsSigned(type.kind(), v.i)) return w_.Fail(EncodeErrorKind::kOutOfRange);
        switch (type.kind()) {
          case Kind::kInt: w_.Int(v.i); break;
          case Kind::kI8: w_.Fixed(static_cast<int8_t>(v.i)); break;
          case Kind::kI16: w_.Fixed(static_cast<int16_t>(v.i)); break;
          case Kind::kI32: w_.Fixed(static_cast<int32_t>(v.i)); break;
          default: w_.Fixed(v.i); break;
        }
        return true;
      }
      case Kind::kF32:
        if (v.kind != VK::kFloat) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        w_.Fixed(static_cast<float>(v.f));
        return true;
      case Kind::kF64:
        if (v.kind != VK::kFloat) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        w_.Fixed(v.f);
        return true;
      case Kind::kBool:
        if (v.kind != VK::kBool) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        w_.Bool(v.u != 0);
        return true;
      case Kind::kStr:
        if (v.kind != VK::kStr) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        return w_.Str(v.bytes);
      case Kind::kData:
        if (v.kind != VK::kData) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        if (type.length() > 0) {
          if (v.bytes.size() != type.length()) return w_.Fail(EncodeErrorKind::kLengthMismatch);
          w_.Raw(v.bytes.data(), v.bytes.size());
        } else {
          w_.Data(AsBytes(v.bytes));
        }
        return true;
      case Kind::kVoid:
        if (v.kind != VK::kVoid) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        return true;
      case Kind::kEnum:
        if (v.kind != VK::kEnum) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        for (const EnumValue& e : type.enum_values()) {
          if (e.value == v.u) {
            w_.Uint(v.u);
            return true;
          }
        }
        return w_.Fail(EncodeErrorKind::kUnknownEnum);
      case Kind::kOptional:
        if (v.kind == VK::kNone) {
          w_.U8(0);
          return true;
        }
        if (v.kind != VK::kSome || v.items.size() != 1) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        w_.U8(1);
        return Encode(*type.element(), v.items[0]);
      case Kind::kList: {
        if (v.kind != VK::kList) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        if (type.length() > 0) {
          if (v.items.size() != type.length()) return w_.Fail(EncodeErrorKind::kLengthMismatch);
        } else {
          w_.Uint(v.items.size());
        }
        for (size_t n = 0; n < v.items.size(); ++n) {
          if (!Encode(*type.element(), v.items[n])) {
            w_.AddPathSegment(absl::StrCat("[", n, "]"));
            return false;
          }
        }
        return true;
      }
      case Kind::kMap: {
        if (v.kind != VK::kMap || v.items.size() % 2 != 0) {
          return w_.Fail(EncodeErrorKind::kTypeMismatch);
        }
        w_.Uint(v.map_size());
        // Keys are compared by their encoding, which is canonical for every key type.
        absl::flat_hash_set<std::string> seen;
        for (size_t n = 0; n < v.map_size(); ++n) {
          size_t key_start = w_.buffer().size();
          if (!Encode(*type.key(), v.map_key(n))) {
            w_.AddPathSegment(absl::StrCat("{key ", n, "}"));
            return false;
          }
          std::string key_bytes(w_.buffer().view().substr(key_start));
          if (!seen.insert(key_bytes).second) {
            w_.AddPathSegment(absl::StrCat("{key ", n, "}"));
            return w_.Fail(EncodeErrorKind::kDuplicateKey);
          }
          if (!Encode(*type.value(), v.map_value(n))) {
            w_.AddPathSegment(KeySegment(v.map_key(n)));
            return false;
          }
        }
        return true;
      }
      case Kind::kUnion:
        if (v.kind != VK::kUnion || v.items.size() != 1) return w_.Fail(EncodeErrorKind::kTypeMismatch);
        for (const UnionMember& m : type.members()) {
          if (m.tag == v.u) {
            w_.Uint(v.u);
            if (!Encode(*m.type, v.items[0])) {
              w_.AddPathSegment(absl::StrCat("<", m.type->ToString(), ">"));
              return false;
            }
            return true;
          }
        }
        return w_.Fail(EncodeErrorKind::kUnknownUnionTag);
      case Kind::kStruct: {
        if (v.kind != VK::kStruct || v.items.size() != type.fields().size()) {
          return w_.Fail(EncodeErrorKind::kTypeMismatch);
        }
        for (size_t n = 0; n < v.items.size(); ++n) {
          if (!Encode(*type.fields()[n].type, v.items[n])) {
            w_.AddPathSegment(absl::StrCat(".", type.fields()[n].name));
            return false;
          }
        }
        return true;
      }
      case Kind::kNamed:
        return Encode(schema_.Resolve(type), v);
    }
    return w_.Fail(EncodeErrorKind::kTypeMismatch);
  }

 private:
  const Schema& schema_;
  Writer& w_;
};

class Decoder {
 public:
  Decoder(const Schema& schema, Reader& r) : schema_(schema), r_(r) {}

  bool Decode(const Type& type, Value* v) {
    switch (type.kind()) {
      case Kind::kUint: *v = Value::Uint(0); return r_.Uint(&v->u);
      case Kind::kU8: return Unsigned<uint8_t>(v);
      case Kind::kU16: return Unsigned<uint16_t>(v);
      case Kind::kU32: return Unsigned<uint32_t>(v);
      case Kind::kU64: return Unsigned<uint64_t>(v);
      case Kind::kInt: *v = Value::Int(0); return r_.Int(&v->i);
      case Kind::kI8: return Signed<int8_t>(v);
      case Kind::kI16: return Signed<int16_t>(v);
      case Kind::kI32: return Signed<int32_t>(v);
      case Kind::kI64: return Signed<int64_t>(v);
      case Kind::kF32: {
        float f;
        if (!r_.Fixed(&f)) return false;
        *v = Value::Float(f);
        return true;
      }
      case Kind::kF64: {
        double f;
        if (!r_.Fixed(&f)) return false;
        *v = Value::Float(f);
        return true;
      }
      case Kind::kBool: {
        bool b;
        if (!r_.Bool(&b)) return false;
        *v = Value::Bool(b);
        return true;
      }
      case Kind::kStr: {
        std::string_view s;
        if (!r_.Str(&s)) return false;
        *v = Value::Str(std::string(s));
        return true;
      }
      case Kind::kData: {
        Bytes b;
        if (type.length() > 0 ? !r_.Take(type.length(), &b) : !r_.Data(&b)) return false;
        *v = Value::Data(std::string(AsChars(b)));
        return true;
      }
      case Kind::kVoid: *v = Value::Void(); return true;
      case Kind::kEnum: {
        const uint8_t* at = r_.position();
        uint64_t x;
        if (!r_.Uint(&x)) return false;
        for (const EnumValue& e : type.enum_values()) {
          if (e.value == x) {
            *v = Value::Enum(x);
            return true;
          }
        }
        return r_.FailAt(DecodeErrorKind::kUnknownEnum, at);
      }
      case Kind::kNamed: return Decode(schema_.Resolve(type), v);
      default: break;
    }
    // Aggregates: one level of nesting each.
    if (!r_.Enter()) return false;
    bool ok = DecodeAggregate(type, v);
    r_.Leave();
    return ok;
  }

 private:
  template <typename T>
  bool Unsigned(Value* v) {
    T x;
    if (!r_.Fixed(&x)) return false;
    *v = Value::Uint(x);
    return true;
  }
  template <typename T>
  bool Signed(Value* v) {
    T x;
    if (!r_.Fixed(&x)) return false;
    *v = Value::Int(x);
    return true;
  }

  bool DecodeAggregate(const Type& type, Value* v) {
    switch (type.kind()) {
      case Kind::kOptional: {
        bool present;
        if (!r_.OptionalTag(&present)) return false;
        if (!present) {
          *v = Value::None();
          return true;
        }
        *v = Value::Some(Value::Void());
        return Decode(*type.element(), &v->items[0]);
      }
      case Kind::kList: {
        uint64_t count = type.length();
        if (count == 0 && !r_.Length(&count)) return false;
        *v = Value::List({});
        if (type.length() > 0 && type.element()->kind() == Kind::kU8) {
          // list<u8>[N] is read as one run of N bytes, like data[N] (as generated code does).
          Bytes run;
          if (!r_.Take(type.length(), &run)) return false;
          for (uint8_t b : run) v->items.push_back(Value::Uint(b));
          return true;
        }
        // A fixed length is trusted only as far as the input goes: grow as elements arrive.
        if (type.length() == 0) v->items.reserve(count);
        for (uint64_t n = 0; n < count; ++n) {
          v->items.push_back(Value::Void());
          if (!Decode(*type.element(), &v->items.back())) {
            r_.AddPathSegment(absl::StrCat("[", n, "]"));
            return false;
          }
        }
        return true;
      }
      case Kind::kMap: {
        uint64_t count;
        if (!r_.Length(&count)) return false;
        *v = Value::Map({});
        v->items.reserve(2 * count);
        absl::flat_hash_set<std::string_view> seen;
        for (uint64_t n = 0; n < count; ++n) {
          const uint8_t* key_start = r_.position();
          v->items.push_back(Value::Void());
          if (!Decode(*type.key(), &v->items.back())) {
            r_.AddPathSegment(absl::StrCat("{key ", n, "}"));
            return false;
          }
          // Key encodings are canonical, so equal keys have equal bytes.
          std::string_view key_bytes(reinterpret_cast<const char*>(key_start),
                                     static_cast<size_t>(r_.position() - key_start));
          if (!seen.insert(key_bytes).second) {
            r_.FailAt(DecodeErrorKind::kDuplicateMapKey, key_start);
            r_.AddPathSegment(KeySegment(v->items.back()));
            return false;
          }
          v->items.push_back(Value::Void());
          if (!Decode(*type.value(), &v->items.back())) {
            r_.AddPathSegment(KeySegment(v->items[v->items.size() - 2]));
            return false;
          }
        }
        return true;
      }
      case Kind::kUnion: {
        const uint8_t* at = r_.position();
        uint64_t tag;
        if (!r_.Uint(&tag)) return false;
        for (const UnionMember& m : type.members()) {
          if (m.tag == tag) {
            *v = Value::Union(tag, Value::Void());
            if (!Decode(*m.type, &v->items[0])) {
              r_.AddPathSegment(absl::StrCat("<", m.type->ToString(), ">"));
              return false;
            }
            return true;
          }
        }
        return r_.FailAt(DecodeErrorKind::kUnknownUnionTag, at);
      }
      case Kind::kStruct: {
        *v = Value::Struct({});
        v->items.resize(type.fields().size(), Value::Void());
        for (size_t n = 0; n < type.fields().size(); ++n) {
          if (!Decode(*type.fields()[n].type, &v->items[n])) {
            r_.AddPathSegment(absl::StrCat(".", type.fields()[n].name));
            return false;
          }
        }
        return true;
      }
      default:
        return false;
    }
  }

  const Schema& schema_;
  Reader& r_;
};

}  // namespace

absl::Status EncodeValue(const Schema& schema, const Type& type, const Value& value, Buffer& out,
                         std::string_view path) {
  size_t start = out.size();
  Writer w(out);
  if (!Encoder(schema, w).Encode(type, value)) {
    out.Truncate(start);
    return w.ToStatus(path);
  }
  return absl::OkStatus();
}

absl::Status EncodeValue(const Schema& schema, std::string_view type_name, const Value& value,
                         Buffer& out) {
  const UserType* t = schema.Find(type_name);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no type '", fidelity::Sv(type_name), "' in the schema"));
  return EncodeValue(schema, *t->type, value, out, type_name);
}

absl::StatusOr<Value> DecodeValue(const Schema& schema, const Type& type, Bytes message,
                                  std::string_view path, const DecodeOptions& options) {
  Reader r(message, options);
  Value v = Value::Void();
  if (!Decoder(schema, r).Decode(type, &v) || !r.Finish()) return r.ToStatus(path);
  return v;
}

absl::StatusOr<Value> DecodeValue(const Schema& schema, std::string_view type_name, Bytes message,
                                  const DecodeOptions& options) {
  const UserType* t = schema.Find(type_name);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no type '", fidelity::Sv(type_name), "' in the schema"));
  return DecodeValue(schema, *t->type, message, type_name, options);
}

}  // namespace barewire
