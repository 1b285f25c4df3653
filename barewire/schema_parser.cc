#include "barewire/schema_parser.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "support/absl_string_view.h"
#include "absl/strings/str_split.h"

namespace barewire {
namespace {

enum class Tok { kName, kInteger, kPunct, kEnd };

struct Token {
  Tok kind;
  absl::string_view text;
  SourceLocation at;
};

// Recursive descent over the draft's grammar; whitespace and "#" comments separate tokens.
class Parser {
 public:
  Parser(absl::string_view text, absl::string_view file) : text_(text), file_(file) {}

  absl::StatusOr<std::vector<UserType>> ParseAll() {
    std::vector<UserType> types;
    Advance();
    while (current_.kind != Tok::kEnd) {
      if (!IsWord("type")) {
        if (IsWord("enum") || IsWord("struct") || IsWord("union")) {
          return Error(current_.at, absl::StrCat("expected 'type', found '", current_.text,
                                                 "' (the current draft writes 'type Name ",
                                                 current_.text, " {...}')"));
        }
        return Error(current_.at, absl::StrCat("expected 'type', found ", Describe(current_)));
      }
      Advance();
      if (current_.kind != Tok::kName) {
        return Error(current_.at, absl::StrCat("expected a type name, found ", Describe(current_)));
      }
      Token name = current_;
      if (!absl::ascii_isupper(name.text[0])) {
        return Error(name.at, absl::StrCat("type name '", name.text,
                                           "' must start with an upper-case letter"));
      }
      for (char c : name.text) {
        if (!absl::ascii_isalnum(c)) {
          return Error(name.at, absl::StrCat("type name '", name.text,
                                             "' may hold only letters and digits"));
        }
      }
      Advance();
      absl::StatusOr<TypeRef> type = ParseType();
      if (!type.ok()) return type.status();
      types.push_back({std::string(name.text), *std::move(type), name.at});
    }
    return types;
  }

  absl::Status Error(SourceLocation at, absl::string_view message) const {
    return absl::InvalidArgumentError(
        absl::StrCat(file_, ":", at.line, ":", at.column, ": error: ", message));
  }

 private:
  static std::string Describe(const Token& t) {
    if (t.kind == Tok::kEnd) return "the end of the schema";
    return absl::StrCat("'", t.text, "'");
  }
  bool IsWord(absl::string_view w) const { return current_.kind == Tok::kName && current_.text == w; }
  bool IsPunct(char c) const {
    return current_.kind == Tok::kPunct && current_.text.size() == 1 && current_.text[0] == c;
  }

  absl::Status Expect(char c, absl::string_view context) {
    if (!IsPunct(c)) {
      return Error(current_.at, absl::StrCat("expected '", std::string(1, c), "' ", context,
                                             ", found ", Describe(current_)));
    }
    Advance();
    return absl::OkStatus();
  }

  absl::StatusOr<uint64_t> ParseInteger(absl::string_view what) {
    if (current_.kind != Tok::kInteger) {
      return Error(current_.at, absl::StrCat("expected ", what, ", found ", Describe(current_)));
    }
    uint64_t value;
    if (!absl::SimpleAtoi(current_.text, &value)) {
      return Error(current_.at, absl::StrCat(what, " ", current_.text, " does not fit in 64 bits"));
    }
    Advance();
    return value;
  }

  // "[" N "]" after data or list<T>; N must be at least 1.
  absl::StatusOr<uint64_t> ParseLength() {
    Advance();  // '['
    SourceLocation at = current_.at;
    absl::StatusOr<uint64_t> n = ParseInteger("a length");
    if (!n.ok()) return n.status();
    if (*n == 0) return Error(at, "a fixed length must be at least 1");
    absl::Status s = Expect(']', "after the length");
    if (!s.ok()) return s;
    return *n;
  }

