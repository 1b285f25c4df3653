// Which expressions inside a computation expression are its forms (`let!`, `return`, a loop or
// branch holding one, ...) and which are ordinary expressions run for their effect: F#'s
// distinction, shared by the checker's translation and the PSG's desugaring. Internal.
#ifndef CCS_SEMA_CE_FORMS_H_
#define CCS_SEMA_CE_FORMS_H_

#include <vector>

#include "ccs/ast/ast.h"
#include "ccs/lex/tokens.h"

namespace ccs::sema {

bool IsComputationForm(const Ast& ast, const TokenizedBuffer& tokens, NodeId e);

// `let! p = e and! q = f .. in body` (or `use!`/`use`): the Binding nodes, in order, and the body
// (invalid when there is none).
struct BindChain {
  std::vector<NodeId> bindings;
  NodeId body;
};
BindChain CollectBindChain(const Ast& ast, const TokenizedBuffer& tokens, NodeId let_in);

}  // namespace ccs::sema

#endif  // CCS_SEMA_CE_FORMS_H_
