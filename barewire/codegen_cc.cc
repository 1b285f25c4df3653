#include "barewire/codegen_cc.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace barewire {
namespace {

// Names a field may not take as-is in C++; they get a trailing underscore.
bool IsCppReserved(const std::string& name) {
  static const absl::flat_hash_set<std::string> kReserved = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
      "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
      "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
      "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
      "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
      "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
      "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq"};
  return kReserved.contains(name);
}
std::string MemberName(const std::string& field) {
  return IsCppReserved(field) ? field + "_" : field;
}

// The three C++ spellings of one BARE type expression.
struct Names {
  std::string owned;
  std::string view;
  std::string codec;
};

// A C++ type the header defines: a user type, or an anonymous struct/union/enum hoisted out.
struct Decl {
  enum class Form { kStruct, kUnion, kEnum, kVoid, kAlias, kRecursiveAlias };
  std::string name;
  Form form;
  const Type* type;       // the struct/union/enum node, or the aliased type
  std::string owner;      // the user type whose definition holds it (for cycle checks)
  std::vector<std::string> deps;  // decls used by value, which must be defined first
  std::string types;      // owned and view definitions
  std::string codec;      // codec struct declaration
  std::string bodies;     // codec member definitions
};

class Generator {
 public:
  Generator(const Schema& schema, const CcOptions& options) : schema_(schema), options_(options) {}

  std::string Run() {
    for (const UserType& t : schema_.types()) {
      Decl::Form form;
      switch (t.type->kind()) {
        case Kind::kStruct: form = Decl::Form::kStruct; break;
        case Kind::kUnion: form = Decl::Form::kUnion; break;
        case Kind::kEnum: form = Decl::Form::kEnum; break;
        case Kind::kVoid: form = Decl::Form::kVoid; break;
        default:
          form = schema_.IsRecursive(t.name) ? Decl::Form::kRecursiveAlias : Decl::Form::kAlias;
          break;
      }
      AddDecl(t.name, form, *t.type, t.name);
    }
    return Assemble();
  }

