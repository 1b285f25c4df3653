module {
  func.func private @clef_async_run(!llvm.ptr, !llvm.ptr)
  func.func private @clef_runtime_exit(i32) -> i32
  func.func private @clef_fmt_print(!llvm.ptr, i32, i32)
  func.func private @clef_fmt_int32(!llvm.ptr, i32, i32, i32, i32, i32)
  func.func private @clef_fmt_new() -> !llvm.ptr
  llvm.mlir.global internal @clef.g.sequential.6() {addr_space = 0 : i32} : !llvm.ptr {
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }
  func.func private @clef_runtime_init(i32, !llvm.ptr)
  func.func @main(%arg0: i32, %arg1: !llvm.ptr) -> i32 {
    call @clef_runtime_init(%arg0, %arg1) : (i32, !llvm.ptr) -> ()
    %0 = dcont.reset "async" scoped : !dcont.cont<i32> {
      %false_2 = arith.constant false
      %9 = dcont.reset "async" scoped : !dcont.cont<i32> {
        %c20_i32 = arith.constant 20 : i32
        dcont.yield %c20_i32 : i32
      }
      %10 = builtin.unrealized_conversion_cast %9 : !dcont.cont<i32> to !llvm.ptr
      %11 = builtin.unrealized_conversion_cast %10 : !llvm.ptr to !dcont.cont<i32>
      %12 = dcont.shift %11 : !dcont.cont<i32> -> i32
      %13 = dcont.reset "async" scoped : !dcont.cont<i32> {
        %c1_i32_3 = arith.constant 1 : i32
        %18 = arith.addi %12, %c1_i32_3 : i32
        dcont.yield %18 : i32
      }
      %14 = builtin.unrealized_conversion_cast %13 : !dcont.cont<i32> to !llvm.ptr
      %15 = builtin.unrealized_conversion_cast %14 : !llvm.ptr to !dcont.cont<i32>
      %16 = dcont.shift %15 : !dcont.cont<i32> -> i32
      %17 = arith.addi %12, %16 : i32
      dcont.yield %17 : i32
    }
    %1 = builtin.unrealized_conversion_cast %0 : !dcont.cont<i32> to !llvm.ptr
    %2 = llvm.mlir.addressof @clef.g.sequential.6 : !llvm.ptr
    llvm.store %1, %2 : !llvm.ptr, !llvm.ptr
    %3 = llvm.mlir.addressof @clef.g.sequential.6 : !llvm.ptr
    %4 = llvm.load %3 : !llvm.ptr -> !llvm.ptr
    %5 = call @clef.Async.RunSynchronously.6(%4) : (!llvm.ptr) -> i32
    %6 = call @clef_fmt_new() : () -> !llvm.ptr
    %c100_i32 = arith.constant 100 : i32
    %c0_i32 = arith.constant 0 : i32
    %c-1_i32 = arith.constant -1 : i32
    %c-1_i32_0 = arith.constant -1 : i32
    call @clef_fmt_int32(%6, %5, %c100_i32, %c0_i32, %c-1_i32, %c-1_i32_0) : (!llvm.ptr, i32, i32, i32, i32, i32) -> ()
    %c1_i32 = arith.constant 1 : i32
    %true = arith.constant true
    %7 = arith.extui %true : i1 to i32
    call @clef_fmt_print(%6, %c1_i32, %7) : (!llvm.ptr, i32, i32) -> ()
    %false = arith.constant false
    %c0_i32_1 = arith.constant 0 : i32
    %8 = call @clef_runtime_exit(%c0_i32_1) : (i32) -> i32
    return %8 : i32
  }
  func.func private @fetchData.0(%arg0: i1) -> !llvm.ptr attributes {clef.fastcc} {
    cf.br ^bb1(%arg0 : i1)
  ^bb1(%0: i1):  // pred: ^bb0
    %1 = dcont.reset "async" scoped : !dcont.cont<i32> {
      %c20_i32 = arith.constant 20 : i32
      dcont.yield %c20_i32 : i32
    }
    %2 = builtin.unrealized_conversion_cast %1 : !dcont.cont<i32> to !llvm.ptr
    return %2 : !llvm.ptr
  }
  func.func private @transform.1(%arg0: i32) -> !llvm.ptr attributes {clef.fastcc} {
    cf.br ^bb1(%arg0 : i32)
  ^bb1(%0: i32):  // pred: ^bb0
    %1 = dcont.reset "async" scoped : !dcont.cont<i32> {
      %c1_i32 = arith.constant 1 : i32
      %3 = arith.addi %0, %c1_i32 : i32
      dcont.yield %3 : i32
    }
    %2 = builtin.unrealized_conversion_cast %1 : !dcont.cont<i32> to !llvm.ptr
    return %2 : !llvm.ptr
  }
  func.func private @clef.Async.RunSynchronously.6(%arg0: !llvm.ptr) -> i32 attributes {clef.fastcc} {
    %c1_i64 = arith.constant 1 : i64
    %0 = llvm.alloca %c1_i64 x i32 : (i64) -> !llvm.ptr
    call @clef_async_run(%arg0, %0) : (!llvm.ptr, !llvm.ptr) -> ()
    %1 = llvm.load %0 : !llvm.ptr -> i32
    return %1 : i32
  }
}
