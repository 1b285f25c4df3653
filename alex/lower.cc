// PSG -> MLIR. One func.func per Clef function (lambda-lifted: its captures are leading
// parameters), closures for functions used as values, cf blocks for control flow and decision
// trees, llvm ops for memory. alex/README.md documents the value layouts.
#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "alex/alex.h"
#include "alex/lower_internal.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

namespace alex {
namespace internal {
namespace {

std::string Sanitize(const std::string& name) {
  std::string out;
  for (char c : name) out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_');
  return out;
}

// Parses F#'s character literal text ('a', '\n', '\'', '\u0041').
int32_t CharValue(const std::string& text) {
  std::string body = text.size() >= 2 ? text.substr(1, text.size() - 2) : text;
  if (body.size() >= 2 && body[0] == '\\') {
    switch (body[1]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case '0': return 0;
      case 'u': return static_cast<int32_t>(std::strtol(body.c_str() + 2, nullptr, 16));
      default: return static_cast<unsigned char>(body[1]);
    }
  }
  if (body.empty()) return 0;
  // UTF-8 decoding of one code point.
  const auto* s = reinterpret_cast<const unsigned char*>(body.data());
  if (s[0] < 0x80) return s[0];
  if ((s[0] & 0xE0) == 0xC0 && body.size() >= 2) return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  if ((s[0] & 0xF0) == 0xE0 && body.size() >= 3)
    return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  return s[0];
}

int64_t IntValue(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '_'), text.end());  // 1_000_000
  while (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back())) &&
         !(text.size() > 2 && (text[1] == 'x' || text[1] == 'X'))) {
    text.pop_back();  // L, uy, u, y, s suffixes
  }
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    return static_cast<int64_t>(std::strtoull(text.c_str() + 2, nullptr, 16));
  }
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
    return static_cast<int64_t>(std::strtoull(text.c_str() + 2, nullptr, 2));
  }
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'O')) {
    return static_cast<int64_t>(std::strtoull(text.c_str() + 2, nullptr, 8));
  }
  return static_cast<int64_t>(std::strtoull(text.c_str(), nullptr, 10));
}

}  // namespace

Lowerer::Lowerer(const psg::Program& program, mlir::MLIRContext& context, const LowerOptions& options)
    : program_(program),
      options_(options),
      context_(context),
      builder_(&context),
      loc_(mlir::FileLineColLoc::get(&context, program.file(), 0, 0)) {}

std::string Lowerer::Where(const psg::Node* at) const {
  if (at == nullptr) return program_.file();
  return absl::StrCat(program_.file(), ":", at->location().line(), ":", at->location().column());
}

void Lowerer::Fail(const psg::Node* at, const std::string& what) {
  if (error_.ok()) error_ = absl::InvalidArgumentError(absl::StrCat(Where(at), ": error: ", what));
}

void Lowerer::SetLoc(const psg::Node& n) {
  if (n.location().line() != 0) {
    loc_ = mlir::FileLineColLoc::get(builder_.getStringAttr(program_.file()), n.location().line(),
                                     n.location().column());
  }
}

// ---- Types -------------------------------------------------------------------------------

const psg::Type& Lowerer::TypeOf(int type_id) const {
  static const psg::Type* const kUnit = [] {
    auto* unit = new psg::Type;
    unit->set_kind(psg::Type::UNIT);
    unit->set_name("unit");
    return unit;
  }();
  if (type_id < 0 || type_id >= program_.types_size()) return *kUnit;
  return program_.types(type_id);
}

const psg::TypeDecl& Lowerer::DeclOf(int decl) const {
  static const psg::TypeDecl* const kEmpty = new psg::TypeDecl;
  if (decl < 0 || decl >= program_.type_decls_size()) return *kEmpty;
  return program_.type_decls(decl);
}

int Lowerer::TypeIdOf(psg::Type::Kind kind) {
  if (auto it = type_of_kind_.find(kind); it != type_of_kind_.end()) return it->second;
  int found = -1;
  for (int i = 0; i < program_.types_size() && found < 0; ++i) {
    if (program_.types(i).kind() == kind) found = i;
  }
  type_of_kind_[kind] = found;
  return found;
}

int Lowerer::TypeArg(int type_id, int index) {
  const psg::Type& t = TypeOf(type_id);
  if (index >= t.args_size()) {
    Fail(nullptr, absl::StrCat("internal: the type ", t.name(), " has no argument ", index));
    return -1;
  }
  return t.args(index);
}

Type Lowerer::PtrTy() { return LLVM::LLVMPointerType::get(&context_); }

bool Lowerer::RecordByValue(int decl) {
  for (const auto& field : DeclOf(decl).fields()) {
    if (field.mutable_()) return false;
  }
  return true;
}

Type Lowerer::RecordType(int decl) {
  std::vector<Type> fields;
  for (const auto& field : DeclOf(decl).fields()) fields.push_back(Ty(field.type()));
  return LLVM::LLVMStructType::getLiteral(&context_, fields);
}

Type Lowerer::CaseType(int decl, int case_index) {
  std::vector<Type> fields = {I32()};
  if (case_index < 0 || case_index >= DeclOf(decl).cases_size()) {
    Fail(nullptr, absl::StrCat("internal: union case ", case_index, " of declaration ", decl));
    return LLVM::LLVMStructType::getLiteral(&context_, fields);
  }
  for (int field : DeclOf(decl).cases(case_index).fields()) fields.push_back(Ty(field));
  return LLVM::LLVMStructType::getLiteral(&context_, fields);
}

Type Lowerer::CellType(int elem_type) {
  return LLVM::LLVMStructType::getLiteral(&context_, {Ty(elem_type), PtrTy()});
}

Type Lowerer::ArrayType(int elem_type) {
  return LLVM::LLVMStructType::getLiteral(&context_,
                                          {I64(), LLVM::LLVMArrayType::get(Ty(elem_type), 0)});
}

