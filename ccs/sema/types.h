// The type terms of the checker: an arena of type variables (union–find with Rémy levels for
// generalization) and constructor applications. Internal to //ccs/sema.
#ifndef CCS_SEMA_TYPES_H_
#define CCS_SEMA_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ccs::sema {

using TypeId = int32_t;

// What a type constructor is: a built-in, or a type the program declares.
struct TypeCtor {
  std::string name;       // as printed: int, list, Shape
  int arity = 0;          // -1: any (tuples)
  bool postfix = false;   // printed `int list` rather than `Map<int>`
  enum class Kind : uint8_t { kBuiltin, kRecord, kUnion, kAbbrev, kClass } kind = Kind::kBuiltin;
  int def = -1;           // index of the record/union/class definition
};

class TypeStore {
 public:
  TypeStore();

  // Built-in constructors, fixed indices.
  enum Builtin : int {
    kInt, kInt64, kFloat, kBool, kChar, kString, kUnit, kByte, kExn, kFun, kTuple, kList,
    kArray, kOption, kRef,
    // The other integer types of F#.
    kSByte, kInt16, kUInt16, kUInt32, kUInt64, kNativeInt, kUNativeInt, kBuiltinCount
  };

  int AddCtor(TypeCtor ctor);
  const TypeCtor& ctor(int index) const { return ctors_[static_cast<size_t>(index)]; }
  TypeCtor& mutable_ctor(int index) { return ctors_[static_cast<size_t>(index)]; }

  TypeId NewVar(int level);
  TypeId Con(int ctor, std::vector<TypeId> args = {});
  TypeId Fun(TypeId from, TypeId to) { return Con(kFun, {from, to}); }

  // The representative after following bound variables.
  TypeId Resolve(TypeId t) const;
  bool IsVar(TypeId t) const { return nodes_[static_cast<size_t>(Resolve(t))].ctor < 0; }
  int CtorOf(TypeId t) const { return nodes_[static_cast<size_t>(Resolve(t))].ctor; }
  const std::vector<TypeId>& Args(TypeId t) const { return nodes_[static_cast<size_t>(Resolve(t))].args; }
  int Level(TypeId var) const { return nodes_[static_cast<size_t>(Resolve(var))].level; }
  void SetLevel(TypeId var, int level) { nodes_[static_cast<size_t>(Resolve(var))].level = level; }
  // Binds a variable (no occurs check here; Unify does it).
  void Bind(TypeId var, TypeId to) { nodes_[static_cast<size_t>(Resolve(var))].link = to; }
  bool Occurs(TypeId var, TypeId in) const;

  // F#'s notation; variables named 'a, 'b, ... in order of first appearance within `names`.
  struct VarNames {
    std::vector<std::pair<TypeId, std::string>> names;
    std::string NameOf(TypeId var);
  };
  std::string Print(TypeId t, VarNames& names) const;
  std::string Print(TypeId t) const {
    VarNames names;
    return Print(t, names);
  }

 private:
  struct Node {
    int ctor = -1;      // < 0: a variable
    TypeId link = -1;   // a bound variable's target
    int level = 0;
    std::vector<TypeId> args;
  };
  enum Precedence { kTop, kArrowLeft, kTupleItem, kPostfixArg };
  void PrintInto(TypeId t, VarNames& names, Precedence context, std::string& out) const;

  std::vector<Node> nodes_;
  std::vector<TypeCtor> ctors_;
};

}  // namespace ccs::sema

#endif  // CCS_SEMA_TYPES_H_