 private:
  // Builds decl `name` (and, through Visit, any anonymous decls inside it).
  void AddDecl(const std::string& name, Decl::Form form, const Type& type, const std::string& owner) {
    size_t index = decls_.size();
    decls_.push_back(Decl{name, form, &type, owner, {}, {}, {}, {}});
    index_[name] = index;
    std::vector<std::string> deps;
    std::string types, codec, bodies;
    const std::string view = ViewName(name, form);
    const std::string cn = name + "_Codec";
    auto codec_decl = [&](const std::string& owned_t, const std::string& view_t) {
      return absl::StrCat("struct ", cn, " {\n  using Owned = ", owned_t, ";\n  using View = ", view_t,
                          ";\n  static bool Read(::barewire::Reader& r, Owned* out);\n"
                          "  static bool ReadView(::barewire::Reader& r, View* out);\n"
                          "  static bool Write(::barewire::Writer& w, const Owned& v);\n};\n");
    };
    switch (form) {
      case Decl::Form::kStruct: {
        std::string owned_fields, view_fields, read, read_view, write;
        for (const Field& f : type.fields()) {
          Names n = Visit(*f.type, owner, absl::StrCat(name, "_", f.name), &deps);
          std::string member = MemberName(f.name);
          absl::StrAppend(&owned_fields, "  ", n.owned, " ", member, "{};\n");
          absl::StrAppend(&view_fields, "  ", n.view, " ", member, "{};\n");
          std::string fail = absl::StrCat(" return ::barewire::FailPath(r, \".", f.name, "\");\n");
          absl::StrAppend(&read, "  if (!", n.codec, "::Read(r, &out->", member, ")) [[unlikely]]", fail);
          absl::StrAppend(&read_view, "  if (!", n.codec, "::ReadView(r, &out->", member, ")) [[unlikely]]",
                          fail);
          absl::StrAppend(&write, "  if (!", n.codec, "::Write(w, v.", member,
                          ")) [[unlikely]] return ::barewire::FailPath(w, \".", f.name, "\");\n");
        }
        if (std::optional<std::string> flat = FlatWrite(type)) write = *flat;
        types = absl::StrCat("struct ", name, " {\n", owned_fields, "\n  bool operator==(const ", name,
                             "&) const = default;\n};\n\nstruct ", view, " {\n", view_fields, "};\n");
        codec = codec_decl(name, view);
        const std::string enter = "  if (!r.Enter()) [[unlikely]] return false;\n";
        const std::string leave = "  r.Leave();\n  return true;\n}\n";
        bodies = absl::StrCat(
            "inline bool ", cn, "::Read(::barewire::Reader& r, Owned* out) {\n", enter, read, leave,
            "inline bool ", cn, "::ReadView(::barewire::Reader& r, View* out) {\n", enter, read_view,
            leave, "inline bool ", cn, "::Write(::barewire::Writer& w, const Owned& v) {\n", write,
            "  return true;\n}\n");
        break;
      }
      case Decl::Form::kUnion: {
        std::vector<std::string> owned_alts, view_alts, tags;
        std::string read, read_view, write;
        size_t i = 0;
        for (const UnionMember& m : type.members()) {
          Names n = Visit(*m.type, owner, absl::StrCat(name, "_", m.tag), &deps);
          owned_alts.push_back(n.owned);
          view_alts.push_back(n.view);
          tags.push_back(absl::StrCat(m.tag, "u"));
          std::string label = m.type->kind() == Kind::kStruct || m.type->kind() == Kind::kUnion ||
                                      m.type->kind() == Kind::kEnum
                                  ? absl::StrCat(name, "_", m.tag)
                                  : m.type->ToString();
          std::string fail = absl::StrCat(" return ::barewire::FailPath(r, \"<", label, ">\");\n");
          absl::StrAppend(&read, "    case ", m.tag, "u:\n      if (!", n.codec,
                          "::Read(r, &out->value.template emplace<", i, ">())) [[unlikely]]", fail,
                          "      break;\n");
          absl::StrAppend(&read_view, "    case ", m.tag, "u:\n      if (!",
                          n.codec, "::ReadView(r, &out->value.template emplace<", i, ">())) [[unlikely]]", fail,
                          "      break;\n");
          absl::StrAppend(&write, "    case ", i, ":\n      w.Uint(", m.tag, "u);\n      if (!",
                          n.codec, "::Write(w, std::get<", i, ">(v.value))) return ::barewire::FailPath(w, \"<",
                          label, ">\");\n      return true;\n");
          ++i;
        }
        std::string tag_fn = absl::StrCat(
            "  // The BARE tag of the member held.\n  uint64_t tag() const {\n"
            "    static constexpr uint64_t kTags[] = {", absl::StrJoin(tags, ", "),
            "};\n    return kTags[value.index()];\n  }\n");
        types = absl::StrCat("struct ", name, " {\n  std::variant<", absl::StrJoin(owned_alts, ", "),
                             "> value;\n\n", tag_fn, "  bool operator==(const ", name,
                             "&) const = default;\n};\n\nstruct ", view, " {\n  std::variant<",
                             absl::StrJoin(view_alts, ", "), "> value;\n\n", tag_fn, "};\n");
        codec = codec_decl(name, view);
        auto reader = [&](const char* fn, const std::string& cases) {
          return absl::StrCat(
              "inline bool ", cn, "::", fn, "(::barewire::Reader& r, ", fn == std::string("Read") ? "Owned" : "View",
              "* out) {\n  if (!r.Enter()) [[unlikely]] return false;\n"
              "  const uint8_t* at = r.position();\n  uint64_t tag;\n"
              "  if (!r.Uint(&tag)) [[unlikely]] return false;\n  switch (tag) {\n",
              cases,
              "    default:\n      return r.FailAt(::barewire::DecodeErrorKind::kUnknownUnionTag, at);\n"
              "  }\n  r.Leave();\n  return true;\n}\n");
        };
        bodies = absl::StrCat(reader("Read", read), reader("ReadView", read_view), "inline bool ", cn,
                              "::Write(::barewire::Writer& w, const Owned& v) {\n  switch (v.value.index()) {\n",
                              write, "  }\n  return w.Fail(::barewire::EncodeErrorKind::kTypeMismatch);\n}\n");
        break;
      }
      case Decl::Form::kEnum: {
        std::string values, cases;
        for (const EnumValue& v : type.enum_values()) {
          absl::StrAppend(&values, "  ", v.name, " = ", v.value, "u,\n");
          absl::StrAppend(&cases, "    case ", v.value, "u:\n");
        }
        types = absl::StrCat("enum class ", name, " : uint64_t {\n", values, "};\n");
        codec = codec_decl(name, name);
        bodies = absl::StrCat(
            "inline bool ", cn, "::Read(::barewire::Reader& r, Owned* out) {\n"
            "  const uint8_t* at = r.position();\n  uint64_t v;\n"
            "  if (!r.Uint(&v)) [[unlikely]] return false;\n  switch (v) {\n", cases,
            "      *out = static_cast<", name, ">(v);\n      return true;\n    default:\n"
            "      return r.FailAt(::barewire::DecodeErrorKind::kUnknownEnum, at);\n  }\n}\n",
            "inline bool ", cn, "::ReadView(::barewire::Reader& r, View* out) { return Read(r, out); }\n",
            "inline bool ", cn, "::Write(::barewire::Writer& w, const Owned& v) {\n"
            "  switch (static_cast<uint64_t>(v)) {\n", cases,
            "      w.Uint(static_cast<uint64_t>(v));\n      return true;\n    default:\n"
            "      return w.Fail(::barewire::EncodeErrorKind::kUnknownEnum);\n  }\n}\n");
        break;
      }
      case Decl::Form::kVoid:
        types = absl::StrCat("struct ", name, " {\n  bool operator==(const ", name,
                             "&) const = default;\n};\nusing ", view, " = ", name, ";\n");
        codec = codec_decl(name, view);
        bodies = absl::StrCat(
            "inline bool ", cn, "::Read(::barewire::Reader&, Owned*) { return true; }\n",
            "inline bool ", cn, "::ReadView(::barewire::Reader&, View*) { return true; }\n",
            "inline bool ", cn, "::Write(::barewire::Writer&, const Owned&) { return true; }\n");
        break;
      case Decl::Form::kAlias:
      case Decl::Form::kRecursiveAlias: {
        Names n = Visit(type, owner, name + "_item", &deps);
        const bool wrapped = form == Decl::Form::kRecursiveAlias;
        if (wrapped) {
          // A type that holds itself cannot be a using-alias: it gets a one-member struct.
          types = absl::StrCat("struct ", name, " {\n  ", n.owned, " value{};\n\n  bool operator==(const ",
                               name, "&) const = default;\n};\n\nstruct ", view, " {\n  ", n.view,
                               " value{};\n};\n");
        } else {
          types = absl::StrCat("using ", name, " = ", n.owned, ";\nusing ", view, " = ", n.view, ";\n");
        }
        codec = codec_decl(name, view);
        const char* member = wrapped ? "&out->value" : "out";
        const char* dot = wrapped ? ".value" : "";
        bodies = absl::StrCat(
            "inline bool ", cn, "::Read(::barewire::Reader& r, Owned* out) {\n  return ", n.codec,
            "::Read(r, ", member, ");\n}\n", "inline bool ", cn,
            "::ReadView(::barewire::Reader& r, View* out) {\n  return ", n.codec, "::ReadView(r, ",
            member, ");\n}\n", "inline bool ", cn, "::Write(::barewire::Writer& w, const Owned& v) {\n  return ",
            n.codec, "::Write(w, v", dot, ");\n}\n");
        break;
      }
    }
    Decl& d = decls_[index];
    d.deps = std::move(deps);
    d.types = std::move(types);
    d.codec = std::move(codec);
    d.bodies = std::move(bodies);
  }