Type Lowerer::Ty(int type_id) {
  if (type_id < 0 || type_id >= program_.types_size()) return I1();  // untyped nodes (FIELD_INIT)
  if (auto it = types_.find(type_id); it != types_.end()) return it->second;
  const psg::Type& t = TypeOf(type_id);
  Type result;
  switch (t.kind()) {
    case psg::Type::INT: result = I32(); break;
    case psg::Type::INT64: result = I64(); break;
    case psg::Type::FLOAT: result = builder_.getF64Type(); break;
    case psg::Type::BOOL: result = I1(); break;
    case psg::Type::CHAR: result = I32(); break;
    case psg::Type::BYTE: case psg::Type::SBYTE: result = builder_.getI8Type(); break;
    case psg::Type::INT16: case psg::Type::UINT16: result = builder_.getI16Type(); break;
    case psg::Type::UINT32: result = I32(); break;
    case psg::Type::UINT64: result = I64(); break;
    // Pointer-sized: 64 bits on x86_64 and aarch64, 32 on wasm32.
    case psg::Type::NATIVEINT: case psg::Type::UNATIVEINT: result = builder_.getIntegerType(options_.pointer_bits); break;
    case psg::Type::UNIT: result = I1(); break;
    case psg::Type::TUPLE: {
      std::vector<Type> fields;
      for (int arg : t.args()) fields.push_back(Ty(arg));
      result = LLVM::LLVMStructType::getLiteral(&context_, fields);
      break;
    }
    case psg::Type::NAMED: {
      const psg::TypeDecl& decl = DeclOf(t.decl());
      result = decl.kind() == psg::TypeDecl::RECORD && RecordByValue(t.decl()) ? RecordType(t.decl())
                                                                              : PtrTy();
      break;
    }
    default: result = PtrTy(); break;  // string, exn, function, list, array, option, ref
  }
  types_[type_id] = result;
  return result;
}

bool Lowerer::IsHeapFree(int type_id) {
  const psg::Type& t = TypeOf(type_id);
  switch (t.kind()) {
    case psg::Type::INT: case psg::Type::INT64: case psg::Type::FLOAT: case psg::Type::BOOL:
    case psg::Type::CHAR: case psg::Type::BYTE: case psg::Type::UNIT:
    case psg::Type::SBYTE: case psg::Type::INT16: case psg::Type::UINT16: case psg::Type::UINT32:
    case psg::Type::UINT64: case psg::Type::NATIVEINT: case psg::Type::UNATIVEINT:
      return true;
    case psg::Type::TUPLE:
      for (int arg : t.args()) {
        if (!IsHeapFree(arg)) return false;
      }
      return true;
    case psg::Type::NAMED: {
      const psg::TypeDecl& decl = DeclOf(t.decl());
      if (decl.kind() != psg::TypeDecl::RECORD || !RecordByValue(t.decl())) return false;
      for (const auto& field : decl.fields()) {
        if (!IsHeapFree(field.type())) return false;
      }
      return true;
    }
    default: return false;
  }
}

// ---- Small builders ----------------------------------------------------------------------

Value Lowerer::I32Const(int64_t v) { return builder_.create<mlir::arith::ConstantIntOp>(loc_, v, 32); }
Value Lowerer::I64Const(int64_t v) { return builder_.create<mlir::arith::ConstantIntOp>(loc_, v, 64); }
Value Lowerer::BoolConst(bool v) { return builder_.create<mlir::arith::ConstantIntOp>(loc_, v, 1); }
Value Lowerer::Null() { return builder_.create<LLVM::ZeroOp>(loc_, PtrTy()); }
Value Lowerer::Undef(Type type) { return builder_.create<LLVM::UndefOp>(loc_, type); }
Value Lowerer::Load(Type type, Value ptr) { return builder_.create<LLVM::LoadOp>(loc_, type, ptr); }
void Lowerer::Store(Value value, Value ptr) { builder_.create<LLVM::StoreOp>(loc_, value, ptr); }
Value Lowerer::FieldAddr(Type struct_type, Value ptr, int field) {
  return builder_.create<LLVM::GEPOp>(loc_, PtrTy(), struct_type, ptr,
                                      llvm::ArrayRef<LLVM::GEPArg>{0, field});
}
Value Lowerer::Alloc(Type type) { return builder_.create<clef::AllocOp>(loc_, PtrTy(), type); }
Value Lowerer::StringLit(const std::string& text) {
  return builder_.create<clef::StringOp>(loc_, PtrTy(), builder_.getStringAttr(text));
}
Value Lowerer::IsNull(Value ptr) {
  return builder_.create<LLVM::ICmpOp>(loc_, LLVM::ICmpPredicate::eq, ptr, Null());
}

mlir::Region* Lowerer::CurrentRegion() {
  if (!resets_.empty() && resets_.back().func == current_) return resets_.back().region;
  return &current_.getBody();
}

Value Lowerer::Alloca(Type type) {
  mlir::OpBuilder::InsertionGuard guard(builder_);
  builder_.setInsertionPointToStart(&CurrentRegion()->front());
  Value one = I64Const(1);
  return builder_.create<LLVM::AllocaOp>(loc_, PtrTy(), type, one);
}

