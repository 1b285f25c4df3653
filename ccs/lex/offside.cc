#include "ccs/lex/offside.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"

namespace ccs {
namespace {

using K = TokenKind;

// The contexts of spec section 15.1.4, reduced to what the first-version language needs.
// Blocks correspond to CtxtSeqBlock; the others are markers that decide what a later token
// (`=`, `->`, `with`, `in`, `else`) does.
enum class Ctx : uint8_t { kBlock, kParen, kLet, kIf, kTry, kMatch, kArms, kFun, kFor };

struct Entry {
  Ctx ctx;
  uint32_t column;
  TokenKind opener;      // the token that opened the context
  uint32_t limit = 0;    // kBlock: a line starting left of this column ends the block
  bool eq_seen = false;  // kLet: its `=` already pushed the body block
};

// An interpolated string's holes are bracketed by its text tokens: `$"a{` opens, `}b{` closes and
// opens, `}c"` closes.
bool IsCloser(TokenKind k) {
  return k == K::kRParen || k == K::kRBracket || k == K::kRArrayBracket || k == K::kRBrace ||
         k == K::kEnd || k == K::kInterpPart || k == K::kInterpEnd;
}
bool IsOpener(TokenKind k) {
  return k == K::kLParen || k == K::kLBracket || k == K::kLArrayBracket || k == K::kLBrace ||
         k == K::kBegin || k == K::kInterpStart || k == K::kInterpPart;
}

// Tokens that continue the current construct when they start a line, so no separator is
// inserted before them (spec 15.1.9 "permitted undentations" and 15.1.10 infix tokens).
bool ContinuesLine(TokenKind k) {
  switch (k) {
    case K::kOperator:
    case K::kBar:
    case K::kEqual:
    case K::kColonColon:
    case K::kColonEqual:
    case K::kColonGreater:
    case K::kColonQuestionGreater:
    case K::kThen:
    case K::kElse:
    case K::kElif:
    case K::kWith:
    case K::kAnd:
    case K::kIn:
    case K::kFinally:
    case K::kDone:
    case K::kDo:
    case K::kTo:
    case K::kDownto:
    case K::kArrow:
    case K::kLeftArrow:
    case K::kSemicolon:
    case K::kComma:
    case K::kDotDot:
    case K::kColon:
    case K::kEndOfFile:
    case K::kRParen:
    case K::kRBracket:
    case K::kRArrayBracket:
    case K::kRBrace:
    case K::kEnd:
    case K::kOf:
    case K::kInterpPart:
    case K::kInterpEnd:
    case K::kInterpFormat:
      return true;
    default:
      return false;
  }
}

// Infix tokens may be offside by their length plus one (spec 15.1.10), e.g.
//   let x = a
//         + b   or   xs
//                    |> f
bool IsInfix(TokenKind k) {
  return k == K::kOperator || k == K::kColonColon || k == K::kColonEqual || k == K::kEqual;
}

class OffsidePass {
 public:
  OffsidePass(TokenizedBuffer& in, DiagnosticEngine& diags)
      : in_(in), diags_(diags), out_(in.source()) {}

  TokenizedBuffer Run() {
    pending_ = K::kEndOfFile;  // the whole file is one block
    has_pending_ = true;
    for (int32_t i = 0; i < in_.size(); ++i) {
      TokenIndex t = in_.at(i);
      const auto& info = in_.info(t);
      if (info.kind == K::kEndOfFile) {
        if (has_pending_ && stack_.empty()) PushPending(info);
        while (!stack_.empty()) {
          if (stack_.back().ctx == Ctx::kBlock) EmitVirtual(K::kBlockEnd, info);
          stack_.pop_back();
        }
        out_.Add(info);
        break;
      }
      Process(info);
    }
    out_.TakeLiteralsFrom(in_);
    return std::move(out_);
  }

 private:
  using Info = TokenizedBuffer::TokenInfo;

  void EmitVirtual(TokenKind kind, const Info& at) {
    Info v = at;
    v.kind = kind;
    v.end = v.begin;
    v.first_on_line = false;
    v.payload = 0;
    out_.Add(v);
  }

