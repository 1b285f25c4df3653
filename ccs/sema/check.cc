#include "ccs/sema/check.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "support/absl_string_view.h"
#include "ccs/sema/ce_forms.h"
#include "ccs/sema/interpolation.h"
#include "ccs/sema/match.h"
#include "ccs/sema/prelude.h"
#include "ccs/sema/psg_builder.h"
#include "ccs/sema/typed.h"
#include "ccs/sema/types.h"

namespace ccs {
namespace {

using fidelity::Sv;

// absl::StrCat that also takes std::string_view (Debian's Abseil has its own string_view).
template <typename T>
decltype(auto) Piece(const T& v) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return Sv(v);
  } else {
    return (v);
  }
}
template <typename... T>
std::string Cat(const T&... v) {
  return absl::StrCat(Piece(v)...);
}

using sema::BindingInfo;
using sema::ClassDef;
using sema::MemberDef;
using sema::NodeRef;
using sema::RecordDef;
using sema::Scheme;
using sema::TypeCtor;
using sema::TypeId;
using sema::TypeStore;
using sema::UnionDef;
using N = NodeKind;

struct Value {
  enum class Kind : uint8_t { kValue, kUnionCase, kConstructor };
  Kind kind = Kind::kValue;
  Scheme scheme;
  bool is_mutable = false;
  int union_def = -1;      // union cases: the union and the case
  int case_index = -1;
  int id = -1;             // values: the binding (TypedProgram::bindings)
};

// A pattern variable before it is bound: its name, type and the pattern node binding it.
struct PatVar {
  std::string name;
  TypeId type;
  NodeId node;
};

// A type name in scope: a constructor, or an abbreviation with its parameters.
struct TypeName {
  int ctor = -1;
  std::vector<TypeId> abbrev_params;
  TypeId abbrev_body = -1;
};

struct Module {
  std::map<std::string, Value, std::less<>> values;
  std::map<std::string, TypeName, std::less<>> types;
  std::map<std::string, std::shared_ptr<Module>, std::less<>> modules;
  std::vector<std::string> order;  // value names in declaration order (signatures)
  std::vector<std::pair<size_t, int>> classes;  // (position in `order`, class) in declaration order
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> nested;  // in declaration order
  std::vector<size_t> nested_at;  // each nested module's position in `order`
};

// A pending use of an arithmetic operator on a type not yet known: resolved (defaulting to int,
// as F# does) when the enclosing binding is generalized.
struct NumericUse {
  TypeId type;
  Span span;
  std::string op;
  bool allows_string;
};

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

class Checker {
 public:
  Checker(const ParseResult& parsed, DiagnosticEngine& diags, bool build_psg)
      : ast_(parsed.ast), tokens_(parsed.tokens), diags_(diags), build_psg_(build_psg) {
    InstallPrelude();
  }

  CheckResult Run() {
    CheckResult result;
    out_.node_types.assign(static_cast<size_t>(ast_.size()), -1);
    const int errors_before = diags_.error_count();
    scopes_.emplace_back();
    root_ = std::make_shared<Module>();
    module_stack_.push_back(root_);
    if (ast_.root().is_valid()) {
      bool in_program = false;
      auto decls = ast_.children(ast_.root());
      const SourceFile& source = tokens_.source();
      for (size_t i = 0; i < decls.size(); ++i) {
        const NodeId decl = decls[i];
        if (!in_program && !InLibrary(decl)) {
          // The library's files are checked: the program's signatures start here.
          in_program = true;
          root_ = std::make_shared<Module>();
          module_stack_.assign(1, root_);
          // System.Math.PI, System.Char.IsDigit, System.String.Join: the library's modules.
          if (std::shared_ptr<Module> system = FindModule("System")) {
            for (const char* name : {"Math", "Char", "String", "Int32", "Int64", "Double"}) {
              if (std::shared_ptr<Module> m = FindModule(name)) system->modules[name] = m;
            }
            // System.ArgumentException "msg": the library's Exceptions module.
            if (std::shared_ptr<Module> m = FindModule("Exceptions")) {
              for (const auto& [name, value] : m->values) system->values[name] = value;
            }
          }
        }
        // A project's file other than the last, under its `module A.B` header: a module of that
        // name holding the file's declarations (as F# compiles a project's files).
        const size_t file = source.FileIndexAt(ast_.span(decl).begin);
        if (Kind(decl) == N::kModuleHeader && in_program && file + 1 < source.file_count()) {
          std::vector<NodeId> body;
          size_t j = i + 1;
          while (j < decls.size() && source.FileIndexAt(ast_.span(decls[j]).begin) == file) body.push_back(decls[j++]);
          std::vector<std::string_view> parts = Kids(decl).size() > 0 ? LongIdentParts(Kids(decl)[0]) : std::vector<std::string_view>{};
          CheckModuleBody(parts.empty() ? std::string("Main") : std::string(parts.back()), body, false);
          i = j - 1;
          continue;
        }
        if (out_.entry_point >= 0 && Kind(decl) != N::kError) {
          Error(DiagKind::kEntryPointNotLast, SpanOf(decl),
                "A function labeled with the 'EntryPointAttribute' attribute must be the last declaration in the "
                "last file in the compilation sequence.");
        }
        CheckDecl(decl);
      }
    }
    ResolveNumericUses(/*level=*/-1);
    ReportValueRestriction();
    PrintModule(*root_, "", result.signatures);
    result.ok = diags_.error_count() == errors_before;
    if (result.ok && build_psg_) result.psg = sema::BuildPsg(ast_, tokens_, out_);
    return result;
  }

 private:
  // A computation expression being translated: its builder's type and class.
  struct CeContext {
    TypeId builder;
    int class_def;
  };

  // ---- Small helpers over the AST. ----
  std::string_view Text(NodeId n) const {
    TokenIndex t = ast_.token(n);
    return t.is_valid() ? tokens_.text(t) : std::string_view();
  }
  NodeKind Kind(NodeId n) const { return ast_.kind(n); }
  Ast::ChildRange Kids(NodeId n) const { return ast_.children(n); }
  Span SpanOf(NodeId n) const { return ast_.span(n); }
  void Error(DiagKind kind, Span span, std::string message) { diags_.Emit(kind, span, std::move(message)); }

  // ---- Types. ----
  TypeId Fresh() { return types_.NewVar(level_); }
  TypeId Prim(int builtin) { return types_.Con(builtin); }
  std::string Show(TypeId t) const { return types_.Print(t); }

  // Unifies; false (without reporting) when the types cannot be made equal.
  bool Unify(TypeId a, TypeId b) {
    a = types_.Resolve(a);
    b = types_.Resolve(b);
    if (a == b) return true;
    if (types_.IsVar(a) || types_.IsVar(b)) {
      if (!types_.IsVar(a)) std::swap(a, b);
      if (types_.Occurs(a, b)) return false;
      LowerLevels(b, types_.Level(a));
      if (types_.IsVar(b)) types_.SetLevel(b, std::min(types_.Level(a), types_.Level(b)));
      types_.Bind(a, b);
      return true;
    }
    if (types_.CtorOf(a) != types_.CtorOf(b)) return false;
    const std::vector<TypeId> args_a = types_.Args(a), args_b = types_.Args(b);
    if (args_a.size() != args_b.size()) return false;
    for (size_t i = 0; i < args_a.size(); ++i) {
      if (!Unify(args_a[i], args_b[i])) return false;
    }
    return true;
  }
  void LowerLevels(TypeId t, int level) {
    std::vector<TypeId> stack{t};
    while (!stack.empty()) {
      TypeId x = types_.Resolve(stack.back());
      stack.pop_back();
      if (types_.IsVar(x)) {
        if (types_.Level(x) > level) types_.SetLevel(x, level);
      } else {
        for (TypeId a : types_.Args(x)) stack.push_back(a);
      }
    }
  }

  // The expression at `where` has type `actual` but `expected` was required.
  void Expect(TypeId expected, TypeId actual, Span where) {
    if (Unify(expected, actual)) return;  // types are printed only for the message
    const std::string e = Show(expected), a = Show(actual);
    Error(DiagKind::kTypeMismatch, where,
          Cat("This expression was expected to have type '", e, "' but here has type '", a, "'"));
  }
  void ExpectNode(TypeId expected, NodeId expr) { Expect(expected, Infer(expr), SpanOf(expr)); }

  Scheme Generalize(TypeId t, bool allowed) {
    Scheme s;
    s.body = t;
    if (!allowed) return s;
    std::vector<TypeId> stack{t};
    while (!stack.empty()) {
      TypeId x = types_.Resolve(stack.back());
      stack.pop_back();
      if (types_.IsVar(x)) {
        if (types_.Level(x) > level_ && std::find(s.vars.begin(), s.vars.end(), x) == s.vars.end()) {
          s.vars.push_back(x);
        }
      } else {
        for (TypeId a : types_.Args(x)) stack.push_back(a);
      }
    }
    return s;
  }
  // A fresh instance of `s`; the types chosen for its variables go to `inst` (scheme order).
  TypeId Instantiate(const Scheme& s, std::vector<TypeId>* inst = nullptr) {
    if (s.vars.empty()) return s.body;
    std::unordered_map<TypeId, TypeId> map;
    for (TypeId v : s.vars) {
      const TypeId fresh = Fresh();
      map[types_.Resolve(v)] = fresh;
      if (inst != nullptr) inst->push_back(fresh);
    }
    for (const auto& [var, op] : s.constraints) {
      numeric_uses_.push_back({map.at(types_.Resolve(var)), instantiation_span_, op, op == "+"});
    }
    return Copy(s.body, map);
  }
  // Instantiates a value's scheme at a use, remembering what the use refers to.
  TypeId UseValue(NodeId use, const Value& v) {
    NodeRef ref;
    if (v.kind == Value::Kind::kUnionCase) {
      ref.kind = NodeRef::Kind::kCase;
      ref.target = v.union_def;
      ref.index = v.case_index;
    } else {
      ref.target = v.id;
    }
    instantiation_span_ = SpanOf(use);
    const TypeId t = Instantiate(v.scheme, &ref.inst);
    last_use_ = use.index;
    last_use_inst_ = ref.inst;  // explicit type arguments (f<int>) apply to these
    // What a use refers to matters only to the PSG: plain checking skips the bookkeeping.
    if (build_psg_) out_.refs[use.index] = std::move(ref);
    return t;
  }
  TypeId Copy(TypeId t, const std::unordered_map<TypeId, TypeId>& map) {
    t = types_.Resolve(t);
    if (types_.IsVar(t)) {
      auto it = map.find(t);
      return it == map.end() ? t : it->second;
    }
    std::vector<TypeId> args = types_.Args(t);
    if (args.empty()) return t;
    for (TypeId& a : args) a = Copy(a, map);
    return types_.Con(types_.CtorOf(t), std::move(args));
  }
  bool HasFreeVars(TypeId t) const {
    std::vector<TypeId> stack{t};
    while (!stack.empty()) {
      TypeId x = types_.Resolve(stack.back());
      stack.pop_back();
      if (types_.IsVar(x)) return true;
      for (TypeId a : types_.Args(x)) stack.push_back(a);
    }
    return false;
  }

