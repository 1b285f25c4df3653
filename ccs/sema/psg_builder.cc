#include "ccs/sema/psg_builder.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ccs/sema/ce_forms.h"
#include "ccs/sema/decision_tree.h"
#include "ccs/sema/interpolation.h"
#include "ccs/sema/match.h"
#include "support/absl_string_view.h"

namespace ccs::sema {
namespace {

using N = NodeKind;
using psg::Node;

// Functions whose body has at most this many AST nodes are inlined at full applications even
// without `inline` (the seeds' "no explicit inline keyword needed").
constexpr int kAutoInlineSize = 12;

class Builder {
 public:
  Builder(const Ast& ast, const TokenizedBuffer& tokens, const TypedProgram& typed)
      : ast_(ast), tokens_(tokens), typed_(typed), parent_(static_cast<size_t>(ast.size()), NodeId()) {
    for (int32_t i = 0; i < ast.size(); ++i) {
      for (NodeId c : ast.children(NodeId{i})) parent_[static_cast<size_t>(c.index)] = NodeId{i};
    }
    env_.emplace_back();
  }

  psg::Program Build() {
    program_.set_file(std::string(tokens_.source().filename()));
    for (const std::string& library : typed_.link_libraries) program_.add_link_libraries(library);
    // exn's cases: Failure, then the program's `exception` declarations.
    const int exn = typed_.types.ctor(TypeStore::kExn).def;
    for (const UnionDef::Case& c : typed_.unions[static_cast<size_t>(exn)].cases) {
      psg::TypeDecl::Case* out = program_.add_exceptions();
      out->set_name(c.name);
      for (TypeId field : c.fields) out->add_fields(T(field));
    }
    for (const auto& [decl, module] : typed_.top_level) {
      module_ = module;
      TopLevel(decl);
    }
    Analyze();
    return std::move(program_);
  }

 private:
  // ---- Helpers over the AST. ----
  NodeKind Kind(NodeId n) const { return ast_.kind(n); }
  Ast::ChildRange Kids(NodeId n) const { return ast_.children(n); }
  std::string Text(NodeId n) const {
    TokenIndex t = ast_.token(n);
    return t.is_valid() ? std::string(tokens_.text(t)) : std::string();
  }
  const NodeRef* RefOf(NodeId n) const {
    auto it = typed_.refs.find(n.index);
    return it == typed_.refs.end() ? nullptr : &it->second;
  }
  TypeId NodeType(NodeId n) const { return typed_.node_types[static_cast<size_t>(n.index)]; }

  // ---- Types: checker terms under the current substitution, interned. ----
  int T(TypeId t) {
    const TypeStore& ts = typed_.types;
    t = ts.Resolve(t);
    if (t < 0) return Unit();
    if (ts.IsVar(t)) {
      auto it = subst_.find(t);
      return it != subst_.end() ? it->second : Unit();
    }
    std::vector<int> args;
    for (TypeId a : ts.Args(t)) args.push_back(T(a));
    return Intern(ts.CtorOf(t), args);
  }
  int Unit() { return Intern(TypeStore::kUnit, {}); }
  int Intern(int ctor, const std::vector<int>& args) {
    auto key = std::make_pair(ctor, args);
    auto it = type_ids_.find(key);
    if (it != type_ids_.end()) return it->second;
    psg::Type type;
    static const psg::Type::Kind kKinds[] = {
        psg::Type::INT,    psg::Type::INT64, psg::Type::FLOAT,    psg::Type::BOOL,  psg::Type::CHAR,
        psg::Type::STRING, psg::Type::UNIT,  psg::Type::BYTE,     psg::Type::EXN,   psg::Type::FUNCTION,
        psg::Type::TUPLE,  psg::Type::LIST,  psg::Type::ARRAY,    psg::Type::OPTION, psg::Type::REF,
        psg::Type::SBYTE,  psg::Type::INT16, psg::Type::UINT16,   psg::Type::UINT32, psg::Type::UINT64,
        psg::Type::NATIVEINT, psg::Type::UNATIVEINT};
    const bool builtin = ctor < TypeStore::kBuiltinCount && ctor != TypeStore::kOption && ctor != TypeStore::kExn;
    type.set_kind(ctor < TypeStore::kBuiltinCount ? kKinds[ctor] : psg::Type::NAMED);
    for (int a : args) type.add_args(a);
    type.set_decl(-1);
    type.set_name(TypeName(ctor, args));
    const int id = program_.types_size();
    *program_.add_types() = std::move(type);
    type_ids_[key] = id;
    if (!builtin) program_.mutable_types(id)->set_decl(DeclFor(ctor, args, id));
    return id;
  }
  std::string TypeName(int ctor, const std::vector<int>& args) {
    const TypeCtor& c = typed_.types.ctor(ctor);
    auto name = [&](int t) {
      const psg::Type& a = program_.types(t);
      const bool paren = a.kind() == psg::Type::FUNCTION || a.kind() == psg::Type::TUPLE;
      return paren ? absl::StrCat("(", a.name(), ")") : a.name();
    };
    if (ctor == TypeStore::kFun) return absl::StrCat(name(args[0]), " -> ", program_.types(args[1]).name());
    if (ctor == TypeStore::kTuple) {
      std::string out;
      for (size_t i = 0; i < args.size(); ++i) absl::StrAppend(&out, i ? " * " : "", name(args[i]));
      return out;
    }
    if (ctor == TypeStore::kArray) return absl::StrCat(name(args[0]), "[]");
    if (args.empty()) return c.name;
    if (c.postfix || ctor == TypeStore::kList || ctor == TypeStore::kOption || ctor == TypeStore::kRef) {
      return absl::StrCat(name(args[0]), " ", c.name);
    }
    std::string out = c.name + "<";
    for (size_t i = 0; i < args.size(); ++i) absl::StrAppend(&out, i ? ", " : "", program_.types(args[i]).name());
    return out + ">";
  }
  // The declaration of a record/union/class at `args`.
  int DeclFor(int ctor, const std::vector<int>& args, int type_id) {
    const TypeCtor& c = typed_.types.ctor(ctor);
    psg::TypeDecl decl;
    decl.set_name(program_.types(type_id).name());
    decl.set_type(type_id);
    for (int a : args) decl.add_args(a);
    const int id = program_.type_decls_size();
    program_.add_type_decls();
    auto saved = subst_;
    auto bind_params = [&](const std::vector<TypeId>& params) {
      for (size_t i = 0; i < params.size() && i < args.size(); ++i) subst_[typed_.types.Resolve(params[i])] = args[i];
    };
    if (c.kind == TypeCtor::Kind::kRecord) {
      const RecordDef& r = typed_.records[static_cast<size_t>(c.def)];
      decl.set_kind(psg::TypeDecl::RECORD);
      bind_params(r.params);
      for (const RecordDef::Field& f : r.fields) {
        psg::TypeDecl::Field* field = decl.add_fields();
        field->set_name(f.name);
        field->set_type(T(f.type));
        field->set_mutable_(f.is_mutable);
      }
    } else if (c.kind == TypeCtor::Kind::kUnion || ctor == TypeStore::kOption || ctor == TypeStore::kExn) {
      const UnionDef& u = typed_.unions[static_cast<size_t>(c.def)];
      decl.set_kind(psg::TypeDecl::UNION);
      bind_params(u.params);
      for (const UnionDef::Case& uc : u.cases) {
        psg::TypeDecl::Case* out = decl.add_cases();
        out->set_name(uc.name);
        for (TypeId f : uc.fields) out->add_fields(T(f));
      }
    } else if (c.kind == TypeCtor::Kind::kClass) {
      const ClassDef& cls = typed_.classes[static_cast<size_t>(c.def)];
      decl.set_kind(cls.intrinsic.empty() ? psg::TypeDecl::CLASS : psg::TypeDecl::LIBRARY);
    } else {
      decl.set_kind(psg::TypeDecl::LIBRARY);
    }
    subst_ = std::move(saved);
    *program_.mutable_type_decls(id) = std::move(decl);
    return id;
  }
  int DeclOf(int type) { return type >= 0 ? program_.types(type).decl() : -1; }

  // ---- Bindings. ----
  int NewBinding(const std::string& name, int type, psg::Binding::Kind kind, bool is_mutable, NodeId at) {
    psg::Binding* b = program_.add_bindings();
    b->set_name(name);
    b->set_type(type);
    b->set_kind(kind);
    b->set_mutable_(is_mutable);
    if (kind == psg::Binding::TOP_LEVEL) b->set_module(module_);
    if (at.is_valid()) {
      const LineCol where = tokens_.source().Locate(ast_.span(at).begin);
      b->mutable_location()->set_line(where.line);
      b->mutable_location()->set_column(where.column);
    }
    return program_.bindings_size() - 1;
  }
  // A checker binding bound here (a pattern variable, a let name) in the current environment.
  int Declare(int checker_id, NodeId at, int type) {
    const BindingInfo& info = typed_.bindings[static_cast<size_t>(checker_id)];
    const bool top = info.top && lambda_depth_ == 0 && inline_depth_ == 0;
    const int id = NewBinding(info.name, type, top ? psg::Binding::TOP_LEVEL : psg::Binding::LOCAL, info.is_mutable, at);
    env_.back()[checker_id] = id;
    return id;
  }
  int Lookup(int checker_id) const {
    for (auto it = env_.rbegin(); it != env_.rend(); ++it) {
      auto found = it->find(checker_id);
      if (found != it->end()) return found->second;
    }
    return -1;
  }
  int Intrinsic(const BindingInfo& info, int type) {
    auto key = std::make_pair(info.intrinsic, type);
    auto it = intrinsics_.find(key);
    if (it != intrinsics_.end()) return it->second;
    const int id = NewBinding(info.intrinsic, type, psg::Binding::LIBRARY, false, NodeId());
    program_.mutable_bindings(id)->set_intrinsic(info.intrinsic);
    intrinsics_[key] = id;
    return id;
  }

  // ---- Nodes. ----
  int Add(Node::Kind kind, int type, std::vector<int> children, NodeId at) {
    Node* n = program_.add_nodes();
    n->set_kind(kind);
    n->set_type(type);
    n->set_binding(-1);
    n->set_decl(-1);
    n->set_tree(-1);
    for (int c : children) n->add_children(c);
    if (at.is_valid()) {
      const LineCol where = tokens_.source().Locate(ast_.span(at).begin);
      n->mutable_location()->set_line(where.line);
      n->mutable_location()->set_column(where.column);
    }
    return program_.nodes_size() - 1;
  }
  Node& At(int id) { return *program_.mutable_nodes(id); }

