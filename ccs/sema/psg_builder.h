// Builds the PSG (ccs/psg/psg.proto) from a checked file: desugaring (computation expressions
// of user builders into their method calls; the built-in async/actor/frosty ones into
// continuation marks), static resolution (inline and small functions inlined at full
// applications, generic functions monomorphized per instantiation), decision trees for every
// match, each closure's captures, each suspension's live variables, escaping mutable cells.
// Internal to //ccs/sema.
#ifndef CCS_SEMA_PSG_BUILDER_H_
#define CCS_SEMA_PSG_BUILDER_H_

#include "ccs/ast/ast.h"
#include "ccs/lex/tokens.h"
#include "ccs/psg/psg.pb.h"
#include "ccs/sema/typed.h"

namespace ccs::sema {

psg::Program BuildPsg(const Ast& ast, const TokenizedBuffer& tokens, const TypedProgram& typed);

}  // namespace ccs::sema

#endif  // CCS_SEMA_PSG_BUILDER_H_
