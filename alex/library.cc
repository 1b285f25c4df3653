// The library functions of Clef's prelude (ccs/sema/prelude.cc), each emitted once per
// instantiation as a func.func of its parameters. Loops walk cons cells; lists are built front
// to back through a tail slot, so every function here runs in constant stack.
#include <map>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "alex/lower_internal.h"

namespace alex::internal {
namespace {
using mlir::arith::CmpIPredicate;

// The instantiated signature: parameter type ids and the result type id.
struct Sig {
  std::vector<int> params;
  int result = -1;
};

using Emitter = std::function<void(Lowerer&, llvm::ArrayRef<Value>, const Sig&)>;

struct Intrinsic {
  int arity;
  Emitter emit;
};

Value Add(Lowerer& l, Value a, Value b) {
  if (mlir::isa<mlir::FloatType>(a.getType())) return l.b().create<mlir::arith::AddFOp>(l.loc(), a, b);
  return l.b().create<mlir::arith::AddIOp>(l.loc(), a, b);
}

Value Zero(Lowerer& l, Type t) {
  if (mlir::isa<mlir::FloatType>(t)) return l.b().create<mlir::arith::ConstantOp>(l.loc(), l.b().getFloatAttr(t, 0.0));
  return l.b().create<mlir::arith::ConstantIntOp>(l.loc(), 0, t);
}

Value Inc(Lowerer& l, Value slot, Type t) {
  Value v = l.Load(t, slot);
  l.Store(l.b().create<mlir::arith::AddIOp>(l.loc(), v, l.b().create<mlir::arith::ConstantIntOp>(l.loc(), 1, t)), slot);
  return v;
}

// The address of element `index` (an int) of 'T elements at `base`.
Value NativeElement(Lowerer& l, Value base, Value index, int elem) {
  Value i = l.b().create<mlir::arith::ExtSIOp>(l.loc(), l.I64(), index);
  return l.b().create<LLVM::GEPOp>(l.loc(), l.PtrTy(), l.Ty(elem), base, mlir::ValueRange{i});
}

Value PrintString(Lowerer& l, Value s, int stream, bool newline) {
  l.CallRuntime("clef_print_string", {}, {s, l.I32Const(stream), l.BoolConst(newline)});
  return l.Unit();
}

Value WriteValue(Lowerer& l, Value v, int type, const char* printer) {
  if (l.TypeOf(type).kind() == psg::Type::UNIT) return l.Printf(printer, "", {}, {}, type, nullptr);
  return l.Printf(printer, "%O", {v}, {type}, type, nullptr);
}

// Applies a curried closure of type fn_type to several arguments.
Value Apply(Lowerer& l, Value f, int fn_type, std::initializer_list<Value> args) {
  return l.ApplyClosureN(f, fn_type, std::vector<Value>(args));
}

// Walks the list until pred holds; returns the cell where it held, or null.
Value SearchList(Lowerer& l, int elem, Value list, const std::function<Value(Value)>& pred) {
  mlir::Block* header = l.NewBlock({l.PtrTy()});
  mlir::Block* test = l.NewBlock();
  mlir::Block* next = l.NewBlock();
  mlir::Block* exit = l.NewBlock({l.PtrTy()});
  l.Br(header, {list});
  l.SetBlock(header);
  Value cell = header->getArgument(0);
  l.b().create<mlir::cf::CondBranchOp>(l.loc(), l.IsNull(cell), exit, mlir::ValueRange{cell}, test, mlir::ValueRange{});
  l.SetBlock(test);
  Type ct = l.CellType(elem);
  Value found = pred(l.Load(l.Ty(elem), l.FieldAddr(ct, cell, 0)));
  l.b().create<mlir::cf::CondBranchOp>(l.loc(), found, exit, mlir::ValueRange{cell}, next, mlir::ValueRange{});
  l.SetBlock(next);
  l.Br(header, {l.Load(l.PtrTy(), l.FieldAddr(ct, cell, 1))});
  l.SetBlock(exit);
  return exit->getArgument(0);
}

// Emits `then` where cond holds, then continues after it.
void When(Lowerer& l, Value cond, const std::function<void()>& then) {
  mlir::Block* yes = l.NewBlock();
  mlir::Block* done = l.NewBlock();
  l.CondBr(cond, yes, done);
  l.SetBlock(yes);
  then();
  l.Br(done);
  l.SetBlock(done);
}

// Returns `if_none` from the function when `option` is None; otherwise continues where it is
// Some and gives its payload.
Value SomeOrReturn(Lowerer& l, Value option, int elem, Value if_none) {
  mlir::Block* some = l.NewBlock();
  mlir::Block* none = l.NewBlock();
  l.CondBr(l.IsNull(option), none, some);
  l.SetBlock(none);
  l.Return(if_none);
  l.SetBlock(some);
  return l.Load(l.Ty(elem), option);
}

Value NotNull(Lowerer& l, Value p) {
  return l.b().create<mlir::arith::XOrIOp>(l.loc(), l.IsNull(p), l.BoolConst(true));
}

constexpr const char* kEmptyList = "The input list was empty. (Parameter 'list')";

// Raises exception `kind` (with .NET's message for the library function when one is given).
void RaiseIf(Lowerer& l, Value cond, int kind, const char* message = nullptr) { l.RaiseIf(cond, kind, message); }

Value ListToArray(Lowerer& l, int elem, Value list) {
  Value count = l.Alloca(l.I64());
  l.Store(l.I64Const(0), count);
  l.ForEachList(elem, list, [&](Value) { Inc(l, count, l.I64()); });
  Value array = l.NewArray(elem, l.Load(l.I64(), count));
  l.Store(l.I64Const(0), count);
  l.ForEachList(elem, list, [&](Value v) { l.StoreElement(v, elem, array, Inc(l, count, l.I64())); });
  return array;
}

void ForEachArray(Lowerer& l, int elem, Value array, const std::function<void(Value, Value)>& body) {
  Value last = l.b().create<mlir::arith::SubIOp>(l.loc(), l.ArrayLength(array), l.I64Const(1));
  l.ForRange(l.I64Const(0), last, [&](Value i) { body(i, l.LoadElement(elem, array, i)); });
}

Value ArrayToList(Lowerer& l, int elem, Value array) {
  auto lb = l.StartList(elem);
  ForEachArray(l, elem, array, [&](Value, Value v) { l.Append(lb, v); });
  return l.FinishList(lb);
}

Value CopyArray(Lowerer& l, int elem, Value array) {
  Value copy = l.NewArray(elem, l.ArrayLength(array));
  ForEachArray(l, elem, array, [&](Value i, Value v) { l.StoreElement(v, elem, copy, i); });
  return copy;
}

// Stable sort of an array in place by the runtime's merge sort, through a generated comparator
// `i32 (ptr ctx, ptr a, ptr b)`; with a key function (sortBy) the context is the closure.
void SortArray(Lowerer& l, int elem, Value array, Value key_fn, int key_fn_type);

Value SizeOf(Lowerer& l, Type type) { return l.SizeOf(type); }

Value I32ToI64(Lowerer& l, Value v) { return l.b().create<mlir::arith::ExtSIOp>(l.loc(), l.I64(), v); }

const std::map<std::string, Intrinsic>& Table() {
  static const auto* table = new std::map<std::string, Intrinsic>{
      // ---- core ----
      {"ignore", {1, [](Lowerer& l, auto, auto&) { l.Return(l.Unit()); }}},
      // isNull: a null reference (stdin.ReadLine() at the end of input); values never are.
      {"isNull", {1, [](Lowerer& l, auto a, auto&) {
         l.Return(mlir::isa<LLVM::LLVMPointerType>(a[0].getType()) ? l.IsNull(a[0]) : l.BoolConst(false));
       }}},
      // NativePtr: addresses of 'T elements. stackalloc takes its memory from the region (freed
      // with it: a loop iteration's stackalloc lives until the iteration ends, as on the stack).
      {"NativePtr.stackalloc", {1, [](Lowerer& l, auto a, const Sig& s) {
         Value size = l.SizeOf(l.Ty(l.LibraryTypeArg(s.result, 0)));
         Value count = l.b().create<mlir::arith::ExtSIOp>(l.loc(), l.I64(), a[0]);
         Value bytes = l.b().create<mlir::arith::MulIOp>(l.loc(), size, count);
         l.Return(l.CallRuntime("clef_alloc", l.PtrTy(), {bytes, l.I64Const(16)}));
       }}},
      {"NativePtr.get", {2, [](Lowerer& l, auto a, const Sig& s) {
         l.Return(l.Load(l.Ty(s.result), NativeElement(l, a[0], a[1], s.result)));
       }}},
      {"NativePtr.set", {3, [](Lowerer& l, auto a, const Sig& s) {
         l.Store(a[2], NativeElement(l, a[0], a[1], s.params[2]));
         l.Return(l.Unit());
       }}},
      {"NativePtr.read", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Load(l.Ty(s.result), a[0])); }}},
      {"NativePtr.write", {2, [](Lowerer& l, auto a, auto&) {
         l.Store(a[1], a[0]);
         l.Return(l.Unit());
       }}},
      {"NativePtr.add", {2, [](Lowerer& l, auto a, const Sig& s) {
         l.Return(NativeElement(l, a[0], a[1], l.LibraryTypeArg(s.result, 0)));
       }}},
      {"NativePtr.ofNativeInt", {1, [](Lowerer& l, auto a, auto&) {
         l.Return(l.b().create<LLVM::IntToPtrOp>(l.loc(), l.PtrTy(), a[0]));
       }}},
      {"NativePtr.toNativeInt", {1, [](Lowerer& l, auto a, const Sig& s) {
         l.Return(l.b().create<LLVM::PtrToIntOp>(l.loc(), l.Ty(s.result), a[0]));
       }}},
      {"NativePtr.isNullPtr", {1, [](Lowerer& l, auto a, auto&) { l.Return(l.IsNull(a[0])); }}},
      // Console: lines of stdin; strings to stdout (1) or stderr (2); WriteLine of any value as
      // .NET's ToString (printf's %O), of () an empty line.
      {"Console.ReadLine", {1, [](Lowerer& l, auto, auto&) { l.Return(l.CallRuntime("clef_read_line", l.PtrTy(), {})); }}},
      {"Console.readln", {1, [](Lowerer& l, auto, auto&) { l.Return(l.CallRuntime("clef_read_line", l.PtrTy(), {})); }}},
      {"Console.readLine", {1, [](Lowerer& l, auto, auto&) { l.Return(l.CallRuntime("clef_read_line", l.PtrTy(), {})); }}},
      {"Console.write", {1, [](Lowerer& l, auto a, auto&) { l.Return(PrintString(l, a[0], 1, false)); }}},
      {"Console.writeln", {1, [](Lowerer& l, auto a, auto&) { l.Return(PrintString(l, a[0], 1, true)); }}},
      {"Console.error", {1, [](Lowerer& l, auto a, auto&) { l.Return(PrintString(l, a[0], 2, false)); }}},
      {"Console.errorln", {1, [](Lowerer& l, auto a, auto&) { l.Return(PrintString(l, a[0], 2, true)); }}},
      {"Console.WriteLine", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(WriteValue(l, a[0], s.params[0], "printfn")); }}},
      {"Console.Write", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(WriteValue(l, a[0], s.params[0], "printf")); }}},
      {"id", {1, [](Lowerer& l, auto a, auto&) { l.Return(a[0]); }}},
      {"fst", {1, [](Lowerer& l, auto a, auto&) { l.Return(l.b().create<LLVM::ExtractValueOp>(l.loc(), a[0], llvm::ArrayRef<int64_t>{0})); }}},
      {"snd", {1, [](Lowerer& l, auto a, auto&) { l.Return(l.b().create<LLVM::ExtractValueOp>(l.loc(), a[0], llvm::ArrayRef<int64_t>{1})); }}},
      {"not", {1, [](Lowerer& l, auto a, auto&) { l.Return(l.b().create<mlir::arith::XOrIOp>(l.loc(), a[0], l.BoolConst(true))); }}},
      {"failwith", {1, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_failwith", {}, {a[0]});
         l.b().create<LLVM::UnreachableOp>(l.loc());
       }}},
      {"raise", {1, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_raise", {}, {a[0]});
         l.b().create<LLVM::UnreachableOp>(l.loc());
       }}},
      {"reraise", {1, [](Lowerer& l, auto, auto&) {
         l.CallRuntime("clef_reraise", {}, {});
         l.b().create<LLVM::UnreachableOp>(l.loc());
       }}},
      {"ClefRuntime.exceptionOfKind", {2, [](Lowerer& l, auto a, auto&) {
         l.Return(l.CallRuntime("clef_exn_new", l.PtrTy(), {a[0], a[1]}));
       }}},
      {"ClefRuntime.configurePlatform", {2, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_platform_configure", {}, {a[0], a[1]});
         l.Return(l.Unit());
       }}},
      {"ClefRuntime.superviseActor", {2, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_actor_supervise", {}, {a[0], a[1]});
         l.Return(l.Unit());
       }}},
      {"ClefRuntime.watchActor", {3, [](Lowerer& l, auto a, auto&) {
         Value slot = l.Alloca(a[1].getType());
         l.Store(a[1], slot);
         l.CallRuntime("clef_actor_watch", {}, {a[0], slot, SizeOf(l, a[1].getType()), a[2]});
         l.Return(l.Unit());
       }}},
      {"string", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.ToStringOf(s.params[0], a[0])); }}},
      {"int", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"int64", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"float", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"char", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"byte", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"sbyte", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"int8", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"int16", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"uint16", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"uint32", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"uint", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"uint64", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"uint8", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"int32", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"nativeint", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"unativeint", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Convert(s.params[0], s.result, a[0])); }}},
      {"max", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value c = l.Compare(s.params[0], a[0], a[1]);
         l.Return(l.b().create<mlir::arith::SelectOp>(l.loc(), l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::slt, c, l.I32Const(0)), a[1], a[0]));
       }}},
      {"min", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value c = l.Compare(s.params[0], a[0], a[1]);
         l.Return(l.b().create<mlir::arith::SelectOp>(l.loc(), l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::sgt, c, l.I32Const(0)), a[1], a[0]));
       }}},
      {"compare", {2, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.Compare(s.params[0], a[0], a[1])); }}},
      {"abs", {1, [](Lowerer& l, auto a, auto&) {
         Value x = a[0];
         if (mlir::isa<mlir::FloatType>(x.getType())) {
           l.Return(l.b().create<LLVM::FAbsOp>(l.loc(), x));
           return;
         }
         Value neg = l.b().create<mlir::arith::SubIOp>(l.loc(), Zero(l, x.getType()), x);
         Value is_neg = l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::slt, x, Zero(l, x.getType()));
         l.Return(l.b().create<mlir::arith::SelectOp>(l.loc(), is_neg, neg, x));
       }}},
      {"sqrt", {1, [](Lowerer& l, auto a, auto&) { l.Return(l.b().create<LLVM::SqrtOp>(l.loc(), a[0])); }}},
      {"ref", {1, [](Lowerer& l, auto a, auto&) {
         Value cell = l.Alloc(a[0].getType());
         l.Store(a[0], cell);
         l.Return(cell);
       }}},
      {"incr", {1, [](Lowerer& l, auto a, auto&) { Inc(l, a[0], l.I32()); l.Return(l.Unit()); }}},
      {"decr", {1, [](Lowerer& l, auto a, auto&) {
         l.Store(l.b().create<mlir::arith::SubIOp>(l.loc(), l.Load(l.I32(), a[0]), l.I32Const(1)), a[0]);
         l.Return(l.Unit());
       }}},
      // ---- List ----
      {"List.map", {2, [](Lowerer& l, auto a, const Sig& s) {
         auto lb = l.StartList(l.FunctionResult(s.params[0]));
         l.ForEachList(l.ElementType(s.params[1]), a[1], [&](Value x) { l.Append(lb, l.ApplyClosure(a[0], s.params[0], x)); });
         l.Return(l.FinishList(lb));
       }}},
      {"List.mapi", {2, [](Lowerer& l, auto a, const Sig& s) {
         auto lb = l.StartList(l.ElementType(s.result));
         Value i = l.Alloca(l.I32());
         l.Store(l.I32Const(0), i);
         l.ForEachList(l.ElementType(s.params[1]), a[1], [&](Value x) { l.Append(lb, Apply(l, a[0], s.params[0], {Inc(l, i, l.I32()), x})); });
         l.Return(l.FinishList(lb));
       }}},
      {"List.filter", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.params[1]);
         auto lb = l.StartList(elem);
         l.ForEachList(elem, a[1], [&](Value x) {
           When(l, l.ApplyClosure(a[0], s.params[0], x), [&] { l.Append(lb, x); });
         });
         l.Return(l.FinishList(lb));
       }}},
      {"List.choose", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int out = l.ElementType(s.result);
         auto lb = l.StartList(out);
         l.ForEachList(l.ElementType(s.params[1]), a[1], [&](Value x) {
           Value o = l.ApplyClosure(a[0], s.params[0], x);
           When(l, NotNull(l, o), [&] { l.Append(lb, l.Load(l.Ty(out), o)); });
         });
         l.Return(l.FinishList(lb));
       }}},
      {"List.collect", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int out = l.ElementType(s.result);
         auto lb = l.StartList(out);
         l.ForEachList(l.ElementType(s.params[1]), a[1], [&](Value x) {
           l.ForEachList(out, l.ApplyClosure(a[0], s.params[0], x), [&](Value y) { l.Append(lb, y); });
         });
         l.Return(l.FinishList(lb));
       }}},
      {"List.fold", {3, [](Lowerer& l, auto a, const Sig& s) {
         Value acc = l.Alloca(a[1].getType());
         l.Store(a[1], acc);
         l.ForEachList(l.ElementType(s.params[2]), a[2], [&](Value x) {
           l.Store(Apply(l, a[0], s.params[0], {l.Load(a[1].getType(), acc), x}), acc);
         });
         l.Return(l.Load(a[1].getType(), acc));
       }}},
      {"List.foldBack", {3, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.params[1]);
         Value array = ListToArray(l, elem, a[1]);
         Value acc = l.Alloca(a[2].getType());
         l.Store(a[2], acc);
         // From the last element down.
         Value n = l.ArrayLength(array);
         l.ForRange(l.I64Const(1), n, [&](Value k) {
           Value i = l.b().create<mlir::arith::SubIOp>(l.loc(), n, k);
           Value x = l.LoadElement(elem, array, i);
           l.Store(Apply(l, a[0], s.params[0], {x, l.Load(a[2].getType(), acc)}), acc);
         });
         l.Return(l.Load(a[2].getType(), acc));
       }}},
      {"List.reduce", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.params[1]);
         RaiseIf(l, l.IsNull(a[1]), 4, kEmptyList);
         Type ct = l.CellType(elem);
         Value acc = l.Alloca(l.Ty(elem));
         l.Store(l.Load(l.Ty(elem), l.FieldAddr(ct, a[1], 0)), acc);
         l.ForEachList(elem, l.Load(l.PtrTy(), l.FieldAddr(ct, a[1], 1)), [&](Value x) {
           l.Store(Apply(l, a[0], s.params[0], {l.Load(l.Ty(elem), acc), x}), acc);
         });
         l.Return(l.Load(l.Ty(elem), acc));
       }}},
      {"List.iter", {2, [](Lowerer& l, auto a, const Sig& s) {
         l.ForEachList(l.ElementType(s.params[1]), a[1], [&](Value x) { l.ApplyClosure(a[0], s.params[0], x); });
         l.Return(l.Unit());
       }}},
      {"List.iteri", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value i = l.Alloca(l.I32());
         l.Store(l.I32Const(0), i);
         l.ForEachList(l.ElementType(s.params[1]), a[1], [&](Value x) { Apply(l, a[0], s.params[0], {Inc(l, i, l.I32()), x}); });
         l.Return(l.Unit());
       }}},
      {"List.sum", {1, [](Lowerer& l, auto a, const Sig& s) {
         Type t = l.Ty(s.result);
         Value acc = l.Alloca(t);
         l.Store(Zero(l, t), acc);
         l.ForEachList(s.result, a[0], [&](Value x) { l.Store(Add(l, l.Load(t, acc), x), acc); });
         l.Return(l.Load(t, acc));
       }}},
      {"List.length", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.ListLength(l.ElementType(s.params[0]), a[0])); }}},
      {"List.rev", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.params[0]);
         Value acc = l.Alloca(l.PtrTy());
         l.Store(l.Null(), acc);
         l.ForEachList(elem, a[0], [&](Value x) { l.Store(l.Cons(elem, x, l.Load(l.PtrTy(), acc)), acc); });
         l.Return(l.Load(l.PtrTy(), acc));
       }}},
      {"List.head", {1, [](Lowerer& l, auto a, const Sig& s) {
         RaiseIf(l, l.IsNull(a[0]), 4, kEmptyList);
         l.Return(l.Load(l.Ty(s.result), l.FieldAddr(l.CellType(s.result), a[0], 0)));
       }}},
      {"List.tail", {1, [](Lowerer& l, auto a, const Sig& s) {
         RaiseIf(l, l.IsNull(a[0]), 4, kEmptyList);
         l.Return(l.Load(l.PtrTy(), l.FieldAddr(l.CellType(l.ElementType(s.params[0])), a[0], 1)));
       }}},
      {"List.isEmpty", {1, [](Lowerer& l, auto a, auto&) { l.Return(l.IsNull(a[0])); }}},
      {"List.append", {2, [](Lowerer& l, auto a, const Sig& s) { l.EmitListAppend(l.ElementType(s.params[0]), a[0], a[1]); }}},
      {"List.exists", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value cell = SearchList(l, l.ElementType(s.params[1]), a[1], [&](Value x) { return l.ApplyClosure(a[0], s.params[0], x); });
         l.Return(NotNull(l, cell));
       }}},
      {"List.forall", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value cell = SearchList(l, l.ElementType(s.params[1]), a[1], [&](Value x) {
           return l.b().create<mlir::arith::XOrIOp>(l.loc(), l.ApplyClosure(a[0], s.params[0], x), l.BoolConst(true));
         });
         l.Return(l.IsNull(cell));
       }}},
      {"List.find", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value cell = SearchList(l, s.result, a[1], [&](Value x) { return l.ApplyClosure(a[0], s.params[0], x); });
         RaiseIf(l, l.IsNull(cell), 5, "An index satisfying the predicate was not found in the collection.");
         l.Return(l.Load(l.Ty(s.result), cell));
       }}},
      {"List.tryFind", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.params[1]);
         Value cell = SearchList(l, elem, a[1], [&](Value x) { return l.ApplyClosure(a[0], s.params[0], x); });
         mlir::Block* some = l.NewBlock();
         mlir::Block* none = l.NewBlock();
         l.CondBr(l.IsNull(cell), none, some);
         l.SetBlock(none);
         l.Return(l.Null());
         l.SetBlock(some);
         Value box = l.Alloc(l.Ty(elem));
         l.Store(l.Load(l.Ty(elem), cell), box);
         l.Return(box);
       }}},
      {"List.contains", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value cell = SearchList(l, s.params[0], a[1], [&](Value x) { return l.Equal(s.params[0], x, a[0]); });
         l.Return(NotNull(l, cell));
       }}},
      {"List.init", {2, [](Lowerer& l, auto a, const Sig& s) {
         RaiseIf(l, l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::slt, a[0], l.I32Const(0)), 4);
         auto lb = l.StartList(l.ElementType(s.result));
         l.ForRange(l.I32Const(0), l.b().create<mlir::arith::SubIOp>(l.loc(), a[0], l.I32Const(1)), [&](Value i) {
           l.Append(lb, l.ApplyClosure(a[1], s.params[1], i));
         });
         l.Return(l.FinishList(lb));
       }}},
      {"List.replicate", {2, [](Lowerer& l, auto a, const Sig& s) {
         RaiseIf(l, l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::slt, a[0], l.I32Const(0)), 4);
         const int elem = l.ElementType(s.result);
         Value acc = l.Alloca(l.PtrTy());
         l.Store(l.Null(), acc);
         l.ForRange(l.I32Const(1), a[0], [&](Value) { l.Store(l.Cons(elem, a[1], l.Load(l.PtrTy(), acc)), acc); });
         l.Return(l.Load(l.PtrTy(), acc));
       }}},
      {"List.max", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.ListExtreme(s.result, a[0], true)); }}},
      {"List.min", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(l.ListExtreme(s.result, a[0], false)); }}},
      {"List.sort", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.params[0]);
         Value array = ListToArray(l, elem, a[0]);
         SortArray(l, elem, array, {}, -1);
         l.Return(ArrayToList(l, elem, array));
       }}},
      {"List.sortBy", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.params[1]);
         Value array = ListToArray(l, elem, a[1]);
         SortArray(l, elem, array, a[0], s.params[0]);
         l.Return(ArrayToList(l, elem, array));
       }}},
      {"List.zip", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int ea = l.ElementType(s.params[0]);
         const int eb = l.ElementType(s.params[1]);
         const int pair = l.ElementType(s.result);
         auto lb = l.StartList(pair);
         Value other = l.Alloca(l.PtrTy());
         l.Store(a[1], other);
         l.ForEachList(ea, a[0], [&](Value x) {
           Value cell = l.Load(l.PtrTy(), other);
           RaiseIf(l, l.IsNull(cell), 4);
           Type ct = l.CellType(eb);
           Value y = l.Load(l.Ty(eb), l.FieldAddr(ct, cell, 0));
           l.Store(l.Load(l.PtrTy(), l.FieldAddr(ct, cell, 1)), other);
           Value t = l.Undef(l.Ty(pair));
           t = l.b().create<LLVM::InsertValueOp>(l.loc(), t, x, llvm::ArrayRef<int64_t>{0});
           t = l.b().create<LLVM::InsertValueOp>(l.loc(), t, y, llvm::ArrayRef<int64_t>{1});
           l.Append(lb, t);
         });
         RaiseIf(l, NotNull(l, l.Load(l.PtrTy(), other)), 4);
         l.Return(l.FinishList(lb));
       }}},
      {"List.item", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value i = l.Alloca(l.I32());
         l.Store(a[0], i);
         Value cell = SearchList(l, s.result, a[1], [&](Value) {
           Value k = l.Load(l.I32(), i);
           l.Store(l.b().create<mlir::arith::SubIOp>(l.loc(), k, l.I32Const(1)), i);
           return l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::eq, k, l.I32Const(0));
         });
         RaiseIf(l, l.IsNull(cell), 4, "The index was outside the range of elements in the list. (Parameter 'index')");
         l.Return(l.Load(l.Ty(s.result), cell));
       }}},
      {"List.ofArray", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(ArrayToList(l, l.ElementType(s.params[0]), a[0])); }}},
      {"List.toArray", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(ListToArray(l, l.ElementType(s.params[0]), a[0])); }}},
      // ---- Array ----
      {"Array.map", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int out = l.ElementType(s.result);
         Value result = l.NewArray(out, l.ArrayLength(a[1]));
         ForEachArray(l, l.ElementType(s.params[1]), a[1], [&](Value i, Value x) {
           l.StoreElement(l.ApplyClosure(a[0], s.params[0], x), out, result, i);
         });
         l.Return(result);
       }}},
      {"Array.filter", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.params[1]);
         auto lb = l.StartList(elem);
         ForEachArray(l, elem, a[1], [&](Value, Value x) {
           When(l, l.ApplyClosure(a[0], s.params[0], x), [&] { l.Append(lb, x); });
         });
         l.Return(ListToArray(l, elem, l.FinishList(lb)));
       }}},
      {"Array.fold", {3, [](Lowerer& l, auto a, const Sig& s) {
         Value acc = l.Alloca(a[1].getType());
         l.Store(a[1], acc);
         ForEachArray(l, l.ElementType(s.params[2]), a[2], [&](Value, Value x) {
           l.Store(Apply(l, a[0], s.params[0], {l.Load(a[1].getType(), acc), x}), acc);
         });
         l.Return(l.Load(a[1].getType(), acc));
       }}},
      {"Array.iter", {2, [](Lowerer& l, auto a, const Sig& s) {
         ForEachArray(l, l.ElementType(s.params[1]), a[1], [&](Value, Value x) { l.ApplyClosure(a[0], s.params[0], x); });
         l.Return(l.Unit());
       }}},
      {"Array.sum", {1, [](Lowerer& l, auto a, const Sig& s) {
         Type t = l.Ty(s.result);
         Value acc = l.Alloca(t);
         l.Store(Zero(l, t), acc);
         ForEachArray(l, s.result, a[0], [&](Value, Value x) { l.Store(Add(l, l.Load(t, acc), x), acc); });
         l.Return(l.Load(t, acc));
       }}},
      {"Array.length", {1, [](Lowerer& l, auto a, auto&) {
         l.Return(l.b().create<mlir::arith::TruncIOp>(l.loc(), l.I32(), l.ArrayLength(a[0])));
       }}},
      {"Array.init", {2, [](Lowerer& l, auto a, const Sig& s) {
         RaiseIf(l, l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::slt, a[0], l.I32Const(0)), 4);
         const int elem = l.ElementType(s.result);
         Value result = l.NewArray(elem, I32ToI64(l, a[0]));
         l.ForRange(l.I32Const(0), l.b().create<mlir::arith::SubIOp>(l.loc(), a[0], l.I32Const(1)), [&](Value i) {
           l.StoreElement(l.ApplyClosure(a[1], s.params[1], i), elem, result, I32ToI64(l, i));
         });
         l.Return(result);
       }}},
      {"Array.create", {2, [](Lowerer& l, auto a, const Sig& s) {
         RaiseIf(l, l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::slt, a[0], l.I32Const(0)), 4);
         const int elem = l.ElementType(s.result);
         Value length = I32ToI64(l, a[0]);
         Value result = l.NewArray(elem, length);
         if (l.Ty(elem) == l.I1()) {
           // A bool is one byte in memory: one memset, which LLVM would not make of a loop of i1
           // stores.
           Value first = l.b().create<LLVM::GEPOp>(l.loc(), l.PtrTy(), l.ArrayType(elem), result,
                                                   llvm::ArrayRef<LLVM::GEPArg>{0, 1, 0});
           Value byte = l.b().create<mlir::arith::ExtUIOp>(l.loc(), l.b().getI8Type(), a[1]);
           l.b().create<LLVM::MemsetOp>(l.loc(), first, byte, length, /*isVolatile=*/false);
         } else {
           ForEachArray(l, elem, result, [&](Value i, Value) { l.StoreElement(a[1], elem, result, i); });
         }
         l.Return(result);
       }}},
      {"Array.zeroCreate", {1, [](Lowerer& l, auto a, const Sig& s) {
         RaiseIf(l, l.b().create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::slt, a[0], l.I32Const(0)), 4);
         l.Return(l.NewArray(l.ElementType(s.result), I32ToI64(l, a[0])));
       }}},
      {"Array.copy", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(CopyArray(l, l.ElementType(s.result), a[0])); }}},
      {"Array.sort", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ElementType(s.result);
         Value copy = CopyArray(l, elem, a[0]);
         SortArray(l, elem, copy, {}, -1);
         l.Return(copy);
       }}},
      {"Array.ofList", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(ListToArray(l, l.ElementType(s.params[0]), a[0])); }}},
      {"Array.toList", {1, [](Lowerer& l, auto a, const Sig& s) { l.Return(ArrayToList(l, l.ElementType(s.params[0]), a[0])); }}},
      // ---- Option ----
      {"Option.map", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value x = SomeOrReturn(l, a[1], l.ElementType(s.params[1]), l.Null());
         Value v = l.ApplyClosure(a[0], s.params[0], x);
         Value box = l.Alloc(v.getType());
         l.Store(v, box);
         l.Return(box);
       }}},
      {"Option.bind", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value x = SomeOrReturn(l, a[1], l.ElementType(s.params[1]), l.Null());
         l.Return(l.ApplyClosure(a[0], s.params[0], x, true));
       }}},
      {"Option.defaultValue", {2, [](Lowerer& l, auto a, const Sig& s) {
         l.Return(SomeOrReturn(l, a[1], s.result, a[0]));
       }}},
      {"Option.isSome", {1, [](Lowerer& l, auto a, auto&) { l.Return(NotNull(l, a[0])); }}},
      {"Option.isNone", {1, [](Lowerer& l, auto a, auto&) { l.Return(l.IsNull(a[0])); }}},
      {"Option.get", {1, [](Lowerer& l, auto a, const Sig& s) {
         RaiseIf(l, l.IsNull(a[0]), 4, "The option value was None (Parameter 'option')");
         l.Return(l.Load(l.Ty(s.result), a[0]));
       }}},
      {"Option.iter", {2, [](Lowerer& l, auto a, const Sig& s) {
         Value x = SomeOrReturn(l, a[1], l.ElementType(s.params[1]), l.Unit());
         l.ApplyClosure(a[0], s.params[0], x);
         l.Return(l.Unit());
       }}},
      // ---- String ----
      // ---- Async (the runtime's clef_async_* on Frosty: composer/runtime/async.cc) ----
      {"Async.RunSynchronously", {1, [](Lowerer& l, auto a, const Sig& s) {
         Value slot = l.Alloca(l.Ty(s.result));
         l.CallRuntime("clef_async_run", {}, {a[0], slot});
         l.Return(l.Load(l.Ty(s.result), slot));
       }}},
      {"Async.Start", {1, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_async_start", {}, {a[0], l.I64Const(1)});
         l.Return(l.Unit());
       }}},
      // Queued like Start: the program's runtime runs on the main thread, so "now" and "next"
      // differ only in order among tasks started together.
      {"Async.StartImmediate", {1, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_async_start", {}, {a[0], l.I64Const(1)});
         l.Return(l.Unit());
       }}},
      {"Async.Sleep", {1, [](Lowerer& l, auto a, auto&) {
         l.Return(l.CallRuntime("clef_async_sleep", l.PtrTy(), {a[0]}));
       }}},
      {"Async.Parallel", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ComputationResult(l.ElementType(s.params[0]));
         l.Return(l.CallRuntime("clef_async_parallel", l.PtrTy(), {a[0], SizeOf(l, l.Ty(elem))}));
       }}},
      {"Async.StartChild", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int result = l.ComputationResult(s.params[0]);
         l.Return(l.CallRuntime("clef_async_start_child", l.PtrTy(), {a[0], SizeOf(l, l.Ty(result))}));
       }}},
      {"Async.Ignore", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int result = l.ComputationResult(s.params[0]);
         l.Return(l.CallRuntime("clef_async_ignore", l.PtrTy(), {a[0], SizeOf(l, l.Ty(result))}));
       }}},
      // ---- MailboxProcessor (composer/runtime/mailbox.cc): the body runs as a task ----
      {"MailboxProcessor.Start", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int message = l.LibraryTypeArg(s.result, 0);
         Value mailbox = l.CallRuntime("clef_mailbox_new", l.PtrTy(), {SizeOf(l, l.Ty(message))});
         Value body = l.ApplyClosure(a[0], s.params[0], mailbox);
         l.CallRuntime("clef_async_start", {}, {body, l.I64Const(1)});
         l.Return(mailbox);
       }}},
      // ---- Olivier actors (composer/runtime/mailbox.cc): a behaviour is a task whose frames
      // reach their actor through the awaiter chain ----
      {"Olivier.createSystem", {1, [](Lowerer& l, auto a, auto&) {
         l.Return(l.CallRuntime("clef_actor_system_new", l.PtrTy(), {a[0]}));
       }}},
      {"Olivier.spawn", {3, [](Lowerer& l, auto a, const Sig& s) {
         const int message = l.LibraryTypeArg(s.result, 0);
         const int result = l.ComputationResult(l.FunctionResult(s.params[2]));
         Value actor = l.CallRuntime("clef_actor_spawn", l.PtrTy(), {a[0], a[1], SizeOf(l, l.Ty(message))});
         Value behaviour = l.ApplyClosure(a[2], s.params[2], l.Unit());
         l.CallRuntime("clef_actor_run", {}, {actor, behaviour, SizeOf(l, l.Ty(result))});
         l.Return(actor);
       }}},
      {"<!", {2, [](Lowerer& l, auto a, auto&) {
         Value slot = l.Alloca(a[1].getType());
         l.Store(a[1], slot);
         l.CallRuntime("clef_actor_post", {}, {a[0], slot});
         l.Return(l.Unit());
       }}},
      {"Actor.receive", {1, [](Lowerer& l, auto, auto&) { l.Return(l.CallRuntime("clef_actor_receive", l.PtrTy(), {})); }}},
      {"Actor.self", {1, [](Lowerer& l, auto, auto&) { l.Return(l.CallRuntime("clef_actor_self", l.PtrTy(), {})); }}},
      {"Actor.stop", {1, [](Lowerer& l, auto, auto&) { l.Return(l.CallRuntime("clef_actor_stop_self", l.PtrTy(), {})); }}},
      {"Olivier.stop", {1, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_actor_stop", {}, {a[0]});
         l.Return(l.Unit());
       }}},
      {"Olivier.awaitTermination", {1, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_actor_system_await", {}, {a[0]});
         l.Return(l.Unit());
       }}},
      {"Olivier.shutdown", {1, [](Lowerer& l, auto a, auto&) {
         l.CallRuntime("clef_actor_system_shutdown", {}, {a[0]});
         l.Return(l.Unit());
       }}},
      // ---- Frosty tasks: computations on the same runtime as async ----
      {"Frosty.startCold", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int result = l.FunctionResult(s.params[0]);
         l.Return(l.Computation("frosty", l.Ty(result), [&] { return l.ApplyClosure(a[0], s.params[0], l.Unit()); }));
       }}},
      {"Frosty.startHot", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int result = l.FunctionResult(s.params[0]);
         Value cold = l.Computation("frosty", l.Ty(result), [&] { return l.ApplyClosure(a[0], s.params[0], l.Unit()); });
         l.Return(l.CallRuntime("clef_async_start_hot", l.PtrTy(), {cold, SizeOf(l, l.Ty(result))}));
       }}},
      {"Frosty.run", {1, [](Lowerer& l, auto a, const Sig& s) {
         Value slot = l.Alloca(l.Ty(s.result));
         l.CallRuntime("clef_async_run", {}, {a[0], slot});
         l.Return(l.Load(l.Ty(s.result), slot));
       }}},
      {"Frosty.sleep", {1, [](Lowerer& l, auto a, auto&) {
         l.Return(l.CallRuntime("clef_async_sleep", l.PtrTy(), {a[0]}));
       }}},
      {"Frosty.parallel", {1, [](Lowerer& l, auto a, const Sig& s) {
         const int elem = l.ComputationResult(l.ElementType(s.params[0]));
         l.Return(l.CallRuntime("clef_async_parallel", l.PtrTy(), {a[0], SizeOf(l, l.Ty(elem))}));
       }}},
      {"Frosty.ofAsync", {1, [](Lowerer& l, auto a, auto&) { l.Return(a[0]); }}},
      {"Frosty.map", {2, [](Lowerer& l, auto a, const Sig& s) {
         const int input = l.ComputationResult(s.params[1]);
         const int output = l.ComputationResult(s.result);
         l.Return(l.Computation("frosty", l.Ty(output), [&] {
           return l.ApplyClosure(a[0], s.params[0], l.Shift(a[1], input));
         }));
       }}},
      {"String.length", {1, [](Lowerer& l, auto a, auto&) {
         l.Return(l.b().create<mlir::arith::TruncIOp>(l.loc(), l.I32(), l.Load(l.I64(), a[0])));
       }}},
      // Strings are UTF-8 bytes; map and exists see each byte as a char (exact for ASCII).
      {"String.map", {2, [](Lowerer& l, auto a, const Sig& s) {
         auto& B = l.b();
         Value length = l.Load(l.I64(), a[1]);
         Value result = l.CallRuntime("clef_string_new", l.PtrTy(), {l.StringData(a[1]), length});
         Value data = l.StringData(result);
         l.ForRange(l.I64Const(0), B.create<mlir::arith::SubIOp>(l.loc(), length, l.I64Const(1)), [&](Value i) {
           Value at = B.create<LLVM::GEPOp>(l.loc(), l.PtrTy(), B.getI8Type(), data, mlir::ValueRange{i});
           Value c = B.create<mlir::arith::ExtUIOp>(l.loc(), l.I32(), l.Load(B.getI8Type(), at));
           Value mapped = l.ApplyClosure(a[0], s.params[0], c);
           l.Store(B.create<mlir::arith::TruncIOp>(l.loc(), B.getI8Type(), mapped), at);
         });
         l.Return(result);
       }}},
      {"String.exists", {2, [](Lowerer& l, auto a, const Sig& s) {
         auto& B = l.b();
         Value length = l.Load(l.I64(), a[1]);
         Value data = l.StringData(a[1]);
         mlir::Block* header = l.NewBlock({l.I64()});
         mlir::Block* test = l.NewBlock();
         mlir::Block* next = l.NewBlock();
         mlir::Block* found = l.NewBlock();
         mlir::Block* none = l.NewBlock();
         l.Br(header, {l.I64Const(0)});
         l.SetBlock(header);
         Value i = header->getArgument(0);
         l.CondBr(B.create<mlir::arith::CmpIOp>(l.loc(), CmpIPredicate::slt, i, length), test, none);
         l.SetBlock(test);
         Value at = B.create<LLVM::GEPOp>(l.loc(), l.PtrTy(), B.getI8Type(), data, mlir::ValueRange{i});
         Value c = B.create<mlir::arith::ExtUIOp>(l.loc(), l.I32(), l.Load(B.getI8Type(), at));
         l.CondBr(l.ApplyClosure(a[0], s.params[0], c), found, next);
         l.SetBlock(next);
         l.Br(header, {B.create<mlir::arith::AddIOp>(l.loc(), i, l.I64Const(1)).getResult()});
         l.SetBlock(found);
         l.Return(l.BoolConst(true));
         l.SetBlock(none);
         l.Return(l.BoolConst(false));
       }}},
      {"String.substring", {3, [](Lowerer& l, auto a, auto&) { l.Return(l.CallRuntime("clef_string_sub", l.PtrTy(), {a[0], a[1], a[2]})); }}},
      {"String.ofChar", {1, [](Lowerer& l, auto a, auto&) { l.Return(l.CallRuntime("clef_string_of_char", l.PtrTy(), {a[0]})); }}},
      {"String.concatList", {2, [](Lowerer& l, auto a, auto&) { l.Return(l.CallRuntime("clef_string_join_list", l.PtrTy(), {a[0], a[1]})); }}},
      {"String.concat", {2, [](Lowerer& l, auto a, auto&) { l.Return(l.CallRuntime("clef_string_join_list", l.PtrTy(), {a[0], a[1]})); }}},
      {"String.replicate", {2, [](Lowerer& l, auto a, auto&) { l.Return(l.CallRuntime("clef_string_replicate", l.PtrTy(), {a[0], a[1]})); }}},
  };
  return *table;
}

