// RUN: clef-opt --dcont-to-state-machines %s | FileCheck %s
// A reset with two suspensions becomes a frame and a resume function that switches on the state.
// The frame: the header (10 fields), the captures (%fetch, %one), one result slot per shift; %a,
// a shift's value used after the second shift, is read from its slot, not spilled again.

// CHECK-LABEL: func.func @sequential
// CHECK: %[[FRAME:.*]] = call @clef_async_alloc
// CHECK: clef.func_addr @clef.resume.0
// CHECK: llvm.getelementptr %[[FRAME]][0, 10] {{.*}}!llvm.struct<(ptr, i32, i32, ptr, ptr, ptr, array<3 x i64>, i64, i64, ptr, ptr, i32, i32, i32)>
// CHECK-NOT: dcont.
// CHECK: return
func.func @sequential(%fetch: !llvm.ptr, %one: i32) -> !llvm.ptr {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    %f = builtin.unrealized_conversion_cast %fetch : !llvm.ptr to !dcont.cont<i32>
    %a = dcont.shift %f : !dcont.cont<i32> -> i32
    %b = dcont.shift %f : !dcont.cont<i32> -> i32
    %s = arith.addi %a, %b : i32
    %t = arith.addi %s, %one : i32
    dcont.yield %t : i32
  }
  %p = builtin.unrealized_conversion_cast %c : !dcont.cont<i32> to !llvm.ptr
  return %p : !llvm.ptr
}

// CHECK-LABEL: func.func private @clef.resume.0(
// CHECK: cf.br ^[[DISPATCH:bb[0-9]+]]
// The first state awaits %fetch; when it completed at once, straight back to the dispatch.
// CHECK: %[[DONE:.*]] = call @clef_async_await
// CHECK: cf.cond_br %{{.*}}, ^[[DISPATCH]], ^
// CHECK: call @clef_async_await
// The last state stores the result through the frame's result pointer and completes.
// CHECK: llvm.store
// CHECK: call @clef_async_complete
// CHECK: ^[[DISPATCH]]:
// CHECK: cf.switch
// CHECK-NEXT: default: ^
// CHECK-NEXT: 0: ^
// CHECK-NEXT: 1: ^
// CHECK-NEXT: 2: ^
