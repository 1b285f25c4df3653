// Recursive descent with precedence climbing for Clef expressions. Operator precedence and
// associativity follow the F# 4.1 spec, section 4.4.2 "Precedence of Symbolic Operators and
// Pattern/Expression Constructs"; custom operators are classified by their leading characters.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ccs/lex/offside.h"
#include "ccs/parse/parse.h"

namespace ccs {
namespace {

using K = TokenKind;
using N = NodeKind;

// Binding power, lowest first (spec 4.4.2 table, bottom to top).
enum Level : int {
  kNone = 0,
  kAssign,    // <- :=        right
  kTuple,     // ,            n-ary
  kOr,        // || or        left
  kAnd,       // && &         left
  kCast,      // :> :?> :     right
  kCompare,   // = <op >op |op &op $op !=   left (also <<< >>> ||| &&& by leading char)
  kCaret,     // ^op @op      right
  kCons,      // ::           right
  kTypeTest,  // :?           non-associative
  kAdd,       // +op -op      left
  kMul,       // *op /op %op  left
  kPow,       // **op         right
};

// Recursion guard: each source nesting level costs a few guarded calls, so this allows a few
// hundred nested parentheses while keeping the stack far from its limit (also under ASan).
constexpr int kMaxDepth = 1000;

class Parser {
 public:
  Parser(const TokenizedBuffer& tokens, DiagnosticEngine& diags) : t_(tokens), diags_(diags) {}

  Ast Run() {
    std::vector<NodeId> decls;
    uint32_t begin = Info().begin;
    if (Expect(K::kBlockBegin)) {
      ParseDecls(decls);
      Expect(K::kBlockEnd);
    }
    if (!At(K::kEndOfFile) && !abort_) ErrorHere(DiagKind::kExpectedDeclaration, "declaration");
    ast_.set_root(Node(N::kFile, begin, TokenIndex{}, decls));
    // The file spans the whole text.
    return std::move(ast_);
  }

 private:
  // ---- Token access -------------------------------------------------------------------
  TokenIndex Cur() const { return t_.at(pos_); }
  const TokenizedBuffer::TokenInfo& Info(int ahead = 0) const {
    int32_t i = std::min(pos_ + ahead, t_.size() - 1);
    return t_.info(t_.at(i));
  }
  K Kind(int ahead = 0) const { return Info(ahead).kind; }
  bool At(K k) const { return Kind() == k; }
  bool AtOp(std::string_view spelling) const {
    return Kind() == K::kOperator && t_.text(Cur()) == spelling;
  }
  TokenIndex Consume() {
    TokenIndex t = Cur();
    angle_split_ = 0;
    if (!IsVirtual(Kind()) && Kind() != K::kEndOfFile) prev_end_ = Info().end;
    if (pos_ < t_.size() - 1) ++pos_;
    return t;
  }
  bool Accept(K k) {
    if (!At(k)) return false;
    Consume();
    return true;
  }

  std::string Describe(K k) const {
    switch (k) {
      case K::kBlockBegin:
        return "an indented block";
      case K::kBlockSeparator:
        return "a new line at this indentation";
      case K::kBlockEnd:
        return "the end of the indented block";
      case K::kEndOfFile:
        return "end of file";
      case K::kIdentifier:
        return "identifier";
      default: {
        std::string_view s = TokenKindSpelling(k);
        return s.empty() ? std::string(TokenKindName(k)) : absl::StrCat("'", std::string(s), "'");
      }
    }
  }
  // Virtual tokens sit on the next real token, so name that token and what the layout means.
  std::string DescribeCur() const {
    if (At(K::kEndOfFile)) return "end of file";
    if (!IsVirtual(Kind())) return absl::StrCat("'", std::string(t_.text(Cur())), "'");
    int ahead = 1;
    while (IsVirtual(Kind(ahead)) && pos_ + ahead < t_.size() - 1) ++ahead;
    if (Kind(ahead) == K::kEndOfFile) return "end of file";
    std::string next = absl::StrCat("'", std::string(t_.text(t_.at(pos_ + ahead))), "'");
    switch (Kind()) {
      case K::kBlockBegin:
        return absl::StrCat(next, ", which starts an indented block");
      case K::kBlockSeparator:
        return absl::StrCat(next, " on a new line");
      default:
        return absl::StrCat(next, ", which ends the indented block");
    }
  }

  // Returns whether the error was reported (one per position: recovery must not cascade).
  bool Error(DiagKind kind, std::string message) {
    if (Info().begin == last_error_at_ && diags_.error_count() > 0) return false;
    last_error_at_ = Info().begin;
    Span s{Info().begin, Info().end};
    diags_.Emit(kind, s, std::move(message));
    return true;
  }
  bool ErrorHere(DiagKind kind, std::string_view what) {
    return Error(kind, absl::StrCat("expected ", std::string(what), ", found ", DescribeCur()));
  }
  // Expects the bracket closing `open`; a missing one also gets a note at the opener.
  bool ExpectClosing(K k, TokenIndex open) {
    if (Accept(k)) return true;
    if (abort_) return false;
    if (ErrorHere(DiagKind::kExpectedToken, Describe(k))) {
      diags_.Emit(DiagKind::kOpenedHere, t_.span(open),
                  absl::StrCat("to match this '", std::string(t_.text(open)), "'"));
    }
    return false;
  }
  bool Expect(K k) {
    if (Accept(k)) return true;
    if (!abort_) ErrorHere(DiagKind::kExpectedToken, Describe(k));
    return false;
  }

  // Skips to the end of the current block item (a separator or the block's end at this
  // nesting), consuming at least one token unless already there.
  void SkipItem() {
    int depth = 0;
    while (!At(K::kEndOfFile)) {
      K k = Kind();
      if (depth == 0 && (k == K::kBlockSeparator || k == K::kBlockEnd)) return;
      if (k == K::kBlockBegin) ++depth;
      if (k == K::kBlockEnd) --depth;
      Consume();
    }
  }

  NodeId Node(N kind, uint32_t begin, TokenIndex token, const std::vector<NodeId>& children,
              uint8_t flags = 0) {
    uint32_t end = std::max(begin, prev_end_);
    return ast_.Add(kind, Span{begin, end}, token, children, flags);
  }
  NodeId Leaf(N kind, TokenIndex token) {
    const auto& i = t_.info(token);
    return ast_.Add(kind, Span{i.begin, i.end}, token, {});
  }
  NodeId ErrorNode() { return ast_.Add(N::kError, Span{Info().begin, Info().begin}, Cur(), {}); }

  struct DepthGuard {
    explicit DepthGuard(Parser& p) : p(p) { ++p.depth_; }
    ~DepthGuard() { --p.depth_; }
    Parser& p;
  };
  // Bounds recursion: deeply nested input gets one diagnostic and parsing stops.
  bool TooDeep() {
    if (abort_) return true;
    if (depth_ <= kMaxDepth) return false;
    Error(DiagKind::kNestingTooDeep, "nesting too deep; simplify this expression");
    abort_ = true;
    return true;
  }

  // ---- Declarations ---------------------------------------------------------------------
  bool IsNestedModule() const {
    // module A.B = ...  vs the file header `module A.B`.
    for (int i = 1; i < 64; ++i) {
      K k = Kind(i);
      if (k == K::kEqual) return true;
      if (k != K::kIdentifier && k != K::kDot) return false;
    }
    return false;
  }