// The comparator: i32 (ptr ctx, ptr a, ptr b), C convention (the runtime calls it).
void SortArray(Lowerer& l, int elem, Value array, Value key_fn, int key_fn_type) {
  const std::string name = key_fn ? absl::StrCat("clef.sort_by_cmp.", key_fn_type) : absl::StrCat("clef.sort_cmp.", elem);
  l.EnsureComparator(name, elem, key_fn_type);
  Value cmp = l.b().create<clef::FuncAddrOp>(l.loc(), l.PtrTy(), name);
  Value base = l.b().create<LLVM::GEPOp>(l.loc(), l.PtrTy(), l.ArrayType(elem), array, llvm::ArrayRef<LLVM::GEPArg>{0, 1, 0});
  Value null = l.Null();
  Value one = l.b().create<LLVM::GEPOp>(l.loc(), l.PtrTy(), l.Ty(elem), null, llvm::ArrayRef<LLVM::GEPArg>{1});
  Value size = l.b().create<LLVM::PtrToIntOp>(l.loc(), l.I64(), one);
  l.CallRuntime("clef_sort", {}, {base, l.ArrayLength(array), size, cmp, key_fn ? key_fn : l.Null()});
}

}  // namespace

void Lowerer::EnsureComparator(const std::string& name, int elem, int key_fn_type) {
  if (module_->lookupSymbol<mlir::func::FuncOp>(name)) return;
  mlir::OpBuilder::InsertionGuard guard(builder_);
  auto saved = current_;
  builder_.setInsertionPointToEnd(module_->getBody());
  auto func = builder_.create<mlir::func::FuncOp>(loc_, name,
                                                  builder_.getFunctionType({PtrTy(), PtrTy(), PtrTy()}, {I32()}));
  func.setPrivate();
  current_ = func;
  mlir::Block* entry = func.addEntryBlock();
  SetBlock(entry);
  Value x = Load(Ty(elem), entry->getArgument(1));
  Value y = Load(Ty(elem), entry->getArgument(2));
  if (key_fn_type >= 0) {
    Value f = entry->getArgument(0);
    const int key = FunctionResult(key_fn_type);
    Return(Compare(key, ApplyClosure(f, key_fn_type, x), ApplyClosure(f, key_fn_type, y)));
  } else {
    Return(Compare(elem, x, y));
  }
  current_ = saved;
}

