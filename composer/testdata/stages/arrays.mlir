#tbaa_root = #llvm.tbaa_root<id = "clef">
#tbaa_type_desc = #llvm.tbaa_type_desc<id = "clef array length", members = {<#tbaa_root, 0>}>
#tbaa_type_desc1 = #llvm.tbaa_type_desc<id = "clef array element", members = {<#tbaa_root, 0>}>
#tbaa_tag = #llvm.tbaa_tag<base_type = #tbaa_type_desc, access_type = #tbaa_type_desc, offset = 0>
#tbaa_tag1 = #llvm.tbaa_tag<base_type = #tbaa_type_desc1, access_type = #tbaa_type_desc1, offset = 0>
module {
  func.func private @clef_alloc(i64, i64) -> (!llvm.ptr {llvm.noalias})
  func.func private @clef_runtime_exit(i32) -> i32
  func.func private @clef_fmt_print(!llvm.ptr, i32, i32)
  func.func private @clef_fmt_int32(!llvm.ptr, i32, i32, i32, i32, i32)
  func.func private @clef_fmt_new() -> !llvm.ptr
  llvm.mlir.global internal @clef.g.count.2() {addr_space = 0 : i32} : i32 {
    %0 = llvm.mlir.zero : i32
    llvm.return %0 : i32
  }
  func.func private @clef_raise_kind(i32)
  llvm.mlir.global internal @clef.g.flags.1() {addr_space = 0 : i32} : !llvm.ptr {
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }
  func.func private @clef_runtime_init(i32, !llvm.ptr)
  func.func @main(%arg0: i32, %arg1: !llvm.ptr) -> i32 {
    call @clef_runtime_init(%arg0, %arg1) : (i32, !llvm.ptr) -> ()
    %c10_i32 = arith.constant 10 : i32
    %true = arith.constant true
    %0 = call @clef.Array.create.5(%c10_i32, %true) : (i32, i1) -> !llvm.ptr
    %1 = llvm.mlir.addressof @clef.g.flags.1 : !llvm.ptr
    llvm.store %0, %1 : !llvm.ptr, !llvm.ptr
    %false = arith.constant false
    %2 = llvm.mlir.addressof @clef.g.flags.1 : !llvm.ptr
    %3 = llvm.load %2 : !llvm.ptr -> !llvm.ptr
    %c3_i32 = arith.constant 3 : i32
    %4 = arith.extsi %c3_i32 : i32 to i64
    %5 = llvm.load %3 {tbaa = [#tbaa_tag]} : !llvm.ptr -> i64
    %6 = arith.cmpi uge, %4, %5 : i64
    cf.cond_br %6, ^bb1, ^bb2
  ^bb1:  // pred: ^bb0
    %c2_i32 = arith.constant 2 : i32
    call @clef_raise_kind(%c2_i32) : (i32) -> ()
    llvm.unreachable
  ^bb2:  // pred: ^bb0
    %7 = llvm.getelementptr %3[0, 1, %4] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.struct<(i64, array<0 x i1>)>
    llvm.store %false, %7 {tbaa = [#tbaa_tag1]} : i1, !llvm.ptr
    %false_0 = arith.constant false
    %c0_i32 = arith.constant 0 : i32
    %8 = llvm.mlir.addressof @clef.g.count.2 : !llvm.ptr
    llvm.store %c0_i32, %8 : i32, !llvm.ptr
    %c0_i32_1 = arith.constant 0 : i32
    %9 = llvm.mlir.addressof @clef.g.flags.1 : !llvm.ptr
    %10 = llvm.load %9 : !llvm.ptr -> !llvm.ptr
    %11 = llvm.load %10 : !llvm.ptr -> i64
    %12 = arith.trunci %11 : i64 to i32
    %c1_i32 = arith.constant 1 : i32
    %13 = arith.subi %12, %c1_i32 : i32
    %c1_i32_2 = arith.constant 1 : i32
    cf.br ^bb3(%c0_i32_1 : i32)
  ^bb3(%14: i32):  // 2 preds: ^bb2, ^bb10
    %15 = arith.cmpi sle, %14, %13 : i32
    cf.cond_br %15, ^bb4, ^bb5
  ^bb4:  // pred: ^bb3
    %16 = llvm.mlir.addressof @clef.g.flags.1 : !llvm.ptr
    %17 = llvm.load %16 : !llvm.ptr -> !llvm.ptr
    %18 = arith.extsi %14 : i32 to i64
    %19 = llvm.load %17 {tbaa = [#tbaa_tag]} : !llvm.ptr -> i64
    %20 = arith.cmpi uge, %18, %19 : i64
    cf.cond_br %20, ^bb6, ^bb7
  ^bb5:  // pred: ^bb3
    %false_3 = arith.constant false
    %21 = llvm.mlir.addressof @clef.g.count.2 : !llvm.ptr
    %22 = llvm.load %21 : !llvm.ptr -> i32
    %23 = call @clef_fmt_new() : () -> !llvm.ptr
    %c100_i32 = arith.constant 100 : i32
    %c0_i32_4 = arith.constant 0 : i32
    %c-1_i32 = arith.constant -1 : i32
    %c-1_i32_5 = arith.constant -1 : i32
    call @clef_fmt_int32(%23, %22, %c100_i32, %c0_i32_4, %c-1_i32, %c-1_i32_5) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %c1_i32_6 = arith.constant 1 : i32
    %true_7 = arith.constant true
    %24 = arith.extui %true_7 : i1 to i32
    call @clef_fmt_print(%23, %c1_i32_6, %24) : (!llvm.ptr, i32, i32) -> ()
    %false_8 = arith.constant false
    %c0_i32_9 = arith.constant 0 : i32
    %25 = call @clef_runtime_exit(%c0_i32_9) : (i32) -> i32
    return %25 : i32
  ^bb6:  // pred: ^bb4
    %c2_i32_10 = arith.constant 2 : i32
    call @clef_raise_kind(%c2_i32_10) : (i32) -> ()
    llvm.unreachable
  ^bb7:  // pred: ^bb4
    %26 = llvm.getelementptr %17[0, 1, %18] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.struct<(i64, array<0 x i1>)>
    %27 = llvm.load %26 {tbaa = [#tbaa_tag1]} : !llvm.ptr -> i1
    cf.cond_br %27, ^bb8, ^bb9
  ^bb8:  // pred: ^bb7
    %28 = llvm.mlir.addressof @clef.g.count.2 : !llvm.ptr
    %29 = llvm.load %28 : !llvm.ptr -> i32
    %c1_i32_11 = arith.constant 1 : i32
    %30 = arith.addi %29, %c1_i32_11 : i32
    %31 = llvm.mlir.addressof @clef.g.count.2 : !llvm.ptr
    llvm.store %30, %31 : i32, !llvm.ptr
    %false_12 = arith.constant false
    cf.br ^bb10(%false_12 : i1)
  ^bb9:  // pred: ^bb7
    %false_13 = arith.constant false
    cf.br ^bb10(%false_13 : i1)
  ^bb10(%32: i1):  // 2 preds: ^bb8, ^bb9
    %33 = arith.addi %14, %c1_i32_2 : i32
    cf.br ^bb3(%33 : i32)
  }
  func.func private @clef.Array.create.5(%arg0: i32, %arg1: i1) -> !llvm.ptr attributes {clef.fastcc} {
    %c0_i32 = arith.constant 0 : i32
    %0 = arith.cmpi slt, %arg0, %c0_i32 : i32
    cf.cond_br %0, ^bb1, ^bb2
  ^bb1:  // pred: ^bb0
    %c4_i32 = arith.constant 4 : i32
    call @clef_raise_kind(%c4_i32) : (i32) -> ()
    llvm.unreachable
  ^bb2:  // pred: ^bb0
    %1 = arith.extsi %arg0 : i32 to i64
    %2 = llvm.mlir.zero : !llvm.ptr
    %3 = llvm.getelementptr %2[0, 1, %1] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.struct<(i64, array<0 x i1>)>
    %4 = llvm.ptrtoint %3 : !llvm.ptr to i64
    %c8_i64 = arith.constant 8 : i64
    %5 = call @clef_alloc(%4, %c8_i64) : (i64, i64) -> !llvm.ptr
    llvm.store %1, %5 {tbaa = [#tbaa_tag]} : i64, !llvm.ptr
    %6 = llvm.getelementptr %5[0, 1, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i64, array<0 x i1>)>
    %7 = arith.extui %arg1 : i1 to i8
    "llvm.intr.memset"(%6, %7, %1) <{isVolatile = false}> : (!llvm.ptr, i8, i64) -> ()
    return %5 : !llvm.ptr
  }
}