  // ---- Top level. ----
  void TopLevel(NodeId d) {
    if (Kind(d) == N::kDoDecl) {
      for (NodeId e : Kids(d)) Emit(Expr(e));
      return;
    }
    const int node = Let(d, /*top=*/true, NodeId());
    if (node >= 0) Emit(node);
    if (d.index == typed_.entry_point && node >= 0) {
      const Node& let = program_.nodes(node);
      if (let.kind() == Node::LET && program_.nodes(let.children(0)).kind() == Node::PAT_VAR) {
        psg::EntryPoint* e = program_.mutable_entry_point();
        e->set_binding(program_.nodes(let.children(0)).binding());
        const LineCol where = tokens_.source().Locate(ast_.span(d).begin);
        e->mutable_location()->set_line(where.line);
        e->mutable_location()->set_column(where.column);
      }
    }
    if (auto it = typed_.exports.find(d.index); it != typed_.exports.end()) {
      psg::Export* e = program_.add_exports();
      e->set_name(it->second);
      e->set_binding(-1);
      const LineCol where = tokens_.source().Locate(ast_.span(d).begin);
      e->mutable_location()->set_line(where.line);
      e->mutable_location()->set_column(where.column);
      const Node* let = node >= 0 ? &program_.nodes(node) : nullptr;
      if (let != nullptr && let->kind() == Node::LET && program_.nodes(let->children(0)).kind() == Node::PAT_VAR &&
          program_.nodes(let->children(1)).kind() == Node::LAMBDA) {
        e->set_binding(program_.nodes(let->children(0)).binding());
      }
    }
  }
  void Emit(int node) {
    // Specializations requested while building `node` come first (they are functions).
    for (int pending : pending_) program_.add_top_level(pending);
    pending_.clear();
    program_.add_top_level(node);
  }

  static bool IsFunctionHead(const Ast& ast, NodeId head) {
    return ast.kind(head) == N::kPatIdent && ast.children(head).size() > 0;
  }
  struct Parts {
    NodeId head, body;
  };
  Parts PartsOf(NodeId binding) const {
    Parts p;
    for (NodeId k : Kids(binding)) {
      if (!p.head.is_valid()) {
        p.head = k;
      } else if (Kind(k) != N::kReturnType) {
        p.body = k;
      }
    }
    return p;
  }
  bool IsGeneric(int checker_id) const {
    return checker_id >= 0 && !typed_.bindings[static_cast<size_t>(checker_id)].scheme.vars.empty();
  }
  int HeadBinding(NodeId head) const {
    auto it = typed_.binders.find(head.index);
    return it == typed_.binders.end() ? -1 : it->second;
  }

  // A `let` (top-level or local, `body` invalid at the top level): LET / LET_REC nodes. Generic
  // functions are not emitted here but per instantiation, where used.
  using BodyFn = std::function<int(NodeId)>;
  int Let(NodeId let, bool top, NodeId body, const BodyFn& build = nullptr) {
    auto make_body = [&]() { return build ? build(body) : Expr(body); };
    const bool rec = (ast_.flags(let) & kFlagRec) != 0;
    std::vector<Parts> bindings;
    for (NodeId b : Kids(let)) {
      if (Kind(b) == N::kBinding) bindings.push_back(PartsOf(b));
    }
    // Generic functions: specialized on demand (top level) or per use in `body` (local).
    std::vector<Parts> plain;
    for (const Parts& p : bindings) {
      const int id = IsFunctionHead(ast_, p.head) || Kind(p.head) == N::kPatIdent ? HeadBinding(p.head) : -1;
      if (id >= 0 && IsGeneric(id)) {
        continue;
      }
      plain.push_back(p);
    }
    if (plain.empty()) return top ? -1 : make_body();
    if (rec) {
      std::vector<int> children;
      for (const Parts& p : plain) {
        if (HeadBinding(p.head) < 0) return top ? -1 : make_body();  // (a rec pattern: rejected by the checker)
        Declare(HeadBinding(p.head), p.head, T(typed_.bindings[static_cast<size_t>(HeadBinding(p.head))].scheme.body));
      }
      for (const Parts& p : plain) {
        const int id = HeadBinding(p.head);
        const int var = Add(Node::PAT_VAR, program_.bindings(Lookup(id)).type(), {}, p.head);
        At(var).set_binding(Lookup(id));
        children.push_back(var);
        children.push_back(BindingValue(p));
      }
      const int n = static_cast<int>(plain.size());
      if (!top) children.push_back(make_body());
      const int node = Add(Node::LET_REC, body.is_valid() ? program_.nodes(children.back()).type() : Unit(), children, let);
      At(node).set_index(n);
      return node;
    }
    // Non-recursive: nested LETs, the names in scope only after their values.
    std::vector<std::pair<int, int>> patterns_values;
    for (const Parts& p : plain) {
      const int value = BindingValue(p);
      int pattern;
      if (IsFunctionHead(ast_, p.head)) {
        const int id = HeadBinding(p.head);
        pattern = Add(Node::PAT_VAR, program_.nodes(value).type(), {}, p.head);
        At(pattern).set_binding(Declare(id, p.head, program_.nodes(value).type()));
      } else {
        pattern = Pattern(p.head);
      }
      patterns_values.emplace_back(pattern, value);
    }
    int result = top ? -1 : make_body();
    for (size_t i = patterns_values.size(); i-- > 0;) {
      std::vector<int> children{patterns_values[i].first, patterns_values[i].second};
      if (result >= 0) children.push_back(result);
      result = Add(Node::LET, result >= 0 ? program_.nodes(result).type() : Unit(), children, let);
    }
    return result;
  }

  // A binding's value: `f a b = body` is a LAMBDA over its parameter patterns.
  int BindingValue(const Parts& p) {
    if (!IsFunctionHead(ast_, p.head)) return p.body.is_valid() ? Expr(p.body) : Add(Node::UNIT, Unit(), {}, p.head);
    const int id = HeadBinding(p.head);
    return Function(p.head, Kids(p.head), p.body, T(typed_.bindings[static_cast<size_t>(id)].scheme.body));
  }
  int Function(NodeId at, const Ast::ChildRange& params, NodeId body, int type) {
    ++lambda_depth_;
    env_.emplace_back();
    std::vector<int> children;
    for (NodeId param : params) children.push_back(Pattern(param));
    children.push_back(body.is_valid() ? Expr(body) : Add(Node::UNIT, Unit(), {}, at));
    MarkTail(children.back());
    env_.pop_back();
    --lambda_depth_;
    const int node = Add(Node::LAMBDA, type, children, at);
    At(node).set_index(static_cast<int>(params.size()));
    return node;
  }

  // The specialization of a generic top-level (or class member) binding at `inst`.
  int Specialize(int checker_id, const std::vector<int>& inst) {
    auto key = std::make_pair(checker_id, inst);
    auto it = specializations_.find(key);
    if (it != specializations_.end()) return it->second;
    const BindingInfo& info = typed_.bindings[static_cast<size_t>(checker_id)];
    // The definition: a Binding (its head) or a class Member.
    NodeId def = info.node;
    auto saved_subst = std::move(subst_);
    auto saved_env = std::move(env_);
    const int saved_depth = lambda_depth_;
    subst_.clear();
    for (size_t i = 0; i < info.scheme.vars.size() && i < inst.size(); ++i) {
      subst_[typed_.types.Resolve(info.scheme.vars[i])] = inst[i];
    }
    env_.assign(1, saved_env.front());
    lambda_depth_ = 0;
    const int type = T(info.scheme.body);
    std::string name = info.name;
    if (!inst.empty()) {
      name += "<";
      for (size_t i = 0; i < inst.size(); ++i) absl::StrAppend(&name, i ? ", " : "", program_.types(inst[i]).name());
      name += ">";
    }
    const int id = NewBinding(name, type, psg::Binding::TOP_LEVEL, false, def);
    specializations_[key] = id;
    auto saved_specs = std::move(local_specs_);
    local_specs_.assign(1, {{{checker_id, {}}, id}});
    int value;
    if (Kind(def) == N::kMember) {
      value = MemberValue(def, type);
    } else if (Kind(def) == N::kTypeDef) {
      value = Constructor(def, type);
    } else {
      value = BindingValue(PartsOf(parent_[static_cast<size_t>(def.index)]));
    }
    const int var = Add(Node::PAT_VAR, type, {}, def);
    At(var).set_binding(id);
    const int let = Add(info.is_rec ? Node::LET_REC : Node::LET, Unit(), {var, value}, def);
    if (info.is_rec) At(let).set_index(1);
    pending_.push_back(let);
    subst_ = std::move(saved_subst);
    local_specs_ = std::move(saved_specs);
    env_ = std::move(saved_env);
    lambda_depth_ = saved_depth;
    return id;
  }
  // A class's constructor: fun args -> NEW (the object, holding its constructor arguments).
  int Constructor(NodeId def, int type) {
    NodeId repr;
    for (NodeId k : Kids(def)) {
      if (Kind(k) == N::kClassRepr) repr = k;
    }
    ++lambda_depth_;
    env_.emplace_back();
    const int param = repr.is_valid() && Kids(repr).size() > 0 ? Pattern(Kids(repr)[0]) : Add(Node::PAT_UNIT, Unit(), {}, def);
    std::set<int> bound;
    Binders(param, bound);
    std::vector<int> fields;
    for (int b : bound) {
      const int var = Add(Node::VAR, program_.bindings(b).type(), {}, def);
      At(var).set_binding(b);
      fields.push_back(var);
    }
    const psg::Type& t = program_.types(type);
    const int object = t.kind() == psg::Type::FUNCTION ? t.args(1) : type;
    const int n = Add(Node::NEW, object, fields, def);
    At(n).set_decl(DeclOf(object));
    env_.pop_back();
    --lambda_depth_;
    const int lambda = Add(Node::LAMBDA, type, {param, n}, def);
    At(lambda).set_index(1);
    return lambda;
  }

  // A member as a function: its receiver (instance members) first, then its parameters.
  int MemberValue(NodeId member, int type) {
    std::vector<NodeId> params;
    NodeId body;
    for (NodeId k : Kids(member)) {
      if (Kind(k) == N::kReturnType) continue;
      params.push_back(k);
    }
    if (!params.empty()) {
      body = params.back();
      params.pop_back();
    }
    // (The class's constructor parameters are free variables of the members: see README.)
    return Function(member, Ast::ChildRange{params.data(), params.data() + params.size()}, body, type);
  }