Value Lowerer::ListLength(int elem_type, Value list) {
  Value n = Alloca(I32());
  Store(I32Const(0), n);
  ForEachList(elem_type, list, [&](Value) { Inc(*this, n, I32()); });
  return Load(I32(), n);
}

// Copies `front` cell by cell and shares `back` as the copy's last tail.
void Lowerer::EmitListAppend(int elem_type, Value front, Value back) {
  ListBuilder lb = StartList(elem_type);
  ForEachList(elem_type, front, [&](Value v) { Append(lb, v); });
  Store(back, Load(PtrTy(), lb.last_slot));
  Return(FinishList(lb));
}

Value Lowerer::ListExtreme(int elem, Value list, bool max) {
  RaiseIf(IsNull(list), 4, "The input sequence was empty. (Parameter 'list')");
  Type ct = CellType(elem);
  Value best = Alloca(Ty(elem));
  Store(Load(Ty(elem), FieldAddr(ct, list, 0)), best);
  ForEachList(elem, Load(PtrTy(), FieldAddr(ct, list, 1)), [&](Value x) {
    Value c = Compare(elem, x, Load(Ty(elem), best));
    Value better = builder_.create<mlir::arith::CmpIOp>(loc_, max ? CmpIPredicate::sgt : CmpIPredicate::slt, c, I32Const(0));
    Store(builder_.create<mlir::arith::SelectOp>(loc_, better, x, Load(Ty(elem), best)), best);
  });
  return Load(Ty(elem), best);
}