  // A struct of scalars, str and data is written with one capacity check: the largest size
  // its encoding can take is reserved, then every field is put directly. Returns the body of
  // such a Write, or nullopt when a field needs its own codec.
  std::optional<std::string> FlatWrite(const Type& type) {
    std::vector<std::string> bounds;
    uint64_t fixed = 0;
    std::string puts;
    for (const Field& f : type.fields()) {
      const Type& t = schema_.Resolve(*f.type);
      std::string m = "v." + MemberName(f.name);
      std::optional<uint64_t> width = t.FixedWireSize();
      switch (t.kind()) {
        case Kind::kU8: case Kind::kU16: case Kind::kU32: case Kind::kU64:
        case Kind::kI8: case Kind::kI16: case Kind::kI32: case Kind::kI64:
        case Kind::kF32: case Kind::kF64: case Kind::kBool:
          fixed += *width;
          absl::StrAppend(&puts, "  p = ::barewire::Writer::PutFixed(p, ", m, ");\n");
          break;
        case Kind::kUint:
          fixed += 10;
          absl::StrAppend(&puts, "  p = ::barewire::Writer::PutVarint(p, ", m, ");\n");
          break;
        case Kind::kInt:
          fixed += 10;
          absl::StrAppend(&puts, "  p = ::barewire::Writer::PutZigZag(p, ", m, ");\n");
          break;
        case Kind::kStr:
          fixed += 10;
          bounds.push_back(m + ".size()");
          absl::StrAppend(&puts, "  p = ::barewire::Writer::PutStr(p, ", m, ");\n",
                          "  if (p == nullptr) [[unlikely]] {\n"
                          "    w.Fail(::barewire::EncodeErrorKind::kInvalidUtf8);\n"
                          "    return ::barewire::FailPath(w, \".", f.name, "\");\n  }\n");
          break;
        case Kind::kData:
          if (t.length() > 0) {
            fixed += t.length();
            absl::StrAppend(&puts, "  p = ::barewire::Writer::PutRaw(p, ", m, ".data(), ", t.length(), ");\n");
          } else {
            fixed += 10;
            bounds.push_back(m + ".size()");
            absl::StrAppend(&puts, "  p = ::barewire::Writer::PutData(p, ", m, ".data(), ", m, ".size());\n");
          }
          break;
        default:
          return std::nullopt;
      }
    }
    bounds.insert(bounds.begin(), absl::StrCat(fixed));
    return absl::StrCat("  uint8_t* p = w.Reserve(", absl::StrJoin(bounds, " + "), ");\n", puts,
                        "  w.Commit(p);\n");
  }

