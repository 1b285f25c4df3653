#include "barewire/json.h"

#include <cmath>
#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "support/absl_string_view.h"

namespace barewire {
namespace {

using Json = nlohmann::json;
using fidelity::Sv;

const UnionMember* MemberByTag(const Type& u, uint64_t tag) {
  for (const UnionMember& m : u.members()) {
    if (m.tag == tag) return &m;
  }
  return nullptr;
}

absl::Status ToJson(const Schema& schema, const Type& type, const Value& v, Json* out) {
  const Type& t = schema.Resolve(type);
  switch (t.kind()) {
    case Kind::kUint: case Kind::kU8: case Kind::kU16: case Kind::kU32: case Kind::kU64:
      *out = v.u;
      return absl::OkStatus();
    case Kind::kInt: case Kind::kI8: case Kind::kI16: case Kind::kI32: case Kind::kI64:
      *out = v.i;
      return absl::OkStatus();
    case Kind::kF32: case Kind::kF64:
      if (std::isnan(v.f)) {
        *out = "NaN";
      } else if (std::isinf(v.f)) {
        *out = v.f > 0 ? "Infinity" : "-Infinity";
      } else {
        *out = v.f;
      }
      return absl::OkStatus();
    case Kind::kBool: *out = v.u != 0; return absl::OkStatus();
    case Kind::kStr: *out = v.bytes; return absl::OkStatus();
    case Kind::kData: *out = absl::Base64Escape(v.bytes); return absl::OkStatus();
    case Kind::kVoid: *out = nullptr; return absl::OkStatus();
    case Kind::kEnum:
      for (const EnumValue& e : t.enum_values()) {
        if (e.value == v.u) {
          *out = e.name;
          return absl::OkStatus();
        }
      }
      return absl::InvalidArgumentError(absl::StrCat("enum value ", v.u, " is not defined"));
    case Kind::kOptional:
      if (v.kind == Value::Kind::kNone) {
        *out = nullptr;
        return absl::OkStatus();
      }
      return ToJson(schema, *t.element(), v.items[0], out);
    case Kind::kList: {
      *out = Json::array();
      for (const Value& item : v.items) {
        Json j;
        absl::Status s = ToJson(schema, *t.element(), item, &j);
        if (!s.ok()) return s;
        out->push_back(std::move(j));
      }
      return absl::OkStatus();
    }
    case Kind::kMap: {
      bool string_keys = schema.Resolve(*t.key()).kind() == Kind::kStr;
      *out = string_keys ? Json::object() : Json::array();
      for (size_t n = 0; n < v.map_size(); ++n) {
        Json key, value;
        absl::Status s = ToJson(schema, *t.key(), v.map_key(n), &key);
        if (s.ok()) s = ToJson(schema, *t.value(), v.map_value(n), &value);
        if (!s.ok()) return s;
        if (string_keys) {
          (*out)[v.map_key(n).bytes] = std::move(value);
        } else {
          out->push_back(Json::array({std::move(key), std::move(value)}));
        }
      }
      return absl::OkStatus();
    }
    case Kind::kUnion: {
      const UnionMember* m = MemberByTag(t, v.u);
      if (m == nullptr) return absl::InvalidArgumentError(absl::StrCat("union tag ", v.u, " is not defined"));
      Json inner;
      absl::Status s = ToJson(schema, *m->type, v.items[0], &inner);
      if (!s.ok()) return s;
      *out = Json::object({{"type", m->type->ToString()}, {"value", std::move(inner)}});
      return absl::OkStatus();
    }
    case Kind::kStruct: {
      *out = Json::object();
      for (size_t n = 0; n < t.fields().size(); ++n) {
        Json j;
        absl::Status s = ToJson(schema, *t.fields()[n].type, v.items[n], &j);
        if (!s.ok()) return s;
        (*out)[t.fields()[n].name] = std::move(j);
      }
      return absl::OkStatus();
    }
    case Kind::kNamed:
      break;
  }
  return absl::InternalError("unresolved type");
}

class FromJson {
 public:
  explicit FromJson(const Schema& schema) : schema_(schema) {}

