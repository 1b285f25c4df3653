// Alex's lowering state, shared by lower.cc (expressions, patterns, functions, closures) and
// intrinsics.cc (the library functions: List, Array, Option, String, core functions).
// Private to //alex.
#ifndef FIDELITY_ALEX_LOWER_INTERNAL_H_
#define FIDELITY_ALEX_LOWER_INTERNAL_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "alex/alex.h"
#include "alex/dialect/clef_dialect.h"
#include "ccs/psg/psg.pb.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace alex::internal {

namespace psg = ccs::psg;
namespace LLVM = mlir::LLVM;
using mlir::Type;
using mlir::Value;

// A binding's value in the function being emitted. A mutable binding is a cell: `value` points
// at its contents (a stack slot, a heap cell for one that escapes, a global at the top level).
struct Local {
  Value value;
  bool cell = false;
};

// The unsigned integer types: byte, uint16, uint32, uint64, unativeint.
inline bool IsUnsignedKind(psg::Type::Kind k) {
  return k == psg::Type::BYTE || k == psg::Type::UINT16 || k == psg::Type::UINT32 || k == psg::Type::UINT64 ||
         k == psg::Type::UNATIVEINT;
}
// Every integer type (not char or bool).
inline bool IsIntegerKind(psg::Type::Kind k) {
  return k == psg::Type::INT || k == psg::Type::INT64 || k == psg::Type::SBYTE || k == psg::Type::INT16 ||
         k == psg::Type::NATIVEINT || IsUnsignedKind(k);
}

class Lowerer;
using BodyEmitter = std::function<void(Lowerer&, llvm::ArrayRef<Value>)>;

// A function Alex emits as one func.func: a Clef function (lambda-lifted: captures first, then
// its curried parameters flattened), or a library function at one instantiation.
struct FnInfo {
  std::string symbol;
  std::vector<int> captures;  // bindings passed before the parameters
  std::vector<Type> param_types;
  Type result;
  int arity = 0;
  const psg::Node* lambda = nullptr;  // a Clef function's LAMBDA
  BodyEmitter body;                   // otherwise: emits the body (ends with a return)
  bool fastcc = true;
};

class Lowerer {
 public:
  Lowerer(const psg::Program& program, mlir::MLIRContext& context, const LowerOptions& options);
  absl::Status Run();
  mlir::OwningOpRef<mlir::ModuleOp> TakeModule() { return std::move(module_); }