  static std::string ViewName(const std::string& name, Decl::Form form) {
    return form == Decl::Form::kEnum ? name : name + "View";
  }

  Names Visit(const Type& t, const std::string& owner, const std::string& hoist,
              std::vector<std::string>* deps) {
    switch (t.kind()) {
      case Kind::kUint: return {"uint64_t", "uint64_t", "::barewire::codec::Uint"};
      case Kind::kInt: return {"int64_t", "int64_t", "::barewire::codec::Int"};
      case Kind::kU8: return {"uint8_t", "uint8_t", "::barewire::codec::U8"};
      case Kind::kU16: return {"uint16_t", "uint16_t", "::barewire::codec::U16"};
      case Kind::kU32: return {"uint32_t", "uint32_t", "::barewire::codec::U32"};
      case Kind::kU64: return {"uint64_t", "uint64_t", "::barewire::codec::U64"};
      case Kind::kI8: return {"int8_t", "int8_t", "::barewire::codec::I8"};
      case Kind::kI16: return {"int16_t", "int16_t", "::barewire::codec::I16"};
      case Kind::kI32: return {"int32_t", "int32_t", "::barewire::codec::I32"};
      case Kind::kI64: return {"int64_t", "int64_t", "::barewire::codec::I64"};
      case Kind::kF32: return {"float", "float", "::barewire::codec::F32"};
      case Kind::kF64: return {"double", "double", "::barewire::codec::F64"};
      case Kind::kBool: return {"bool", "bool", "::barewire::codec::Bool"};
      case Kind::kStr: return {"std::string", "std::string_view", "::barewire::codec::Str"};
      case Kind::kVoid: return {"std::monostate", "std::monostate", "::barewire::codec::Void"};
      case Kind::kData:
        if (t.length() > 0) return FixedBytes(t.length());
        return {"std::vector<uint8_t>", "std::span<const uint8_t>", "::barewire::codec::Data"};
      case Kind::kOptional: {
        Names e = Visit(*t.element(), owner, hoist, deps);
        return {absl::StrCat("std::optional<", e.owned, ">"), absl::StrCat("std::optional<", e.view, ">"),
                absl::StrCat("::barewire::codec::Optional<", e.codec, ">")};
      }
      case Kind::kList: {
        if (t.length() > 0 && t.element()->kind() == Kind::kU8) return FixedBytes(t.length());
        Names e = Visit(*t.element(), owner, hoist, deps);
        if (t.length() > 0) {
          return {absl::StrCat("std::array<", e.owned, ", ", t.length(), ">"),
                  absl::StrCat("std::array<", e.view, ", ", t.length(), ">"),
                  absl::StrCat("::barewire::codec::FixedList<", e.codec, ", ", t.length(), ">")};
        }
        return {absl::StrCat("std::vector<", e.owned, ">"),
                absl::StrCat("::barewire::ListView<", e.view, ", ", e.codec, ">"),
                absl::StrCat("::barewire::codec::List<", e.codec, ">")};
      }
      case Kind::kMap: {
        Names k = Visit(*t.key(), owner, hoist + "_key", deps);
        Names v = Visit(*t.value(), owner, hoist + "_value", deps);
        return {absl::StrCat("std::map<", k.owned, ", ", v.owned, ">"),
                absl::StrCat("::barewire::MapView<", k.view, ", ", v.view, ", ", k.codec, ", ", v.codec, ">"),
                absl::StrCat("::barewire::codec::Map<", k.codec, ", ", v.codec, ">")};
      }
      case Kind::kNamed: {
        const std::string& y = t.name();
        const UserType* target = schema_.Find(y);
        Decl::Form form = target->type->kind() == Kind::kEnum ? Decl::Form::kEnum : Decl::Form::kStruct;
        std::string view = ViewName(y, form);
        if (schema_.SameCycle(owner, y)) {
          return {absl::StrCat("::barewire::Box<", y, ">"),
                  absl::StrCat("::barewire::LazyView<", view, ", ", y, "_Codec>"),
                  absl::StrCat("::barewire::codec::Boxed<", y, "_Codec, ", y, ", ", view, ">")};
        }
        deps->push_back(y);
        return {y, view, y + "_Codec"};
      }
      case Kind::kStruct:
      case Kind::kUnion:
      case Kind::kEnum: {
        Decl::Form form = t.kind() == Kind::kStruct  ? Decl::Form::kStruct
                          : t.kind() == Kind::kUnion ? Decl::Form::kUnion
                                                     : Decl::Form::kEnum;
        AddDecl(hoist, form, t, owner);
        deps->push_back(hoist);
        return {hoist, ViewName(hoist, form), hoist + "_Codec"};
      }
    }
    return {};
  }

