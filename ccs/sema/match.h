// Pattern-match analysis: which rules are useless (F#'s FS0026) and whether a match is
// exhaustive (FS0025), by Maranget's usefulness algorithm ("Warnings for pattern matching",
// JFP 2007) over patterns reduced to constructors and wildcards. Internal to //ccs/sema.
#ifndef CCS_SEMA_MATCH_H_
#define CCS_SEMA_MATCH_H_

#include <string>
#include <vector>

namespace ccs::sema {

// The constructors a value of one type can be built from.
struct Family {
  enum class Kind { kFinite, kInfinite } kind = Kind::kFinite;
  std::vector<int> arities;  // per constructor (kFinite)
};

struct MatchPat {
  enum class Kind { kAny, kCtor, kLiteral } kind = Kind::kAny;
  int ctor = 0;                  // kCtor: index into family.arities
  std::string literal;           // kLiteral: its spelling
  const Family* family = nullptr;  // kCtor, kLiteral
  std::vector<MatchPat> args;    // kCtor: one per arity
  std::vector<int> binders;      // variables bound to this value (`x`, `p as x`): their ids
};

// Whether a value matched by `q` escapes every row of `rows` (each a vector of patterns).
bool Useful(const std::vector<std::vector<MatchPat>>& rows, const std::vector<MatchPat>& q);

}  // namespace ccs::sema

#endif  // CCS_SEMA_MATCH_H_
