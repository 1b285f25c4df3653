#include "ccs/dump/dump.h"

#include "absl/status/status.h"
#include "ccs/library/library.h"
#include "ccs/lex/offside.h"
#include "ccs/lex/tokens.h"
#include "ccs/parse/parse.h"
#include "ccs/psg/print.h"
#include "ccs/sema/check.h"

namespace ccs {

absl::StatusOr<std::string> EmitStage(std::string_view stage, const SourceFile& source,
                                      DiagnosticConsumer& consumer, std::string_view format) {
  if (format != "text" && !(format == "dot" && stage == "psg")) {
    return absl::InvalidArgumentError("unknown format '" + std::string(format) + "' for stage '" + std::string(stage) +
                                      "' (text; dot for psg)");
  }
  if (stage == "types" || stage == "psg") {
    // Checked programs see the Clef library (ccs/library), as CheckProgram's do.
    const SourceFile with_library = WithLibrary(source);
    DiagnosticEngine diags(with_library, consumer);
    ParseResult r = ParseFile(with_library, diags);
    if (diags.error_count() > 0) return std::string();  // no checking of a broken parse
    if (stage == "types") return CheckFile(r, diags).signatures;
    CheckResult checked = CheckFile(r, diags, CheckOptions{.build_psg = true});
    if (!checked.psg.has_value()) return std::string();
    return format == "dot" ? psg::PrintDot(*checked.psg) : psg::PrintText(*checked.psg);
  }
  DiagnosticEngine diags(source, consumer);
  if (stage == "tokens") {
    return DumpTokens(ApplyOffsideRule(Lex(source, diags), diags));
  }
  if (stage == "ast") {
    ParseResult r = ParseFile(source, diags);
    return DumpAst(r.ast, r.tokens);
  }
  return absl::InvalidArgumentError("unknown stage '" + std::string(stage) +
                                    "' (expected tokens, ast, types or psg)");
}

SourceFile WithLibrary(const SourceFile& program) {
  return SourceFile(ClefLibrary(), program.ProgramFiles());
}

std::optional<psg::Program> CheckProgram(const SourceFile& source, DiagnosticConsumer& consumer) {
  const SourceFile with_library = WithLibrary(source);
  DiagnosticEngine diags(with_library, consumer);
  ParseResult r = ParseFile(with_library, diags);
  if (diags.error_count() > 0) return std::nullopt;
  CheckResult checked = CheckFile(r, diags, CheckOptions{.build_psg = true});
  if (diags.error_count() > 0) return std::nullopt;
  return std::move(checked.psg);
}

}  // namespace ccs