Value Lowerer::CallRuntime(const std::string& name, Type result, llvm::ArrayRef<Value> args) {
  std::vector<Value> converted;
  std::vector<Type> arg_types;
  for (Value arg : args) {
    if (arg.getType() == I1()) arg = builder_.create<mlir::arith::ExtUIOp>(loc_, I32(), arg);
    converted.push_back(arg);
    arg_types.push_back(arg.getType());
  }
  const bool bool_result = result && result == I1();
  Type declared = bool_result ? builder_.getI8Type() : result;
  auto func = module_->lookupSymbol<mlir::func::FuncOp>(name);
  if (!func) {
    mlir::OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPointToStart(module_->getBody());
    auto type = builder_.getFunctionType(arg_types, declared ? llvm::ArrayRef<Type>{declared}
                                                             : llvm::ArrayRef<Type>{});
    func = builder_.create<mlir::func::FuncOp>(loc_, name, type);
    func.setPrivate();
    // Like malloc, clef_alloc returns memory no other live pointer reaches.
    if (name == "clef_alloc") func.setResultAttr(0, LLVM::LLVMDialect::getNoAliasAttrName(), builder_.getUnitAttr());
  }
  auto call = builder_.create<mlir::func::CallOp>(loc_, func, converted);
  if (!declared) return {};
  Value value = call.getResult(0);
  if (bool_result) value = builder_.create<mlir::arith::TruncIOp>(loc_, I1(), value);
  return value;
}

void Lowerer::Unreachable() {
  builder_.create<LLVM::UnreachableOp>(loc_);
  SetBlock(NewBlock());
}

void Lowerer::RaiseIf(Value cond, int kind, const char* message) {
  mlir::Block* bad = NewBlock();
  mlir::Block* ok = NewBlock();
  CondBr(cond, bad, ok);
  SetBlock(bad);
  if (message != nullptr) {
    CallRuntime("clef_raise", {}, {CallRuntime("clef_exn_new", PtrTy(), {I32Const(kind), StringLit(message)})});
  } else {
    CallRuntime("clef_raise_kind", {}, {I32Const(kind)});
  }
  builder_.create<LLVM::UnreachableOp>(loc_);
  SetBlock(ok);
}

void Lowerer::MatchFailure(const psg::Node& at) {
  CallRuntime("clef_match_failure", {},
              {StringLit(program_.file()), I32Const(at.location().line()), I32Const(at.location().column())});
  builder_.create<LLVM::UnreachableOp>(loc_);
}

Value Lowerer::StringData(Value string) {
  return FieldAddr(LLVM::LLVMStructType::getLiteral(&context_, {I64(), LLVM::LLVMArrayType::get(builder_.getI8Type(), 0)}),
                   string, 1);
}

mlir::Block* Lowerer::NewBlock(llvm::ArrayRef<Type> args) {
  auto* block = new mlir::Block;
  for (Type t : args) block->addArgument(t, loc_);
  CurrentRegion()->push_back(block);
  return block;
}

void Lowerer::Br(mlir::Block* dest, llvm::ArrayRef<Value> args) {
  builder_.create<mlir::cf::BranchOp>(loc_, dest, args);
}

void Lowerer::CondBr(Value cond, mlir::Block* yes, mlir::Block* no) {
  builder_.create<mlir::cf::CondBranchOp>(loc_, cond, yes, mlir::ValueRange{}, no, mlir::ValueRange{});
}

void Lowerer::Return(Value value) { builder_.create<mlir::func::ReturnOp>(loc_, value); }

// ---- Functions, calls, closures ----------------------------------------------------------

int Lowerer::AddFunction(FnInfo fn) {
  if (auto it = fn_by_symbol_.find(fn.symbol); it != fn_by_symbol_.end()) return it->second;
  const int index = static_cast<int>(fns_.size());
  fn_by_symbol_[fn.symbol] = index;
  fns_.push_back(std::move(fn));
  pending_.push_back(index);
  return index;
}

std::vector<int> Lowerer::ExpandCaptures(const std::vector<int>& raw, const std::vector<int>& exclude) {
  std::vector<int> out;
  absl::flat_hash_set<int> seen(exclude.begin(), exclude.end());
  absl::flat_hash_set<int> visited_fns;
  std::function<void(const std::vector<int>&)> add = [&](const std::vector<int>& bindings) {
    for (int b : bindings) {
      if (auto it = known_fns_.find(b); it != known_fns_.end()) {
        if (visited_fns.insert(it->second).second) add(fns_[it->second].captures);
        continue;
      }
      if (program_.bindings(b).kind() != psg::Binding::LOCAL) continue;
      if (seen.insert(b).second) out.push_back(b);
    }
  };
  add(raw);
  return out;
}

int Lowerer::FunctionFor(const psg::Node& lambda, const std::string& name) {
  FnInfo fn;
  fn.symbol = absl::StrCat(Sanitize(name), ".", counter_++);
  fn.arity = lambda.index();
  int type = lambda.type();
  for (int i = 0; i < fn.arity; ++i) {
    fn.param_types.push_back(Ty(FunctionParam(type)));
    type = FunctionResult(type);
  }
  fn.result = Ty(type);
  fn.lambda = &lambda;
  fn.captures.assign(lambda.captures().begin(), lambda.captures().end());
  return AddFunction(std::move(fn));
}

Value Lowerer::CaptureValue(int binding) {
  auto it = env_.find(binding);
  if (it == env_.end()) {
    Fail(nullptr, absl::StrCat("internal: capture '", program_.bindings(binding).name(),
                               "' is not in scope"));
    return Undef(program_.bindings(binding).mutable_() ? PtrTy() : Ty(program_.bindings(binding).type()));
  }
  return it->second.value;
}

Value Lowerer::Call(const FnInfo& fn, llvm::ArrayRef<Value> args, bool tail) {
  auto call = builder_.create<mlir::func::CallOp>(loc_, fn.symbol, mlir::TypeRange{fn.result}, args);
  if (tail) call->setAttr("clef.tail", builder_.getUnitAttr());
  return call.getResult(0);
}

Value Lowerer::ApplyClosure(Value closure, int function_type, Value arg, bool tail) {
  Type result = Ty(FunctionResult(function_type));
  Value code = Load(PtrTy(), closure);
  auto fn_type = LLVM::LLVMFunctionType::get(result, {PtrTy(), arg.getType()});
  auto call = builder_.create<LLVM::CallOp>(loc_, fn_type, mlir::ValueRange{code, closure, arg});
  call->setAttr("clef.fastcc", builder_.getUnitAttr());
  if (tail) call->setAttr("clef.tail", builder_.getUnitAttr());
  return call.getResult();
}

