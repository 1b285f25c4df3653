// Lexing Clef source into a compact token buffer.
//
//   ccs::TokenizedBuffer tokens = ccs::Lex(source, diags);
//   for (ccs::TokenIndex t : tokens.indices()) { tokens.kind(t); tokens.line(t); ... }
#ifndef CCS_LEX_TOKENS_H_
#define CCS_LEX_TOKENS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ccs/diag/diagnostics.h"
#include "ccs/diag/source.h"
#include "ccs/lex/token_kind.h"

namespace ccs {

// A typed index into a TokenizedBuffer (Carbon-style), so token positions cannot be confused
// with other integers.
struct TokenIndex {
  int32_t index = -1;
  bool is_valid() const { return index >= 0; }
  friend bool operator==(TokenIndex a, TokenIndex b) { return a.index == b.index; }
  friend bool operator!=(TokenIndex a, TokenIndex b) { return a.index != b.index; }
};

class TokenizedBuffer {
 public:
  struct TokenInfo {
    TokenKind kind;
    bool first_on_line;  // no other token precedes it on its line
    uint32_t begin;      // byte range in the source; virtual tokens are empty
    uint32_t end;
    uint32_t line;     // 1-based
    uint32_t column;   // 1-based
    uint32_t payload;  // literal table index (ints, floats, strings), else 0
  };

  explicit TokenizedBuffer(const SourceFile& source) : source_(&source) {}

  int32_t size() const { return static_cast<int32_t>(tokens_.size()); }
  TokenIndex at(int32_t i) const { return TokenIndex{i}; }
  TokenKind kind(TokenIndex t) const { return tokens_[t.index].kind; }
  const TokenInfo& info(TokenIndex t) const { return tokens_[t.index]; }
  Span span(TokenIndex t) const { return {tokens_[t.index].begin, tokens_[t.index].end}; }
  std::string_view text(TokenIndex t) const;
  uint64_t int_value(TokenIndex t) const { return ints_[tokens_[t.index].payload]; }
  double float_value(TokenIndex t) const { return floats_[tokens_[t.index].payload]; }
  // The decoded value of a string or char literal (escapes resolved).
  const std::string& string_value(TokenIndex t) const { return strings_[tokens_[t.index].payload]; }
  const SourceFile& source() const { return *source_; }

  // Building (used by the lexer and the offside pass).
  TokenIndex Add(const TokenInfo& info);
  uint32_t AddInt(uint64_t v);
  uint32_t AddFloat(double v);
  uint32_t AddString(std::string v);
  // Moves `other`'s literal tables here (the offside pass rewrites tokens, not literals).
  void TakeLiteralsFrom(TokenizedBuffer& other);

 private:
  const SourceFile* source_;
  std::vector<TokenInfo> tokens_;
  std::vector<uint64_t> ints_;
  std::vector<double> floats_;
  std::vector<std::string> strings_;
};

// Lexes `source`; reports errors to `diags` and always ends the buffer with kEndOfFile.
TokenizedBuffer Lex(const SourceFile& source, DiagnosticEngine& diags);

// One line per token: "LINE:COL Kind `spelling`" plus the decoded value of literals.
std::string DumpTokens(const TokenizedBuffer& tokens);

}  // namespace ccs

#endif  // CCS_LEX_TOKENS_H_
