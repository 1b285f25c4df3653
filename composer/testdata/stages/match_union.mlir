module {
  func.func private @clef_runtime_exit(i32) -> i32
  func.func private @clef_fmt_print(!llvm.ptr, i32, i32)
  func.func private @clef_fmt_int32(!llvm.ptr, i32, i32, i32, i32, i32)
  func.func private @clef_fmt_new() -> !llvm.ptr
  func.func private @clef_runtime_init(i32, !llvm.ptr)
  func.func @main(%arg0: i32, %arg1: !llvm.ptr) -> i32 {
    call @clef_runtime_init(%arg0, %arg1) : (i32, !llvm.ptr) -> ()
    %c2_i32 = arith.constant 2 : i32
    %0 = clef.alloc !llvm.struct<(i32, i32)> : !llvm.ptr
    %1 = llvm.getelementptr %0[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %c0_i32 = arith.constant 0 : i32
    llvm.store %c0_i32, %1 : i32, !llvm.ptr
    %2 = llvm.getelementptr %0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    llvm.store %c2_i32, %2 : i32, !llvm.ptr
    %c5_i32 = arith.constant 5 : i32
    %3 = clef.alloc !llvm.struct<(i32, i32)> : !llvm.ptr
    %4 = llvm.getelementptr %3[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %c0_i32_0 = arith.constant 0 : i32
    llvm.store %c0_i32_0, %4 : i32, !llvm.ptr
    %5 = llvm.getelementptr %3[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    llvm.store %c5_i32, %5 : i32, !llvm.ptr
    %6 = clef.alloc !llvm.struct<(i32, ptr)> : !llvm.ptr
    %7 = llvm.getelementptr %6[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    %c2_i32_1 = arith.constant 2 : i32
    llvm.store %c2_i32_1, %7 : i32, !llvm.ptr
    %8 = llvm.getelementptr %6[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    llvm.store %3, %8 : !llvm.ptr, !llvm.ptr
    %9 = clef.alloc !llvm.struct<(i32, ptr, ptr)> : !llvm.ptr
    %10 = llvm.getelementptr %9[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr, ptr)>
    %c1_i32 = arith.constant 1 : i32
    llvm.store %c1_i32, %10 : i32, !llvm.ptr
    %11 = llvm.getelementptr %9[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr, ptr)>
    llvm.store %0, %11 : !llvm.ptr, !llvm.ptr
    %12 = llvm.getelementptr %9[0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr, ptr)>
    llvm.store %6, %12 : !llvm.ptr, !llvm.ptr
    %13 = call @eval.0(%9) : (!llvm.ptr) -> i32
    %14 = call @clef_fmt_new() : () -> !llvm.ptr
    %c100_i32 = arith.constant 100 : i32
    %c0_i32_2 = arith.constant 0 : i32
    %c-1_i32 = arith.constant -1 : i32
    %c-1_i32_3 = arith.constant -1 : i32
    call @clef_fmt_int32(%14, %13, %c100_i32, %c0_i32_2, %c-1_i32, %c-1_i32_3) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %c1_i32_4 = arith.constant 1 : i32
    %true = arith.constant true
    %15 = arith.extui %true : i1 to i32
    call @clef_fmt_print(%14, %c1_i32_4, %15) : (!llvm.ptr, i32, i32) -> ()
    %false = arith.constant false
    %c0_i32_5 = arith.constant 0 : i32
    %16 = call @clef_runtime_exit(%c0_i32_5) : (i32) -> i32
    return %16 : i32
  }
  func.func private @eval.0(%arg0: !llvm.ptr) -> i32 attributes {clef.fastcc} {
    cf.br ^bb1(%arg0 : !llvm.ptr)
  ^bb1(%0: !llvm.ptr):  // pred: ^bb0
    cf.br ^bb2
  ^bb2:  // pred: ^bb1
    %1 = llvm.load %0 : !llvm.ptr -> i32
    cf.switch %1 : i32, [
      default: ^bb5,
      0: ^bb3,
      1: ^bb4
    ]
  ^bb3:  // pred: ^bb2
    %2 = llvm.getelementptr %0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %3 = llvm.load %2 : !llvm.ptr -> i32
    %c0_i32 = arith.constant 0 : i32
    %4 = arith.cmpi slt, %3, %c0_i32 : i32
    cf.cond_br %4, ^bb6, ^bb7
  ^bb4:  // pred: ^bb2
    %5 = llvm.getelementptr %0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr, ptr)>
    %6 = llvm.load %5 : !llvm.ptr -> !llvm.ptr
    %7 = llvm.getelementptr %0[0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr, ptr)>
    %8 = llvm.load %7 : !llvm.ptr -> !llvm.ptr
    %9 = call @eval.0(%6) : (!llvm.ptr) -> i32
    %10 = call @eval.0(%8) : (!llvm.ptr) -> i32
    %11 = arith.addi %9, %10 : i32
    return %11 : i32
  ^bb5:  // pred: ^bb2
    %12 = llvm.getelementptr %0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr)>
    %13 = llvm.load %12 : !llvm.ptr -> !llvm.ptr
    %14 = call @eval.0(%13) : (!llvm.ptr) -> i32
    %c0_i32_0 = arith.constant 0 : i32
    %15 = arith.subi %c0_i32_0, %14 : i32
    return %15 : i32
  ^bb6:  // pred: ^bb3
    %c0_i32_1 = arith.constant 0 : i32
    return %c0_i32_1 : i32
  ^bb7:  // pred: ^bb3
    %16 = llvm.getelementptr %0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %17 = llvm.load %16 : !llvm.ptr -> i32
    return %17 : i32
  }
}