static std::vector<Type> CaptureTypes(Lowerer& l, const psg::Program& program, const FnInfo& fn) {
  std::vector<Type> types;
  for (int b : fn.captures) {
    types.push_back(program.bindings(b).mutable_() ? l.PtrTy() : l.Ty(program.bindings(b).type()));
  }
  return types;
}

// A closure at `stage` (that many parameters already given):
//   {code (one argument), full (all remaining arguments at once), i32 remaining, captures.., given..}
// `code` takes the next argument and returns the next stage (or the result at the last one);
// `full` lets a call site that has every remaining argument skip the intermediate closures.
static constexpr int kClosureHeader = 3;

Type Lowerer::ClosureType(int fn_index, int stage) {
  const FnInfo& fn = fns_[fn_index];
  std::vector<Type> fields = {PtrTy(), PtrTy(), I32()};
  for (Type t : CaptureTypes(*this, program_, fn)) fields.push_back(t);
  for (int i = 0; i < stage; ++i) fields.push_back(fn.param_types[i]);
  return LLVM::LLVMStructType::getLiteral(&context_, fields);
}

Value Lowerer::NewClosure(int fn_index, llvm::ArrayRef<Value> values) {
  const int captures = static_cast<int>(fns_[fn_index].captures.size());
  const int stage = static_cast<int>(values.size()) - captures;
  Type type = ClosureType(fn_index, stage);
  Value closure = Alloc(type);
  Store(builder_.create<clef::FuncAddrOp>(loc_, PtrTy(), Thunk(fn_index, stage)), FieldAddr(type, closure, 0));
  Store(builder_.create<clef::FuncAddrOp>(loc_, PtrTy(), FullThunk(fn_index, stage)), FieldAddr(type, closure, 1));
  Store(I32Const(fns_[fn_index].arity - stage), FieldAddr(type, closure, 2));
  for (size_t i = 0; i < values.size(); ++i) Store(values[i], FieldAddr(type, closure, static_cast<int>(i) + kClosureHeader));
  return closure;
}

Value Lowerer::ClosureOf(int fn_index, llvm::ArrayRef<Value> args) {
  std::vector<Value> values;
  for (int b : fns_[fn_index].captures) values.push_back(CaptureValue(b));
  values.insert(values.end(), args.begin(), args.end());
  return NewClosure(fn_index, values);
}

// Starts a closure thunk: a fastcc function (ptr self, params..) -> result whose body is
// emitted by `body` with the closure's captures and given arguments loaded.
void Lowerer::EmitThunk(const std::string& name, int fn_index, int stage, llvm::ArrayRef<Type> params,
                        Type result, const std::function<void(std::vector<Value>&)>& body) {
  mlir::OpBuilder::InsertionGuard guard(builder_);
  auto saved_current = current_;
  std::vector<Type> inputs = {PtrTy()};
  inputs.insert(inputs.end(), params.begin(), params.end());
  builder_.setInsertionPointToEnd(module_->getBody());
  auto func = builder_.create<mlir::func::FuncOp>(loc_, name, builder_.getFunctionType(inputs, {result}));
  func.setPrivate();
  func->setAttr("clef.fastcc", builder_.getUnitAttr());
  current_ = func;
  mlir::Block* entry = func.addEntryBlock();
  builder_.setInsertionPointToEnd(entry);
  Type type = ClosureType(fn_index, stage);
  auto fields = mlir::cast<LLVM::LLVMStructType>(type).getBody();
  std::vector<Value> values;
  for (size_t i = kClosureHeader; i < fields.size(); ++i) {
    values.push_back(Load(fields[i], FieldAddr(type, entry->getArgument(0), static_cast<int>(i))));
  }
  for (size_t i = 1; i < entry->getNumArguments(); ++i) values.push_back(entry->getArgument(i));
  body(values);
  current_ = saved_current;
}

std::string Lowerer::Thunk(int fn_index, int stage) {
  const std::string name = absl::StrCat(fns_[fn_index].symbol, ".clo", stage);
  if (!thunks_.insert({name, name}).second) return name;
  const FnInfo fn = fns_[fn_index];  // copy: fns_ may grow below
  const bool last = stage + 1 == fn.arity;
  EmitThunk(name, fn_index, stage, {fn.param_types[stage]}, last ? fn.result : PtrTy(),
            [&](std::vector<Value>& values) {
              Return(last ? Call(fn, values, /*tail=*/true) : NewClosure(fn_index, values));
            });
  return name;
}

std::string Lowerer::FullThunk(int fn_index, int stage) {
  const std::string name = absl::StrCat(fns_[fn_index].symbol, ".full", stage);
  if (!thunks_.insert({name, name}).second) return name;
  const FnInfo fn = fns_[fn_index];
  std::vector<Type> params(fn.param_types.begin() + stage, fn.param_types.end());
  EmitThunk(name, fn_index, stage, params, fn.result,
            [&](std::vector<Value>& values) { Return(Call(fn, values, /*tail=*/true)); });
  return name;
}

