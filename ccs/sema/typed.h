// What the checker knows about a file once it has run: every declared type, every binding,
// the type of every expression and pattern node, and what each name refers to. The PSG builder
// (psg_builder.cc) reads this; nothing outside //ccs/sema does.
#ifndef CCS_SEMA_TYPED_H_
#define CCS_SEMA_TYPED_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ccs/ast/ast.h"
#include "ccs/sema/types.h"

namespace ccs::sema {

struct Scheme {
  std::vector<TypeId> vars;  // quantified
  TypeId body = -1;
  // Statically resolved operators an `inline` function's quantified variables must support
  // (`^a: (static member (+))`): (variable, operator). Checked at each instantiation.
  std::vector<std::pair<TypeId, std::string>> constraints;
};

struct RecordDef {
  int ctor = -1;
  std::vector<TypeId> params;
  struct Field {
    std::string name;
    TypeId type;
    bool is_mutable;
  };
  std::vector<Field> fields;
};

struct UnionDef {
  int ctor = -1;
  std::vector<TypeId> params;
  struct Case {
    std::string name;
    std::vector<TypeId> fields;
  };
  std::vector<Case> cases;
  bool open_ended = false;  // exn: never exhaustively matched
};

// A class (user-declared or a prelude type): its members. An instance member's scheme is
// `Self -> T` (the receiver first); a static one's is `T`.
struct MemberDef {
  std::string name;
  Scheme scheme;
  bool is_static = false;
  bool custom_operation = false;  // a builder's `[<CustomOperation>]`
  NodeId node;                    // the Member node (invalid for the prelude)
  int binding = -1;               // the member's own binding (its body's function)
};
struct ClassDef {
  int ctor = -1;
  std::vector<TypeId> params;
  std::map<std::string, MemberDef, std::less<>> members;
  std::string intrinsic;  // prelude types: the name the runtime knows them by
  NodeId node;            // the ClassRepr (invalid for the prelude)
  int constructor = -1;   // the binding of its constructor function
};

struct BindingInfo {
  std::string name;
  std::string intrinsic;  // prelude values: the qualified name ("List.map")
  NodeId node;            // the pattern or head that binds it
  Scheme scheme;          // after generalization
  bool is_mutable = false;
  bool is_inline = false;
  bool is_rec = false;
  bool top = false;       // module-level
};

// What an identifier (or `M.x`, `x.Member`, `U.Case`) refers to, at which instantiation.
struct NodeRef {
  enum class Kind : uint8_t { kBinding, kCase, kMember, kField } kind = Kind::kBinding;
  int target = -1;        // binding id / union def / class def / record def
  int index = -1;         // case index / field index
  std::string member;     // kMember: its name
  std::vector<TypeId> inst;  // the scheme's variables at this use, in scheme order
};

// One builder method call made by the translation of a computation expression.
struct CeCall {
  std::string method;
  int class_def = -1;
  std::vector<TypeId> inst;
  TypeId type = -1;  // the method's instantiated type (receiver applied)
};

// A list or array passed where a seq<'T> is expected (F#'s flexible types for seq parameters):
// the node is wrapped in a call of the library's Seq.ofList / Seq.ofArray.
struct SeqCoercion {
  int binding = -1;           // Seq.ofList or Seq.ofArray
  std::vector<TypeId> inst;   // its instantiation
  TypeId type = -1;           // its instantiated type ('T list -> seq<'T>)
  TypeId result = -1;         // seq<'T>
};

// A list or array expression built by the library's `seq` builder (`builder`: its type), then
// List.ofSeq / Array.ofSeq (`of_seq`).
struct ListComputation {
  TypeId builder = -1;
  SeqCoercion of_seq;
};

// .NET's exception types as the runtime's kinds (clef_exn_kind; 0, Failure, is System.Exception
// from failwith): exn's cases after Failure, in this order.
inline constexpr const char* kExceptionTypes[] = {
    "Failure",           "MatchFailureException",  "IndexOutOfRangeException", "DivideByZeroException",
    "ArgumentException", "KeyNotFoundException",   "FormatException",          "InvalidOperationException",
    "OverflowException", "ArgumentOutOfRangeException"};

struct TypedProgram {
  TypeStore types;
  std::vector<RecordDef> records;
  std::vector<UnionDef> unions;
  std::vector<ClassDef> classes;
  std::vector<BindingInfo> bindings;
  std::vector<TypeId> node_types;             // per AST node; -1 where none
  std::unordered_map<int32_t, NodeRef> refs;  // by AST node index
  std::unordered_map<int32_t, int> binders;   // pattern / member node → binding id
  // A variable of a later or-pattern alternative → the same variable in the first alternative.
  std::unordered_map<int32_t, int32_t> or_aliases;
  // A top-level let under [<Export("name")>] → the C name (its decl node → name).
  std::unordered_map<int32_t, std::string> exports;
  std::unordered_map<int32_t, SeqCoercion> seq_coercions;  // by AST node index
  // `for x in s do ..` over a seq: the loop (its ForIn node) is Seq.iter (type, inst) of a lambda.
  std::unordered_map<int32_t, SeqCoercion> seq_loops;
  // x.M on a library type: the DotGet node is M x (binding, inst, type; result: x.M's type).
  std::unordered_map<int32_t, SeqCoercion> member_calls;
  // `:? T` patterns: the exn case T names (its runtime kind), or -1 for any exception.
  std::unordered_map<int32_t, int> type_tests;
  // xs.[i] on a list and m.[k] on a map: the DotIndex node is List.item i xs / Map.find k m.
  std::unordered_map<int32_t, SeqCoercion> index_calls;
  // [ for x in xs do .. yield .. ] and [| .. |] with yields: List.ofSeq / Array.ofSeq of
  // `seq { .. }`, the list node standing for both.
  std::unordered_map<int32_t, ListComputation> list_computations;
  // `lazy e`: the App node is Lazy.Create (fun () -> e).
  std::unordered_map<int32_t, SeqCoercion> lazy_values;
  // Libraries named by [<DllImport("name")>] (libc aside), linked into the program.
  std::set<std::string> link_libraries;
  // The let under [<EntryPoint>] (its decl node index), -1 when the program has none.
  int32_t entry_point = -1;
  // Computation expressions: the calls made at each node, in the order the translation made them.
  std::unordered_map<int32_t, std::vector<CeCall>> ce_calls;
  // Top-level declarations in order, with the module path they sit in ("" or "M.N").
  std::vector<std::pair<NodeId, std::string>> top_level;
};

}  // namespace ccs::sema

#endif  // CCS_SEMA_TYPED_H_