// int/int64/float/char/byte conversions (F#: float -> int truncates toward zero).
Value Lowerer::Convert(int from_type, int to_type, Value v) {
  const psg::Type::Kind from = TypeOf(from_type).kind();
  const psg::Type::Kind to = TypeOf(to_type).kind();
  Type target = Ty(to_type);
  if (from == psg::Type::STRING) {
    switch (to) {
      case psg::Type::INT: return CallRuntime("clef_int32_of_string", I32(), {v});
      case psg::Type::INT64: return CallRuntime("clef_int64_of_string", I64(), {v});
      case psg::Type::FLOAT: return CallRuntime("clef_float_of_string", builder_.getF64Type(), {v});
      default: break;
    }
    Fail(nullptr, "this conversion from string is not compiled yet");
    return Undef(target);
  }
  // Integers convert by their source's signedness: wrapping, as F#'s unchecked conversions.
  const bool from_unsigned = IsUnsignedKind(from) || from == psg::Type::CHAR || from == psg::Type::BOOL;
  if (to == psg::Type::FLOAT) {
    if (from == psg::Type::FLOAT) return v;
    if (from_unsigned) return builder_.create<mlir::arith::UIToFPOp>(loc_, target, v);
    return builder_.create<mlir::arith::SIToFPOp>(loc_, target, v);
  }
  if (from == psg::Type::FLOAT) {
    if (IsUnsignedKind(to)) return builder_.create<mlir::arith::FPToUIOp>(loc_, target, v);
    return builder_.create<mlir::arith::FPToSIOp>(loc_, target, v);
  }
  const unsigned from_width = v.getType().getIntOrFloatBitWidth();
  const unsigned to_width = target.getIntOrFloatBitWidth();
  if (from_width == to_width) return v;
  if (from_width > to_width) return builder_.create<mlir::arith::TruncIOp>(loc_, target, v);
  if (from_unsigned) return builder_.create<mlir::arith::ExtUIOp>(loc_, target, v);
  return builder_.create<mlir::arith::ExtSIOp>(loc_, target, v);
}