// f a b ..: one call of the closure's `full` entry when it takes exactly these arguments, else
// one argument at a time.
Value Lowerer::ApplyClosureN(Value closure, int function_type, llvm::ArrayRef<Value> args, bool tail) {
  if (args.size() == 1) return ApplyClosure(closure, function_type, args[0], tail);
  int result_type = function_type;
  for (size_t i = 0; i < args.size(); ++i) result_type = FunctionResult(result_type);
  Type result = Ty(result_type);
  Type header = LLVM::LLVMStructType::getLiteral(&context_, {PtrTy(), PtrTy(), I32()});
  Value remaining = Load(I32(), FieldAddr(header, closure, 2));
  Value exact = builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::eq, remaining,
                                                     I32Const(static_cast<int64_t>(args.size())));
  mlir::Block* direct = NewBlock();
  mlir::Block* stepwise = NewBlock();
  mlir::Block* join = NewBlock({result});
  CondBr(exact, direct, stepwise);
  SetBlock(direct);
  std::vector<Type> params = {PtrTy()};
  std::vector<Value> operands = {Load(PtrTy(), FieldAddr(header, closure, 1)), closure};
  for (Value a : args) {
    params.push_back(a.getType());
    operands.push_back(a);
  }
  auto call = builder_.create<LLVM::CallOp>(loc_, LLVM::LLVMFunctionType::get(result, params), operands);
  call->setAttr("clef.fastcc", builder_.getUnitAttr());
  Br(join, {call.getResult()});
  SetBlock(stepwise);
  Value r = closure;
  int type = function_type;
  for (Value a : args) {
    r = ApplyClosure(r, type, a);
    type = FunctionResult(type);
  }
  Br(join, {r});
  SetBlock(join);
  return join->getArgument(0);
}

void Lowerer::EmitFunction(int fn_index) {
  const FnInfo fn = fns_[fn_index];
  std::vector<Type> inputs = CaptureTypes(*this, program_, fn);
  for (Type t : fn.param_types) inputs.push_back(t);
  builder_.setInsertionPointToEnd(module_->getBody());
  auto func = builder_.create<mlir::func::FuncOp>(loc_, fn.symbol,
                                                  builder_.getFunctionType(inputs, {fn.result}));
  func.setPrivate();
  if (fn.fastcc) func->setAttr("clef.fastcc", builder_.getUnitAttr());
  current_ = func;
  current_fn_ = fn_index;
  env_.clear();
  mlir::Block* entry = func.addEntryBlock();
  SetBlock(entry);
  if (fn.body) {
    self_loop_ = nullptr;
    fn.body(*this, llvm::SmallVector<Value>(entry->getArguments().begin(), entry->getArguments().end()));
    return;
  }
  SetLoc(*fn.lambda);
  size_t arg = 0;
  for (int b : fn.captures) {
    env_[b] = Local{entry->getArgument(arg++), program_.bindings(b).mutable_()};
  }
  // Self tail calls jump back here with new arguments: constant stack at every -O level.
  self_loop_ = NewBlock(fn.param_types);
  self_mark_ = nullptr;
  Br(self_loop_, llvm::SmallVector<Value>(entry->getArguments().begin() + arg, entry->getArguments().end()));
  SetBlock(self_loop_);
  for (int i = 0; i < fn.arity; ++i) BindPattern(fn.lambda->children(i), self_loop_->getArgument(i));
  LowerReturn(fn.lambda->children(fn.arity));
}

// ---- Globals ----------------------------------------------------------------------------

Value Lowerer::GlobalAddr(int binding) {
  auto it = globals_.find(binding);
  std::string name;
  if (it == globals_.end()) {
    name = absl::StrCat("clef.g.", Sanitize(program_.bindings(binding).name()), ".", binding);
    globals_[binding] = name;
    Type type = Ty(program_.bindings(binding).type());
    mlir::OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPointToStart(module_->getBody());
    auto global = builder_.create<LLVM::GlobalOp>(loc_, type, false, LLVM::Linkage::Internal, name,
                                                  mlir::Attribute());
    mlir::Block* init = builder_.createBlock(&global.getInitializerRegion());
    builder_.setInsertionPointToStart(init);
    builder_.create<LLVM::ReturnOp>(loc_, builder_.create<LLVM::ZeroOp>(loc_, type).getResult());
  } else {
    name = it->second;
  }
  return builder_.create<LLVM::AddressOfOp>(loc_, PtrTy(), name);
}

// ---- Patterns (irrefutable: let, parameters, for) ----------------------------------------

