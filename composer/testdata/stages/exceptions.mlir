module {
  func.func private @clef_failwith(!llvm.ptr)
  func.func private @clef_runtime_exit(i32) -> i32
  func.func private @clef_fmt_print(!llvm.ptr, i32, i32)
  func.func private @clef_fmt_literal(!llvm.ptr, !llvm.ptr, i64)
  func.func private @clef_fmt_int32(!llvm.ptr, i32, i32, i32, i32, i32)
  func.func private @clef_fmt_new() -> !llvm.ptr
  func.func private @clef_raise(!llvm.ptr)
  func.func private @clef_try(!llvm.ptr, !llvm.ptr) -> !llvm.ptr
  func.func private @clef_runtime_init(i32, !llvm.ptr)
  func.func @main(%arg0: i32, %arg1: !llvm.ptr) -> i32 {
    %c1_i64 = arith.constant 1 : i64
    %0 = llvm.alloca %c1_i64 x !llvm.struct<(i32, i32)> : (i64) -> !llvm.ptr
    %c1_i64_0 = arith.constant 1 : i64
    %1 = llvm.alloca %c1_i64_0 x !llvm.struct<(i32, i32)> : (i64) -> !llvm.ptr
    call @clef_runtime_init(%arg0, %arg1) : (i32, !llvm.ptr) -> ()
    %c1_i32 = arith.constant 1 : i32
    %2 = llvm.getelementptr %1[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    llvm.store %c1_i32, %2 : i32, !llvm.ptr
    %3 = llvm.getelementptr %1[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %4 = clef.func_addr @clef.try.2 : !llvm.ptr
    %5 = call @clef_try(%4, %1) : (!llvm.ptr, !llvm.ptr) -> !llvm.ptr
    %6 = llvm.mlir.zero : !llvm.ptr
    %7 = llvm.icmp "eq" %5, %6 : !llvm.ptr
    cf.cond_br %7, ^bb1, ^bb2
  ^bb1:  // pred: ^bb0
    %8 = llvm.load %3 : !llvm.ptr -> i32
    cf.br ^bb3(%8 : i32)
  ^bb2:  // pred: ^bb0
    cf.br ^bb5
  ^bb3(%9: i32):  // 2 preds: ^bb1, ^bb4
    %c5_i32 = arith.constant 5 : i32
    %10 = llvm.getelementptr %0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    llvm.store %c5_i32, %10 : i32, !llvm.ptr
    %11 = llvm.getelementptr %0[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %12 = clef.func_addr @clef.try.3 : !llvm.ptr
    %13 = call @clef_try(%12, %0) : (!llvm.ptr, !llvm.ptr) -> !llvm.ptr
    %14 = llvm.mlir.zero : !llvm.ptr
    %15 = llvm.icmp "eq" %13, %14 : !llvm.ptr
    cf.cond_br %15, ^bb9, ^bb10
  ^bb4(%16: i32):  // pred: ^bb7
    cf.br ^bb3(%16 : i32)
  ^bb5:  // pred: ^bb2
    %17 = llvm.getelementptr %5[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, i32)>
    %18 = llvm.load %17 : !llvm.ptr -> i32
    %c0_i32 = arith.constant 0 : i32
    %19 = arith.cmpi eq, %18, %c0_i32 : i32
    cf.cond_br %19, ^bb7, ^bb8
  ^bb6:  // pred: ^bb8
    call @clef_raise(%5) : (!llvm.ptr) -> ()
    llvm.unreachable
  ^bb7:  // pred: ^bb5
    %20 = llvm.load %5 : !llvm.ptr -> !llvm.ptr
    %21 = call @clef.String.length.4(%20) : (!llvm.ptr) -> i32
    cf.br ^bb4(%21 : i32)
  ^bb8:  // pred: ^bb5
    cf.br ^bb6
  ^bb9:  // pred: ^bb3
    %22 = llvm.load %11 : !llvm.ptr -> i32
    cf.br ^bb11(%22 : i32)
  ^bb10:  // pred: ^bb3
    cf.br ^bb13
  ^bb11(%23: i32):  // 2 preds: ^bb9, ^bb12
    %24 = call @clef_fmt_new() : () -> !llvm.ptr
    %c100_i32 = arith.constant 100 : i32
    %c0_i32_1 = arith.constant 0 : i32
    %c-1_i32 = arith.constant -1 : i32
    %c-1_i32_2 = arith.constant -1 : i32
    call @clef_fmt_int32(%24, %9, %c100_i32, %c0_i32_1, %c-1_i32, %c-1_i32_2) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %25 = clef.string " " : !llvm.ptr
    %26 = llvm.getelementptr %25[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i64, array<0 x i8>)>
    %c1_i64_3 = arith.constant 1 : i64
    call @clef_fmt_literal(%24, %26, %c1_i64_3) : (!llvm.ptr, !llvm.ptr, i64) -> ()
    %c100_i32_4 = arith.constant 100 : i32
    %c0_i32_5 = arith.constant 0 : i32
    %c-1_i32_6 = arith.constant -1 : i32
    %c-1_i32_7 = arith.constant -1 : i32
    call @clef_fmt_int32(%24, %23, %c100_i32_4, %c0_i32_5, %c-1_i32_6, %c-1_i32_7) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %c1_i32_8 = arith.constant 1 : i32
    %true = arith.constant true
    %27 = arith.extui %true : i1 to i32
    call @clef_fmt_print(%24, %c1_i32_8, %27) : (!llvm.ptr, i32, i32) -> ()
    %false = arith.constant false
    %c0_i32_9 = arith.constant 0 : i32
    %28 = call @clef_runtime_exit(%c0_i32_9) : (i32) -> i32
    return %28 : i32
  ^bb12(%29: i32):  // pred: ^bb15
    cf.br ^bb11(%29 : i32)
  ^bb13:  // pred: ^bb10
    %30 = llvm.getelementptr %13[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, i32)>
    %31 = llvm.load %30 : !llvm.ptr -> i32
    %c0_i32_10 = arith.constant 0 : i32
    %32 = arith.cmpi eq, %31, %c0_i32_10 : i32
    cf.cond_br %32, ^bb15, ^bb16
  ^bb14:  // pred: ^bb16
    call @clef_raise(%13) : (!llvm.ptr) -> ()
    llvm.unreachable
  ^bb15:  // pred: ^bb13
    %33 = llvm.load %13 : !llvm.ptr -> !llvm.ptr
    %34 = call @clef.String.length.4(%33) : (!llvm.ptr) -> i32
    cf.br ^bb12(%34 : i32)
  ^bb16:  // pred: ^bb13
    cf.br ^bb14
  }
  func.func private @clef.try.2(%arg0: !llvm.ptr) {
    %0 = llvm.getelementptr %arg0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %c2_i32 = arith.constant 2 : i32
    %2 = arith.cmpi sgt, %1, %c2_i32 : i32
    cf.cond_br %2, ^bb1, ^bb2
  ^bb1:  // pred: ^bb0
    %3 = clef.string "too big" : !llvm.ptr
    %4 = call @clef.failwith.4(%3) : (!llvm.ptr) -> i32
    cf.br ^bb3(%4 : i32)
  ^bb2:  // pred: ^bb0
    cf.br ^bb3(%1 : i32)
  ^bb3(%5: i32):  // 2 preds: ^bb1, ^bb2
    %6 = llvm.getelementptr %arg0[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    llvm.store %5, %6 : i32, !llvm.ptr
    return
  }
  func.func private @clef.try.3(%arg0: !llvm.ptr) {
    %0 = llvm.getelementptr %arg0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %c2_i32 = arith.constant 2 : i32
    %2 = arith.cmpi sgt, %1, %c2_i32 : i32
    cf.cond_br %2, ^bb1, ^bb2
  ^bb1:  // pred: ^bb0
    %3 = clef.string "too big" : !llvm.ptr
    %4 = call @clef.failwith.4(%3) : (!llvm.ptr) -> i32
    cf.br ^bb3(%4 : i32)
  ^bb2:  // pred: ^bb0
    cf.br ^bb3(%1 : i32)
  ^bb3(%5: i32):  // 2 preds: ^bb1, ^bb2
    %6 = llvm.getelementptr %arg0[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    llvm.store %5, %6 : i32, !llvm.ptr
    return
  }
  func.func private @check.0(%arg0: i32) -> i32 attributes {clef.fastcc} {
    cf.br ^bb1(%arg0 : i32)
  ^bb1(%0: i32):  // pred: ^bb0
    %c2_i32 = arith.constant 2 : i32
    %1 = arith.cmpi sgt, %0, %c2_i32 : i32
    cf.cond_br %1, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    %2 = clef.string "too big" : !llvm.ptr
    %3 = call @clef.failwith.4(%2) {clef.tail} : (!llvm.ptr) -> i32
    return %3 : i32
  ^bb3:  // pred: ^bb1
    return %0 : i32
  }
  func.func private @safe.1(%arg0: i32) -> i32 attributes {clef.fastcc} {
    %c1_i64 = arith.constant 1 : i64
    %0 = llvm.alloca %c1_i64 x !llvm.struct<(i32, i32)> : (i64) -> !llvm.ptr
    cf.br ^bb1(%arg0 : i32)
  ^bb1(%1: i32):  // pred: ^bb0
    %2 = llvm.getelementptr %0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    llvm.store %1, %2 : i32, !llvm.ptr
    %3 = llvm.getelementptr %0[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %4 = clef.func_addr @clef.try.4 : !llvm.ptr
    %5 = call @clef_try(%4, %0) : (!llvm.ptr, !llvm.ptr) -> !llvm.ptr
    %6 = llvm.mlir.zero : !llvm.ptr
    %7 = llvm.icmp "eq" %5, %6 : !llvm.ptr
    cf.cond_br %7, ^bb2, ^bb3
  ^bb2:  // pred: ^bb1
    %8 = llvm.load %3 : !llvm.ptr -> i32
    cf.br ^bb4(%8 : i32)
  ^bb3:  // pred: ^bb1
    cf.br ^bb6
  ^bb4(%9: i32):  // 2 preds: ^bb2, ^bb5
    return %9 : i32
  ^bb5(%10: i32):  // pred: ^bb8
    cf.br ^bb4(%10 : i32)
  ^bb6:  // pred: ^bb3
    %11 = llvm.getelementptr %5[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, i32)>
    %12 = llvm.load %11 : !llvm.ptr -> i32
    %c0_i32 = arith.constant 0 : i32
    %13 = arith.cmpi eq, %12, %c0_i32 : i32
    cf.cond_br %13, ^bb8, ^bb9
  ^bb7:  // pred: ^bb9
    call @clef_raise(%5) : (!llvm.ptr) -> ()
    llvm.unreachable
  ^bb8:  // pred: ^bb6
    %14 = llvm.load %5 : !llvm.ptr -> !llvm.ptr
    %15 = call @clef.String.length.4(%14) : (!llvm.ptr) -> i32
    cf.br ^bb5(%15 : i32)
  ^bb9:  // pred: ^bb6
    cf.br ^bb7
  }
  func.func private @clef.try.4(%arg0: !llvm.ptr) {
    %0 = llvm.getelementptr %arg0[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    %1 = llvm.load %0 : !llvm.ptr -> i32
    %c2_i32 = arith.constant 2 : i32
    %2 = arith.cmpi sgt, %1, %c2_i32 : i32
    cf.cond_br %2, ^bb1, ^bb2
  ^bb1:  // pred: ^bb0
    %3 = clef.string "too big" : !llvm.ptr
    %4 = call @clef.failwith.4(%3) : (!llvm.ptr) -> i32
    cf.br ^bb3(%4 : i32)
  ^bb2:  // pred: ^bb0
    cf.br ^bb3(%1 : i32)
  ^bb3(%5: i32):  // 2 preds: ^bb1, ^bb2
    %6 = llvm.getelementptr %arg0[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, i32)>
    llvm.store %5, %6 : i32, !llvm.ptr
    return
  }
  func.func private @clef.failwith.4(%arg0: !llvm.ptr) -> i32 attributes {clef.fastcc} {
    call @clef_failwith(%arg0) : (!llvm.ptr) -> ()
    llvm.unreachable
  }
  func.func private @clef.String.length.4(%arg0: !llvm.ptr) -> i32 attributes {clef.fastcc} {
    %0 = llvm.load %arg0 : !llvm.ptr -> i64
    %1 = arith.trunci %0 : i64 to i32
    return %1 : i32
  }
}
