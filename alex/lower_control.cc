// PSG -> MLIR, continued: bindings, matches (decision trees), loops, exceptions, operators,
// data (lists, arrays, records, unions), equality and comparison, the program's entry.
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "alex/dialect/dcont_dialect.h"
#include "alex/lower_internal.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Transforms/RegionUtils.h"

namespace alex::internal {

// ---- Bindings ----------------------------------------------------------------------------

void Lowerer::LowerLet(const psg::Node& n) {
  const psg::Node& pattern = N(n.children(0));
  const psg::Node& value = N(n.children(1));
  if (pattern.kind() == psg::Node::PAT_VAR && value.kind() == psg::Node::LAMBDA) {
    if (known_fns_.contains(pattern.binding())) return;  // a top-level function
    const int fn = FunctionFor(value, program_.bindings(pattern.binding()).name());
    fns_[fn].captures = ExpandCaptures(fns_[fn].captures, {});
    known_fns_[pattern.binding()] = fn;
    return;
  }
  BindPattern(n.children(0), Lower(n.children(1)));
}

void Lowerer::LowerLetRec(const psg::Node& n) {
  std::vector<int> group;
  std::vector<int> fns;
  for (int i = 0; i < n.index(); ++i) {
    const psg::Node& pattern = N(n.children(2 * i));
    const psg::Node& value = N(n.children(2 * i + 1));
    if (pattern.kind() != psg::Node::PAT_VAR || value.kind() != psg::Node::LAMBDA) {
      Fail(&value, "only functions can be defined by 'let rec'");
      return;
    }
    group.push_back(pattern.binding());
    if (known_fns_.contains(pattern.binding())) continue;  // top level: registered by Run
    const int fn = FunctionFor(value, program_.bindings(pattern.binding()).name());
    known_fns_[pattern.binding()] = fn;
    fns.push_back(fn);
  }
  // Each function of the group receives the captures of all of them (they call each other).
  std::vector<int> raw;
  for (int fn : fns) raw.insert(raw.end(), fns_[fn].captures.begin(), fns_[fn].captures.end());
  std::vector<int> captures = ExpandCaptures(raw, group);
  for (int fn : fns) fns_[fn].captures = captures;
}

// The runtime's kinds alex names (clef_runtime.h's clef_exn_kind).
constexpr int kArgumentExceptionKind = 4;
constexpr int kArgumentOutOfRangeKind = 9;

// ---- Decision trees ----------------------------------------------------------------------

Value Lowerer::CaseTag(Value union_value) { return Load(I32(), union_value); }

Value Lowerer::Occurrence(Value root, int root_type, const psg::DecisionTree::Occurrence& occ,
                          int* type_out) {
  Value v = root;
  int type = root_type;
  for (const auto& step : occ.steps()) {
    const psg::Type& t = TypeOf(type);
    const int field = step.field();
    switch (t.kind()) {
      case psg::Type::TUPLE:
        v = builder_.create<LLVM::ExtractValueOp>(loc_, v, llvm::ArrayRef<int64_t>{field});
        type = t.args(field);
        break;
      case psg::Type::LIST:
        if (field == 0) {
          v = Load(Ty(t.args(0)), FieldAddr(CellType(t.args(0)), v, 0));
          type = t.args(0);
        } else {
          v = Load(PtrTy(), FieldAddr(CellType(t.args(0)), v, 1));
        }
        break;
      case psg::Type::OPTION:
      case psg::Type::REF:
        v = Load(Ty(t.args(0)), v);
        type = t.args(0);
        break;
      case psg::Type::EXN:
        if (step.ctor() < kRuntimeExceptionCases) {
          v = Load(PtrTy(), v);  // Failure's message
          type = TypeIdOf(psg::Type::STRING);
        } else if (step.ctor() < program_.exceptions_size() && field >= 0 &&
                   field < program_.exceptions(step.ctor()).fields_size()) {
          type = program_.exceptions(step.ctor()).fields(field);
          v = Load(Ty(type), FieldAddr(ExceptionType(step.ctor()), v, kExceptionHeader + field));
        } else {
          Fail(nullptr, "internal: a pattern step outside its exception");
          return v;
        }
        break;
      case psg::Type::NAMED: {
        const psg::TypeDecl& decl = DeclOf(t.decl());
        if (decl.kind() == psg::TypeDecl::RECORD) {
          if (field < 0 || field >= decl.fields_size()) {
            Fail(nullptr, "internal: a pattern step outside its record");
            return v;
          }
          if (RecordByValue(t.decl())) {
            v = builder_.create<LLVM::ExtractValueOp>(loc_, v, llvm::ArrayRef<int64_t>{field});
          } else {
            Type rt = RecordType(t.decl());
            v = Load(Ty(decl.fields(field).type()), FieldAddr(rt, v, field));
          }
          type = decl.fields(field).type();
        } else {
          Type ct = CaseType(t.decl(), step.ctor());
          if (step.ctor() < 0 || step.ctor() >= decl.cases_size() || field >= decl.cases(step.ctor()).fields_size()) {
            Fail(nullptr, "internal: a pattern step outside its union case");
            return v;
          }
          type = decl.cases(step.ctor()).fields(field);
          v = Load(Ty(type), FieldAddr(ct, v, field + 1));
        }
        break;
      }
      default:
        Fail(nullptr, absl::StrCat("internal: a pattern step into ", t.name()));
        return v;
    }
  }
  if (type_out != nullptr) *type_out = type;
  return v;
}

Value Lowerer::LowerMatch(const psg::Node& n, bool tail, Value scrutinee_override) {
  const bool is_try = n.kind() == psg::Node::TRY_WITH;
  Value scrutinee = scrutinee_override ? scrutinee_override : Lower(n.children(0));
  const int scrutinee_type = is_try ? TypeIdOf(psg::Type::EXN) : N(n.children(0)).type();
  const psg::DecisionTree& tree = program_.trees(n.tree());
  std::vector<int> rules;
  for (int i = 1; i < n.children_size(); ++i) rules.push_back(n.children(i));
  Type result_type = Ty(ValueType(n));
  mlir::Block* join = tail ? nullptr : NewBlock({result_type});
  absl::flat_hash_map<int, mlir::Block*> blocks;
  std::vector<int> work;
  auto block_of = [&](int tree_node) {
    auto [it, inserted] = blocks.try_emplace(tree_node, nullptr);
    if (inserted) {
      it->second = NewBlock();
      work.push_back(tree_node);
    }
    return it->second;
  };
  Br(block_of(tree.root()));
  const mlir::Location match_loc = loc_;
  while (!work.empty()) {
    const int id = work.back();
    work.pop_back();
    const psg::DecisionTree::TreeNode& t = tree.nodes(id);
    SetBlock(blocks[id]);
    loc_ = match_loc;
    switch (t.kind()) {
      case psg::DecisionTree::TreeNode::FAIL:
        if (is_try) {
          CallRuntime("clef_raise", {}, {scrutinee});
          builder_.create<LLVM::UnreachableOp>(loc_);
        } else {
          MatchFailure(n);
        }
        break;
      case psg::DecisionTree::TreeNode::LEAF: {
        for (const auto& bound : t.bindings()) {
          env_[bound.binding()] = Local{Occurrence(scrutinee, scrutinee_type, bound.at(), nullptr), false};
        }
        const psg::Node& rule = N(rules[t.rule()]);
        const int body = rule.children(rule.children_size() - 1);
        if (rule.children_size() == 3) {
          Value guard = Lower(rule.children(1));
          mlir::Block* yes = NewBlock();
          CondBr(guard, yes, block_of(t.guard_failed()));
          SetBlock(yes);
        }
        if (tail) {
          LowerReturn(body);
        } else {
          Value v = Lower(body);
          Br(join, {v});
        }
        break;
      }
      case psg::DecisionTree::TreeNode::SWITCH: {
        int type = -1;
        Value v = Occurrence(scrutinee, scrutinee_type, t.occurrence(), &type);
        const psg::Type& vt = TypeOf(type);
        mlir::Block* fallback = t.fallback() >= 0 ? block_of(t.fallback()) : nullptr;
        auto target = [&](int ctor) -> mlir::Block* {
          for (const auto& e : t.edges()) {
            if (e.ctor() == ctor) return block_of(e.target());
          }
          return fallback;
        };
        if (vt.kind() == psg::Type::BOOL && t.edges_size() > 0 && t.edges(0).ctor() >= 0) {
          mlir::Block* yes = target(1);
          mlir::Block* no = target(0);
          CondBr(v, yes ? yes : no, no ? no : yes);
        } else if (vt.kind() == psg::Type::LIST || vt.kind() == psg::Type::OPTION) {
          mlir::Block* empty = target(0);
          mlir::Block* full = target(1);
          CondBr(IsNull(v), empty ? empty : full, full ? full : empty);
        } else if (vt.kind() == psg::Type::EXN) {
          // The exception's kind: Failure's (0) or a program exception's (CLEF_EXN_USER + case).
          Value kind = Load(I32(), FieldAddr(LLVM::LLVMStructType::getLiteral(&context_, {PtrTy(), I32()}), v, 1));
          mlir::Block* otherwise = fallback;
          if (otherwise == nullptr) {  // every rule names a case: the last edge is the default
            otherwise = block_of(t.edges(t.edges_size() - 1).target());
          }
          auto test = [&](int32_t expected, mlir::Block* yes) {
            mlir::Block* next = NewBlock();
            CondBr(builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::eq, kind, I32Const(expected)),
                   yes, next);
            SetBlock(next);
          };
          for (const auto& e : t.edges()) test(ExceptionKind(e.ctor()), block_of(e.target()));
          // `:? ArgumentException` also catches its subclass ArgumentOutOfRangeException, when no
          // edge names that one itself.
          for (const auto& e : t.edges()) {
            if (e.ctor() == kArgumentExceptionKind) test(kArgumentOutOfRangeKind, block_of(e.target()));
          }
          Br(otherwise);
        } else if (vt.kind() == psg::Type::NAMED &&
                   DeclOf(vt.decl()).kind() == psg::TypeDecl::UNION) {
          Value tag = CaseTag(v);
          std::vector<int32_t> values;
          std::vector<mlir::Block*> dests;
          for (const auto& e : t.edges()) {
            values.push_back(e.ctor());
            dests.push_back(block_of(e.target()));
          }
          mlir::Block* deflt = fallback ? fallback : dests.back();
          if (!fallback) {
            values.pop_back();
            dests.pop_back();
          }
          std::vector<mlir::ValueRange> operands(dests.size(), mlir::ValueRange{});
          builder_.create<mlir::cf::SwitchOp>(loc_, tag, deflt, mlir::ValueRange{}, values, dests, operands);
        } else if (t.edges_size() > 0 && t.edges(0).ctor() < 0) {
          // Literal tests, in order.
          for (int i = 0; i < t.edges_size(); ++i) {
            const auto& e = t.edges(i);
            const bool last = i + 1 == t.edges_size() && fallback == nullptr;
            if (last) {
              Br(block_of(e.target()));
              break;
            }
            psg::Node literal;
            literal.set_kind(psg::Node::LITERAL);
            literal.set_type(type);
            literal.set_text(vt.kind() == psg::Type::CHAR && e.literal().front() != '\'' ? "'" + e.literal() + "'" : e.literal());
            Value lit = LowerLiteral(literal);
            Value eq = Equal(type, v, lit);
            mlir::Block* next = NewBlock();
            CondBr(eq, block_of(e.target()), next);
            SetBlock(next);
            if (i + 1 == t.edges_size()) Br(fallback);
          }
        } else if (t.edges_size() > 0) {
          Br(block_of(t.edges(0).target()));  // tuples, records: one constructor
        } else {
          Br(fallback);
        }
        break;
      }
      default:
        break;
    }
  }
  if (tail) return {};
  SetBlock(join);
  return join->getArgument(0);
}