void Lowerer::BindPattern(int pattern, Value value) {
  const psg::Node& p = N(pattern);
  switch (p.kind()) {
    case psg::Node::PAT_WILD:
    case psg::Node::PAT_UNIT:
      return;
    case psg::Node::PAT_VAR:
    case psg::Node::PAT_AS: {
      const psg::Binding& binding = program_.bindings(p.binding());
      if (binding.kind() == psg::Binding::TOP_LEVEL) {
        Store(value, GlobalAddr(p.binding()));
      } else if (binding.mutable_()) {
        Value cell = binding.escapes() ? Alloc(value.getType()) : Alloca(value.getType());
        Store(value, cell);
        env_[p.binding()] = Local{cell, true};
      } else {
        env_[p.binding()] = Local{value, false};
      }
      if (p.kind() == psg::Node::PAT_AS && p.children_size() > 0) BindPattern(p.children(0), value);
      return;
    }
    case psg::Node::PAT_TUPLE:
      for (int i = 0; i < p.children_size(); ++i) {
        BindPattern(p.children(i), builder_.create<LLVM::ExtractValueOp>(loc_, value, llvm::ArrayRef<int64_t>{i}));
      }
      return;
    case psg::Node::PAT_RECORD: {
      Type type = value.getType();
      const bool by_value = mlir::isa<LLVM::LLVMStructType>(type);
      for (int field_node : p.children()) {
        const psg::Node& f = N(field_node);
        Value v;
        if (by_value) {
          v = builder_.create<LLVM::ExtractValueOp>(loc_, value, llvm::ArrayRef<int64_t>{f.index()});
        } else {
          Type rt = RecordType(p.decl());
          v = Load(mlir::cast<LLVM::LLVMStructType>(rt).getBody()[f.index()], FieldAddr(rt, value, f.index()));
        }
        BindPattern(f.children(0), v);
      }
      return;
    }
    case psg::Node::PAT_CASE: {
      if (TypeOf(p.type()).kind() == psg::Type::OPTION) {
        if (p.index() == 0) {
          FailUnless(IsNull(value), p);
        } else {
          FailUnless(builder_.create<mlir::arith::XOrIOp>(loc_, IsNull(value), BoolConst(true)), p);
          if (p.children_size() == 1) BindPattern(p.children(0), Load(Ty(ElementType(p.type())), value));
        }
        return;
      }
      if (p.decl() < 0 || p.decl() >= program_.type_decls_size()) break;
      const psg::TypeDecl& decl = DeclOf(p.decl());
      if (decl.kind() == psg::TypeDecl::UNION) {
        if (decl.cases_size() > 1) {
          FailUnless(builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::eq, CaseTag(value),
                                                          I32Const(p.index())), p);
        }
        Type ct = CaseType(p.decl(), p.index());
        auto fields = mlir::cast<LLVM::LLVMStructType>(ct).getBody();
        if (p.children_size() == 0) return;
        std::vector<Value> values;
        for (size_t i = 1; i < fields.size(); ++i) values.push_back(Load(fields[i], FieldAddr(ct, value, static_cast<int>(i))));
        const psg::Node& arg = N(p.children(0));
        if (values.size() > 1 && arg.kind() == psg::Node::PAT_TUPLE) {
          for (size_t i = 0; i < values.size(); ++i) BindPattern(arg.children(static_cast<int>(i)), values[i]);
        } else if (values.size() == 1) {
          BindPattern(p.children(0), values[0]);
        }
        return;
      }
      break;
    }
    case psg::Node::PAT_CONS:
    case psg::Node::PAT_LIST: {
      // A refutable pattern in let or a parameter: F# raises MatchFailureException on a mismatch.
      const int elem = ElementType(p.type());
      Type ct = CellType(elem);
      Value cell = value;
      const int elements = p.kind() == psg::Node::PAT_CONS ? 1 : p.children_size();
      for (int i = 0; i < elements; ++i) {
        FailUnless(builder_.create<mlir::arith::XOrIOp>(loc_, IsNull(cell), BoolConst(true)), p);
        BindPattern(p.children(i), Load(Ty(elem), FieldAddr(ct, cell, 0)));
        cell = Load(PtrTy(), FieldAddr(ct, cell, 1));
      }
      if (p.kind() == psg::Node::PAT_CONS) {
        BindPattern(p.children(1), cell);
      } else {
        FailUnless(IsNull(cell), p);
      }
      return;
    }
    case psg::Node::PAT_LITERAL: {
      psg::Node literal;
      literal.set_kind(psg::Node::LITERAL);
      literal.set_type(p.type());
      literal.set_text(p.text());
      FailUnless(Equal(p.type(), value, LowerLiteral(literal)), p);
      return;
    }
    default:
      break;
  }
  Fail(&p, "this pattern cannot be compiled in a let or a parameter yet; use match");
}

void Lowerer::FailUnless(Value condition, const psg::Node& at) {
  mlir::Block* ok = NewBlock();
  mlir::Block* bad = NewBlock();
  CondBr(condition, ok, bad);
  SetBlock(bad);
  MatchFailure(at);
  SetBlock(ok);
}

// ---- Expressions -------------------------------------------------------------------------

void Lowerer::LowerReturn(int node) {
  const psg::Node& n = N(node);
  SetLoc(n);
  switch (n.kind()) {
    case psg::Node::IF: {
      Value cond = Lower(n.children(0));
      mlir::Block* yes = NewBlock();
      mlir::Block* no = NewBlock();
      CondBr(cond, yes, no);
      SetBlock(yes);
      LowerReturn(n.children(1));
      SetBlock(no);
      if (n.children_size() > 2) {
        LowerReturn(n.children(2));
      } else {
        Return(Unit());
      }
      return;
    }
    case psg::Node::MATCH:
      LowerMatch(n, /*tail=*/true);
      return;
    case psg::Node::LET:
      if (n.children_size() > 2) {
        LowerLet(n);
        LowerReturn(n.children(2));
        return;
      }
      break;
    case psg::Node::LET_REC:
      if (n.children_size() > 2 * n.index()) {
        LowerLetRec(n);
        LowerReturn(n.children(2 * n.index()));
        return;
      }
      break;
    case psg::Node::SEQUENTIAL:
      for (int i = 0; i + 1 < n.children_size(); ++i) Lower(n.children(i));
      LowerReturn(n.children(n.children_size() - 1));
      return;
    case psg::Node::APP: {
      Value v = LowerApp(n, /*tail=*/true);
      if (v) Return(v);
      return;
    }
    default:
      break;
  }
  Return(Lower(node));
}