  static Names FixedBytes(uint64_t n) {
    return {absl::StrCat("std::array<uint8_t, ", n, ">"), "std::span<const uint8_t>",
            absl::StrCat("::barewire::codec::FixedData<", n, ">")};
  }

  std::string Assemble() {
    // Definitions in dependency order (references inside a cycle are boxed, so this is a DAG).
    std::vector<size_t> order;
    std::vector<int> state(decls_.size(), 0);
    std::function<void(size_t)> visit = [&](size_t i) {
      if (state[i] != 0) return;
      state[i] = 1;
      for (const std::string& dep : decls_[i].deps) visit(index_.at(dep));
      state[i] = 2;
      order.push_back(i);
    };
    for (size_t i = 0; i < decls_.size(); ++i) visit(i);

    std::string guard = "BAREWIRE_GENERATED_";
    for (char c : options_.source_name) guard += absl::ascii_isalnum(c) ? absl::ascii_toupper(c) : '_';
    guard += "_H_";

    std::string out = absl::StrCat(
        "// Generated by `bare gen --lang=cc` from ", options_.source_name, ". Do not edit.\n",
        "#ifndef ", guard, "\n#define ", guard, "\n\n",
        "#include <array>\n#include <cstdint>\n#include <map>\n#include <optional>\n#include <span>\n"
        "#include <string>\n#include <string_view>\n#include <variant>\n#include <vector>\n\n"
        "#include \"absl/base/optimization.h\"\n#include \"absl/status/status.h\"\n"
        "#include \"absl/status/statusor.h\"\n#include \"barewire/generated_support.h\"\n\n");
    std::vector<std::string> namespaces = absl::StrSplit(options_.cc_namespace, "::");
    for (const std::string& ns : namespaces) absl::StrAppend(&out, "namespace ", ns, " {\n");
    out += "\n";

    // Declarations first: views and codecs name each other across cycles.
    for (const Decl& d : decls_) {
      switch (d.form) {
        case Decl::Form::kEnum: absl::StrAppend(&out, "enum class ", d.name, " : uint64_t;\n"); break;
        case Decl::Form::kAlias: break;
        case Decl::Form::kVoid: absl::StrAppend(&out, "struct ", d.name, ";\n"); break;
        default: absl::StrAppend(&out, "struct ", d.name, ";\nstruct ", d.name, "View;\n"); break;
      }
      absl::StrAppend(&out, "struct ", d.name, "_Codec;\n");
    }
    out += "\n";
    for (size_t i : order) absl::StrAppend(&out, decls_[i].types, "\n");
    for (size_t i : order) absl::StrAppend(&out, decls_[i].codec, "\n");
    for (size_t i : order) absl::StrAppend(&out, decls_[i].bodies, "\n");

    // The public entry points, one set per user type.
    for (const UserType& t : schema_.types()) {
      const std::string& x = t.name;
      std::string view = ViewName(x, t.type->kind() == Kind::kEnum ? Decl::Form::kEnum : Decl::Form::kStruct);
      absl::StrAppend(
          &out, "// ", x, ": ", t.type->ToString(), "\n",
          "inline absl::Status Encode", x, "(const ", x, "& value, ::barewire::Buffer& out) {\n",
          "  return ::barewire::EncodeWith<", x, "_Codec>(value, out, \"", x, "\");\n}\n",
          "inline absl::Status Decode", x, "(::barewire::Bytes in, ", x,
          "* out, const ::barewire::DecodeOptions& options = {}) {\n",
          "  return ::barewire::DecodeWith<", x, "_Codec>(in, out, options, \"", x, "\");\n}\n",
          "inline absl::StatusOr<", x, "> Decode", x,
          "(::barewire::Bytes in, const ::barewire::DecodeOptions& options = {}) {\n  ", x,
          " out{};\n  absl::Status status = Decode", x,
          "(in, &out, options);\n  if (!status.ok()) return status;\n  return out;\n}\n",
          "inline absl::Status Decode", x, "View(::barewire::Bytes in, ", view,
          "* out, const ::barewire::DecodeOptions& options = {}) {\n",
          "  return ::barewire::DecodeViewWith<", x, "_Codec>(in, out, options, \"", x, "\");\n}\n",
          "inline absl::StatusOr<", view, "> Decode", x,
          "View(::barewire::Bytes in, const ::barewire::DecodeOptions& options = {}) {\n  ", view,
          " out{};\n  absl::Status status = Decode", x,
          "View(in, &out, options);\n  if (!status.ok()) return status;\n  return out;\n}\n\n");
    }
    for (auto it = namespaces.rbegin(); it != namespaces.rend(); ++it) {
      absl::StrAppend(&out, "}  // namespace ", *it, "\n");
    }
    absl::StrAppend(&out, "\n#endif  // ", guard, "\n");
    return out;
  }

  const Schema& schema_;
  const CcOptions& options_;
  std::vector<Decl> decls_;
  std::map<std::string, size_t> index_;
};

bool IsCppIdentifier(std::string_view s) {
  if (s.empty() || absl::ascii_isdigit(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isalnum(c) || c == '_'; });
}

}  // namespace

absl::StatusOr<std::string> GenerateCcHeader(const Schema& schema, const CcOptions& options) {
  for (absl::string_view ns : absl::StrSplit(options.cc_namespace, "::")) {
    if (!IsCppIdentifier(std::string_view(ns.data(), ns.size())) || IsCppReserved(std::string(ns))) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid C++ namespace '", options.cc_namespace, "'"));
    }
  }
  return Generator(schema, options).Run();
}

}  // namespace barewire
