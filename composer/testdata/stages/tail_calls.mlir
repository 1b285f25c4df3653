module {
  func.func private @clef_runtime_exit(i32) -> i32
  func.func private @clef_fmt_print(!llvm.ptr, i32, i32)
  func.func private @clef_fmt_bool(!llvm.ptr, i32, i32, i32, i32, i32)
  func.func private @clef_fmt_literal(!llvm.ptr, !llvm.ptr, i64)
  func.func private @clef_fmt_int32(!llvm.ptr, i32, i32, i32, i32, i32)
  func.func private @clef_fmt_new() -> !llvm.ptr
  func.func private @clef_runtime_init(i32, !llvm.ptr)
  func.func @main(%arg0: i32, %arg1: !llvm.ptr) -> i32 {
    call @clef_runtime_init(%arg0, %arg1) : (i32, !llvm.ptr) -> ()
    %c10_i32 = arith.constant 10 : i32
    %c0_i32 = arith.constant 0 : i32
    %0 = call @loop.0(%c10_i32, %c0_i32) : (i32, i32) -> i32
    %c7_i32 = arith.constant 7 : i32
    %1 = call @even.1(%c7_i32) : (i32) -> i1
    %2 = call @clef_fmt_new() : () -> !llvm.ptr
    %c100_i32 = arith.constant 100 : i32
    %c0_i32_0 = arith.constant 0 : i32
    %c-1_i32 = arith.constant -1 : i32
    %c-1_i32_1 = arith.constant -1 : i32
    call @clef_fmt_int32(%2, %0, %c100_i32, %c0_i32_0, %c-1_i32, %c-1_i32_1) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %3 = clef.string " " : !llvm.ptr
    %4 = llvm.getelementptr %3[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i64, array<0 x i8>)>
    %c1_i64 = arith.constant 1 : i64
    call @clef_fmt_literal(%2, %4, %c1_i64) : (!llvm.ptr, !llvm.ptr, i64) -> ()
    %c98_i32 = arith.constant 98 : i32
    %c0_i32_2 = arith.constant 0 : i32
    %c-1_i32_3 = arith.constant -1 : i32
    %c-1_i32_4 = arith.constant -1 : i32
    %5 = arith.extui %1 : i1 to i32
    call @clef_fmt_bool(%2, %5, %c98_i32, %c0_i32_2, %c-1_i32_3, %c-1_i32_4) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %c1_i32 = arith.constant 1 : i32
    %true = arith.constant true
    %6 = arith.extui %true : i1 to i32
    call @clef_fmt_print(%2, %c1_i32, %6) : (!llvm.ptr, i32, i32) -> ()
    %false = arith.constant false
    %c0_i32_5 = arith.constant 0 : i32
    %7 = call @clef_runtime_exit(%c0_i32_5) : (i32) -> i32
    return %7 : i32
  }
  func.func private @loop.0(%arg0: i32, %arg1: i32) -> i32 attributes {clef.fastcc} {
    cf.br ^bb1(%arg0, %arg1 : i32, i32)
  ^bb1(%0: i32, %1: i32):  // 2 preds: ^bb0, ^bb3
    %c0_i32 = arith.constant 0 : i32
    %2 = arith.cmpi eq, %0, %c0_i32 : i32
    cf.cond_br %2, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    return %1 : i32
  ^bb3:  // pred: ^bb1
    %c1_i32 = arith.constant 1 : i32
    %3 = arith.subi %0, %c1_i32 : i32
    %4 = arith.addi %1, %0 : i32
    cf.br ^bb1(%3, %4 : i32, i32)
  }
  func.func private @even.1(%arg0: i32) -> i1 attributes {clef.fastcc} {
    cf.br ^bb1(%arg0 : i32)
  ^bb1(%0: i32):  // pred: ^bb0
    %c0_i32 = arith.constant 0 : i32
    %1 = arith.cmpi eq, %0, %c0_i32 : i32
    cf.cond_br %1, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    %true = arith.constant true
    return %true : i1
  ^bb3:  // pred: ^bb1
    %c1_i32 = arith.constant 1 : i32
    %2 = arith.subi %0, %c1_i32 : i32
    %3 = call @odd.2(%2) {clef.tail} : (i32) -> i1
    return %3 : i1
  }
  func.func private @odd.2(%arg0: i32) -> i1 attributes {clef.fastcc} {
    cf.br ^bb1(%arg0 : i32)
  ^bb1(%0: i32):  // pred: ^bb0
    %c0_i32 = arith.constant 0 : i32
    %1 = arith.cmpi eq, %0, %c0_i32 : i32
    cf.cond_br %1, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    %false = arith.constant false
    return %false : i1
  ^bb3:  // pred: ^bb1
    %c1_i32 = arith.constant 1 : i32
    %2 = arith.subi %0, %c1_i32 : i32
    %3 = call @even.1(%2) {clef.tail} : (i32) -> i1
    return %3 : i1
  }
}