  // ---- Patterns. ----
  int Pattern(NodeId p) {
    const int type = NodeType(p) >= 0 ? T(NodeType(p)) : Unit();
    switch (Kind(p)) {
      case N::kPatParen:
      case N::kPatTyped:
        return Pattern(Kids(p)[0]);
      case N::kPatWild:
        return Add(Node::PAT_WILD, type, {}, p);
      case N::kPatUnit:
        return Add(Node::PAT_UNIT, Unit(), {}, p);
      case N::kPatLiteral: {
        const int n = Add(Node::PAT_LITERAL, type, {}, p);
        At(n).set_text(LiteralText(p));
        return n;
      }
      case N::kPatTuple:
      case N::kPatList:
      case N::kPatArray:
      case N::kPatCons:
      case N::kPatOr: {
        static const std::map<N, Node::Kind> kinds = {{N::kPatTuple, Node::PAT_TUPLE}, {N::kPatList, Node::PAT_LIST},
                                                      {N::kPatArray, Node::PAT_ARRAY}, {N::kPatCons, Node::PAT_CONS},
                                                      {N::kPatOr, Node::PAT_OR}};
        std::vector<int> children;
        // An or-pattern's alternatives bind the same names: the first declares them.
        for (NodeId k : Kids(p)) {
          children.push_back(Pattern(k));
          if (Kind(p) == N::kPatOr) break;
        }
        if (Kind(p) == N::kPatOr) {
          for (size_t i = 1; i < Kids(p).size(); ++i) children.push_back(Pattern(Kids(p)[i]));
        }
        return Add(kinds.at(Kind(p)), type, children, p);
      }
      case N::kPatRecord: {
        std::vector<int> children;
        const int decl = DeclOf(type);
        for (NodeId field : Kids(p)) {
          const int f = Add(Node::PAT_FIELD, -1, {Pattern(Kids(field)[0])}, field);
          At(f).set_index(FieldIndex(decl, Text(field)));
          children.push_back(f);
        }
        const int n = Add(Node::PAT_RECORD, type, children, p);
        At(n).set_decl(decl);
        return n;
      }
      case N::kPatAs: {
        const int inner = Pattern(Kids(p)[0]);
        const int n = Add(Node::PAT_AS, type, {inner}, p);
        auto it = typed_.binders.find(p.index);
        if (it != typed_.binders.end()) At(n).set_binding(Declare(it->second, p, type));
        return n;
      }
      case N::kPatTypeTest: {
        auto it = typed_.type_tests.find(p.index);
        if (it == typed_.type_tests.end() || it->second < 0) return Add(Node::PAT_WILD, type, {}, p);
        const int n = Add(Node::PAT_CASE, type, {}, p);
        At(n).set_index(it->second);
        At(n).set_decl(DeclOf(type));
        return n;
      }
      case N::kPatIdent: {
        const NodeRef* ref = RefOf(p);
        if (ref != nullptr && ref->kind == NodeRef::Kind::kCase) {
          std::vector<int> children;
          for (NodeId a : Kids(p)) children.push_back(Pattern(a));
          const int n = Add(Node::PAT_CASE, type, children, p);
          At(n).set_index(ref->index);
          At(n).set_decl(DeclOf(type));
          return n;
        }
        const int n = Add(Node::PAT_VAR, type, {}, p);
        auto it = typed_.binders.find(p.index);
        if (it != typed_.binders.end()) {
          At(n).set_binding(Declare(it->second, p, type));
        } else if (auto alias = typed_.or_aliases.find(p.index); alias != typed_.or_aliases.end()) {
          // A later alternative of an or-pattern binds the first alternative's variables.
          auto first = typed_.binders.find(alias->second);
          if (first != typed_.binders.end()) At(n).set_binding(Lookup(first->second));
        }
        return n;
      }
      default:
        return Add(Node::PAT_WILD, type, {}, p);
    }
  }
  int FieldIndex(int decl, const std::string& name) {
    if (decl < 0) return -1;
    const psg::TypeDecl& d = program_.type_decls(decl);
    for (int i = 0; i < d.fields_size(); ++i) {
      if (d.fields(i).name() == name) return i;
    }
    return -1;
  }
  std::string LiteralText(NodeId n) {
    TokenIndex t = ast_.token(n);
    if (!t.is_valid()) return "";
    if (tokens_.kind(t) == TokenKind::kStringLiteral) return tokens_.string_value(t);
    std::string text(tokens_.text(t));
    if (Kind(n) == N::kPatLiteral && tokens_.source().text().substr(ast_.span(n).begin, 1) == "-") text = "-" + text;
    return text;
  }

  // ---- Expressions. ----
  int Expr(NodeId e) { return e.is_valid() ? Coerce(e, ExprNode(e)) : ExprNode(e); }
  // A list or array (or a range, as a list) where a seq is expected: Seq.ofList / Seq.ofArray
  // of `value`, the node `at` built.
  int Coerce(NodeId at, int value) {
    auto it = typed_.seq_coercions.find(at.index);
    if (it == typed_.seq_coercions.end()) return value;
    const SeqCoercion& c = it->second;
    std::vector<int> inst;
    for (TypeId t : c.inst) inst.push_back(T(t));
    const int fn_type = T(c.type);
    if (program_.nodes(value).kind() == Node::RANGE) value = Add(Node::LIST, program_.types(fn_type).args(0), {value}, at);
    const int fn = Add(Node::VAR, fn_type, {}, at);
    At(fn).set_binding(Specialize(c.binding, inst));
    return Add(Node::APP, T(c.result), {fn, value}, at);
  }
  int ExprNode(NodeId e) {
    if (!e.is_valid()) return Add(Node::UNIT, Unit(), {}, e);
    const int type = NodeType(e) >= 0 ? T(NodeType(e)) : Unit();
    switch (Kind(e)) {
      case N::kLiteral: {
        const int n = Add(Node::LITERAL, type, {}, e);
        At(n).set_text(LiteralText(e));
        return n;
      }
      case N::kInterpolated:
        return Printf("sprintf", e, {}, type, e);
      case N::kNull: {
        const int n = Add(Node::LITERAL, type, {}, e);
        At(n).set_text("null");
        return n;
      }
      case N::kUnit:
        return Add(Node::UNIT, Unit(), {}, e);
      case N::kParen:
      case N::kTyped:
      case N::kTypeArgs:
        return Kids(e).size() > 0 ? Expr(Kids(e)[0]) : Add(Node::UNIT, Unit(), {}, e);
      case N::kIdent:
        return Reference(e, type);
      case N::kTuple:
      case N::kList:
      case N::kArray:
      case N::kSequential:
      case N::kIf:
      case N::kWhile:
      case N::kTryFinally: {
        if (auto it = typed_.list_computations.find(e.index); it != typed_.list_computations.end()) {
          return ListComputation(e, it->second);
        }
        static const std::map<N, Node::Kind> kinds = {
            {N::kTuple, Node::TUPLE}, {N::kList, Node::LIST},   {N::kArray, Node::ARRAY},
            {N::kSequential, Node::SEQUENTIAL}, {N::kIf, Node::IF}, {N::kWhile, Node::WHILE},
            {N::kTryFinally, Node::TRY_FINALLY}};
        std::vector<int> children;
        for (NodeId k : Kids(e)) children.push_back(Collection(k));
        return Add(kinds.at(Kind(e)), type, children, e);
      }
      case N::kRecord:
      case N::kRecordCopy:
        return Record(e, type);
      case N::kLambda: {
        auto kids = Kids(e);
        std::vector<NodeId> params(kids.begin(), kids.end() - 1);
        return Function(e, Ast::ChildRange{params.data(), params.data() + params.size()}, kids[kids.size() - 1], type);
      }
      case N::kFunction: {
        // function | rules = fun x -> match x with rules
        ++lambda_depth_;
        env_.emplace_back();
        const TypeStore& ts = typed_.types;
        const TypeId fn = ts.Resolve(NodeType(e));
        const int param_type = T(ts.Args(fn)[0]);
        const int param = NewBinding("arg", param_type, psg::Binding::LOCAL, false, e);
        const int pat = Add(Node::PAT_VAR, param_type, {}, e);
        At(pat).set_binding(param);
        const int scrutinee = Add(Node::VAR, param_type, {}, e);
        At(scrutinee).set_binding(param);
        const int match = Match(e, scrutinee, 0, T(ts.Args(fn)[1]), Node::MATCH);
        MarkTail(match);
        env_.pop_back();
        --lambda_depth_;
        const int n = Add(Node::LAMBDA, type, {pat, match}, e);
        At(n).set_index(1);
        return n;
      }
      case N::kApp:
        return App(e, type);
      case N::kInfix:
        return Infix(e, type);
      case N::kPrefix: {
        const std::string op = Text(e);
        const int n = Add(Node::PRIM, type, {Expr(Kids(e)[0])}, e);
        At(n).set_text(op == "-" ? "neg" : op == "+" ? "pos" : op);
        return n;
      }
      case N::kAssign: {
        const NodeId target = Kids(e)[0];
        if (IsRefValue(target)) {  // cell.Value <- v is cell := v
          const int n = Add(Node::PRIM, Unit(), {Expr(Kids(target)[0]), Expr(Kids(e)[1])}, e);
          At(n).set_text(":=");
          return n;
        }
        return Add(Node::ASSIGN, Unit(), {Expr(target), Expr(Kids(e)[1])}, e);
      }
      case N::kDotGet:
        return DotGet(e, type);
      case N::kDotIndex:
        if (auto it = typed_.index_calls.find(e.index); it != typed_.index_calls.end()) {
          return LibraryCall(e, it->second, {Expr(Kids(e)[1]), Expr(Kids(e)[0])});  // List.item i xs
        }
        return Add(Node::INDEX_GET, type, {Expr(Kids(e)[0]), Expr(Kids(e)[1])}, e);
      case N::kMatch:
        return Match(e, Expr(Kids(e)[0]), 1, type, Node::MATCH);
      case N::kTryWith: {
        const int body = Expr(Kids(e)[0]);
        const int exn = Add(Node::UNIT, Intern(TypeStore::kExn, {}), {}, e);  // the caught exception
        const int n = Match(e, exn, 1, type, Node::TRY_WITH);
        *At(n).mutable_children()->Mutable(0) = body;
        return n;
      }
      case N::kForTo: {
        auto kids = Kids(e);
        const int from = Expr(kids[1]), to = Expr(kids[2]);
        env_.emplace_back();
        const int var = Pattern(kids[0]);
        const int body = Expr(kids[3]);
        env_.pop_back();
        const int n = Add(Node::FOR_TO, Unit(), {var, from, to, body}, e);
        At(n).set_text(Text(e));
        return n;
      }
      case N::kForIn: {
        auto kids = Kids(e);
        const int source = Collection(kids[1]);
        env_.emplace_back();
        const int pattern = Pattern(kids[0]);
        const int body = Expr(kids[2]);
        env_.pop_back();
        if (auto it = typed_.seq_loops.find(e.index); it != typed_.seq_loops.end()) {
          // for x in (s: seq<'T>) do body  →  Seq.iter (fun x -> body) s
          const SeqCoercion& c = it->second;
          std::vector<int> inst;
          for (TypeId t : c.inst) inst.push_back(T(t));
          const int fn_type = T(c.type);
          const int lambda = Add(Node::LAMBDA, program_.types(fn_type).args(0), {pattern, body}, e);
          At(lambda).set_index(1);
          const int fn = Add(Node::VAR, fn_type, {}, e);
          At(fn).set_binding(Specialize(c.binding, inst));
          return Add(Node::APP, Unit(), {fn, lambda, source}, e);
        }
        return Add(Node::FOR_IN, Unit(), {pattern, source, body}, e);
      }
      case N::kLetIn:
        return LetIn(e);
      case N::kCompExpr:
        return CompExpr(e, type);
      default:
        return Add(Node::UNIT, type, {}, e);
    }
  }
  // Items of lists/arrays: ranges and comprehensions have their own nodes.
  int Collection(NodeId k) {
    if (Kind(k) == N::kRange) {
      std::vector<int> bounds;
      for (NodeId b : Kids(k)) bounds.push_back(Expr(b));
      return Add(Node::RANGE, bounds.empty() ? Unit() : program_.nodes(bounds[0]).type(), bounds, k);
    }
    if (Kind(k) == N::kForIn && parent_[static_cast<size_t>(k.index)].is_valid() &&
        (Kind(parent_[static_cast<size_t>(k.index)]) == N::kList || Kind(parent_[static_cast<size_t>(k.index)]) == N::kArray)) {
      auto parts = Kids(k);
      const int source = Collection(parts[1]);
      env_.emplace_back();
      const int pattern = Pattern(parts[0]);
      const int body = Expr(parts[2]);
      env_.pop_back();
      return Add(Node::COMPREHENSION, program_.nodes(body).type(), {pattern, source, body}, k);
    }
    return Expr(k);
  }

