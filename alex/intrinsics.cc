// PSG -> MLIR, the library: operators (PRIM), printf formats, structural equality and
// comparison, and the library functions (List, Array, Option, String, core) each emitted once
// per instantiation as a func.func that LLVM inlines where it pays.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "alex/lower_internal.h"

namespace alex::internal {
namespace {
using mlir::arith::CmpIPredicate;
using mlir::arith::CmpFPredicate;

bool IsInt(const psg::Type& t) {
  return IsIntegerKind(t.kind()) || t.kind() == psg::Type::CHAR || t.kind() == psg::Type::BOOL ||
         t.kind() == psg::Type::UNIT;
}
}  // namespace

// ---- Equality and comparison -------------------------------------------------------------

Value Lowerer::Equal(int type_id, Value a, Value b) {
  const psg::Type& t = TypeOf(type_id);
  auto& B = builder_;
  if (IsInt(t)) return B.create<mlir::arith::CmpIOp>(loc_, CmpIPredicate::eq, a, b);
  if (t.kind() == psg::Type::FLOAT) return B.create<mlir::arith::CmpFOp>(loc_, CmpFPredicate::OEQ, a, b);
  if (t.kind() == psg::Type::STRING) return CallRuntime("clef_string_equal", I1(), {a, b});
  if (t.kind() == psg::Type::EXN || t.kind() == psg::Type::FUNCTION) {
    return B.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::eq, a, b);
  }
  Value c = Compare(type_id, a, b);
  return B.create<mlir::arith::CmpIOp>(loc_, CmpIPredicate::eq, c, I32Const(0));
}

// -1, 0 or 1; compound types through one generated function per type.
Value Lowerer::Compare(int type_id, Value a, Value b) {
  const psg::Type& t = TypeOf(type_id);
  auto& B = builder_;
  if (IsInt(t) || t.kind() == psg::Type::FLOAT) {
    Value lt, gt;
    if (t.kind() == psg::Type::FLOAT) {
      lt = B.create<mlir::arith::CmpFOp>(loc_, CmpFPredicate::OLT, a, b);
      gt = B.create<mlir::arith::CmpFOp>(loc_, CmpFPredicate::OGT, a, b);
    } else {
      const bool is_unsigned = IsUnsignedKind(t.kind()) || t.kind() == psg::Type::BOOL;
      lt = B.create<mlir::arith::CmpIOp>(loc_, is_unsigned ? CmpIPredicate::ult : CmpIPredicate::slt, a, b);
      gt = B.create<mlir::arith::CmpIOp>(loc_, is_unsigned ? CmpIPredicate::ugt : CmpIPredicate::sgt, a, b);
    }
    Value r = B.create<mlir::arith::SelectOp>(loc_, gt, I32Const(1), I32Const(0));
    return B.create<mlir::arith::SelectOp>(loc_, lt, I32Const(-1), r);
  }
  if (t.kind() == psg::Type::STRING) return CallRuntime("clef_string_compare", I32(), {a, b});
  FnInfo fn;
  fn.symbol = absl::StrCat("clef.compare.", type_id);
  fn.arity = 2;
  fn.param_types = {Ty(type_id), Ty(type_id)};
  fn.result = I32();
  fn.body = [type_id](Lowerer& l, llvm::ArrayRef<Value> args) {
    const psg::Type& t = l.TypeOf(type_id);
    Value x = args[0], y = args[1];
    auto& B = l.b();
    auto loc = l.loc();
    // Fields compared in order: the first difference decides.
    auto lexicographic = [&](const std::vector<std::pair<int, std::pair<Value, Value>>>& parts) {
      for (const auto& [type, pair] : parts) {
        Value c = l.Compare(type, pair.first, pair.second);
        Value ne = B.create<mlir::arith::CmpIOp>(loc, CmpIPredicate::ne, c, l.I32Const(0));
        mlir::Block* done = l.NewBlock();
        mlir::Block* next = l.NewBlock();
        l.CondBr(ne, done, next);
        l.SetBlock(done);
        l.Return(c);
        l.SetBlock(next);
      }
      l.Return(l.I32Const(0));
    };
    switch (t.kind()) {
      case psg::Type::TUPLE: {
        std::vector<std::pair<int, std::pair<Value, Value>>> parts;
        for (int i = 0; i < t.args_size(); ++i) {
          parts.push_back({t.args(i), {B.create<LLVM::ExtractValueOp>(loc, x, llvm::ArrayRef<int64_t>{i}),
                                       B.create<LLVM::ExtractValueOp>(loc, y, llvm::ArrayRef<int64_t>{i})}});
        }
        lexicographic(parts);
        return;
      }
      case psg::Type::LIST:
      case psg::Type::OPTION:
      case psg::Type::REF: {
        // [] < x :: _ ; None < Some _.
        Value xn = l.IsNull(x), yn = l.IsNull(y);
        mlir::Block* some_null = l.NewBlock();
        mlir::Block* both = l.NewBlock();
        l.CondBr(B.create<mlir::arith::OrIOp>(loc, xn, yn), some_null, both);
        l.SetBlock(some_null);
        Value xi = B.create<mlir::arith::ExtUIOp>(loc, l.I32(), xn);
        Value yi = B.create<mlir::arith::ExtUIOp>(loc, l.I32(), yn);
        l.Return(B.create<mlir::arith::SubIOp>(loc, yi, xi));
        l.SetBlock(both);
        const int elem = t.args(0);
        if (t.kind() == psg::Type::LIST) {
          Type ct = l.CellType(elem);
          Value hx = l.Load(l.Ty(elem), l.FieldAddr(ct, x, 0));
          Value hy = l.Load(l.Ty(elem), l.FieldAddr(ct, y, 0));
          Value c = l.Compare(elem, hx, hy);
          mlir::Block* done = l.NewBlock();
          mlir::Block* next = l.NewBlock();
          l.CondBr(B.create<mlir::arith::CmpIOp>(loc, CmpIPredicate::ne, c, l.I32Const(0)), done, next);
          l.SetBlock(done);
          l.Return(c);
          l.SetBlock(next);
          Value tx = l.Load(l.PtrTy(), l.FieldAddr(ct, x, 1));
          Value ty = l.Load(l.PtrTy(), l.FieldAddr(ct, y, 1));
          l.Return(l.Compare(type_id, tx, ty));
        } else {
          l.Return(l.Compare(elem, l.Load(l.Ty(elem), x), l.Load(l.Ty(elem), y)));
        }
        return;
      }
      case psg::Type::ARRAY: {
        const int elem = t.args(0);
        Value lx = l.ArrayLength(x), ly = l.ArrayLength(y);
        mlir::Block* differ = l.NewBlock();
        mlir::Block* same = l.NewBlock();
        l.CondBr(B.create<mlir::arith::CmpIOp>(loc, CmpIPredicate::ne, lx, ly), differ, same);
        l.SetBlock(differ);
        l.Return(B.create<mlir::arith::SelectOp>(loc, B.create<mlir::arith::CmpIOp>(loc, CmpIPredicate::slt, lx, ly),
                                                 l.I32Const(-1), l.I32Const(1)));
        l.SetBlock(same);
        l.ForRange(l.I64Const(0), B.create<mlir::arith::SubIOp>(loc, lx, l.I64Const(1)), [&](Value i) {
          Value c = l.Compare(elem, l.LoadElement(elem, x, i),
                              l.LoadElement(elem, y, i));
          mlir::Block* done = l.NewBlock();
          mlir::Block* next = l.NewBlock();
          l.CondBr(B.create<mlir::arith::CmpIOp>(loc, CmpIPredicate::ne, c, l.I32Const(0)), done, next);
          l.SetBlock(done);
          l.Return(c);
          l.SetBlock(next);
        });
        l.Return(l.I32Const(0));
        return;
      }
      case psg::Type::NAMED: {
        const psg::TypeDecl& decl = l.DeclOf(t.decl());
        if (decl.kind() == psg::TypeDecl::RECORD) {
          std::vector<std::pair<int, std::pair<Value, Value>>> parts;
          const bool by_value = mlir::isa<LLVM::LLVMStructType>(x.getType());
          for (int i = 0; i < decl.fields_size(); ++i) {
            const int ft = decl.fields(i).type();
            if (by_value) {
              parts.push_back({ft, {B.create<LLVM::ExtractValueOp>(loc, x, llvm::ArrayRef<int64_t>{i}),
                                    B.create<LLVM::ExtractValueOp>(loc, y, llvm::ArrayRef<int64_t>{i})}});
            } else {
              Type rt = l.RecordType(t.decl());
              parts.push_back({ft, {l.Load(l.Ty(ft), l.FieldAddr(rt, x, i)), l.Load(l.Ty(ft), l.FieldAddr(rt, y, i))}});
            }
          }
          lexicographic(parts);
          return;
        }
        if (decl.kind() == psg::TypeDecl::UNION) {
          Value tx = l.Load(l.I32(), x), ty = l.Load(l.I32(), y);
          mlir::Block* differ = l.NewBlock();
          mlir::Block* same = l.NewBlock();
          l.CondBr(B.create<mlir::arith::CmpIOp>(loc, CmpIPredicate::ne, tx, ty), differ, same);
          l.SetBlock(differ);
          l.Return(l.CompareInts(tx, ty));
          l.SetBlock(same);
          for (int c = 0; c < decl.cases_size(); ++c) {
            if (decl.cases(c).fields_size() == 0) continue;
            mlir::Block* this_case = l.NewBlock();
            mlir::Block* next = l.NewBlock();
            l.CondBr(B.create<mlir::arith::CmpIOp>(loc, CmpIPredicate::eq, tx, l.I32Const(c)), this_case, next);
            l.SetBlock(this_case);
            Type ct = l.CaseType(t.decl(), c);
            std::vector<std::pair<int, std::pair<Value, Value>>> parts;
            for (int i = 0; i < decl.cases(c).fields_size(); ++i) {
              const int ft = decl.cases(c).fields(i);
              parts.push_back({ft, {l.Load(l.Ty(ft), l.FieldAddr(ct, x, i + 1)), l.Load(l.Ty(ft), l.FieldAddr(ct, y, i + 1))}});
            }
            lexicographic(parts);
            l.SetBlock(next);
          }
          l.Return(l.I32Const(0));
          return;
        }
        break;
      }
      default:
        break;
    }
    l.Fail(nullptr, absl::StrCat("equality or comparison of ", t.name(), " is not supported"));
    l.Return(l.I32Const(0));
  };
  const int index = AddFunction(std::move(fn));
  return CallFn(index, {a, b});
}

