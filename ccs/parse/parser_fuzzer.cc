// Any byte string must lex, lay out and parse without crashing, hanging or asserting.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ccs/parse/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ccs::SourceFile source("fuzz.clef", std::string(reinterpret_cast<const char*>(data), size));
  ccs::CollectingConsumer consumer;
  ccs::DiagnosticEngine diags(source, consumer);
  ccs::ParseResult r = ccs::ParseFile(source, diags);
  (void)ccs::DumpAst(r.ast, r.tokens);
  return 0;
}
