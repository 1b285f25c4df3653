// F#'s offside rule for light syntax (F# 4.1 spec, chapter 15 "Lightweight Syntax"), as a pass
// from the lexer's tokens to a stream where indentation is explicit:
//
//   BlockBegin      before the first token of a block (after `=` of a `let`/`type`, `->` of a
//                   match rule or lambda, `then`, `else`, `do`, `try`, `finally`, and inside
//                   `( [ [| { begin`),
//   BlockSeparator  before a token that starts a new line at exactly the block's column,
//   BlockEnd        when a token is offside (left of the block's column) or a closing token
//                   (`) ] |] } end in else elif with |`) ends the construct that opened it.
//
// The parser therefore never looks at columns.
#ifndef CCS_LEX_OFFSIDE_H_
#define CCS_LEX_OFFSIDE_H_

#include "ccs/lex/tokens.h"

namespace ccs {

// Consumes `lexed` (its literal tables move to the result). A block body that starts offside
// of its context gets F#'s "possible incorrect indentation" warning (FS0058).
TokenizedBuffer ApplyOffsideRule(TokenizedBuffer lexed, DiagnosticEngine& diags);

}  // namespace ccs

#endif  // CCS_LEX_OFFSIDE_H_