// ---- Loops -------------------------------------------------------------------------------

void Lowerer::Loop(Value from, const std::function<Value(Value)>& keep_going,
                   const std::function<Value(Value)>& next, const std::function<void(Value)>& body) {
  mlir::Block* header = NewBlock({from.getType()});
  mlir::Block* loop = NewBlock();
  mlir::Block* exit = NewBlock();
  Br(header, {from});
  SetBlock(header);
  Value i = header->getArgument(0);
  CondBr(keep_going(i), loop, exit);
  SetBlock(loop);
  body(i);
  Br(header, {next(i)});
  SetBlock(exit);
}

void Lowerer::ForRange(Value from, Value to_inclusive, const std::function<void(Value)>& body) {
  Value one = builder_.create<mlir::arith::ConstantIntOp>(loc_, 1, from.getType());
  Loop(
      from,
      [&](Value i) { return builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::sle, i, to_inclusive); },
      [&](Value i) { return builder_.create<mlir::arith::AddIOp>(loc_, i, one); }, body);
}

void Lowerer::ForEachList(int elem_type, Value list, const std::function<void(Value)>& body) {
  mlir::Block* header = NewBlock({PtrTy()});
  mlir::Block* loop = NewBlock();
  mlir::Block* exit = NewBlock();
  Br(header, {list});
  SetBlock(header);
  Value cell = header->getArgument(0);
  CondBr(IsNull(cell), exit, loop);
  SetBlock(loop);
  Type ct = CellType(elem_type);
  body(Load(Ty(elem_type), FieldAddr(ct, cell, 0)));
  Br(header, {Load(PtrTy(), FieldAddr(ct, cell, 1))});
  SetBlock(exit);
}