  void PushPending(const Info& t) {
    has_pending_ = false;
    // The body of a `let`/`type` may be undented to just right of the keyword (spec 15.1.9),
    //   let f = function
    //       | A -> 1
    uint32_t limit = pending_limit_ != 0 ? std::min(pending_limit_, t.column) : t.column;
    stack_.push_back({Ctx::kBlock, t.column, pending_, limit});
    EmitVirtual(K::kBlockBegin, t);
  }

  // Pops everything above the nearest context satisfying `stop`, emitting BlockEnd for blocks;
  // never pops past a parenthesis. Returns the index of the found context or -1.
  template <typename Pred>
  int PopTo(const Info& at, Pred stop) {
    int found = -1;
    for (int i = static_cast<int>(stack_.size()) - 1; i >= 0; --i) {
      if (stop(stack_[i])) {
        found = i;
        break;
      }
      if (stack_[i].ctx == Ctx::kParen) return -1;
    }
    if (found < 0) return -1;
    while (static_cast<int>(stack_.size()) - 1 > found) {
      if (stack_.back().ctx == Ctx::kBlock) EmitVirtual(K::kBlockEnd, at);
      stack_.pop_back();
    }
    return found;
  }

  // The index of the nearest block, looking through markers but not past a parenthesis.
  int NearestBlock() const {
    for (int i = static_cast<int>(stack_.size()) - 1; i >= 0; --i) {
      if (stack_[i].ctx == Ctx::kBlock) return i;
      if (stack_[i].ctx == Ctx::kParen) return -1;
    }
    return -1;
  }

  void NewLine(const Info& t) {
    uint32_t c = t.column;
    if (IsInfix(t.kind)) c += (t.end - t.begin) + 1;
    // The outermost block lives until the end of the file.
    while (stack_.size() > 1) {
      const Entry& top = stack_.back();
      if (top.ctx == Ctx::kParen) break;
      if (top.ctx == Ctx::kBlock) {
        if (top.limit <= c) break;
        EmitVirtual(K::kBlockEnd, t);
        stack_.pop_back();
        continue;
      }
      if (top.ctx == Ctx::kLet && top.column >= c) {
        stack_.pop_back();
        continue;
      }
      int below = NearestBlock();
      if (below >= 0 && stack_[below].limit > c && below > 0) {
        stack_.pop_back();
        continue;
      }
      break;
    }
    if (ContinuesLine(t.kind)) return;
    int block = NearestBlock();
    if (block >= 0 && stack_[block].column == c) {
      // A new item of the block: markers of the previous item are finished.
      stack_.resize(block + 1);
      EmitVirtual(K::kBlockSeparator, t);
    }
  }

