// Any byte string must parse and type-check without crashing, hanging or asserting: the checker
// sees whatever AST the parser recovered, Error nodes included.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ccs/diag/diagnostics.h"
#include "ccs/diag/source.h"
#include "ccs/parse/parse.h"
#include "ccs/sema/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ccs::SourceFile source("fuzz.clef", std::string(reinterpret_cast<const char*>(data), size));
  ccs::CollectingConsumer consumer;
  ccs::DiagnosticEngine diags(source, consumer);
  ccs::ParseResult parsed = ccs::ParseFile(source, diags);
  ccs::CheckResult checked = ccs::CheckFile(parsed, diags, ccs::CheckOptions{.build_psg = true});
  (void)checked;
  return 0;
}
