#include "ccs/sema/ce_forms.h"

namespace ccs::sema {

using N = NodeKind;

bool IsComputationForm(const Ast& ast, const TokenizedBuffer& tokens, NodeId e) {
  switch (ast.kind(e)) {
    case N::kCompKeyword:
      return true;
    case N::kRange:
      return true;  // seq { 1 .. 10 } yields the range
    case N::kLetIn:
      return tokens.text(ast.token(e)) != "let" || (ast.children(e).size() > 1 && IsComputationForm(ast, tokens, ast.children(e)[1]));
    case N::kMatch:
      if (tokens.text(ast.token(e)) == "match!") return true;
      [[fallthrough]];
    case N::kTryWith: {
      auto kids = ast.children(e);
      for (size_t i = 1; i < kids.size(); ++i) {
        if (ast.kind(kids[i]) == N::kRule && IsComputationForm(ast, tokens, ast.children(kids[i])[ast.children(kids[i]).size() - 1])) return true;
      }
      return ast.kind(e) == N::kTryWith && IsComputationForm(ast, tokens, kids[0]);
    }
    case N::kSequential:
    case N::kParen:
    case N::kIf:
    case N::kWhile:
    case N::kForIn:
    case N::kForTo:
    case N::kTryFinally: {
      // `for x in xs -> e` (its token is the arrow) yields.
      if (ast.kind(e) == N::kForIn && ast.token(e).is_valid()) return true;
      auto kids = ast.children(e);
      const size_t from = ast.kind(e) == N::kIf || ast.kind(e) == N::kWhile ? 1 : ast.kind(e) == N::kForTo ? 3 : ast.kind(e) == N::kForIn ? 2 : 0;
      for (size_t i = from; i < kids.size(); ++i) {
        if (IsComputationForm(ast, tokens, kids[i])) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

BindChain CollectBindChain(const Ast& ast, const TokenizedBuffer& tokens, NodeId let_in) {
  auto kids = ast.children(let_in);
  BindChain chain;
  chain.bindings.push_back(kids[0]);
  chain.body = kids.size() > 1 ? kids[1] : NodeId();
  const bool merges = tokens.text(ast.token(let_in)) == "let!";
  while (merges && chain.body.is_valid() && ast.kind(chain.body) == N::kLetIn &&
         tokens.text(ast.token(chain.body)) == "and!") {
    auto inner = ast.children(chain.body);
    chain.bindings.push_back(inner[0]);
    chain.body = inner.size() > 1 ? inner[1] : NodeId();
  }
  return chain;
}

}  // namespace ccs::sema
