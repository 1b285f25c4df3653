#include "ccs/sema/types.h"

#include <utility>

namespace ccs::sema {

TypeStore::TypeStore() {
  auto builtin = [&](std::string name, int arity, bool postfix = false) {
    TypeCtor c;
    c.name = std::move(name);
    c.arity = arity;
    c.postfix = postfix;
    AddCtor(std::move(c));
  };
  builtin("int", 0);
  builtin("int64", 0);
  builtin("float", 0);
  builtin("bool", 0);
  builtin("char", 0);
  builtin("string", 0);
  builtin("unit", 0);
  builtin("byte", 0);
  builtin("exn", 0);
  builtin("->", 2);
  builtin("*", -1);
  builtin("list", 1, true);
  builtin("array", 1, true);  // printed 'a[] as F# does
  builtin("option", 1, true);
  builtin("ref", 1, true);
  builtin("sbyte", 0);
  builtin("int16", 0);
  builtin("uint16", 0);
  builtin("uint32", 0);
  builtin("uint64", 0);
  builtin("nativeint", 0);
  builtin("unativeint", 0);
}

int TypeStore::AddCtor(TypeCtor ctor) {
  ctors_.push_back(std::move(ctor));
  return static_cast<int>(ctors_.size()) - 1;
}

TypeId TypeStore::NewVar(int level) {
  Node n;
  n.level = level;
  nodes_.push_back(std::move(n));
  return static_cast<TypeId>(nodes_.size()) - 1;
}

TypeId TypeStore::Con(int ctor, std::vector<TypeId> args) {
  Node n;
  n.ctor = ctor;
  n.args = std::move(args);
  nodes_.push_back(std::move(n));
  return static_cast<TypeId>(nodes_.size()) - 1;
}

TypeId TypeStore::Resolve(TypeId t) const {
  while (nodes_[static_cast<size_t>(t)].ctor < 0 && nodes_[static_cast<size_t>(t)].link >= 0) {
    t = nodes_[static_cast<size_t>(t)].link;
  }
  return t;
}

bool TypeStore::Occurs(TypeId var, TypeId in) const {
  // Iterative: types built from generated programs may nest deeply.
  std::vector<TypeId> stack{in};
  var = Resolve(var);
  while (!stack.empty()) {
    TypeId t = Resolve(stack.back());
    stack.pop_back();
    if (t == var) return true;
    for (TypeId a : nodes_[static_cast<size_t>(t)].args) stack.push_back(a);
  }
  return false;
}

std::string TypeStore::VarNames::NameOf(TypeId var) {
  for (const auto& [v, name] : names) {
    if (v == var) return name;
  }
  size_t i = names.size();
  std::string name = "'";
  name += static_cast<char>('a' + i % 26);
  if (i >= 26) name += std::to_string(i / 26);
  names.emplace_back(var, name);
  return name;
}

std::string TypeStore::Print(TypeId t, VarNames& names) const {
  std::string out;
  PrintInto(t, names, kTop, out);
  return out;
}

void TypeStore::PrintInto(TypeId t, VarNames& names, Precedence context, std::string& out) const {
  t = Resolve(t);
  const Node& n = nodes_[static_cast<size_t>(t)];
  if (n.ctor < 0) {
    out += names.NameOf(t);
    return;
  }
  const TypeCtor& c = ctors_[static_cast<size_t>(n.ctor)];
  if (n.ctor == kFun) {
    const bool parens = context != kTop;
    if (parens) out += '(';
    PrintInto(n.args[0], names, kArrowLeft, out);
    out += " -> ";
    PrintInto(n.args[1], names, kTop, out);
    if (parens) out += ')';
    return;
  }
  if (n.ctor == kTuple) {
    const bool parens = context == kTupleItem || context == kPostfixArg;
    if (parens) out += '(';
    for (size_t i = 0; i < n.args.size(); ++i) {
      if (i > 0) out += " * ";
      PrintInto(n.args[i], names, kTupleItem, out);
    }
    if (parens) out += ')';
    return;
  }
  if (n.ctor == kArray) {
    PrintInto(n.args[0], names, kPostfixArg, out);
    out += "[]";
    return;
  }
  if (n.args.empty()) {
    out += c.name;
    return;
  }
  if (c.postfix && n.args.size() == 1) {
    PrintInto(n.args[0], names, kPostfixArg, out);
    out += ' ';
    out += c.name;
    return;
  }
  out += c.name;
  out += '<';
  for (size_t i = 0; i < n.args.size(); ++i) {
    if (i > 0) out += ", ";
    PrintInto(n.args[i], names, kTop, out);
  }
  out += '>';
}

}  // namespace ccs::sema
