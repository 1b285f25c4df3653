// RUN: clef-opt --clef-to-llvm %s | FileCheck %s
// clef.string becomes one constant global per text, clef.alloc a clef_alloc call sized by the
// null-GEP idiom, clef.func_addr an llvm.mlir.addressof.

// CHECK-DAG: llvm.mlir.global internal constant @clef.str.{{[0-9]+}}() {{.*}}clef.text = "hi"{{.*}} : !llvm.struct<(i64, array<3 x i8>)>
// CHECK-DAG: llvm.func @clef_alloc(i64, i64) -> (!llvm.ptr {llvm.noalias})
llvm.func @target(%arg0: !llvm.ptr, %arg1: i32) -> i32 {
  llvm.return %arg1 : i32
}

// CHECK-LABEL: llvm.func @uses
llvm.func @uses() -> !llvm.ptr {
  // CHECK: llvm.mlir.addressof @clef.str.{{[0-9]+}} : !llvm.ptr
  %0 = clef.string "hi" : !llvm.ptr
  // CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
  // CHECK: %[[END:.*]] = llvm.getelementptr %[[NULL]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, f64)>
  // CHECK: %[[SIZE:.*]] = llvm.ptrtoint %[[END]] : !llvm.ptr to i64
  // CHECK: llvm.call @clef_alloc(%[[SIZE]], %{{.*}}) : (i64, i64) -> !llvm.ptr
  %1 = clef.alloc !llvm.struct<(i32, f64)> : !llvm.ptr
  // CHECK: llvm.mlir.addressof @target : !llvm.ptr
  %2 = clef.func_addr @target : !llvm.ptr
  // CHECK-NOT: clef.
  llvm.return %1 : !llvm.ptr
}