// for p in source: ranges count without building a list; lists and arrays are walked.
void Lowerer::ForEachIn(int source_node, const std::function<void(Value)>& body) {
  const psg::Node* src = &N(source_node);
  if (src->kind() == psg::Node::LIST && src->children_size() == 1 &&
      N(src->children(0)).kind() == psg::Node::RANGE) {
    src = &N(src->children(0));
  }
  if (src->kind() == psg::Node::RANGE) {
    Value from = Lower(src->children(0));
    Value step = src->children_size() == 3 ? Lower(src->children(1)) : Value();
    Value to = Lower(src->children(src->children_size() - 1));
    if (!step) {
      ForRange(from, to, body);
      return;
    }
    // A stepped range: up while i <= to for a positive step, down while i >= to otherwise.
    Value zero = builder_.create<mlir::arith::ConstantIntOp>(loc_, 0, from.getType());
    Value up = builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::sgt, step, zero);
    Value nonzero = builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::ne, step, zero);
    Loop(
        from,
        [&](Value i) {
          Value le = builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::sle, i, to);
          Value ge = builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::sge, i, to);
          Value in = builder_.create<mlir::arith::SelectOp>(loc_, up, le, ge);
          return builder_.create<mlir::arith::AndIOp>(loc_, in, nonzero);
        },
        [&](Value i) { return builder_.create<mlir::arith::AddIOp>(loc_, i, step); }, body);
    return;
  }
  Value source = Lower(source_node);
  const psg::Type& t = TypeOf(src->type());
  if (t.kind() == psg::Type::LIST) {
    ForEachList(t.args(0), source, body);
  } else if (t.kind() == psg::Type::ARRAY) {
    const int elem = t.args(0);
    Value length = ArrayLength(source);
    ForRange(I64Const(0), builder_.create<mlir::arith::SubIOp>(loc_, length, I64Const(1)), [&](Value i) {
      body(LoadElement(elem, source, i));
    });
  } else if (t.kind() == psg::Type::STRING) {
    Value length = Load(I64(), source);
    ForRange(I64Const(0), builder_.create<mlir::arith::SubIOp>(loc_, length, I64Const(1)), [&](Value i) {
      Value index = builder_.create<mlir::arith::TruncIOp>(loc_, I32(), i);
      body(CallRuntime("clef_string_get", I32(), {source, index}));
    });
  } else {
    Fail(src, absl::StrCat("'for .. in' over ", t.name(), " is not compiled yet"));
  }
}

Value Lowerer::LowerFor(const psg::Node& n) {
  if (n.kind() == psg::Node::FOR_IN) {
    ForEachIn(n.children(1), [&](Value v) {
      ScopedIteration(n.children(2), [&] {
        BindPattern(n.children(0), v);
        Lower(n.children(2));
      });
    });
    return Unit();
  }
  Value from = Lower(n.children(1));
  Value to = Lower(n.children(2));
  if (n.text() == "downto") {
    // for i = a downto b: i from a down to b, as k from -a to -b.
    Value neg_from = builder_.create<mlir::arith::SubIOp>(loc_, I32Const(0), from);
    Value neg_to = builder_.create<mlir::arith::SubIOp>(loc_, I32Const(0), to);
    ForRange(neg_from, neg_to, [&](Value k) {
      ScopedIteration(n.children(3), [&] {
        BindPattern(n.children(0), builder_.create<mlir::arith::SubIOp>(loc_, I32Const(0), k));
        Lower(n.children(3));
      });
    });
  } else {
    ForRange(from, to, [&](Value i) {
      ScopedIteration(n.children(3), [&] {
        BindPattern(n.children(0), i);
        Lower(n.children(3));
      });
    });
  }
  return Unit();
}

// ---- Exceptions --------------------------------------------------------------------------

namespace {
void CollectFree(const psg::Program& program, int node, absl::flat_hash_set<int>& used) {
  const psg::Node& n = program.nodes(node);
  if (n.kind() == psg::Node::VAR || n.kind() == psg::Node::PAT_VAR || n.kind() == psg::Node::PAT_AS) {
    used.insert(n.binding());
  }
  for (int c : n.captures()) used.insert(c);
  for (int c : n.children()) CollectFree(program, c, used);
}
}  // namespace

// try/with and try/finally bodies become C functions run by the runtime's clef_try (setjmp);
// the bindings they use travel in a stack frame {result, values or cells..}. Returns the
// exception (null when the body returned) and sets *result_slot to the result's place.
Value Lowerer::RunOutlined(int body, Type result_type, Value* result_slot) {
  absl::flat_hash_set<int> used;
  CollectFree(program_, body, used);
  std::vector<int> extra;  // known functions used inside need their captures
  for (int b : used) {
    if (auto it = known_fns_.find(b); it != known_fns_.end()) {
      extra.insert(extra.end(), fns_[it->second].captures.begin(), fns_[it->second].captures.end());
    }
  }
  used.insert(extra.begin(), extra.end());
  std::vector<int> free;
  for (const auto& [b, local] : env_) {
    if (used.contains(b)) free.push_back(b);
  }
  std::sort(free.begin(), free.end());
  std::vector<Type> fields = {result_type};
  for (int b : free) fields.push_back(env_[b].value.getType());
  Type frame_type = LLVM::LLVMStructType::getLiteral(&context_, fields);
  Value frame = Alloca(frame_type);
  for (size_t i = 0; i < free.size(); ++i) {
    Store(env_[free[i]].value, FieldAddr(frame_type, frame, static_cast<int>(i + 1)));
  }
  const std::string name = absl::StrCat("clef.try.", counter_++);
  {
    mlir::OpBuilder::InsertionGuard guard(builder_);
    const auto saved_env = env_;
    const auto saved_current = current_;
    mlir::Block* const saved_loop = self_loop_;
    self_loop_ = nullptr;  // the body is not in tail position
    builder_.setInsertionPointToEnd(module_->getBody());
    auto func = builder_.create<mlir::func::FuncOp>(loc_, name, builder_.getFunctionType({PtrTy()}, {}));
    func.setPrivate();
    current_ = func;
    mlir::Block* entry = func.addEntryBlock();
    SetBlock(entry);
    Value env_arg = entry->getArgument(0);
    env_.clear();
    for (size_t i = 0; i < free.size(); ++i) {
      const int field = static_cast<int>(i + 1);
      env_[free[i]] = Local{Load(fields[field], FieldAddr(frame_type, env_arg, field)), saved_env.at(free[i]).cell};
    }
    Value v = Lower(body);
    Store(v, FieldAddr(frame_type, env_arg, 0));
    builder_.create<mlir::func::ReturnOp>(loc_);
    env_ = saved_env;
    current_ = saved_current;
    self_loop_ = saved_loop;
  }
  *result_slot = FieldAddr(frame_type, frame, 0);
  Value code = builder_.create<clef::FuncAddrOp>(loc_, PtrTy(), name);
  return CallRuntime("clef_try", PtrTy(), {code, frame});
}

// try/with and try/finally around a suspension: a dcont.try scope of the enclosing reset, whose
// handler the state machine enters when a step raises or an awaited computation fails while the
// scope is active. The handler (the `with` rules, or the `finally` block and a raise again) runs
// with the outer scope active. A `return!` in the body is awaited there, not a tail call.
Value Lowerer::LowerTryAcrossShifts(const psg::Node& n, bool finally) {
  SetLoc(n);
  return HandlerScope(
      &n, Ty(ValueType(n)), [&] { return Lower(n.children(0)); },
      [&] {
        if (finally) Lower(n.children(1));
      },
      [&](Value exn) -> Value {
        if (!finally) return LowerMatch(n, false, exn);
        Lower(n.children(1));
        CallRuntime("clef_raise", {}, {exn});
        builder_.create<LLVM::UnreachableOp>(loc_);
        return {};
      });
}

