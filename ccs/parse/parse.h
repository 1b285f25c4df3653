// Parsing Clef: source → tokens → offside rule → AST, with diagnostics.
//
//   ccs::SourceFile source("main.clef", text);
//   ccs::StringConsumer out;
//   ccs::DiagnosticEngine diags(source, out);
//   ccs::ParseResult r = ccs::ParseFile(source, diags);
//   std::string dump = ccs::DumpAst(r.ast, r.tokens);
#ifndef CCS_PARSE_PARSE_H_
#define CCS_PARSE_PARSE_H_

#include "ccs/ast/ast.h"
#include "ccs/diag/diagnostics.h"
#include "ccs/lex/tokens.h"

namespace ccs {

struct ParseResult {
  TokenizedBuffer tokens;  // after the offside rule
  Ast ast;
};

// Never fails: errors go to `diags`, and the AST holds Error nodes where recovery happened.
ParseResult ParseFile(const SourceFile& source, DiagnosticEngine& diags);

// Parses an already lexed and offside-filtered buffer.
Ast Parse(const TokenizedBuffer& tokens, DiagnosticEngine& diags);

}  // namespace ccs

#endif  // CCS_PARSE_PARSE_H_
