// RUN: clef-opt --clef-calling-convention %s | FileCheck %s
// Functions marked clef.fastcc get fastcc, so do direct calls of them; a call marked clef.tail
// of such a function becomes a `tail` call. C functions and their calls keep the C convention.

// CHECK-LABEL: llvm.func fastcc @even
llvm.func @even(%n: i32) -> i1 attributes {clef.fastcc} {
  %c = llvm.mlir.constant(1 : i32) : i32
  %m = llvm.sub %n, %c : i32
  // CHECK: llvm.call fastcc tail @odd
  %r = llvm.call @odd(%m) {clef.tail} : (i32) -> i1
  llvm.return %r : i1
}

// CHECK-LABEL: llvm.func fastcc @odd
llvm.func @odd(%n: i32) -> i1 attributes {clef.fastcc} {
  // CHECK: llvm.call fastcc @even
  // CHECK-NOT: tail
  %r = llvm.call @even(%n) : (i32) -> i1
  // CHECK: llvm.call @puts
  %s = llvm.mlir.zero : !llvm.ptr
  %x = llvm.call @puts(%s) {clef.tail} : (!llvm.ptr) -> i32
  llvm.return %r : i1
}

// CHECK-LABEL: llvm.func @puts
llvm.func @puts(!llvm.ptr) -> i32