Value Lowerer::HandlerScope(const psg::Node* at, Type result_type, const std::function<Value()>& body,
                            const std::function<void()>& after_body, const std::function<Value(Value)>& handler) {
  if (resets_.empty() || resets_.back().func != current_) {
    Fail(at, "internal: a try around a suspension outside its computation");
    return Undef(result_type);
  }
  const mlir::Location loc = loc_;
  const size_t scope = resets_.size() - 1;  // by index: nested resets may grow the vector
  const int outer = resets_[scope].active_try;
  const int id = ++resets_[scope].tries;
  mlir::Block* body_block = NewBlock();
  mlir::Block* handler_block = NewBlock();
  mlir::Block* join = NewBlock({result_type});
  builder_.create<dcont::TryOp>(loc, id, outer, body_block, handler_block);
  SetBlock(body_block);
  resets_[scope].active_try = id;
  mlir::Block* const saved_loop = self_loop_;
  self_loop_ = nullptr;
  Value value = body();
  self_loop_ = saved_loop;
  resets_[scope].active_try = outer;
  loc_ = loc;
  builder_.create<dcont::EndTryOp>(loc_, outer);
  after_body();
  Br(join, {value});
  SetBlock(handler_block);
  loc_ = loc;
  Value exn = builder_.create<dcont::CaughtOp>(loc_, PtrTy(), outer);
  if (Value handled = handler(exn)) Br(join, {handled});
  SetBlock(join);
  return join->getArgument(0);
}

Value Lowerer::LowerTry(const psg::Node& n) {
  Type result_type = Ty(ValueType(n));
  if (ContainsShift(n.children(0))) return LowerTryAcrossShifts(n, /*finally=*/false);
  Value slot;
  Value exn = RunOutlined(n.children(0), result_type, &slot);
  mlir::Block* ok = NewBlock();
  mlir::Block* caught = NewBlock();
  mlir::Block* join = NewBlock({result_type});
  CondBr(IsNull(exn), ok, caught);
  SetBlock(ok);
  Br(join, {Load(result_type, slot)});
  SetBlock(caught);
  Value handled = LowerMatch(n, false, exn);
  Br(join, {handled});
  SetBlock(join);
  return join->getArgument(0);
}

Value Lowerer::LowerTryFinally(const psg::Node& n) {
  Type result_type = Ty(ValueType(n));
  if (ContainsShift(n.children(0))) return LowerTryAcrossShifts(n, /*finally=*/true);
  Value slot;
  Value exn = RunOutlined(n.children(0), result_type, &slot);
  Lower(n.children(1));
  mlir::Block* ok = NewBlock();
  mlir::Block* raise = NewBlock();
  CondBr(IsNull(exn), ok, raise);
  SetBlock(raise);
  CallRuntime("clef_raise", {}, {exn});
  builder_.create<LLVM::UnreachableOp>(loc_);
  SetBlock(ok);
  return Load(result_type, slot);
}

// ---- Assignment, records, arrays ---------------------------------------------------------

Value Lowerer::LowerAssign(const psg::Node& n) {
  const psg::Node& target = N(n.children(0));
  Value value = Lower(n.children(1));
  switch (target.kind()) {
    case psg::Node::VAR: {
      const int b = target.binding();
      if (program_.bindings(b).kind() == psg::Binding::TOP_LEVEL) {
        Store(value, GlobalAddr(b));
      } else if (auto it = env_.find(b); it != env_.end() && it->second.cell) {
        Store(value, it->second.value);
      } else {
        Fail(&target, "internal: assignment to a binding that is not a cell");
      }
      break;
    }
    case psg::Node::FIELD_GET: {
      Value record = Lower(target.children(0));
      Store(value, FieldAddr(RecordType(target.decl()), record, target.index()));
      break;
    }
    case psg::Node::INDEX_GET: {
      Value array = Lower(target.children(0));
      Value index = Lower(target.children(1));
      const int elem = ElementType(N(target.children(0)).type());
      Value i64 = builder_.create<mlir::arith::ExtSIOp>(loc_, I64(), index);
      StoreElement(value, elem, array, i64);
      break;
    }
    default:
      Fail(&target, "this cannot be assigned to");
  }
  return Unit();
}

Value Lowerer::LowerRecord(const psg::Node& n) {
  const int decl = TypeOf(n.type()).decl();
  Type rt = RecordType(decl);
  const bool by_value = RecordByValue(decl);
  const int field_count = DeclOf(decl).fields_size();
  std::vector<Value> values(static_cast<size_t>(field_count));
  if (n.kind() == psg::Node::RECORD) {
    for (int i = 0; i < n.children_size() && i < field_count; ++i) {
      const psg::Node& child = N(n.children(i));
      if (child.kind() == psg::Node::FIELD_INIT) {
        values[child.index()] = Lower(child.children(0));
      } else {
        values[i] = Lower(n.children(i));
      }
    }
  } else {
    Value source = Lower(n.children(0));
    std::vector<Value> overrides(static_cast<size_t>(field_count));
    for (int i = 1; i < n.children_size(); ++i) {
      const psg::Node& init = N(n.children(i));
      overrides[init.index()] = Lower(init.children(0));
    }
    for (int i = 0; i < field_count; ++i) {
      if (overrides[i]) {
        values[i] = overrides[i];
      } else if (by_value) {
        values[i] = builder_.create<LLVM::ExtractValueOp>(loc_, source, llvm::ArrayRef<int64_t>{i});
      } else {
        values[i] = Load(mlir::cast<LLVM::LLVMStructType>(rt).getBody()[i], FieldAddr(rt, source, i));
      }
    }
  }
  if (by_value) {
    Value r = Undef(rt);
    for (int i = 0; i < field_count; ++i) {
      r = builder_.create<LLVM::InsertValueOp>(loc_, r, values[i], llvm::ArrayRef<int64_t>{i});
    }
    return r;
  }
  Value r = Alloc(rt);
  for (int i = 0; i < field_count; ++i) Store(values[i], FieldAddr(rt, r, i));
  return r;
}

Value Lowerer::LowerFieldGet(const psg::Node& n) {
  Value record = Lower(n.children(0));
  if (RecordByValue(n.decl())) {
    return builder_.create<LLVM::ExtractValueOp>(loc_, record, llvm::ArrayRef<int64_t>{n.index()});
  }
  return Load(Ty(n.type()), FieldAddr(RecordType(n.decl()), record, n.index()));
}