Value Lowerer::CompareInts(Value a, Value b) {
  auto& B = builder_;
  Value lt = B.create<mlir::arith::CmpIOp>(loc_, CmpIPredicate::slt, a, b);
  Value gt = B.create<mlir::arith::CmpIOp>(loc_, CmpIPredicate::sgt, a, b);
  Value r = B.create<mlir::arith::SelectOp>(loc_, gt, I32Const(1), I32Const(0));
  return B.create<mlir::arith::SelectOp>(loc_, lt, I32Const(-1), r);
}

// %A: the value as the runtime's structured description (clef_sval, clef_runtime.h), built by
// one generated function per compound type.
Value Lowerer::Sval(int type_id, Value v) {
  const psg::Type& t = TypeOf(type_id);
  switch (t.kind()) {
    case psg::Type::INT: return CallRuntime("clef_sval_int32", PtrTy(), {v});
    case psg::Type::INT64: return CallRuntime("clef_sval_int64", PtrTy(), {v});
    case psg::Type::BYTE: return CallRuntime("clef_sval_uint8", PtrTy(), {v});
    case psg::Type::SBYTE: case psg::Type::INT16: case psg::Type::UINT16: case psg::Type::UINT32:
    case psg::Type::UINT64: case psg::Type::NATIVEINT: case psg::Type::UNATIVEINT: {
      // %A of the integer (its value and suffix, as clef_fmt_integer prints it) as a leaf.
      Value f = CallRuntime("clef_fmt_new", PtrTy(), {});
      PrintInteger(f, v, type_id, 'A', 0, -1);
      return CallRuntime("clef_sval_text", PtrTy(), {CallRuntime("clef_fmt_to_string", PtrTy(), {f})});
    }
    case psg::Type::FLOAT: return CallRuntime("clef_sval_float", PtrTy(), {v});
    case psg::Type::BOOL: return CallRuntime("clef_sval_bool", PtrTy(), {v});
    case psg::Type::CHAR: return CallRuntime("clef_sval_char", PtrTy(), {v});
    case psg::Type::STRING: return CallRuntime("clef_sval_string", PtrTy(), {v});
    case psg::Type::UNIT: return CallRuntime("clef_sval_unit", PtrTy(), {});
    // An exception as its Message: a program exception's is its %A already.
    case psg::Type::EXN: return CallRuntime("clef_sval_text", PtrTy(), {CallRuntime("clef_exn_message", PtrTy(), {v})});
    default: break;
  }
  FnInfo fn;
  fn.symbol = absl::StrCat("clef.sval.", type_id);
  fn.arity = 1;
  fn.param_types = {Ty(type_id)};
  fn.result = PtrTy();
  fn.body = [type_id](Lowerer& l, llvm::ArrayRef<Value> args) { l.Return(l.SvalBody(type_id, args[0])); };
  return CallFn(AddFunction(std::move(fn)), {v});
}