  void Process(const Info& t) {
    TokenKind k = t.kind;
    if (t.first_on_line) line_column_ = t.column;
    if (has_pending_) {
      if (IsCloser(k) && IsOpener(pending_)) {
        has_pending_ = false;  // `()`, `[]`, `[||]`, `{}`
      } else {
        if (t.first_on_line) CheckBodyIndentation(t);
        PushPending(t);
      }
    } else if (t.first_on_line) {
      NewLine(t);
    }

    // Token-specific context changes before the token itself.
    if (IsCloser(k)) {
      if (PopTo(t, [](const Entry& e) { return e.ctx == Ctx::kParen; }) >= 0) stack_.pop_back();
    } else if (k == K::kIn) {
      // `let .. in` ends the let; `for x in` only its `for` (which may sit inside a let's body).
      if (PopTo(t, [](const Entry& e) { return e.ctx == Ctx::kLet || e.ctx == Ctx::kFor; }) >= 0) {
        stack_.pop_back();
      }
    } else if (k == K::kDo && !stack_.empty() && stack_.back().ctx == Ctx::kFor) {
      stack_.pop_back();  // for i = a to b do
    } else if (k == K::kThen || k == K::kElse || k == K::kElif) {
      PopTo(t, [](const Entry& e) { return e.ctx == Ctx::kIf; });
    } else if (k == K::kWith) {
      int i = PopTo(t, [](const Entry& e) { return e.ctx == Ctx::kMatch || e.ctx == Ctx::kTry; });
      if (i >= 0) stack_[i].ctx = Ctx::kArms;
    } else if (k == K::kFinally) {
      if (PopTo(t, [](const Entry& e) { return e.ctx == Ctx::kTry; }) >= 0) stack_.pop_back();
    } else if (k == K::kBar) {
      while (!stack_.empty() && stack_.back().ctx == Ctx::kBlock &&
             stack_.back().opener == K::kArrow && stack_.size() > 1) {
        EmitVirtual(K::kBlockEnd, t);
        stack_.pop_back();
      }
    }

    out_.Add(t);

    // Contexts the token opens.
    switch (k) {
      case K::kLParen:
      case K::kLBracket:
      case K::kLArrayBracket:
      case K::kLBrace:
      case K::kBegin:
      case K::kInterpStart:
      case K::kInterpPart:
        stack_.push_back({Ctx::kParen, t.column, k});
        SetPending(k);
        break;
      case K::kLet:
      case K::kLetBang:
      case K::kUse:
      case K::kUseBang:
      case K::kAnd:
      case K::kAndBang:
      case K::kType:
      case K::kModule:
      case K::kMember:
        stack_.push_back({Ctx::kLet, t.column, k});
        break;
      case K::kEqual:
        if (!stack_.empty() && stack_.back().ctx == Ctx::kLet && !stack_.back().eq_seen) {
          stack_.back().eq_seen = true;
          SetPending(k, stack_.back().column + 1);
        }
        break;
      case K::kIf:
        stack_.push_back({Ctx::kIf, t.column, k});
        break;
      case K::kMatch:
      case K::kMatchBang:
        stack_.push_back({Ctx::kMatch, t.column, k});
        break;
      case K::kFunction:
        stack_.push_back({Ctx::kArms, t.column, k});
        break;
      case K::kFun:
        stack_.push_back({Ctx::kFun, t.column, k});
        break;
      case K::kFor:
        stack_.push_back({Ctx::kFor, t.column, k});
        break;
      case K::kTry:
        stack_.push_back({Ctx::kTry, t.column, k});
        SetPending(k);
        break;
      case K::kArrow:
        if (!stack_.empty() && stack_.back().ctx == Ctx::kFun) {
          stack_.pop_back();
          SetPending(k);
        } else if (!stack_.empty() && stack_.back().ctx == Ctx::kArms) {
          SetPending(k);
        }
        break;
      case K::kThen:
      case K::kElse:
      case K::kDo:
      case K::kFinally:
        SetPending(k);
        break;
      default:
        break;
    }
  }

  // A body on its own line must not start left of the line that opened it (spec 15.1.9), and a
  // `let` body must be right of its `let`. F# permits more undentation than this checks for
  // (brackets, lambdas in arguments), so the check errs towards silence.
  void CheckBodyIndentation(const Info& t) {
    if (IsOpener(pending_) || stack_.empty()) return;
    uint32_t min_column = pending_limit_ != 0 ? pending_limit_ : pending_line_column_;
    if (t.column >= min_column) return;
    diags_.Emit(DiagKind::kPossibleIncorrectIndentation, Span{t.begin, t.end},
                absl::StrCat("possible incorrect indentation: this token is offside of the "
                             "context; indent it to at least column ",
                             min_column));
  }

  void SetPending(TokenKind opener, uint32_t limit = 0) {
    has_pending_ = true;
    pending_ = opener;
    pending_limit_ = limit;
    pending_line_column_ = line_column_;
  }

  TokenizedBuffer& in_;
  DiagnosticEngine& diags_;
  TokenizedBuffer out_;
  std::vector<Entry> stack_;
  bool has_pending_ = false;
  TokenKind pending_ = K::kEndOfFile;
  uint32_t pending_limit_ = 0;
  uint32_t pending_line_column_ = 1;
  uint32_t line_column_ = 1;  // column of the first token on the current line
};

}  // namespace

TokenizedBuffer ApplyOffsideRule(TokenizedBuffer lexed, DiagnosticEngine& diags) {
  return OffsidePass(lexed, diags).Run();
}

}  // namespace ccs
