#include "ccs/dump/dump.h"

#include "absl/status/status.h"
#include "ccs/lex/offside.h"
#include "ccs/lex/tokens.h"
#include "ccs/parse/parse.h"
#include "ccs/sema/check.h"

namespace ccs {

absl::StatusOr<std::string> EmitStage(std::string_view stage, const SourceFile& source,
                                      DiagnosticConsumer& consumer) {
  DiagnosticEngine diags(source, consumer);
  if (stage == "tokens") {
    return DumpTokens(ApplyOffsideRule(Lex(source, diags), diags));
  }
  if (stage == "ast") {
    ParseResult r = ParseFile(source, diags);
    return DumpAst(r.ast, r.tokens);
  }
  if (stage == "types") {
    ParseResult r = ParseFile(source, diags);
    if (diags.error_count() > 0) return std::string();  // no checking of a broken parse
    return CheckFile(r, diags).signatures;
  }
  return absl::InvalidArgumentError("unknown stage '" + std::string(stage) +
                                    "' (expected tokens, ast or types)");
}

}  // namespace ccs