namespace {
enum SvalKind { kSvalList = 0, kSvalArray, kSvalTuple, kSvalRecord, kSvalUnion, kSvalMap, kSvalSet, kSvalSeq };
}  // namespace

Value Lowerer::SvalBody(int type_id, Value v) {
  const psg::Type& t = TypeOf(type_id);
  auto& B = builder_;
  auto make = [&](int kind, const std::string& name) {
    if (name.empty()) return CallRuntime("clef_sval_new", PtrTy(), {I32Const(kind), Null(), I64Const(0)});
    Value s = StringLit(name);
    return CallRuntime("clef_sval_new", PtrTy(), {I32Const(kind), StringData(s), I64Const(static_cast<int64_t>(name.size()))});
  };
  auto add = [&](Value parent, Value child, const std::string& field = "") {
    if (field.empty()) {
      CallRuntime("clef_sval_add", {}, {parent, Null(), I64Const(0), child});
      return;
    }
    Value s = StringLit(field);
    CallRuntime("clef_sval_add", {}, {parent, StringData(s), I64Const(static_cast<int64_t>(field.size())), child});
  };
  switch (t.kind()) {
    case psg::Type::TUPLE: {
      Value node = make(kSvalTuple, "");
      for (int i = 0; i < t.args_size(); ++i) {
        add(node, Sval(t.args(i), B.create<LLVM::ExtractValueOp>(loc_, v, llvm::ArrayRef<int64_t>{i})));
      }
      return node;
    }
    case psg::Type::LIST: {
      Value node = make(kSvalList, "");
      const int elem = t.args(0);
      ForEachList(elem, v, [&](Value x) { add(node, Sval(elem, x)); });
      return node;
    }
    case psg::Type::ARRAY: {
      Value node = make(kSvalArray, "");
      const int elem = t.args(0);
      Value n = ArrayLength(v);
      ForRange(I64Const(0), B.create<mlir::arith::SubIOp>(loc_, n, I64Const(1)),
               [&](Value i) { add(node, Sval(elem, LoadElement(elem, v, i))); });
      return node;
    }
    case psg::Type::OPTION: {
      mlir::Block* none = NewBlock();
      mlir::Block* some = NewBlock();
      CondBr(IsNull(v), none, some);
      SetBlock(none);
      Return(make(kSvalUnion, "None"));
      SetBlock(some);
      Value node = make(kSvalUnion, "Some");
      add(node, Sval(t.args(0), Load(Ty(t.args(0)), v)));
      return node;
    }
    case psg::Type::REF: {
      // F# prints a ref cell as the record it is: { contents = 1 }.
      Value node = make(kSvalRecord, "");
      add(node, Sval(t.args(0), Load(Ty(t.args(0)), v)), "contents");
      return node;
    }
    case psg::Type::NAMED: {
      const psg::TypeDecl& decl = DeclOf(t.decl());
      if (decl.kind() == psg::TypeDecl::RECORD) {
        Value node = make(kSvalRecord, "");
        const bool by_value = mlir::isa<LLVM::LLVMStructType>(v.getType());
        for (int i = 0; i < decl.fields_size(); ++i) {
          const int ft = decl.fields(i).type();
          Value field = by_value ? B.create<LLVM::ExtractValueOp>(loc_, v, llvm::ArrayRef<int64_t>{i}).getResult()
                                 : Load(Ty(ft), FieldAddr(RecordType(t.decl()), v, i));
          add(node, Sval(ft, field), decl.fields(i).name());
        }
        return node;
      }
      if (decl.kind() == psg::TypeDecl::UNION) {
        // The Clef library's Map and Set (ccs/library) print their elements in order, as F#'s do.
        const bool is_map = absl::StartsWith(decl.name(), "Map<") && decl.cases_size() == 2 &&
                            decl.cases(1).name() == "MapNode";
        const bool is_set = absl::StartsWith(decl.name(), "Set<") && decl.cases_size() == 2 &&
                            decl.cases(1).name() == "SetNode";
        if (is_map || is_set) {
          Value node = make(is_map ? kSvalMap : kSvalSet, "");
          SvalTreeWalk(type_id, v, node, is_map);
          return node;
        }
        // The library's seq (SeqOf of a function starting an enumeration): as F#, a new
        // enumeration of at most 5 elements (4 are shown, a fifth means "..."), so an endless
        // sequence prints too.
        if (absl::StartsWith(decl.name(), "Seq<") && decl.cases_size() == 1 && decl.cases(0).name() == "SeqOf" &&
            decl.cases(0).fields_size() == 1) {
          const int start_type = decl.cases(0).fields(0);  // unit -> (unit -> 'T option)
          const int next_type = TypeOf(start_type).args(1);
          const int option_type = TypeOf(next_type).args(1);
          const int elem = TypeOf(option_type).args(0);
          Value node = make(kSvalSeq, "");
          Value start = Load(Ty(start_type), FieldAddr(CaseType(t.decl(), 0), v, 1));
          Value next = ApplyClosure(start, start_type, Unit());
          mlir::Block* header = NewBlock({I64()});
          mlir::Block* step = NewBlock();
          mlir::Block* some = NewBlock();
          mlir::Block* done = NewBlock();
          Br(header, {I64Const(0)});
          SetBlock(header);
          Value count = header->getArgument(0);
          CondBr(B.create<mlir::arith::CmpIOp>(loc_, CmpIPredicate::slt, count, I64Const(5)), step, done);
          SetBlock(step);
          Value element = ApplyClosure(next, next_type, Unit());
          CondBr(IsNull(element), done, some);
          SetBlock(some);
          add(node, Sval(elem, Load(Ty(elem), element)));
          Br(header, {B.create<mlir::arith::AddIOp>(loc_, count, I64Const(1)).getResult()});
          SetBlock(done);
          return node;
        }
        Value tag = Load(I32(), v);
        for (int c = 0; c < decl.cases_size(); ++c) {
          mlir::Block* this_case = NewBlock();
          mlir::Block* next = NewBlock();
          CondBr(B.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::eq, tag, I32Const(c)), this_case, next);
          SetBlock(this_case);
          Value node = make(kSvalUnion, decl.cases(c).name());
          Type ct = CaseType(t.decl(), c);
          for (int i = 0; i < decl.cases(c).fields_size(); ++i) {
            const int ft = decl.cases(c).fields(i);
            add(node, Sval(ft, Load(Ty(ft), FieldAddr(ct, v, i + 1))));
          }
          Return(node);
          SetBlock(next);
        }
        Unreachable();
        return Null();
      }
      break;
    }
    default:
      break;
  }
  Fail(nullptr, absl::StrCat("printing a ", t.name(), " with %A is not supported"));
  return Null();
}

