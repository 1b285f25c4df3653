// RUN: clef-opt --dcont-to-state-machines %s | FileCheck %s
// try/with around a shift: the frame gets a field for the active handler scope (10, right after
// the header) and CLEF_ASYNC_CATCHES (8) in its flags. dcont.try, dcont.end_try and
// dcont.caught store the scope; a resumption with status FROSTY_FAILED (2) switches on it: to
// the handler of scope 1, or, with no scope active, to clef_async_fail.

// CHECK-LABEL: func.func @handled
// CHECK: %[[FRAME:.*]] = call @clef_async_alloc
// CHECK: %[[FLAGS:.*]] = llvm.mlir.constant(8 : i64) : i64
// CHECK: %[[SLOT:.*]] = llvm.getelementptr %[[FRAME]][0, 8]
// CHECK: llvm.store %[[FLAGS]], %[[SLOT]]
// CHECK-NOT: dcont.
// CHECK: return
func.func @handled(%fetch: !llvm.ptr, %fallback: i32) -> !llvm.ptr {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    dcont.try 1 in 0 : ^body, ^handler
  ^body:
    %f = builtin.unrealized_conversion_cast %fetch : !llvm.ptr to !dcont.cont<i32>
    %a = dcont.shift %f : !dcont.cont<i32> -> i32
    dcont.end_try 0
    cf.br ^join(%a : i32)
  ^handler:
    %e = dcont.caught 0 : !llvm.ptr
    cf.br ^join(%fallback : i32)
  ^join(%v: i32):
    dcont.yield %v : i32
  }
  %p = builtin.unrealized_conversion_cast %c : !dcont.cont<i32> to !llvm.ptr
  return %p : !llvm.ptr
}

// CHECK-LABEL: func.func private @clef.resume.0(
// State 0 starts with no scope active, then enters scope 1.
// CHECK: %[[NONE:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK: %[[AT:.*]] = llvm.getelementptr %arg0[0, 10]
// CHECK: llvm.store %[[NONE]], %[[AT]]
// CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK: %[[AT1:.*]] = llvm.getelementptr %arg0[0, 10]
// CHECK: llvm.store %[[ONE]], %[[AT1]]
// CHECK: call @clef_async_await
// The handler restores the outer scope and takes the exception.
// CHECK: llvm.getelementptr %arg0[0, 10]
// CHECK: call @clef_async_caught(%arg0)
// The dispatch: a failed resumption goes to the active scope's handler.
// CHECK: %[[STATUS_AT:.*]] = llvm.getelementptr %arg0[0, 2]
// CHECK: %[[STATUS:.*]] = llvm.load %[[STATUS_AT]]
// CHECK: %[[FAILED:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK: llvm.icmp "eq" %[[STATUS]], %[[FAILED]]
// CHECK: llvm.getelementptr %arg0[0, 10]
// CHECK: cf.switch
// CHECK-NEXT: default: ^[[NO_SCOPE:bb[0-9]+]]
// CHECK-NEXT: 1: ^
// CHECK: ^[[NO_SCOPE]]:
// CHECK-NEXT: call @clef_async_fail(%arg0)
