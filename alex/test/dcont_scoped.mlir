// RUN: clef-opt --dcont-to-state-machines %s | FileCheck %s
// A `scoped` reset's frame starts with CLEF_ASYNC_SCOPED (4) in its flags (header field 8); any other frame with 0.

// CHECK-LABEL: func.func @scoped
// CHECK: %[[FRAME:.*]] = call @clef_async_alloc
// CHECK: %[[FLAGS:.*]] = llvm.mlir.constant(4 : i64) : i64
// CHECK: %[[SLOT:.*]] = llvm.getelementptr %[[FRAME]][0, 8]
// CHECK: llvm.store %[[FLAGS]], %[[SLOT]]
func.func @scoped(%one: i32) -> !llvm.ptr {
  %c = dcont.reset "async" scoped : !dcont.cont<i32> {
    dcont.yield %one : i32
  }
  %p = builtin.unrealized_conversion_cast %c : !dcont.cont<i32> to !llvm.ptr
  return %p : !llvm.ptr
}

// CHECK-LABEL: func.func @unscoped
// CHECK: %[[FRAME:.*]] = call @clef_async_alloc
// CHECK: %[[FLAGS:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK: %[[SLOT:.*]] = llvm.getelementptr %[[FRAME]][0, 8]
// CHECK: llvm.store %[[FLAGS]], %[[SLOT]]
func.func @unscoped(%one: i32) -> !llvm.ptr {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    dcont.yield %one : i32
  }
  %p = builtin.unrealized_conversion_cast %c : !dcont.cont<i32> to !llvm.ptr
  return %p : !llvm.ptr
}
