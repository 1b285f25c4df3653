// The printers behind `composer emit --stage=tokens|ast` (and //ccs:ccs_dump until the driver
// exists).
#ifndef CCS_DUMP_DUMP_H_
#define CCS_DUMP_DUMP_H_

#include <string>
#include <string_view>

#include <optional>

#include "absl/status/statusor.h"
#include "ccs/psg/psg.pb.h"
#include "ccs/diag/diagnostics.h"
#include "ccs/diag/source.h"

namespace ccs {

// stage "tokens": the token stream after the offside rule (virtual tokens included);
// stage "ast": the AST dump; "types": the inferred signatures; "psg": the Program Semantic
// Graph (format "text", or "dot" for Graphviz). Diagnostics go to `consumer`. Unknown stage
// or format: InvalidArgument.
absl::StatusOr<std::string> EmitStage(std::string_view stage, const SourceFile& source,
                                      DiagnosticConsumer& consumer, std::string_view format = "text");

// The program's file after the Clef library's files (ccs/library), as the checker sees it.
SourceFile WithLibrary(const SourceFile& program);
// The whole front end (the program with the Clef library): the checked program's PSG, or nullopt
// when `consumer` got an error.
std::optional<psg::Program> CheckProgram(const SourceFile& source, DiagnosticConsumer& consumer);

}  // namespace ccs

#endif  // CCS_DUMP_DUMP_H_