// TBAA for arrays: a length and an element are never the same memory, which LLVM cannot see
// from offsets when the index is a variable. With these tags an element store does not force
// the length to be reloaded, so the length forwards from the array's creation and bounds checks
// fold into loop conditions. Accesses without a tag still alias everything.
mlir::ArrayAttr Lowerer::ArrayTbaa(bool length) {
  if (!array_length_tbaa_) {
    mlir::MLIRContext* context = builder_.getContext();
    auto root = LLVM::TBAARootAttr::get(context, builder_.getStringAttr("clef"));
    auto parent = LLVM::TBAAMemberAttr::get(root, 0);
    auto length_type = LLVM::TBAATypeDescriptorAttr::get(context, "clef array length", {parent});
    auto element_type = LLVM::TBAATypeDescriptorAttr::get(context, "clef array element", {parent});
    array_length_tbaa_ = builder_.getArrayAttr({LLVM::TBAATagAttr::get(length_type, length_type, 0)});
    array_element_tbaa_ =
        builder_.getArrayAttr({LLVM::TBAATagAttr::get(element_type, element_type, 0)});
  }
  return length ? array_length_tbaa_ : array_element_tbaa_;
}

Value Lowerer::ArrayLength(Value array) {
  auto load = builder_.create<LLVM::LoadOp>(loc_, I64(), array);
  load.setTBAATags(ArrayTbaa(/*length=*/true));
  return load;
}

Value Lowerer::LoadElement(int elem_type, Value array, Value index_i64) {
  auto load = builder_.create<LLVM::LoadOp>(loc_, Ty(elem_type), ArrayElementAddr(elem_type, array, index_i64));
  load.setTBAATags(ArrayTbaa(/*length=*/false));
  return load;
}

void Lowerer::StoreElement(Value value, int elem_type, Value array, Value index_i64) {
  auto store = builder_.create<LLVM::StoreOp>(loc_, value, ArrayElementAddr(elem_type, array, index_i64));
  store.setTBAATags(ArrayTbaa(/*length=*/false));
}

Value Lowerer::ArrayElementAddr(int elem_type, Value array, Value index_i64) {
  // Bounds check: unsigned index < length.
  Value length = ArrayLength(array);
  RaiseIf(builder_.create<mlir::arith::CmpIOp>(loc_, mlir::arith::CmpIPredicate::uge, index_i64, length), 2);
  return builder_.create<LLVM::GEPOp>(loc_, PtrTy(), ArrayType(elem_type), array,
                                      llvm::ArrayRef<LLVM::GEPArg>{0, 1, index_i64});
}

Value Lowerer::NewArray(int elem_type, Value length_i64) {
  Value null = Null();
  Value end = builder_.create<LLVM::GEPOp>(loc_, PtrTy(), ArrayType(elem_type), null,
                                           llvm::ArrayRef<LLVM::GEPArg>{0, 1, length_i64});
  Value size = builder_.create<LLVM::PtrToIntOp>(loc_, I64(), end);
  Value array = CallRuntime("clef_alloc", PtrTy(), {size, I64Const(8)});
  builder_.create<LLVM::StoreOp>(loc_, length_i64, array).setTBAATags(ArrayTbaa(/*length=*/true));
  return array;
}

Value Lowerer::LowerIndexGet(const psg::Node& n) {
  Value container = Lower(n.children(0));
  Value index = Lower(n.children(1));
  const psg::Type& t = TypeOf(N(n.children(0)).type());
  if (t.kind() == psg::Type::STRING) return CallRuntime("clef_string_get", I32(), {container, index});
  if (t.kind() == psg::Type::ARRAY) {
    Value i64 = builder_.create<mlir::arith::ExtSIOp>(loc_, I64(), index);
    return LoadElement(t.args(0), container, i64);
  }
  Fail(&n, absl::StrCat("indexing a ", t.name(), " is not compiled yet"));
  return Undef(Ty(n.type()));
}

// ---- Lists -------------------------------------------------------------------------------

Value Lowerer::Cons(int elem_type, Value head, Value tail) {
  Type ct = CellType(elem_type);
  Value cell = Alloc(ct);
  Store(head, FieldAddr(ct, cell, 0));
  Store(tail, FieldAddr(ct, cell, 1));
  return cell;
}

Lowerer::ListBuilder Lowerer::StartList(int elem_type) {
  ListBuilder lb;
  lb.elem_type = elem_type;
  lb.head_slot = Alloca(PtrTy());
  lb.last_slot = Alloca(PtrTy());
  Store(Null(), lb.head_slot);
  Store(lb.head_slot, lb.last_slot);
  return lb;
}

void Lowerer::Append(ListBuilder& lb, Value elem) {
  Value cell = Cons(lb.elem_type, elem, Null());
  Store(cell, Load(PtrTy(), lb.last_slot));
  Store(FieldAddr(CellType(lb.elem_type), cell, 1), lb.last_slot);
}

Value Lowerer::FinishList(ListBuilder& lb) { return Load(PtrTy(), lb.head_slot); }

Value Lowerer::LowerList(const psg::Node& n, bool array) {
  const int elem = ElementType(n.type());
  if (n.children_size() == 1 && (N(n.children(0)).kind() == psg::Node::RANGE ||
                                 N(n.children(0)).kind() == psg::Node::COMPREHENSION)) {
    const psg::Node& inner = N(n.children(0));
    ListBuilder lb = StartList(elem);
    if (inner.kind() == psg::Node::RANGE) {
      ForEachIn(n.children(0), [&](Value v) { Append(lb, v); });
    } else {
      ForEachIn(inner.children(1), [&](Value v) {
        BindPattern(inner.children(0), v);
        Append(lb, Lower(inner.children(2)));
      });
    }
    Value list = FinishList(lb);
    if (!array) return list;
    // Count, then copy into an array.
    Value count_slot = Alloca(I64());
    Store(I64Const(0), count_slot);
    ForEachList(elem, list, [&](Value) {
      Store(builder_.create<mlir::arith::AddIOp>(loc_, Load(I64(), count_slot), I64Const(1)), count_slot);
    });
    Value result = NewArray(elem, Load(I64(), count_slot));
    Store(I64Const(0), count_slot);
    ForEachList(elem, list, [&](Value v) {
      Value i = Load(I64(), count_slot);
      StoreElement(v, elem, result, i);
      Store(builder_.create<mlir::arith::AddIOp>(loc_, i, I64Const(1)), count_slot);
    });
    return result;
  }
  std::vector<Value> values;
  for (int child : n.children()) {
    if (N(child).kind() == psg::Node::RANGE || N(child).kind() == psg::Node::COMPREHENSION) {
      Fail(&N(child), "a range or comprehension mixed with other elements is not compiled yet");
      return Undef(Ty(n.type()));
    }
    values.push_back(Lower(child));
  }
  if (array) {
    Value result = NewArray(elem, I64Const(static_cast<int64_t>(values.size())));
    for (size_t i = 0; i < values.size(); ++i) {
      StoreElement(values[i], elem, result, I64Const(static_cast<int64_t>(i)));
    }
    return result;
  }
  Value list = Null();
  for (auto it = values.rbegin(); it != values.rend(); ++it) list = Cons(elem, *it, list);
  return list;
}