  int Reference(NodeId e, int type) {
    const NodeRef* ref = RefOf(e);
    if (ref == nullptr) {  // an operator used as a value: (+)
      const int n = Add(Node::PRIM, type, {}, e);
      At(n).set_text(Text(e));
      return n;
    }
    if (ref->kind == NodeRef::Kind::kCase) {
      const int result = ResultType(type);
      const int n = Add(Node::CASE, type, {}, e);
      At(n).set_index(ref->index);
      At(n).set_decl(DeclOf(result));
      return n;
    }
    if (ref->kind == NodeRef::Kind::kMember) return Method(e, *ref, type, -1);
    const int n = Add(Node::VAR, type, {}, e);
    At(n).set_binding(BindingFor(*ref, type));
    return n;
  }
  // The type a constructor (maybe a function of its fields) builds.
  int ResultType(int type) {
    const psg::Type& t = program_.types(type);
    return t.kind() == psg::Type::FUNCTION ? t.args(1) : type;
  }
  int BindingFor(const NodeRef& ref, int type) {
    const BindingInfo& info = typed_.bindings[static_cast<size_t>(ref.target)];
    if (!info.intrinsic.empty()) return Intrinsic(info, type);
    std::vector<int> inst;
    for (TypeId t : ref.inst) inst.push_back(T(t));
    if (IsGeneric(ref.target)) {
      for (auto it = local_specs_.rbegin(); it != local_specs_.rend(); ++it) {
        auto found = it->find({ref.target, inst});
        if (found != it->end()) return found->second;
      }
      if (info.top) return Specialize(ref.target, inst);
    }
    const int id = Lookup(ref.target);
    if (id >= 0) return id;
    if (info.top || (info.node.is_valid() && Kind(info.node) == N::kMember)) return Specialize(ref.target, inst);
    // A class's constructor parameter seen from a member: a variable of the object.
    auto found = unresolved_.find(ref.target);
    if (found != unresolved_.end()) return found->second;
    return unresolved_[ref.target] = NewBinding(info.name, type, psg::Binding::LOCAL, info.is_mutable, info.node);
  }

  int Method(NodeId e, const NodeRef& ref, int type, int receiver) {
    const ClassDef& cls = typed_.classes[static_cast<size_t>(ref.target)];
    const MemberDef& m = cls.members.at(ref.member);
    std::vector<int> children;
    if (receiver >= 0) children.push_back(receiver);
    const int n = Add(Node::METHOD, type, children, e);
    At(n).set_text(ref.member);
    At(n).set_decl(receiver >= 0 ? DeclOf(program_.nodes(receiver).type()) : -1);
    if (m.binding >= 0) {
      std::vector<int> inst;
      for (TypeId t : ref.inst) inst.push_back(T(t));
      At(n).set_binding(Specialize(m.binding, inst));
    }
    return n;
  }

  // A call of a library function recorded by the checker (`call`), applied to `args`.
  int LibraryCall(NodeId at, const SeqCoercion& call, const std::vector<int>& args) {
    std::vector<int> inst;
    for (TypeId t : call.inst) inst.push_back(T(t));
    const int fn = Add(Node::VAR, T(call.type), {}, at);
    const BindingInfo& info = typed_.bindings[static_cast<size_t>(call.binding)];
    At(fn).set_binding(info.intrinsic.empty() ? Specialize(call.binding, inst) : Intrinsic(info, T(call.type)));
    std::vector<int> children{fn};
    children.insert(children.end(), args.begin(), args.end());
    return Add(Node::APP, T(call.result), children, at);
  }

  // cell.Value of a ref cell.
  bool IsRefValue(NodeId e) const {
    if (Kind(e) != N::kDotGet || Text(e) != "Value" || RefOf(e) != nullptr) return false;
    const TypeId t = NodeType(Kids(e)[0]);
    return t >= 0 && !typed_.types.IsVar(t) && typed_.types.CtorOf(t) == TypeStore::kRef;
  }

  int DotGet(NodeId e, int type) {
    const NodeRef* ref = RefOf(e);
    NodeId target = Kids(e)[0];
    if (IsRefValue(e)) {
      const int n = Add(Node::PRIM, type, {Expr(target)}, e);
      At(n).set_text("!");
      return n;
    }
    if (auto it = typed_.member_calls.find(e.index); it != typed_.member_calls.end()) {
      return LibraryCall(e, it->second, {Expr(target)});  // x.M of a library type: T.M x
    }
    if (ref != nullptr && ref->kind == NodeRef::Kind::kMember) {
      const ClassDef& cls = typed_.classes[static_cast<size_t>(ref->target)];
      const bool is_static = cls.members.at(ref->member).is_static;
      return Method(e, *ref, type, is_static ? -1 : Expr(target));
    }
    if (ref != nullptr) return Reference(e, type);  // M.x, Type.Case
    const int record = Expr(target);
    const int decl = DeclOf(program_.nodes(record).type());
    const int index = FieldIndex(decl, Text(e));
    if (index < 0) {  // .Length of strings, lists, arrays
      const int n = Add(Node::PRIM, type, {record}, e);
      At(n).set_text(Text(e));
      return n;
    }
    const int n = Add(Node::FIELD_GET, type, {record}, e);
    At(n).set_index(index);
    At(n).set_decl(decl);
    return n;
  }

  int Record(NodeId e, int type) {
    const int decl = DeclOf(type);
    std::vector<NodeId> inits;
    NodeId source;
    for (NodeId k : Kids(e)) (Kind(k) == N::kFieldInit ? inits.push_back(k) : void(source = k));
    if (Kind(e) == N::kRecordCopy && source.is_valid()) {
      std::vector<int> children{Expr(source)};
      for (NodeId init : inits) {
        const int f = Add(Node::FIELD_INIT, -1, {Expr(Kids(init)[0])}, init);
        At(f).set_index(FieldIndex(decl, Text(init)));
        children.push_back(f);
      }
      const int n = Add(Node::RECORD_COPY, type, children, e);
      At(n).set_decl(decl);
      return n;
    }
    // Fields are evaluated in the order written, stored in declaration order: the values go
    // through FIELD_INIT nodes so the order is kept.
    std::vector<int> children;
    for (NodeId init : inits) {
      const int f = Add(Node::FIELD_INIT, -1, {Expr(Kids(init)[0])}, init);
      At(f).set_index(FieldIndex(decl, Text(init)));
      children.push_back(f);
    }
    const int n = Add(Node::RECORD, type, children, e);
    At(n).set_decl(decl);
    return n;
  }

  int App(NodeId e, int type) {
    auto kids = Kids(e);
    if (auto it = typed_.lazy_values.find(e.index); it != typed_.lazy_values.end()) {
      // lazy body: Lazy.Create (fun () -> body)
      const int fn_type = T(it->second.type);
      ++lambda_depth_;
      env_.emplace_back();
      const int unit = Add(Node::PAT_UNIT, Unit(), {}, e);
      const int body = Expr(kids[1]);
      env_.pop_back();
      --lambda_depth_;
      const int lambda = Add(Node::LAMBDA, program_.types(fn_type).args(0), {unit, body}, e);
      At(lambda).set_index(1);
      return LibraryCall(e, it->second, {lambda});
    }
    NodeId head = kids[0];
    while (Kind(head) == N::kParen && Kids(head).size() == 1) head = Kids(head)[0];
    if (Kind(head) == N::kIdent && RefOf(head) == nullptr && IsPrintf(Text(head)) && kids.size() > 1 &&
        Kind(kids[1]) == N::kInterpolated) {
      return Printf(std::string(Text(head)), kids[1], std::vector<NodeId>(kids.begin() + 2, kids.end()), type, e);
    }
    if (Kind(head) == N::kIdent && RefOf(head) == nullptr && IsPrintf(Text(head))) {
      std::vector<int> children;
      for (size_t i = 1; i < kids.size(); ++i) children.push_back(Expr(kids[i]));
      if (!children.empty()) At(children[0]).set_type(Intern(TypeStore::kString, {}));
      const int n = Add(Node::PRINTF, type, children, e);
      At(n).set_text(Text(head));
      return n;
    }
    if (int inlined = TryInline(e, head, type); inlined >= 0) return inlined;
    const NodeRef* ref = Kind(head) == N::kIdent || Kind(head) == N::kDotGet ? RefOf(head) : nullptr;
    if (ref != nullptr && ref->kind == NodeRef::Kind::kCase) {
      // A union case applied to its fields.
      std::vector<int> children;
      for (size_t i = 1; i < kids.size(); ++i) children.push_back(Expr(kids[i]));
      const int n = Add(Node::CASE, type, children, e);
      At(n).set_index(ref->index);
      At(n).set_decl(DeclOf(type));
      return n;
    }
    std::vector<int> children{Expr(kids[0])};
    for (size_t i = 1; i < kids.size(); ++i) children.push_back(Expr(kids[i]));
    return Add(Node::APP, type, children, e);
  }
  // A printf-family call whose format is the interpolation `interp`: the format literal, the
  // holes, then `more` arguments.
  int Printf(const std::string& function, NodeId interp, const std::vector<NodeId>& more, int type, NodeId at) {
    const Interpolation read = ReadInterpolation(ast_, tokens_, interp);
    const int format = Add(Node::LITERAL, Intern(TypeStore::kString, {}), {}, interp);
    At(format).set_text(read.format);
    std::vector<int> children{format};
    for (NodeId hole : read.holes) children.push_back(Expr(hole));
    for (NodeId arg : more) children.push_back(Expr(arg));
    const int n = Add(Node::PRINTF, type, children, at);
    At(n).set_text(function);
    return n;
  }

  static bool IsPrintf(const std::string& name) {
    return name == "printfn" || name == "printf" || name == "sprintf" || name == "eprintfn" || name == "eprintf" ||
           name == "failwithf";
  }