  NodeId ParseModuleHeader() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    NodeId name = ParseLongIdent();
    NodeId n = Node(N::kModuleHeader, b, kw, {name});
    Accept(K::kBlockSeparator);
    return n;
  }

  void ParseDecls(std::vector<NodeId>& decls) {
    while (!abort_ && !At(K::kBlockEnd) && !At(K::kEndOfFile)) {
      size_t start = pos_;
      // The program's first declaration may be its `module A.B` header (after the library's
      // files, when the source carries them).
      const size_t file = t_.source().FileIndexAt(Info().begin);
      if (Info().begin >= t_.source().program_begin() && (!program_started_ || file != program_file_)) {
        // Each of the program's files may start with its header.
        program_started_ = true;
        program_file_ = file;
        if (At(K::kModule) && !IsNestedModule()) {
          decls.push_back(ParseModuleHeader());
          continue;
        }
      }
      decls.push_back(ParseDecl());
      if (Accept(K::kBlockSeparator) || Accept(K::kSemicolon)) continue;
      if (At(K::kBlockEnd) || At(K::kEndOfFile)) break;
      if (!abort_)
        ErrorHere(DiagKind::kExpectedDeclaration, "a new line before the next declaration");
      SkipItem();
      if (static_cast<size_t>(pos_) == start) Consume();
      Accept(K::kBlockSeparator);
    }
  }

  bool AtAttributes() const {
    return At(K::kLBracket) && Kind(1) == K::kBlockBegin && Kind(2) == K::kOperator &&
           t_.text(t_.at(pos_ + 2)) == "<";
  }

  // [<EntryPoint>] / [<A; B("x")>] before a declaration (`>]` lexes as `>` then `]`).
  NodeId ParseAttributed() {
    uint32_t b = Info().begin;
    std::vector<NodeId> children;
    while (!abort_ && AtAttributes()) {
      TokenIndex open = Consume();
      Consume();  // BlockBegin
      Consume();  // <
      do {
        uint32_t ab = Info().begin;
        std::vector<NodeId> attr{ParseLongIdent()};
        if (At(K::kLParen)) attr.push_back(ParseAtom());
        children.push_back(Node(N::kAttribute, ab, TokenIndex{}, attr));
      } while (!abort_ && Accept(K::kSemicolon));
      if (AtOp(">"))
        Consume();
      else
        ErrorHere(DiagKind::kExpectedToken, "'>]'");
      Accept(K::kBlockEnd);
      ExpectClosing(K::kRBracket, open);
      Accept(K::kBlockSeparator);
    }
    children.push_back(ParseDecl());
    return Node(N::kAttributed, b, TokenIndex{}, children);
  }

  NodeId ParseDecl() {
    if (AtAttributes()) return ParseAttributed();
    switch (Kind()) {
      case K::kOpen: {
        uint32_t b = Info().begin;
        TokenIndex kw = Consume();
        NodeId name = ParseLongIdent();
        return Node(N::kOpen, b, kw, {name});
      }
      case K::kLet:
        return ParseLet();
      case K::kExtern:
        return ParseExtern();
      case K::kType:
        return ParseTypeGroup();
      case K::kIdentifier:
        // `exception Name [of T1 * T2]`: F# reserves the word; here it is a keyword only there.
        if (t_.text(Cur()) == "exception" && Kind(1) == K::kIdentifier) return ParseException();
        break;
      case K::kModule: {
        uint32_t b = Info().begin;
        TokenIndex kw = Consume();
        NodeId name = ParseLongIdent();
        std::vector<NodeId> children{name};
        Expect(K::kEqual);
        if (Expect(K::kBlockBegin)) {
          ParseDecls(children);
          Expect(K::kBlockEnd);
        }
        return Node(N::kNestedModule, b, kw, children);
      }
      default:
        break;
    }
    // One expression; the next line at this column is the next declaration.
    uint32_t b = Info().begin;
    NodeId e = ParseExpr(kNone);
    return Node(N::kDoDecl, b, TokenIndex{}, {e});
  }

  // exception Name [of FIELD * FIELD ..]: the fields as a union case's.
  NodeId ParseException() {
    const uint32_t b = Info().begin;
    Consume();  // exception
    TokenIndex name = Consume();
    return Node(N::kExceptionDef, b, name, ParseCaseFields());
  }
  // `of FIELD * FIELD ..` after a union case's or an exception's name, if there.
  std::vector<NodeId> ParseCaseFields() {
    std::vector<NodeId> fields;
    if (Accept(K::kOf)) {
      do {
        fields.push_back(ParseUnionField());
      } while (!abort_ && AtOp("*") && (Consume(), true));
    }
    return fields;
  }

  // extern RESULT NAME(TYPE NAME, ...): a C function (F#'s P/Invoke declaration syntax).
  NodeId ParseExtern() {
    const uint32_t b = Info().begin;
    Consume();  // extern
    std::vector<NodeId> children{ParseExternType()};
    TokenIndex name;
    if (At(K::kIdentifier)) {
      name = Consume();
    } else {
      ErrorHere(DiagKind::kExpectedToken, "the C function's name");
    }
    if (At(K::kLParen)) {
      TokenIndex open = Consume();
      const bool block = Accept(K::kBlockBegin);
      while (!abort_ && !At(K::kRParen) && !At(K::kBlockEnd) && !At(K::kEndOfFile)) {
        const uint32_t pb = Info().begin;
        NodeId type = ParseExternType();
        TokenIndex param = At(K::kIdentifier) ? Consume() : TokenIndex{};
        children.push_back(Node(N::kExternParam, pb, param, {type}));
        if (!Accept(K::kComma)) break;
      }
      if (block) Accept(K::kBlockEnd);
      ExpectClosing(K::kRParen, open);
    } else {
      ErrorHere(DiagKind::kExpectedToken, "'(' and the C function's parameters");
    }
    return Node(N::kExtern, b, name, children);
  }
  NodeId ParseExternType() {
    const uint32_t b = Info().begin;
    if (!At(K::kIdentifier)) {
      ErrorHere(DiagKind::kExpectedType, "a C parameter or result type");
      return ErrorNode();
    }
    TokenIndex type = Consume();
    uint8_t pointers = 0;
    while (AtOp("*") || AtOp("**")) pointers = static_cast<uint8_t>(pointers + t_.text(Consume()).size());
    return Node(N::kExternType, b, type, {}, pointers);
  }

  NodeId ParseLongIdent() {
    uint32_t b = Info().begin;
    std::vector<NodeId> parts;
    do {
      if (!At(K::kIdentifier)) {
        ErrorHere(DiagKind::kExpectedToken, "identifier");
        break;
      }
      parts.push_back(Leaf(N::kIdent, Consume()));
    } while (Accept(K::kDot));
    return Node(N::kLongIdent, b, TokenIndex{}, parts);
  }

  // let [rec] [inline] [mutable] binding (and binding)*
  NodeId ParseLet() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    uint8_t flags = 0;
    if (Accept(K::kRec)) flags |= kFlagRec;
    std::vector<NodeId> bindings{ParseBinding(flags)};
    while (At(K::kAnd) || (At(K::kBlockSeparator) && Kind(1) == K::kAnd)) {
      Accept(K::kBlockSeparator);
      Consume();
      bindings.push_back(ParseBinding(flags));
    }
    return Node(N::kLet, b, kw, bindings, flags);
  }