// ---- Unions ------------------------------------------------------------------------------

Type Lowerer::ExceptionType(int index) {
  std::vector<Type> fields = {PtrTy(), I32(), PtrTy(), PtrTy()};
  if (index >= kRuntimeExceptionCases && index < program_.exceptions_size()) {
    for (int field : program_.exceptions(index).fields()) fields.push_back(Ty(field));
  }
  return LLVM::LLVMStructType::getLiteral(&context_, fields);
}

// Its Message is made when first read, by a generated function the runtime calls: the value as
// %A prints it (`MyError "x"`), as F# does.
Value Lowerer::NewProgramException(int index, llvm::ArrayRef<Value> fields) {
  const psg::TypeDecl::Case& c = program_.exceptions(index);
  FnInfo describe;
  describe.symbol = absl::StrCat("clef.exn.describe.", index);
  describe.arity = 1;
  describe.param_types = {PtrTy()};
  describe.result = PtrTy();
  describe.fastcc = false;  // called from C
  describe.body = [index](Lowerer& l, llvm::ArrayRef<Value> args) {
    const psg::TypeDecl::Case& c = l.program_.exceptions(index);
    Value s = l.StringLit(c.name());
    Value node = l.CallRuntime("clef_sval_new", l.PtrTy(),
                               {l.I32Const(4), l.StringData(s), l.I64Const(static_cast<int64_t>(c.name().size()))});
    Type et = l.ExceptionType(index);
    for (int i = 0; i < c.fields_size(); ++i) {
      Value field = l.Load(l.Ty(c.fields(i)), l.FieldAddr(et, args[0], kExceptionHeader + i));
      l.CallRuntime("clef_sval_add", {}, {node, l.Null(), l.I64Const(0), l.Sval(c.fields(i), field)});
    }
    Value f = l.CallRuntime("clef_fmt_new", l.PtrTy(), {});
    l.CallRuntime("clef_fmt_sval", {}, {f, node, l.I32Const(0), l.I32Const(-1)});
    l.Return(l.CallRuntime("clef_fmt_to_string", l.PtrTy(), {f}));
  };
  const std::string symbol = fns_[AddFunction(std::move(describe))].symbol;
  Type et = ExceptionType(index);
  Value exn = Alloc(et);
  Store(Null(), FieldAddr(et, exn, 0));
  Store(I32Const(ExceptionKind(index)), FieldAddr(et, exn, 1));
  Store(StringData(StringLit(c.name())), FieldAddr(et, exn, 2));
  Store(builder_.create<clef::FuncAddrOp>(loc_, PtrTy(), symbol), FieldAddr(et, exn, 3));
  for (size_t i = 0; i < fields.size(); ++i) Store(fields[i], FieldAddr(et, exn, kExceptionHeader + static_cast<int>(i)));
  return exn;
}

Value Lowerer::LowerCase(const psg::Node& n) {
  const psg::Type& t = TypeOf(n.type());
  if (t.kind() == psg::Type::FUNCTION && n.children_size() == 0) return ClosureOf(CaseFunction(n), {});
  std::vector<Value> fields;
  if (n.children_size() == 1) {
    const psg::Node& arg = N(n.children(0));
    int expected = 1;
    if (t.kind() == psg::Type::NAMED && n.index() >= 0 && n.index() < DeclOf(t.decl()).cases_size()) {
      expected = DeclOf(t.decl()).cases(n.index()).fields_size();
    } else if (t.kind() == psg::Type::EXN && n.index() >= kRuntimeExceptionCases && n.index() < program_.exceptions_size()) {
      expected = program_.exceptions(n.index()).fields_size();
    }
    if (expected > 1 && arg.kind() == psg::Node::TUPLE) {
      for (int c : arg.children()) fields.push_back(Lower(c));
    } else if (expected > 1) {
      Value tuple = Lower(n.children(0));
      for (int i = 0; i < expected; ++i) {
        fields.push_back(builder_.create<LLVM::ExtractValueOp>(loc_, tuple, llvm::ArrayRef<int64_t>{i}));
      }
    } else {
      fields.push_back(Lower(n.children(0)));
    }
  }
  if (t.kind() == psg::Type::OPTION) {
    if (n.index() == 0) return Null();
    Value cell = Alloc(fields[0].getType());
    Store(fields[0], cell);
    return cell;
  }
  if (t.kind() == psg::Type::EXN) {
    if (n.index() >= kRuntimeExceptionCases) return NewProgramException(n.index(), fields);
    return CallRuntime("clef_exn_new", PtrTy(), {I32Const(0), fields.empty() ? StringLit("") : fields[0]});
  }
  if (t.kind() != psg::Type::NAMED) {
    Fail(&n, absl::StrCat("internal: a case of ", t.name()));
    return Undef(Ty(n.type()));
  }
  const int decl = t.decl();
  if (fields.empty()) {
    // Nullary cases are one constant each: no allocation.
    const std::string name = absl::StrCat("clef.case.", decl, ".", n.index());
    if (!module_->lookupSymbol<LLVM::GlobalOp>(name)) {
      mlir::OpBuilder::InsertionGuard guard(builder_);
      builder_.setInsertionPointToStart(module_->getBody());
      builder_.create<LLVM::GlobalOp>(loc_, I32(), true, LLVM::Linkage::Internal, name,
                                      builder_.getI32IntegerAttr(n.index()));
    }
    return builder_.create<LLVM::AddressOfOp>(loc_, PtrTy(), name);
  }
  Type ct = CaseType(decl, n.index());
  Value cell = Alloc(ct);
  Store(I32Const(n.index()), FieldAddr(ct, cell, 0));
  for (size_t i = 0; i < fields.size(); ++i) Store(fields[i], FieldAddr(ct, cell, static_cast<int>(i + 1)));
  return cell;
}

