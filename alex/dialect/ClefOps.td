// The `clef` dialect: the few operations Alex needs that the standard dialects do not offer
// before conversion to LLVM (a function's address as a closure code pointer, allocation in
// the program's region, immutable string constants in the runtime's layout). Everything else
// Alex emits is func, arith, cf and llvm.
#ifndef CLEF_OPS
#define CLEF_OPS

include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Clef_Dialect : Dialect {
  let name = "clef";
  let summary = "Clef values that need more than the standard dialects";
  let cppNamespace = "::alex::clef";
}

class Clef_Op<string mnemonic, list<Trait> traits = []> : Op<Clef_Dialect, mnemonic, traits>;

def Clef_PtrType : Type<CPred<"::llvm::isa<::mlir::LLVM::LLVMPointerType>($_self)">,
                        "LLVM pointer", "::mlir::LLVM::LLVMPointerType">;

def Clef_FuncAddrOp : Clef_Op<"func_addr", [Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "the address of a function, as a closure's code pointer";
  let arguments = (ins FlatSymbolRefAttr:$callee);
  let results = (outs Clef_PtrType:$result);
  let assemblyFormat = "$callee attr-dict `:` type($result)";
}

def Clef_AllocOp : Clef_Op<"alloc"> {
  let summary = "one zero-filled object of `elem_type` in the current region";
  let description = [{
    Lowers to a call of the runtime's `clef_alloc(sizeof(elem_type), alignof)`. Every heap
    value of a Clef program (cons cells, union cases, closures, cells) is made by this op, so
    the region rule of alex/README.md holds in one place.
  }];
  let arguments = (ins TypeAttr:$elem_type);
  let results = (outs Clef_PtrType:$result);
  let assemblyFormat = "$elem_type attr-dict `:` type($result)";
}

def Clef_StringOp : Clef_Op<"string", [Pure]> {
  let summary = "a string constant in the runtime's layout {i64 length, bytes, NUL}";
  let arguments = (ins StrAttr:$value);
  let results = (outs Clef_PtrType:$result);
  let assemblyFormat = "$value attr-dict `:` type($result)";
}

#endif  // CLEF_OPS
