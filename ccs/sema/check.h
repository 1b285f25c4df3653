// Static checking of a parsed Clef file: name resolution and Hindley–Milner type inference.
//
//   ccs::ParseResult parsed = ccs::ParseFile(source, diags);
//   ccs::CheckResult checked = ccs::CheckFile(parsed, diags);
//   std::cout << checked.signatures;   // val area: Shape -> float ...
//
// What it does (F#'s rules unless noted in ccs/README.md):
// - Names: modules (`module M =` and a `module A.B` header), `open`, shadowing, `let rec .. and`
//   groups; an unknown name is an error with a "did you mean" suggestion.
// - Types: let-polymorphism with F#'s value restriction; records (fields resolved by label, the
//   latest declaration wins), unions (generic, recursive), tuples, functions, lists, arrays,
//   options, unit and the primitive types; type annotations; arithmetic on one numeric type at
//   a time (`1 + 1.0` is an error), defaulting to int when nothing else decides.
// - Mutable locals: a closure may capture one, as F# 4.0 and later allow (the PSG marks it
//   `escapes`; Alex makes it a heap cell).
// - Pattern matching: incomplete matches (FS0025) and rules never matched (FS0026) are warned.
// - A prelude of the library the seeds use (List, Option, String, printf family, ...).
#ifndef CCS_SEMA_CHECK_H_
#define CCS_SEMA_CHECK_H_

#include <optional>
#include <string>

#include "ccs/diag/diagnostics.h"
#include "ccs/parse/parse.h"
#include "ccs/psg/psg.pb.h"

namespace ccs {

struct CheckResult {
  // One line per top-level value, in declaration order, as F# signature files write them:
  //   val sum: int list -> int
  // Nested modules are indented under `module M =`.
  std::string signatures;
  bool ok = false;  // no errors
  // The Program Semantic Graph (ccs/psg/psg.proto), when asked for and the file has no errors.
  std::optional<psg::Program> psg;
};

struct CheckOptions {
  bool build_psg = false;
};

CheckResult CheckFile(const ParseResult& parsed, DiagnosticEngine& diags, const CheckOptions& options = {});

}  // namespace ccs

#endif  // CCS_SEMA_CHECK_H_