Value Lowerer::Lower(int node) {
  const psg::Node& n = N(node);
  SetLoc(n);
  Type type = Ty(ValueType(n));
  switch (n.kind()) {
    case psg::Node::LITERAL: return LowerLiteral(n);
    case psg::Node::UNIT: return Unit();
    case psg::Node::VAR: return LowerVar(n);
    case psg::Node::CASE: return LowerCase(n);
    case psg::Node::TUPLE: {
      Value t = Undef(type);
      for (int i = 0; i < n.children_size(); ++i) {
        t = builder_.create<LLVM::InsertValueOp>(loc_, t, Lower(n.children(i)), llvm::ArrayRef<int64_t>{i});
      }
      return t;
    }
    case psg::Node::LIST: return LowerList(n, false);
    case psg::Node::ARRAY: return LowerList(n, true);
    case psg::Node::RECORD:
    case psg::Node::RECORD_COPY: return LowerRecord(n);
    case psg::Node::FIELD_GET: return LowerFieldGet(n);
    case psg::Node::INDEX_GET: return LowerIndexGet(n);
    case psg::Node::LAMBDA: {
      int fn = FunctionFor(n, "lambda");
      fns_[fn].captures = ExpandCaptures(fns_[fn].captures, {});
      return ClosureOf(fn, {});
    }
    case psg::Node::APP: return LowerApp(n, false);
    case psg::Node::PRIM: return LowerPrim(n);
    case psg::Node::PRINTF: {
      if (TypeOf(n.type()).kind() == psg::Type::FUNCTION) {
        std::vector<Value> given;
        for (int i = 1; i < n.children_size(); ++i) given.push_back(Lower(n.children(i)));
        return ClosureOf(PrintfFunction(n), given);
      }
      std::vector<Value> args;
      std::vector<int> types;
      for (int i = 1; i < n.children_size(); ++i) {
        args.push_back(Lower(n.children(i)));
        types.push_back(N(n.children(i)).type());
      }
      return Printf(n.text(), N(n.children(0)).text(), args, types, n.type(), &n);
    }
    case psg::Node::LET:
      LowerLet(n);
      return n.children_size() > 2 ? Lower(n.children(2)) : Unit();
    case psg::Node::LET_REC:
      LowerLetRec(n);
      return n.children_size() > 2 * n.index() ? Lower(n.children(2 * n.index())) : Unit();
    case psg::Node::IF: {
      Value cond = Lower(n.children(0));
      mlir::Block* yes = NewBlock();
      mlir::Block* no = NewBlock();
      mlir::Block* join = NewBlock({type});
      CondBr(cond, yes, no);
      SetBlock(yes);
      Br(join, {Lower(n.children(1))});
      SetBlock(no);
      Br(join, {n.children_size() > 2 ? Lower(n.children(2)) : Unit()});
      SetBlock(join);
      return join->getArgument(0);
    }
    case psg::Node::MATCH: return LowerMatch(n, false);
    case psg::Node::SEQUENTIAL: {
      Value last;
      for (int child : n.children()) last = Lower(child);
      return last;
    }
    case psg::Node::WHILE: {
      mlir::Block* header = NewBlock();
      mlir::Block* body = NewBlock();
      mlir::Block* exit = NewBlock();
      Br(header);
      SetBlock(header);
      CondBr(Lower(n.children(0)), body, exit);
      SetBlock(body);
      ScopedIteration(n.children(1), [&] { Lower(n.children(1)); });
      Br(header);
      SetBlock(exit);
      return Unit();
    }
    case psg::Node::FOR_TO:
    case psg::Node::FOR_IN: return LowerFor(n);
    case psg::Node::ASSIGN: return LowerAssign(n);
    case psg::Node::TRY_WITH: return LowerTry(n);
    case psg::Node::TRY_FINALLY: return LowerTryFinally(n);
    case psg::Node::METHOD:
      if (n.text() == "Message" && n.children_size() == 1 &&
          TypeOf(N(n.children(0)).type()).kind() == psg::Type::EXN) {
        Value exn = Lower(n.children(0));
        return CallRuntime("clef_exn_message", PtrTy(), {exn});
      }
      Fail(&n, absl::StrCat("the member '", n.text(), "' is not compiled yet"));
      return Undef(type);
    case psg::Node::RESET: return LowerReset(n);
    case psg::Node::SHIFT: return LowerShift(n);
    // Direct style: `return e` is e's value; the reset yields the value its body ends with.
    case psg::Node::RETURN: return n.children_size() > 0 ? Lower(n.children(0)) : Unit();
    case psg::Node::NEW:
      // An object of a class without constructor parameters (a computation-expression builder)
      // carries nothing: its members are functions of the program.
      if (n.children_size() == 0) return Null();
      Fail(&n, "objects of classes with constructor parameters are not compiled yet");
      return Undef(type);
    default:
      Fail(&n, absl::StrCat("internal: unexpected node kind ", psg::Node::Kind_Name(n.kind())));
      return Undef(type);
  }
}

Value Lowerer::LowerLiteral(const psg::Node& n) {
  const psg::Type& t = TypeOf(n.type());
  const std::string& text = n.text();
  switch (t.kind()) {
    case psg::Type::INT: return I32Const(static_cast<int32_t>(IntValue(text)));
    case psg::Type::INT64: return I64Const(IntValue(text));
    case psg::Type::BYTE: return builder_.create<mlir::arith::ConstantIntOp>(loc_, IntValue(text) & 0xFF, 8);
    case psg::Type::SBYTE: case psg::Type::INT16: case psg::Type::UINT16: case psg::Type::UINT32:
    case psg::Type::UINT64: case psg::Type::NATIVEINT: case psg::Type::UNATIVEINT: {
      const unsigned width = Ty(n.type()).getIntOrFloatBitWidth();
      const uint64_t bits = static_cast<uint64_t>(IntValue(text)) & (width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1);
      return builder_.create<mlir::arith::ConstantOp>(loc_, builder_.getIntegerAttr(Ty(n.type()), llvm::APInt(width, bits)));
    }
    case psg::Type::FLOAT: {
      std::string digits = text;
      if (!digits.empty() && (digits.back() == 'f' || digits.back() == 'F')) digits.pop_back();
      return builder_.create<mlir::arith::ConstantOp>(loc_, builder_.getF64FloatAttr(std::strtod(digits.c_str(), nullptr)));
    }
    case psg::Type::BOOL: return BoolConst(text == "true");
    case psg::Type::CHAR: return I32Const(CharValue(text));
    case psg::Type::STRING: return StringLit(text);
    case psg::Type::UNIT: return Unit();
    default:
      Fail(&n, absl::StrCat("internal: a literal of type ", t.name()));
      return Undef(Ty(n.type()));
  }
}

bool Lowerer::IsUserClass(int type_id) {
  const psg::Type& t = TypeOf(type_id);
  return t.kind() == psg::Type::NAMED && DeclOf(t.decl()).kind() == psg::TypeDecl::CLASS;
}

