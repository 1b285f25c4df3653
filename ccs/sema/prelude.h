// The Clef prelude as data: the library the seeds use, declared by F#-notation signatures that
// the checker parses once per file. Every value here is an intrinsic: the PSG refers to it by its
// qualified name ("List.map", "MailboxProcessor.Post") and Alex/composer's runtime implement it.
// Internal to //ccs/sema.
#ifndef CCS_SEMA_PRELUDE_H_
#define CCS_SEMA_PRELUDE_H_

#include <vector>

namespace ccs::sema {

struct PreludeEntry {
  const char* name;  // a leading '@' marks a builder's custom operation (`field "id" T`)
  const char* sig;   // "('a -> 'b) -> 'a list -> 'b list"; members omit their `this`
};

// A type the library defines. Unions have cases (the signature of a case's fields, or ""
// for none); the others are opaque, known through their members.
struct PreludeType {
  const char* name;
  int arity;
  std::vector<PreludeEntry> members;
  std::vector<PreludeEntry> cases;
};

struct PreludeModule {
  const char* name;
  std::vector<PreludeEntry> values;
};

// In declaration order: a signature may name the types declared before it.
const std::vector<PreludeType>& PreludeTypes();
// Values in scope without qualification (`ignore`, `printfn` is handled by the checker).
const std::vector<PreludeEntry>& PreludeGlobals();
const std::vector<PreludeModule>& PreludeModules();

}  // namespace ccs::sema

#endif  // CCS_SEMA_PRELUDE_H_
