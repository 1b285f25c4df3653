// The `dcont` dialect: delimited continuations, the form in which Alex keeps Clef's
// computation expressions (`async { }`, `actor { }`, `frosty { }`) until they become state
// machines. It mirrors the PSG's continuation marks: a RESET is `dcont.reset`, each SHIFT (let!,
// do!, receive, ...) a `dcont.shift`, each RETURN of the computation a `dcont.yield`.
//
//   %c = dcont.reset "async" : !dcont.cont<i32> {
//     %a = dcont.shift %fetch : !dcont.cont<i32> -> i32   // suspends until %fetch completes
//     %s = arith.addi %a, %one : i32
//     dcont.yield %s : i32
//   }
//
// The form is direct style: a shift's result is the value its continuation is resumed with, and
// the continuation is the rest of the reset's region after it. So the values a continuation
// needs are exactly the SSA values defined before a shift and used after it: the frame of the
// state machine that the lowering makes of each reset.
#ifndef DCONT_OPS
#define DCONT_OPS

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Dcont_Dialect : Dialect {
  let name = "dcont";
  let summary = "delimited continuations: reset, shift and the computations they delimit";
  let cppNamespace = "::alex::dcont";
  let useDefaultTypePrinterParser = 1;
}

def Dcont_ContType : TypeDef<Dcont_Dialect, "Cont"> {
  let mnemonic = "cont";
  let summary = "a cold computation that produces a value of `resultType` when run";
  let description = [{
    What `async { }` (Async<T>), `actor { }` (Actor<'m, T>) and `frosty { }` (Frosty<T>)
    evaluate to before anything runs: it can be run, awaited by a shift, or run more than once.
  }];
  let parameters = (ins "::mlir::Type":$resultType);
  let assemblyFormat = "`<` $resultType `>`";
}

class Dcont_Op<string mnemonic, list<Trait> traits = []> : Op<Dcont_Dialect, mnemonic, traits>;

def Dcont_ResetOp : Dcont_Op<"reset", [RecursiveMemoryEffects]> {
  let summary = "delimits a computation: the body runs only when the result is run";
  let description = [{
    `builder` names the computation expression the reset comes from: "async", "actor" or
    "frosty". The body may use values of the enclosing function (they become the computation's
    captures) and ends in `dcont.yield` on every path. `scoped`: the result holds no heap value
    and the program never stores one into an older location, so a run that completes on its
    awaiter's stack may release what it allocated (CLEF_ASYNC_SCOPED in the frame's flags).
  }];
  let arguments = (ins StrAttr:$builder, UnitAttr:$scoped);
  let results = (outs Dcont_ContType:$result);
  let regions = (region AnyRegion:$body);
  let assemblyFormat = "$builder (`scoped` $scoped^)? attr-dict `:` qualified(type($result)) $body";
  let hasVerifier = 1;
}

def Dcont_ShiftOp : Dcont_Op<"shift"> {
  let summary = "suspends the enclosing reset until `source` completes";
  let description = [{
    Captures the rest of the enclosing reset's body as a continuation, runs (or awaits)
    `source`, and resumes the continuation with its value, which is this op's result. Only
    inside a `dcont.reset` of the same function.
  }];
  let arguments = (ins Dcont_ContType:$source);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$source attr-dict `:` qualified(type($source)) `->` type($result)";
  let hasVerifier = 1;
}

def Dcont_YieldOp : Dcont_Op<"yield", [Terminator, HasParent<"ResetOp">, Pure]> {
  let summary = "completes the enclosing reset's computation with `value`";
  let arguments = (ins AnyType:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
  let hasVerifier = 1;
}

// Exceptions across suspensions: `try .. with` around a shift. The handler scopes of a reset are
// numbered from 1 (0: none); the frame records the active one, so a resumption with a failure
// (an exception raised in a step, or a failed awaited computation) finds its handler whatever
// state it comes back at.
def Dcont_TryOp : Dcont_Op<"try", [Terminator, HasParent<"ResetOp">]> {
  let summary = "enters handler scope `id` (inside `outer`) and goes on to `body`";
  let description = [{
    Until `dcont.end_try` (or an exception), an exception raised in the reset's computation,
    before or after its suspensions, goes to `handler`, which begins with `dcont.caught`. The
    handler is a successor so that it sees exactly the values defined before the scope.

      dcont.try 1 in 0 : ^body, ^handler
    ^body:
      %v = dcont.shift %c : !dcont.cont<i32> -> i32
      dcont.end_try 0
      cf.br ^join(%v : i32)
    ^handler:
      %e = dcont.caught 0 : !llvm.ptr
  }];
  let arguments = (ins I32Attr:$id, I32Attr:$outer);
  let successors = (successor AnySuccessor:$body, AnySuccessor:$handler);
  let assemblyFormat = "$id `in` $outer `:` $body `,` $handler attr-dict";
  let hasVerifier = 1;
}

def Dcont_EndTryOp : Dcont_Op<"end_try", [HasParent<"ResetOp">]> {
  let summary = "leaves a handler scope normally: scope `outer` is active again";
  let arguments = (ins I32Attr:$outer);
  let assemblyFormat = "$outer attr-dict";
  let hasVerifier = 1;
}

def Dcont_CaughtOp : Dcont_Op<"caught", [HasParent<"ResetOp">]> {
  let summary = "the exception a handler was entered with; scope `outer` is active again";
  let arguments = (ins I32Attr:$outer);
  let results = (outs AnyType:$exception);
  let assemblyFormat = "$outer attr-dict `:` type($exception)";
  let hasVerifier = 1;
}

#endif  // DCONT_OPS