// The in-order walk of a library Map/Set tree (MapNode(k, v, l, r, h) / SetNode(x, l, r, h)),
// adding each binding to `parent`: a generated recursive function per tree type.
void Lowerer::SvalTreeWalk(int type_id, Value tree, Value parent, bool is_map) {
  FnInfo fn;
  fn.symbol = absl::StrCat("clef.sval.walk.", type_id);
  fn.arity = 2;
  fn.param_types = {Ty(type_id), PtrTy()};
  fn.result = I1();
  fn.body = [type_id, is_map](Lowerer& l, llvm::ArrayRef<Value> args) {
    auto& B = l.b();
    const psg::Type& t = l.TypeOf(type_id);
    const psg::TypeDecl& decl = l.DeclOf(t.decl());
    Value tag = l.Load(l.I32(), args[0]);
    mlir::Block* empty = l.NewBlock();
    mlir::Block* node = l.NewBlock();
    l.CondBr(B.create<mlir::arith::CmpIOp>(l.loc(), mlir::arith::CmpIPredicate::eq, tag, l.I32Const(0)), empty, node);
    l.SetBlock(empty);
    l.Return(l.Unit());
    l.SetBlock(node);
    Type ct = l.CaseType(t.decl(), 1);
    auto field = [&](int i) {
      const int ft = decl.cases(1).fields(i);
      return std::make_pair(ft, l.Load(l.Ty(ft), l.FieldAddr(ct, args[0], i + 1)));
    };
    const int first_subtree = is_map ? 2 : 1;
    auto [lt, left] = field(first_subtree);
    l.SvalTreeWalk(lt, left, args[1], is_map);
    Value item;
    if (is_map) {
      auto [kt, key] = field(0);
      auto [vt, value] = field(1);
      item = l.CallRuntime("clef_sval_new", l.PtrTy(), {l.I32Const(kSvalTuple), l.Null(), l.I64Const(0)});
      l.CallRuntime("clef_sval_add", {}, {item, l.Null(), l.I64Const(0), l.Sval(kt, key)});
      l.CallRuntime("clef_sval_add", {}, {item, l.Null(), l.I64Const(0), l.Sval(vt, value)});
    } else {
      auto [et, element] = field(0);
      item = l.Sval(et, element);
    }
    l.CallRuntime("clef_sval_add", {}, {args[1], l.Null(), l.I64Const(0), item});
    auto [rt, right] = field(first_subtree + 1);
    l.SvalTreeWalk(rt, right, args[1], is_map);
    l.Return(l.Unit());
  };
  CallFn(AddFunction(std::move(fn)), {tree, parent});
}

namespace {
// The runtime's CLEF_INT_* codes (composer/runtime/clef_runtime.h).
enum IntegerCodes {
  CLEF_INT_INT32 = 0, CLEF_INT_INT64, CLEF_INT_BYTE, CLEF_INT_SBYTE, CLEF_INT_INT16, CLEF_INT_UINT16,
  CLEF_INT_UINT32, CLEF_INT_UINT64, CLEF_INT_NATIVEINT, CLEF_INT_UNATIVEINT
};
}  // namespace

int Lowerer::IntegerCode(psg::Type::Kind k) {
  switch (k) {
    case psg::Type::SBYTE: return CLEF_INT_SBYTE;
    case psg::Type::INT16: return CLEF_INT_INT16;
    case psg::Type::UINT16: return CLEF_INT_UINT16;
    case psg::Type::UINT32: return CLEF_INT_UINT32;
    case psg::Type::UINT64: return CLEF_INT_UINT64;
    case psg::Type::NATIVEINT: return CLEF_INT_NATIVEINT;
    case psg::Type::UNATIVEINT: return CLEF_INT_UNATIVEINT;
    case psg::Type::BYTE: return CLEF_INT_BYTE;
    case psg::Type::INT64: return CLEF_INT_INT64;
    default: return CLEF_INT_INT32;
  }
}

// Any integer through clef_fmt_integer: its value (sign- or zero-extended), its bits at its
// width, and its type's code.
Value Lowerer::PrintInteger(Value f, Value v, int type_id, int conv, int flags, int width) {
  const psg::Type::Kind k = TypeOf(type_id).kind();
  const bool full = v.getType().getIntOrFloatBitWidth() == 64;
  Value wide = full ? v
               : IsUnsignedKind(k) ? builder_.create<mlir::arith::ExtUIOp>(loc_, I64(), v).getResult()
                                   : builder_.create<mlir::arith::ExtSIOp>(loc_, I64(), v).getResult();
  Value bits = full ? v : builder_.create<mlir::arith::ExtUIOp>(loc_, I64(), v).getResult();
  CallRuntime("clef_fmt_integer", {}, {f, wide, bits, I32Const(IntegerCode(k)), I32Const(conv), I32Const(flags), I32Const(width)});
  return Unit();
}