  absl::Status Error(const std::string& path, std::string_view message) {
    return absl::InvalidArgumentError(absl::StrCat("json error at ", path, ": ", Sv(message)));
  }

  absl::Status Convert(const Type& type, const Json& j, const std::string& path, Value* out) {
    const Type& t = schema_.Resolve(type);
    switch (t.kind()) {
      case Kind::kUint: case Kind::kU8: case Kind::kU16: case Kind::kU32: case Kind::kU64: {
        if (j.is_number_unsigned()) {
          *out = Value::Uint(j.get<uint64_t>());
        } else if (j.is_number_integer() && j.get<int64_t>() >= 0) {
          *out = Value::Uint(static_cast<uint64_t>(j.get<int64_t>()));
        } else {
          return Error(path, absl::StrCat("expected an unsigned integer for ", t.ToString()));
        }
        return absl::OkStatus();
      }
      case Kind::kInt: case Kind::kI8: case Kind::kI16: case Kind::kI32: case Kind::kI64:
        if (j.is_number_integer() && !j.is_number_unsigned()) {
          *out = Value::Int(j.get<int64_t>());
        } else if (j.is_number_unsigned() &&
                   j.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          *out = Value::Int(static_cast<int64_t>(j.get<uint64_t>()));
        } else {
          return Error(path, absl::StrCat("expected an integer for ", t.ToString()));
        }
        return absl::OkStatus();
      case Kind::kF32: case Kind::kF64:
        if (j.is_number()) {
          *out = Value::Float(j.get<double>());
        } else if (j == "NaN") {
          *out = Value::Float(std::numeric_limits<double>::quiet_NaN());
        } else if (j == "Infinity" || j == "-Infinity") {
          *out = Value::Float(j == "Infinity" ? HUGE_VAL : -HUGE_VAL);
        } else {
          return Error(path, "expected a number");
        }
        return absl::OkStatus();
      case Kind::kBool:
        if (!j.is_boolean()) return Error(path, "expected true or false");
        *out = Value::Bool(j.get<bool>());
        return absl::OkStatus();
      case Kind::kStr:
        if (!j.is_string()) return Error(path, "expected a string");
        *out = Value::Str(j.get<std::string>());
        return absl::OkStatus();
      case Kind::kData: {
        if (!j.is_string()) return Error(path, "expected a base64 string");
        std::string bytes;
        if (!absl::Base64Unescape(j.get<std::string>(), &bytes)) return Error(path, "invalid base64");
        *out = Value::Data(std::move(bytes));
        return absl::OkStatus();
      }
      case Kind::kVoid:
        if (!j.is_null()) return Error(path, "expected null for void");
        *out = Value::Void();
        return absl::OkStatus();
      case Kind::kEnum:
        if (j.is_string()) {
          for (const EnumValue& e : t.enum_values()) {
            if (e.name == j.get<std::string>()) {
              *out = Value::Enum(e.value);
              return absl::OkStatus();
            }
          }
        }
        return Error(path, "expected one of the enum's value names");
      case Kind::kOptional: {
        if (j.is_null()) {
          *out = Value::None();
          return absl::OkStatus();
        }
        Value inner = Value::Void();
        absl::Status s = Convert(*t.element(), j, path, &inner);
        if (!s.ok()) return s;
        *out = Value::Some(std::move(inner));
        return absl::OkStatus();
      }
      case Kind::kList: {
        if (!j.is_array()) return Error(path, "expected an array");
        if (t.length() > 0 && j.size() != t.length()) {
          return Error(path, absl::StrCat("expected exactly ", t.length(), " elements, found ", j.size()));
        }
        std::vector<Value> items;
        for (size_t n = 0; n < j.size(); ++n) {
          items.push_back(Value::Void());
          absl::Status s = Convert(*t.element(), j[n], absl::StrCat(path, "[", n, "]"), &items.back());
          if (!s.ok()) return s;
        }
        *out = Value::List(std::move(items));
        return absl::OkStatus();
      }
      case Kind::kMap: {
        std::vector<std::pair<Value, Value>> entries;
        if (schema_.Resolve(*t.key()).kind() == Kind::kStr) {
          if (!j.is_object()) return Error(path, "expected an object");
          for (const auto& [key, value] : j.items()) {
            Value v = Value::Void();
            absl::Status s = Convert(*t.value(), value, absl::StrCat(path, "[\"", key, "\"]"), &v);
            if (!s.ok()) return s;
            entries.emplace_back(Value::Str(key), std::move(v));
          }
        } else {
          if (!j.is_array()) return Error(path, "expected an array of [key, value] pairs");
          for (size_t n = 0; n < j.size(); ++n) {
            std::string at = absl::StrCat(path, "[", n, "]");
            if (!j[n].is_array() || j[n].size() != 2) return Error(at, "expected a [key, value] pair");
            Value k = Value::Void(), v = Value::Void();
            absl::Status s = Convert(*t.key(), j[n][0], at + "[0]", &k);
            if (s.ok()) s = Convert(*t.value(), j[n][1], at + "[1]", &v);
            if (!s.ok()) return s;
            entries.emplace_back(std::move(k), std::move(v));
          }
        }
        *out = Value::Map(std::move(entries));
        return absl::OkStatus();
      }
      case Kind::kUnion: {
        if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) {
          return Error(path, "expected {\"type\": NAME, \"value\": ...}");
        }
        std::string name = j["type"].get<std::string>();
        for (const UnionMember& m : t.members()) {
          if (m.type->ToString() == name) {
            Json value = j.contains("value") ? j["value"] : Json(nullptr);
            Value inner = Value::Void();
            absl::Status s = Convert(*m.type, value, absl::StrCat(path, "<", name, ">"), &inner);
            if (!s.ok()) return s;
            *out = Value::Union(m.tag, std::move(inner));
            return absl::OkStatus();
          }
        }
        return Error(path, absl::StrCat("the union has no member of type '", name, "'"));
      }
      case Kind::kStruct: {
        if (!j.is_object()) return Error(path, "expected an object");
        std::vector<Value> fields;
        for (const Field& f : t.fields()) {
          std::string at = absl::StrCat(path, ".", f.name);
          if (!j.contains(f.name)) return Error(at, "missing field");
          fields.push_back(Value::Void());
          absl::Status s = Convert(*f.type, j[f.name], at, &fields.back());
          if (!s.ok()) return s;
        }
        for (const auto& [key, value] : j.items()) {
          bool known = false;
          for (const Field& f : t.fields()) known = known || f.name == key;
          if (!known) return Error(absl::StrCat(path, ".", key), "no such field in the schema");
        }
        *out = Value::Struct(std::move(fields));
        return absl::OkStatus();
      }
      case Kind::kNamed:
        break;
    }
    return absl::InternalError("unresolved type");
  }

 private:
  const Schema& schema_;
};

}  // namespace

absl::StatusOr<std::string> ValueToJson(const Schema& schema, const Type& type, const Value& value) {
  Json j;
  absl::Status s = ToJson(schema, type, value, &j);
  if (!s.ok()) return s;
  // Strings are valid UTF-8 (checked on decode), so dump cannot throw on them.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

absl::StatusOr<Value> JsonToValue(const Schema& schema, const Type& type, std::string_view json,
                                  std::string_view root) {
  Json j = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return absl::InvalidArgumentError("json error: the input is not valid JSON");
  Value v = Value::Void();
  absl::Status s = FromJson(schema).Convert(type, j, std::string(root), &v);
  if (!s.ok()) return s;
  return v;
}

}  // namespace barewire