  absl::StatusOr<TypeRef> ParseType() {
    Token t = current_;
    if (t.kind != Tok::kName) {
      return Error(t.at, absl::StrCat("expected a type, found ", Describe(t)));
    }
    static const std::pair<absl::string_view, Kind> kPrimitives[] = {
        {"uint", Kind::kUint}, {"int", Kind::kInt}, {"u8", Kind::kU8},     {"u16", Kind::kU16},
        {"u32", Kind::kU32},   {"u64", Kind::kU64}, {"i8", Kind::kI8},     {"i16", Kind::kI16},
        {"i32", Kind::kI32},   {"i64", Kind::kI64}, {"f32", Kind::kF32},   {"f64", Kind::kF64},
        {"bool", Kind::kBool}, {"str", Kind::kStr}, {"void", Kind::kVoid},
    };
    for (const auto& [word, kind] : kPrimitives) {
      if (t.text == word) {
        Advance();
        return Type::Primitive(kind, t.at);
      }
    }
    if (t.text == "string") {
      return Error(t.at, "unknown type 'string' (the current draft spells it 'str')");
    }
    if (t.text == "data") {
      Advance();
      if (IsPunct('[')) {
        absl::StatusOr<uint64_t> n = ParseLength();
        if (!n.ok()) return n.status();
        return Type::FixedData(*n, t.at);
      }
      if (IsPunct('<')) return Error(current_.at, "fixed-length data is written data[N]");
      return Type::Primitive(Kind::kData, t.at);
    }
    if (t.text == "optional") {
      Advance();
      absl::StatusOr<TypeRef> element = ParseAngled("optional");
      if (!element.ok()) return element;
      return Type::Optional(*std::move(element), t.at);
    }
    if (t.text == "list") {
      Advance();
      absl::StatusOr<TypeRef> element = ParseAngled("list");
      if (!element.ok()) return element;
      uint64_t length = 0;
      if (IsPunct('[')) {
        absl::StatusOr<uint64_t> n = ParseLength();
        if (!n.ok()) return n.status();
        length = *n;
      }
      return Type::List(*std::move(element), length, t.at);
    }
    if (t.text == "map") {
      Advance();
      absl::StatusOr<TypeRef> key = ParseAngled("map key");
      if (!key.ok()) return key;
      absl::StatusOr<TypeRef> value = ParseAngled("map value");
      if (!value.ok()) return value;
      return Type::Map(*std::move(key), *std::move(value), t.at);
    }
    if (t.text == "enum") return ParseEnum();
    if (t.text == "union") return ParseUnion();
    if (t.text == "struct") return ParseStruct();
    if (absl::ascii_isupper(t.text[0])) {
      Advance();
      return Type::Named(std::string(t.text), t.at);
    }
    return Error(t.at, absl::StrCat("unknown type '", t.text, "'"));
  }

  absl::StatusOr<TypeRef> ParseAngled(absl::string_view what) {
    absl::Status s = Expect('<', absl::StrCat("to open the ", what, " type"));
    if (!s.ok()) return s;
    absl::StatusOr<TypeRef> inner = ParseType();
    if (!inner.ok()) return inner;
    s = Expect('>', absl::StrCat("to close the ", what, " type"));
    if (!s.ok()) return s;
    return inner;
  }

  absl::StatusOr<TypeRef> ParseEnum() {
    SourceLocation at = current_.at;
    Advance();
    absl::Status s = Expect('{', "to open the enum");
    if (!s.ok()) return s;
    std::vector<EnumValue> values;
    uint64_t next = 0;
    bool next_overflows = false;
    while (!IsPunct('}')) {
      if (current_.kind != Tok::kName) {
        return Error(current_.at, absl::StrCat("expected an enum value name or '}', found ",
                                               Describe(current_)));
      }
      Token name = current_;
      Advance();
      uint64_t value = next;
      if (IsPunct('=')) {
        Advance();
        absl::StatusOr<uint64_t> v = ParseInteger("an enum value");
        if (!v.ok()) return v.status();
        value = *v;
      } else if (next_overflows) {
        return Error(name.at, "implicit enum value exceeds 64 bits");
      }
      values.push_back({std::string(name.text), value, name.at});
      next_overflows = value == UINT64_MAX;
      next = value + 1;
    }
    Advance();  // '}'
    return Type::Enum(std::move(values), at);
  }

  absl::StatusOr<TypeRef> ParseUnion() {
    SourceLocation at = current_.at;
    Advance();
    absl::Status s = Expect('{', "to open the union");
    if (!s.ok()) return s;
    if (IsPunct('|')) Advance();  // a leading '|' is allowed
    std::vector<UnionMember> members;
    uint64_t next = 0;
    bool next_overflows = false;
    while (!IsPunct('}')) {
      SourceLocation member_at = current_.at;
      absl::StatusOr<TypeRef> type = ParseType();
      if (!type.ok()) return type.status();
      uint64_t tag = next;
      if (IsPunct('=')) {
        Advance();
        absl::StatusOr<uint64_t> v = ParseInteger("a union tag");
        if (!v.ok()) return v.status();
        tag = *v;
      } else if (next_overflows) {
        return Error(member_at, "implicit union tag exceeds 64 bits");
      }
      members.push_back({*std::move(type), tag, member_at});
      next_overflows = tag == UINT64_MAX;
      next = tag + 1;
      if (IsPunct('|')) {
        Advance();
      } else if (!IsPunct('}')) {
        return Error(current_.at, absl::StrCat("expected '|' or '}' in the union, found ",
                                               Describe(current_)));
      }
    }
    Advance();  // '}'
    return Type::Union(std::move(members), at);
  }

