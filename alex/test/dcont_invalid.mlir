// RUN: clef-opt --split-input-file --verify-diagnostics %s
// What the dcont verifiers reject.

func.func @unknown_builder() -> !dcont.cont<i32> {
  // expected-error @+1 {{builder must be "async", "actor" or "frosty", not "seq"}}
  %c = dcont.reset "seq" : !dcont.cont<i32> {
    %z = arith.constant 0 : i32
    dcont.yield %z : i32
  }
  return %c : !dcont.cont<i32>
}

// -----

func.func @wrong_yield_type() -> !dcont.cont<i32> {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    %t = arith.constant true
    // expected-error @+1 {{yields 'i1' from a reset producing 'i32'}}
    dcont.yield %t : i1
  }
  return %c : !dcont.cont<i32>
}

// -----

func.func @wrong_shift_type(%src: !dcont.cont<i32>) -> !dcont.cont<i64> {
  %c = dcont.reset "async" : !dcont.cont<i64> {
    // expected-error @+1 {{resumes with 'i32', the source's result, so its own result must be that type, not 'i64'}}
    %v = dcont.shift %src : !dcont.cont<i32> -> i64
    dcont.yield %v : i64
  }
  return %c : !dcont.cont<i64>
}

// -----

func.func @shift_outside_reset(%src: !dcont.cont<i32>) -> i32 {
  // expected-error @+1 {{is not inside a dcont.reset of its function}}
  %v = dcont.shift %src : !dcont.cont<i32> -> i32
  return %v : i32
}

// -----

func.func @yield_outside_reset(%x: i32) -> i32 {
  // expected-error @+1 {{expects parent op 'dcont.reset'}}
  dcont.yield %x : i32
}

// -----

func.func @leaves_by_return(%x: i32) -> !dcont.cont<i32> {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    // expected-error @+1 {{'func.return' op leaves a dcont.reset body: only dcont.yield may}}
    func.return %x : i32
  }
  return %c : !dcont.cont<i32>
}

// -----

func.func @scope_numbered_before_its_outer(%one: i32) {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    // expected-error @+1 {{scope 1 must be numbered after its outer scope 1 (and above 0)}}
    dcont.try 1 in 1 : ^body, ^handler
  ^body:
    dcont.yield %one : i32
  ^handler:
    %e = dcont.caught 1 : !llvm.ptr
    dcont.yield %one : i32
  }
  return
}

// -----

func.func @handler_without_caught(%one: i32) {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    // expected-error @+1 {{needs a handler that begins with dcont.caught 0}}
    dcont.try 1 in 0 : ^body, ^handler
  ^body:
    dcont.yield %one : i32
  ^handler:
    dcont.yield %one : i32
  }
  return
}

// -----

func.func @caught_not_as_a_pointer(%one: i32) {
  %c = dcont.reset "async" : !dcont.cont<i32> {
    dcont.try 1 in 0 : ^body, ^handler
  ^body:
    dcont.yield %one : i32
  ^handler:
    // expected-error @+1 {{yields the exception as !llvm.ptr, not 'i32'}}
    %e = dcont.caught 0 : i32
    dcont.yield %one : i32
  }
  return
}