// A union case used as a function (`List.map Some xs`).
int Lowerer::CaseFunction(const psg::Node& n) {
  FnInfo fn;
  fn.symbol = absl::StrCat("clef.ctor.", n.type(), ".", n.index());
  fn.arity = 1;
  fn.param_types = {Ty(FunctionParam(n.type()))};
  fn.result = Ty(FunctionResult(n.type()));
  psg::Node copy = n;
  fn.body = [copy, this](Lowerer& l, llvm::ArrayRef<Value> args) {
    // Build the case from the parameter (a tuple for several fields).
    psg::Node node = copy;
    node.set_type(FunctionResult(copy.type()));
    const psg::Type& t = TypeOf(node.type());
    const bool known_case = node.index() >= 0 && node.index() < DeclOf(t.decl()).cases_size();
    int expected = t.kind() == psg::Type::NAMED && known_case ? DeclOf(t.decl()).cases(node.index()).fields_size() : 1;
    Value arg = args[0];
    if (t.kind() == psg::Type::OPTION) {
      Value cell = l.Alloc(arg.getType());
      l.Store(arg, cell);
      l.Return(cell);
      return;
    }
    if (t.kind() == psg::Type::EXN) {  // List.map MyError xs
      const int count = node.index() > 0 && node.index() < l.program_.exceptions_size()
                            ? l.program_.exceptions(node.index()).fields_size() : 1;
      std::vector<Value> fields;
      if (count == 1) {
        fields.push_back(arg);
      } else {
        for (int i = 0; i < count; ++i) {
          fields.push_back(l.b().create<LLVM::ExtractValueOp>(l.loc(), arg, llvm::ArrayRef<int64_t>{i}));
        }
      }
      l.Return(node.index() >= kRuntimeExceptionCases ? l.NewProgramException(node.index(), fields)
                                                      : l.CallRuntime("clef_exn_new", l.PtrTy(), {l.I32Const(0), fields[0]}));
      return;
    }
    Type ct = CaseType(t.decl(), node.index());
    Value cell = l.Alloc(ct);
    l.Store(l.I32Const(node.index()), l.FieldAddr(ct, cell, 0));
    if (expected == 1) {
      l.Store(arg, l.FieldAddr(ct, cell, 1));
    } else {
      for (int i = 0; i < expected; ++i) {
        l.Store(l.b().create<LLVM::ExtractValueOp>(l.loc(), arg, llvm::ArrayRef<int64_t>{i}), l.FieldAddr(ct, cell, i + 1));
      }
    }
    l.Return(cell);
  };
  return AddFunction(std::move(fn));
}

// ---- The program -------------------------------------------------------------------------

namespace {
// Library functions that never allocate in the region (everything else is assumed to).
bool IntrinsicAllocates(const std::string& name) {
  static const auto* quiet = new absl::flat_hash_set<std::string>{
      "ignore", "id", "fst", "snd", "not", "max", "min", "compare", "abs", "sqrt", "incr", "decr",
      "int", "int64", "float", "char", "byte", "isNull", "sbyte", "int8", "int16", "uint16", "uint32", "uint",
      "uint64", "uint8", "int32", "nativeint", "unativeint",
      "failwith", "raise", "reraise", "List.length", "List.isEmpty", "List.head", "List.tail", "List.item",
      "List.contains", "List.sum", "List.max", "List.min", "Array.length", "Array.sum", "String.length",
      "Option.isSome", "Option.isNone", "Option.get", "Option.defaultValue"};
  return !quiet->contains(name);
}
}  // namespace

// Whether evaluating `node` may allocate in the region: its own nodes, and the bodies of the
// known functions it calls (each visited once per question).
bool Lowerer::MayAllocate(int node, absl::flat_hash_set<int>& visited) {
  const psg::Node& n = N(node);
  switch (n.kind()) {
    case psg::Node::LIST:
    case psg::Node::ARRAY:
    case psg::Node::LAMBDA:
    case psg::Node::RECORD_COPY:
    case psg::Node::METHOD:
    case psg::Node::NEW:
      return n.kind() != psg::Node::LIST || n.children_size() > 0;
    case psg::Node::RECORD:
      if (!RecordByValue(TypeOf(n.type()).decl())) return true;
      break;
    case psg::Node::CASE:
      if (n.children_size() > 0 || TypeOf(n.type()).kind() == psg::Type::FUNCTION) return true;
      break;
    case psg::Node::PRINTF:
      if (n.text() != "printfn" && n.text() != "printf" && n.text() != "eprintfn" && n.text() != "eprintf") return true;
      if (TypeOf(n.type()).kind() == psg::Type::FUNCTION) return true;
      break;
    case psg::Node::PRIM: {
      const std::string& op = n.text();
      if (n.children_size() == 0 || op == "::" || op == "@" || op == "^" || op == ">>" || op == "<<") return true;
      if (op == "+" && TypeOf(n.type()).kind() == psg::Type::STRING) return true;
      break;
    }
    case psg::Node::PAT_VAR:
    case psg::Node::PAT_AS:
      if (n.binding() >= 0 && program_.bindings(n.binding()).escapes()) return true;  // a heap cell
      break;
    case psg::Node::VAR: {
      const psg::Binding& b = program_.bindings(n.binding());
      // A function used as a value becomes a closure (a call's head is handled by APP).
      if (TypeOf(n.type()).kind() == psg::Type::FUNCTION && (known_fns_.contains(n.binding()) || b.kind() == psg::Binding::LIBRARY)) {
        return true;
      }
      break;
    }
    case psg::Node::APP: {
      int head = n.children(0);
      while (N(head).kind() == psg::Node::APP) head = N(head).children(0);
      const psg::Node& h = N(head);
      bool known = false;
      if (h.kind() == psg::Node::VAR) {
        const psg::Binding& b = program_.bindings(h.binding());
        if (auto it = known_fns_.find(h.binding()); it != known_fns_.end()) {
          known = true;
          const FnInfo& fn = fns_[it->second];
          if (fn.lambda != nullptr && visited.insert(it->second).second &&
              MayAllocate(fn.lambda->children(fn.arity), visited)) {
            return true;
          }
        } else if (b.kind() == psg::Binding::LIBRARY) {
          known = true;
          if (IntrinsicAllocates(b.intrinsic())) return true;
        }
      }
      if (!known) return true;  // a closure call: anything
      for (int i = 1; i < n.children_size(); ++i) {
        if (MayAllocate(n.children(i), visited)) return true;
      }
      // Nested APP arguments (f a b as APP(APP(f, a), b)).
      for (int a = n.children(0); N(a).kind() == psg::Node::APP; a = N(a).children(0)) {
        for (int i = 1; i < N(a).children_size(); ++i) {
          if (MayAllocate(N(a).children(i), visited)) return true;
        }
      }
      return false;
    }
    default:
      break;
  }
  for (int child : n.children()) {
    if (MayAllocate(child, visited)) return true;
  }
  return false;
}

void Lowerer::ScopedIteration(int body_node, const std::function<void()>& body) {
  absl::flat_hash_set<int> visited;
  if (!iterations_release_ || !MayAllocate(body_node, visited)) {
    body();
    return;
  }
  Value mark = Alloca(LLVM::LLVMArrayType::get(I64(), 6));  // CLEF_MARK_BYTES
  CallRuntime("clef_region_mark", {}, {mark});
  body();
  CallRuntime("clef_region_release", {}, {mark});
}