  // `inline` functions, and small non-recursive top-level ones, applied to all their
  // parameters: the body is copied here with the parameters bound by LETs.
  int TryInline(NodeId app, NodeId head, int type) {
    if (Kind(head) != N::kIdent) return -1;
    const NodeRef* ref = RefOf(head);
    if (ref == nullptr || ref->kind != NodeRef::Kind::kBinding) return -1;
    const BindingInfo& info = typed_.bindings[static_cast<size_t>(ref->target)];
    if (!info.intrinsic.empty() || info.is_rec || info.is_mutable || !info.node.is_valid() ||
        !IsFunctionHead(ast_, info.node) || inline_depth_ > 8) {
      return -1;
    }
    const Parts def = PartsOf(parent_[static_cast<size_t>(info.node.index)]);
    auto params = Kids(def.head);
    auto kids = Kids(app);
    if (kids.size() - 1 < params.size() || !def.body.is_valid()) return -1;
    if (!info.is_inline && !(info.top && Size(def.body) <= kAutoInlineSize)) return -1;
    // Arguments first (in the caller's substitution), then the body in the callee's.
    std::vector<int> args;
    for (size_t i = 1; i < kids.size(); ++i) args.push_back(Expr(kids[i]));
    std::vector<int> inst;
    for (TypeId t : ref->inst) inst.push_back(T(t));
    auto saved_subst = subst_;
    for (size_t i = 0; i < info.scheme.vars.size() && i < inst.size(); ++i) {
      subst_[typed_.types.Resolve(info.scheme.vars[i])] = inst[i];
    }
    ++inline_depth_;
    env_.emplace_back();
    std::vector<int> patterns;
    for (NodeId p : params) patterns.push_back(Pattern(p));
    int result = Expr(def.body);
    env_.pop_back();
    --inline_depth_;
    subst_ = std::move(saved_subst);
    for (size_t i = params.size(); i-- > 0;) {
      result = Add(Node::LET, program_.nodes(result).type(), {patterns[i], args[i], result}, app);
    }
    At(result).set_inlined_from(info.name);
    if (args.size() > params.size()) {  // over-applied: the result is a function
      std::vector<int> children{result};
      children.insert(children.end(), args.begin() + static_cast<long>(params.size()), args.end());
      result = Add(Node::APP, type, children, app);
    }
    return result;
  }
  int Size(NodeId n) const {
    int size = 1;
    for (NodeId k : Kids(n)) size += Size(k);
    return size;
  }

  int Infix(NodeId e, int type) {
    const std::string op = Text(e);
    auto kids = Kids(e);
    if (op == "|>") {
      // F#'s (|>) binds its left operand first: `a |> f` runs a before f (f may be an inlined
      // call with effects), so a value that is not a plain name is let-bound ahead of the call.
      const int value = Expr(kids[0]);
      const Node::Kind value_kind = program_.nodes(value).kind();
      if (value_kind == Node::VAR || value_kind == Node::LITERAL || value_kind == Node::UNIT) {
        return Add(Node::APP, type, {Expr(kids[1]), value}, e);
      }
      const int value_type = program_.nodes(value).type();
      const int binding = NewBinding("pipe", value_type, psg::Binding::LOCAL, false, e);
      const int pattern = Add(Node::PAT_VAR, value_type, {}, e);
      At(pattern).set_binding(binding);
      const int var = Add(Node::VAR, value_type, {}, e);
      At(var).set_binding(binding);
      const int app = Add(Node::APP, type, {Expr(kids[1]), var}, e);
      return Add(Node::LET, type, {pattern, value, app}, e);
    }
    if (op == "<|") return Add(Node::APP, type, {Expr(kids[0]), Expr(kids[1])}, e);
    const NodeRef* ref = RefOf(e);
    if (ref != nullptr && ref->kind == NodeRef::Kind::kBinding) {  // a user-defined or library operator
      const int fn_type = FunctionTypeOfOperator(e, type);
      const int fn = Add(Node::VAR, fn_type, {}, e);
      At(fn).set_binding(BindingFor(*ref, fn_type));
      return Add(Node::APP, type, {fn, Expr(kids[0]), Expr(kids[1])}, e);
    }
    const int n = Add(Node::PRIM, type, {Expr(kids[0]), Expr(kids[1])}, e);
    At(n).set_text(op);
    return n;
  }
  int FunctionTypeOfOperator(NodeId e, int result) {
    auto kids = Kids(e);
    const int a = T(NodeType(kids[0])), b = T(NodeType(kids[1]));
    return Intern(TypeStore::kFun, {a, Intern(TypeStore::kFun, {b, result})});
  }

  int LetIn(NodeId e) {
    auto kids = Kids(e);
    const std::string keyword = Text(e);
    NodeId body = kids.size() > 1 ? kids[1] : NodeId();
    env_.emplace_back();
    int result;
    if (keyword == "use" && Kind(kids[0]) == N::kBinding) {
      // use x = e in body: a LET whose binding is disposed at the end of its scope.
      const Parts p = PartsOf(kids[0]);
      const int value = Expr(p.body);
      const int pattern = Pattern(p.head);
      const int rest = body.is_valid() ? Expr(body) : Add(Node::UNIT, Unit(), {}, e);
      result = Add(Node::LET, program_.nodes(rest).type(), {pattern, value, rest}, e);
      At(result).set_text("use");
    } else {
      result = LocalLet(kids[0], body, nullptr);
    }
    env_.pop_back();
    return result;
  }
  // A local let: its generic functions are specialized once per instantiation used in `body`.
  int LocalLet(NodeId let, NodeId body, const BodyFn& build) {
    std::vector<std::pair<int, NodeId>> generic;  // checker binding, its head
    for (NodeId b : Kids(let)) {
      if (Kind(b) != N::kBinding) continue;
      const Parts p = PartsOf(b);
      const int id = Kind(p.head) == N::kPatIdent ? HeadBinding(p.head) : -1;
      if (id >= 0 && IsGeneric(id)) generic.emplace_back(id, p.head);
    }
    if (generic.empty()) return Let(let, false, body, build);
    // The instantiations used in the body (under the current substitution).
    local_specs_.emplace_back();
    std::vector<int> lets;
    for (const auto& [id, head] : generic) {
      std::set<std::vector<int>> insts;
      CollectUses(body, id, insts);
      for (const std::vector<int>& inst : insts) {
        const BindingInfo& info = typed_.bindings[static_cast<size_t>(id)];
        auto saved = subst_;
        for (size_t i = 0; i < info.scheme.vars.size() && i < inst.size(); ++i) {
          subst_[typed_.types.Resolve(info.scheme.vars[i])] = inst[i];
        }
        const int type = T(info.scheme.body);
        std::string name = info.name + "<";
        for (size_t i = 0; i < inst.size(); ++i) absl::StrAppend(&name, i ? ", " : "", program_.types(inst[i]).name());
        name += ">";
        const int spec = NewBinding(name, type, psg::Binding::LOCAL, false, head);
        local_specs_.back()[{id, inst}] = spec;
        // Inside its own (recursive) body the function is used monomorphically: no instantiation.
        local_specs_.push_back({{{id, {}}, spec}});
        const int value = BindingValue(PartsOf(parent_[static_cast<size_t>(head.index)]));
        local_specs_.pop_back();
        subst_ = std::move(saved);
        const int var = Add(Node::PAT_VAR, type, {}, head);
        At(var).set_binding(spec);
        lets.push_back(var);
        lets.push_back(value);
      }
    }
    int result = Let(let, false, body, build);
    const int type = program_.nodes(result).type();
    for (size_t i = lets.size(); i >= 2; i -= 2) {
      result = Add(Node::LET_REC, type, {lets[i - 2], lets[i - 1], result}, let);
      At(result).set_index(1);
    }
    local_specs_.pop_back();
    return result;
  }
  void CollectUses(NodeId n, int checker_id, std::set<std::vector<int>>& insts) {
    if (!n.is_valid()) return;
    if (const NodeRef* ref = RefOf(n); ref != nullptr && ref->kind == NodeRef::Kind::kBinding && ref->target == checker_id) {
      std::vector<int> inst;
      for (TypeId t : ref->inst) inst.push_back(T(t));
      insts.insert(inst);
    }
    for (NodeId k : Kids(n)) CollectUses(k, checker_id, insts);
  }

  // ---- Matches: rules, patterns, and the decision tree. ----
  enum class Rules { kExpr, kCe, kDesugar };
  int Match(NodeId e, int scrutinee, size_t first, int type, Node::Kind kind, Rules rules = Rules::kExpr) {
    auto kids = Kids(e);
    std::vector<int> children{scrutinee};
    std::vector<int> patterns, guards;
    int rule_number = 0;
    for (size_t i = first; i < kids.size(); ++i) {
      if (Kind(kids[i]) != N::kRule) continue;
      auto parts = Kids(kids[i]);
      env_.emplace_back();
      const int pattern = Pattern(parts[0]);
      std::vector<int> rule{pattern};
      if (parts.size() == 3) rule.push_back(Expr(Kids(parts[1])[0]));
      NodeId body = parts[parts.size() - 1];
      rule.push_back(rules == Rules::kCe ? CeBody(body) : rules == Rules::kDesugar ? DesugarNode(body) : Expr(body));
      env_.pop_back();
      const int r = Add(Node::RULE, program_.nodes(rule.back()).type(), rule, kids[i]);
      At(r).set_index(rule_number++);
      patterns.push_back(pattern);
      guards.push_back(parts.size() == 3 ? 1 : 0);
      children.push_back(r);
    }
    const int n = Add(kind, type, children, e);
    At(n).set_tree(Tree(patterns, guards));
    return n;
  }

