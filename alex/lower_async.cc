// Computation expressions (`async { }`, `actor { }`, `frosty { }`) to the dcont dialect.
//
// The PSG marks them with continuation nodes: RESET at the expression's boundary, SHIFT at each
// suspension (let!, do!, return!), RETURN for `return`. Alex emits them in direct style: a RESET
// is a dcont.reset whose region computes the computation's result and ends in dcont.yield; a
// SHIFT is a dcont.shift whose result is the awaited value. A node in computation position is
// typed M<T> by the PSG but has a T value here (ValueType). The state machines come later, in
// the dcont-to-state-machines pass (dcont_lowering.cc).
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "alex/dialect/dcont_dialect.h"
#include "alex/lower_internal.h"

namespace alex::internal {

bool Lowerer::IsComputationType(int type_id) {
  const psg::Type& t = TypeOf(type_id);
  if (t.kind() != psg::Type::NAMED) return false;
  const psg::TypeDecl& decl = DeclOf(t.decl());
  if (decl.kind() != psg::TypeDecl::LIBRARY || decl.args_size() == 0) return false;
  const std::string& name = decl.name();
  return absl::StartsWith(name, "Async<") || absl::StartsWith(name, "Actor<") ||
         absl::StartsWith(name, "Frosty<");
}

int Lowerer::ComputationResult(int type_id) {
  if (!IsComputationType(type_id)) return -1;
  const psg::TypeDecl& decl = DeclOf(TypeOf(type_id).decl());
  return decl.args(decl.args_size() - 1);
}

int Lowerer::ValueType(const psg::Node& n) {
  if (computation_nodes_.contains(&n)) return ComputationResult(n.type());
  return n.type();
}

// Marks the nodes in computation position below a reset's body: those whose value is the
// computation's (or, for loops and statements, unit's) rather than a computation.
void Lowerer::MarkComputation(int node) {
  const psg::Node& n = N(node);
  if (IsComputationType(n.type())) computation_nodes_.insert(&n);
  const int count = n.children_size();
  switch (n.kind()) {
    case psg::Node::SHIFT:
      // bind/do: pattern, source, [continuation]; bind_all: (pattern, source)..., continuation.
      if (n.text() != "return_from" && count % 2 == 1) MarkComputation(n.children(count - 1));
      return;
    case psg::Node::LET:
      if (count > 2) MarkComputation(n.children(2));
      return;
    case psg::Node::LET_REC:
      if (count % 2 == 1) MarkComputation(n.children(count - 1));
      return;
    case psg::Node::SEQUENTIAL:
      for (int child : n.children()) MarkComputation(child);
      return;
    case psg::Node::IF:
      for (int i = 1; i < count; ++i) MarkComputation(n.children(i));
      return;
    case psg::Node::MATCH:
    case psg::Node::TRY_WITH:
      if (n.kind() == psg::Node::TRY_WITH) MarkComputation(n.children(0));
      for (int i = 1; i < count; ++i) {
        const psg::Node& rule = N(n.children(i));
        if (rule.children_size() > 0) MarkComputation(rule.children(rule.children_size() - 1));
      }
      return;
    case psg::Node::TRY_FINALLY:
      MarkComputation(n.children(0));
      return;
    case psg::Node::WHILE:
    case psg::Node::FOR_TO:
    case psg::Node::FOR_IN:
      if (count > 0) MarkComputation(n.children(count - 1));
      return;
    default: return;
  }
}

bool Lowerer::ContainsShift(int node) {
  const psg::Node& n = N(node);
  if (n.kind() == psg::Node::SHIFT) return true;
  if (n.kind() == psg::Node::RESET || n.kind() == psg::Node::LAMBDA) return false;  // their own
  for (int child : n.children()) {
    if (ContainsShift(child)) return true;
  }
  return false;
}

// Whether the computation at `node` has a `return! f ..` with f the function being emitted.
bool Lowerer::ReturnsFromSelf(int node) {
  const psg::Node& n = N(node);
  if (n.kind() == psg::Node::RESET || n.kind() == psg::Node::LAMBDA) return false;
  if (n.kind() == psg::Node::SHIFT && n.text() == "return_from" && n.children_size() == 1) {
    const psg::Node& source = N(n.children(0));
    if (source.kind() == psg::Node::APP && source.children_size() > 0 &&
        N(source.children(0)).kind() == psg::Node::VAR) {
      auto known = known_fns_.find(N(source.children(0)).binding());
      if (known != known_fns_.end() && known->second == current_fn_) return true;
    }
  }
  for (int child : n.children()) {
    if (ReturnsFromSelf(child)) return true;
  }
  return false;
}

Value Lowerer::LowerReset(const psg::Node& n) {
  const int result_type = ComputationResult(n.type());
  if (result_type < 0 || n.children_size() != 1) {
    Fail(&n, absl::StrCat("internal: a `", n.text(), "` computation of type ", TypeOf(n.type()).name()));
    return Null();
  }
  MarkComputation(n.children(0));
  // `let rec loop n = async { ... return! loop (n + 1) }`: the computation is the function's
  // whole body, so `return! loop ..` in tail position restarts this region with new
  // arguments: a loop in the state machine, one frame for every round.
  const FnInfo* fn = current_fn_ >= 0 ? &fns_[current_fn_] : nullptr;
  const bool loops = fn != nullptr && fn->lambda != nullptr && self_loop_ != nullptr &&
                     &N(fn->lambda->children(fn->arity)) == &n && ReturnsFromSelf(n.children(0));
  mlir::Block* const function_loop = self_loop_;
  // Heap-free results in a program that never stores heap values into older locations: a run
  // that completes on its awaiter's stack leaves nothing reachable behind (CLEF_ASYNC_SCOPED).
  const bool scoped = no_older_heap_stores_ && IsHeapFree(result_type);
  return Computation(n.text(), Ty(result_type), [&]() -> Value {
    if (loops) {
      mlir::Block* loop = NewBlock(fn->param_types);
      Br(loop, llvm::SmallVector<Value>(function_loop->getArguments().begin(), function_loop->getArguments().end()));
      SetBlock(loop);
      for (int i = 0; i < fn->arity; ++i) BindPattern(fn->lambda->children(i), loop->getArgument(i));
      self_loop_ = loop;
    }
    return Lower(n.children(0));
  }, scoped);
}

Value Lowerer::Computation(const std::string& builder, Type result, const std::function<Value()>& body,
                           bool scoped) {
  auto reset = builder_.create<dcont::ResetOp>(loc_, dcont::ContType::get(&context_, result),
                                               builder_.getStringAttr(builder), scoped);
  {
    mlir::OpBuilder::InsertionGuard guard(builder_);
    mlir::Block* entry = new mlir::Block;
    reset.getBody().push_back(entry);
    resets_.push_back({&reset.getBody(), current_});
    mlir::Block* const saved_loop = self_loop_;
    const bool saved_release = iterations_release_;
    // A region mark must not span a suspension (other tasks allocate meanwhile): no loop in a
    // computation releases per iteration.
    iterations_release_ = false;
    self_loop_ = nullptr;
    SetBlock(entry);
    Value value = body();
    if (value && value.getType() != result) value = Undef(result);  // unreachable code only
    builder_.create<dcont::YieldOp>(loc_, value ? value : Undef(result));
    self_loop_ = saved_loop;
    iterations_release_ = saved_release;
    resets_.pop_back();
  }
  return builder_.create<mlir::UnrealizedConversionCastOp>(loc_, PtrTy(), reset.getResult()).getResult(0);
}

Value Lowerer::Shift(Value computation, int result_type) {
  Type result = Ty(result_type);
  Value cont = builder_
                   .create<mlir::UnrealizedConversionCastOp>(loc_, dcont::ContType::get(&context_, result),
                                                             computation)
                   .getResult(0);
  return builder_.create<dcont::ShiftOp>(loc_, result, cont);
}

Value Lowerer::LowerShift(const psg::Node& n) {
  const std::string& kind = n.text();
  if (resets_.empty() || resets_.back().func != current_) {
    Fail(&n, absl::StrCat("internal: a `", kind, "` outside its computation"));
    return Undef(Ty(ValueType(n)));
  }
  if (kind == "return_from" && n.children_size() >= 1) {
    const psg::Node& source = N(n.children(0));
    // A self tail call: the region's loop (see LowerReset), no new frame.
    if (self_loop_ != nullptr && source.kind() == psg::Node::APP && source.children_size() > 0) {
      const psg::Node& head = N(source.children(0));
      auto known = head.kind() == psg::Node::VAR ? known_fns_.find(head.binding()) : known_fns_.end();
      if (known != known_fns_.end() && known->second == current_fn_ &&
          source.children_size() - 1 == fns_[current_fn_].arity) {
        if (Value v = LowerApp(source, /*tail=*/true)) return Shift(v, ComputationResult(source.type()));
        SetBlock(NewBlock());  // the loop's branch ended the block: what follows is dead
        return Undef(Ty(ComputationResult(source.type())));
      }
    }
    return Shift(Lower(n.children(0)), ComputationResult(source.type()));
  }
  if ((kind == "bind" || kind == "do" || kind == "receive") && n.children_size() >= 2) {
    const psg::Node& source = N(n.children(1));
    const int awaited = ComputationResult(source.type());
    if (awaited < 0) {
      Fail(&source, absl::StrCat("internal: `", kind, "` of a ", TypeOf(source.type()).name()));
      return Undef(Ty(ValueType(n)));
    }
    Value value = Shift(Lower(n.children(1)), awaited);
    BindPattern(n.children(0), value);
    if (n.children_size() > 2) return Lower(n.children(2));
    return value;  // a `do!` statement in a loop body: unit
  }
  if (kind == "bind_all" && n.children_size() >= 3 && n.children_size() % 2 == 1) {
    // `let! a = x and! b = y`: every source starts at once (hot), then each is awaited.
    std::vector<std::pair<Value, int>> started;
    for (int i = 0; i + 1 < n.children_size(); i += 2) {
      const int awaited = ComputationResult(N(n.children(i + 1)).type());
      if (awaited < 0) {
        Fail(&N(n.children(i + 1)), "internal: `and!` of a value that is not a computation");
        return Undef(Ty(ValueType(n)));
      }
      Value source = Lower(n.children(i + 1));
      started.push_back({CallRuntime("clef_async_start_hot", PtrTy(), {source, SizeOf(Ty(awaited))}), awaited});
    }
    for (size_t k = 0; k < started.size(); ++k) {
      BindPattern(n.children(static_cast<int>(2 * k)), Shift(started[k].first, started[k].second));
    }
    return Lower(n.children(n.children_size() - 1));
  }
  Fail(&n, absl::StrCat("`", kind == "bind_all" ? "and!" : kind == "use" ? "use!" : kind,
                        "` in a computation expression is not compiled yet"));
  return Undef(Ty(ValueType(n)));
}

Value Lowerer::SizeOf(Type type) {
  Value end = builder_.create<LLVM::GEPOp>(loc_, PtrTy(), type, Null(), llvm::ArrayRef<LLVM::GEPArg>{1});
  return builder_.create<LLVM::PtrToIntOp>(loc_, I64(), end);
}

int Lowerer::LibraryTypeArg(int type_id, int index) {
  const psg::Type& t = TypeOf(type_id);
  if (t.kind() != psg::Type::NAMED) return -1;
  const psg::TypeDecl& decl = DeclOf(t.decl());
  return index < decl.args_size() ? decl.args(index) : -1;
}

// MailboxProcessor's members on the runtime's mailboxes (composer/runtime/mailbox.cc): a message
// or a reply is copied by value into the runtime, which copies it out to the receiver.
Value Lowerer::LowerMethodCall(const psg::Node& method, int argument) {
  const int receiver_type = N(method.children(0)).type();
  const std::string& class_name = DeclOf(TypeOf(receiver_type).decl()).name();
  const std::string& name = method.text();
  const bool mailbox = TypeOf(receiver_type).kind() == psg::Type::NAMED &&
                       absl::StartsWith(class_name, "MailboxProcessor<");
  const bool channel = TypeOf(receiver_type).kind() == psg::Type::NAMED &&
                       absl::StartsWith(class_name, "AsyncReplyChannel<");
  auto by_value = [&](Value v) {
    Value slot = Alloca(v.getType());
    Store(v, slot);
    return slot;
  };
  // receiver.M(value), the runtime taking the value by address: Post and Reply.
  auto pass_by_value = [&](const char* runtime_function) {
    Value receiver = Lower(method.children(0));
    Value value = Lower(argument);
    SetLoc(method);
    CallRuntime(runtime_function, {}, {receiver, by_value(value)});
    return Unit();
  };
  if (TypeOf(receiver_type).kind() == psg::Type::NAMED && class_name == "TextReader") {
    SetLoc(method);
    if (name == "ReadLine") return CallRuntime("clef_read_line", PtrTy(), {});
    if (name == "ReadToEnd") return CallRuntime("clef_read_to_end", PtrTy(), {});
  }
  if (TypeOf(receiver_type).kind() == psg::Type::NAMED) {
    if (class_name == "AsyncBuilder") return LowerBuilderCall(method, argument, "async");
    if (class_name == "ActorBuilder") return LowerBuilderCall(method, argument, "actor");
    if (class_name == "FrostyBuilder") return LowerBuilderCall(method, argument, "frosty");
  }
  if (mailbox && name == "Post") return pass_by_value("clef_mailbox_post");
  if (channel && name == "Reply") return pass_by_value("clef_reply_channel_reply");
  if (mailbox && name == "Receive") {
    Value receiver = Lower(method.children(0));
    Lower(argument);  // unit
    SetLoc(method);
    return CallRuntime("clef_mailbox_receive", PtrTy(), {receiver});
  }
  if (mailbox && name == "PostAndReply") {
    Value receiver = Lower(method.children(0));
    const int make_message = N(argument).type();
    Value build = Lower(argument);
    SetLoc(method);
    const int reply = LibraryTypeArg(FunctionParam(make_message), 0);
    if (reply < 0) {
      Fail(&method, "internal: PostAndReply without a reply type");
      return Undef(Ty(FunctionResult(method.type())));
    }
    Value channel_value = CallRuntime("clef_reply_channel_new", PtrTy(), {SizeOf(Ty(reply))});
    Value message = ApplyClosure(build, make_message, channel_value);
    CallRuntime("clef_mailbox_post", {}, {receiver, by_value(message)});
    Value out = Alloca(Ty(reply));
    CallRuntime("clef_reply_channel_wait", {}, {channel_value, out});
    return Load(Ty(reply), out);
  }
  Fail(&method, absl::StrCat("the member '", name, "' is not compiled yet"));
  return Undef(Ty(FunctionResult(method.type())));
}

// The builder's methods called directly (`async.Bind(m, f)`, `async.Return v`, ...), as F#'s
// computation expressions desugar to: each is a computation over its arguments, which are
// evaluated first (at the call), as F# evaluates a method's arguments.
Value Lowerer::LowerBuilderCall(const psg::Node& method, int argument, const std::string& builder) {
  const std::string& name = method.text();
  const int result = ComputationResult(FunctionResult(method.type()));
  std::vector<int> parts;
  if (N(argument).kind() == psg::Node::TUPLE) {
    parts.assign(N(argument).children().begin(), N(argument).children().end());
  } else {
    parts.push_back(argument);
  }
  auto type_of = [&](size_t i) { return N(parts[i]).type(); };
  if (result < 0) {
    Fail(&method, absl::StrCat("internal: ", builder, ".", name, " without a computation type"));
    return Null();
  }
  const Type result_type = Ty(result);
  const bool scoped = no_older_heap_stores_ && IsHeapFree(result);
  auto lower_all = [&] {
    std::vector<Value> values;
    for (int part : parts) values.push_back(Lower(part));
    SetLoc(method);
    return values;
  };
  const size_t arity = parts.size();
  if (name == "ReturnFrom" && arity == 1) return Lower(parts[0]);
  if (name == "Return" && arity == 1) {
    Value v = lower_all()[0];
    return Computation(builder, result_type, [&] { return v; }, scoped);
  }
  if (name == "Zero") {
    lower_all();
    return Computation(builder, result_type, [&] { return Unit(); }, scoped);
  }
  if (name == "Delay" && arity == 1) {
    Value f = lower_all()[0];
    return Computation(builder, result_type, [&] { return Shift(ApplyClosure(f, type_of(0), Unit()), result); },
                       scoped);
  }
  if (name == "Bind" && arity == 2) {
    std::vector<Value> v = lower_all();
    return Computation(builder, result_type, [&] {
      Value x = Shift(v[0], ComputationResult(type_of(0)));
      return Shift(ApplyClosure(v[1], type_of(1), x), result);
    }, scoped);
  }
  if (name == "Combine" && arity == 2) {
    std::vector<Value> v = lower_all();
    return Computation(builder, result_type, [&] {
      Shift(v[0], ComputationResult(type_of(0)));
      return Shift(v[1], result);
    }, scoped);
  }
  if (name == "While" && arity == 2) {
    std::vector<Value> v = lower_all();
    return Computation(builder, result_type, [&] {
      mlir::Block* test = NewBlock();
      mlir::Block* round = NewBlock();
      mlir::Block* done = NewBlock();
      Br(test);
      SetBlock(test);
      CondBr(ApplyClosure(v[0], type_of(0), Unit()), round, done);
      SetBlock(round);
      Shift(v[1], ComputationResult(type_of(1)));
      Br(test);
      SetBlock(done);
      return Unit();
    }, scoped);
  }
  if (name == "For" && arity == 2) {
    std::vector<Value> v = lower_all();
    const int elem = FunctionParam(type_of(1));
    return Computation(builder, result_type, [&] {
      const Type cell_type = CellType(elem);
      mlir::Block* test = NewBlock({PtrTy()});
      mlir::Block* round = NewBlock();
      mlir::Block* done = NewBlock();
      Br(test, {v[0]});
      SetBlock(test);
      Value cell = test->getArgument(0);
      CondBr(IsNull(cell), done, round);
      SetBlock(round);
      Value x = Load(Ty(elem), FieldAddr(cell_type, cell, 0));
      Value next = Load(PtrTy(), FieldAddr(cell_type, cell, 1));
      Shift(ApplyClosure(v[1], type_of(1), x), ComputationResult(FunctionResult(type_of(1))));
      Br(test, {next});
      SetBlock(done);
      return Unit();
    }, scoped);
  }
  if ((name == "TryWith" || name == "TryFinally") && arity == 2) {
    std::vector<Value> v = lower_all();
    const bool finally = name == "TryFinally";
    return Computation(builder, result_type, [&] {
      return HandlerScope(
          &method, result_type, [&] { return Shift(v[0], result); },
          [&] {
            if (finally) ApplyClosure(v[1], type_of(1), Unit());
          },
          [&](Value exn) -> Value {
            if (!finally) return Shift(ApplyClosure(v[1], type_of(1), exn), result);
            ApplyClosure(v[1], type_of(1), Unit());
            CallRuntime("clef_raise", {}, {exn});
            builder_.create<LLVM::UnreachableOp>(loc_);
            return {};
          });
    }, scoped);
  }
  Fail(&method, absl::StrCat("`", builder, ".", name, "` is not compiled yet"));
  return Undef(Ty(FunctionResult(method.type())));
}

}  // namespace alex::internal