  NodeId ParseBinding(uint8_t& flags) {
    uint32_t b = Info().begin;
    if (Accept(K::kInline)) flags |= kFlagInline;
    if (Accept(K::kMutable)) flags |= kFlagMutable;
    std::vector<NodeId> children{ParseBindingHead()};
    if (Accept(K::kColon)) {
      uint32_t tb = Info().begin;
      NodeId type = ParseType();
      children.push_back(Node(N::kReturnType, tb, TokenIndex{}, {type}));
    }
    if (Expect(K::kEqual)) {
      children.push_back(ParseBlock());
    } else {
      children.push_back(ErrorNode());
    }
    return Node(N::kBinding, b, TokenIndex{}, children);
  }

  // `f x (y: int)`, `(a, b)`, `x`: a pattern whose head may take argument patterns.
  NodeId ParseBindingHead() {
    if (At(K::kIdentifier)) {
      uint32_t b = Info().begin;
      TokenIndex name = Consume();
      // Declared type parameters `let f<'a, 'b> ..`: the checker generalizes the function anyway
      // (type arguments at uses follow the order the parameters first appear in its type).
      if (AtOp("<") && Info().begin == prev_end_) {
        Consume();
        do {
          if (!Accept(K::kTypeVariable)) {
            ErrorHere(DiagKind::kExpectedType, "type parameter ('a)");
            break;
          }
        } while (!abort_ && Accept(K::kComma));
        if (!AcceptCloseAngle()) ErrorHere(DiagKind::kExpectedToken, "'>'");
      }
      std::vector<NodeId> args;
      while (!abort_ && StartsAtomicPattern(Kind())) args.push_back(ParseAtomicPattern());
      return Node(N::kPatIdent, b, name, args);
    }
    return ParsePattern();
  }

