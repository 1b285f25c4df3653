// RUN: clef-opt %s | FileCheck %s
// The dcont ops print back as they parse (round trip), with a multi-block body and a shift on a
// value captured from the function.

// CHECK-LABEL: func.func @sequential
func.func @sequential(%fetch: !dcont.cont<i32>, %one: i32) -> !dcont.cont<i32> {
  // CHECK: %[[C:.*]] = dcont.reset "async" : !dcont.cont<i32> {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    // CHECK: %[[A:.*]] = dcont.shift %{{.*}} : !dcont.cont<i32> -> i32
    %a = dcont.shift %fetch : !dcont.cont<i32> -> i32
    %b = dcont.shift %fetch : !dcont.cont<i32> -> i32
    %small = arith.cmpi slt, %a, %b : i32
    // CHECK: cf.cond_br
    cf.cond_br %small, ^first, ^second
  ^first:
    %s = arith.addi %a, %one : i32
    // CHECK: dcont.yield %{{.*}} : i32
    dcont.yield %s : i32
  ^second:
    dcont.yield %b : i32
  }
  return %c : !dcont.cont<i32>
}

// CHECK-LABEL: func.func @nested
func.func @nested() -> !dcont.cont<i1> {
  // A reset inside a reset: the inner computation is a value the outer one awaits.
  %c = dcont.reset "actor" : !dcont.cont<i1> {
    %inner = dcont.reset "frosty" : !dcont.cont<i1> {
      %t = arith.constant true
      dcont.yield %t : i1
    }
    // CHECK: dcont.shift %{{.*}} : !dcont.cont<i1> -> i1
    %v = dcont.shift %inner : !dcont.cont<i1> -> i1
    dcont.yield %v : i1
  }
  return %c : !dcont.cont<i1>
}
