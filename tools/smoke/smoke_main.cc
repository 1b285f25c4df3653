// `bazel run //tools/smoke`: exercises every third_party wire once and reports what it saw.
// This is the project's main job until composer exists.
#include <cstdio>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "tools/smoke/mlir_lowering.h"
#include "tools/smoke/smoke.pb.h"

int main() {
  absl::flat_hash_map<std::string, int> wires;

  fidelity::smoke::Envelope envelope;
  envelope.set_id(1);
  envelope.set_payload("zero-copy where possible");
  envelope.set_timestamp(2.25);
  const std::string bytes = envelope.SerializeAsString();
  fidelity::smoke::Envelope decoded;
  const bool proto_ok = decoded.ParseFromString(bytes) && decoded.payload() == envelope.payload();
  wires["protobuf"] = proto_ok;
  std::printf("protobuf: %zu-byte Envelope round trip %s\n", bytes.size(),
              proto_ok ? "ok" : "FAILED");

  absl::StatusOr<std::string> ir = fidelity::smoke::LowerToLlvmIr(R"mlir(
func.func @answer() -> i64 {
  %six = arith.constant 6 : i64
  %seven = arith.constant 7 : i64
  %product = arith.muli %six, %seven : i64
  return %product : i64
}
)mlir");
  wires["mlir"] = ir.ok();
  if (ir.ok()) {
    std::printf("mlir: func/arith lowered to LLVM IR:\n%s", ir->c_str());
  } else {
    std::printf("mlir: FAILED: %s\n", std::string(ir.status().message()).c_str());
  }

  int failures = 0;
  for (const auto& [name, ok] : wires) failures += ok ? 0 : 1;
  std::printf("%s\n",
              absl::StrFormat("%d of %d wires ok", wires.size() - failures, wires.size()).c_str());
  return failures == 0 ? 0 : 1;
}