  // PSG patterns as constructor patterns (match.h), or-patterns expanded into rows.
  std::vector<MatchPat> ToMatch(int id) {
    const Node& p = program_.nodes(id);
    auto one = [](MatchPat m) { return std::vector<MatchPat>{std::move(m)}; };
    switch (p.kind()) {
      case Node::PAT_VAR: {
        MatchPat any;
        if (p.binding() >= 0) any.binders.push_back(p.binding());
        return one(std::move(any));
      }
      case Node::PAT_AS: {
        std::vector<MatchPat> inner = ToMatch(p.children(0));
        for (MatchPat& m : inner) m.binders.push_back(p.binding());
        return inner;
      }
      case Node::PAT_OR: {
        std::vector<MatchPat> out;
        for (int c : p.children()) {
          for (MatchPat& m : ToMatch(c)) out.push_back(std::move(m));
        }
        return out;
      }
      case Node::PAT_UNIT:
        return one(Ctor(Finite({0}), 0, {}));
      case Node::PAT_LITERAL: {
        if (p.text() == "true" || p.text() == "false") return one(Ctor(Finite({0, 0}), p.text() == "true", {}));
        MatchPat lit;
        lit.kind = MatchPat::Kind::kLiteral;
        lit.family = &infinite_;
        lit.literal = p.text();
        return one(std::move(lit));
      }
      case Node::PAT_TUPLE:
      case Node::PAT_CASE:
      case Node::PAT_RECORD:
      case Node::PAT_CONS:
      case Node::PAT_LIST:
      case Node::PAT_ARRAY:
        return Product(p);
      default:
        return one(MatchPat{});
    }
  }
  // Constructor patterns: every combination of the arguments' alternatives.
  std::vector<MatchPat> Product(const Node& p) {
    std::vector<int> args;
    const Family* family;
    int ctor = 0;
    switch (p.kind()) {
      case Node::PAT_TUPLE:
        args.assign(p.children().begin(), p.children().end());
        family = Finite(std::vector<int>{static_cast<int>(args.size())});
        break;
      case Node::PAT_CASE: {
        const psg::TypeDecl& decl = program_.type_decls(p.decl());
        std::vector<int> arities;
        for (const psg::TypeDecl::Case& c : decl.cases()) arities.push_back(c.fields_size());
        // exn is open: a constructor no pattern names stands for every other exception, so a
        // handler naming only Failure falls back (re-raises) on the rest.
        if (program_.types(decl.type()).kind() == psg::Type::EXN) arities.push_back(0);
        family = Finite(arities);
        ctor = p.index();
        const int arity = arities[static_cast<size_t>(ctor)];
        if (p.children_size() == 1 && arity > 1 && program_.nodes(p.children(0)).kind() == Node::PAT_TUPLE &&
            program_.nodes(p.children(0)).children_size() == arity) {
          const Node& tuple = program_.nodes(p.children(0));
          args.assign(tuple.children().begin(), tuple.children().end());
        } else if (p.children_size() == 1 && arity == 1) {
          args.push_back(p.children(0));
        } else {
          args.assign(static_cast<size_t>(arity), -1);
        }
        break;
      }
      case Node::PAT_RECORD: {
        const psg::TypeDecl& decl = program_.type_decls(p.decl());
        args.assign(static_cast<size_t>(decl.fields_size()), -1);
        for (int f : p.children()) {
          const Node& field = program_.nodes(f);
          if (field.index() >= 0 && field.index() < decl.fields_size()) args[static_cast<size_t>(field.index())] = field.children(0);
        }
        family = Finite(std::vector<int>{static_cast<int>(args.size())});
        break;
      }
      case Node::PAT_CONS:
        args.assign(p.children().begin(), p.children().end());
        family = Finite({0, 2});
        ctor = 1;
        break;
      case Node::PAT_LIST: {
        // [a; b] = a :: b :: []
        std::vector<MatchPat> tail{Ctor(Finite({0, 2}), 0, {})};
        for (int i = p.children_size(); i-- > 0;) {
          std::vector<MatchPat> next;
          for (MatchPat& head : ToMatch(p.children(i))) {
            for (MatchPat& t : tail) next.push_back(Ctor(Finite({0, 2}), 1, {head, t}));
          }
          tail = Cap(std::move(next));
        }
        return tail;
      }
      default: {  // arrays: by length (a finite family of the lengths 0..16)
        args.assign(p.children().begin(), p.children().end());
        std::vector<int> lengths;
        for (int i = 0; i <= 16; ++i) lengths.push_back(i);
        family = Finite(lengths);
        ctor = std::min(static_cast<int>(args.size()), 16);
        break;
      }
    }
    std::vector<std::vector<MatchPat>> combos{{}};
    for (int a : args) {
      std::vector<MatchPat> alternatives = a < 0 ? std::vector<MatchPat>{MatchPat{}} : ToMatch(a);
      std::vector<std::vector<MatchPat>> next;
      for (const auto& prefix : combos) {
        for (const MatchPat& alt : alternatives) {
          next.push_back(prefix);
          next.back().push_back(alt);
        }
      }
      combos = std::move(next);
      if (combos.size() > 64) combos.resize(64);
    }
    std::vector<MatchPat> out;
    for (auto& c : combos) out.push_back(Ctor(family, ctor, std::move(c)));
    return out;
  }
  static std::vector<MatchPat> Cap(std::vector<MatchPat> v) {
    if (v.size() > 64) v.resize(64);
    return v;
  }
  MatchPat Ctor(const Family* family, int ctor, std::vector<MatchPat> args) {
    MatchPat m;
    m.kind = MatchPat::Kind::kCtor;
    m.family = family;
    m.ctor = ctor;
    m.args = std::move(args);
    return m;
  }
  const Family* Finite(std::vector<int> arities) {
    auto it = families_.find(arities);
    if (it != families_.end()) return &it->second;
    return &families_.emplace(arities, Family{Family::Kind::kFinite, arities}).first->second;
  }

  int Tree(const std::vector<int>& patterns, const std::vector<int>& guards) {
    std::vector<MatchRow> rows;
    std::vector<int> rule_of_row;
    for (size_t r = 0; r < patterns.size(); ++r) {
      for (MatchPat& alt : ToMatch(patterns[r])) {
        MatchRow row;
        row.pattern = std::move(alt);
        row.guarded = guards[r] != 0;
        rows.push_back(std::move(row));
        rule_of_row.push_back(static_cast<int>(r));
      }
    }
    const DecisionTree tree = CompileMatch(rows);
    psg::DecisionTree* out = program_.add_trees();
    out->set_root(tree.root);
    auto occurrence = [](const Occurrence& o, psg::DecisionTree::Occurrence* to) {
      for (const auto& [ctor, field] : o.path) {
        psg::DecisionTree::Step* s = to->add_steps();
        s->set_ctor(ctor);
        s->set_field(field);
      }
    };
    for (const DecisionNode& n : tree.nodes) {
      psg::DecisionTree::TreeNode* t = out->add_nodes();
      t->set_guard_failed(n.guard_failed);
      t->set_fallback(n.fallback);
      t->set_rule(-1);
      switch (n.kind) {
        case DecisionNode::Kind::kFail:
          t->set_kind(psg::DecisionTree::TreeNode::FAIL);
          break;
        case DecisionNode::Kind::kLeaf:
          t->set_kind(psg::DecisionTree::TreeNode::LEAF);
          t->set_rule(rule_of_row[static_cast<size_t>(n.rule)]);
          for (const auto& [binder, at] : n.bindings) {
            psg::DecisionTree::Bound* b = t->add_bindings();
            b->set_binding(binder);
            occurrence(at, b->mutable_at());
          }
          break;
        case DecisionNode::Kind::kSwitch:
          t->set_kind(psg::DecisionTree::TreeNode::SWITCH);
          occurrence(n.occurrence, t->mutable_occurrence());
          for (const DecisionNode::Edge& e : n.edges) {
            psg::DecisionTree::Edge* edge = t->add_edges();
            edge->set_ctor(e.ctor);
            edge->set_literal(e.literal);
            edge->set_target(e.target);
          }
          break;
      }
    }
    return program_.trees_size() - 1;
  }

  // ---- Computation expressions. ----
  // The built-in builders become continuation marks: a RESET at the expression, a SHIFT at
  // each suspension (`let!`, `do!`, `return!`, `and!`, `use!`, `match!`), RETURN for `return`.
  // Other builders are translated to their method calls (F#'s rules, as the checker typed them).
  int CompExpr(NodeId e, int type) {
    auto kids = Kids(e);
    const TypeStore& ts = typed_.types;
    const TypeId builder = ts.Resolve(NodeType(kids[0]));
    const ClassDef& cls = typed_.classes[static_cast<size_t>(ts.ctor(ts.CtorOf(builder)).def)];
    static const std::map<std::string, std::string> kBuiltin = {
        {"AsyncBuilder", "async"}, {"ActorBuilder", "actor"}, {"FrostyBuilder", "frosty"}};
    auto builtin = kBuiltin.find(cls.intrinsic);
    if (builtin != kBuiltin.end()) {
      const CeState* saved = ce_;
      CeState state{builtin->second, -1};
      ce_ = &state;
      ++lambda_depth_;  // the body is a continuation: its free locals are captured
      env_.emplace_back();
      const int body = CeBody(kids[1]);
      env_.pop_back();
      --lambda_depth_;
      ce_ = saved;
      const int n = Add(Node::RESET, type, {body}, e);
      At(n).set_text(builtin->second);
      return n;
    }
    // A user builder: `b.Run(b.Delay(fun () -> {| body |}))` through its methods.
    const int receiver = Expr(kids[0]);
    const CeState* saved = ce_;
    CeState state{"", receiver};
    ce_ = &state;
    const int body = Desugar(kids[1]);
    ce_ = saved;
    return body;
  }
  // [ body ]: List.ofSeq (seq { body }), the list node standing for the builder and its calls.
  int ListComputation(NodeId e, const sema::ListComputation& lc) {
    const int receiver = Reference(e, T(lc.builder));
    const CeState* saved = ce_;
    CeState state{"", receiver};
    ce_ = &state;
    const int body = Desugar(Kids(e)[0]);
    ce_ = saved;
    return LibraryCall(e, lc.of_seq, {body});
  }
  struct CeState {
    std::string builtin;  // async/actor/frosty; empty for a user builder
    int receiver;         // user builders: the builder value's node
  };