  // type A<'a> = ... (and B = ...)*
  NodeId ParseTypeGroup() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    std::vector<NodeId> defs{ParseTypeDef()};
    while (At(K::kAnd) || (At(K::kBlockSeparator) && Kind(1) == K::kAnd)) {
      Accept(K::kBlockSeparator);
      Consume();
      defs.push_back(ParseTypeDef());
    }
    return Node(N::kTypeGroup, b, kw, defs);
  }

  NodeId ParseTypeDef() {
    uint32_t b = Info().begin;
    if (!At(K::kIdentifier)) {
      ErrorHere(DiagKind::kExpectedToken, "type name");
      return ErrorNode();
    }
    TokenIndex name = Consume();
    std::vector<NodeId> children;
    if (AtOp("<")) {
      uint32_t pb = Info().begin;
      Consume();
      std::vector<NodeId> params;
      while (At(K::kTypeVariable)) {
        params.push_back(Leaf(N::kTypeVar, Consume()));
        if (!Accept(K::kComma)) break;
      }
      if (!AcceptCloseAngle()) ErrorHere(DiagKind::kExpectedToken, "'>'");
      children.push_back(Node(N::kTypeParams, pb, TokenIndex{}, params));
    }
    // A class with a primary constructor: type MaybeBuilder() = member ...
    std::vector<NodeId> ctor;
    uint32_t cb = Info().begin;
    if (At(K::kLParen)) ctor.push_back(ParseAtomicPattern());
    if (!Expect(K::kEqual)) return Node(N::kTypeDef, b, name, children);
    bool block = Accept(K::kBlockBegin);
    uint32_t rb = Info().begin;
    if (!ctor.empty() || At(K::kMember) || At(K::kStatic)) {
      while (!abort_ && (At(K::kMember) || At(K::kStatic) || At(K::kLet))) {
        ctor.push_back(At(K::kLet) ? ParseLet() : ParseMember());
        if (!Accept(K::kBlockSeparator)) break;
      }
      if (ctor.empty() || (block && !At(K::kBlockEnd))) {
        ErrorHere(DiagKind::kExpectedDeclaration, "'member'");
      }
      children.push_back(Node(N::kClassRepr, cb, TokenIndex{}, ctor));
    } else if (At(K::kLBrace)) {
      children.push_back(ParseRecordRepr());
    } else if (At(K::kBar) || (At(K::kIdentifier) && (Kind(1) == K::kOf || Kind(1) == K::kBar ||
                                                      Kind(1) == K::kBlockSeparator))) {
      std::vector<NodeId> cases;
      while (!abort_) {
        Accept(K::kBlockSeparator);
        Accept(K::kBar);
        if (!At(K::kIdentifier)) {
          ErrorHere(DiagKind::kExpectedToken, "union case name");
          break;
        }
        uint32_t cb = Info().begin;
        TokenIndex cname = Consume();
        cases.push_back(Node(N::kUnionCase, cb, cname, ParseCaseFields()));
        if (!(At(K::kBar) || (At(K::kBlockSeparator) && Kind(1) == K::kBar))) break;
      }
      children.push_back(Node(N::kUnionRepr, rb, TokenIndex{}, cases));
    } else {
      NodeId type = ParseType();
      children.push_back(Node(N::kAbbrevRepr, rb, TokenIndex{}, {type}));
    }
    if (block) Expect(K::kBlockEnd);
    return Node(N::kTypeDef, b, name, children);
  }

  // [static] member [self.]Name args = body
  NodeId ParseMember() {
    uint32_t b = Info().begin;
    uint8_t flags = Accept(K::kStatic) ? kFlagStatic : 0;
    std::vector<NodeId> children;
    Expect(K::kMember);
    TokenIndex name = Cur();
    if (!flags && (At(K::kIdentifier) || At(K::kUnderscore)) && Kind(1) == K::kDot) {
      N self = At(K::kUnderscore) ? N::kPatWild : N::kPatIdent;
      children.push_back(Leaf(self, Consume()));
      Consume();
    }
    if (!At(K::kIdentifier)) {
      ErrorHere(DiagKind::kExpectedToken, "member name");
      return ErrorNode();
    }
    name = Consume();
    while (!abort_ && StartsAtomicPattern(Kind())) children.push_back(ParseAtomicPattern());
    if (Accept(K::kColon)) {
      uint32_t tb = Info().begin;
      NodeId type = ParseType();
      children.push_back(Node(N::kReturnType, tb, TokenIndex{}, {type}));
    }
    if (Expect(K::kEqual)) children.push_back(ParseBlock());
    return Node(N::kMember, b, name, children, flags);
  }

  NodeId ParseUnionField() {
    uint32_t b = Info().begin;
    if (At(K::kIdentifier) && Kind(1) == K::kColon) {
      TokenIndex fname = Consume();
      Consume();
      NodeId type = ParseType(/*allow_tuple=*/false);
      return Node(N::kField, b, fname, {type});
    }
    NodeId type = ParseType(/*allow_tuple=*/false);
    return Node(N::kField, b, TokenIndex{}, {type});
  }

  NodeId ParseRecordRepr() {
    uint32_t b = Info().begin;
    Consume();  // {
    std::vector<NodeId> fields;
    if (Expect(K::kBlockBegin)) {
      while (!abort_ && !At(K::kBlockEnd) && !At(K::kEndOfFile)) {
        uint32_t fb = Info().begin;
        uint8_t flags = Accept(K::kMutable) ? kFlagMutable : 0;
        if (!At(K::kIdentifier)) {
          ErrorHere(DiagKind::kExpectedToken, "field name");
          SkipItem();
          break;
        }
        TokenIndex fname = Consume();
        Expect(K::kColon);
        NodeId type = ParseType();
        fields.push_back(Node(N::kField, fb, fname, {type}, flags));
        if (!Accept(K::kSemicolon) && !Accept(K::kBlockSeparator)) break;
        Accept(K::kBlockSeparator);
      }
      Expect(K::kBlockEnd);
    }
    Expect(K::kRBrace);
    return Node(N::kRecordRepr, b, TokenIndex{}, fields);
  }

  // ---- Types ----------------------------------------------------------------------------
  NodeId ParseType(bool allow_tuple = true) {
    DepthGuard g(*this);
    if (TooDeep()) return ErrorNode();
    uint32_t b = Info().begin;
    NodeId t = allow_tuple ? ParseTupleType() : ParsePostfixType();
    if (Accept(K::kArrow)) {
      NodeId r = ParseType(allow_tuple);
      return Node(N::kTypeFun, b, TokenIndex{}, {t, r});
    }
    return t;
  }
  NodeId ParseTupleType() {
    uint32_t b = Info().begin;
    std::vector<NodeId> parts{ParsePostfixType()};
    while (!abort_ && AtOp("*")) {
      Consume();
      parts.push_back(ParsePostfixType());
    }
    return parts.size() == 1 ? parts[0] : Node(N::kTypeTuple, b, TokenIndex{}, parts);
  }
  NodeId ParsePostfixType() {
    uint32_t b = Info().begin;
    NodeId t = ParseAtomicType();
    while (!abort_) {
      if (At(K::kIdentifier) && !Info().first_on_line) {  // int list, 'a option
        NodeId ctor = ParseNamedType();
        t = Node(N::kTypeApp, b, TokenIndex{}, {ctor, t});
      } else if (At(K::kLBracket) && Kind(1) == K::kRBracket) {  // int[]
        Consume();
        Consume();
        t = Node(N::kTypeArray, b, TokenIndex{}, {t});
      } else {
        return t;
      }
    }
    return t;
  }
  NodeId ParseNamedType() {
    uint32_t b = Info().begin;
    std::vector<NodeId> qual;
    TokenIndex last = Consume();
    while (At(K::kDot) && Kind(1) == K::kIdentifier) {
      qual.push_back(Leaf(N::kIdent, last));
      Consume();
      last = Consume();
    }
    std::vector<NodeId> children;
    if (!qual.empty()) children.push_back(Node(N::kLongIdent, b, TokenIndex{}, qual));
    NodeId named = Node(N::kTypeName, b, last, children);
    // Generic arguments: List<int>, Map<string, int>. `>` may be lexed together with others.
    if (AtOp("<") && Info().begin == t_.info(last).end) {
      std::vector<NodeId> args{named};
      ParseAngleTypes(args);
      return Node(N::kTypeApp, b, TokenIndex{}, args);
    }
    return named;
  }
  // At `<`: `<T1, T2, ..>`, each type appended to `into`.
  void ParseAngleTypes(std::vector<NodeId>& into) {
    Consume();
    do {
      into.push_back(ParseType());
    } while (!abort_ && Accept(K::kComma));
    if (!AcceptCloseAngle()) ErrorHere(DiagKind::kExpectedToken, "'>'");
  }
  // Closes a generic argument list. `>>` in `List<List<int>>` is one token from the lexer, so
  // its characters are consumed one at a time.
  bool AcceptCloseAngle() {
    if (!At(K::kOperator)) return false;
    std::string_view op = t_.text(Cur());
    if (op.find_first_not_of('>') != std::string_view::npos) return false;
    if (angle_split_ + 1 == static_cast<int>(op.size())) {
      Consume();
    } else {
      ++angle_split_;
    }
    return true;
  }

  NodeId ParseAtomicType() {
    switch (Kind()) {
      case K::kIdentifier:
        return ParseNamedType();
      case K::kTypeVariable:
        return Leaf(N::kTypeVar, Consume());
      case K::kLParen: {
        Consume();
        bool block = Accept(K::kBlockBegin);
        NodeId t = ParseType();
        if (block) Expect(K::kBlockEnd);
        Expect(K::kRParen);
        return t;
      }
      default:
        ErrorHere(DiagKind::kExpectedType, "type");
        return ErrorNode();
    }
  }

  // ---- Patterns -------------------------------------------------------------------------
  static bool StartsAtomicPattern(K k) {
    switch (k) {
      case K::kColonQuestion:
      case K::kIdentifier:
      case K::kUnderscore:
      case K::kIntLiteral:
      case K::kInt64Literal:
      case K::kFloatLiteral:
      case K::kCharLiteral:
      case K::kStringLiteral:
      case K::kTrue:
      case K::kFalse:
      case K::kNull:
      case K::kLParen:
      case K::kLBracket:
      case K::kLArrayBracket:
      case K::kLBrace:
        return true;
      default:
        return false;
    }
  }

  // pat as x  <  p | p  <  p, p  <  p :: p  <  p : type  <  Case args
  NodeId ParsePattern() {
    DepthGuard g(*this);
    if (TooDeep()) return ErrorNode();
    uint32_t b = Info().begin;
    NodeId p = ParseOrPattern();
    while (!abort_ && At(K::kAs)) {
      Consume();
      if (!At(K::kIdentifier)) {
        ErrorHere(DiagKind::kExpectedToken, "identifier after 'as'");
        break;
      }
      p = Node(N::kPatAs, b, Consume(), {p});
    }
    return p;
  }
  NodeId ParseOrPattern() {
    uint32_t b = Info().begin;
    NodeId p = ParseTuplePattern();
    while (!abort_ && At(K::kBar)) {
      Consume();
      NodeId r = ParseTuplePattern();
      p = Node(N::kPatOr, b, TokenIndex{}, {p, r});
    }
    return p;
  }
  NodeId ParseTuplePattern() {
    uint32_t b = Info().begin;
    std::vector<NodeId> parts{ParseConsPattern()};
    while (!abort_ && Accept(K::kComma)) {
      Accept(K::kBlockSeparator);
      parts.push_back(ParseConsPattern());
    }
    return parts.size() == 1 ? parts[0] : Node(N::kPatTuple, b, TokenIndex{}, parts);
  }
  NodeId ParseConsPattern() {
    DepthGuard g(*this);
    if (TooDeep()) return ErrorNode();
    uint32_t b = Info().begin;
    NodeId p = ParseAppPattern();
    if (Accept(K::kColonColon)) {
      NodeId r = ParseConsPattern();
      return Node(N::kPatCons, b, TokenIndex{}, {p, r});
    }
    if (Accept(K::kColon)) {
      NodeId t = ParseType();
      return Node(N::kPatTyped, b, TokenIndex{}, {p, t});
    }
    return p;
  }
  NodeId ParseAppPattern() {
    if (At(K::kIdentifier)) {
      uint32_t b = Info().begin;
      TokenIndex name = Consume();
      // Qualified case names: Shape.Circle r
      while (At(K::kDot) && Kind(1) == K::kIdentifier) {
        Consume();
        name = Consume();
      }
      std::vector<NodeId> args;
      while (!abort_ && StartsAtomicPattern(Kind())) args.push_back(ParseAtomicPattern());
      return Node(N::kPatIdent, b, name, args);
    }
    return ParseAtomicPattern();
  }
  NodeId ParseAtomicPattern() {
    DepthGuard g(*this);
    if (TooDeep()) return ErrorNode();
    uint32_t b = Info().begin;
    switch (Kind()) {
      case K::kUnderscore:
        return Leaf(N::kPatWild, Consume());
      case K::kColonQuestion: {  // :? System.ArgumentException
        Consume();
        NodeId type = ParsePostfixType();  // no arrow: `:? T -> body`
        return Node(N::kPatTypeTest, b, TokenIndex{}, {type});
      }
      case K::kIdentifier:
        return Leaf(N::kPatIdent, Consume());
      case K::kIntLiteral:
      case K::kInt64Literal:
      case K::kFloatLiteral:
      case K::kCharLiteral:
      case K::kStringLiteral:
      case K::kTrue:
      case K::kFalse:
      case K::kNull:
        return Leaf(N::kPatLiteral, Consume());
      case K::kOperator:
        if (t_.text(Cur()) == "-" && (Kind(1) == K::kIntLiteral || Kind(1) == K::kInt64Literal ||
                                      Kind(1) == K::kFloatLiteral)) {
          Consume();
          Consume();
          return Node(N::kPatLiteral, b, t_.at(pos_ - 1), {});
        }
        break;
      case K::kLParen: {
        Consume();
        if (Accept(K::kRParen)) return Node(N::kPatUnit, b, TokenIndex{}, {});
        bool block = Accept(K::kBlockBegin);
        NodeId p = ParsePattern();
        if (block) Expect(K::kBlockEnd);
        Expect(K::kRParen);
        return Node(N::kPatParen, b, TokenIndex{}, {p});
      }
      case K::kLBracket:
      case K::kLArrayBracket: {
        bool array = At(K::kLArrayBracket);
        Consume();
        std::vector<NodeId> items;
        if (Accept(K::kBlockBegin)) {
          while (!abort_ && !At(K::kBlockEnd) && !At(K::kEndOfFile)) {
            items.push_back(ParsePattern());
            if (!Accept(K::kSemicolon) && !Accept(K::kBlockSeparator)) break;
          }
          Expect(K::kBlockEnd);
        }
        Expect(array ? K::kRArrayBracket : K::kRBracket);
        return Node(array ? N::kPatArray : N::kPatList, b, TokenIndex{}, items);
      }
      case K::kLBrace: {
        Consume();
        std::vector<NodeId> fields;
        if (Accept(K::kBlockBegin)) {
          while (!abort_ && At(K::kIdentifier)) {
            uint32_t fb = Info().begin;
            TokenIndex f = Consume();
            Expect(K::kEqual);
            NodeId p = ParsePattern();
            fields.push_back(Node(N::kPatField, fb, f, {p}));
            if (!Accept(K::kSemicolon) && !Accept(K::kBlockSeparator)) break;
          }
          Expect(K::kBlockEnd);
        }
        Expect(K::kRBrace);
        return Node(N::kPatRecord, b, TokenIndex{}, fields);
      }
      default:
        break;
    }
    ErrorHere(DiagKind::kExpectedPattern, "pattern");
    return ErrorNode();
  }

  // ---- Blocks and sequences -------------------------------------------------------------
  // BlockBegin items BlockEnd, as the offside rule delimits bodies.
  NodeId ParseBlock() {
    if (!At(K::kBlockBegin)) {
      // The offside rule opens a block after every body keyword it recognised, so a missing
      // block means an earlier error broke the layout context (`match x | ...` without
      // `with`): parse the body as an expression rather than report a second error for it.
      return ParseExpr(kNone);
    }
    Consume();
    NodeId e = ParseSeqBlockItems();
    if (!At(K::kBlockEnd) && !abort_) {
      Error(DiagKind::kExpectedToken,
            absl::StrCat("unexpected ", DescribeCur(), " after this expression"));
      SkipItem();
      while (!abort_ && Accept(K::kBlockSeparator)) SkipItem();
    }
    Accept(K::kBlockEnd);
    return e;
  }

  static bool IsLetLike(K k) {
    return k == K::kLet || k == K::kLetBang || k == K::kUse || k == K::kUseBang || k == K::kAndBang;
  }

  // Items of a block: `e; e`, `e <newline> e`, and `let` scoping over the rest.
  NodeId ParseSeqBlockItems() {
    DepthGuard g(*this);
    if (TooDeep()) return ErrorNode();
    uint32_t b = Info().begin;
    std::vector<NodeId> items;
    while (!abort_) {
      if (IsLetLike(Kind())) {
        items.push_back(ParseLetIn());
        break;
      }
      items.push_back(ParseExpr(kNone));
      bool sep = Accept(K::kSemicolon);
      if (At(K::kBlockSeparator)) {
        Consume();
        sep = true;
      }
      if (!sep || At(K::kBlockEnd) || At(K::kEndOfFile)) break;
    }
    return items.size() == 1 ? items[0] : Node(N::kSequential, b, TokenIndex{}, items);
  }

  // let/let!/use/use!/and! binding, then the rest of the block (or `in` body) is its scope.
  NodeId ParseLetIn() {
    uint32_t b = Info().begin;
    TokenIndex kw = Cur();
    NodeId binding;
    if (At(K::kLet)) {
      binding = ParseLet();
    } else {
      Consume();
      uint8_t flags = 0;
      binding = ParseBinding(flags);
    }
    std::vector<NodeId> children{binding};
    if (Accept(K::kIn) || Accept(K::kBlockSeparator)) {
      if (!At(K::kBlockEnd) && !At(K::kEndOfFile)) children.push_back(ParseSeqBlockItems());
    }
    return Node(N::kLetIn, b, kw, children);
  }

  // ---- Expressions ----------------------------------------------------------------------
  int BinaryLevel(bool& right_assoc) const {
    right_assoc = false;
    switch (Kind()) {
      case K::kLeftArrow:
      case K::kColonEqual:
        right_assoc = true;
        return kAssign;
      case K::kComma:
        return kTuple;
      case K::kColonGreater:
      case K::kColonQuestionGreater:
      case K::kColon:
        right_assoc = true;
        return kCast;
      case K::kEqual:
        return kCompare;
      case K::kColonColon:
        right_assoc = true;
        return kCons;
      case K::kColonQuestion:
        return kTypeTest;
      case K::kOperator:
        break;
      default:
        return kNone;
    }
    std::string_view op = t_.text(Cur());
    if (op == "||" || op == "or") return kOr;
    if (op == "&&" || op == "&") return kAnd;
    if (op.substr(0, 2) == "**") return right_assoc = true, kPow;
    if (op == "!=") return kCompare;
    switch (op[0]) {
      case '<':
      case '>':
      case '=':
      case '|':
      case '&':
      case '$':
        return kCompare;
      case '^':
      case '@':
        right_assoc = true;
        return kCaret;
      case '+':
      case '-':
        return kAdd;
      case '*':
      case '/':
      case '%':
        return kMul;
      default:
        return kNone;  // ! ~ ? start prefix operators
    }
  }

  NodeId ParseExpr(int min_level) {
    DepthGuard g(*this);
    if (TooDeep()) return ErrorNode();
    uint32_t b = Info().begin;
    // Constructs that extend as far right as possible (spec 4.4.2: if/match/fun/let bind
    // more loosely than any operator).
    switch (Kind()) {
      case K::kIf:
        return ParseIf();
      case K::kMatch:
      case K::kMatchBang:
        return ParseMatch();
      case K::kFun:
        return ParseLambda();
      case K::kFunction:
        return ParseFunction();
      case K::kTry:
        return ParseTry();
      case K::kWhile:
        return ParseWhile();
      case K::kFor:
        return ParseFor();
      case K::kLet:
      case K::kLetBang:
      case K::kUse:
      case K::kUseBang:
        return ParseLetIn();
      case K::kDoBang:
      case K::kReturn:
      case K::kReturnBang:
      case K::kYield:
      case K::kYieldBang: {
        TokenIndex kw = Consume();
        NodeId e = ParseExpr(kNone);
        return Node(N::kCompKeyword, b, kw, {e});
      }
      default:
        break;
    }
    NodeId lhs = ParsePrefixExpr();
    while (!abort_) {
      bool right = false;
      int level = BinaryLevel(right);
      if (level == kNone || level < min_level) break;
      if (level == kTuple) {
        std::vector<NodeId> items{lhs};
        while (!abort_ && Accept(K::kComma)) {
          Accept(K::kBlockSeparator);  // (1,\n 2): a line that starts at the tuple's column goes on
          items.push_back(ParseExpr(kTuple + 1));
        }
        lhs = Node(N::kTuple, b, TokenIndex{}, items);
        continue;
      }
      K k = Kind();
      TokenIndex op = Consume();
      if (k == K::kColon || k == K::kColonGreater || k == K::kColonQuestionGreater ||
          k == K::kColonQuestion) {
        NodeId type = ParseType();
        N kind = k == K::kColon                  ? N::kTyped
                 : k == K::kColonGreater         ? N::kUpcast
                 : k == K::kColonQuestionGreater ? N::kDowncast
                                                 : N::kTypeTest;
        lhs = Node(kind, b, op, {lhs, type});
        continue;
      }
      NodeId rhs = ParseOperand(right ? level : level + 1);
      lhs = Node(k == K::kLeftArrow ? N::kAssign : N::kInfix, b, op, {lhs, rhs});
    }
    return lhs;
  }

  // The right operand may itself be one of the open-ended constructs: `x |> fun y -> y`.
  NodeId ParseOperand(int level) {
    switch (Kind()) {
      case K::kIf:
      case K::kMatch:
      case K::kMatchBang:
      case K::kFun:
      case K::kFunction:
      case K::kTry:
      case K::kLet:
        return ParseExpr(kNone);
      default:
        return ParseExpr(level);
    }
  }

  bool IsPrefixOp() const {
    if (!At(K::kOperator)) return false;
    std::string_view op = t_.text(Cur());
    return op[0] == '-' || op[0] == '+' || op[0] == '!' || op[0] == '~' || op == "%" ||
           op == "%%" || op == "&" || op == "&&";
  }

  NodeId ParsePrefixExpr() {
    DepthGuard g(*this);
    if (TooDeep()) return ErrorNode();
    if (IsPrefixOp()) {
      uint32_t b = Info().begin;
      TokenIndex op = Consume();
      NodeId e = ParsePrefixExpr();
      return Node(N::kPrefix, b, op, {e});
    }
    return ParseApplication();
  }

  // $"a{x}b{y:N2}c": Interpolated(InterpText a, InterpHole(x), InterpText b,
  // InterpHole(y, InterpFormat), InterpText c).
  NodeId ParseInterpolated() {
    const uint32_t b = Info().begin;
    std::vector<NodeId> children{Leaf(N::kInterpText, Consume())};
    while (!abort_) {
      const uint32_t hole_begin = Info().begin;
      const bool block = Accept(K::kBlockBegin);
      std::vector<NodeId> hole{ParseExpr(kNone)};
      if (At(K::kInterpFormat)) hole.push_back(Leaf(N::kInterpFormat, Consume()));
      if (block && !Accept(K::kBlockEnd) && !abort_) {
        ErrorHere(DiagKind::kExpectedToken, "'}' closing the interpolated expression");
        while (!At(K::kEndOfFile) && !At(K::kInterpPart) && !At(K::kInterpEnd)) Consume();
        Accept(K::kBlockEnd);
      }
      children.push_back(Node(N::kInterpHole, hole_begin, TokenIndex{}, hole));
      if (At(K::kInterpPart)) {
        children.push_back(Leaf(N::kInterpText, Consume()));
        continue;
      }
      if (At(K::kInterpEnd)) {
        children.push_back(Leaf(N::kInterpText, Consume()));
      } else if (!abort_) {
        ErrorHere(DiagKind::kExpectedToken, "'}' closing the interpolated expression");
      }
      break;
    }
    return Node(N::kInterpolated, b, TokenIndex{}, children);
  }

  static bool StartsAtom(K k) {
    switch (k) {
      case K::kInterpWhole:
      case K::kInterpStart:
      case K::kIdentifier:
      case K::kIntLiteral:
      case K::kInt64Literal:
      case K::kFloatLiteral:
      case K::kCharLiteral:
      case K::kStringLiteral:
      case K::kTrue:
      case K::kFalse:
      case K::kNull:
      case K::kLParen:
      case K::kLBracket:
      case K::kLArrayBracket:
      case K::kLBrace:
      case K::kBegin:
      case K::kUnderscore:
      case K::kError:
        return true;
      default:
        return false;
    }
  }

  // `-x` as an argument: a `-` preceded by space and followed directly by its operand.
  bool AtPrefixArgument() const {
    if (!At(K::kOperator)) return false;
    std::string_view op = t_.text(Cur());
    if (op != "-" && op != "+" && op != "!" && op != "~~~") return false;
    const auto& cur = Info();
    const auto& next = Info(1);
    return cur.begin > prev_end_ && next.begin == cur.end && StartsAtom(next.kind);
  }

  NodeId ParseApplication() {
    uint32_t b = Info().begin;
    NodeId f = ParsePostfix();
    std::vector<NodeId> items{f};
    while (!abort_) {
      if (StartsAtom(Kind())) {
        // `builder { ... }` (or `M.builder { ... }`) is a computation expression, not an
        // application to a record.
        if (At(K::kLBrace) && items.size() == 1 && (ast_.kind(f) == N::kIdent || ast_.kind(f) == N::kDotGet)) {
          NodeId body = ParseBraces();
          // `f { X = 1 } r`: a record (or a copy of one) is an argument, not a computation.
          if ((ast_.kind(body) == N::kRecord && ast_.children(body).size() > 0) || ast_.kind(body) == N::kRecordCopy) {
            items.push_back(body);
            continue;
          }
          f = Node(N::kCompExpr, b, TokenIndex{}, {f, body});
          items[0] = f;
          continue;
        }
        items.push_back(ParsePostfix());
      } else if (AtPrefixArgument()) {
        uint32_t ab = Info().begin;
        TokenIndex op = Consume();
        NodeId e = ParsePostfix();
        items.push_back(Node(N::kPrefix, ab, op, {e}));
      } else {
        break;
      }
    }
    return items.size() == 1 ? items[0] : Node(N::kApp, b, TokenIndex{}, items);
  }

  NodeId ParsePostfix() {
    uint32_t b = Info().begin;
    NodeId e = ParseAtom();
    while (!abort_) {
      // F# 6 indexing `xs[i]`: a bracket directly after the expression (no space).
      if (At(K::kLBracket) && Info().begin == prev_end_ && pos_ > 0 && !IsVirtual(Kind(-1))) {
        Consume();
        NodeId index = At(K::kBlockBegin) ? ParseBlock() : ParseExpr(kNone);
        Expect(K::kRBracket);
        e = Node(N::kDotIndex, b, TokenIndex{}, {e, index});
        continue;
      }
      // Explicit type arguments `stackalloc<byte>`, `M.f<int, string>`: a `<` directly after a
      // name, closed by a `>` with only type syntax between (else `a<b` is a comparison).
      if (AtOp("<") && Info().begin == prev_end_ && (ast_.kind(e) == N::kIdent || ast_.kind(e) == N::kDotGet) &&
          LooksLikeTypeArguments()) {
        std::vector<NodeId> kids{e};
        ParseAngleTypes(kids);
        e = Node(N::kTypeArgs, b, TokenIndex{}, kids);
        continue;
      }
      if (!At(K::kDot)) break;
      Consume();
      if (At(K::kIdentifier)) {
        e = Node(N::kDotGet, b, Consume(), {e});
      } else if (At(K::kLBracket)) {
        Consume();
        NodeId index = At(K::kBlockBegin) ? ParseBlock() : ParseExpr(kNone);
        Expect(K::kRBracket);
        e = Node(N::kDotIndex, b, TokenIndex{}, {e, index});
      } else {
        ErrorHere(DiagKind::kExpectedToken, "member name or '[' after '.'");
        break;
      }
    }
    return e;
  }

  // At `<`: whether what follows up to the matching `>` is only types (names, 'a, `,` `.` `*`
  // `->` `_`, parentheses, `[]`, nested `< >`).
  bool LooksLikeTypeArguments() const {
    int depth = 0;
    for (int ahead = 0; ahead < 64; ++ahead) {
      const K k = Kind(ahead);
      if (k == K::kOperator) {
        const std::string_view op = t_.text(t_.at(std::min(pos_ + ahead, t_.size() - 1)));
        if (op == "<") {
          ++depth;
        } else if (op.find_first_not_of('>') == std::string_view::npos) {
          depth -= static_cast<int>(op.size());
          if (depth <= 0) return depth == 0;
        } else if (op != "*") {
          return false;
        }
        continue;
      }
      switch (k) {
        case K::kIdentifier:
        case K::kTypeVariable:
        case K::kComma:
        case K::kDot:
        case K::kArrow:
        case K::kUnderscore:
        case K::kLParen:
        case K::kRParen:
        case K::kLBracket:
        case K::kRBracket:
          continue;
        default:
          return false;
      }
    }
    return false;
  }

  NodeId ParseAtom() {
    DepthGuard g(*this);
    if (TooDeep()) return ErrorNode();
    uint32_t b = Info().begin;
    switch (Kind()) {
      case K::kIdentifier:
        return Leaf(N::kIdent, Consume());
      case K::kUnderscore:
        return Leaf(N::kIdent, Consume());
      case K::kIntLiteral:
      case K::kInt64Literal:
      case K::kFloatLiteral:
      case K::kCharLiteral:
      case K::kStringLiteral:
      case K::kTrue:
      case K::kFalse:
        return Leaf(N::kLiteral, Consume());
      case K::kNull:
        return Leaf(N::kNull, Consume());
      case K::kInterpWhole:
        return Node(N::kInterpolated, b, TokenIndex{}, {Leaf(N::kInterpText, Consume())});
      case K::kInterpStart:
        return ParseInterpolated();
      case K::kError:  // the lexer has reported it
        return Leaf(N::kError, Consume());
      case K::kLParen: {
        TokenIndex open = Consume();
        if (Accept(K::kRParen)) return Node(N::kUnit, b, TokenIndex{}, {});
        bool block = Accept(K::kBlockBegin);
        // Operator as a value: (+), ( * ), (|>)
        if (block && (At(K::kOperator) || At(K::kColonColon) || At(K::kEqual)) &&
            Kind(1) == K::kBlockEnd) {
          TokenIndex op = Consume();
          Consume();
          Expect(K::kRParen);
          return Node(N::kIdent, b, op, {});
        }
        if (!block && At(K::kOperator) && Kind(1) == K::kRParen) {  // (*)
          TokenIndex op = Consume();
          Consume();
          return Node(N::kIdent, b, op, {});
        }
        NodeId e = block ? ParseSeqBlockItems() : ParseExpr(kNone);
        if (block && !Accept(K::kBlockEnd) && !abort_) {
          ErrorHere(DiagKind::kExpectedToken, "')'");
          SkipItem();
          Accept(K::kBlockEnd);
        }
        ExpectClosing(K::kRParen, open);
        return Node(N::kParen, b, TokenIndex{}, {e});
      }
      case K::kBegin: {
        Consume();
        NodeId e = At(K::kBlockBegin) ? ParseBlock() : ErrorNode();
        Expect(K::kEnd);
        return Node(N::kParen, b, TokenIndex{}, {e});
      }
      case K::kLBracket:
      case K::kLArrayBracket:
        return ParseListOrArray();
      case K::kLBrace:
        return ParseBraces();
      case K::kTypeVariable:
        Error(DiagKind::kExpectedExpression,
              absl::StrCat("expected expression, found type parameter ", DescribeCur(),
                           " (an unterminated character literal?)"));
        return Leaf(N::kError, Consume());
      default:
        ErrorHere(DiagKind::kExpectedExpression, "expression");
        return ErrorNode();
    }
  }

  NodeId ParseListOrArray() {
    uint32_t b = Info().begin;
    bool array = At(K::kLArrayBracket);
    TokenIndex open = Consume();
    std::vector<NodeId> items;
    if (Accept(K::kBlockBegin)) {
      while (!abort_ && !At(K::kBlockEnd) && !At(K::kEndOfFile)) {
        uint32_t ib = Info().begin;
        if (At(K::kFor) || IsLetLike(Kind()) || At(K::kYield) || At(K::kIf)) {
          items.push_back(ParseSeqBlockItems());  // comprehension body
          break;
        }
        NodeId e = ParseExpr(kNone);
        if (Accept(K::kDotDot)) {
          std::vector<NodeId> parts{e, ParseExpr(kNone)};
          if (Accept(K::kDotDot)) parts.push_back(ParseExpr(kNone));
          e = Node(N::kRange, ib, TokenIndex{}, parts);
        }
        items.push_back(e);
        if (!Accept(K::kSemicolon) && !Accept(K::kBlockSeparator)) break;
        Accept(K::kBlockSeparator);
      }
      if (!At(K::kBlockEnd) && !abort_) {
        ErrorHere(DiagKind::kExpectedToken, array ? "';' or '|]'" : "';' or ']'");
        SkipItem();
      }
      Accept(K::kBlockEnd);
    }
    ExpectClosing(array ? K::kRArrayBracket : K::kRBracket, open);
    return Node(array ? N::kArray : N::kList, b, TokenIndex{}, items);
  }

  // `{ f = e; ... }`, `{ r with f = e }`, or a computation-expression body.
  NodeId ParseBraces() {
    uint32_t b = Info().begin;
    TokenIndex open = Consume();
    if (Accept(K::kRBrace)) return Node(N::kRecord, b, TokenIndex{}, {});
    if (!Expect(K::kBlockBegin)) return ErrorNode();
    NodeId result;
    if (At(K::kIdentifier) && Kind(1) == K::kEqual) {
      result = Node(N::kRecord, b, TokenIndex{}, ParseFieldInits());
    } else if (At(K::kIdentifier) && (Kind(1) == K::kWith || Kind(1) == K::kDot)) {
      // Copy-and-update source is an identifier path.
      NodeId src = ParsePostfix();
      if (Accept(K::kWith)) {
        std::vector<NodeId> children{src};
        for (NodeId f : ParseFieldInits()) children.push_back(f);
        result = Node(N::kRecordCopy, b, TokenIndex{}, children);
      } else {
        result = ParseRestOfSeqFrom(src);
      }
    } else {
      result = ParseSeqBlockItems();
      if (Accept(K::kDotDot)) {  // seq { 1 .. 10 } / seq { 10 .. -2 .. 0 }
        std::vector<NodeId> parts{result, ParseExpr(kNone)};
        if (Accept(K::kDotDot)) parts.push_back(ParseExpr(kNone));
        result = Node(N::kRange, ast_.span(parts[0]).begin, TokenIndex{}, parts);
      }
    }
    if (!At(K::kBlockEnd) && !abort_) {
      ErrorHere(DiagKind::kExpectedToken, "'}'");
      SkipItem();
    }
    Accept(K::kBlockEnd);
    ExpectClosing(K::kRBrace, open);
    return result;
  }

  // A computation body whose first item started with a parsed postfix expression.
  NodeId ParseRestOfSeqFrom(NodeId first) {
    uint32_t b = ast_.span(first).begin;
    std::vector<NodeId> items{first};
    // Continue the first item as application/operators are rare here; accept separators.
    while (!abort_ && (Accept(K::kBlockSeparator) || Accept(K::kSemicolon))) {
      if (At(K::kBlockEnd)) break;
      items.push_back(ParseSeqBlockItems());
      break;
    }
    return items.size() == 1 ? items[0] : Node(N::kSequential, b, TokenIndex{}, items);
  }

  std::vector<NodeId> ParseFieldInits() {
    std::vector<NodeId> fields;
    while (!abort_ && At(K::kIdentifier)) {
      uint32_t fb = Info().begin;
      TokenIndex name = Consume();
      while (At(K::kDot) && Kind(1) == K::kIdentifier) {  // { r with A.b = 1 }
        Consume();
        name = Consume();
      }
      Expect(K::kEqual);
      NodeId v = At(K::kBlockBegin) ? ParseBlock() : ParseExpr(kTuple);
      fields.push_back(Node(N::kFieldInit, fb, name, {v}));
      bool sep = Accept(K::kSemicolon);
      sep = Accept(K::kBlockSeparator) || sep;
      if (!sep) break;
    }
    if (fields.empty()) ErrorHere(DiagKind::kExpectedToken, "field name");
    return fields;
  }

  NodeId ParseIf() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    NodeId cond = ParseExpr(kNone);
    Expect(K::kThen);
    std::vector<NodeId> children{cond, ParseBlock()};
    if (At(K::kElif)) {
      children.push_back(ParseIf());
    } else if (Accept(K::kElse)) {
      children.push_back(ParseBlock());
    }
    return Node(N::kIf, b, kw, children);
  }

  NodeId ParseRules(std::vector<NodeId>& children) {
    // Rules may start on a new line at the `match` column: separator then `|`.
    if (At(K::kBlockSeparator) && Kind(1) == K::kBar) Consume();
    Accept(K::kBar);
    while (!abort_) {
      uint32_t rb = Info().begin;
      std::vector<NodeId> rule{ParsePattern()};
      if (At(K::kWhen)) {
        uint32_t gb = Info().begin;
        Consume();
        NodeId guard = ParseExpr(kNone);
        rule.push_back(Node(N::kGuard, gb, TokenIndex{}, {guard}));
      }
      if (Expect(K::kArrow)) {
        rule.push_back(ParseBlock());
      } else {
        rule.push_back(ErrorNode());
        // Recover at the next rule.
        while (!At(K::kBar) && !At(K::kBlockEnd) && !At(K::kBlockSeparator) && !At(K::kEndOfFile)) {
          Consume();
        }
      }
      children.push_back(Node(N::kRule, rb, TokenIndex{}, rule));
      if (At(K::kBlockSeparator) && Kind(1) == K::kBar) Consume();
      if (!Accept(K::kBar)) break;
    }
    return children.back();
  }

  NodeId ParseMatch() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    std::vector<NodeId> children{ParseExpr(kNone)};
    Expect(K::kWith);
    ParseRules(children);
    return Node(N::kMatch, b, kw, children);
  }

  NodeId ParseFunction() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    std::vector<NodeId> children;
    ParseRules(children);
    return Node(N::kFunction, b, kw, children);
  }

  NodeId ParseLambda() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    std::vector<NodeId> children;
    while (!abort_ && StartsAtomicPattern(Kind())) children.push_back(ParseAtomicPattern());
    if (children.empty()) ErrorHere(DiagKind::kExpectedPattern, "parameter pattern");
    if (Expect(K::kArrow))
      children.push_back(ParseBlock());
    else
      children.push_back(ErrorNode());
    return Node(N::kLambda, b, kw, children);
  }

  NodeId ParseTry() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    std::vector<NodeId> children{ParseBlock()};
    if (Accept(K::kFinally)) {
      children.push_back(ParseBlock());
      return Node(N::kTryFinally, b, kw, children);
    }
    Expect(K::kWith);
    ParseRules(children);
    return Node(N::kTryWith, b, kw, children);
  }

  NodeId ParseWhile() {
    uint32_t b = Info().begin;
    TokenIndex kw = Consume();
    NodeId cond = ParseExpr(kNone);
    Expect(K::kDo);
    NodeId body = ParseBlock();
    return Node(N::kWhile, b, kw, {cond, body});
  }

  NodeId ParseFor() {
    uint32_t b = Info().begin;
    Consume();
    NodeId pat = ParseTuplePattern();
    if (Accept(K::kEqual)) {
      NodeId from = ParseExpr(kNone);
      TokenIndex dir = Cur();
      if (!Accept(K::kTo) && !Accept(K::kDownto))
        ErrorHere(DiagKind::kExpectedToken, "'to' or 'downto'");
      NodeId to = ParseExpr(kNone);
      Expect(K::kDo);
      NodeId body = ParseBlock();
      return Node(N::kForTo, b, dir, {pat, from, to, body});
    }
    Expect(K::kIn);
    uint32_t sb = Info().begin;
    NodeId seq = ParseExpr(kNone);
    if (Accept(K::kDotDot)) {
      NodeId hi = ParseExpr(kNone);
      if (Accept(K::kDotDot)) {  // for i in from .. step .. to
        NodeId to = ParseExpr(kNone);
        seq = Node(N::kRange, sb, TokenIndex{}, {seq, hi, to});
      } else {
        seq = Node(N::kRange, sb, TokenIndex{}, {seq, hi});
      }
    }
    NodeId body;
    TokenIndex arrow;
    if (At(K::kArrow)) {  // [ for x in xs -> e ]: the node's token is the arrow
      arrow = Consume();
      body = ParseExpr(kNone);
    } else {
      Expect(K::kDo);
      body = ParseBlock();
    }
    return Node(N::kForIn, b, arrow, {pat, seq, body});
  }

  const TokenizedBuffer& t_;
  bool program_started_ = false;
  size_t program_file_ = 0;
  DiagnosticEngine& diags_;
  Ast ast_;
  int32_t pos_ = 0;
  uint32_t prev_end_ = 0;
  uint32_t last_error_at_ = UINT32_MAX;
  int depth_ = 0;
  int angle_split_ = 0;  // how many '>' of the current `>>...` token closed generic lists
  bool abort_ = false;
};

}  // namespace

Ast Parse(const TokenizedBuffer& tokens, DiagnosticEngine& diags) {
  return Parser(tokens, diags).Run();
}

ParseResult ParseFile(const SourceFile& source, DiagnosticEngine& diags) {
  TokenizedBuffer tokens = ApplyOffsideRule(Lex(source, diags), diags);
  Ast ast = Parse(tokens, diags);
  return ParseResult{std::move(tokens), std::move(ast)};
}

}  // namespace ccs