  // ---- Used by intrinsics.cc -------------------------------------------------------------
  mlir::OpBuilder& b() { return builder_; }
  mlir::Location loc() const { return loc_; }
  Type Ty(int type_id);
  // Total on any id: a malformed PSG (from a front-end bug) must become an error, not a crash.
  const psg::Type& TypeOf(int type_id) const;
  const psg::TypeDecl& DeclOf(int decl) const;
  Type PtrTy();
  Type I1() { return builder_.getI1Type(); }
  Type I32() { return builder_.getI32Type(); }
  Type I64() { return builder_.getI64Type(); }
  Value I32Const(int64_t v);
  Value I64Const(int64_t v);
  Value BoolConst(bool v);
  Value Unit() { return BoolConst(false); }
  Value Null();
  Value Undef(Type type);
  Value Load(Type type, Value ptr);
  void Store(Value value, Value ptr);
  Value FieldAddr(Type struct_type, Value ptr, int field);
  Value Alloc(Type type);
  Value StringLit(const std::string& text);
  Value IsNull(Value ptr);
  // A call of a runtime function (clef_runtime.h), declared on first use. C `bool` parameters
  // are passed as i32 and `bool` results come back as i8: the generated code never relies on
  // LLVM's i1 matching the C ABI.
  Value CallRuntime(const std::string& name, Type result, llvm::ArrayRef<Value> args);
  // Raises exception `kind` (with `message`, else the kind's .NET default) where cond holds.
  void RaiseIf(Value cond, int kind, const char* message = nullptr);
  void MatchFailure(const psg::Node& at);  // MatchFailureException at `at`; ends the block
  Value StringData(Value string);          // the bytes of a runtime string
  Value ListLength(int elem_type, Value list);  // i32
  void EmitListAppend(int elem_type, Value front, Value back);  // returns front @ back
  void Unreachable();    // ends the block; code after it goes to a fresh, unreachable block
  mlir::Block* NewBlock(llvm::ArrayRef<Type> args = {});
  void SetBlock(mlir::Block* block) { builder_.setInsertionPointToEnd(block); }
  void Br(mlir::Block* dest, llvm::ArrayRef<Value> args = {});
  void CondBr(Value cond, mlir::Block* yes, mlir::Block* no);
  void Return(Value value);
  Value Call(const FnInfo& fn, llvm::ArrayRef<Value> args, bool tail = false);
  Value CallFn(int fn_index, llvm::ArrayRef<Value> args) { return Call(fns_[fn_index], args); }
  Value ApplyClosure(Value closure, int function_type, Value arg, bool tail = false);
  Value ApplyClosureN(Value closure, int function_type, llvm::ArrayRef<Value> args, bool tail = false);
  Value Equal(int type_id, Value a, Value b);
  Value Compare(int type_id, Value a, Value b);  // -1, 0, 1 as i32
  Value ToStringOf(int type_id, Value v);
  Value Sval(int type_id, Value v);      // %A: the runtime's clef_sval* describing v
  Value SvalBody(int type_id, Value v);  // the body of the per-type function Sval calls
  void SvalTreeWalk(int type_id, Value tree, Value parent, bool is_map);
  int ElementType(int type_id) { return TypeArg(type_id, 0); }
  int FunctionResult(int fn_type) { return TypeArg(fn_type, 1); }
  int FunctionParam(int fn_type) { return TypeArg(fn_type, 0); }
  int TypeArg(int type_id, int index);
  int TypeIdOf(psg::Type::Kind kind);  // the id of a primitive type (-1: the program has none)
  Type CellType(int elem_type);   // {T head, ptr tail}
  Type ArrayType(int elem_type);  // {i64 length, [0 x T]}
  Value ArrayLength(Value array);  // i64
  Value ArrayElementAddr(int elem_type, Value array, Value index_i64);  // bounds-checked
  // array.[index] read and written (bounds-checked, TBAA-tagged: see ArrayTbaa).
  Value LoadElement(int elem_type, Value array, Value index_i64);
  void StoreElement(Value value, int elem_type, Value array, Value index_i64);
  Value NewArray(int elem_type, Value length_i64);
  Value Cons(int elem_type, Value head, Value tail);
  // Loops over a list: `body` gets the element; returns after the loop.
  void ForEachList(int elem_type, Value list, const std::function<void(Value)>& body);
  void ForRange(Value from, Value to_inclusive, const std::function<void(Value)>& body);
  // A loop over i from `from` while keep_going(i), advancing by next(i).
  void Loop(Value from, const std::function<Value(Value)>& keep_going, const std::function<Value(Value)>& next,
            const std::function<void(Value)>& body);
  // Builds a list front to back (tail pointer in a stack slot).
  struct ListBuilder {
    Value head_slot;  // ptr to the first cell pointer
    Value last_slot;  // slot holding the address of the last tail field
    int elem_type;
  };
  ListBuilder StartList(int elem_type);
  void Append(ListBuilder& lb, Value elem);
  Value FinishList(ListBuilder& lb);
  Value Alloca(Type type);
  int AddFunction(FnInfo fn);  // queued; emitted after the current function
  void Fail(const psg::Node* at, const std::string& what);
  // Library functions (intrinsics.cc): the FnInfo of `intrinsic` at the binding's type.
  int IntrinsicFunction(const psg::Binding& binding, const psg::Node* at);
  int ExternFunction(const psg::Binding& binding);  // `extern` C functions (library.cc)
  bool IsHeapFree(int type_id);
  const psg::Program& Program() const { return program_; }
  Type RecordType(int decl);
  bool RecordByValue(int decl);
  Type CaseType(int decl, int case_index);
  // A program exception (`exception E of T`, case `index` of exn) is clef_exn's header
  // (message, kind, type name, describe function) and then its fields.
  static constexpr int kExceptionHeader = 4;
  Type ExceptionType(int index);
  // exn's cases: Failure and the runtime's kinds (clef_exn_kind, which `:? T` tests name; a case's
  // index is its kind), then the program's exceptions (CLEF_EXN_USER + index).
  static constexpr int kRuntimeExceptionCases = 10;
  static int32_t ExceptionKind(int index) { return index < kRuntimeExceptionCases ? index : 1000 + index; }
  Value NewProgramException(int index, llvm::ArrayRef<Value> fields);
  Value CompareInts(Value a, Value b);
  Value ApplyBinary(const std::string& op, int arg_type, int result_type, Value a, Value b,
                    const psg::Node* at);
  void EnsureComparator(const std::string& name, int elem, int key_fn_type);
  Value ListExtreme(int elem, Value list, bool max);
  Value Convert(int from_type, int to_type, Value v);
  int ComposeFunction(int f_type, int g_type, bool forward, int composed_type);
  // The lowering of a `printf` family node with all its arguments.
  bool IsComputationType(int type_id);
  int ComputationResult(int type_id);  // T of Async<T>, Actor<'m, T>, Frosty<T>
  Value SizeOf(Type type);
  // A computation (dcont.reset) whose body `body` emits, returning the result's value.
  Value Computation(const std::string& builder, Type result, const std::function<Value()>& body,
                    bool scoped = false);
  Value Shift(Value computation, int result_type);  // awaits a computation (dcont.shift)
  int LibraryTypeArg(int type_id, int index);  // 'a of MailboxProcessor<'a>, ... (-1: none)  // in bytes, from LLVM's data layout (the null-GEP idiom)
  void PrintHole(Value f, int align, const std::string& net_format, Value v, int type, const psg::Node* at);
  Value Printf(const std::string& fn, const std::string& format, llvm::ArrayRef<Value> args,
               llvm::ArrayRef<int> arg_types, int result_type, const psg::Node* at);