  // Direct style with continuation marks (built-in builders).
  int CeBody(NodeId e) {
    const int type = NodeType(e) >= 0 ? T(NodeType(e)) : Unit();
    auto kids = Kids(e);
    switch (Kind(e)) {
      case N::kParen:
        return CeBody(kids[0]);
      case N::kCompKeyword: {
        const std::string keyword = Text(e);
        if (keyword == "return" || keyword == "yield") return Add(Node::RETURN, type, {Expr(kids[0])}, e);
        const int source = Expr(kids[0]);
        const int unit = Add(Node::PAT_UNIT, Unit(), {}, e);
        const int n = keyword == "do!" ? Add(Node::SHIFT, type, {unit, source, Add(Node::RETURN, type, {Add(Node::UNIT, Unit(), {}, e)}, e)}, e)
                                       : Add(Node::SHIFT, type, {source}, e);
        At(n).set_text(keyword == "do!" ? "do" : "return_from");
        if (keyword != "do!") At(n).set_tail(true);
        return n;
      }
      case N::kLetIn: {
        const std::string keyword = Text(e);
        if (keyword == "let" || keyword == "use") {
          env_.emplace_back();
          int n;
          if (keyword == "use") {
            const Parts p = PartsOf(kids[0]);
            const int value = Expr(p.body);
            const int pattern = Pattern(p.head);
            const int rest = kids.size() > 1 ? CeBody(kids[1]) : Add(Node::RETURN, type, {Add(Node::UNIT, Unit(), {}, e)}, e);
            n = Add(Node::LET, type, {pattern, value, rest}, e);
            At(n).set_text("use");
          } else {
            n = CeLet(kids[0], kids.size() > 1 ? kids[1] : NodeId());
          }
          env_.pop_back();
          return n;
        }
        // let! p = e [and! q = f ..] in body
        const BindChain chain = CollectBindChain(ast_, tokens_, e);
        const std::vector<NodeId>& sources = chain.bindings;
        const NodeId body = chain.body;
        std::vector<int> children;
        std::vector<int> values;
        for (NodeId s : sources) values.push_back(Expr(PartsOf(s).body));
        env_.emplace_back();
        for (size_t i = 0; i < sources.size(); ++i) {
          children.push_back(Pattern(PartsOf(sources[i]).head));
          children.push_back(values[i]);
        }
        children.push_back(body.is_valid() ? CeBody(body) : Add(Node::RETURN, type, {Add(Node::UNIT, Unit(), {}, e)}, e));
        env_.pop_back();
        const int n = Add(Node::SHIFT, type, children, e);
        At(n).set_text(sources.size() > 1 ? "bind_all" : keyword == "use!" ? "use" : IsReceive(PartsOf(sources[0]).body) ? "receive" : "bind");
        return n;
      }
      case N::kSequential:
        return CeSequence(e, 0);
      case N::kIf: {
        std::vector<int> children{Expr(kids[0]), CeBody(kids[1])};
        if (kids.size() > 2) children.push_back(CeBody(kids[2]));
        return Add(Node::IF, type, children, e);
      }
      case N::kMatch: {
        if (Text(e) == "match!") {
          // match! e with rules: a SHIFT binding the scrutinee, then the match.
          const int source = Expr(kids[0]);
          env_.emplace_back();
          const TypeId scrutinee_type = typed_.types.Resolve(NodeType(kids[0]));
          const int value_type = T(typed_.types.Args(scrutinee_type).empty() ? -1 : typed_.types.Args(scrutinee_type).back());
          const int binding = NewBinding("matched", value_type, psg::Binding::LOCAL, false, e);
          const int pat = Add(Node::PAT_VAR, value_type, {}, e);
          At(pat).set_binding(binding);
          const int var = Add(Node::VAR, value_type, {}, e);
          At(var).set_binding(binding);
          const int match = Match(e, var, 1, type, Node::MATCH, Rules::kCe);
          env_.pop_back();
          const int n = Add(Node::SHIFT, type, {pat, source, match}, e);
          At(n).set_text("bind");
          return n;
        }
        return Match(e, Expr(kids[0]), 1, type, Node::MATCH, Rules::kCe);
      }
      case N::kWhile:
        return Add(Node::WHILE, type, {Expr(kids[0]), CeStatement(kids[1])}, e);
      case N::kForIn: {
        const int source = Collection(kids[1]);
        env_.emplace_back();
        const int pattern = Pattern(kids[0]);
        const int body = CeStatement(kids[2]);
        env_.pop_back();
        return Add(Node::FOR_IN, type, {pattern, source, body}, e);
      }
      case N::kForTo: {
        const int from = Expr(kids[1]), to = Expr(kids[2]);
        env_.emplace_back();
        const int var = Pattern(kids[0]);
        const int body = CeStatement(kids[3]);
        env_.pop_back();
        const int n = Add(Node::FOR_TO, type, {var, from, to, body}, e);
        At(n).set_text(Text(e));
        return n;
      }
      case N::kTryWith: {
        const int body = CeBody(kids[0]);
        const int exn = Add(Node::UNIT, Intern(TypeStore::kExn, {}), {}, e);
        const int n = Match(e, exn, 1, type, Node::TRY_WITH, Rules::kCe);
        *At(n).mutable_children()->Mutable(0) = body;
        return n;
      }
      case N::kTryFinally:
        return Add(Node::TRY_FINALLY, type, {CeBody(kids[0]), Expr(kids[1])}, e);
      default:
        // {| e |} = e; Zero(): run for its effect, then the computation's unit result.
        return Add(Node::SEQUENTIAL, type, {Expr(e), Add(Node::RETURN, type, {Add(Node::UNIT, Unit(), {}, e)}, e)}, e);
    }
  }
  // Items `from..` of a sequence; a `do!` takes the rest as its continuation.
  int CeSequence(NodeId seq, size_t from) {
    auto kids = Kids(seq);
    const int type = NodeType(seq) >= 0 ? T(NodeType(seq)) : Unit();
    std::vector<int> items;
    for (size_t i = from; i < kids.size(); ++i) {
      if (i + 1 == kids.size()) {
        items.push_back(CeBody(kids[i]));
      } else if (Kind(kids[i]) == N::kCompKeyword && Text(kids[i]) == "do!") {
        const int source = Expr(Kids(kids[i])[0]);
        const int unit = Add(Node::PAT_UNIT, Unit(), {}, kids[i]);
        const int n = Add(Node::SHIFT, type, {unit, source, CeSequence(seq, i + 1)}, kids[i]);
        At(n).set_text("do");
        items.push_back(n);
        break;
      } else {
        items.push_back(CeStatement(kids[i]));
      }
    }
    return items.size() == 1 ? items[0] : Add(Node::SEQUENTIAL, type, items, seq);
  }
  // An item of a sequence that is not last: a computation (do!, a loop with suspensions) or
  // an ordinary expression.
  int CeStatement(NodeId e) {
    if (Kind(e) == N::kCompKeyword && Text(e) == "do!") {
      const int source = Expr(Kids(e)[0]);
      const int unit = Add(Node::PAT_UNIT, Unit(), {}, e);
      const int n = Add(Node::SHIFT, T(NodeType(e)), {unit, source}, e);
      At(n).set_text("do");
      return n;
    }
    return ContainsCe(e) ? CeBody(e) : Expr(e);
  }
  bool ContainsCe(NodeId e) const {
    if (Kind(e) == N::kCompKeyword || Kind(e) == N::kCompExpr) return Kind(e) == N::kCompKeyword;
    if (Kind(e) == N::kLetIn && Text(e) != "let") return true;
    if (Kind(e) == N::kMatch && Text(e) == "match!") return true;
    if (Kind(e) == N::kLambda || Kind(e) == N::kFunction) return false;
    for (NodeId k : Kids(e)) {
      if (ContainsCe(k)) return true;
    }
    return false;
  }
  int CeLet(NodeId let, NodeId body) {
    return LocalLet(let, body, [this, let](NodeId b) {
      return b.is_valid() ? CeBody(b) : Add(Node::RETURN, Unit(), {Add(Node::UNIT, Unit(), {}, let)}, let);
    });
  }
  bool IsReceive(NodeId source) const {
    NodeId head = source;
    while (Kind(head) == N::kApp) head = Kids(head)[0];
    if (Kind(head) != N::kDotGet) return false;
    const std::string name = Text(head);
    return name == "receive" || name == "Receive" || name == "TryReceive";
  }

  // User builders: the method calls the checker recorded, node by node, in order.
  int Desugar(NodeId body) {
    call_cursor_.clear();
    const int inner = DesugarNode(body);
    NodeId ce = parent_[static_cast<size_t>(body.index)];
    int result = Delay(ce, inner);
    if (HasCall(ce, "Run")) result = Call(ce, "Run", {result});
    return result;
  }
  bool HasCall(NodeId at, const std::string& method) const {
    auto it = typed_.ce_calls.find(at.index);
    if (it == typed_.ce_calls.end()) return false;
    for (const CeCall& c : it->second) {
      if (c.method == method) return true;
    }
    return false;
  }
  // The next recorded call of `method` at `at`: APP(METHOD(receiver), args (tupled)).
  int Call(NodeId at, const std::string& method, std::vector<int> args) {
    auto it = typed_.ce_calls.find(at.index);
    const CeCall* call = nullptr;
    if (it != typed_.ce_calls.end()) {
      size_t& cursor = call_cursor_[{at.index, method}];
      size_t seen = 0;
      for (const CeCall& c : it->second) {
        if (c.method != method) continue;
        if (seen++ == cursor) {
          call = &c;
          break;
        }
      }
      ++cursor;
    }
    const int fn_type = call != nullptr ? T(call->type) : Unit();
    const psg::Type& ft = program_.types(fn_type);
    const int result_type = ft.kind() == psg::Type::FUNCTION ? ft.args(1) : Unit();
    const int method_node = Add(Node::METHOD, fn_type, {ce_->receiver}, at);
    At(method_node).set_text(method);
    if (call != nullptr) {
      const ClassDef& cls = typed_.classes[static_cast<size_t>(call->class_def)];
      auto m = cls.members.find(method);
      At(method_node).set_decl(DeclOf(program_.nodes(ce_->receiver).type()));
      if (m != cls.members.end() && m->second.binding >= 0) {
        std::vector<int> inst;
        for (TypeId t : call->inst) inst.push_back(T(t));
        At(method_node).set_binding(Specialize(m->second.binding, inst));
      }
    }
    int arg;
    if (args.size() == 1) {
      arg = args[0];
    } else {
      std::vector<int> types;
      for (int a : args) types.push_back(program_.nodes(a).type());
      arg = Add(Node::TUPLE, Intern(TypeStore::kTuple, types), args, at);
    }
    return Add(Node::APP, result_type, {method_node, arg}, at);
  }
  int Delay(NodeId at, int inner) {
    if (!HasCall(at, "Delay")) return inner;
    return Call(at, "Delay", {Thunk(at, inner)});
  }
  // fun () -> body
  int Thunk(NodeId at, int body) {
    const int unit = Add(Node::PAT_UNIT, Unit(), {}, at);
    const int n = Add(Node::LAMBDA, Intern(TypeStore::kFun, {Unit(), program_.nodes(body).type()}), {unit, body}, at);
    At(n).set_index(1);
    return n;
  }
  int Continuation(NodeId at, int pattern, int body) {
    const int n = Add(Node::LAMBDA, Intern(TypeStore::kFun, {program_.nodes(pattern).type(), program_.nodes(body).type()}),
                      {pattern, body}, at);
    At(n).set_index(1);
    return n;
  }
  int Zero(NodeId at) { return Call(at, "Zero", {Add(Node::UNIT, Unit(), {}, at)}); }

