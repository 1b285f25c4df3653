// The Clef lexer: F#'s lexical grammar (F# 4.1 spec, chapter 3) for the first-version language.
#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "ccs/lex/tokens.h"

namespace ccs {

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
#define CCS_TOKEN(Name)    \
  case TokenKind::k##Name: \
    return #Name;
#include "ccs/lex/token_kinds.def"
  }
  return "?";
}

std::string_view TokenKindSpelling(TokenKind kind) {
  switch (kind) {
#define CCS_KEYWORD(Name, Spelling) \
  case TokenKind::k##Name:          \
    return Spelling;
#define CCS_SYMBOL(Name, Spelling) \
  case TokenKind::k##Name:         \
    return Spelling;
#include "ccs/lex/token_kinds.def"
    default:
      return "";
  }
}

bool IsVirtual(TokenKind kind) {
  return kind == TokenKind::kBlockBegin || kind == TokenKind::kBlockSeparator ||
         kind == TokenKind::kBlockEnd;
}

std::string_view TokenizedBuffer::text(TokenIndex t) const {
  const TokenInfo& i = tokens_[t.index];
  return source_->text().substr(i.begin, i.end - i.begin);
}

TokenIndex TokenizedBuffer::Add(const TokenInfo& info) {
  tokens_.push_back(info);
  return TokenIndex{static_cast<int32_t>(tokens_.size() - 1)};
}
uint32_t TokenizedBuffer::AddInt(uint64_t v) {
  ints_.push_back(v);
  return static_cast<uint32_t>(ints_.size() - 1);
}
uint32_t TokenizedBuffer::AddFloat(double v) {
  floats_.push_back(v);
  return static_cast<uint32_t>(floats_.size() - 1);
}
uint32_t TokenizedBuffer::AddString(std::string v) {
  strings_.push_back(std::move(v));
  return static_cast<uint32_t>(strings_.size() - 1);
}
void TokenizedBuffer::TakeLiteralsFrom(TokenizedBuffer& other) {
  ints_ = std::move(other.ints_);
  floats_ = std::move(other.floats_);
  strings_ = std::move(other.strings_);
}