Value Lowerer::ToStringOf(int type_id, Value v) {
  const psg::Type::Kind kind = TypeOf(type_id).kind();
  if (IsIntegerKind(kind) && kind != psg::Type::INT && kind != psg::Type::INT64 && kind != psg::Type::BYTE) {
    Value f = CallRuntime("clef_fmt_new", PtrTy(), {});
    PrintInteger(f, v, type_id, 'd', 0, -1);
    return CallRuntime("clef_fmt_to_string", PtrTy(), {f});
  }
  switch (kind) {
    case psg::Type::INT: return CallRuntime("clef_string_of_int32", PtrTy(), {v});
    case psg::Type::INT64: return CallRuntime("clef_string_of_int64", PtrTy(), {v});
    case psg::Type::BYTE:
      return CallRuntime("clef_string_of_int32", PtrTy(), {builder_.create<mlir::arith::ExtUIOp>(loc_, I32(), v).getResult()});
    case psg::Type::FLOAT: return CallRuntime("clef_string_of_float", PtrTy(), {v});
    case psg::Type::BOOL: return CallRuntime("clef_string_of_bool", PtrTy(), {v});
    case psg::Type::CHAR: return CallRuntime("clef_string_of_char", PtrTy(), {v});
    case psg::Type::STRING: return v;
    case psg::Type::UNIT: return StringLit("");
    default:
      Fail(nullptr, absl::StrCat("'string' of a ", TypeOf(type_id).name(), " is not compiled yet"));
      return StringLit("");
  }
}

// ---- printf ------------------------------------------------------------------------------

namespace {
struct Conversion {
  std::string literal;  // text before the conversion
  bool has_conversion = false;
  int flags = 0, width = -1, precision = -1;
  char conv = 0;
  // An interpolated string's hole (`%{,align:format}O`, ccs/sema/interpolation.h).
  bool hole = false;
  int align = 0;
  std::string net_format;  // "N2", "x8", .. or empty
};

// `,align:format` of a hole; false when malformed.
bool ParseHoleSpec(const std::string& spec, Conversion& c) {
  size_t i = 0;
  if (i < spec.size() && spec[i] == ',') {
    ++i;
    while (i < spec.size() && spec[i] == ' ') ++i;
    const bool negative = i < spec.size() && spec[i] == '-';
    if (negative) ++i;
    if (i >= spec.size() || !std::isdigit(static_cast<unsigned char>(spec[i]))) return false;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) {
      c.align = std::min(c.align * 10 + (spec[i++] - '0'), 1 << 20);
    }
    if (negative) c.align = -c.align;
    while (i < spec.size() && spec[i] == ' ') ++i;
  }
  if (i < spec.size() && spec[i] == ':') c.net_format = spec.substr(i + 1);
  else if (i != spec.size()) return false;
  return true;
}

std::vector<Conversion> ParseFormat(const std::string& format) {
  std::vector<Conversion> out;
  Conversion current;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c != '%') {
      current.literal.push_back(c);
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '%') {
      current.literal.push_back('%');
      ++i;
      continue;
    }
    ++i;
    if (i < format.size() && format[i] == '{') {
      const size_t close = format.find('}', i);
      current.hole = true;
      if (close == std::string::npos || !ParseHoleSpec(format.substr(i + 1, close - i - 1), current)) {
        current.net_format = "?";  // reported by Printf
      }
      i = close == std::string::npos ? format.size() : close + 1;
    }
    for (; i < format.size(); ++i) {
      const char f = format[i];
      if (f == '-') current.flags |= 1;
      else if (f == '0') current.flags |= 2;
      else if (f == '+') current.flags |= 4;
      else if (f == ' ') current.flags |= 8;
      else break;
    }
    if (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
      current.width = 0;
      while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) current.width = current.width * 10 + (format[i++] - '0');
    }
    if (i < format.size() && format[i] == '.') {
      ++i;
      current.precision = 0;
      while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) current.precision = current.precision * 10 + (format[i++] - '0');
    }
    if (i < format.size()) {
      current.conv = format[i];
      current.has_conversion = true;
    }
    out.push_back(current);
    current = Conversion{};
  }
  if (!current.literal.empty()) out.push_back(current);
  return out;
}
}  // namespace

// An interpolated string's hole: .NET's ToString of the value (() and None, null to .NET, print
// nothing), or its standard numeric format, in the hole's alignment.
void Lowerer::PrintHole(Value f, int align, const std::string& net_format, Value v, int type, const psg::Node* at) {
  const psg::Type& t = TypeOf(type);
  const int width = align < 0 ? -align : align;
  const int flags = align < 0 ? 1 : 0;
  const psg::Type::Kind k = t.kind();
  const bool integer = k == psg::Type::INT || k == psg::Type::INT64 || k == psg::Type::BYTE;
  if (!net_format.empty() && (integer || k == psg::Type::FLOAT)) {
    // A standard numeric format: a letter and at most two digits of precision.
    const std::string& spec = net_format;
    const char letter = spec[0];
    bool ok = spec.size() <= 3 && std::string_view("DdXxNnFfEeGgPpRr").find(letter) != std::string_view::npos;
    int precision = -1;
    for (size_t i = 1; ok && i < spec.size(); ++i) {
      ok = std::isdigit(static_cast<unsigned char>(spec[i])) != 0;
      precision = (precision < 0 ? 0 : precision * 10) + (spec[i] - '0');
    }
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(letter)));
    if (ok && !integer && (upper == 'D' || upper == 'X')) ok = false;
    if (ok && integer && upper == 'R') ok = false;
    if (!ok) {
      Fail(at, absl::StrCat("the format '", spec, "' of an interpolated ", t.name(),
                            " is not supported (standard numeric formats: D, X, N, F, E, G, P",
                            integer ? "" : ", R", integer ? "" : "; D and X are for integers", ")"));
      return;
    }
    if (integer) {
      const bool full = v.getType().getIntOrFloatBitWidth() == 64;
      Value wide = full ? v
                   : IsUnsignedKind(k) ? builder_.create<mlir::arith::ExtUIOp>(loc_, I64(), v).getResult()
                                       : builder_.create<mlir::arith::ExtSIOp>(loc_, I64(), v).getResult();
      Value bits = full ? v : builder_.create<mlir::arith::ExtUIOp>(loc_, I64(), v).getResult();
      CallRuntime("clef_fmt_net_int", {}, {f, wide, bits, I32Const(letter), I32Const(precision), I32Const(align)});
    } else {
      CallRuntime("clef_fmt_net_float", {}, {f, v, I32Const(letter), I32Const(precision), I32Const(align)});
    }
    return;
  }
  if (net_format == "?") {
    Fail(at, "malformed alignment or format in an interpolated string");
    return;
  }
  std::vector<Value> spec = {I32Const('O'), I32Const(flags), I32Const(width), I32Const(-1)};
  auto call = [&](const char* name, Value value) {
    std::vector<Value> all = {f, value};
    all.insert(all.end(), spec.begin(), spec.end());
    CallRuntime(name, {}, all);
  };
  switch (k) {
    case psg::Type::INT: call("clef_fmt_int32", v); break;
    case psg::Type::INT64: call("clef_fmt_int64", v); break;
    case psg::Type::BYTE: call("clef_fmt_uint8", builder_.create<mlir::arith::ExtUIOp>(loc_, I32(), v)); break;
    case psg::Type::SBYTE: case psg::Type::INT16: case psg::Type::UINT16: case psg::Type::UINT32:
    case psg::Type::UINT64: case psg::Type::NATIVEINT: case psg::Type::UNATIVEINT:
      PrintInteger(f, v, type, 'O', flags, width);
      break;
    case psg::Type::FLOAT: call("clef_fmt_float", v); break;
    case psg::Type::BOOL: call("clef_fmt_bool", v); break;
    case psg::Type::CHAR: call("clef_fmt_char", v); break;
    case psg::Type::STRING: call("clef_fmt_string", v); break;
    case psg::Type::UNIT: {
      Value empty = StringLit("");
      call("clef_fmt_string", empty);
      break;
    }
    default:
      Fail(at, absl::StrCat("interpolating a ", t.name(), " is not compiled yet (only int, int64, byte, float, string, bool, char, unit)"));
  }
}

