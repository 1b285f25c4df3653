// Fuzzes Protobuf's parser through our wiring (and proves the cc_fuzz_test rule and the
// `--config=fuzz` build work): any input either fails to parse or re-serializes to bytes that
// parse to an equal message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tools/smoke/smoke.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fidelity::smoke::Envelope first;
  if (!first.ParseFromArray(data, static_cast<int>(size))) return 0;
  const std::string bytes = first.SerializeAsString();
  fidelity::smoke::Envelope second;
  if (!second.ParseFromString(bytes) || second.SerializeAsString() != bytes) std::abort();
  return 0;
}
