#ifndef CCS_LEX_TOKEN_KIND_H_
#define CCS_LEX_TOKEN_KIND_H_

#include <cstdint>
#include <string_view>

namespace ccs {

enum class TokenKind : uint8_t {
#define CCS_TOKEN(Name) k##Name,
#include "ccs/lex/token_kinds.def"
};

std::string_view TokenKindName(TokenKind kind);
// The fixed spelling of keywords and symbols; empty for other kinds.
std::string_view TokenKindSpelling(TokenKind kind);
bool IsVirtual(TokenKind kind);

}  // namespace ccs

#endif  // CCS_LEX_TOKEN_KIND_H_
