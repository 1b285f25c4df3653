// A one-op dialect that proves the gentbl_cc_library rule: ODS in, a verifying and printing
// C++ dialect out.
include "mlir/IR/OpBase.td"

def Smoke_Dialect : Dialect {
  let name = "smoke";
  let summary = "A test dialect for the tablegen wiring.";
  let cppNamespace = "::fidelity::smoke";
}

class Smoke_Op<string mnemonic, list<Trait> traits = []> : Op<Smoke_Dialect, mnemonic, traits>;

def Smoke_CountOp : Smoke_Op<"count"> {
  let summary = "Produces a non-negative i64 count.";
  let arguments = (ins I64Attr:$value);
  let results = (outs I64:$result);
  let assemblyFormat = "$value attr-dict `:` type($result)";
  let hasVerifier = 1;
}