  int DesugarNode(NodeId e) {
    auto kids = Kids(e);
    if (!IsCeForm(e)) return Add(Node::SEQUENTIAL, Unit(), {Expr(e), Zero(e)}, e);
    switch (Kind(e)) {
      case N::kParen:
        return DesugarNode(kids[0]);
      case N::kCompKeyword: {
        const std::string keyword = Text(e);
        if (keyword == "do!") return DesugarBind(e, {}, kids[0], NodeId(), -1);
        static const std::map<std::string, std::string> kMethods = {
            {"return", "Return"}, {"return!", "ReturnFrom"}, {"yield", "Yield"}, {"yield!", "YieldFrom"}};
        return Call(e, kMethods.at(keyword), {Expr(kids[0])});
      }
      case N::kLetIn: {
        const std::string keyword = Text(e);
        if (keyword == "let") {
          env_.emplace_back();
          const int n = LocalLet(kids[0], kids.size() > 1 ? kids[1] : NodeId(),
                                 [this, e](NodeId b) { return b.is_valid() ? DesugarNode(b) : Zero(e); });
          env_.pop_back();
          return n;
        }
        const BindChain chain = CollectBindChain(ast_, tokens_, e);
        const std::vector<NodeId>& sources = chain.bindings;
        const NodeId body = chain.body;
        return DesugarBind(e, sources, NodeId(), body, -1);
      }
      case N::kSequential:
        return DesugarSequence(e, 0);
      case N::kIf: {
        std::vector<int> children{Expr(kids[0]), DesugarNode(kids[1])};
        children.push_back(kids.size() > 2 ? DesugarNode(kids[2]) : Zero(e));
        return Add(Node::IF, program_.nodes(children[1]).type(), children, e);
      }
      case N::kMatch:
        return Match(e, Expr(kids[0]), 1, T(NodeType(e)), Node::MATCH, Rules::kDesugar);
      case N::kRange: {
        const int range = Collection(e);
        int source = Coerce(e, range);
        if (source == range) source = Add(Node::LIST, T(NodeType(e) >= 0 ? NodeType(e) : -1), {range}, e);
        return Call(e, "YieldFrom", {source});
      }
      case N::kWhile: {
        const int guard = Thunk(kids[0], Expr(kids[0]));
        return Call(e, "While", {guard, Delay(kids[1], DesugarNode(kids[1]))});
      }
      case N::kForIn: {
        // Expr has coerced a list or array to a seq already; a range is coerced here.
        const int collected = Collection(kids[1]);
        const int source = Kind(kids[1]) == N::kRange ? Coerce(kids[1], collected) : collected;
        env_.emplace_back();
        const int pattern = Pattern(kids[0]);
        // `for x in xs -> e` yields e.
        const int body = ast_.token(e).is_valid() ? Call(kids[2], "Yield", {Expr(kids[2])}) : DesugarNode(kids[2]);
        env_.pop_back();
        return Call(e, "For", {source, Continuation(e, pattern, body)});
      }
      case N::kTryWith: {
        const int body = Delay(kids[0], DesugarNode(kids[0]));
        const int exn_type = Intern(TypeStore::kExn, {});
        const int binding = NewBinding("exn", exn_type, psg::Binding::LOCAL, false, e);
        const int pat = Add(Node::PAT_VAR, exn_type, {}, e);
        At(pat).set_binding(binding);
        const int var = Add(Node::VAR, exn_type, {}, e);
        At(var).set_binding(binding);
        const int handler = Match(e, var, 1, program_.nodes(body).type(), Node::MATCH, Rules::kDesugar);
        return Call(e, "TryWith", {body, Continuation(e, pat, handler)});
      }
      case N::kTryFinally: {
        const int body = Delay(kids[0], DesugarNode(kids[0]));
        return Call(e, "TryFinally", {body, Thunk(kids[1], Expr(kids[1]))});
      }
      default:
        return Add(Node::SEQUENTIAL, Unit(), {Expr(e), Zero(e)}, e);
    }
  }
  int DesugarSequence(NodeId seq, size_t from) {
    auto kids = Kids(seq);
    NodeId item = kids[from];
    if (from + 1 == kids.size()) return DesugarNode(item);
    if (!IsCeForm(item)) {
      const int first = Expr(item);
      const int rest = DesugarSequence(seq, from + 1);
      return Add(Node::SEQUENTIAL, program_.nodes(rest).type(), {first, rest}, item);
    }
    if (Kind(item) == N::kCompKeyword && Text(item) == "do!") {
      return DesugarBind(item, {}, Kids(item)[0], NodeId(), static_cast<int>(from + 1), seq);
    }
    const int first = DesugarNode(item);
    const int rest = Delay(item, DesugarSequence(seq, from + 1));
    return Call(item, "Combine", {first, rest});
  }
  int DesugarBind(NodeId at, const std::vector<NodeId>& bindings, NodeId do_source, NodeId body, int rest_from,
                  NodeId rest_seq = NodeId()) {
    const bool is_use = Kind(at) == N::kLetIn && (Text(at) == "use!" || Text(at) == "use");
    const bool is_use_only = Kind(at) == N::kLetIn && Text(at) == "use";
    int source;
    if (do_source.is_valid()) {
      source = Expr(do_source);
    } else {
      std::vector<int> values;
      for (NodeId b : bindings) values.push_back(Expr(PartsOf(b).body));
      source = values.back();
      for (size_t i = values.size() - 1; i-- > 0;) source = Call(at, "MergeSources", {values[i], source});
    }
    const bool bind_return = !do_source.is_valid() && !is_use && body.is_valid() && Kind(body) == N::kCompKeyword &&
                             Text(body) == "return" && HasCall(at, "BindReturn");
    env_.emplace_back();
    int pattern;
    if (do_source.is_valid()) {
      pattern = Add(Node::PAT_UNIT, Unit(), {}, at);
    } else {
      std::vector<int> patterns;
      for (NodeId b : bindings) patterns.push_back(Pattern(PartsOf(b).head));
      pattern = patterns.back();
      for (size_t i = patterns.size() - 1; i-- > 0;) {
        pattern = Add(Node::PAT_TUPLE, Intern(TypeStore::kTuple, {program_.nodes(patterns[i]).type(), program_.nodes(pattern).type()}),
                      {patterns[i], pattern}, at);
      }
    }
    int continuation;
    if (bind_return) {
      continuation = Expr(Kids(body)[0]);
    } else if (is_use && !is_use_only) {
      const int var = Add(Node::VAR, program_.nodes(pattern).type(), {}, at);
      At(var).set_binding(program_.nodes(pattern).binding());
      const int inner_pattern = Add(Node::PAT_WILD, program_.nodes(pattern).type(), {}, at);
      continuation = Call(at, "Using", {var, Continuation(at, inner_pattern, body.is_valid() ? DesugarNode(body) : Zero(at))});
    } else if (rest_from >= 0) {
      continuation = DesugarSequence(rest_seq, static_cast<size_t>(rest_from));
    } else if (body.is_valid()) {
      continuation = DesugarNode(body);
    } else {
      continuation = Zero(at);
    }
    env_.pop_back();
    const std::string method = is_use_only ? "Using" : bind_return ? "BindReturn" : "Bind";
    return Call(at, method, {source, Continuation(at, pattern, continuation)});
  }
  bool IsCeForm(NodeId e) const { return IsComputationForm(ast_, tokens_, e); }

  // Tail positions of a function body: the last expression of sequences, both branches, each
  // rule's body, a let's body.
  void MarkTail(int id) {
    Node& n = At(id);
    switch (n.kind()) {
      case Node::APP:
        n.set_tail(true);
        break;
      case Node::SEQUENTIAL:
      case Node::LET:
      case Node::LET_REC:
      case Node::RULE:
        if (n.children_size() > 0) MarkTail(n.children(n.children_size() - 1));
        break;
      case Node::IF:
        if (n.children_size() == 3) {
          MarkTail(n.children(1));
          MarkTail(n.children(2));
        }
        break;
      case Node::MATCH:
        for (int i = 1; i < n.children_size(); ++i) MarkTail(n.children(i));
        break;
      default:
        break;
    }
  }

  // ---- After building: closures' captures, suspensions' live sets, escaping cells. ----
  void Analyze() {
    free_.assign(static_cast<size_t>(program_.nodes_size()), {});
    done_.assign(static_cast<size_t>(program_.nodes_size()), false);
    for (int top : program_.top_level()) Free(top);
    for (int i = 0; i < program_.nodes_size(); ++i) {
      Node& n = At(i);
      if (n.kind() != Node::LAMBDA && n.kind() != Node::SHIFT && n.kind() != Node::RESET) continue;
      if (n.kind() == Node::SHIFT && n.text() == "return_from") continue;
      std::set<int> inner;
      std::set<int> bound;
      const int last = n.children_size() - 1;
      if (last < 0) continue;
      for (int c = 0; c < last; ++c) {
        // LAMBDA: parameters bind; SHIFT: (pattern, source) pairs: patterns bind.
        if (n.kind() != Node::SHIFT || c % 2 == 0) Binders(n.children(c), bound);
      }
      for (int b : Free(n.children(last))) {
        if (bound.count(b) == 0 && program_.bindings(b).kind() == psg::Binding::LOCAL) inner.insert(b);
      }
      for (int b : inner) {
        (n.kind() == Node::SHIFT ? n.add_live(b) : n.add_captures(b));
        psg::Binding* binding = program_.mutable_bindings(b);
        if (binding->mutable_() || program_.types(binding->type()).kind() == psg::Type::REF) binding->set_escapes(true);
      }
    }
  }
  void Binders(int id, std::set<int>& out) const {
    const Node& n = program_.nodes(id);
    if ((n.kind() == Node::PAT_VAR || n.kind() == Node::PAT_AS) && n.binding() >= 0) out.insert(n.binding());
    if (n.kind() >= Node::PAT_WILD) {
      for (int c : n.children()) Binders(c, out);
    }
  }
  // The bindings a node uses that it does not bind itself.
  const std::set<int>& Free(int id) {
    if (done_[static_cast<size_t>(id)]) return free_[static_cast<size_t>(id)];
    done_[static_cast<size_t>(id)] = true;
    const Node n = program_.nodes(id);
    std::set<int> out;
    if (n.kind() == Node::VAR && n.binding() >= 0) out.insert(n.binding());
    if (n.kind() == Node::METHOD && n.binding() >= 0) out.insert(n.binding());
    std::set<int> bound;
    for (int c : n.children()) {
      if (program_.nodes(c).kind() >= Node::PAT_WILD) {
        Binders(c, bound);
        continue;
      }
      for (int b : Free(c)) out.insert(b);
    }
    for (int b : bound) out.erase(b);
    free_[static_cast<size_t>(id)] = std::move(out);
    return free_[static_cast<size_t>(id)];
  }

  const Ast& ast_;
  const TokenizedBuffer& tokens_;
  const TypedProgram& typed_;
  std::vector<NodeId> parent_;
  psg::Program program_;
  std::string module_;
  std::unordered_map<TypeId, int> subst_;
  std::map<std::pair<int, std::vector<int>>, int> type_ids_;
  std::vector<std::unordered_map<int, int>> env_;
  std::vector<std::map<std::pair<int, std::vector<int>>, int>> local_specs_;
  std::map<std::pair<int, std::vector<int>>, int> specializations_;
  std::map<int, int> unresolved_;
  std::map<std::pair<std::string, int>, int> intrinsics_;
  std::vector<int> pending_;
  int lambda_depth_ = 0;
  int inline_depth_ = 0;
  const CeState* ce_ = nullptr;
  std::map<std::pair<int32_t, std::string>, size_t> call_cursor_;
  std::map<std::vector<int>, Family> families_;
  Family infinite_{Family::Kind::kInfinite, {}};
  std::vector<std::set<int>> free_;
  std::vector<bool> done_;
};

}  // namespace

psg::Program BuildPsg(const Ast& ast, const TokenizedBuffer& tokens, const TypedProgram& typed) {
  return Builder(ast, tokens, typed).Build();
}

}  // namespace ccs::sema