Value Lowerer::Printf(const std::string& fn, const std::string& format, llvm::ArrayRef<Value> args,
                      llvm::ArrayRef<int> arg_types, int result_type, const psg::Node* at) {
  Value f = CallRuntime("clef_fmt_new", PtrTy(), {});
  size_t next = 0;
  for (const Conversion& c : ParseFormat(format)) {
    if (!c.literal.empty()) {
      Value s = StringLit(c.literal);
      CallRuntime("clef_fmt_literal", {}, {f, StringData(s), I64Const(static_cast<int64_t>(c.literal.size()))});
    }
    if (!c.has_conversion) continue;
    if (next >= args.size()) {
      Fail(at, "internal: fewer printf arguments than conversions");
      break;
    }
    Value v = args[next];
    const psg::Type& t = TypeOf(arg_types[next]);
    ++next;
    if (c.hole) {
      PrintHole(f, c.align, c.net_format, v, arg_types[next - 1], at);
      continue;
    }
    std::vector<Value> spec = {I32Const(c.conv), I32Const(c.flags), I32Const(c.width), I32Const(c.precision)};
    auto call = [&](const char* name, Value value) {
      std::vector<Value> all = {f, value};
      all.insert(all.end(), spec.begin(), spec.end());
      CallRuntime(name, {}, all);
    };
    switch (t.kind()) {
      case psg::Type::INT: call("clef_fmt_int32", v); break;
      case psg::Type::INT64: call("clef_fmt_int64", v); break;
      case psg::Type::BYTE: call("clef_fmt_uint8", builder_.create<mlir::arith::ExtUIOp>(loc_, I32(), v)); break;
      case psg::Type::SBYTE: case psg::Type::INT16: case psg::Type::UINT16: case psg::Type::UINT32:
      case psg::Type::UINT64: case psg::Type::NATIVEINT: case psg::Type::UNATIVEINT:
        PrintInteger(f, v, arg_types[next - 1], c.conv, c.flags, c.width);
        break;
      case psg::Type::FLOAT: call("clef_fmt_float", v); break;
      case psg::Type::BOOL: call("clef_fmt_bool", v); break;
      case psg::Type::CHAR: call("clef_fmt_char", v); break;
      case psg::Type::STRING: call("clef_fmt_string", v); break;
      case psg::Type::UNIT: {
        std::vector<Value> all = {f};
        all.insert(all.end(), spec.begin(), spec.end());
        CallRuntime("clef_fmt_unit", {}, all);
        break;
      }
      default:
        if (c.conv == 'A') {
          CallRuntime("clef_fmt_sval", {}, {f, Sval(arg_types[next - 1], v), I32Const(c.flags), I32Const(c.width)});
          break;
        }
        Fail(at, absl::StrCat("printing a ", t.name(), " with %", std::string(1, c.conv),
                              " is not compiled yet (only int, float, string, bool, char, unit)"));
    }
  }
  if (fn == "printfn" || fn == "printf" || fn == "eprintfn" || fn == "eprintf") {
    const bool err = fn[0] == 'e';
    const bool newline = fn.back() == 'n';
    CallRuntime("clef_fmt_print", {}, {f, I32Const(err ? 2 : 1), BoolConst(newline)});
    return Unit();
  }
  if (fn == "sprintf") return CallRuntime("clef_fmt_to_string", PtrTy(), {f});
  if (fn == "failwithf") {
    CallRuntime("clef_fmt_failwith", {}, {f});
    Unreachable();
    return Undef(Ty(result_type));
  }
  Fail(at, absl::StrCat("'", fn, "' is not compiled yet"));
  return Undef(Ty(result_type));
}

// printfn "%d" used as a function: the remaining arguments are its parameters.
int Lowerer::PrintfFunction(const psg::Node& n) {
  FnInfo fn;
  fn.symbol = absl::StrCat("clef.printf.", counter_++);
  int type = n.type();
  std::vector<int> arg_types;
  // Arguments already given come first (the closure holds them), then the missing ones.
  for (int i = 1; i < n.children_size(); ++i) {
    arg_types.push_back(N(n.children(i)).type());
    fn.param_types.push_back(Ty(N(n.children(i)).type()));
  }
  while (TypeOf(type).kind() == psg::Type::FUNCTION) {
    arg_types.push_back(FunctionParam(type));
    fn.param_types.push_back(Ty(FunctionParam(type)));
    type = FunctionResult(type);
  }
  fn.arity = static_cast<int>(arg_types.size());
  fn.result = Ty(type);
  const std::string name = n.text();
  const std::string format = N(n.children(0)).text();
  const int result_type = type;
  fn.body = [=](Lowerer& l, llvm::ArrayRef<Value> args) {
    l.Return(l.Printf(name, format, args, arg_types, result_type, nullptr));
  };
  return AddFunction(std::move(fn));
}