 private:
  mlir::ArrayAttr ArrayTbaa(bool length);  // the tag of an array's length or of an element
  mlir::ArrayAttr array_length_tbaa_;
  mlir::ArrayAttr array_element_tbaa_;
  friend struct LowererAccess;
  const psg::Node& N(int id) const { return program_.nodes(id); }
  void SetLoc(const psg::Node& n);
  Value Lower(int node);
  void LowerReturn(int node);
  Value LowerApp(const psg::Node& n, bool tail);
  Value LowerPrim(const psg::Node& n);
  Value LowerLiteral(const psg::Node& n);
  Value LowerVar(const psg::Node& n);
  Value LowerCase(const psg::Node& n);
  Value LowerList(const psg::Node& n, bool array);
  void LowerLet(const psg::Node& n);
  void LowerLetRec(const psg::Node& n);
  Value LowerMatch(const psg::Node& n, bool tail, Value scrutinee_override = {});
  Value LowerTry(const psg::Node& n);
  Value LowerTryFinally(const psg::Node& n);
  Value LowerTryAcrossShifts(const psg::Node& n, bool finally);
  // A dcont.try scope in the current reset: `body` runs inside it, then `after_body`; `handler`
  // gets the exception, runs with the outer scope active, and returns the result (or null when
  // its block ends in a raise).
  Value HandlerScope(const psg::Node* at, Type result_type, const std::function<Value()>& body,
                     const std::function<void()>& after_body, const std::function<Value(Value)>& handler);
  // async.Return/Bind/... (F#'s builder methods called directly) on `async`, `actor`, `frosty`.
  Value LowerBuilderCall(const psg::Node& method, int argument, const std::string& builder);
  Value RunOutlined(int body, Type result_type, Value* result_slot);
  Value LowerFor(const psg::Node& n);
  Value LowerAssign(const psg::Node& n);
  Value LowerRecord(const psg::Node& n);
  Value LowerFieldGet(const psg::Node& n);
  Value LowerIndexGet(const psg::Node& n);
  // Computation expressions (lower_async.cc): a RESET becomes a dcont.reset, each SHIFT a
  // dcont.shift, in direct style: a node in computation position (typed M<T>) has a T value.
  Value LowerReset(const psg::Node& n);
  Value LowerShift(const psg::Node& n);
  void MarkComputation(int node);
  int ValueType(const psg::Node& n);   // n's type, or T for a node in computation position
  bool ContainsShift(int node);
  bool ReturnsFromSelf(int node);
  // receiver.Method(argument) of the library's classes (MailboxProcessor, AsyncReplyChannel).
  Value LowerMethodCall(const psg::Node& method, int argument);
  // The runtime's code for an integer type (clef_fmt_integer): its %A suffix and signedness.
  static int IntegerCode(psg::Type::Kind k);
  Value PrintInteger(Value f, Value v, int type_id, int conv, int flags, int width);
  bool IsUserClass(int type_id);  // a class the program declares (not a library type)
  void BindPattern(int pattern, Value value);
  void FailUnless(Value condition, const psg::Node& at);
  void ForEachIn(int source_node, const std::function<void(Value)>& body);
  Value Occurrence(Value root, int root_type, const psg::DecisionTree::Occurrence& occ,
                   int* type_out);
  Value ClosureOf(int fn_index, llvm::ArrayRef<Value> args);
  std::string Thunk(int fn_index, int stage);
  std::string FullThunk(int fn_index, int stage);
  Type ClosureType(int fn_index, int stage);
  Value NewClosure(int fn_index, llvm::ArrayRef<Value> values);  // captures then given arguments
  void EmitThunk(const std::string& name, int fn_index, int stage, llvm::ArrayRef<Type> params, Type result,
                 const std::function<void(std::vector<Value>&)>& body);
  void EmitFunction(int fn_index);
  std::vector<int> ExpandCaptures(const std::vector<int>& raw, const std::vector<int>& exclude);
  int FunctionFor(const psg::Node& lambda, const std::string& name);
  Value CaptureValue(int binding);
  int PrimFunction(const psg::Node& n);
  int CaseFunction(const psg::Node& n);
  int PrintfFunction(const psg::Node& n);
  Value CaseTag(Value union_value);
  Value GlobalAddr(int binding);
  bool IsKnownFunction(int binding) const { return known_fns_.contains(binding); }
  std::string Where(const psg::Node* at) const;
  void EmitExport(const psg::Export& e);