// `extern R f(P a, Q b)`: a Clef function of (a, b) calling the C function through the platform
// C ABI (C's calling convention, not fastcc). A string goes as a pointer to its NUL-terminated
// bytes (null for a null string); tupled parameters go as separate C arguments.
int Lowerer::ExternFunction(const psg::Binding& binding) {
  const std::string symbol = binding.intrinsic().substr(7);
  FnInfo fn;
  fn.symbol = absl::StrCat("clef.extern.", symbol);
  fn.arity = 1;
  const int param = FunctionParam(binding.type());
  const int result = FunctionResult(binding.type());
  fn.param_types = {Ty(param)};
  fn.result = Ty(result);
  fn.body = [symbol, param, result](Lowerer& l, llvm::ArrayRef<Value> args) {
    auto& B = l.b();
    std::vector<std::pair<int, Value>> values;
    const psg::Type& p = l.TypeOf(param);
    if (p.kind() == psg::Type::TUPLE) {
      for (int i = 0; i < p.args_size(); ++i) {
        values.push_back({p.args(i), B.create<LLVM::ExtractValueOp>(l.loc(), args[0], llvm::ArrayRef<int64_t>{i})});
      }
    } else if (p.kind() != psg::Type::UNIT) {
      values.push_back({param, args[0]});
    }
    std::vector<Value> c_args;
    for (const auto& [type, v] : values) {
      if (l.TypeOf(type).kind() == psg::Type::STRING) {
        Value data = l.StringData(v);
        c_args.push_back(B.create<mlir::arith::SelectOp>(l.loc(), l.IsNull(v), l.Null(), data));
      } else {
        c_args.push_back(v);
      }
    }
    if (l.TypeOf(result).kind() == psg::Type::UNIT) {
      l.CallRuntime(symbol, {}, c_args);
      l.Return(l.Unit());
    } else {
      l.Return(l.CallRuntime(symbol, l.Ty(result), c_args));
    }
  };
  return AddFunction(std::move(fn));
}

int Lowerer::IntrinsicFunction(const psg::Binding& binding, const psg::Node* at) {
  const std::string& name = binding.intrinsic();
  if (absl::StartsWith(name, "extern:")) return ExternFunction(binding);
  auto it = Table().find(name);
  if (it == Table().end()) {
    Fail(at, absl::StrCat("'", name, "' is not compiled yet"));
    return -1;
  }
  const Intrinsic& intrinsic = it->second;
  FnInfo fn;
  fn.symbol = absl::StrCat("clef.", name, ".", binding.type());
  fn.arity = intrinsic.arity;
  Sig sig;
  int type = binding.type();
  for (int i = 0; i < intrinsic.arity; ++i) {
    sig.params.push_back(FunctionParam(type));
    fn.param_types.push_back(Ty(FunctionParam(type)));
    type = FunctionResult(type);
  }
  sig.result = type;
  fn.result = Ty(type);
  Emitter emit = intrinsic.emit;
  fn.body = [emit, sig](Lowerer& l, llvm::ArrayRef<Value> args) { emit(l, args, sig); };
  return AddFunction(std::move(fn));
}

}  // namespace alex::internal