// [<Export("name")>]: a C-convention function `name` that calls the Clef function (fastcc).
void Lowerer::EmitExport(const psg::Export& e) {
  psg::Node at;
  at.mutable_location()->CopyFrom(e.location());
  auto it = e.binding() >= 0 ? known_fns_.find(e.binding()) : known_fns_.end();
  if (it == known_fns_.end()) {
    Fail(&at, "only a non-generic top-level function can be exported");
    return;
  }
  const FnInfo fn = fns_[it->second];
  int type = program_.bindings(e.binding()).type();
  auto c_type = [&](int t, bool result) {
    const psg::Type::Kind k = TypeOf(t).kind();
    return k == psg::Type::INT || k == psg::Type::INT64 || k == psg::Type::FLOAT || (result && k == psg::Type::UNIT);
  };
  for (int i = 0; i < fn.arity; ++i) {
    if (!c_type(FunctionParam(type), false)) {
      Fail(&at, absl::StrCat("'", e.name(), "': an exported function's parameters are int, int64 or float"));
      return;
    }
    type = FunctionResult(type);
  }
  const bool unit_result = TypeOf(type).kind() == psg::Type::UNIT;
  if (!c_type(type, true)) {
    Fail(&at, absl::StrCat("'", e.name(), "': an exported function returns int, int64, float or unit"));
    return;
  }
  if (module_->lookupSymbol(e.name())) {
    Fail(&at, absl::StrCat("'", e.name(), "' is exported twice or names a function of the runtime"));
    return;
  }
  builder_.setInsertionPointToEnd(module_->getBody());
  auto func = builder_.create<mlir::func::FuncOp>(
      loc_, e.name(), builder_.getFunctionType(fn.param_types, unit_result ? llvm::ArrayRef<Type>{} : llvm::ArrayRef<Type>{fn.result}));
  current_ = func;
  mlir::Block* entry = func.addEntryBlock();
  SetBlock(entry);
  Value r = Call(fn, llvm::SmallVector<Value>(entry->getArguments().begin(), entry->getArguments().end()));
  builder_.create<mlir::func::ReturnOp>(loc_, unit_result ? mlir::ValueRange{} : mlir::ValueRange{r});
}

absl::Status Lowerer::Run() {
  module_ = mlir::ModuleOp::create(loc_);
  no_older_heap_stores_ = true;
  for (const psg::Node& n : program_.nodes()) {
    const bool store = n.kind() == psg::Node::ASSIGN || (n.kind() == psg::Node::PRIM && n.text() == ":=");
    if (store && n.children_size() == 2 && !IsHeapFree(N(n.children(1)).type())) no_older_heap_stores_ = false;
  }
  iterations_release_ = no_older_heap_stores_;
  for (const psg::Node& n : program_.nodes()) {
    // Frames and started tasks live in the region beyond the iteration that made them.
    if (n.kind() == psg::Node::RESET) iterations_release_ = false;
  }
  // Top-level functions are known everywhere (the PSG orders them before their first use).
  for (int top : program_.top_level()) {
    const psg::Node& n = N(top);
    if (n.kind() == psg::Node::LET && N(n.children(0)).kind() == psg::Node::PAT_VAR &&
        N(n.children(1)).kind() == psg::Node::LAMBDA) {
      const int b = N(n.children(0)).binding();
      known_fns_[b] = FunctionFor(N(n.children(1)), program_.bindings(b).name());
      fns_[known_fns_[b]].captures.clear();
    } else if (n.kind() == psg::Node::LET_REC) {
      for (int i = 0; i < n.index(); ++i) {
        const psg::Node& p = N(n.children(2 * i));
        const psg::Node& v = N(n.children(2 * i + 1));
        if (p.kind() == psg::Node::PAT_VAR && v.kind() == psg::Node::LAMBDA) {
          known_fns_[p.binding()] = FunctionFor(v, program_.bindings(p.binding()).name());
          fns_[known_fns_[p.binding()]].captures.clear();
        }
      }
    }
  }
  if (options_.library) {
    for (int top : program_.top_level()) {
      const psg::Node& n = N(top);
      const bool function = (n.kind() == psg::Node::LET && n.children_size() == 2 && known_fns_.contains(N(n.children(0)).binding())) ||
                            (n.kind() == psg::Node::LET_REC && n.children_size() == 2 * n.index());
      if (!function) {
        Fail(&n, "a library's top level may only define functions (values and effects need a program's main)");
        return error_;
      }
    }
  } else {
    builder_.setInsertionPointToEnd(module_->getBody());
    auto main = builder_.create<mlir::func::FuncOp>(loc_, "main", builder_.getFunctionType({I32(), PtrTy()}, {I32()}));
    current_ = main;
    mlir::Block* entry = main.addEntryBlock();
    SetBlock(entry);
    CallRuntime("clef_runtime_init", {}, {entry->getArgument(0), entry->getArgument(1)});
    for (int top : program_.top_level()) {
      const psg::Node& n = N(top);
      if (n.kind() == psg::Node::LET && n.children_size() == 2) {
        LowerLet(n);
      } else if (n.kind() == psg::Node::LET_REC && n.children_size() == 2 * n.index()) {
        continue;
      } else {
        Lower(top);
      }
      if (!error_.ok()) return error_;
    }
    Value code = I32Const(0);
    if (program_.has_entry_point()) {
      psg::Node at;
      at.mutable_location()->CopyFrom(program_.entry_point().location());
      auto it = known_fns_.find(program_.entry_point().binding());
      if (it == known_fns_.end()) {
        Fail(&at, "[<EntryPoint>] must mark a top-level function");
        return error_;
      }
      code = Call(fns_[it->second], {CallRuntime("clef_runtime_args", PtrTy(), {})});
    }
    Return(CallRuntime("clef_runtime_exit", I32(), {code}));
  }
  for (const psg::Export& e : program_.exports()) EmitExport(e);
  if (!error_.ok()) return error_;
  // Emitting a function may queue more (closures, library instantiations).
  for (size_t next = 0; next < pending_.size() && error_.ok(); ++next) EmitFunction(pending_[next]);
  if (!error_.ok()) return error_;
  // A program that starts tasks waits for them before it exits (docs: "main waits").
  // The runtime calls that queue work nothing else waits for: started tasks, hot tasks, actors.
  const bool starts_work = module_->lookupSymbol<mlir::func::FuncOp>("clef_async_start") ||
                           module_->lookupSymbol<mlir::func::FuncOp>("clef_async_start_hot") ||
                           module_->lookupSymbol<mlir::func::FuncOp>("clef_actor_run");
  if (starts_work) {
    if (auto main = module_->lookupSymbol<mlir::func::FuncOp>("main")) {
      llvm::SmallVector<mlir::func::CallOp> exits;
      main.walk([&](mlir::func::CallOp call) {
        if (call.getCallee() == "clef_runtime_exit") exits.push_back(call);
      });
      for (mlir::func::CallOp call : exits) {
        builder_.setInsertionPoint(call);
        CallRuntime("clef_async_wait_all", {}, {});
      }
    }
  }
  // Code after a call that never returns (failwithf, raise) is left in blocks nothing reaches;
  // no later pass needs them.
  {
    mlir::IRRewriter rewriter(&context_);
    module_->walk([&](mlir::func::FuncOp func) { (void)mlir::eraseUnreachableBlocks(rewriter, func->getRegions()); });
  }
  std::string diagnostics;
  llvm::raw_string_ostream stream(diagnostics);
  mlir::ScopedDiagnosticHandler handler(&context_, [&](mlir::Diagnostic& diag) {
    stream << diag.getLocation() << ": " << diag << "\n";
    return mlir::success();
  });
  if (mlir::failed(mlir::verify(*module_))) {
    return absl::InternalError(absl::StrCat("internal: the generated MLIR does not verify: ", stream.str()));
  }
  return absl::OkStatus();
}

}  // namespace alex::internal