  absl::StatusOr<TypeRef> ParseStruct() {
    SourceLocation at = current_.at;
    Advance();
    absl::Status s = Expect('{', "to open the struct");
    if (!s.ok()) return s;
    std::vector<Field> fields;
    while (!IsPunct('}')) {
      if (current_.kind != Tok::kName) {
        return Error(current_.at, absl::StrCat("expected a field name or '}', found ",
                                               Describe(current_)));
      }
      Token name = current_;
      Advance();
      s = Expect(':', absl::StrCat("after field name '", name.text, "'"));
      if (!s.ok()) return s;
      absl::StatusOr<TypeRef> type = ParseType();
      if (!type.ok()) return type.status();
      fields.push_back({std::string(name.text), *std::move(type), name.at});
    }
    Advance();  // '}'
    return Type::Struct(std::move(fields), at);
  }

  // The lexer: produces the next token into current_.
  void Advance() {
    for (;;) {
      if (pos_ >= text_.size()) {
        current_ = {Tok::kEnd, {}, Here()};
        return;
      }
      char c = text_[pos_];
      if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') Step();
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        Step();
      } else {
        break;
      }
    }
    SourceLocation at = Here();
    size_t start = pos_;
    char c = text_[pos_];
    Tok kind;
    if (absl::ascii_isalpha(c) || c == '_') {
      while (pos_ < text_.size() && (absl::ascii_isalnum(text_[pos_]) || text_[pos_] == '_')) Step();
      kind = Tok::kName;
    } else if (absl::ascii_isdigit(c)) {
      while (pos_ < text_.size() && absl::ascii_isalnum(text_[pos_])) Step();
      kind = Tok::kInteger;
      for (size_t i = start; i < pos_; ++i) {
        if (!absl::ascii_isdigit(text_[i])) {
          // "0x10" and "12ab" are not integers in the schema language.
          kind = Tok::kPunct;
          break;
        }
      }
    } else {
      Step();
      kind = Tok::kPunct;
    }
    current_ = {kind, text_.substr(start, pos_ - start), at};
  }
  void Step() {
    if (text_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }
  SourceLocation Here() const { return {line_, static_cast<int>(pos_ - line_start_) + 1}; }

  absl::string_view text_;
  absl::string_view file_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  Token current_{Tok::kEnd, {}, {}};
};

// Appends the source line and a caret to a "FILE:LINE:COL: error: ..." message.
absl::Status WithSourceLine(const absl::Status& status, absl::string_view text, absl::string_view file) {
  absl::string_view message = status.message();
  std::string prefix = absl::StrCat(file, ":");
  if (message.substr(0, prefix.size()) != prefix) return status;
  std::vector<absl::string_view> parts = absl::StrSplit(message.substr(prefix.size()), ':');
  int line = 0, column = 0;
  if (parts.size() < 3 || !absl::SimpleAtoi(parts[0], &line) ||
      !absl::SimpleAtoi(parts[1], &column) || line < 1 || column < 1) {
    return status;
  }
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (static_cast<size_t>(line) > lines.size()) return status;
  absl::string_view source = absl::StripTrailingAsciiWhitespace(lines[line - 1]);
  std::string caret(static_cast<size_t>(column - 1), ' ');
  for (size_t i = 0; i < caret.size() && i < source.size(); ++i) {
    if (source[i] == '\t') caret[i] = '\t';
  }
  return absl::InvalidArgumentError(absl::StrCat(message, "\n", source, "\n", caret, "^"));
}

}  // namespace

absl::StatusOr<Schema> ParseSchema(std::string_view std_text, std::string_view std_file) {
  absl::string_view text = fidelity::Sv(std_text);
  absl::string_view file = fidelity::Sv(std_file);
  Parser parser(text, file);
  absl::StatusOr<std::vector<UserType>> types = parser.ParseAll();
  if (!types.ok()) return WithSourceLine(types.status(), text, file);
  if (types->empty()) {
    return WithSourceLine(parser.Error({1, 1}, "a schema needs at least one type"), text, file);
  }
  absl::StatusOr<Schema> schema = Schema::Create(*std::move(types), std::string(file));
  if (!schema.ok()) return WithSourceLine(schema.status(), text, file);
  return schema;
}

}  // namespace barewire
