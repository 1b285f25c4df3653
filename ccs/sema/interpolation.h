// Interpolated strings as F# reads them: a printf format with the holes as its arguments.
//
//   $"{x} is %d{n} or {f,8:N2}"   →   format "%{}O is %d or %{,8:N2}O", holes x, n, f
//
// A hole right after a conversion (`%d{n}`) is that conversion's argument; any other hole is
// `%{ALIGNMENT_AND_FORMAT}O`: .NET's ToString (which F# uses; null and () print nothing) with its
// `,alignment:format`, an extension of the printf grammar only interpolations produce.
#ifndef CCS_SEMA_INTERPOLATION_H_
#define CCS_SEMA_INTERPOLATION_H_

#include <string>
#include <vector>

#include "ccs/ast/ast.h"
#include "ccs/lex/tokens.h"

namespace ccs::sema {

struct Interpolation {
  std::string format;
  std::vector<NodeId> holes;  // the expressions, in order
};

// `node` is an Interpolated AST node.
Interpolation ReadInterpolation(const Ast& ast, const TokenizedBuffer& tokens, NodeId node);

}  // namespace ccs::sema

#endif  // CCS_SEMA_INTERPOLATION_H_