  // ---- Scopes and names. ----
  // A new entry in the binding table (ids are what the PSG refers to).
  int NewBinding(std::string name, NodeId node, bool is_mutable) {
    BindingInfo b;
    b.name = std::move(name);
    b.node = node;
    b.is_mutable = is_mutable;
    out_.bindings.push_back(std::move(b));
    const int id = static_cast<int>(out_.bindings.size()) - 1;
    if (build_psg_ && node.is_valid()) out_.binders[node.index] = id;
    return id;
  }
  void Bind(const std::string& name, Value v) {
    if (v.id >= 0) out_.bindings[static_cast<size_t>(v.id)].scheme = v.scheme;
    scopes_.back()[name] = v;
    if (level_ == 0 && scopes_.size() == module_scope_depth_ + 1 && !in_local_) {
      Module& m = *module_stack_.back();
      if (m.values.find(name) == m.values.end()) m.order.push_back(name);
      m.values[name] = std::move(v);
    }
  }
  const Value* Lookup(std::string_view name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto found = it->find(std::string(name));
      if (found != it->end()) return &found->second;
    }
    return nullptr;
  }
  std::string Suggest(std::string_view name) const {
    std::string best;
    size_t best_distance = name.size() <= 3 ? 1 : 2;
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      for (const auto& [candidate, value] : *it) {
        size_t d = EditDistance(name, candidate);
        if (d <= best_distance && (best.empty() || d < best_distance)) {
          best = candidate;
          best_distance = d;
        }
      }
    }
    for (const auto& [candidate, module] : modules_in_scope_) {
      size_t d = EditDistance(name, candidate);
      if (d <= best_distance && best.empty()) best = candidate;
    }
    return best.empty() ? "" : Cat(" Maybe you want one of the following: ", best);
  }
  void UndefinedValue(std::string_view name, Span span) {
    Error(DiagKind::kUndefinedName, span,
          Cat("The value or constructor '", name, "' is not defined.", Suggest(name)));
  }
  // F#'s flexible seq parameters: a list or array `arg` (at node `at`) where a seq<'T> is
  // expected becomes Seq.ofList / Seq.ofArray of it. False (nothing done) in any other case.
  bool CoerceToSeq(TypeId expected, TypeId arg, NodeId at) {
    if (seq_ctor_ < 0) {
      const TypeName* seq = LookupType("Seq");
      if (seq == nullptr) return false;
      seq_ctor_ = seq->ctor;
    }
    const TypeId e = types_.Resolve(expected);
    const TypeId a = types_.Resolve(arg);
    if (types_.IsVar(e) || types_.IsVar(a) || types_.CtorOf(e) != seq_ctor_) return false;
    const int from = types_.CtorOf(a);
    if (from != TypeStore::kList && from != TypeStore::kArray && from != TypeStore::kString) return false;
    auto module = modules_in_scope_.find("Seq");
    if (module == modules_in_scope_.end()) return false;
    auto fn = module->second->values.find(from == TypeStore::kList ? "ofList" : from == TypeStore::kArray ? "ofArray" : "ofString");
    if (fn == module->second->values.end()) return false;
    sema::SeqCoercion c;
    c.binding = fn->second.id;
    c.type = Instantiate(fn->second.scheme, &c.inst);
    c.result = e;
    Expect(c.type, types_.Fun(a, e), SpanOf(at));
    out_.seq_coercions[at.index] = std::move(c);
    return true;
  }

  // x.M on a value of a library type T (ccs/library): the function T.M of the module T applied
  // to x (`lazyValue.Force()` is `Lazy.Force lazyValue ()`, `m.Count` is `Map.Count m`). -1 when
  // the module has no such function.
  TypeId LibraryMember(NodeId e, TypeId t, std::string_view member) {
    // .NET's string members are the library's String module's capitalized functions.
    const std::string type_name = types_.CtorOf(t) == TypeStore::kString ? "String" : types_.ctor(types_.CtorOf(t)).name;
    auto module = modules_in_scope_.find(type_name);
    if (module == modules_in_scope_.end()) return -1;
    auto fn = module->second->values.find(std::string(member));
    if (fn == module->second->values.end() || fn->second.id < 0) return -1;
    sema::SeqCoercion c;
    c.binding = fn->second.id;
    c.type = Instantiate(fn->second.scheme, &c.inst);
    c.result = Fresh();
    Expect(c.type, types_.Fun(t, c.result), SpanOf(e));
    out_.member_calls[e.index] = c;
    return c.result;
  }

  // f<int, string>: the value's generic parameters, in the order they first appear in its type,
  // are the given types.
  TypeId InferTypeArgs(NodeId e) {
    auto kids = Kids(e);
    last_use_ = -1;
    const TypeId t = Infer(kids[0]);
    if (last_use_ < 0) return t;  // an undefined name, reported
    if (last_use_ != static_cast<int64_t>(kids[0].index)) {
      Error(DiagKind::kNotSupportedYet, SpanOf(e), "Explicit type arguments apply to a named value or function here");
      return t;
    }
    // The scheme's variables in the order they first appear in the value's type
    // (Map.empty<string, int>: Map<'Key, 'Value>), then any that do not appear.
    std::vector<TypeId> inst;
    std::vector<TypeId> pending{t};
    while (!pending.empty()) {
      const TypeId x = types_.Resolve(pending.back());
      pending.pop_back();
      if (types_.IsVar(x)) {
        for (TypeId v : last_use_inst_) {
          if (types_.Resolve(v) == x && std::find(inst.begin(), inst.end(), v) == inst.end()) inst.push_back(v);
        }
        continue;
      }
      const std::vector<TypeId> args = types_.Args(x);
      pending.insert(pending.end(), args.rbegin(), args.rend());  // left to right
    }
    for (TypeId v : last_use_inst_) {
      if (std::find(inst.begin(), inst.end(), v) == inst.end()) inst.push_back(v);
    }
    const size_t given = kids.size() - 1;
    if (given != inst.size()) {
      Error(DiagKind::kTypeArity, SpanOf(e),
            Cat("This value expects ", inst.size(), " type argument(s) but is given ", given));
      return t;
    }
    for (size_t i = 0; i < given; ++i) Expect(inst[i], TypeOf(kids[i + 1]), SpanOf(kids[i + 1]));
    return t;
  }

  // xs.[i] on a list and m.[k] on a map: `fn` of `module` (List.item, Map.find) applied to the
  // index, then the collection; F# raises as they do (ArgumentException, KeyNotFoundException).
  TypeId InferIndexCall(NodeId e, TypeId target, std::string_view module_name, std::string_view fn_name) {
    auto kids = Kids(e);
    auto module = modules_in_scope_.find(std::string(module_name));
    if (module == modules_in_scope_.end()) return Fresh();
    auto fn = module->second->values.find(std::string(fn_name));
    if (fn == module->second->values.end() || fn->second.id < 0) return Fresh();
    sema::SeqCoercion c;
    c.binding = fn->second.id;
    c.type = Instantiate(fn->second.scheme, &c.inst);
    c.result = Fresh();
    Expect(c.type, types_.Fun(Infer(kids[1]), types_.Fun(target, c.result)), SpanOf(e));
    out_.index_calls[e.index] = c;
    return c.result;
  }

  // `lazy e`: Lazy.Create (fun () -> e) of the library (core.clef); e is a closure's body.
  TypeId InferLazy(NodeId e, NodeId body) {
    const TypeId value = Infer(body);
    auto module = modules_in_scope_.find("Lazy");
    auto fn = module == modules_in_scope_.end() ? nullptr : &module->second->values;
    auto create = fn == nullptr ? module->second->values.end() : fn->find("Create");
    if (fn == nullptr || create == fn->end()) {
      Error(DiagKind::kUndefinedName, SpanOf(e), "'lazy' needs the library's Lazy.Create");
      return Fresh();
    }
    sema::SeqCoercion c;
    c.binding = create->second.id;
    c.type = Instantiate(create->second.scheme, &c.inst);
    c.result = Fresh();
    Expect(c.type, types_.Fun(types_.Fun(Prim(TypeStore::kUnit), value), c.result), SpanOf(e));
    out_.lazy_values[e.index] = c;
    return c.result;
  }

  bool InLibrary(NodeId n) const { return tokens_.source().InLibrary(ast_.span(n).begin); }
  std::shared_ptr<Module> FindModule(std::string_view name) const {
    auto it = modules_in_scope_.find(std::string(name));
    return it == modules_in_scope_.end() ? nullptr : it->second;
  }
  const TypeName* LookupType(std::string_view name) const {
    for (auto it = type_scopes_.rbegin(); it != type_scopes_.rend(); ++it) {
      auto found = it->find(std::string(name));
      if (found != it->end()) return &found->second;
    }
    return nullptr;
  }

  // ---- The prelude. ----
  // A signature in F#'s notation over the built-in types and 'a..'z: "('a -> 'b) -> 'a list -> 'b list".
  TypeId ParseSig(std::string_view text, std::map<char, TypeId>& vars) {
    size_t pos = 0;
    return ParseSigArrow(text, pos, vars);
  }
  void SkipSpace(std::string_view s, size_t& pos) {
    while (pos < s.size() && s[pos] == ' ') ++pos;
  }
  TypeId ParseSigArrow(std::string_view s, size_t& pos, std::map<char, TypeId>& vars) {
    TypeId left = ParseSigTuple(s, pos, vars);
    SkipSpace(s, pos);
    if (s.substr(pos, 2) == "->") {
      pos += 2;
      return types_.Fun(left, ParseSigArrow(s, pos, vars));
    }
    return left;
  }
  TypeId ParseSigTuple(std::string_view s, size_t& pos, std::map<char, TypeId>& vars) {
    std::vector<TypeId> parts{ParseSigPostfix(s, pos, vars)};
    for (;;) {
      SkipSpace(s, pos);
      if (pos < s.size() && s[pos] == '*') {
        ++pos;
        parts.push_back(ParseSigPostfix(s, pos, vars));
      } else {
        break;
      }
    }
    return parts.size() == 1 ? parts[0] : types_.Con(TypeStore::kTuple, parts);
  }
  TypeId ParseSigPostfix(std::string_view s, size_t& pos, std::map<char, TypeId>& vars) {
    SkipSpace(s, pos);
    TypeId t;
    if (s[pos] == '(') {
      ++pos;
      t = ParseSigArrow(s, pos, vars);
      SkipSpace(s, pos);
      ++pos;  // ')'
    } else if (s[pos] == '\'') {
      char v = s[pos + 1];
      pos += 2;
      auto it = vars.find(v);
      t = it != vars.end() ? it->second : (vars[v] = types_.NewVar(1));
    } else {
      // A named type, maybe with arguments: Async<'a>, Actor<'m, 'a>.
      std::string_view name = ReadWord(s, pos);
      std::vector<TypeId> args;
      if (pos < s.size() && s[pos] == '<') {
        ++pos;
        for (;;) {
          args.push_back(ParseSigArrow(s, pos, vars));
          SkipSpace(s, pos);
          if (s[pos++] == '>') break;  // else ','
        }
      }
      const TypeName* named = LookupType(name);
      t = types_.Con(named->ctor, std::move(args));
    }
    for (;;) {
      size_t save = pos;
      SkipSpace(s, pos);
      if (s.substr(pos, 2) == "[]") {
        pos += 2;
        t = types_.Con(TypeStore::kArray, {t});
        continue;
      }
      std::string_view word = PeekWord(s, pos);
      if (word == "list" || word == "option" || word == "ref") {
        pos += word.size();
        t = types_.Con(LookupType(word)->ctor, {t});
        continue;
      }
      pos = save;
      return t;
    }
  }
  static std::string_view PeekWord(std::string_view s, size_t pos) {
    size_t end = pos;
    while (end < s.size() && (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_')) ++end;
    return s.substr(pos, end - pos);
  }
  static std::string_view ReadWord(std::string_view s, size_t& pos) {
    std::string_view w = PeekWord(s, pos);
    pos += w.size();
    return w;
  }
  Value PreludeValue(std::string_view sig) {
    std::map<char, TypeId> vars;
    Value v;
    v.scheme.body = ParseSig(sig, vars);
    for (const auto& [name, var] : vars) v.scheme.vars.push_back(var);
    return v;
  }
  // A prelude value: an intrinsic binding the PSG names by `qualified`.
  Value IntrinsicValue(std::string_view name, std::string_view qualified, std::string_view sig) {
    Value v = PreludeValue(sig);
    v.id = NewBinding(std::string(name), NodeId(), false);
    BindingInfo& info = out_.bindings[static_cast<size_t>(v.id)];
    info.intrinsic = std::string(qualified);
    info.scheme = v.scheme;
    info.top = true;
    return v;
  }

  void InstallPrelude() {
    scopes_.emplace_back();
    type_scopes_.emplace_back();
    for (int b : {TypeStore::kInt, TypeStore::kInt64, TypeStore::kFloat, TypeStore::kBool,
                  TypeStore::kChar, TypeStore::kString, TypeStore::kUnit, TypeStore::kByte,
                  TypeStore::kExn, TypeStore::kList, TypeStore::kArray, TypeStore::kOption,
                  TypeStore::kRef}) {
      type_scopes_.back()[types_.ctor(b).name] = TypeName{b, {}, -1};
    }
    for (int b : {TypeStore::kSByte, TypeStore::kInt16, TypeStore::kUInt16, TypeStore::kUInt32, TypeStore::kUInt64,
                  TypeStore::kNativeInt, TypeStore::kUNativeInt}) {
      type_scopes_.back()[types_.ctor(b).name] = TypeName{b, {}, -1};
    }
    type_scopes_.back()["int8"] = TypeName{TypeStore::kSByte, {}, -1};
    type_scopes_.back()["uint8"] = TypeName{TypeStore::kByte, {}, -1};
    type_scopes_.back()["uint"] = TypeName{TypeStore::kUInt32, {}, -1};
    type_scopes_.back()["double"] = TypeName{TypeStore::kFloat, {}, -1};
    type_scopes_.back()["int32"] = TypeName{TypeStore::kInt, {}, -1};
    // option and exn as unions, so patterns and constructors work on them.
    {
      UnionDef option;
      option.ctor = TypeStore::kOption;
      TypeId a = types_.NewVar(1);
      option.params = {a};
      option.cases = {{"None", {}}, {"Some", {a}}};
      unions_.push_back(option);
      types_.mutable_ctor(TypeStore::kOption).def = static_cast<int>(unions_.size()) - 1;
      DeclareCases(static_cast<int>(unions_.size()) - 1, scopes_.back());
    }
    {
      UnionDef exn;
      exn.ctor = TypeStore::kExn;
      // Failure, then the runtime's other kinds (clef_exn_kind: a case's index is its kind), which
      // only `:? T` patterns name; the program's `exception` declarations come after them.
      exn.cases = {{"Failure", {Prim(TypeStore::kString)}}};
      for (size_t kind = 1; kind < std::size(sema::kExceptionTypes); ++kind) exn.cases.push_back({sema::kExceptionTypes[kind], {}});
      exn.open_ended = true;
      unions_.push_back(exn);
      types_.mutable_ctor(TypeStore::kExn).def = static_cast<int>(unions_.size()) - 1;
      DeclareCase(static_cast<int>(unions_.size()) - 1, 0, scopes_.back());  // Failure
    }
    // The library's types: names first (members may mention any of them), then members.
    for (const sema::PreludeType& type : sema::PreludeTypes()) {
      TypeCtor c;
      c.name = type.name;
      c.arity = type.arity;
      const int ctor = types_.AddCtor(c);
      type_scopes_.back()[type.name] = TypeName{ctor, {}, -1};
    }
    for (const sema::PreludeType& type : sema::PreludeTypes()) {
      const int ctor = LookupType(type.name)->ctor;
      std::vector<TypeId> params;
      std::map<char, TypeId> vars;
      for (int i = 0; i < type.arity; ++i) {
        params.push_back(types_.NewVar(1));
        vars[static_cast<char>(i == 0 && type.arity == 2 ? 'm' : 'a' + i)] = params.back();
      }
      if (!type.cases.empty()) {
        UnionDef u;
        u.ctor = ctor;
        u.params = params;
        for (const sema::PreludeEntry& c : type.cases) {
          u.cases.push_back({c.name, {}});
          if (*c.sig != '\0') u.cases.back().fields.push_back(ParseSig(c.sig, vars));
        }
        unions_.push_back(std::move(u));
        types_.mutable_ctor(ctor).kind = TypeCtor::Kind::kUnion;
        types_.mutable_ctor(ctor).def = static_cast<int>(unions_.size()) - 1;
        continue;  // cases are reached as `Type.Case`
      }
      ClassDef cls;
      cls.ctor = ctor;
      cls.params = params;
      cls.intrinsic = type.name;
      const TypeId self = types_.Con(ctor, params);
      for (const sema::PreludeEntry& m : type.members) {
        std::map<char, TypeId> member_vars = vars;
        MemberDef member;
        member.custom_operation = m.name[0] == '@';
        member.name = m.name + (member.custom_operation ? 1 : 0);
        member.scheme.body = types_.Fun(self, ParseSig(m.sig, member_vars));
        for (const auto& [name, var] : member_vars) member.scheme.vars.push_back(var);
        cls.members[member.name] = std::move(member);
      }
      classes_.push_back(std::move(cls));
      types_.mutable_ctor(ctor).kind = TypeCtor::Kind::kClass;
      types_.mutable_ctor(ctor).def = static_cast<int>(classes_.size()) - 1;
    }
    auto& globals = scopes_.back();
    for (const sema::PreludeEntry& v : sema::PreludeGlobals()) globals[v.name] = IntrinsicValue(v.name, v.name, v.sig);
    for (const sema::PreludeModule& module : sema::PreludeModules()) {
      auto m = std::make_shared<Module>();
      for (const sema::PreludeEntry& v : module.values) {
        m->values[v.name] = IntrinsicValue(v.name, Cat(module.name, ".", v.name), v.sig);
      }
      modules_in_scope_[module.name] = m;
    }
    // System.Console.ReadLine() names the same module as Console.ReadLine().
    auto system = std::make_shared<Module>();
    system->modules["Console"] = modules_in_scope_["Console"];
    modules_in_scope_["System"] = system;
    module_scope_depth_ = 1;  // the prelude's scope sits below the file's
  }

  void DeclareCases(int def, std::unordered_map<std::string, Value>& scope) {
    const UnionDef& u = unions_[static_cast<size_t>(def)];
    for (size_t i = 0; i < u.cases.size(); ++i) DeclareCase(def, static_cast<int>(i), scope);
  }
  void DeclareCase(int def, int index, std::unordered_map<std::string, Value>& scope) {
    Value v = CaseValue(def, index);
    const std::string& name = unions_[static_cast<size_t>(def)].cases[static_cast<size_t>(index)].name;
    scope[name] = v;
    if (!module_stack_.empty() && &scope == &scopes_.back() && scopes_.size() == module_scope_depth_ + 1) {
      module_stack_.back()->values[name] = v;
    }
  }

  // `exception E of T * U`: a new case of exn (an open union), a constructor and a pattern.
  void CheckException(NodeId d) {
    const int def = types_.ctor(TypeStore::kExn).def;
    UnionDef::Case c;
    c.name = std::string(Text(d));
    for (NodeId field : Kids(d)) c.fields.push_back(TypeOf(Kids(field)[0]));
    unions_[static_cast<size_t>(def)].cases.push_back(std::move(c));
    DeclareCase(def, static_cast<int>(unions_[static_cast<size_t>(def)].cases.size()) - 1, scopes_.back());
  }

  // ---- Declarations. ----
  void CheckDecl(NodeId d) {
    switch (Kind(d)) {
      case N::kModuleHeader:
        return;  // the file's own module: its values print at the top level
      case N::kOpen:
        return CheckOpen(d);
      case N::kNestedModule:
        return CheckNestedModule(d);
      case N::kExtern:
        return CheckExtern(d, {});
      case N::kExceptionDef:
        return CheckException(d);
      case N::kTypeGroup:
        CheckTypeGroup(d);
        if (InLibrary(d)) {
          // The library's types: their members are functions of the module of the same name.
          for (NodeId def : Kids(d)) {
            if (Kind(def) != N::kTypeDef) continue;
            if (const TypeName* t = LookupType(Text(def)); t != nullptr && t->ctor >= 0) library_ctors_.insert(t->ctor);
          }
        }
        return;
      case N::kLet:
        // The library's functions reach the PSG only where the program uses them.
        if (!InLibrary(d)) out_.top_level.emplace_back(d, module_path_);
        return CheckLet(d, /*top=*/true);
      case N::kDoDecl: {
        if (!InLibrary(d)) out_.top_level.emplace_back(d, module_path_);
        level_ = 1;
        for (NodeId e : Kids(d)) Infer(e);
        level_ = 0;
        ResolveNumericUses(0);
        return;
      }
      case N::kAttributed: {
        auto kids = Kids(d);
        if (kids.size() == 0) return;
        const NodeId decl = kids[kids.size() - 1];
        bool entry_point = false;
        for (size_t i = 0; i + 1 < kids.size(); ++i) {
          RecordExport(kids[i], decl);
          entry_point = entry_point || IsEntryPointAttribute(kids[i]);
        }
        if (entry_point) return CheckEntryPoint(d, decl);
        if (Kind(decl) == N::kExtern) {
          std::vector<NodeId> attributes(kids.begin(), kids.end() - 1);
          return CheckExtern(decl, attributes);
        }
        // [<RequireQualifiedAccess>] type U = ..: U's cases only as `U.Case`.
        bool qualified_only = false;
        for (size_t i = 0; i + 1 < kids.size(); ++i) {
          qualified_only = qualified_only || IsAttribute(kids[i], "RequireQualifiedAccess");
        }
        // As in F#, the attribute is the first type's of a `type .. and ..` group.
        const NodeId saved_qualified = qualified_only_def_;
        qualified_only_def_ = NodeId{};
        if (qualified_only && Kind(decl) == N::kTypeGroup) {
          for (NodeId def : Kids(decl)) {
            if (Kind(def) != N::kTypeDef) continue;
            qualified_only_def_ = def;
            break;
          }
        }
        CheckDecl(decl);
        qualified_only_def_ = saved_qualified;
        return;
      }
      case N::kError:
        return;
      default:
        Error(DiagKind::kNotSupportedYet, SpanOf(d),
              Cat("this declaration (", NodeKindName(Kind(d)), ") is not supported by the type checker yet"));
    }
  }

  // extern RESULT NAME(TYPE a, ..) under [<DllImport("lib", EntryPoint = "sym")>]: a value
  // NAME of type TYPE -> RESULT (parameters tupled, as F#'s) calling the C function `sym`
  // (default NAME) through the platform's C ABI; "lib" (other than libc) is linked.
  void CheckExtern(NodeId d, const std::vector<NodeId>& attributes) {
    std::string symbol(Text(d));
    for (NodeId a : attributes) {
      auto parts = Kids(a);
      if (Kind(a) != N::kAttribute || parts.size() == 0) continue;
      auto names = LongIdentParts(parts[0]);
      if (names.empty() || (names.back() != "DllImport" && names.back() != "DllImportAttribute")) continue;
      if (parts.size() < 2) continue;
      NodeId args = Kids(parts[1]).size() == 1 ? Kids(parts[1])[0] : parts[1];
      std::vector<NodeId> items;
      if (Kind(args) == N::kTuple) {
        for (NodeId k : Kids(args)) items.push_back(k);
      } else {
        items.push_back(args);
      }
      for (NodeId item : items) {
        if (Kind(item) == N::kLiteral && tokens_.kind(ast_.token(item)) == TokenKind::kStringLiteral) {
          const std::string& library = tokens_.string_value(ast_.token(item));
          if (library != "libc" && library != "c" && library != "libc.so.6" && library != "msvcrt" &&
              library != "__Internal") {
            std::string name = library;
            if (name.rfind("lib", 0) == 0) name = name.substr(3);
            if (const size_t so = name.find(".so"); so != std::string::npos) name = name.substr(0, so);
            out_.link_libraries.insert(name);
          }
        } else if (Kind(item) == N::kInfix && Text(item) == "=" && Kind(Kids(item)[0]) == N::kIdent &&
                   Text(Kids(item)[0]) == "EntryPoint" && Kind(Kids(item)[1]) == N::kLiteral) {
          symbol = tokens_.string_value(ast_.token(Kids(item)[1]));
        }
      }
    }
    auto kids = Kids(d);
    if (kids.size() == 0 || Kind(kids[0]) != N::kExternType || Text(d).empty()) return;
    auto c_type = [&](NodeId t, bool result) -> TypeId {
      if (Kind(t) != N::kExternType) return Fresh();
      const std::string_view name = Text(t);
      if (ast_.flags(t) > 0) return Prim(TypeStore::kNativeInt);  // any C pointer
      static const std::pair<std::string_view, int> kTypes[] = {
          {"int", TypeStore::kInt},        {"int32", TypeStore::kInt},        {"int64", TypeStore::kInt64},
          {"uint32", TypeStore::kUInt32},  {"uint", TypeStore::kUInt32},      {"uint64", TypeStore::kUInt64},
          {"int16", TypeStore::kInt16},    {"uint16", TypeStore::kUInt16},    {"byte", TypeStore::kByte},
          {"uint8", TypeStore::kByte},     {"sbyte", TypeStore::kSByte},      {"int8", TypeStore::kSByte},
          {"float", TypeStore::kFloat},    {"double", TypeStore::kFloat},     {"bool", TypeStore::kBool},
          {"string", TypeStore::kString},  {"nativeint", TypeStore::kNativeInt}, {"unativeint", TypeStore::kUNativeInt}};
      for (const auto& [n, type] : kTypes) {
        if (n == name && !(result && type == TypeStore::kString)) return Prim(type);
      }
      if (result && name == "void") return Prim(TypeStore::kUnit);
      Error(DiagKind::kTypeMismatch, SpanOf(t),
            Cat("the C type '", name, "' is not supported in an extern declaration (int, int64, uint32, uint64, "
                "int16, uint16, byte, sbyte, float/double, bool, nativeint, string parameters, pointers, void results)"));
      return Fresh();
    };
    const TypeId result = c_type(kids[0], true);
    std::vector<TypeId> params;
    for (size_t i = 1; i < kids.size(); ++i) params.push_back(c_type(Kids(kids[i])[0], false));
    const TypeId param = params.empty() ? Prim(TypeStore::kUnit)
                         : params.size() == 1 ? params[0]
                                              : types_.Con(TypeStore::kTuple, params);
    Value v;
    v.scheme.body = types_.Fun(param, result);
    v.id = NewBinding(std::string(Text(d)), d, false);
    BindingInfo& info = out_.bindings[static_cast<size_t>(v.id)];
    info.intrinsic = "extern:" + symbol;
    info.scheme = v.scheme;
    info.top = true;
    Bind(std::string(Text(d)), v);
  }

  // What the name of an identifier pattern stands for: `U.Case` is the case of the union U (a
  // [<RequireQualifiedAccess>] union's cases are written so); otherwise the name's value in
  // scope, or null. `storage` holds a qualified case's value.
  const Value* LookupPatternName(NodeId p, Value& storage) {
    const std::string_view name = Text(p);
    if (const TypeName* owner = PatternQualifier(p); owner != nullptr) {
      const int def = types_.ctor(owner->ctor).def;
      if (const int index = CaseIndex(def, name); index >= 0) {
        storage = CaseValue(def, index);
        return &storage;
      }
    }
    return Lookup(name);
  }

  // The index of the case `name` of union `def`, or -1.
  int CaseIndex(int def, std::string_view name) const {
    const UnionDef& u = unions_[static_cast<size_t>(def)];
    for (size_t i = 0; i < u.cases.size(); ++i) {
      if (u.cases[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }

  // Whether an identifier pattern is written `A.B` (the parser keeps B as the pattern's token,
  // the tokens before it, inside the pattern's span, are `A` `.`).
  bool IsQualifiedPattern(NodeId p) const {
    const TokenIndex name = ast_.token(p);
    if (!name.is_valid() || name.index < 2) return false;
    const TokenIndex dot{name.index - 1}, qualifier{name.index - 2};
    return tokens_.kind(dot) == TokenKind::kDot && tokens_.kind(qualifier) == TokenKind::kIdentifier &&
           tokens_.span(qualifier).begin >= SpanOf(p).begin;
  }
  // `A.B.Name` as written, for diagnostics.
  std::string PatternText(NodeId p) const {
    const TokenIndex name = ast_.token(p);
    std::string text(Text(p));
    for (int32_t i = name.index - 1; i >= 1; i -= 2) {
      const TokenIndex dot{i}, part{i - 1};
      if (tokens_.kind(dot) != TokenKind::kDot || tokens_.kind(part) != TokenKind::kIdentifier ||
          tokens_.span(part).begin < SpanOf(p).begin) {
        break;
      }
      text = Cat(tokens_.text(part), ".", text);
    }
    return text;
  }

  // The union U of a pattern `U.Case ..`, or null.
  const TypeName* PatternQualifier(NodeId p) const {
    if (!IsQualifiedPattern(p)) return nullptr;
    const TokenIndex qualifier{ast_.token(p).index - 2};
    const TypeName* type = LookupType(tokens_.text(qualifier));
    if (type == nullptr || type->ctor < 0 || types_.ctor(type->ctor).kind != TypeCtor::Kind::kUnion) return nullptr;
    return type;
  }

  bool IsAttribute(NodeId attribute, std::string_view name) const {
    if (Kind(attribute) != N::kAttribute || Kids(attribute).size() == 0) return false;
    auto names = LongIdentParts(Kids(attribute)[0]);
    return !names.empty() && (names.back() == name || names.back() == Cat(name, "Attribute"));
  }
  bool IsEntryPointAttribute(NodeId attribute) const { return IsAttribute(attribute, "EntryPoint"); }

  // [<EntryPoint>] let main argv = ..: a function of the command line (string[], without the
  // program's name) whose int result is the exit code. Its type is known before its body is
  // checked, so `argv.Length` needs no annotation.
  void CheckEntryPoint(NodeId attributed, NodeId decl) {
    const bool in_module = module_stack_.size() > 1;
    NodeId head;
    if (Kind(decl) == N::kLet) {
      for (NodeId b : Kids(decl)) {
        if (Kind(b) == N::kBinding) {
          head = Parts(b).head;
          break;
        }
      }
    }
    if (!head.is_valid() || !IsFunctionHead(ast_, head) || Kids(head).size() != 1 || in_module ||
        out_.entry_point >= 0) {
      Error(DiagKind::kBadEntryPoint, SpanOf(attributed),
            in_module || out_.entry_point >= 0
                ? "[<EntryPoint>] marks one function at the top level of the program's file"
                : "[<EntryPoint>] marks a function of one argument: let main (argv: string[]) : int = ..");
      return CheckDecl(decl);
    }
    entry_point_params_ = {types_.Con(TypeStore::kArray, {Prim(TypeStore::kString)})};
    entry_point_result_ = Prim(TypeStore::kInt);
    CheckDecl(decl);
    out_.entry_point = decl.index;
  }

  // [<Export("name")>] on a let: the C name its function is exported under.
  void RecordExport(NodeId attribute, NodeId decl) {
    if (Kind(attribute) != N::kAttribute || !build_psg_) return;
    auto parts = Kids(attribute);
    if (parts.size() != 2 || Kind(parts[0]) != N::kLongIdent || Kind(parts[1]) != N::kParen) return;
    auto names = LongIdentParts(parts[0]);
    if (names.empty() || names.back() != "Export") return;
    auto args = Kids(parts[1]);
    if (args.size() != 1 || Kind(args[0]) != N::kLiteral) {
      Error(DiagKind::kTypeMismatch, SpanOf(attribute), "Export takes the C name as a string: [<Export(\"name\")>]");
      return;
    }
    std::string name(Text(args[0]));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    out_.exports[decl.index] = name;
  }

  std::vector<std::string_view> LongIdentParts(NodeId n) const {
    std::vector<std::string_view> parts;
    if (Kind(n) == N::kLongIdent) {
      for (NodeId part : Kids(n)) parts.push_back(Text(part));
    } else if (Kind(n) == N::kIdent) {
      parts.push_back(Text(n));
    }
    return parts;
  }

  void CheckOpen(NodeId d) {
    auto kids = Kids(d);
    if (kids.size() == 0) return;
    std::vector<std::string_view> parts = LongIdentParts(kids[0]);
    if (parts.empty()) return;
    // `open System` brings its exception constructors (ArgumentException "msg"); System's other
    // namespaces and these others carry nothing else Clef programs use.
    if (parts.size() == 1 && parts[0] == "System") {
      if (std::shared_ptr<Module> system = FindModule("System")) {
        for (const auto& [name, value] : system->values) scopes_.back()[name] = value;
      }
      return;
    }
    if (parts[0] == "System" || parts[0] == "Microsoft" || parts[0] == "Alloy" || parts[0] == "Fidelity") return;
    std::shared_ptr<Module> m = FindModule(parts[0]);
    for (size_t i = 1; m != nullptr && i < parts.size(); ++i) {
      auto it = m->modules.find(std::string(parts[i]));
      m = it == m->modules.end() ? nullptr : it->second;
    }
    if (m == nullptr) {
      Error(DiagKind::kUndefinedName, SpanOf(kids[0]),
            Cat("The namespace or module '", parts.back(), "' is not defined."));
      return;
    }
    for (const auto& [name, value] : m->values) scopes_.back()[name] = value;
    for (const auto& [name, type] : m->types) type_scopes_.back()[name] = type;
    for (const auto& [name, sub] : m->modules) modules_in_scope_[name] = sub;
  }

  void CheckNestedModule(NodeId d) {
    auto kids = Kids(d);
    std::string name;
    if (kids.size() > 0) {
      std::vector<std::string_view> parts = LongIdentParts(kids[0]);
      if (!parts.empty()) name = std::string(parts.back());
    }
    std::vector<NodeId> body;
    for (NodeId child : kids) {
      if (Kind(child) != N::kLongIdent && Kind(child) != N::kIdent) body.push_back(child);
    }
    CheckModuleBody(name, body, InLibrary(d));
  }

  // The declarations `body` as module `name` of the current module. The library's modules
  // extend the prelude's (List, Option, ..) instead of hiding them.
  void CheckModuleBody(const std::string& name, const std::vector<NodeId>& body, bool in_library) {
    std::shared_ptr<Module> m = in_library && module_stack_.size() == 1 ? FindModule(name) : nullptr;
    if (m == nullptr) m = std::make_shared<Module>();
    module_stack_.back()->modules[name] = m;
    module_stack_.back()->nested.emplace_back(name, m);
    module_stack_.back()->nested_at.push_back(module_stack_.back()->order.size());
    module_stack_.push_back(m);
    const std::string saved_path = module_path_;
    module_path_ = module_path_.empty() ? name : Cat(module_path_, ".", name);
    scopes_.emplace_back();
    type_scopes_.emplace_back();
    const size_t saved_depth = module_scope_depth_;
    module_scope_depth_ = scopes_.size() - 1;
    auto saved_modules = modules_in_scope_;
    for (NodeId child : body) CheckDecl(child);
    modules_in_scope_ = std::move(saved_modules);
    module_path_ = saved_path;
    module_scope_depth_ = saved_depth;
    scopes_.pop_back();
    type_scopes_.pop_back();
    module_stack_.pop_back();
    modules_in_scope_[name] = m;
    // The module's types stay reachable by their qualified name only; its cases and record
    // fields are found through the types.
  }

  // type .. and ..: names first (they may refer to each other), then representations.
  void CheckTypeGroup(NodeId d) {
    struct Pending {
      NodeId def;
      int ctor;
      std::map<std::string, TypeId, std::less<>> params;
      std::vector<TypeId> param_list;
    };
    std::vector<Pending> pending;
    for (NodeId def : Kids(d)) {
      if (Kind(def) != N::kTypeDef) continue;
      Pending p;
      p.def = def;
      for (NodeId child : Kids(def)) {
        if (Kind(child) != N::kTypeParams) continue;
        for (NodeId param : Kids(child)) {
          TypeId v = types_.NewVar(1);
          p.params[std::string(Text(param))] = v;
          p.param_list.push_back(v);
        }
      }
      TypeCtor c;
      c.name = std::string(Text(def));
      c.arity = static_cast<int>(p.param_list.size());
      p.ctor = types_.AddCtor(c);
      DeclareType(c.name, TypeName{p.ctor, {}, -1});
      pending.push_back(std::move(p));
    }
    for (Pending& p : pending) {
      NodeId repr;
      for (NodeId child : Kids(p.def)) {
        if (Kind(child) != N::kTypeParams) repr = child;
      }
      if (!repr.is_valid()) continue;
      type_params_ = &p.params;
      switch (Kind(repr)) {
        case N::kRecordRepr: {
          RecordDef r;
          r.ctor = p.ctor;
          r.params = p.param_list;
          for (NodeId field : Kids(repr)) {
            auto fk = Kids(field);
            TypeId t = fk.size() > 0 ? TypeOf(fk[0]) : Fresh();
            r.fields.push_back({std::string(Text(field)), t, (ast_.flags(field) & kFlagMutable) != 0});
          }
          types_.mutable_ctor(p.ctor).kind = TypeCtor::Kind::kRecord;
          types_.mutable_ctor(p.ctor).def = static_cast<int>(records_.size());
          for (const RecordDef::Field& f : r.fields) field_owner_[f.name] = static_cast<int>(records_.size());
          records_.push_back(std::move(r));
          break;
        }
        case N::kUnionRepr: {
          UnionDef u;
          u.ctor = p.ctor;
          u.params = p.param_list;
          for (NodeId c : Kids(repr)) {
            UnionDef::Case uc;
            uc.name = std::string(Text(c));
            for (NodeId field : Kids(c)) {
              auto fk = Kids(field);
              uc.fields.push_back(fk.size() > 0 ? TypeOf(fk[0]) : Fresh());
            }
            u.cases.push_back(std::move(uc));
          }
          types_.mutable_ctor(p.ctor).kind = TypeCtor::Kind::kUnion;
          types_.mutable_ctor(p.ctor).def = static_cast<int>(unions_.size());
          unions_.push_back(std::move(u));
          if (p.def.index != qualified_only_def_.index) DeclareCases(static_cast<int>(unions_.size()) - 1, scopes_.back());
          break;
        }
        case N::kAbbrevRepr: {
          auto rk = Kids(repr);
          TypeName abbrev;
          abbrev.abbrev_params = p.param_list;
          abbrev.abbrev_body = rk.size() > 0 ? TypeOf(rk[0]) : Fresh();
          DeclareType(std::string(Text(p.def)), abbrev);
          break;
        }
        case N::kClassRepr:
          CheckClass(p.def, repr, p.ctor, p.param_list);
          break;
        default:
          Error(DiagKind::kNotSupportedYet, SpanOf(repr),
                Cat("this type definition (", NodeKindName(Kind(repr)), ") is not supported by the type checker yet"));
      }
      type_params_ = nullptr;
    }
  }

  // `type B(args) = let ..; member ..`: the primary constructor's parameters are in scope in
  // the class's lets and members; the members form one recursive group (monomorphic inside,
  // generalized after), the constructor is a function named like the type.
  void CheckClass(NodeId def, NodeId repr, int ctor, const std::vector<TypeId>& params) {
    const size_t index = classes_.size();
    classes_.emplace_back();
    classes_[index].ctor = ctor;
    classes_[index].params = params;
    classes_[index].node = repr;
    types_.mutable_ctor(ctor).kind = TypeCtor::Kind::kClass;
    types_.mutable_ctor(ctor).def = static_cast<int>(index);
    const std::string name(Text(def));
    const TypeId self = types_.Con(ctor, params);
    annotation_vars_.clear();
    ++level_;
    scopes_.emplace_back();
    auto kids = Kids(repr);
    std::vector<PatVar> ctor_vars;
    const TypeId ctor_arg = kids.size() > 0 ? InferPattern(kids[0], ctor_vars) : Prim(TypeStore::kUnit);
    for (PatVar& v : ctor_vars) BindLocal(v);
    const int constructor = NewBinding(name, def, false);
    {
      Value v;
      v.scheme.body = types_.Fun(ctor_arg, self);
      v.id = constructor;
      scopes_.back()[name] = v;
    }
    for (size_t i = 1; i < kids.size(); ++i) {
      if (Kind(kids[i]) != N::kMember) continue;
      MemberDef m;
      m.name = std::string(Text(kids[i]));
      m.is_static = (ast_.flags(kids[i]) & kFlagStatic) != 0;
      m.node = kids[i];
      m.scheme.body = m.is_static ? Fresh() : types_.Fun(self, Fresh());
      m.binding = NewBinding(Cat(name, ".", m.name), kids[i], false);
      if (classes_[index].members.count(m.name) > 0) {
        Error(DiagKind::kDuplicateName, SpanOf(kids[i]),
              Cat("The member '", m.name, "' is defined twice (overloads are not supported)"));
        continue;
      }
      classes_[index].members[m.name] = std::move(m);
    }
    for (size_t i = 1; i < kids.size(); ++i) {
      if (Kind(kids[i]) == N::kLet) CheckLet(kids[i], /*top=*/false);
      if (Kind(kids[i]) == N::kMember) CheckMember(kids[i], self, classes_[index].members.at(std::string(Text(kids[i]))));
    }
    scopes_.pop_back();
    --level_;
    ResolveNumericUses(level_);
    for (auto& [member_name, m] : classes_[index].members) {
      m.scheme = Generalize(m.scheme.body, true);
      out_.bindings[static_cast<size_t>(m.binding)].scheme = m.scheme;
    }
    Value v;
    v.kind = Value::Kind::kConstructor;
    v.scheme = Generalize(types_.Fun(ctor_arg, self), true);
    v.id = constructor;
    if (scopes_.size() == module_scope_depth_ + 1) {
      module_stack_.back()->classes.emplace_back(module_stack_.back()->order.size(), static_cast<int>(index));
    }
    out_.bindings[static_cast<size_t>(constructor)].top = level_ == 0;
    classes_[index].constructor = constructor;
    Bind(name, v);
  }
  void CheckMember(NodeId member, TypeId self, MemberDef& def) {
    if (def.node.index != member.index) return;  // a duplicate, reported
    annotation_vars_.clear();  // a member's 'a are its own
    auto kids = Kids(member);
    scopes_.emplace_back();
    size_t i = 0;
    if (!def.is_static && kids.size() > 0) {
      std::vector<PatVar> vars;
      Expect(self, InferPattern(kids[0], vars), SpanOf(kids[0]));
      for (PatVar& v : vars) BindLocal(v);
      i = 1;
    }
    std::vector<TypeId> params;
    NodeId return_type, body;
    for (; i < kids.size(); ++i) {
      if (Kind(kids[i]) == N::kReturnType) {
        return_type = kids[i];
      } else if (i + 1 == kids.size()) {
        body = kids[i];
      } else {
        std::vector<PatVar> vars;
        params.push_back(InferPattern(kids[i], vars));
        for (PatVar& v : vars) BindLocal(v);
      }
    }
    TypeId result = body.is_valid() ? Infer(body) : Fresh();
    if (return_type.is_valid() && Kids(return_type).size() > 0) {
      Expect(TypeOf(Kids(return_type)[0]), result, body.is_valid() ? SpanOf(body) : SpanOf(member));
    }
    for (auto it = params.rbegin(); it != params.rend(); ++it) result = types_.Fun(*it, result);
    scopes_.pop_back();
    Expect(def.scheme.body, def.is_static ? result : types_.Fun(self, result), SpanOf(member));
  }
  void DeclareType(const std::string& name, TypeName t) {
    type_scopes_.back()[name] = t;
    if (scopes_.size() == module_scope_depth_ + 1) module_stack_.back()->types[name] = t;
  }

  // A syntactic type to a type term. Type variables ('a) are those of the enclosing type
  // definition, or flexible ones shared within one binding (F#'s rule for annotations).
  TypeId TypeOf(NodeId n) {
    switch (Kind(n)) {
      case N::kTypeVar: {
        std::string name(Text(n));
        if (type_params_ != nullptr) {
          auto it = type_params_->find(name);
          if (it != type_params_->end()) return it->second;
        }
        auto it = annotation_vars_.find(name);
        if (it != annotation_vars_.end()) return it->second;
        TypeId v = Fresh();
        annotation_vars_[name] = v;
        return v;
      }
      case N::kTypeName:
        return NamedType(n, {});
      case N::kTypeApp: {
        auto kids = Kids(n);
        std::vector<TypeId> args;
        for (size_t i = 1; i < kids.size(); ++i) args.push_back(TypeOf(kids[i]));
        if (Kind(kids[0]) != N::kTypeName) return Fresh();
        return NamedType(kids[0], std::move(args));
      }
      case N::kTypeFun: {
        auto kids = Kids(n);
        return types_.Fun(TypeOf(kids[0]), TypeOf(kids[1]));
      }
      case N::kTypeTuple: {
        std::vector<TypeId> parts;
        for (NodeId k : Kids(n)) parts.push_back(TypeOf(k));
        return types_.Con(TypeStore::kTuple, parts);
      }
      case N::kTypeArray:
        return types_.Con(TypeStore::kArray, {TypeOf(Kids(n)[0])});
      default:
        return Fresh();
    }
  }
  TypeId NamedType(NodeId n, std::vector<TypeId> args) {
    std::string_view name = Text(n);
    const TypeName* t = nullptr;
    auto kids = Kids(n);
    if (kids.size() > 0) {
      // Qualified: M.T
      std::vector<std::string_view> parts = LongIdentParts(kids[0]);
      std::shared_ptr<Module> m = parts.empty() ? nullptr : FindModule(parts[0]);
      for (size_t i = 1; m != nullptr && i < parts.size(); ++i) {
        auto it = m->modules.find(std::string(parts[i]));
        m = it == m->modules.end() ? nullptr : it->second;
      }
      if (m != nullptr) {
        auto it = m->types.find(std::string(name));
        if (it != m->types.end()) t = &it->second;
      }
    } else {
      t = LookupType(name);
    }
    if (t == nullptr) {
      Error(DiagKind::kUndefinedName, SpanOf(n), Cat("The type '", name, "' is not defined."));
      return Fresh();
    }
    if (t->ctor < 0) {  // an abbreviation
      if (args.size() != t->abbrev_params.size()) {
        Error(DiagKind::kTypeArity, SpanOf(n),
              Cat("The type '", name, "' expects ", t->abbrev_params.size(), " type argument(s) but is given ", args.size()));
        return Fresh();
      }
      std::unordered_map<TypeId, TypeId> map;
      for (size_t i = 0; i < args.size(); ++i) map[types_.Resolve(t->abbrev_params[i])] = args[i];
      return Copy(t->abbrev_body, map);
    }
    const TypeCtor& c = types_.ctor(t->ctor);
    if (c.arity >= 0 && static_cast<int>(args.size()) != c.arity) {
      Error(DiagKind::kTypeArity, SpanOf(n),
            Cat("The type '", name, "' expects ", c.arity, " type argument(s) but is given ", args.size()));
      return Fresh();
    }
    return types_.Con(t->ctor, std::move(args));
  }

  // ---- let bindings. ----
  // A binding's head: `f x y` (a function), or a pattern.
  static bool IsFunctionHead(const Ast& ast, NodeId head) {
    return ast.kind(head) == N::kPatIdent && ast.children(head).size() > 0;
  }
  bool IsCaseName(std::string_view name) const {
    const Value* v = Lookup(name);
    return v != nullptr && v->kind == Value::Kind::kUnionCase;
  }

  // F#'s value restriction: only syntactic values (and functions) are generalized.
  bool IsGeneralizable(NodeId e) const {
    switch (Kind(e)) {
      case N::kLambda:
      case N::kFunction:
      case N::kLiteral:
      case N::kUnit:
      case N::kIdent:
      case N::kNull:
        return true;
      case N::kParen:
      case N::kTuple:
      case N::kList:
        for (NodeId k : Kids(e)) {
          if (!IsGeneralizable(k)) return false;
        }
        return true;
      case N::kTyped:
        return IsGeneralizable(Kids(e)[0]);
      case N::kRecord:  // { Items = [] }: a record of generalizable values is one too
        for (NodeId field : Kids(e)) {
          if (Kind(field) != N::kFieldInit || Kids(field).size() != 1 || !IsGeneralizable(Kids(field)[0])) return false;
        }
        return true;
      case N::kApp: {
        auto kids = Kids(e);
        if (Kind(kids[0]) != N::kIdent || !IsCaseName(Text(kids[0]))) return false;
        for (size_t i = 1; i < kids.size(); ++i) {
          if (!IsGeneralizable(kids[i])) return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

  struct BindingParts {
    NodeId head, body;
    NodeId return_type;
  };
  BindingParts Parts(NodeId binding) const {
    BindingParts p;
    for (NodeId k : Kids(binding)) {
      if (!p.head.is_valid()) {
        p.head = k;
      } else if (Kind(k) == N::kReturnType) {
        p.return_type = k;
      } else {
        p.body = k;
      }
    }
    return p;
  }

  void CheckLet(NodeId let, bool top) {
    const bool rec = (ast_.flags(let) & kFlagRec) != 0;
    const bool is_mutable = (ast_.flags(let) & kFlagMutable) != 0;
    const bool is_inline = (ast_.flags(let) & kFlagInline) != 0;
    std::vector<NodeId> bindings;
    for (NodeId b : Kids(let)) {
      if (Kind(b) == N::kBinding) bindings.push_back(b);
    }
    const bool saved_local = in_local_;
    const int errors_at_start = diags_.error_count();
    in_local_ = !top;
    annotation_vars_.clear();
    ++level_;
    // A recursive group: every name is in scope, monomorphic, while the bodies are checked.
    std::vector<TypeId> rec_types;
    std::vector<int> rec_ids;
    if (rec) {
      scopes_.emplace_back();
      for (NodeId b : bindings) {
        BindingParts p = Parts(b);
        TypeId t = Fresh();
        rec_types.push_back(t);
        std::string name = Kind(p.head) == N::kPatIdent ? std::string(Text(p.head)) : std::string();
        rec_ids.push_back(-1);
        if (!name.empty()) {
          Value v;
          v.scheme.body = t;
          v.id = rec_ids.back() = NewBinding(name, p.head, false);
          scopes_.back()[name] = v;
        }
      }
    }
    struct Result {
      NodeId head;
      TypeId type;
      bool generalizable;
      std::vector<PatVar> pattern_vars;
      int rec_id;
    };
    std::vector<Result> results;
    for (size_t i = 0; i < bindings.size(); ++i) {
      BindingParts p = Parts(bindings[i]);
      Result r;
      r.head = p.head;
      r.rec_id = rec ? rec_ids[i] : -1;
      if (IsFunctionHead(ast_, p.head)) {
        r.type = InferFunction(p.head, p.return_type, p.body);
        r.generalizable = true;
      } else {
        TypeId body = p.body.is_valid() ? Infer(p.body) : Fresh();
        if (p.return_type.is_valid()) Expect(TypeOf(Kids(p.return_type)[0]), body, SpanOf(p.body));
        r.pattern_vars.clear();
        scopes_.emplace_back();
        TypeId pat = InferPattern(p.head, r.pattern_vars);
        scopes_.pop_back();
        Expect(pat, body, p.body.is_valid() ? SpanOf(p.body) : SpanOf(p.head));
        r.type = body;
        r.generalizable = p.body.is_valid() && IsGeneralizable(p.body) && !is_mutable;
      }
      if (rec) Expect(rec_types[i], r.type, SpanOf(p.head));
      results.push_back(std::move(r));
    }
    if (rec) scopes_.pop_back();
    --level_;
    // `inline`: operators on types still unknown become constraints of the generalized
    // function (checked at each use) instead of defaulting to int — F#'s static resolution.
    std::vector<NumericUse> inline_constraints;
    if (is_inline) {
      std::vector<NumericUse> keep;
      for (NumericUse& use : numeric_uses_) {
        const TypeId t = types_.Resolve(use.type);
        (types_.IsVar(t) && types_.Level(t) > level_ ? inline_constraints : keep).push_back(use);
      }
      numeric_uses_ = std::move(keep);
    }
    ResolveNumericUses(level_);
    in_local_ = saved_local;
    for (Result& r : results) {
      auto bind = [&](const std::string& name, TypeId t, NodeId node, int id) {
        Value v;
        v.scheme = Generalize(t, r.generalizable);
        for (const NumericUse& c : inline_constraints) {
          const TypeId var = types_.Resolve(c.type);
          const bool quantified = std::find(v.scheme.vars.begin(), v.scheme.vars.end(), var) != v.scheme.vars.end();
          const std::pair<TypeId, std::string> constraint{var, c.op};
          if (quantified && std::find(v.scheme.constraints.begin(), v.scheme.constraints.end(), constraint) ==
                                v.scheme.constraints.end()) {
            v.scheme.constraints.push_back(constraint);
          }
        }
        v.is_mutable = is_mutable;
        v.id = id >= 0 ? id : NewBinding(name, node, is_mutable);
        BindingInfo& info = out_.bindings[static_cast<size_t>(v.id)];
        info.is_mutable = is_mutable;
        info.is_inline = is_inline;
        info.is_rec = rec;
        info.top = top;
        const Span span = SpanOf(r.head);
        // (A binding whose inference already failed is not reported again.)
        if (top && !r.generalizable && HasFreeVars(t) && diags_.error_count() == errors_at_start) {
          restricted_.push_back({name, span, t});
        }
        Bind(name, v);
      };
      if (IsFunctionHead(ast_, r.head)) {
        bind(std::string(Text(r.head)), r.type, r.head, r.rec_id);
      } else {
        for (PatVar& var : r.pattern_vars) {
          bind(var.name, var.type, var.node, var.node.index == r.head.index ? r.rec_id : -1);
        }
      }
    }
  }

  // `f a b = body` → the function's type; parameters are patterns.
  TypeId InferFunction(NodeId head, NodeId return_type, NodeId body) {
    scopes_.emplace_back();
    std::vector<TypeId> params;
    const std::vector<TypeId> entry_params = std::exchange(entry_point_params_, {});
    const TypeId entry_result = std::exchange(entry_point_result_, -1);
    for (NodeId arg : Kids(head)) {
      std::vector<PatVar> vars;
      params.push_back(InferPattern(arg, vars));
      if (params.size() <= entry_params.size()) Expect(entry_params[params.size() - 1], params.back(), SpanOf(arg));
      for (PatVar& v : vars) BindLocal(v);
    }
    TypeId result = body.is_valid() ? Infer(body) : Fresh();
    if (entry_result >= 0) Expect(entry_result, result, body.is_valid() ? SpanOf(body) : SpanOf(head));
    if (return_type.is_valid() && Kids(return_type).size() > 0) {
      Expect(TypeOf(Kids(return_type)[0]), result, body.is_valid() ? SpanOf(body) : SpanOf(head));
    }
    scopes_.pop_back();
    for (auto it = params.rbegin(); it != params.rend(); ++it) result = types_.Fun(*it, result);
    return result;
  }

  int BindLocal(const std::string& name, TypeId t, NodeId node, bool is_mutable = false) {
    Value v;
    v.scheme.body = t;
    v.is_mutable = is_mutable;
    v.id = NewBinding(name, node, is_mutable);
    out_.bindings[static_cast<size_t>(v.id)].scheme = v.scheme;
    scopes_.back()[name] = v;
    return v.id;
  }
  int BindLocal(const PatVar& var) { return BindLocal(var.name, var.type, var.node); }

  // ---- Patterns: the type matched, and the variables bound (in `vars`). ----
  TypeId InferPattern(NodeId p, std::vector<PatVar>& vars) {
    const TypeId t = InferPatternNode(p, vars);
    out_.node_types[static_cast<size_t>(p.index)] = t;
    return t;
  }
  TypeId InferPatternNode(NodeId p, std::vector<PatVar>& vars) {
    switch (Kind(p)) {
      case N::kPatWild:
        return Fresh();
      case N::kPatUnit:
        return Prim(TypeStore::kUnit);
      case N::kPatParen:
        return InferPattern(Kids(p)[0], vars);
      case N::kPatLiteral:
        return LiteralType(ast_.token(p));
      case N::kPatTyped: {
        auto kids = Kids(p);
        TypeId t = InferPattern(kids[0], vars);
        Expect(TypeOf(kids[1]), t, SpanOf(kids[0]));
        return t;
      }
      case N::kPatTypeTest: {
        // :? T on an exception: T one of .NET's exception types the runtime raises (a case of
        // exn), or Exception / exn itself (any exception).
        const int index = ExceptionTypeIndex(Kids(p)[0]);
        if (index == -2) {
          Error(DiagKind::kNotSupportedYet, SpanOf(p),
                Cat("Type tests are supported on exceptions only, for ", ExceptionTypeList(),
                    " and System.Exception"));
        }
        out_.type_tests[p.index] = index;
        return Prim(TypeStore::kExn);
      }
      case N::kPatTuple: {
        std::vector<TypeId> parts;
        for (NodeId k : Kids(p)) parts.push_back(InferPattern(k, vars));
        return types_.Con(TypeStore::kTuple, parts);
      }
      case N::kPatList:
      case N::kPatArray: {
        TypeId element = Fresh();
        for (NodeId k : Kids(p)) Expect(element, InferPattern(k, vars), SpanOf(k));
        return types_.Con(Kind(p) == N::kPatList ? TypeStore::kList : TypeStore::kArray, {element});
      }
      case N::kPatCons: {
        auto kids = Kids(p);
        TypeId head = InferPattern(kids[0], vars);
        TypeId list = types_.Con(TypeStore::kList, {head});
        Expect(list, InferPattern(kids[1], vars), SpanOf(kids[1]));
        return list;
      }
      case N::kPatAs: {
        TypeId t = InferPattern(Kids(p)[0], vars);
        AddPatternVar(vars, std::string(Text(p)), t, p);
        return t;
      }
      case N::kPatOr: {
        auto kids = Kids(p);
        const size_t before = vars.size();
        TypeId t = InferPattern(kids[0], vars);
        const size_t first_count = vars.size() - before;
        for (size_t i = 1; i < kids.size(); ++i) {
          std::vector<PatVar> other;
          Expect(t, InferPattern(kids[i], other), SpanOf(kids[i]));
          // Every alternative binds the same names (F#'s FS0018); else a name would be unbound
          // when another alternative matched.
          bool same = other.size() == first_count;
          for (const PatVar& o : other) {
            same = same && std::any_of(vars.begin() + static_cast<long>(before), vars.end(),
                                       [&](const PatVar& v) { return v.name == o.name; });
          }
          if (!same) {
            Error(DiagKind::kOrPatternVariables, SpanOf(kids[i]),
                  "The two sides of this 'or' pattern bind different sets of variables");
          }
          for (PatVar& o : other) {
            auto it = std::find_if(vars.begin(), vars.end(), [&](const PatVar& v) { return v.name == o.name; });
            if (it != vars.end()) {
              Expect(it->type, o.type, SpanOf(kids[i]));
              if (build_psg_ && o.node.is_valid() && it->node.is_valid()) out_.or_aliases[o.node.index] = it->node.index;
            }
          }
        }
        return t;
      }
      case N::kPatRecord: {
        TypeId record = -1;
        for (NodeId field : Kids(p)) {
          std::string name(Text(field));
          auto owner = field_owner_.find(name);
          if (owner == field_owner_.end()) {
            Error(DiagKind::kUndefinedName, SpanOf(field), Cat("The record label '", name, "' is not defined."));
            continue;
          }
          const RecordDef& r = records_[static_cast<size_t>(owner->second)];
          if (record < 0) record = InstantiateRecord(r);
          TypeId field_type = FieldType(record, r, name);
          auto fk = Kids(field);
          if (fk.size() > 0) Expect(field_type, InferPattern(fk[0], vars), SpanOf(fk[0]));
        }
        return record < 0 ? Fresh() : record;
      }
      case N::kPatIdent: {
        std::string name(Text(p));
        auto args = Kids(p);
        Value qualified_case;
        const Value* v = LookupPatternName(p, qualified_case);
        const bool is_case = v != nullptr && v->kind == Value::Kind::kUnionCase;
        if (!is_case && IsQualifiedPattern(p)) {
          // `X.Name` is never a variable: an unknown case must not match everything.
          Error(DiagKind::kUndefinedName, SpanOf(p),
                Cat("The pattern discriminator '", PatternText(p), "' is not defined."));
          for (NodeId a : args) InferPattern(a, vars);
          return Fresh();
        }
        if (!is_case && args.size() == 0) {
          AddPatternVar(vars, name, Fresh(), p);
          return vars.back().type;
        }
        if (!is_case) {
          Error(DiagKind::kUndefinedName, SpanOf(p),
                Cat("The pattern discriminator '", name, "' is not defined.", Suggest(name)));
          for (NodeId a : args) InferPattern(a, vars);
          return Fresh();
        }
        TypeId t = UseValue(p, *v);
        const UnionDef::Case& c = unions_[static_cast<size_t>(v->union_def)].cases[static_cast<size_t>(v->case_index)];
        if (c.fields.empty()) {
          if (args.size() > 0) {
            Error(DiagKind::kTypeMismatch, SpanOf(p),
                  Cat("This union case does not take arguments"));
          }
          return t;
        }
        const std::vector<TypeId> fn = types_.Args(t);  // field(s) -> union
        if (args.size() == 0) {
          Error(DiagKind::kTypeMismatch, SpanOf(p),
                Cat("This union case expects ", c.fields.size(), " argument(s) in tupled form"));
          return fn[1];
        }
        TypeId arg = args.size() == 1 ? InferPattern(args[0], vars) : Fresh();
        // `Case _` matches all fields of a multi-field case.
        if (!(c.fields.size() > 1 && args.size() == 1 && Kind(args[0]) == N::kPatWild)) {
          Expect(fn[0], arg, SpanOf(args[0]));
        }
        return fn[1];
      }
      default:
        Error(DiagKind::kNotSupportedYet, SpanOf(p), "this pattern is not supported by the type checker yet");
        return Fresh();
    }
  }
  void AddPatternVar(std::vector<PatVar>& vars, std::string name, TypeId t, NodeId node) {
    for (const PatVar& existing : vars) {
      if (existing.name == name) {
        Error(DiagKind::kDuplicateName, SpanOf(node),
              Cat("'", name, "' is bound twice in this pattern"));
        return;
      }
    }
    vars.push_back(PatVar{std::move(name), t, node});
  }

  TypeId InstantiateRecord(const RecordDef& r) {
    std::vector<TypeId> args;
    for (size_t i = 0; i < r.params.size(); ++i) args.push_back(Fresh());
    return types_.Con(r.ctor, args);
  }
  // The type of field `name` in `record` (an instance of `r`).
  TypeId FieldType(TypeId record, const RecordDef& r, std::string_view name) {
    std::unordered_map<TypeId, TypeId> map;
    const std::vector<TypeId> args = types_.Args(record);
    for (size_t i = 0; i < r.params.size() && i < args.size(); ++i) map[types_.Resolve(r.params[i])] = args[i];
    for (const RecordDef::Field& f : r.fields) {
      if (f.name == name) return Copy(f.type, map);
    }
    return Fresh();
  }

  // The type an integer literal's suffix gives it (F# spec 3.8.1).
  static int IntLiteralType(std::string_view text) {
    const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    size_t end = text.size();
    // Hex digits include a-f: only the known suffixes count there.
    static const std::pair<std::string_view, int> kSuffixes[] = {
        {"uy", TypeStore::kByte},   {"y", TypeStore::kSByte},       {"us", TypeStore::kUInt16},
        {"s", TypeStore::kInt16},   {"UL", TypeStore::kUInt64},     {"uL", TypeStore::kUInt64},
        {"ul", TypeStore::kUInt32}, {"L", TypeStore::kInt64},       {"un", TypeStore::kUNativeInt},
        {"n", TypeStore::kNativeInt}, {"u", TypeStore::kUInt32},    {"l", TypeStore::kInt}};
    for (const auto& [suffix, type] : kSuffixes) {
      if (end > suffix.size() && text.substr(end - suffix.size()) == suffix) {
        if (hex && suffix != "L" && suffix != "UL" && suffix != "uy" && suffix != "y" && suffix != "us" &&
            suffix != "s" && suffix != "un" && suffix != "n" && suffix != "u" && suffix != "l" && suffix != "uL" &&
            suffix != "ul") {
          continue;
        }
        return type;
      }
    }
    return TypeStore::kInt;
  }

  // ---- Expressions. ----
  TypeId LiteralType(TokenIndex t) {
    if (!t.is_valid()) return Fresh();
    switch (tokens_.kind(t)) {
      case TokenKind::kIntLiteral:
      case TokenKind::kInt64Literal:
        return Prim(IntLiteralType(tokens_.text(t)));
      case TokenKind::kFloatLiteral:
        return Prim(TypeStore::kFloat);
      case TokenKind::kCharLiteral:
        return Prim(TypeStore::kChar);
      case TokenKind::kStringLiteral:
        return Prim(TypeStore::kString);
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        return Prim(TypeStore::kBool);
      default:
        return Fresh();
    }
  }

  // Every expression's type is kept for the PSG.
  TypeId Infer(NodeId e) {
    const TypeId t = InferNode(e);
    out_.node_types[static_cast<size_t>(e.index)] = t;
    return t;
  }
  TypeId InferNode(NodeId e) {
    switch (Kind(e)) {
      case N::kLiteral:
        return LiteralType(ast_.token(e));
      case N::kInterpolated:
        return InferInterpolated(e, "sprintf");
      case N::kUnit:
        return Prim(TypeStore::kUnit);
      case N::kParen:
        return Kids(e).size() > 0 ? Infer(Kids(e)[0]) : Prim(TypeStore::kUnit);
      case N::kIdent:
        return InferIdent(e);
      case N::kTuple: {
        const std::vector<TypeId> hints = std::exchange(tuple_hints_, {});
        std::vector<TypeId> parts;
        for (NodeId k : Kids(e)) {
          if (parts.size() < hints.size() && IsFun(k)) lambda_hint_ = hints[parts.size()];
          parts.push_back(Infer(k));
          lambda_hint_ = -1;
        }
        return types_.Con(TypeStore::kTuple, parts);
      }
      case N::kList:
      case N::kArray:
        return InferCollection(e, Kind(e) == N::kList ? TypeStore::kList : TypeStore::kArray);
      case N::kRecord:
      case N::kRecordCopy:
        return InferRecord(e);
      case N::kLambda:
        return InferLambda(e);
      case N::kFunction: {
        TypeId scrutinee = Fresh();
        TypeId result = InferRules(e, scrutinee, 0);
        return types_.Fun(scrutinee, result);
      }
      case N::kApp:
        return InferApp(e);
      case N::kInfix:
        return InferInfix(e);
      case N::kPrefix: {
        TypeId t = Infer(Kids(e)[0]);
        std::string op(Text(e));
        if (op == "-" || op == "+") {
          numeric_uses_.push_back({t, SpanOf(e), op, false});
        } else if (op == "!") {
          TypeId cell = Fresh();
          Expect(types_.Con(TypeStore::kRef, {cell}), t, SpanOf(Kids(e)[0]));
          return cell;
        }
        return t;
      }
      case N::kAssign:
        return InferAssign(e);
      case N::kDotGet:
        return InferDotGet(e);
      case N::kDotIndex: {
        auto kids = Kids(e);
        TypeId element = Fresh();
        // Arrays, and the library's indexable views (BAREWire's Span and Buffer).
        const TypeId target = types_.Resolve(Infer(kids[0]));
        if (!types_.IsVar(target) && types_.CtorOf(target) == TypeStore::kString) {  // s.[i]: a char
          ExpectNode(Prim(TypeStore::kInt), kids[1]);
          return Prim(TypeStore::kChar);
        }
        const std::string& name = types_.IsVar(target) ? "" : types_.ctor(types_.CtorOf(target)).name;
        if (!types_.IsVar(target) && (types_.CtorOf(target) == TypeStore::kList || name == "Map")) {
          return InferIndexCall(e, target, types_.CtorOf(target) == TypeStore::kList ? "List" : "Map",
                                types_.CtorOf(target) == TypeStore::kList ? "item" : "find");
        }
        const bool view = types_.CtorOf(target) >= TypeStore::kBuiltinCount && (name == "Span" || name == "Buffer") &&
                          types_.ctor(types_.CtorOf(target)).kind == TypeCtor::Kind::kClass &&
                          !classes_[static_cast<size_t>(types_.ctor(types_.CtorOf(target)).def)].intrinsic.empty();
        Expect(view ? types_.Con(types_.CtorOf(target), {element}) : types_.Con(TypeStore::kArray, {element}), target,
               SpanOf(kids[0]));
        ExpectNode(Prim(TypeStore::kInt), kids[1]);
        return element;
      }
      case N::kTyped: {
        auto kids = Kids(e);
        TypeId t = TypeOf(kids[1]);
        ExpectNode(t, kids[0]);
        return t;
      }
      case N::kTypeArgs:
        return InferTypeArgs(e);
      case N::kIf: {
        auto kids = Kids(e);
        ExpectNode(Prim(TypeStore::kBool), kids[0]);
        if (kids.size() == 2) {
          ExpectNode(Prim(TypeStore::kUnit), kids[1]);
          return Prim(TypeStore::kUnit);
        }
        TypeId t = Infer(kids[1]);
        ExpectNode(t, kids[2]);
        return t;
      }
      case N::kMatch: {
        auto kids = Kids(e);
        TypeId scrutinee = Infer(kids[0]);
        return InferRules(e, scrutinee, 1);
      }
      case N::kTryWith: {
        auto kids = Kids(e);
        TypeId body = Infer(kids[0]);
        TypeId result = InferRules(e, Prim(TypeStore::kExn), 1, /*exhaustive_check=*/false);
        Expect(body, result, SpanOf(e));
        return body;
      }
      case N::kTryFinally: {
        auto kids = Kids(e);
        TypeId body = Infer(kids[0]);
        ExpectNode(Prim(TypeStore::kUnit), kids[1]);
        return body;
      }
      case N::kForTo: {
        auto kids = Kids(e);
        scopes_.emplace_back();
        ExpectNode(Prim(TypeStore::kInt), kids[1]);
        ExpectNode(Prim(TypeStore::kInt), kids[2]);
        BindLocal(std::string(Text(kids[0])), Prim(TypeStore::kInt), kids[0]);
        ExpectNode(Prim(TypeStore::kUnit), kids[3]);
        scopes_.pop_back();
        return Prim(TypeStore::kUnit);
      }
      case N::kForIn: {
        auto kids = Kids(e);
        TypeId element = InferSequenceElement(kids[1]);
        RecordSeqLoop(e, kids[1]);
        scopes_.emplace_back();
        std::vector<PatVar> vars;
        Expect(InferPattern(kids[0], vars), element, SpanOf(kids[0]));
        for (PatVar& v : vars) BindLocal(v);
        ExpectNode(Prim(TypeStore::kUnit), kids[2]);
        scopes_.pop_back();
        return Prim(TypeStore::kUnit);
      }
      case N::kWhile: {
        auto kids = Kids(e);
        ExpectNode(Prim(TypeStore::kBool), kids[0]);
        ExpectNode(Prim(TypeStore::kUnit), kids[1]);
        return Prim(TypeStore::kUnit);
      }
      case N::kSequential: {
        auto kids = Kids(e);
        for (size_t i = 0; i + 1 < kids.size(); ++i) {
          TypeId t = Infer(kids[i]);
          if (!Unify(Prim(TypeStore::kUnit), t)) {
            diags_.Emit(DiagKind::kImplicitlyIgnored, SpanOf(kids[i]),
                        Cat("The result of this expression has type '", Show(t),
                                     "' and is implicitly ignored. Consider using 'ignore' to discard this value explicitly, e.g. 'expr |> ignore'"));
          }
        }
        return kids.size() > 0 ? Infer(kids[kids.size() - 1]) : Prim(TypeStore::kUnit);
      }
      case N::kLetIn:
        return InferLetIn(e);
      case N::kNull:
        return Fresh();
      case N::kError:
        return Fresh();
      case N::kCompExpr:
        return InferCompExpr(e);
      case N::kCompKeyword:
        Error(DiagKind::kOutsideComputation, SpanOf(e),
              Cat("'", Text(e), "' may only be used within computation expressions"));
        for (NodeId k : Kids(e)) Infer(k);
        return Fresh();
      default:
        Error(DiagKind::kNotSupportedYet, SpanOf(e),
              Cat("this expression (", NodeKindName(Kind(e)), ") is not supported by the type checker yet"));
        return Fresh();
    }
  }

  TypeId InferIdent(NodeId e) {
    std::string_view name = Text(e);
    const Value* v = Lookup(name);
    if (v == nullptr) {
      if (const Value* op = LibraryOperator(name); op != nullptr) return UseValue(e, *op);
      if (TypeId op = OperatorValue(name, SpanOf(e)); op >= 0) return op;
      if (IsPrintf(name)) return types_.Fun(Prim(TypeStore::kString), Fresh());  // format not a literal
      UndefinedValue(name, SpanOf(e));
      return Fresh();
    }
    // A `let mutable` captured by a closure, or live across a suspension, is not an error (F# 4.0
    // and later make it a heap cell): the PSG marks it `escapes` and Alex puts it on the heap.
    return UseValue(e, *v);
  }

  // The exn case a `:? T` names (T by its name, with or without System., or the full .NET name),
  // -1 for Exception/exn (any), -2 for a type that is no exception the runtime knows.
  int ExceptionTypeIndex(NodeId type) {
    std::string name;
    for (NodeId q : Kids(type)) {  // TypeName: [LongIdent of the qualifier], token: last part
      if (Kind(q) != N::kLongIdent) continue;
      for (NodeId part : Kids(q)) name += Cat(Text(part), ".");
    }
    if (Kind(type) != N::kTypeName) return -2;
    name += std::string(Text(type));
    for (std::string_view prefix :
         {"System.Collections.Generic.", "Collections.Generic.", "System.", "Microsoft.FSharp.Core."}) {
      if (name.rfind(prefix, 0) == 0) {
        name = name.substr(prefix.size());
        break;
      }
    }
    if (name == "Exception" || name == "exn") return -1;
    for (size_t kind = 1; kind < std::size(sema::kExceptionTypes); ++kind) {
      if (name == sema::kExceptionTypes[kind]) return static_cast<int>(kind);
    }
    return -2;
  }
  static std::string ExceptionTypeList() {
    std::string out;
    for (size_t kind = 1; kind < std::size(sema::kExceptionTypes); ++kind) out += Cat(kind > 1 ? ", " : "", sema::kExceptionTypes[kind]);
    return out;
  }

  // (>>), (<<), (|>), (<|) as values: the library's functions (core.clef's Operators).
  const Value* LibraryOperator(std::string_view op) const {
    static const std::pair<std::string_view, const char*> kNames[] = {
        {">>", "op_ComposeRight"}, {"<<", "op_ComposeLeft"}, {"|>", "op_PipeRight"}, {"<|", "op_PipeLeft"}};
    for (const auto& [spelling, name] : kNames) {
      if (op != spelling) continue;
      auto module = modules_in_scope_.find("Operators");
      if (module == modules_in_scope_.end()) return nullptr;
      auto fn = module->second->values.find(name);
      return fn == module->second->values.end() ? nullptr : &fn->second;
    }
    return nullptr;
  }

  // Operators used as values: (+), (=), ...
  TypeId OperatorValue(std::string_view op, Span span) {
    static const char* const kArithmetic[] = {"+", "-", "*", "/", "%"};
    for (const char* a : kArithmetic) {
      if (op == a) {
        TypeId t = Fresh();
        numeric_uses_.push_back({t, span, std::string(op), op == "+"});
        return types_.Fun(t, types_.Fun(t, t));
      }
    }
    static const char* const kComparison[] = {"=", "<>", "<", ">", "<=", ">="};
    for (const char* c : kComparison) {
      if (op == c) {
        TypeId t = Fresh();
        return types_.Fun(t, types_.Fun(t, Prim(TypeStore::kBool)));
      }
    }
    if (op == "::") {
      TypeId a = Fresh();
      TypeId list = types_.Con(TypeStore::kList, {a});
      return types_.Fun(a, types_.Fun(list, list));
    }
    return -1;
  }

  static bool IsPrintf(std::string_view name) {
    return name == "printfn" || name == "printf" || name == "sprintf" || name == "eprintfn" ||
           name == "eprintf" || name == "failwithf";
  }

  // printf-style format strings: "%d items" → int -> result.
  TypeId FormatType(NodeId literal, std::string_view function) {
    return FormatType(tokens_.string_value(ast_.token(literal)), SpanOf(literal), function);
  }
  TypeId FormatType(const std::string& format, Span span, std::string_view function) {
    TypeId result = function == "sprintf" ? Prim(TypeStore::kString)
                    : function == "failwithf" ? Fresh()
                                              : Prim(TypeStore::kUnit);
    std::vector<TypeId> args;
    for (size_t i = 0; i < format.size(); ++i) {
      if (format[i] != '%') continue;
      ++i;
      // %{,10:N2}O: an interpolation's hole with .NET's alignment and format (interpolation.h).
      if (i < format.size() && format[i] == '{') {
        while (i < format.size() && format[i] != '}') ++i;
        ++i;
      }
      while (i < format.size() && std::strchr("-+ 0#", format[i]) != nullptr) ++i;
      while (i < format.size() && (std::isdigit(static_cast<unsigned char>(format[i])) || format[i] == '.')) ++i;
      if (i >= format.size()) break;
      switch (format[i]) {
        case '%':
          break;
        case 'd':
        case 'i':
        case 'x':
        case 'X':
        case 'o':
        case 'u': {
          TypeId t = Fresh();  // any integer type; int when nothing else decides
          numeric_uses_.push_back({t, span, "%d", false});
          args.push_back(t);
          break;
        }
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
          args.push_back(Prim(TypeStore::kFloat));
          break;
        case 's':
          args.push_back(Prim(TypeStore::kString));
          break;
        case 'c':
          args.push_back(Prim(TypeStore::kChar));
          break;
        case 'b':
          args.push_back(Prim(TypeStore::kBool));
          break;
        case 'A':
        case 'O':
          args.push_back(Fresh());
          break;
        default:
          Error(DiagKind::kBadFormat, span,
                Cat("Bad format specifier: '%", std::string(1, format[i]), "'"));
      }
    }
    for (auto it = args.rbegin(); it != args.rend(); ++it) result = types_.Fun(*it, result);
    return result;
  }

  // $"..": the printf function's type after the holes are applied (string for a plain
  // interpolation, `function` = "sprintf").
  TypeId InferInterpolated(NodeId e, std::string_view function) {
    const sema::Interpolation interp = sema::ReadInterpolation(ast_, tokens_, e);
    TypeId t = FormatType(interp.format, SpanOf(e), function);
    for (NodeId hole : interp.holes) {
      const TypeId arg = Infer(hole);
      const TypeId fn = types_.Resolve(t);
      if (types_.IsVar(fn) || types_.CtorOf(fn) != TypeStore::kFun) {
        Error(DiagKind::kBadFormat, SpanOf(hole), "this interpolated expression has no conversion to fill");
        return Fresh();
      }
      Expect(types_.Args(fn)[0], arg, SpanOf(hole));
      t = types_.Args(fn)[1];
    }
    return t;
  }

  TypeId InferApp(NodeId e) {
    auto kids = Kids(e);
    TypeId f;
    size_t first_arg = 1;
    if (Kind(kids[0]) == N::kIdent && IsPrintf(Text(kids[0])) && Lookup(Text(kids[0])) == nullptr &&
        kids.size() > 1 && Kind(kids[1]) == N::kLiteral &&
        tokens_.kind(ast_.token(kids[1])) == TokenKind::kStringLiteral) {
      f = FormatType(kids[1], Text(kids[0]));
      first_arg = 2;
    } else if (Kind(kids[0]) == N::kIdent && IsPrintf(Text(kids[0])) && Lookup(Text(kids[0])) == nullptr &&
               kids.size() > 1 && Kind(kids[1]) == N::kInterpolated) {
      f = InferInterpolated(kids[1], Text(kids[0]));  // printfn $"{x}": the holes are the arguments
      first_arg = 2;
    } else if (Kind(kids[0]) == N::kIdent && Text(kids[0]) == "lazy" && Lookup("lazy") == nullptr && kids.size() == 2) {
      return InferLazy(e, kids[1]);
    } else {
      f = Infer(kids[0]);
    }
    if (const auto [input, input_node] = std::exchange(pipe_input_, {-1, NodeId()}); input >= 0) {
      TypeId rest = types_.Resolve(f);
      for (size_t i = first_arg; i < kids.size() && !types_.IsVar(rest) && types_.CtorOf(rest) == TypeStore::kFun; ++i) {
        rest = types_.Resolve(types_.Args(rest)[1]);
      }
      if (!types_.IsVar(rest) && types_.CtorOf(rest) == TypeStore::kFun) {
        const TypeId param = types_.Args(rest)[0];
        // A mismatch is reported where the pipeline is checked; here only the types flow.
        if (!CoerceToSeq(param, input, input_node)) Unify(param, input);
      }
    }
    for (size_t i = first_arg; i < kids.size(); ++i) {
      TypeId fn = types_.Resolve(f);
      if (!types_.IsVar(fn) && types_.CtorOf(fn) == TypeStore::kFun && IsFun(kids[i])) {
        lambda_hint_ = types_.Args(fn)[0];
      }
      // `async.TryWith(body, fun e -> e.Message ..)`: the lambdas of a tupled argument get the
      // parameter's element types the same way.
      if (!types_.IsVar(fn) && types_.CtorOf(fn) == TypeStore::kFun) {
        const TypeId param = types_.Resolve(types_.Args(fn)[0]);
        NodeId arg_node = kids[i];
        while (Kind(arg_node) == N::kParen && Kids(arg_node).size() == 1) arg_node = Kids(arg_node)[0];
        if (!types_.IsVar(param) && types_.CtorOf(param) == TypeStore::kTuple && Kind(arg_node) == N::kTuple &&
            Kids(arg_node).size() == types_.Args(param).size()) {
          tuple_hints_ = types_.Args(param);
        }
      }
      TypeId arg = Infer(kids[i]);
      lambda_hint_ = -1;
      tuple_hints_.clear();
      if (!types_.IsVar(fn) && types_.CtorOf(fn) != TypeStore::kFun) {
        Error(DiagKind::kNotAFunction, SpanOf(kids[0]),
              Cat("This value is not a function and cannot be applied."));
        return Fresh();
      }
      TypeId result = Fresh();
      if (types_.IsVar(fn)) {
        Unify(fn, types_.Fun(arg, result));
      } else {
        if (!CoerceToSeq(types_.Args(fn)[0], arg, kids[i])) Expect(types_.Args(fn)[0], arg, SpanOf(kids[i]));
        Unify(result, types_.Args(fn)[1]);
      }
      f = result;
    }
    return f;
  }

  TypeId InferInfix(NodeId e) {
    std::string op(Text(e));
    auto kids = Kids(e);
    NodeId lhs = kids[0], rhs = kids[1];
    if (op == "|>") {
      TypeId x = Infer(lhs);
      TypeId result = Fresh();
      // `xs |> List.map (fun x -> x.Name)`: the function's last parameter is xs's type before its
      // other arguments are checked, so the lambda knows x (F#'s left-to-right inference).
      if (Kind(rhs) == N::kApp) pipe_input_ = {x, lhs};
      const TypeId f = types_.Resolve(Infer(rhs));
      pipe_input_ = {-1, NodeId()};
      if (!types_.IsVar(f) && types_.CtorOf(f) == TypeStore::kFun && CoerceToSeq(types_.Args(f)[0], x, lhs)) {
        return types_.Args(f)[1];
      }
      Expect(types_.Fun(x, result), f, SpanOf(rhs));
      return result;
    }
    if (op == "<|") {
      TypeId f = Infer(lhs);
      TypeId x = Infer(rhs);
      TypeId result = Fresh();
      Expect(types_.Fun(x, result), f, SpanOf(lhs));
      return result;
    }
    if (op == ">>" || op == "<<") {
      TypeId f = Infer(lhs), g = Infer(rhs);
      if (op == "<<") std::swap(f, g);
      TypeId a = Fresh(), b = Fresh(), c = Fresh();
      Expect(types_.Fun(a, b), f, SpanOf(op == ">>" ? lhs : rhs));
      Expect(types_.Fun(b, c), g, SpanOf(op == ">>" ? rhs : lhs));
      return types_.Fun(a, c);
    }
    if (op == "&&" || op == "||") {
      ExpectNode(Prim(TypeStore::kBool), lhs);
      ExpectNode(Prim(TypeStore::kBool), rhs);
      return Prim(TypeStore::kBool);
    }
    if (op == "::") {
      TypeId head = Infer(lhs);
      TypeId list = types_.Con(TypeStore::kList, {head});
      ExpectNode(list, rhs);
      return list;
    }
    if (op == "@") {
      TypeId list = types_.Con(TypeStore::kList, {Fresh()});
      ExpectNode(list, lhs);
      ExpectNode(list, rhs);
      return list;
    }
    if (op == "^") {
      ExpectNode(Prim(TypeStore::kString), lhs);
      ExpectNode(Prim(TypeStore::kString), rhs);
      return Prim(TypeStore::kString);
    }
    if (op == ":=") {
      TypeId value = Infer(rhs);
      ExpectNode(types_.Con(TypeStore::kRef, {value}), lhs);
      return Prim(TypeStore::kUnit);
    }
    if (op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=") {
      TypeId t = Infer(lhs);
      OperandMismatch(t, Infer(rhs), rhs);
      return Prim(TypeStore::kBool);
    }
    if (op == "<<<" || op == ">>>") {
      // The shifted value is any integer type; the shift amount is an int (F#'s rule).
      TypeId t = Infer(lhs);
      ExpectNode(Prim(TypeStore::kInt), rhs);
      numeric_uses_.push_back({t, SpanOf(e), op, false});
      return t;
    }
    if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%" || op == "**" ||
        op == "&&&" || op == "|||" || op == "^^^") {
      TypeId t = Infer(lhs);
      OperandMismatch(t, Infer(rhs), rhs);
      if (op == "**") {
        Expect(Prim(TypeStore::kFloat), t, SpanOf(lhs));
      } else {
        numeric_uses_.push_back({t, SpanOf(e), op, op == "+"});
      }
      return t;
    }
    // A user-defined operator: an ordinary function of two arguments.
    TypeId f;
    if (const Value* v = Lookup(op)) {
      f = UseValue(e, *v);
    } else {
      UndefinedValue(op, SpanOf(e));
      f = Fresh();
    }
    TypeId a = Infer(lhs), b = Infer(rhs), result = Fresh();
    Expect(types_.Fun(a, types_.Fun(b, result)), f, SpanOf(e));
    return result;
  }
  // F#'s wording for the two operands of one operator disagreeing.
  void OperandMismatch(TypeId left, TypeId right, NodeId rhs) {
    if (Unify(left, right)) return;
    const std::string l = Show(left), r = Show(right);
    Error(DiagKind::kTypeMismatch, SpanOf(rhs),
          Cat("The type '", r, "' does not match the type '", l, "'"));
  }

  // At generalization: operator operands still unknown default to int (F#'s rule for
  // non-inline code); known ones must support the operator.
  void ResolveNumericUses(int level) {
    std::vector<NumericUse> keep;
    for (NumericUse& use : numeric_uses_) {
      TypeId t = types_.Resolve(use.type);
      if (types_.IsVar(t)) {
        if (level >= 0 && types_.Level(t) <= level) {
          keep.push_back(use);  // belongs to an enclosing binding
          continue;
        }
        Unify(t, Prim(TypeStore::kInt));
        continue;
      }
      const int c = types_.CtorOf(t);
      const bool integral = c == TypeStore::kInt || c == TypeStore::kInt64 || c == TypeStore::kByte ||
                            (c >= TypeStore::kSByte && c <= TypeStore::kUNativeInt);
      const bool numeric = integral || (c == TypeStore::kFloat && use.op != "%d");
      const bool bitwise = use.op.size() == 3;
      if ((bitwise && !integral) || !(numeric || (use.allows_string && c == TypeStore::kString) ||
                                      (c == TypeStore::kChar && (use.op == "+" || use.op == "..")))) {
        if (use.op == "%d") {
          Error(DiagKind::kTypeMismatch, use.span,
                Cat("The type '", Show(t), "' is not compatible with any of the types byte,int16,int32,int64,sbyte,uint16,uint32,uint64,nativeint,unativeint, arising from the use of a printf-style format string"));
        } else {
          Error(DiagKind::kTypeMismatch, use.span,
                Cat("The type '", Show(t), "' does not support the operator '", use.op, "'"));
        }
      }
    }
    numeric_uses_ = std::move(keep);
  }

  TypeId InferAssign(NodeId e) {
    auto kids = Kids(e);
    NodeId target = kids[0];
    if (Kind(target) == N::kIdent) {
      const Value* v = Lookup(Text(target));
      if (v != nullptr && !v->is_mutable) {
        Error(DiagKind::kNotMutable, SpanOf(target),
              Cat("This value is not mutable. Consider using the mutable keyword, e.g. 'let mutable ",
                           Text(target), " = expression'."));
      }
    } else if (Kind(target) == N::kDotGet) {
      auto owner = field_owner_.find(std::string(Text(target)));
      if (owner != field_owner_.end()) {
        for (const RecordDef::Field& f : records_[static_cast<size_t>(owner->second)].fields) {
          if (f.name == Text(target) && !f.is_mutable) {
            Error(DiagKind::kNotMutable, SpanOf(target),
                  Cat("This field is not mutable"));
          }
        }
      }
    }
    const TypeId target_type = Infer(target);
    if (out_.index_calls.count(target.index) != 0) {  // xs.[i] <- v on a list or a map
      Error(DiagKind::kNotMutable, SpanOf(target), "Property 'Item' cannot be set");  // F#'s FS0810
    }
    ExpectNode(target_type, kids[1]);
    return Prim(TypeStore::kUnit);
  }

  // `M.x`, `M.N.x`, or a record field `r.f`.
  TypeId InferDotGet(NodeId e) {
    std::string_view member = Text(e);
    NodeId target = Kids(e)[0];
    // A module path?
    if (std::shared_ptr<Module> m = ModulePath(target)) {
      auto it = m->values.find(std::string(member));
      if (it == m->values.end()) {
        std::string suggestion;
        size_t best = 3;
        for (const auto& [name, value] : m->values) {
          const size_t d = EditDistance(name, member);
          if (d < best) {
            best = d;
            suggestion = Cat(" Maybe you want one of the following: ", name);
          }
        }
        Error(DiagKind::kUndefinedName, SpanOf(e),
              Cat("The value, constructor, namespace or type '", member, "' is not defined.", suggestion));
        return Fresh();
      }
      return UseValue(e, it->second);
    }
    // A type's static member or union case: `MailboxProcessor.Start`, `ExecutionModel.WorkStealing`.
    if (Kind(target) == N::kIdent && Lookup(Text(target)) == nullptr) {
      if (const TypeName* type = LookupType(Text(target)); type != nullptr && type->ctor >= 0) {
        const TypeCtor& c = types_.ctor(type->ctor);
        if (c.kind == TypeCtor::Kind::kUnion) {
          if (const int index = CaseIndex(c.def, member); index >= 0) return UseValue(e, CaseValue(c.def, index));
        } else if (c.kind == TypeCtor::Kind::kClass) {
          const ClassDef& cls = classes_[static_cast<size_t>(c.def)];
          auto it = cls.members.find(member);
          if (it != cls.members.end() && it->second.is_static) return UseMember(e, c.def, it->second, -1);
        }
      }
    }
    TypeId t = types_.Resolve(Infer(target));
    // Built-in properties F# programs use on strings, lists and arrays.
    if (member == "Length") {
      if (!types_.IsVar(t) && (types_.CtorOf(t) == TypeStore::kString || types_.CtorOf(t) == TypeStore::kList ||
                               types_.CtorOf(t) == TypeStore::kArray)) {
        return Prim(TypeStore::kInt);
      }
    }
    if (member == "Value" && !types_.IsVar(t) && types_.CtorOf(t) == TypeStore::kRef) {
      return types_.Args(t)[0];  // cell.Value, F#'s spelling of !cell (and of cell := v on the left)
    }
    if (member == "Message" && !types_.IsVar(t) && types_.CtorOf(t) == TypeStore::kExn) {
      return Prim(TypeStore::kString);  // e.Message in a handler
    }
    if (!types_.IsVar(t) && types_.ctor(types_.CtorOf(t)).kind == TypeCtor::Kind::kRecord) {
      const RecordDef& r = records_[static_cast<size_t>(types_.ctor(types_.CtorOf(t)).def)];
      for (const RecordDef::Field& f : r.fields) {
        if (f.name == member) return FieldType(t, r, member);
      }
    }
    if (!types_.IsVar(t) && types_.ctor(types_.CtorOf(t)).kind == TypeCtor::Kind::kClass) {
      const int def = types_.ctor(types_.CtorOf(t)).def;
      const ClassDef& cls = classes_[static_cast<size_t>(def)];
      auto it = cls.members.find(member);
      if (it != cls.members.end() && !it->second.is_static) return UseMember(e, def, it->second, t);
    }
    if (!types_.IsVar(t) && (library_ctors_.contains(types_.CtorOf(t)) || types_.CtorOf(t) == TypeStore::kString)) {
      if (TypeId result = LibraryMember(e, t, member); result >= 0) return result;
    }
    auto owner = field_owner_.find(std::string(member));
    if (owner == field_owner_.end()) {
      if (types_.IsVar(t)) {
        Error(DiagKind::kIndeterminateLookup, SpanOf(e),
              "Lookup on object of indeterminate type based on information prior to this program point. "
              "A type annotation may be needed prior to this program point to constrain the type of the "
              "object. This may allow the lookup to be resolved.");
      } else {
        Error(DiagKind::kUndefinedName, SpanOf(e),
              Cat("The type '", Show(t), "' does not define the field, constructor or member '", member, "'."));
      }
      return Fresh();
    }
    const RecordDef& r = records_[static_cast<size_t>(owner->second)];
    TypeId record = InstantiateRecord(r);
    Expect(record, t, SpanOf(target));
    return FieldType(record, r, member);
  }
  // A member at a use: instance members take the receiver (`self`, its type) first.
  TypeId UseMember(NodeId use, int class_def, const MemberDef& m, TypeId self) {
    NodeRef ref;
    ref.kind = NodeRef::Kind::kMember;
    ref.target = class_def;
    ref.member = m.name;
    instantiation_span_ = SpanOf(use);
    TypeId t = Instantiate(m.scheme, build_psg_ ? &ref.inst : nullptr);
    if (build_psg_) out_.refs[use.index] = std::move(ref);
    if (m.is_static) return t;
    TypeId result = Fresh();
    Unify(t, types_.Fun(self, result));
    return result;
  }
  Value CaseValue(int def, int index) {
    const UnionDef& u = unions_[static_cast<size_t>(def)];
    const UnionDef::Case& c = u.cases[static_cast<size_t>(index)];
    Value v;
    v.kind = Value::Kind::kUnionCase;
    v.union_def = def;
    v.case_index = index;
    v.scheme.vars = u.params;
    TypeId result = types_.Con(u.ctor, u.params);
    v.scheme.body = result;
    if (!c.fields.empty()) {
      TypeId arg = c.fields.size() == 1 ? c.fields[0] : types_.Con(TypeStore::kTuple, c.fields);
      v.scheme.body = types_.Fun(arg, result);
    }
    return v;
  }

  std::shared_ptr<Module> ModulePath(NodeId target) {
    if (Kind(target) == N::kIdent) {
      if (Lookup(Text(target)) != nullptr) return nullptr;  // a value shadows a module
      return FindModule(Text(target));
    }
    if (Kind(target) == N::kDotGet) {
      std::shared_ptr<Module> outer = ModulePath(Kids(target)[0]);
      if (outer == nullptr) return nullptr;
      auto it = outer->modules.find(std::string(Text(target)));
      return it == outer->modules.end() ? nullptr : it->second;
    }
    return nullptr;
  }

  TypeId InferCollection(NodeId e, int ctor) {
    if (Kids(e).size() == 1 && NeedsSeqBuilder(Kids(e)[0])) return InferListComputation(e, ctor);
    TypeId element = Fresh();
    for (NodeId k : Kids(e)) {
      if (Kind(k) == N::kRange) {
        auto bounds = Kids(k);
        for (NodeId b : bounds) ExpectNode(element, b);
        numeric_uses_.push_back({element, SpanOf(k), "..", false});
      } else if (Kind(k) == N::kForIn) {
        // [ for x in xs -> body ]
        auto parts = Kids(k);
        TypeId source = InferSequenceElement(parts[1]);
        scopes_.emplace_back();
        std::vector<PatVar> vars;
        Expect(InferPattern(parts[0], vars), source, SpanOf(parts[0]));
        for (PatVar& v : vars) BindLocal(v);
        ExpectNode(element, parts[2]);
        scopes_.pop_back();
      } else {
        ExpectNode(element, k);
      }
    }
    return types_.Con(ctor, {element});
  }
  // The body of a list or array that the direct forms (`for x in xs -> e`, ranges, items) do not
  // cover: yields, nested loops, conditions.
  bool NeedsSeqBuilder(NodeId item) const {
    if (Kind(item) == N::kRange || !IsCeForm(item)) return false;
    if (Kind(item) == N::kForIn && ast_.token(item).is_valid()) return IsCeForm(Kids(item)[2]);  // `->`
    return true;
  }
  // [ body ] as List.ofSeq (seq { body }), [| body |] as Array.ofSeq (seq { body }).
  TypeId InferListComputation(NodeId e, int ctor) {
    const Value* builder_value = Lookup("seq");
    auto module = modules_in_scope_.find(ctor == TypeStore::kList ? "List" : "Array");
    if (builder_value == nullptr || module == modules_in_scope_.end() ||
        module->second->values.find("ofSeq") == module->second->values.end()) {
      Error(DiagKind::kNotSupportedYet, SpanOf(e), "This list expression needs the library's seq builder");
      return Fresh();
    }
    sema::ListComputation lc;
    lc.builder = types_.Resolve(UseValue(e, *builder_value));
    if (types_.IsVar(lc.builder) || types_.ctor(types_.CtorOf(lc.builder)).kind != TypeCtor::Kind::kClass) {
      Error(DiagKind::kTypeMismatch, SpanOf(e), "'seq' is not the sequence builder here");
      return Fresh();
    }
    const CeContext ce{lc.builder, types_.ctor(types_.CtorOf(lc.builder)).def};
    TypeId body = Delayed(ce, e, TransCe(ce, Kids(e)[0]));
    const auto& of_seq = module->second->values.find("ofSeq")->second;
    lc.of_seq.binding = of_seq.id;
    lc.of_seq.type = Instantiate(of_seq.scheme, &lc.of_seq.inst);
    lc.of_seq.result = types_.Con(ctor, {Fresh()});
    Expect(lc.of_seq.type, types_.Fun(body, lc.of_seq.result), SpanOf(e));
    const TypeId result = lc.of_seq.result;
    out_.list_computations[e.index] = std::move(lc);
    return result;
  }

  // What `for x in s` iterates: lists, arrays, ranges.
  // `for x in s do ..` over a seq: recorded as Seq.iter of the loop's body (psg_builder).
  void RecordSeqLoop(NodeId loop, NodeId source) {
    const TypeId t = out_.node_types[static_cast<size_t>(source.index)] >= 0
                         ? types_.Resolve(out_.node_types[static_cast<size_t>(source.index)])
                         : -1;
    if (t < 0 || types_.IsVar(t) || seq_ctor_ < 0 || types_.CtorOf(t) != seq_ctor_) return;
    auto module = modules_in_scope_.find("Seq");
    if (module == modules_in_scope_.end()) return;
    auto fn = module->second->values.find("iter");
    if (fn == module->second->values.end()) return;
    sema::SeqCoercion c;
    c.binding = fn->second.id;
    c.type = Instantiate(fn->second.scheme, &c.inst);
    c.result = Prim(TypeStore::kUnit);
    Expect(c.type, types_.Fun(types_.Fun(types_.Args(t)[0], Prim(TypeStore::kUnit)), types_.Fun(t, c.result)), SpanOf(loop));
    out_.seq_loops[loop.index] = std::move(c);
  }

  TypeId InferSequenceElement(NodeId s) {
    if (Kind(s) == N::kRange) {
      TypeId element = Fresh();
      for (NodeId b : Kids(s)) ExpectNode(element, b);
      numeric_uses_.push_back({element, SpanOf(s), "..", false});
      return element;
    }
    TypeId t = types_.Resolve(Infer(s));
    TypeId element = Fresh();
    if (!types_.IsVar(t) && types_.CtorOf(t) == TypeStore::kArray) {
      Unify(types_.Args(t)[0], element);
      return element;
    }
    if (!types_.IsVar(t) && seq_ctor_ >= 0 && types_.CtorOf(t) == seq_ctor_) {
      Unify(types_.Args(t)[0], element);
      return element;
    }
    Expect(types_.Con(TypeStore::kList, {element}), t, SpanOf(s));
    return element;
  }

  TypeId InferRecord(NodeId e) {
    std::vector<NodeId> inits;
    NodeId source;
    for (NodeId k : Kids(e)) {
      if (Kind(k) == N::kFieldInit) {
        inits.push_back(k);
      } else {
        source = k;
      }
    }
    if (inits.empty()) return source.is_valid() ? Infer(source) : Fresh();
    // F# resolves the record type by the labels (the latest type declaring the first label).
    auto owner = field_owner_.find(std::string(Text(inits[0])));
    if (owner == field_owner_.end()) {
      Error(DiagKind::kUndefinedName, SpanOf(inits[0]),
            Cat("The record label '", Text(inits[0]), "' is not defined."));
      for (NodeId init : inits) Infer(Kids(init)[0]);
      return Fresh();
    }
    const RecordDef& r = records_[static_cast<size_t>(owner->second)];
    TypeId record = InstantiateRecord(r);
    if (source.is_valid()) ExpectNode(record, source);
    std::vector<std::string> given;
    for (NodeId init : inits) {
      std::string name(Text(init));
      bool found = false;
      for (const RecordDef::Field& f : r.fields) found = found || f.name == name;
      if (!found) {
        Error(DiagKind::kUndefinedName, SpanOf(init),
              Cat("The record label '", name, "' is not defined in type '", types_.ctor(r.ctor).name, "'."));
        Infer(Kids(init)[0]);
        continue;
      }
      given.push_back(name);
      ExpectNode(FieldType(record, r, name), Kids(init)[0]);
    }
    if (!source.is_valid()) {
      for (const RecordDef::Field& f : r.fields) {
        if (std::find(given.begin(), given.end(), f.name) == given.end()) {
          Error(DiagKind::kMissingField, SpanOf(e),
                Cat("No assignment given for field '", f.name, "' of type '", types_.ctor(r.ctor).name, "'"));
        }
      }
    }
    return record;
  }

  TypeId InferLambda(NodeId e) {
    auto kids = Kids(e);
    scopes_.emplace_back();
    std::vector<TypeId> params;
    // Known parameter types (the lambda is an argument of a known function) flow into the
    // body before it is checked, so `inbox.Receive()` finds `inbox`'s members.
    TypeId expected = std::exchange(lambda_hint_, -1);
    for (size_t i = 0; i + 1 < kids.size(); ++i) {
      std::vector<PatVar> vars;
      params.push_back(InferPattern(kids[i], vars));
      if (expected >= 0) {
        expected = types_.Resolve(expected);
        if (!types_.IsVar(expected) && types_.CtorOf(expected) == TypeStore::kFun) {
          Unify(params.back(), types_.Args(expected)[0]);
          expected = types_.Args(expected)[1];
        } else {
          expected = -1;
        }
      }
      for (PatVar& v : vars) BindLocal(v);
    }
    TypeId result = kids.size() > 0 ? Infer(kids[kids.size() - 1]) : Fresh();
    scopes_.pop_back();
    for (auto it = params.rbegin(); it != params.rend(); ++it) result = types_.Fun(*it, result);
    return result;
  }

  TypeId InferLetIn(NodeId e) {
    auto kids = Kids(e);
    std::string_view keyword = Text(e);
    if (keyword != "let" && keyword != "use") {
      Error(DiagKind::kOutsideComputation, SpanOf(e),
            Cat("'", keyword, "' may only be used within computation expressions"));
      return Fresh();
    }
    scopes_.emplace_back();
    if (kids.size() > 0 && Kind(kids[0]) == N::kLet) CheckLet(kids[0], /*top=*/false);
    TypeId result = kids.size() > 1 ? Infer(kids[1]) : Prim(TypeStore::kUnit);
    scopes_.pop_back();
    return result;
  }

  // ---- Computation expressions: F#'s translation (spec §6.3.10), typed through the builder's
  // methods. Every call made is kept (TypedProgram::ce_calls) for the PSG's desugaring. ----
  // A `fun`: what takes a parameter type hint (InferLambda consumes it; a `function` does not,
  // so a hint given to one would reach the first `fun` inside its rules).
  bool IsFun(NodeId e) const {
    while (Kind(e) == N::kParen && Kids(e).size() == 1) e = Kids(e)[0];
    return Kind(e) == N::kLambda;
  }
  TypeId InferCompExpr(NodeId e) {
    auto kids = Kids(e);
    const TypeId builder = types_.Resolve(Infer(kids[0]));
    if (kids.size() < 2) return Fresh();
    if (types_.IsVar(builder) || types_.ctor(types_.CtorOf(builder)).kind != TypeCtor::Kind::kClass) {
      Error(DiagKind::kTypeMismatch, SpanOf(kids[0]),
            Cat("This expression has type '", Show(builder), "' and is not a computation expression builder"));
      return Fresh();
    }
    const CeContext ce{builder, types_.ctor(types_.CtorOf(builder)).def};
    TypeId body;
    if (IsCustomOperation(ce, FirstOf(kids[1]))) {
      body = TransCustomOperations(ce, kids[1]);
    } else {
      body = Delayed(ce, e, TransCe(ce, kids[1]));
    }
    if (HasMethod(ce, "Run")) {
      MethodCall run = Method(ce, e, "Run", 1, SpanOf(e));
      Expect(run.params[0], body, SpanOf(e));
      body = run.result;
    }
    return body;
  }
  NodeId FirstOf(NodeId e) const { return Kind(e) == N::kSequential && Kids(e).size() > 0 ? Kids(e)[0] : e; }

  bool HasMethod(const CeContext& ce, std::string_view name) const {
    const ClassDef& cls = classes_[static_cast<size_t>(ce.class_def)];
    auto it = cls.members.find(name);
    return it != cls.members.end() && !it->second.is_static;
  }
  struct MethodCall {
    std::vector<TypeId> params;  // one per argument (a tupled method's parts)
    TypeId result;
  };
  // builder.Name(args): the method instantiated at this call, recorded under node `at`.
  MethodCall Method(const CeContext& ce, NodeId at, std::string_view name, size_t arity, Span where) {
    MethodCall call;
    for (size_t i = 0; i < arity; ++i) call.params.push_back(Fresh());
    call.result = Fresh();
    const ClassDef& cls = classes_[static_cast<size_t>(ce.class_def)];
    auto it = cls.members.find(name);
    if (it == cls.members.end() || it->second.is_static) {
      Error(DiagKind::kBuilderMethodMissing, where,
            Cat("This control construct may only be used if the computation expression builder defines a '",
                name, "' method"));
      return call;
    }
    sema::CeCall record;
    record.method = std::string(name);
    record.class_def = ce.class_def;
    instantiation_span_ = where;
    const TypeId t = Instantiate(it->second.scheme, &record.inst);
    const TypeId param = arity == 1 ? call.params[0] : types_.Con(TypeStore::kTuple, call.params);
    record.type = types_.Fun(param, call.result);
    if (!Unify(t, types_.Fun(ce.builder, record.type))) {
      Error(DiagKind::kTypeMismatch, where,
            Cat("The builder's '", name, "' method has type '", Show(t), "', which does not take ", arity,
                " argument(s) here"));
    }
    if (build_psg_) out_.ce_calls[at.index].push_back(std::move(record));
    return call;
  }
  TypeId Delayed(const CeContext& ce, NodeId at, TypeId inner) {
    if (!HasMethod(ce, "Delay")) return inner;
    MethodCall delay = Method(ce, at, "Delay", 1, SpanOf(at));
    Expect(delay.params[0], types_.Fun(Prim(TypeStore::kUnit), inner), SpanOf(at));
    return delay.result;
  }
  TypeId Zero(const CeContext& ce, NodeId at) {
    return Method(ce, at, "Zero", 1, SpanOf(at)).result;  // Zero(): its one argument is ()
  }

  bool IsCeForm(NodeId e) const { return sema::IsComputationForm(ast_, tokens_, e); }
  bool IsCustomOperation(const CeContext& ce, NodeId e) const {
    if (Kind(e) == N::kApp) e = Kids(e)[0];
    if (Kind(e) != N::kIdent) return false;
    const ClassDef& cls = classes_[static_cast<size_t>(ce.class_def)];
    auto it = cls.members.find(Text(e));
    return it != cls.members.end() && it->second.custom_operation;
  }
  // `field "id" T` lines: state = Yield(()), then state = b.field(state, args..) per line.
  TypeId TransCustomOperations(const CeContext& ce, NodeId body) {
    std::vector<NodeId> lines;
    if (Kind(body) == N::kSequential) {
      for (NodeId k : Kids(body)) lines.push_back(k);
    } else {
      lines.push_back(body);
    }
    MethodCall yield = Method(ce, body, "Yield", 1, SpanOf(body));
    Unify(yield.params[0], Prim(TypeStore::kUnit));
    TypeId state = yield.result;
    for (NodeId line : lines) {
      if (!IsCustomOperation(ce, line)) {
        Error(DiagKind::kTypeMismatch, SpanOf(line), "Expected a custom operation of this builder here");
        Infer(line);
        continue;
      }
      auto parts = Kids(line);
      const bool applied = Kind(line) == N::kApp;
      NodeId op = applied ? parts[0] : line;
      const size_t args = applied ? parts.size() - 1 : 0;
      MethodCall call = Method(ce, line, Text(op), args + 1, SpanOf(line));
      Expect(call.params[0], state, SpanOf(op));
      for (size_t i = 0; i < args; ++i) ExpectNode(call.params[i + 1], parts[i + 1]);
      state = call.result;
      out_.node_types[static_cast<size_t>(line.index)] = state;
    }
    return state;
  }

  TypeId TransCe(const CeContext& ce, NodeId e) {
    const TypeId t = TransCeNode(ce, e);
    out_.node_types[static_cast<size_t>(e.index)] = t;
    return t;
  }
  TypeId TransCeNode(const CeContext& ce, NodeId e) {
    auto kids = Kids(e);
    if (!IsCeForm(e)) {  // {| other-expr |} = other-expr; b.Zero()
      ExpectNode(Prim(TypeStore::kUnit), e);
      return Zero(ce, e);
    }
    switch (Kind(e)) {
      case N::kParen:
        return TransCe(ce, kids[0]);
      case N::kCompKeyword: {
        std::string_view keyword = Text(e);
        if (keyword == "do!") return TransBind(ce, e, {}, kids[0], NodeId());
        static const std::pair<std::string_view, std::string_view> kMethods[] = {
            {"return", "Return"}, {"return!", "ReturnFrom"}, {"yield", "Yield"}, {"yield!", "YieldFrom"}};
        for (const auto& [word, method] : kMethods) {
          if (keyword != word) continue;
          MethodCall call = Method(ce, e, method, 1, SpanOf(e));
          const TypeId value = Infer(kids[0]);
          if (!CoerceToSeq(call.params[0], value, kids[0])) Expect(call.params[0], value, SpanOf(kids[0]));
          return call.result;
        }
        return Fresh();
      }
      case N::kLetIn: {
        std::string_view keyword = Text(e);
        if (keyword == "let") {
          scopes_.emplace_back();
          CheckLet(kids[0], /*top=*/false);
          TypeId body = kids.size() > 1 ? TransCe(ce, kids[1]) : Zero(ce, e);
          scopes_.pop_back();
          return body;
        }
        if (keyword == "let!" || keyword == "use!" || keyword == "use") {
          // let! p1 = e1 and! p2 = e2 ... in body
          const sema::BindChain chain = sema::CollectBindChain(ast_, tokens_, e);
          return TransBind(ce, e, chain.bindings, NodeId(), chain.body);
        }
        Error(DiagKind::kOutsideComputation, SpanOf(e), Cat("'", keyword, "' must follow 'let!'"));
        return Fresh();
      }
      case N::kSequential:
        return TransSequence(ce, e, 0);
      case N::kIf: {
        ExpectNode(Prim(TypeStore::kBool), kids[0]);
        TypeId then = TransCe(ce, kids[1]);
        if (kids.size() > 2) {
          Expect(then, TransCe(ce, kids[2]), SpanOf(kids[2]));
        } else {
          Expect(then, Zero(ce, e), SpanOf(e));
        }
        return then;
      }
      case N::kMatch: {
        if (Text(e) == "match!") {
          // match! e with rules = Bind(e, fun v -> match v with rules)
          MethodCall bind = Method(ce, e, "Bind", 2, SpanOf(kids[0]));
          ExpectNode(bind.params[0], kids[0]);
          const TypeId value = Fresh(), result = Fresh();
          Expect(bind.params[1], types_.Fun(value, result), SpanOf(e));
          Expect(result, InferRules(e, value, 1, true, &ce), SpanOf(e));
          return bind.result;
        }
        return InferRules(e, Infer(kids[0]), 1, true, &ce);
      }
      case N::kRange: {
        // { a .. b }: YieldFrom of the range (as a seq where the builder's takes one).
        MethodCall call = Method(ce, e, "YieldFrom", 1, SpanOf(e));
        const TypeId element = InferSequenceElement(e);
        const TypeId list = types_.Con(TypeStore::kList, {element});
        if (!CoerceToSeq(call.params[0], list, e)) Expect(call.params[0], list, SpanOf(e));
        return call.result;
      }
      case N::kWhile: {
        // While((fun () -> cond), Delay(fun () -> body))
        MethodCall call = Method(ce, e, "While", 2, SpanOf(e));
        Expect(call.params[0], types_.Fun(Prim(TypeStore::kUnit), Prim(TypeStore::kBool)), SpanOf(kids[0]));
        ExpectNode(Prim(TypeStore::kBool), kids[0]);
        Expect(call.params[1], Delayed(ce, kids[1], TransCe(ce, kids[1])), SpanOf(kids[1]));
        return call.result;
      }
      case N::kForIn:
      case N::kForTo: {
        // For(source, fun p -> body); `for i = a to b` iterates the range.
        MethodCall call = Method(ce, e, "For", 2, SpanOf(e));
        TypeId element;
        scopes_.emplace_back();
        std::vector<PatVar> vars;
        NodeId body;
        if (Kind(e) == N::kForTo) {
          ExpectNode(Prim(TypeStore::kInt), kids[1]);
          ExpectNode(Prim(TypeStore::kInt), kids[2]);
          element = Prim(TypeStore::kInt);
          vars.push_back(PatVar{std::string(Text(kids[0])), element, kids[0]});
          body = kids[3];
        } else {
          element = InferSequenceElement(kids[1]);
          Expect(InferPattern(kids[0], vars), element, SpanOf(kids[0]));
          body = kids[2];
        }
        const TypeId recorded = out_.node_types[static_cast<size_t>(kids[1].index)];
        const TypeId source = Kind(e) == N::kForTo || recorded < 0 || Kind(kids[1]) == N::kRange
                                  ? types_.Con(TypeStore::kList, {element})
                                  : recorded;
        // A list or array where the builder's For takes a seq is converted; a seq is itself.
        if (Kind(e) == N::kForTo || !CoerceToSeq(call.params[0], source, kids[1])) {
          Expect(call.params[0], source, SpanOf(kids[1]));
        }
        for (PatVar& v : vars) BindLocal(v);
        TypeId body_type;
        if (Kind(e) == N::kForIn && ast_.token(e).is_valid()) {
          // `for x in xs -> e` is `for x in xs do yield e`.
          MethodCall yield = Method(ce, body, "Yield", 1, SpanOf(body));
          ExpectNode(yield.params[0], body);
          body_type = yield.result;
        } else {
          body_type = TransCe(ce, body);
        }
        Expect(call.params[1], types_.Fun(element, body_type), SpanOf(body));
        scopes_.pop_back();
        return call.result;
      }
      case N::kTryWith: {
        // TryWith(Delay(fun () -> body), fun exn -> match exn with rules)
        MethodCall call = Method(ce, e, "TryWith", 2, SpanOf(e));
        Expect(call.params[0], Delayed(ce, kids[0], TransCe(ce, kids[0])), SpanOf(kids[0]));
        const TypeId handler = InferRules(e, Prim(TypeStore::kExn), 1, /*exhaustive_check=*/false, &ce);
        Expect(call.params[1], types_.Fun(Prim(TypeStore::kExn), handler), SpanOf(e));
        return call.result;
      }
      case N::kTryFinally: {
        MethodCall call = Method(ce, e, "TryFinally", 2, SpanOf(e));
        Expect(call.params[0], Delayed(ce, kids[0], TransCe(ce, kids[0])), SpanOf(kids[0]));
        ExpectNode(Prim(TypeStore::kUnit), kids[1]);
        Expect(call.params[1], types_.Fun(Prim(TypeStore::kUnit), Prim(TypeStore::kUnit)), SpanOf(kids[1]));
        return call.result;
      }
      default:
        ExpectNode(Prim(TypeStore::kUnit), e);
        return Zero(ce, e);
    }
  }

  // Items `from..` of a sequence: `e; rest` runs e for its effect; `do! e; rest` binds;
  // `ce1; rest` is Combine(ce1, Delay(fun () -> rest)).
  TypeId TransSequence(const CeContext& ce, NodeId seq, size_t from) {
    auto kids = Kids(seq);
    NodeId item = kids[from];
    if (from + 1 == kids.size()) return TransCe(ce, item);
    if (!IsCeForm(item)) {
      TypeId t = Infer(item);
      if (!Unify(Prim(TypeStore::kUnit), t)) {
        diags_.Emit(DiagKind::kImplicitlyIgnored, SpanOf(item),
                    Cat("The result of this expression has type '", Show(t),
                        "' and is implicitly ignored. Consider using 'ignore' to discard this value explicitly, e.g. 'expr |> ignore'"));
      }
      return TransSequence(ce, seq, from + 1);
    }
    if (Kind(item) == N::kCompKeyword && Text(item) == "do!") {
      return TransBind(ce, item, {}, Kids(item)[0], NodeId(), [&] { return TransSequence(ce, seq, from + 1); });
    }
    TypeId first = TransCe(ce, item);
    MethodCall combine = Method(ce, item, "Combine", 2, SpanOf(item));
    Expect(combine.params[0], first, SpanOf(item));
    Expect(combine.params[1], Delayed(ce, item, TransSequence(ce, seq, from + 1)), SpanOf(kids[from + 1]));
    return combine.result;
  }

  // let! / use! / use / do!: Bind(source, fun pattern -> body). Several sources (and!) are
  // merged first; `return e` after them uses BindReturn when the builder has it. `do! e`
  // binds () and continues with `rest` (or Zero()).
  TypeId TransBind(const CeContext& ce, NodeId at, const std::vector<NodeId>& bindings, NodeId do_source,
                   NodeId body, const std::function<TypeId()>& rest = nullptr) {
    const bool is_use = Kind(at) == N::kLetIn && (Text(at) == "use!" || Text(at) == "use");
    const bool is_use_only = Kind(at) == N::kLetIn && Text(at) == "use";
    // The sources' types, merged into one.
    TypeId source;
    Span source_span = SpanOf(at);
    std::vector<BindingParts> parts;
    for (NodeId b : bindings) parts.push_back(Parts(b));
    if (do_source.is_valid()) {
      source = Infer(do_source);
      source_span = SpanOf(do_source);
    } else {
      source = parts.back().body.is_valid() ? Infer(parts.back().body) : Fresh();
      source_span = parts.back().body.is_valid() ? SpanOf(parts.back().body) : SpanOf(at);
      for (size_t i = parts.size() - 1; i-- > 0;) {
        MethodCall merge = Method(ce, at, "MergeSources", 2, SpanOf(at));
        ExpectNode(merge.params[0], parts[i].body);
        Expect(merge.params[1], source, source_span);
        source = merge.result;
        source_span = SpanOf(parts[i].body);
      }
    }
    const bool bind_return = !do_source.is_valid() && !is_use && body.is_valid() && Kind(body) == N::kCompKeyword &&
                             Text(body) == "return" && HasMethod(ce, "BindReturn");
    MethodCall bind;
    if (is_use_only) {
      bind = Method(ce, at, "Using", 2, SpanOf(at));
    } else {
      bind = Method(ce, at, bind_return ? "BindReturn" : "Bind", 2, SpanOf(at));
    }
    Expect(bind.params[0], source, source_span);
    // The continuation: its parameter is the bound value.
    const TypeId value = Fresh(), result = Fresh();
    Expect(bind.params[1], types_.Fun(value, result), SpanOf(at));
    scopes_.emplace_back();
    std::vector<PatVar> vars;
    if (do_source.is_valid()) {
      Unify(value, Prim(TypeStore::kUnit));
    } else {
      // (p1, (p2, p3)): the nesting MergeSources made.
      std::vector<TypeId> pattern_types;
      for (BindingParts& p : parts) pattern_types.push_back(InferPattern(p.head, vars));
      TypeId pattern = pattern_types.back();
      for (size_t i = pattern_types.size() - 1; i-- > 0;) {
        pattern = types_.Con(TypeStore::kTuple, {pattern_types[i], pattern});
      }
      Expect(pattern, value, SpanOf(parts[0].head));
    }
    for (PatVar& v : vars) BindLocal(v);
    TypeId continuation;
    if (bind_return) {
      continuation = Infer(Kids(body)[0]);
      out_.node_types[static_cast<size_t>(body.index)] = continuation;
    } else if (is_use && !is_use_only) {
      // use! x = e in body = Bind(e, fun x -> Using(x, fun x -> body))
      MethodCall using_call = Method(ce, at, "Using", 2, SpanOf(at));
      Expect(using_call.params[0], value, SpanOf(at));
      Expect(using_call.params[1], types_.Fun(value, body.is_valid() ? TransCe(ce, body) : Zero(ce, at)), SpanOf(at));
      continuation = using_call.result;
    } else if (rest) {
      continuation = rest();
    } else if (body.is_valid()) {
      continuation = TransCe(ce, body);
    } else {
      continuation = Zero(ce, at);
    }
    Expect(result, continuation, body.is_valid() ? SpanOf(body) : SpanOf(at));
    scopes_.pop_back();
    return bind.result;
  }

  // Rules of match / function / try-with, from child `first`: each rule's pattern against
  // `scrutinee`, guards bool, bodies one type.
  TypeId InferRules(NodeId e, TypeId scrutinee, size_t first, bool exhaustive_check = true,
                    const CeContext* ce = nullptr) {
    auto kids = Kids(e);
    TypeId result = Fresh();
    // For the match analysis: each rule's alternatives, as they cover (under-approximated, for
    // "never matched") and as they may cover (over-approximated, for "incomplete").
    std::vector<std::vector<sema::MatchPat>> covered, may_cover;
    bool warned_redundant = false;
    bool analysed = true;  // false once a rule's pattern is ill-typed
    for (size_t i = first; i < kids.size(); ++i) {
      NodeId rule = kids[i];
      if (Kind(rule) != N::kRule) continue;
      auto parts = Kids(rule);
      scopes_.emplace_back();
      std::vector<PatVar> vars;
      const int errors_before = diags_.error_count();
      Expect(scrutinee, InferPattern(parts[0], vars), SpanOf(parts[0]));
      const bool guarded = parts.size() == 3;
      // An ill-typed pattern (reported) stays out of the analysis, whose columns must hold
      // patterns of one type.
      const bool well_typed = diags_.error_count() == errors_before;
      if (!well_typed) analysed = false;
      // Before the rule's variables are in scope: case names resolve as the pattern saw them.
      std::vector<sema::MatchPat> exact, loose;
      for (NodeId alternative : analysed ? Alternatives(parts[0]) : std::vector<NodeId>{}) {
        exact.push_back(ToMatchPat(alternative, /*over=*/false));
        loose.push_back(ToMatchPat(alternative, /*over=*/true));
      }
      bool useful = !analysed;
      for (const sema::MatchPat& alternative : loose) useful = useful || sema::Useful(covered, {alternative});
      if (!useful && !warned_redundant) {
        diags_.Emit(DiagKind::kRuleNeverMatched, SpanOf(parts[0]), "This rule will never be matched");
        warned_redundant = true;
      }
      if (!guarded) {
        for (sema::MatchPat& p : exact) covered.push_back({std::move(p)});
        for (sema::MatchPat& p : loose) may_cover.push_back({std::move(p)});
      }
      for (PatVar& v : vars) BindLocal(v);
      NodeId body = parts[parts.size() - 1];
      if (guarded) ExpectNode(Prim(TypeStore::kBool), Kids(parts[1])[0]);
      if (ce != nullptr) {
        Expect(result, TransCe(*ce, body), SpanOf(body));
      } else {
        ExpectNode(result, body);
      }
      scopes_.pop_back();
    }
    if (exhaustive_check && analysed && sema::Useful(may_cover, {sema::MatchPat{}})) {
      const Span where = Kind(e) == N::kMatch ? SpanOf(Kids(e)[0]) : SpanOf(e);
      diags_.Emit(DiagKind::kIncompleteMatch, where, "Incomplete pattern matches on this expression.");
    }
    return result;
  }
  // A rule's top-level alternatives (`| A | B ->`).
  std::vector<NodeId> Alternatives(NodeId p) const {
    while (Kind(p) == N::kPatParen) p = Kids(p)[0];
    if (Kind(p) != N::kPatOr) return {p};
    std::vector<NodeId> out;
    for (NodeId k : Kids(p)) {
      std::vector<NodeId> inner = Alternatives(k);
      out.insert(out.end(), inner.begin(), inner.end());
    }
    return out;
  }

  const sema::Family* FiniteFamily(std::vector<int> arities) {
    families_.push_back(sema::Family{sema::Family::Kind::kFinite, std::move(arities)});
    return &families_.back();
  }
  const sema::Family* UnionFamily(int def) {
    auto it = union_families_.find(def);
    if (it != union_families_.end()) return it->second;
    const UnionDef& u = unions_[static_cast<size_t>(def)];
    const sema::Family* f;
    if (u.open_ended) {
      f = &infinite_;
    } else {
      std::vector<int> arities;
      for (const UnionDef::Case& c : u.cases) arities.push_back(static_cast<int>(c.fields.size()));
      f = FiniteFamily(std::move(arities));
    }
    union_families_[def] = f;
    return f;
  }
  sema::MatchPat Ctor(const sema::Family* family, int ctor, std::vector<sema::MatchPat> args) {
    sema::MatchPat p;
    p.kind = sema::MatchPat::Kind::kCtor;
    p.family = family;
    p.ctor = ctor;
    p.args = std::move(args);
    return p;
  }
  sema::MatchPat Literal(std::string spelling) {
    sema::MatchPat p;
    p.kind = sema::MatchPat::Kind::kLiteral;
    p.family = &infinite_;
    p.literal = std::move(spelling);
    return p;
  }
  // A pattern the analysis cannot model exactly: it may cover anything (`over`), or is
  // assumed to cover nothing else (a literal no other pattern shares).
  sema::MatchPat Opaque(NodeId p, bool over) {
    return over ? sema::MatchPat{} : Literal(Cat("#", p.index));
  }

  sema::MatchPat ToMatchPat(NodeId p, bool over) {
    switch (Kind(p)) {
      case N::kPatWild:
        return {};
      case N::kPatTypeTest: {
        auto it = out_.type_tests.find(p.index);
        if (it == out_.type_tests.end() || it->second < 0) return {};
        return Ctor(UnionFamily(types_.ctor(TypeStore::kExn).def), it->second, {});
      }
      case N::kPatParen:
      case N::kPatTyped:
      case N::kPatAs:
        return ToMatchPat(Kids(p)[0], over);
      case N::kPatUnit:
        return Ctor(unit_family_, 0, {});
      case N::kPatLiteral: {
        TokenIndex t = ast_.token(p);
        if (tokens_.kind(t) == TokenKind::kTrue) return Ctor(bool_family_, 1, {});
        if (tokens_.kind(t) == TokenKind::kFalse) return Ctor(bool_family_, 0, {});
        std::string spelling(tokens_.text(t));
        if (tokens_.source().text().substr(SpanOf(p).begin, 1) == "-") spelling = "-" + spelling;
        return Literal(spelling);
      }
      case N::kPatTuple: {
        std::vector<sema::MatchPat> args;
        for (NodeId k : Kids(p)) args.push_back(ToMatchPat(k, over));
        const sema::Family* family = TupleFamily(static_cast<int>(args.size()));  // before `args` moves
        return Ctor(family, 0, std::move(args));
      }
      case N::kPatList: {
        sema::MatchPat list = Ctor(list_family_, 0, {});
        auto kids = Kids(p);
        for (size_t i = kids.size(); i-- > 0;) list = Ctor(list_family_, 1, {ToMatchPat(kids[i], over), list});
        return list;
      }
      case N::kPatCons: {
        auto kids = Kids(p);
        return Ctor(list_family_, 1, {ToMatchPat(kids[0], over), ToMatchPat(kids[1], over)});
      }
      case N::kPatRecord: {
        auto fields = Kids(p);
        if (fields.size() == 0) return {};
        auto owner = field_owner_.find(std::string(Text(fields[0])));
        if (owner == field_owner_.end()) return Opaque(p, over);
        const RecordDef& r = records_[static_cast<size_t>(owner->second)];
        std::vector<sema::MatchPat> args(r.fields.size());
        for (NodeId field : fields) {
          for (size_t i = 0; i < r.fields.size(); ++i) {
            if (r.fields[i].name == Text(field) && Kids(field).size() > 0) args[i] = ToMatchPat(Kids(field)[0], over);
          }
        }
        const sema::Family* family = TupleFamily(static_cast<int>(args.size()));  // before `args` moves
        return Ctor(family, 0, std::move(args));
      }
      case N::kPatIdent: {
        Value qualified_case;
        const Value* v = LookupPatternName(p, qualified_case);
        if (v == nullptr || v->kind != Value::Kind::kUnionCase) {
          return Kids(p).size() == 0 ? sema::MatchPat{} : Opaque(p, over);
        }
        const UnionDef::Case& c = unions_[static_cast<size_t>(v->union_def)].cases[static_cast<size_t>(v->case_index)];
        const sema::Family* family = UnionFamily(v->union_def);
        if (family->kind == sema::Family::Kind::kInfinite) return Literal(c.name);
        const size_t arity = c.fields.size();
        std::vector<sema::MatchPat> args(arity);
        auto given = Kids(p);
        if (arity == 1 && given.size() == 1) {
          args[0] = ToMatchPat(given[0], over);
        } else if (arity > 1 && given.size() == 1) {
          NodeId inner = given[0];
          while (Kind(inner) == N::kPatParen) inner = Kids(inner)[0];
          if (Kind(inner) == N::kPatTuple && Kids(inner).size() == arity) {
            for (size_t i = 0; i < arity; ++i) args[i] = ToMatchPat(Kids(inner)[i], over);
          }
        }
        return Ctor(family, v->case_index, std::move(args));
      }
      default:  // nested or-patterns, arrays
        return Opaque(p, over);
    }
  }
  const sema::Family* TupleFamily(int arity) {
    auto it = tuple_families_.find(arity);
    if (it != tuple_families_.end()) return it->second;
    return tuple_families_[arity] = FiniteFamily({arity});
  }

  // ---- Results. ----
  void ReportValueRestriction() {
    for (const auto& [name, span, type] : restricted_) {
      if (!HasFreeVars(type)) continue;
      Error(DiagKind::kValueRestriction, span,
            Cat("Value restriction: the value '", name, "' has an inferred generic type '", Show(type),
                         "'. Define it as a function, or add a type annotation."));
    }
  }

  void PrintModule(const Module& m, const std::string& indent, std::string& out) {
    size_t next_class = 0, next_module = 0;
    for (size_t i = 0; i <= m.order.size(); ++i) {
      for (; next_class < m.classes.size() && m.classes[next_class].first <= i; ++next_class) {
        PrintClass(m.classes[next_class].second, indent, out);
      }
      for (; next_module < m.nested.size() && m.nested_at[next_module] <= i; ++next_module) {
        absl::StrAppend(&out, indent, "module ", m.nested[next_module].first, " =\n");
        PrintModule(*m.nested[next_module].second, indent + "  ", out);
      }
      if (i == m.order.size()) break;
      const std::string& name = m.order[i];
      const Value& v = m.values.at(name);
      if (v.kind != Value::Kind::kValue) continue;
      const BindingInfo* info = v.id >= 0 ? &out_.bindings[static_cast<size_t>(v.id)] : nullptr;
      TypeStore::VarNames names;
      absl::StrAppend(&out, indent, "val ", v.is_mutable ? "mutable " : "", info != nullptr && info->is_inline ? "inline " : "",
                      name, ": ", types_.Print(v.scheme.body, names));
      // F# writes `when ^a: (static member (+): ..)`; one operand type per operator here.
      for (size_t c = 0; c < v.scheme.constraints.size(); ++c) {
        const auto& [var, op] = v.scheme.constraints[c];
        absl::StrAppend(&out, c == 0 ? " when " : " and ", names.NameOf(types_.Resolve(var)), ": (",
                        op == "%d" ? "integer" : Cat("static member (", op, ")"), ")");
      }
      out += "\n";
    }
  }
  // F#'s notation: `type B =`, then `new: ..` and each member in declaration order.
  void PrintClass(int def, const std::string& indent, std::string& out) {
    const ClassDef& cls = classes_[static_cast<size_t>(def)];
    const std::string& name = types_.ctor(cls.ctor).name;
    absl::StrAppend(&out, indent, "type ", name, " =\n");
    const Scheme& ctor = out_.bindings[static_cast<size_t>(cls.constructor)].scheme;
    absl::StrAppend(&out, indent, "  new: ", types_.Print(ctor.body), "\n");
    for (NodeId k : Kids(cls.node)) {
      if (Kind(k) != N::kMember) continue;
      auto it = cls.members.find(Text(k));
      if (it == cls.members.end() || it->second.node.index != k.index) continue;
      const MemberDef& m = it->second;
      TypeId t = types_.Resolve(m.scheme.body);
      if (!m.is_static && types_.CtorOf(t) == TypeStore::kFun) t = types_.Args(t)[1];
      absl::StrAppend(&out, indent, "  ", m.is_static ? "static member " : "member ", m.name, ": ", types_.Print(t), "\n");
    }
  }

  const Ast& ast_;
  const TokenizedBuffer& tokens_;
  DiagnosticEngine& diags_;
  bool build_psg_;
  sema::TypedProgram out_;
  TypeStore& types_ = out_.types;
  int level_ = 0;
  // The [<RequireQualifiedAccess>] type being checked: its union cases are not names of the scope.
  NodeId qualified_only_def_;
  int seq_ctor_ = -1;  // the library's Seq<'T> (CoerceToSeq)
  // The left side of `x |> f a` while f a is checked (its type and node), for InferApp.
  std::pair<TypeId, NodeId> pipe_input_{-1, NodeId()};
  std::set<int> library_ctors_;  // the type constructors the library declares (LibraryMember)
  // Set by CheckEntryPoint for the next InferFunction: string[] -> int.
  std::vector<TypeId> entry_point_params_;
  TypeId entry_point_result_ = -1;
  TypeId lambda_hint_ = -1;
  std::vector<TypeId> tuple_hints_;  // the element types a tupled argument's lambdas get
  std::string module_path_;   // "" or "M.N": where top-level declarations sit   // the expected type of the lambda about to be inferred
  Span instantiation_span_;   // where an instantiated scheme's constraints are reported
  int64_t last_use_ = -1;               // the node of the latest value use (UseValue) ..
  std::vector<TypeId> last_use_inst_;   // .. and its scheme's instantiation
  bool in_local_ = false;
  std::vector<std::unordered_map<std::string, Value>> scopes_;
  std::vector<std::unordered_map<std::string, TypeName>> type_scopes_;
  size_t module_scope_depth_ = 0;
  std::shared_ptr<Module> root_;
  std::vector<std::shared_ptr<Module>> module_stack_;
  std::map<std::string, std::shared_ptr<Module>, std::less<>> modules_in_scope_;
  std::vector<RecordDef>& records_ = out_.records;
  std::vector<UnionDef>& unions_ = out_.unions;
  std::vector<ClassDef>& classes_ = out_.classes;
  std::unordered_map<std::string, int> field_owner_;  // label → latest record declaring it
  const std::map<std::string, TypeId, std::less<>>* type_params_ = nullptr;
  std::map<std::string, TypeId, std::less<>> annotation_vars_;
  std::vector<NumericUse> numeric_uses_;
  // Constructor families of the match analysis (stable addresses).
  std::deque<sema::Family> families_;
  const sema::Family* bool_family_ = FiniteFamily({0, 0});   // false, true
  const sema::Family* list_family_ = FiniteFamily({0, 2});   // [], ::
  const sema::Family* unit_family_ = FiniteFamily({0});
  sema::Family infinite_{sema::Family::Kind::kInfinite, {}};
  std::map<int, const sema::Family*> union_families_;
  std::map<int, const sema::Family*> tuple_families_;
  struct Restricted {
    std::string name;
    Span span;
    TypeId type;
  };
  std::vector<Restricted> restricted_;
};

}  // namespace

CheckResult CheckFile(const ParseResult& parsed, DiagnosticEngine& diags, const CheckOptions& options) {
  return Checker(parsed, diags, options.build_psg).Run();
}

}  // namespace ccs