Value Lowerer::LowerVar(const psg::Node& n) {
  const int b = n.binding();
  const psg::Binding& binding = program_.bindings(b);
  if (auto it = known_fns_.find(b); it != known_fns_.end()) return ClosureOf(it->second, {});
  if (binding.kind() == psg::Binding::LIBRARY) {
    if (TypeOf(n.type()).kind() == psg::Type::FUNCTION) {
      int fn = IntrinsicFunction(binding, &n);
      if (fn < 0) return Undef(Ty(n.type()));
      if (fns_[fn].arity == 0) return CallFn(fn, {});
      return ClosureOf(fn, {});
    }
    if (binding.intrinsic() == "List.empty") return Null();
    if (binding.intrinsic() == "stdin") return Null();  // its methods need no object
    if (binding.intrinsic() == "NativePtr.nullPtr") return Null();
    if (binding.intrinsic() == "nan" || binding.intrinsic() == "infinity") {
      const double v = binding.intrinsic() == "nan" ? std::numeric_limits<double>::quiet_NaN()
                                                    : std::numeric_limits<double>::infinity();
      return builder_.create<mlir::arith::ConstantOp>(loc_, builder_.getF64FloatAttr(v));
    }
    Fail(&n, absl::StrCat("'", binding.intrinsic(), "' is not compiled yet"));
    return Undef(Ty(n.type()));
  }
  if (binding.kind() == psg::Binding::TOP_LEVEL) return Load(Ty(binding.type()), GlobalAddr(b));
  auto it = env_.find(b);
  if (it == env_.end()) {
    Fail(&n, absl::StrCat("internal: '", binding.name(), "' is not in scope"));
    return Undef(Ty(n.type()));
  }
  if (it->second.cell) return Load(Ty(binding.type()), it->second.value);
  return it->second.value;
}

Value Lowerer::LowerApp(const psg::Node& n, bool tail) {
  // Flatten f a b c (nested APPs) into a head and its arguments.
  std::vector<int> args;
  int head_id = -1;
  const psg::Node* head = &n;
  while (head->kind() == psg::Node::APP) {
    for (int i = head->children_size() - 1; i >= 1; --i) args.insert(args.begin(), head->children(i));
    head_id = head->children(0);
    head = &N(head_id);
  }
  int fn = -1;
  int head_type = head->type();
  if (head->kind() == psg::Node::METHOD && head->children_size() == 1 && IsUserClass(N(head->children(0)).type())) {
    // A member of a class the program declares: its specialization is a top-level function whose
    // first parameter is the object.
    auto it = known_fns_.find(head->binding());
    if (it == known_fns_.end()) {
      Fail(head, absl::StrCat("the member '", head->text(), "' is not compiled yet"));
      return Undef(Ty(n.type()));
    }
    fn = it->second;
    head_type = program_.bindings(head->binding()).type();
    args.insert(args.begin(), head->children(0));
  } else if (head->kind() == psg::Node::METHOD && args.size() == 1 && head->children_size() == 1) {
    return LowerMethodCall(*head, args[0]);
  }
  if (head->kind() == psg::Node::VAR) {
    const psg::Binding& binding = program_.bindings(head->binding());
    if (auto it = known_fns_.find(head->binding()); it != known_fns_.end()) {
      fn = it->second;
    } else if (binding.kind() == psg::Binding::LIBRARY) {
      fn = IntrinsicFunction(binding, head);
      if (fn < 0) return Undef(Ty(n.type()));
    }
  }
  // F# evaluates every argument, left to right, before the call (also those a curried result
  // takes: `x |> g a` evaluates x before g a runs).
  std::vector<Value> values;
  Value head_value;
  if (fn < 0) head_value = Lower(head_id);
  for (int a : args) values.push_back(Lower(a));
  size_t used = 0;
  Value result;
  if (fn >= 0) {
    const size_t arity = static_cast<size_t>(fns_[fn].arity);
    std::vector<Value> call_args;
    for (int b : fns_[fn].captures) call_args.push_back(CaptureValue(b));
    for (size_t i = 0; i < args.size() && i < arity; ++i) call_args.push_back(values[i]);
    used = std::min(arity, args.size());
    if (used < arity) {
      std::vector<Value> given(call_args.end() - static_cast<long>(used), call_args.end());
      return ClosureOf(fn, given);
    }
    SetLoc(n);
    const bool whole = args.size() == arity;
    if (tail && whole && fn == current_fn_ && self_loop_ != nullptr) {
      std::vector<Value> params(call_args.end() - static_cast<long>(arity), call_args.end());
      // A loop written as self tail recursion releases, like a for loop, what one round
      // allocated, when only heap-free values go round (alex/README.md, "Memory").
      bool heap_free = iterations_release_;
      for (int a : args) heap_free = heap_free && IsHeapFree(N(a).type());
      absl::flat_hash_set<int> visited;
      if (heap_free && MayAllocate(fns_[fn].lambda->children(fns_[fn].arity), visited)) {
        if (!self_mark_) {
          self_mark_ = Alloca(LLVM::LLVMArrayType::get(I64(), 6));
          mlir::OpBuilder::InsertionGuard guard(builder_);
          builder_.setInsertionPointToStart(self_loop_);
          CallRuntime("clef_region_mark", {}, {self_mark_});
        }
        CallRuntime("clef_region_release", {}, {self_mark_});
      }
      Br(self_loop_, params);
      return {};
    }
    result = Call(fns_[fn], call_args, tail && whole);
  } else {
    result = head_value;
    used = 0;
  }
  int fn_type = head_type;
  // The type after `used` arguments.
  for (size_t i = 0; fn >= 0 && i < used; ++i) fn_type = FunctionResult(fn_type);
  if (used < args.size()) {
    SetLoc(n);
    std::vector<Value> rest(values.begin() + static_cast<long>(used), values.end());
    result = ApplyClosureN(result, fn_type, rest, tail);
  }
  return result;
}

}  // namespace internal

absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> LowerProgram(const ccs::psg::Program& program,
                                                                mlir::MLIRContext& context,
                                                                const LowerOptions& options) {
  RegisterDialects(context);
  internal::Lowerer lowerer(program, context, options);
  if (absl::Status status = lowerer.Run(); !status.ok()) return status;
  return lowerer.TakeModule();
}

}  // namespace alex