  const psg::Program& program_;
  const LowerOptions options_;
  mlir::MLIRContext& context_;
  mlir::OpBuilder builder_;
  mlir::Location loc_;
  mlir::OwningOpRef<mlir::ModuleOp> module_;
  absl::Status error_;
  absl::flat_hash_map<int, Type> types_;
  absl::flat_hash_map<int, int> type_of_kind_;
  absl::flat_hash_map<int, Local> env_;           // the current function's bindings
  absl::flat_hash_map<int, int> known_fns_;       // binding -> fns_ index
  absl::flat_hash_map<int, std::string> globals_;  // top-level value bindings
  absl::flat_hash_map<std::string, int> fn_by_symbol_;
  std::vector<FnInfo> fns_;
  std::vector<int> pending_;
  mlir::func::FuncOp current_;
  // The dcont.reset regions being emitted, innermost last: blocks and stack slots of code in a
  // reset go to its region (the lowering to state machines makes the slots frame fields).
  struct ResetScope {
    mlir::Region* region;
    mlir::func::FuncOp func;
    int tries = 0;       // dcont.try scopes numbered so far
    int active_try = 0;  // the scope the code being emitted is in (0: none)
  };
  std::vector<ResetScope> resets_;
  mlir::Region* CurrentRegion();
  absl::flat_hash_set<const psg::Node*> computation_nodes_;
  mlir::Block* self_loop_ = nullptr;  // the current function's self tail-call target
  Value self_mark_;                   // its region mark, when its rounds release
  int current_fn_ = -1;
  absl::flat_hash_map<std::string, std::string> thunks_;
  int counter_ = 0;
  // No heap value is ever stored into an older location (a mutable, a ref cell, an array
  // element, a mutable field): then a loop iteration whose result is unit can release all it
  // allocated when it ends (alex/README.md, "Memory").
  bool iterations_release_ = false;
  // The same check alone (no RESET exception): async computations with heap-free results are
  // then scoped (dcont.reset `scoped`, CLEF_ASYNC_SCOPED).
  bool no_older_heap_stores_ = false;
  void ScopedIteration(int body_node, const std::function<void()>& body);
  bool MayAllocate(int node, absl::flat_hash_set<int>& visited);
};

}  // namespace alex::internal

#endif  // FIDELITY_ALEX_LOWER_INTERNAL_H_