// ---- Operators ---------------------------------------------------------------------------

Value Lowerer::LowerPrim(const psg::Node& n) {
  const std::string& op = n.text();
  if (n.children_size() == 0) return ClosureOf(PrimFunction(n), {});
  auto& B = builder_;
  if ((op == "&&" || op == "||") && n.children_size() == 2) {
    Value a = Lower(n.children(0));
    mlir::Block* rhs = NewBlock();
    mlir::Block* join = NewBlock({I1()});
    if (op == "&&") {
      builder_.create<mlir::cf::CondBranchOp>(loc_, a, rhs, mlir::ValueRange{}, join, mlir::ValueRange{a});
    } else {
      builder_.create<mlir::cf::CondBranchOp>(loc_, a, join, mlir::ValueRange{a}, rhs, mlir::ValueRange{});
    }
    SetBlock(rhs);
    Br(join, {Lower(n.children(1))});
    SetBlock(join);
    return join->getArgument(0);
  }
  if (n.children_size() == 1) {
    const int arg_type = N(n.children(0)).type();
    const psg::Type& t = TypeOf(arg_type);
    Value a = Lower(n.children(0));
    if (op == "neg") {
      if (t.kind() == psg::Type::FLOAT) return B.create<mlir::arith::NegFOp>(loc_, a);
      return B.create<mlir::arith::SubIOp>(loc_, B.create<mlir::arith::ConstantIntOp>(loc_, 0, a.getType()), a);
    }
    if (op == "pos") return a;
    if (op == "Message" && t.kind() == psg::Type::EXN) return CallRuntime("clef_exn_message", PtrTy(), {a});
    if (op == "!") return Load(Ty(n.type()), a);
    if (op == "~~~") return B.create<mlir::arith::XOrIOp>(loc_, a, B.create<mlir::arith::ConstantIntOp>(loc_, -1, a.getType()));
    if (op == "Length") {
      if (t.kind() == psg::Type::STRING || t.kind() == psg::Type::ARRAY) {
        return B.create<mlir::arith::TruncIOp>(loc_, I32(), Load(I64(), a));
      }
      if (t.kind() == psg::Type::LIST) return ListLength(t.args(0), a);
    }
    Fail(&n, absl::StrCat("the operator '", op, "' on ", t.name(), " is not compiled yet"));
    return Undef(Ty(n.type()));
  }
  const int arg_type = N(n.children(0)).type();
  if (op == ">>" || op == "<<") {
    Value f = Lower(n.children(0));
    Value g = Lower(n.children(1));
    return ClosureOf(ComposeFunction(N(n.children(0)).type(), N(n.children(1)).type(), op == ">>", n.type()), {f, g});
  }
  Value a = Lower(n.children(0));
  Value b = Lower(n.children(1));
  SetLoc(n);
  return ApplyBinary(op, arg_type, n.type(), a, b, &n);
}