namespace {

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '\''; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// F# spec 3.7: first-op-char / op-char (':' and '.' are handled as separate tokens).
bool IsOpChar(char c) {
  switch (c) {
    case '!':
    case '%':
    case '&':
    case '*':
    case '+':
    case '-':
    case '/':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '^':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

struct Keyword {
  std::string_view spelling;
  TokenKind kind;
};
constexpr Keyword kKeywords[] = {
#define CCS_KEYWORD(Name, Spelling) {Spelling, TokenKind::k##Name},
#include "ccs/lex/token_kinds.def"
};

class Lexer {
 public:
  Lexer(const SourceFile& source, DiagnosticEngine& diags)
      : src_(source.text()), diags_(diags), out_(source) {}

  TokenizedBuffer Run() {
    while (true) {
      SkipTrivia();
      if (pos_ >= src_.size()) break;
      LexToken();
    }
    start_ = static_cast<uint32_t>(src_.size());
    start_line_ = line_;
    start_line_start_ = line_start_;
    Emit(TokenKind::kEndOfFile);
    return std::move(out_);
  }

 private:
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }
  bool AtEnd() const { return pos_ >= src_.size(); }

  void Error(DiagKind kind, uint32_t begin, uint32_t end, std::string message) {
    diags_.Emit(kind, Span{begin, end}, std::move(message));
  }

  void Newline() {
    ++line_;
    line_start_ = static_cast<uint32_t>(pos_);
    token_on_line_ = false;
  }

  void SkipTrivia() {
    while (!AtEnd()) {
      char c = Peek();
      if (c == '\n') {
        ++pos_;
        Newline();
      } else if (c == ' ' || c == '\r') {
        ++pos_;
      } else if (c == '\t') {
        // FS1161; F# reports every tab outside strings and comments.
        Error(DiagKind::kTabCharacter, static_cast<uint32_t>(pos_), static_cast<uint32_t>(pos_ + 1),
              "tabs are not allowed in F# code unless the #indent \"off\" option is used");
        ++pos_;
      } else if (c == '/' && Peek(1) == '/') {
        while (!AtEnd() && Peek() != '\n') ++pos_;
      } else if (c == '#' && !token_on_line_ &&
                 (src_.substr(pos_, 7) == "#nowarn" || src_.substr(pos_, 6) == "#light")) {
        // Compiler directives that change nothing here (warnings, the light syntax).
        while (!AtEnd() && Peek() != '\n') ++pos_;
      } else if (c == '(' && Peek(1) == '*' && Peek(2) != ')') {
        SkipBlockComment();
      } else {
        return;
      }
    }
  }

  // (* *) comments nest; strings inside them are skipped so "*)" in a string does not close.
  void SkipBlockComment() {
    uint32_t open = static_cast<uint32_t>(pos_);
    pos_ += 2;
    int depth = 1;
    while (!AtEnd()) {
      char c = Peek();
      if (c == '(' && Peek(1) == '*') {
        ++depth;
        pos_ += 2;
      } else if (c == '*' && Peek(1) == ')') {
        pos_ += 2;
        if (--depth == 0) return;
      } else if (c == '"') {
        ++pos_;
        while (!AtEnd() && Peek() != '"') {
          if (Peek() == '\\') ++pos_;
          if (Peek() == '\n') Newline_AtPos();
          ++pos_;
        }
        ++pos_;
      } else {
        if (c == '\n') Newline_AtPos();
        ++pos_;
      }
    }
    Error(DiagKind::kUnterminatedComment, open, open + 2, "unterminated comment");
  }
  // A newline at pos_ (about to be consumed by the caller).
  void Newline_AtPos() {
    ++line_;
    line_start_ = static_cast<uint32_t>(pos_ + 1);
    token_on_line_ = false;
  }

  TokenIndex Emit(TokenKind kind, uint32_t payload = 0) {
    TokenizedBuffer::TokenInfo info{kind,        !token_on_line_,
                                    start_,      static_cast<uint32_t>(std::min(pos_, src_.size())),
                                    start_line_, start_ - start_line_start_ + 1,
                                    payload};
    token_on_line_ = true;
    return out_.Add(info);
  }

  void LexToken() {
    start_ = static_cast<uint32_t>(pos_);
    start_line_ = line_;
    start_line_start_ = line_start_;
    char c = Peek();
    if (IsIdentStart(c)) return LexIdentifier();
    if (IsDigit(c)) return LexNumber();
    if ((c == '"' || (c == '@' && Peek(1) == '"')) && !interp_.empty() && interp_.back().quotes == 1) {
      // F#'s FS3373: inside a $"..." hole only $"""...""" strings may hold string literals.
      Error(DiagKind::kBadEscape, start_, start_ + 1,
            "Invalid interpolated string. Single quote or verbatim string literals may not be used in "
            "interpolated expressions in single quote or verbatim strings. Consider using an explicit 'let' "
            "binding for the interpolation expression or use a triple quote string as the outer string literal.");
    }
    if (c == '"') return LexString();
    if (c == '@' && Peek(1) == '"') return LexVerbatimString();
    if (c == '$' && Peek(1) == '"') return LexInterpolatedText(/*first=*/true);
    if (!interp_.empty()) {
      Hole& hole = interp_.back();
      if (c == '(' || c == '[' || c == '{') ++hole.depth;
      if ((c == ')' || c == ']' || (c == '|' && Peek(1) == ']')) && hole.depth > 0) --hole.depth;
      if (c == '}' && hole.depth-- == 0) return LexInterpolatedText(/*first=*/false);
      if (hole.depth == 0 && c == ':' && std::string_view(":?=>").find(Peek(1)) == std::string_view::npos) {
        return LexInterpFormat();
      }
      if (hole.depth == 0 && c == ',' && IsAlignment()) return LexInterpFormat();
    }
    if (c == '\'') return LexQuote();
    switch (c) {
      case '(':
        ++pos_;
        return (void)Emit(TokenKind::kLParen);
      case ')':
        ++pos_;
        return (void)Emit(TokenKind::kRParen);
      case '[':
        ++pos_;
        if (Peek() == '|') {
          ++pos_;
          return (void)Emit(TokenKind::kLArrayBracket);
        }
        return (void)Emit(TokenKind::kLBracket);
      case ']':
        ++pos_;
        return (void)Emit(TokenKind::kRBracket);
      case '{':
        ++pos_;
        return (void)Emit(TokenKind::kLBrace);
      case '}':
        ++pos_;
        return (void)Emit(TokenKind::kRBrace);
      case ',':
        ++pos_;
        return (void)Emit(TokenKind::kComma);
      case ';':
        ++pos_;
        return (void)Emit(TokenKind::kSemicolon);
      case '#':
        ++pos_;
        return (void)Emit(TokenKind::kHash);
      case '.':
        ++pos_;
        if (Peek() == '.') {
          ++pos_;
          return (void)Emit(TokenKind::kDotDot);
        }
        return (void)Emit(TokenKind::kDot);
      case ':':
        ++pos_;
        if (Peek() == ':') return ++pos_, (void)Emit(TokenKind::kColonColon);
        if (Peek() == '=') return ++pos_, (void)Emit(TokenKind::kColonEqual);
        if (Peek() == '>') return ++pos_, (void)Emit(TokenKind::kColonGreater);
        if (Peek() == '?') {
          ++pos_;
          if (Peek() == '>') return ++pos_, (void)Emit(TokenKind::kColonQuestionGreater);
          return (void)Emit(TokenKind::kColonQuestion);
        }
        return (void)Emit(TokenKind::kColon);
      default:
        break;
    }
    if (IsOpChar(c)) return LexOperator();
    // Skip one whole UTF-8 sequence so the error points at one character.
    ++pos_;
    while (!AtEnd() && (static_cast<unsigned char>(Peek()) & 0xC0) == 0x80) ++pos_;
    Error(DiagKind::kUnexpectedCharacter, start_, static_cast<uint32_t>(pos_),
          absl::StrCat("unexpected character '", std::string(src_.substr(start_, pos_ - start_)),
                       "'"));
    Emit(TokenKind::kError);
  }

  void LexIdentifier() {
    while (IsIdentChar(Peek())) ++pos_;
    std::string_view word = src_.substr(start_, pos_ - start_);
    if (word == "_") return (void)Emit(TokenKind::kUnderscore);
    // let! use! do! and! return! yield! match! are single tokens; `x!=` is not.
    bool bang = Peek() == '!' && Peek(1) != '=';
    for (const Keyword& k : kKeywords) {
      bool k_bang = k.spelling.back() == '!';
      if (bang && k_bang && k.spelling.substr(0, k.spelling.size() - 1) == word) {
        ++pos_;
        return (void)Emit(k.kind);
      }
    }
    for (const Keyword& k : kKeywords) {
      if (k.spelling == word) return (void)Emit(k.kind);
    }
    Emit(TokenKind::kIdentifier);
  }

  void LexOperator() {
    // `(*)` is the multiplication operator in parentheses, not a comment: handled in SkipTrivia
    // by not treating "(*)" as a comment opener.
    while (IsOpChar(Peek())) {
      // `|]` closes an array even when it follows other operator characters.
      if (Peek() == '|' && Peek(1) == ']' && pos_ > start_) break;
      ++pos_;
    }
    std::string_view op = src_.substr(start_, pos_ - start_);
    if (op == "|" && Peek() == ']') {
      ++pos_;
      return (void)Emit(TokenKind::kRArrayBracket);
    }
    if (op == "=") return (void)Emit(TokenKind::kEqual);
    if (op == "|") return (void)Emit(TokenKind::kBar);
    if (op == "->") return (void)Emit(TokenKind::kArrow);
    if (op == "<-") return (void)Emit(TokenKind::kLeftArrow);
    Emit(TokenKind::kOperator);
  }

  void LexNumber() {
    int base = 10;
    if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X')) base = 16;
    if (Peek() == '0' && (Peek(1) == 'o' || Peek(1) == 'O')) base = 8;
    if (Peek() == '0' && (Peek(1) == 'b' || Peek(1) == 'B')) base = 2;
    std::string digits;
    bool is_float = false;
    if (base != 10) {
      pos_ += 2;
      while (std::isxdigit(static_cast<unsigned char>(Peek())) || Peek() == '_') {
        if (Peek() != '_') digits.push_back(Peek());
        ++pos_;
      }
    } else {
      while (IsDigit(Peek()) || Peek() == '_') {
        if (Peek() != '_') digits.push_back(Peek());
        ++pos_;
      }
      // `1..2` is a range, `1.` and `1.5` are floats (F# spec 3.8).
      if (Peek() == '.' && Peek(1) != '.') {
        is_float = true;
        digits.push_back('.');
        ++pos_;
        while (IsDigit(Peek()) || Peek() == '_') {
          if (Peek() != '_') digits.push_back(Peek());
          ++pos_;
        }
      }
      if ((Peek() == 'e' || Peek() == 'E') &&
          (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
        is_float = true;
        digits.push_back('e');
        ++pos_;
        if (Peek() == '+' || Peek() == '-') digits.push_back(Peek()), ++pos_;
        while (IsDigit(Peek())) digits.push_back(Peek()), ++pos_;
      }
    }
    // Suffix: L (int64), f/F (float32 written as float), or none; anything else is an error.
    size_t suffix_begin = pos_;
    while (IsIdentChar(Peek())) ++pos_;
    std::string_view suffix = src_.substr(suffix_begin, pos_ - suffix_begin);
    uint32_t end = static_cast<uint32_t>(pos_);
    if (is_float || ((suffix == "f" || suffix == "F") && base == 10)) {
      if (!suffix.empty() && suffix != "f" && suffix != "F") {
        Error(DiagKind::kBadNumber, start_, end,
              absl::StrCat("invalid suffix '", std::string(suffix), "' on floating-point literal"));
        return (void)Emit(TokenKind::kError);
      }
      return (void)Emit(TokenKind::kFloatLiteral,
                        out_.AddFloat(std::strtod(digits.c_str(), nullptr)));
    }
    // F#'s integer suffixes (spec 3.8.1): y uy s us l u L UL n un; the bits each type has and
    // whether it is signed decide the range.
    struct Suffix {
      std::string_view text;
      int bits;
      bool is_signed;
    };
    static constexpr Suffix kSuffixes[] = {{"", 32, true},   {"l", 32, true},   {"y", 8, true},
                                           {"uy", 8, false}, {"s", 16, true},   {"us", 16, false},
                                           {"u", 32, false}, {"ul", 32, false}, {"L", 64, true},
                                           {"UL", 64, false}, {"uL", 64, false}, {"n", 64, true},
                                           {"un", 64, false}};
    const Suffix* kind = nullptr;
    for (const Suffix& s : kSuffixes) {
      if (s.text == suffix) kind = &s;
    }
    if (kind == nullptr) {
      Error(DiagKind::kBadNumber, start_, end,
            absl::StrCat("invalid suffix '", std::string(suffix), "' on integer literal"));
      return (void)Emit(TokenKind::kError);
    }
    // `ul` is uint32 in F# (`u` then `l`); `UL`/`uL` is uint64.
    const bool is_int64 = kind->bits == 64;
    if (digits.empty()) {
      Error(DiagKind::kBadNumber, start_, end, "missing digits in integer literal");
      return (void)Emit(TokenKind::kError);
    }
    uint64_t value = 0;
    bool overflow = false;
    for (char d : digits) {
      int v = IsDigit(d) ? d - '0' : (std::tolower(d) - 'a' + 10);
      if (v >= base) {
        Error(DiagKind::kBadNumber, start_, end,
              absl::StrCat("invalid digit '", std::string(1, d), "' in base-", base, " literal"));
        return (void)Emit(TokenKind::kError);
      }
      if (value > (UINT64_MAX - v) / base) overflow = true;
      value = value * base + v;
    }
    // Decimal literals may reach |MinValue| (negated by the parser); hex/octal/binary literals
    // may fill every bit (F# spec 3.8.1).
    const uint64_t all_bits = kind->bits == 64 ? UINT64_MAX : (uint64_t{1} << kind->bits) - 1;
    uint64_t limit = base != 10 || !kind->is_signed ? all_bits : (uint64_t{1} << (kind->bits - 1));
    if (overflow || value > limit) {
      Error(DiagKind::kBadNumber, start_, end,
            "this number is outside the allowable range for this integer type");
      return (void)Emit(TokenKind::kError);
    }
    Emit(is_int64 ? TokenKind::kInt64Literal : TokenKind::kIntLiteral, out_.AddInt(value));
  }

  // Appends the UTF-8 encoding of `cp`.
  static void AppendUtf8(std::string& s, uint32_t cp) {
    if (cp < 0x80) {
      s.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // At a backslash inside a string or char literal: decodes one escape (F# spec 3.5).
  void LexEscape(std::string& value) {
    uint32_t at = static_cast<uint32_t>(pos_);
    ++pos_;
    char c = Peek();
    auto hex = [&](int n) -> bool {
      uint32_t cp = 0;
      for (int i = 0; i < n; ++i) {
        char h = Peek(i);
        if (!std::isxdigit(static_cast<unsigned char>(h))) return false;
        cp = cp * 16 + (IsDigit(h) ? h - '0' : std::tolower(h) - 'a' + 10);
      }
      if (cp > 0x10FFFF) return false;
      pos_ += n;
      AppendUtf8(value, cp);
      return true;
    };
    if (IsDigit(c) && IsDigit(Peek(1)) && IsDigit(Peek(2))) {  // trigraph \DDD
      int v = (c - '0') * 100 + (Peek(1) - '0') * 10 + (Peek(2) - '0');
      if (v <= 255) {
        pos_ += 3;
        AppendUtf8(value, static_cast<uint32_t>(v));
        return;
      }
    }
    switch (c) {
      case 'n':
        value.push_back('\n');
        ++pos_;
        return;
      case 't':
        value.push_back('\t');
        ++pos_;
        return;
      case 'b':
        value.push_back('\b');
        ++pos_;
        return;
      case 'r':
        value.push_back('\r');
        ++pos_;
        return;
      case 'a':
        value.push_back('\a');
        ++pos_;
        return;
      case 'f':
        value.push_back('\f');
        ++pos_;
        return;
      case 'v':
        value.push_back('\v');
        ++pos_;
        return;
      case '\\':
      case '"':
      case '\'':
      case '0':
        value.push_back(c == '0' ? '\0' : c);
        ++pos_;
        return;
      case 'u':
        ++pos_;
        if (hex(4)) return;
        break;
      case 'U':
        ++pos_;
        if (hex(8)) return;
        break;
      default:
        break;
    }
    // Underline the escape as written: `\q`, or `\u` with the digits that follow it.
    size_t stop = pos_ + 1;
    if (c == 'u' || c == 'U') {
      stop = pos_;
      size_t max = pos_ + (c == 'u' ? 4 : 8);
      while (stop < max && stop < src_.size() && src_[stop] != '"' && src_[stop] != '\n') ++stop;
    }
    uint32_t end = static_cast<uint32_t>(std::min(stop, src_.size()));
    Error(DiagKind::kBadEscape, at, end,
          absl::StrCat("invalid escape sequence '", std::string(src_.substr(at, end - at)), "'"));
    if (!AtEnd() && Peek() != '\n' && Peek() != '"') ++pos_;
  }

  void LexString() {
    if (Peek(1) == '"' && Peek(2) == '"') return LexTripleQuoted();
    ++pos_;
    std::string value;
    while (!AtEnd() && Peek() != '"') {
      if (Peek() == '\\') {
        LexEscape(value);
        continue;
      }
      if (Peek() == '\n') Newline_AtPos();
      value.push_back(Peek());
      ++pos_;
    }
    FinishString(std::move(value), 1);
  }

  // Text of an interpolated string, from `$"` (first) or from the `}` that closes a hole, to the
  // next hole's `{` or the closing quote. `{{` and `}}` are braces; escapes as in "..." strings
  // ($"""...""" takes none and ends at three quotes).
  void LexInterpolatedText(bool first) {
    int quotes = 1;
    if (first) {
      pos_ += 2;
      if (Peek() == '"' && Peek(1) == '"') {
        pos_ += 2;
        quotes = 3;
      }
    } else {
      quotes = interp_.back().quotes;
      interp_.pop_back();
      ++pos_;
    }
    std::string value;
    while (!AtEnd()) {
      const char c = Peek();
      if (quotes == 1 && c == '"') break;
      if (quotes == 3 && c == '"' && Peek(1) == '"' && Peek(2) == '"') break;
      if ((c == '{' || c == '}') && Peek(1) == c) {
        value.push_back(c);
        pos_ += 2;
        continue;
      }
      if (c == '{') {
        ++pos_;
        interp_.push_back(Hole{quotes, 0});
        Emit(first ? TokenKind::kInterpStart : TokenKind::kInterpPart, out_.AddString(std::move(value)));
        return;
      }
      if (c == '}') {
        Error(DiagKind::kBadEscape, static_cast<uint32_t>(pos_), static_cast<uint32_t>(pos_ + 1),
              "a '}' in an interpolated string is written '}}'");
        ++pos_;
        continue;
      }
      if (quotes == 1 && c == '\\') {
        LexEscape(value);
        continue;
      }
      if (c == '\n') Newline_AtPos();
      value.push_back(c);
      ++pos_;
    }
    if (AtEnd()) {
      Error(DiagKind::kUnterminatedString, start_, start_ + 1, "unterminated interpolated string");
    } else {
      pos_ += static_cast<size_t>(quotes);
    }
    Emit(first ? TokenKind::kInterpWhole : TokenKind::kInterpEnd, out_.AddString(std::move(value)));
  }

  // `,-10` (alignment) then `:N2` (format), or the format alone, up to the hole's `}`.
  bool IsAlignment() const {
    size_t i = pos_ + 1;
    while (i < src_.size() && src_[i] == ' ') ++i;
    if (i < src_.size() && src_[i] == '-') ++i;
    const size_t digits = i;
    while (i < src_.size() && IsDigit(src_[i])) ++i;
    while (i < src_.size() && src_[i] == ' ') ++i;
    return i > digits && i < src_.size() && (src_[i] == '}' || src_[i] == ':');
  }
  void LexInterpFormat() {
    while (!AtEnd() && Peek() != '}' && Peek() != '"' && Peek() != '\n') ++pos_;
    Emit(TokenKind::kInterpFormat,
         out_.AddString(std::string(src_.substr(start_, pos_ - start_))));
  }

  void LexVerbatimString() {
    pos_ += 2;
    std::string value;
    while (!AtEnd()) {
      if (Peek() == '"') {
        if (Peek(1) != '"') break;
        ++pos_;  // "" is one quote
      } else if (Peek() == '\n') {
        Newline_AtPos();
      }
      value.push_back(Peek());
      ++pos_;
    }
    FinishString(std::move(value), 1);
  }

  void LexTripleQuoted() {
    pos_ += 3;
    std::string value;
    while (!AtEnd() && !(Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')) {
      if (Peek() == '\n') Newline_AtPos();
      value.push_back(Peek());
      ++pos_;
    }
    FinishString(std::move(value), 3);
  }

  void FinishString(std::string value, int quote_len) {
    if (AtEnd()) {
      Error(DiagKind::kUnterminatedString, start_, start_ + 1, "unterminated string literal");
    } else {
      pos_ += quote_len;
    }
    Emit(TokenKind::kStringLiteral, out_.AddString(std::move(value)));
  }

  // A char literal 'a' / '\n', or a type variable 'a.
  void LexQuote() {
    if (Peek(1) == '\\' || (Peek(1) != '\n' && Peek(1) != '\0' && Peek(2) == '\'') ||
        ((static_cast<unsigned char>(Peek(1)) & 0x80) != 0)) {
      ++pos_;
      std::string value;
      if (Peek() == '\\') {
        LexEscape(value);
      } else {
        value.push_back(Peek());
        ++pos_;
        while (!AtEnd() && (static_cast<unsigned char>(Peek()) & 0xC0) == 0x80) {
          value.push_back(Peek());
          ++pos_;
        }
      }
      if (Peek() != '\'') {
        Error(DiagKind::kUnterminatedChar, start_, static_cast<uint32_t>(pos_),
              "unterminated character literal");
        return (void)Emit(TokenKind::kError);
      }
      ++pos_;
      return (void)Emit(TokenKind::kCharLiteral, out_.AddString(std::move(value)));
    }
    if (IsIdentStart(Peek(1))) {
      ++pos_;
      while (IsIdentChar(Peek()) && Peek() != '\'') ++pos_;
      return (void)Emit(TokenKind::kTypeVariable);
    }
    ++pos_;
    Error(DiagKind::kUnterminatedChar, start_, static_cast<uint32_t>(pos_),
          "unterminated character literal");
    Emit(TokenKind::kError);
  }

  std::string_view src_;
  DiagnosticEngine& diags_;
  TokenizedBuffer out_;
  size_t pos_ = 0;
  uint32_t start_ = 0;
  uint32_t line_ = 1;
  // The holes of interpolated strings being lexed, innermost last: the string's quote count and
  // the brackets opened inside the hole.
  struct Hole {
    int quotes;
    int depth;
  };
  std::vector<Hole> interp_;
  uint32_t line_start_ = 0;
  uint32_t start_line_ = 1;
  uint32_t start_line_start_ = 0;
  bool token_on_line_ = false;
};

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrCat("\\x", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

}  // namespace

TokenizedBuffer Lex(const SourceFile& source, DiagnosticEngine& diags) {
  return Lexer(source, diags).Run();
}

std::string DumpTokens(const TokenizedBuffer& tokens) {
  std::string out;
  for (int32_t i = 0; i < tokens.size(); ++i) {
    TokenIndex t = tokens.at(i);
    const auto& info = tokens.info(t);
    out += absl::StrCat(info.line, ":", info.column, " ");
    out += TokenKindName(info.kind);
    if (!IsVirtual(info.kind) && info.kind != TokenKind::kEndOfFile) {
      out += " `";
      out += tokens.text(t);
      out += "`";
    }
    switch (info.kind) {
      case TokenKind::kIntLiteral:
      case TokenKind::kInt64Literal:
        out += absl::StrCat(" = ", tokens.int_value(t));
        break;
      case TokenKind::kFloatLiteral:
        out += absl::StrCat(" = ", tokens.float_value(t));
        break;
      case TokenKind::kStringLiteral:
      case TokenKind::kCharLiteral:
      case TokenKind::kInterpWhole:
      case TokenKind::kInterpStart:
      case TokenKind::kInterpPart:
      case TokenKind::kInterpEnd:
      case TokenKind::kInterpFormat:
        out += " = \"" + Escape(tokens.string_value(t)) + "\"";
        break;
      default:
        break;
    }
    out += "\n";
  }
  return out;
}

}  // namespace ccs
