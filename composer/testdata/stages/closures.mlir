module {
  func.func private @clef_runtime_exit(i32) -> i32
  func.func private @clef_fmt_print(!llvm.ptr, i32, i32)
  func.func private @clef_fmt_literal(!llvm.ptr, !llvm.ptr, i64)
  func.func private @clef_fmt_int32(!llvm.ptr, i32, i32, i32, i32, i32)
  func.func private @clef_fmt_new() -> !llvm.ptr
  llvm.mlir.global internal @clef.g.triple.8() {addr_space = 0 : i32} : !llvm.ptr {
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }
  func.func private @clef_runtime_init(i32, !llvm.ptr)
  func.func @main(%arg0: i32, %arg1: !llvm.ptr) -> i32 {
    call @clef_runtime_init(%arg0, %arg1) : (i32, !llvm.ptr) -> ()
    %c3_i32 = arith.constant 3 : i32
    %0 = clef.alloc !llvm.struct<(ptr, ptr, i32, i32)> : !llvm.ptr
    %1 = llvm.getelementptr %0[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %2 = clef.func_addr @lambda.2.clo0 : !llvm.ptr
    llvm.store %2, %1 : !llvm.ptr, !llvm.ptr
    %3 = llvm.getelementptr %0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %4 = clef.func_addr @lambda.2.full0 : !llvm.ptr
    llvm.store %4, %3 : !llvm.ptr, !llvm.ptr
    %5 = llvm.getelementptr %0[0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %c1_i32 = arith.constant 1 : i32
    llvm.store %c1_i32, %5 : i32, !llvm.ptr
    %6 = llvm.getelementptr %0[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    llvm.store %c3_i32, %6 : i32, !llvm.ptr
    %7 = llvm.mlir.addressof @clef.g.triple.8 : !llvm.ptr
    llvm.store %0, %7 : !llvm.ptr, !llvm.ptr
    %8 = llvm.mlir.addressof @clef.g.triple.8 : !llvm.ptr
    %9 = llvm.load %8 : !llvm.ptr -> !llvm.ptr
    %c1_i32_0 = arith.constant 1 : i32
    %c2_i32 = arith.constant 2 : i32
    %10 = arith.addi %c1_i32_0, %c2_i32 : i32
    %11 = llvm.load %9 : !llvm.ptr -> !llvm.ptr
    %12 = llvm.call %11(%9, %10) {clef.fastcc} : !llvm.ptr, (!llvm.ptr, i32) -> i32
    %c10_i32 = arith.constant 10 : i32
    %13 = clef.alloc !llvm.struct<(ptr, ptr, i32, i32)> : !llvm.ptr
    %14 = llvm.getelementptr %13[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %15 = clef.func_addr @add.0.clo1 : !llvm.ptr
    llvm.store %15, %14 : !llvm.ptr, !llvm.ptr
    %16 = llvm.getelementptr %13[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %17 = clef.func_addr @add.0.full1 : !llvm.ptr
    llvm.store %17, %16 : !llvm.ptr, !llvm.ptr
    %18 = llvm.getelementptr %13[0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %c1_i32_1 = arith.constant 1 : i32
    llvm.store %c1_i32_1, %18 : i32, !llvm.ptr
    %19 = llvm.getelementptr %13[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    llvm.store %c10_i32, %19 : i32, !llvm.ptr
    %c1_i32_2 = arith.constant 1 : i32
    %c2_i32_3 = arith.constant 2 : i32
    %20 = llvm.mlir.zero : !llvm.ptr
    %21 = clef.alloc !llvm.struct<(i32, ptr)> : !llvm.ptr
    %22 = llvm.getelementptr %21[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    llvm.store %c2_i32_3, %22 : i32, !llvm.ptr
    %23 = llvm.getelementptr %21[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    llvm.store %20, %23 : !llvm.ptr, !llvm.ptr
    %24 = clef.alloc !llvm.struct<(i32, ptr)> : !llvm.ptr
    %25 = llvm.getelementptr %24[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    llvm.store %c1_i32_2, %25 : i32, !llvm.ptr
    %26 = llvm.getelementptr %24[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    llvm.store %21, %26 : !llvm.ptr, !llvm.ptr
    %27 = call @clef.List.map.8(%13, %24) : (!llvm.ptr, !llvm.ptr) -> !llvm.ptr
    %28 = call @clef.List.sum.6(%27) : (!llvm.ptr) -> i32
    %29 = call @clef_fmt_new() : () -> !llvm.ptr
    %c100_i32 = arith.constant 100 : i32
    %c0_i32 = arith.constant 0 : i32
    %c-1_i32 = arith.constant -1 : i32
    %c-1_i32_4 = arith.constant -1 : i32
    call @clef_fmt_int32(%29, %12, %c100_i32, %c0_i32, %c-1_i32, %c-1_i32_4) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %30 = clef.string " " : !llvm.ptr
    %31 = llvm.getelementptr %30[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i64, array<0 x i8>)>
    %c1_i64 = arith.constant 1 : i64
    call @clef_fmt_literal(%29, %31, %c1_i64) : (!llvm.ptr, !llvm.ptr, i64) -> ()
    %c100_i32_5 = arith.constant 100 : i32
    %c0_i32_6 = arith.constant 0 : i32
    %c-1_i32_7 = arith.constant -1 : i32
    %c-1_i32_8 = arith.constant -1 : i32
    call @clef_fmt_int32(%29, %28, %c100_i32_5, %c0_i32_6, %c-1_i32_7, %c-1_i32_8) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %c1_i32_9 = arith.constant 1 : i32
    %true = arith.constant true
    %32 = arith.extui %true : i1 to i32
    call @clef_fmt_print(%29, %c1_i32_9, %32) : (!llvm.ptr, i32, i32) -> ()
    %false = arith.constant false
    %c0_i32_10 = arith.constant 0 : i32
    %33 = call @clef_runtime_exit(%c0_i32_10) : (i32) -> i32
    return %33 : i32
  }
  func.func private @lambda.2.clo0(%arg0: !llvm.ptr, %arg1: i32) -> i32 attributes {clef.fastcc} {
    %0 = llvm.getelementptr %arg0[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %2 = call @lambda.2(%1, %arg1) {clef.tail} : (i32, i32) -> i32
    return %2 : i32
  }
  func.func private @lambda.2.full0(%arg0: !llvm.ptr, %arg1: i32) -> i32 attributes {clef.fastcc} {
    %0 = llvm.getelementptr %arg0[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %2 = call @lambda.2(%1, %arg1) {clef.tail} : (i32, i32) -> i32
    return %2 : i32
  }
  func.func private @add.0.clo1(%arg0: !llvm.ptr, %arg1: i32) -> i32 attributes {clef.fastcc} {
    %0 = llvm.getelementptr %arg0[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %2 = call @add.0(%1, %arg1) {clef.tail} : (i32, i32) -> i32
    return %2 : i32
  }
  func.func private @add.0.full1(%arg0: !llvm.ptr, %arg1: i32) -> i32 attributes {clef.fastcc} {
    %0 = llvm.getelementptr %arg0[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %2 = call @add.0(%1, %arg1) {clef.tail} : (i32, i32) -> i32
    return %2 : i32
  }
  func.func private @add.0(%arg0: i32, %arg1: i32) -> i32 attributes {clef.fastcc} {
    cf.br ^bb1(%arg0, %arg1 : i32, i32)
  ^bb1(%0: i32, %1: i32):  // pred: ^bb0
    %2 = arith.addi %0, %1 : i32
    return %2 : i32
  }
  func.func private @make.1(%arg0: i32) -> !llvm.ptr attributes {clef.fastcc} {
    cf.br ^bb1(%arg0 : i32)
  ^bb1(%0: i32):  // pred: ^bb0
    %1 = clef.alloc !llvm.struct<(ptr, ptr, i32, i32)> : !llvm.ptr
    %2 = llvm.getelementptr %1[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %3 = clef.func_addr @lambda.3.clo0 : !llvm.ptr
    llvm.store %3, %2 : !llvm.ptr, !llvm.ptr
    %4 = llvm.getelementptr %1[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %5 = clef.func_addr @lambda.3.full0 : !llvm.ptr
    llvm.store %5, %4 : !llvm.ptr, !llvm.ptr
    %6 = llvm.getelementptr %1[0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %c1_i32 = arith.constant 1 : i32
    llvm.store %c1_i32, %6 : i32, !llvm.ptr
    %7 = llvm.getelementptr %1[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    llvm.store %0, %7 : i32, !llvm.ptr
    return %1 : !llvm.ptr
  }
  func.func private @lambda.3.clo0(%arg0: !llvm.ptr, %arg1: i32) -> i32 attributes {clef.fastcc} {
    %0 = llvm.getelementptr %arg0[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %2 = call @lambda.3(%1, %arg1) {clef.tail} : (i32, i32) -> i32
    return %2 : i32
  }
  func.func private @lambda.3.full0(%arg0: !llvm.ptr, %arg1: i32) -> i32 attributes {clef.fastcc} {
    %0 = llvm.getelementptr %arg0[0, 3] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %2 = call @lambda.3(%1, %arg1) {clef.tail} : (i32, i32) -> i32
    return %2 : i32
  }
  func.func private @lambda.2(%arg0: i32, %arg1: i32) -> i32 attributes {clef.fastcc} {
    cf.br ^bb1(%arg1 : i32)
  ^bb1(%0: i32):  // pred: ^bb0
    %1 = arith.muli %0, %arg0 : i32
    return %1 : i32
  }
  func.func private @clef.List.sum.6(%arg0: !llvm.ptr) -> i32 attributes {clef.fastcc} {
    %c1_i64 = arith.constant 1 : i64
    %0 = llvm.alloca %c1_i64 x i32 : (i64) -> !llvm.ptr
    %c0_i32 = arith.constant 0 : i32
    llvm.store %c0_i32, %0 : i32, !llvm.ptr
    cf.br ^bb1(%arg0 : !llvm.ptr)
  ^bb1(%1: !llvm.ptr):  // 2 preds: ^bb0, ^bb2
    %2 = llvm.mlir.zero : !llvm.ptr
    %3 = llvm.icmp "eq" %1, %2 : !llvm.ptr
    cf.cond_br %3, ^bb3, ^bb2
  ^bb2:  // pred: ^bb1
    %4 = llvm.getelementptr %1[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    %5 = llvm.load %4 : !llvm.ptr -> i32
    %6 = llvm.load %0 : !llvm.ptr -> i32
    %7 = arith.addi %6, %5 : i32
    llvm.store %7, %0 : i32, !llvm.ptr
    %8 = llvm.getelementptr %1[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    %9 = llvm.load %8 : !llvm.ptr -> !llvm.ptr
    cf.br ^bb1(%9 : !llvm.ptr)
  ^bb3:  // pred: ^bb1
    %10 = llvm.load %0 : !llvm.ptr -> i32
    return %10 : i32
  }
  func.func private @clef.List.map.8(%arg0: !llvm.ptr, %arg1: !llvm.ptr) -> !llvm.ptr attributes {clef.fastcc} {
    %c1_i64 = arith.constant 1 : i64
    %0 = llvm.alloca %c1_i64 x !llvm.ptr : (i64) -> !llvm.ptr
    %c1_i64_0 = arith.constant 1 : i64
    %1 = llvm.alloca %c1_i64_0 x !llvm.ptr : (i64) -> !llvm.ptr
    %2 = llvm.mlir.zero : !llvm.ptr
    llvm.store %2, %1 : !llvm.ptr, !llvm.ptr
    llvm.store %1, %0 : !llvm.ptr, !llvm.ptr
    cf.br ^bb1(%arg1 : !llvm.ptr)
  ^bb1(%3: !llvm.ptr):  // 2 preds: ^bb0, ^bb2
    %4 = llvm.mlir.zero : !llvm.ptr
    %5 = llvm.icmp "eq" %3, %4 : !llvm.ptr
    cf.cond_br %5, ^bb3, ^bb2
  ^bb2:  // pred: ^bb1
    %6 = llvm.getelementptr %3[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    %7 = llvm.load %6 : !llvm.ptr -> i32
    %8 = llvm.load %arg0 : !llvm.ptr -> !llvm.ptr
    %9 = llvm.call %8(%arg0, %7) {clef.fastcc} : !llvm.ptr, (!llvm.ptr, i32) -> i32
    %10 = llvm.mlir.zero : !llvm.ptr
    %11 = clef.alloc !llvm.struct<(i32, ptr)> : !llvm.ptr
    %12 = llvm.getelementptr %11[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    llvm.store %9, %12 : i32, !llvm.ptr
    %13 = llvm.getelementptr %11[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    llvm.store %10, %13 : !llvm.ptr, !llvm.ptr
    %14 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
    llvm.store %11, %14 : !llvm.ptr, !llvm.ptr
    %15 = llvm.getelementptr %11[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    llvm.store %15, %0 : !llvm.ptr, !llvm.ptr
    %16 = llvm.getelementptr %3[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    %17 = llvm.load %16 : !llvm.ptr -> !llvm.ptr
    cf.br ^bb1(%17 : !llvm.ptr)
  ^bb3:  // pred: ^bb1
    %18 = llvm.load %1 : !llvm.ptr -> !llvm.ptr
    return %18 : !llvm.ptr
  }
  func.func private @lambda.3(%arg0: i32, %arg1: i32) -> i32 attributes {clef.fastcc} {
    cf.br ^bb1(%arg1 : i32)
  ^bb1(%0: i32):  // pred: ^bb0
    %1 = arith.muli %0, %arg0 : i32
    return %1 : i32
  }
}