Value Lowerer::ApplyBinary(const std::string& op, int arg_type, int result_type, Value a, Value b,
                           const psg::Node* at) {
  auto& B = builder_;
  const psg::Type& t = TypeOf(arg_type);
  const bool flt = t.kind() == psg::Type::FLOAT;
  if (op == "::") return Cons(arg_type, a, b);
  if (op == ":=") {
    Store(b, a);
    return Unit();
  }
  if (op == "^" || (op == "+" && t.kind() == psg::Type::STRING)) return CallRuntime("clef_string_concat", PtrTy(), {a, b});
  if (op == "@") {
    // The same function as List.append at this list type.
    FnInfo fn;
    fn.symbol = absl::StrCat("clef.List.append.", arg_type);
    fn.arity = 2;
    fn.param_types = {PtrTy(), PtrTy()};
    fn.result = PtrTy();
    const int elem = t.args(0);
    fn.body = [elem](Lowerer& l, llvm::ArrayRef<Value> args) { l.EmitListAppend(elem, args[0], args[1]); };
    return CallFn(AddFunction(std::move(fn)), {a, b});
  }
  if (op == "=") return Equal(arg_type, a, b);
  if (op == "<>") return B.create<mlir::arith::XOrIOp>(loc_, Equal(arg_type, a, b), BoolConst(true));
  if (op == "<" || op == ">" || op == "<=" || op == ">=") {
    if (IsInt(t) && t.kind() != psg::Type::BOOL) {
      const bool u = IsUnsignedKind(t.kind());
      CmpIPredicate p = op == "<"    ? (u ? CmpIPredicate::ult : CmpIPredicate::slt)
                        : op == ">"  ? (u ? CmpIPredicate::ugt : CmpIPredicate::sgt)
                        : op == "<=" ? (u ? CmpIPredicate::ule : CmpIPredicate::sle)
                                     : (u ? CmpIPredicate::uge : CmpIPredicate::sge);
      return B.create<mlir::arith::CmpIOp>(loc_, p, a, b);
    }
    if (flt) {
      CmpFPredicate p = op == "<" ? CmpFPredicate::OLT : op == ">" ? CmpFPredicate::OGT : op == "<=" ? CmpFPredicate::OLE : CmpFPredicate::OGE;
      return B.create<mlir::arith::CmpFOp>(loc_, p, a, b);
    }
    Value c = Compare(arg_type, a, b);
    CmpIPredicate p = op == "<" ? CmpIPredicate::slt : op == ">" ? CmpIPredicate::sgt : op == "<=" ? CmpIPredicate::sle : CmpIPredicate::sge;
    return B.create<mlir::arith::CmpIOp>(loc_, p, c, I32Const(0));
  }
  if (flt) {
    if (op == "+") return B.create<mlir::arith::AddFOp>(loc_, a, b);
    if (op == "-") return B.create<mlir::arith::SubFOp>(loc_, a, b);
    if (op == "*") return B.create<mlir::arith::MulFOp>(loc_, a, b);
    if (op == "/") return B.create<mlir::arith::DivFOp>(loc_, a, b);
    if (op == "%") return B.create<mlir::arith::RemFOp>(loc_, a, b);
    if (op == "**") return B.create<LLVM::PowOp>(loc_, a, b);
  } else if (IsInt(t)) {
    if (op == "+") return B.create<mlir::arith::AddIOp>(loc_, a, b);
    if (op == "-") return B.create<mlir::arith::SubIOp>(loc_, a, b);
    if (op == "*") return B.create<mlir::arith::MulIOp>(loc_, a, b);
    if (op == "&&&") return B.create<mlir::arith::AndIOp>(loc_, a, b);
    if (op == "|||") return B.create<mlir::arith::OrIOp>(loc_, a, b);
    if (op == "^^^") return B.create<mlir::arith::XOrIOp>(loc_, a, b);
    if (op == "<<<" || op == ">>>") {
      // The amount is an int, taken modulo the width as .NET does (LLVM's shift by the width
      // or more is poison).
      const unsigned width = a.getType().getIntOrFloatBitWidth();
      Value amount = b;
      if (width > 32) amount = B.create<mlir::arith::ExtUIOp>(loc_, a.getType(), amount);
      if (width < 32) amount = B.create<mlir::arith::TruncIOp>(loc_, a.getType(), amount);
      amount = B.create<mlir::arith::AndIOp>(loc_, amount, B.create<mlir::arith::ConstantIntOp>(loc_, width - 1, a.getType()));
      if (op == "<<<") return B.create<mlir::arith::ShLIOp>(loc_, a, amount);
      if (IsUnsignedKind(t.kind())) return B.create<mlir::arith::ShRUIOp>(loc_, a, amount);
      return B.create<mlir::arith::ShRSIOp>(loc_, a, amount);
    }
    if (op == "/" || op == "%") {
      // .NET raises DivideByZeroException; MIN / -1 must not trap (x86's idiv would).
      Value zero = B.create<mlir::arith::ConstantIntOp>(loc_, 0, a.getType());
      RaiseIf(B.create<mlir::arith::CmpIOp>(loc_, CmpIPredicate::eq, b, zero), 3);
      const bool is_unsigned = IsUnsignedKind(t.kind());
      if (is_unsigned) {
        if (op == "/") return B.create<mlir::arith::DivUIOp>(loc_, a, b);
        return B.create<mlir::arith::RemUIOp>(loc_, a, b);
      }
      Value minus_one = B.create<mlir::arith::ConstantIntOp>(loc_, -1, a.getType());
      Value is_minus_one = B.create<mlir::arith::CmpIOp>(loc_, CmpIPredicate::eq, b, minus_one);
      Value safe_b = B.create<mlir::arith::SelectOp>(loc_, is_minus_one, B.create<mlir::arith::ConstantIntOp>(loc_, 1, a.getType()), b);
      if (op == "/") {
        Value q = B.create<mlir::arith::DivSIOp>(loc_, a, safe_b);
        Value neg = B.create<mlir::arith::SubIOp>(loc_, zero, a);
        return B.create<mlir::arith::SelectOp>(loc_, is_minus_one, neg, q);
      }
      Value r = B.create<mlir::arith::RemSIOp>(loc_, a, safe_b);
      return B.create<mlir::arith::SelectOp>(loc_, is_minus_one, zero, r);
    }
  }
  Fail(at, absl::StrCat("the operator '", op, "' on ", t.name(), " is not compiled yet"));
  return Undef(Ty(result_type));
}

// An operator used as a function value, `(+)`, or a composition `f >> g` (parameters f, g, x).
int Lowerer::PrimFunction(const psg::Node& n) {
  FnInfo fn;
  const std::string op = n.text();
  fn.symbol = absl::StrCat("clef.op.", counter_++);
  // (op): 'a -> 'b -> 'r
  if (TypeOf(n.type()).kind() != psg::Type::FUNCTION ||
      TypeOf(FunctionResult(n.type())).kind() != psg::Type::FUNCTION) {
    Fail(&n, absl::StrCat("the operator '", op, "' used as a value is not compiled yet"));
    FnInfo placeholder;  // never emitted: the error stops the lowering
    placeholder.symbol = "clef.unsupported";
    placeholder.arity = 1;
    placeholder.param_types = {I1()};
    placeholder.result = I1();
    placeholder.body = [](Lowerer& l, llvm::ArrayRef<Value> args) { l.Return(args[0]); };
    return AddFunction(std::move(placeholder));
  }
  const int a = FunctionParam(n.type());
  const int rest = FunctionResult(n.type());
  const int b = FunctionParam(rest);
  const int r = FunctionResult(rest);
  fn.arity = 2;
  fn.param_types = {Ty(a), Ty(b)};
  fn.result = Ty(r);
  psg::Node copy = n;
  copy.clear_children();
  fn.body = [copy, a, r](Lowerer& l, llvm::ArrayRef<Value> args) {
    l.Return(l.ApplyBinary(copy.text(), a, r, args[0], args[1], nullptr));
  };
  return AddFunction(std::move(fn));
}

// f >> g (forward) or g << f: parameters f, g, x.
int Lowerer::ComposeFunction(int f_type, int g_type, bool forward, int composed_type) {
  FnInfo fn;
  fn.symbol = absl::StrCat("clef.compose.", f_type, ".", g_type, forward ? ".fwd" : ".back");
  fn.arity = 3;
  fn.param_types = {PtrTy(), PtrTy(), Ty(FunctionParam(composed_type))};
  fn.result = Ty(FunctionResult(composed_type));
  fn.body = [forward, f_type, g_type](Lowerer& l, llvm::ArrayRef<Value> args) {
    Value first = forward ? args[0] : args[1];
    Value second = forward ? args[1] : args[0];
    const int first_type = forward ? f_type : g_type;
    const int second_type = forward ? g_type : f_type;
    Value mid = l.ApplyClosure(first, first_type, args[2]);
    l.Return(l.ApplyClosure(second, second_type, mid, /*tail=*/true));
  };
  return AddFunction(std::move(fn));
}

}  // namespace alex::internal
