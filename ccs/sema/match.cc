#include "ccs/sema/match.h"

#include <set>

namespace ccs::sema {
namespace {

using Rows = std::vector<std::vector<MatchPat>>;

std::vector<MatchPat> Wildcards(int n) { return std::vector<MatchPat>(static_cast<size_t>(n)); }

// Rows whose first pattern admits constructor `ctor` (of arity `arity`), with that pattern
// replaced by its arguments.
Rows Specialize(const Rows& rows, const MatchPat& head, int arity) {
  Rows out;
  for (const std::vector<MatchPat>& row : rows) {
    const MatchPat& p = row[0];
    std::vector<MatchPat> next;
    if (p.kind == MatchPat::Kind::kAny) {
      next = Wildcards(arity);
    } else if (head.kind == MatchPat::Kind::kCtor && p.kind == MatchPat::Kind::kCtor && p.ctor == head.ctor) {
      next = p.args;
    } else if (head.kind == MatchPat::Kind::kLiteral && p.kind == MatchPat::Kind::kLiteral &&
               p.literal == head.literal) {
      next = {};
    } else {
      continue;
    }
    next.insert(next.end(), row.begin() + 1, row.end());
    out.push_back(std::move(next));
  }
  return out;
}

// Rows whose first pattern is a wildcard, without it.
Rows Default(const Rows& rows) {
  Rows out;
  for (const std::vector<MatchPat>& row : rows) {
    if (row[0].kind == MatchPat::Kind::kAny) out.emplace_back(row.begin() + 1, row.end());
  }
  return out;
}

}  // namespace

bool Useful(const Rows& rows, const std::vector<MatchPat>& q) {
  if (q.empty()) return rows.empty();
  const MatchPat& head = q[0];
  std::vector<MatchPat> rest(q.begin() + 1, q.end());
  if (head.kind == MatchPat::Kind::kCtor) {
    const int arity = static_cast<int>(head.args.size());
    std::vector<MatchPat> next = head.args;
    next.insert(next.end(), rest.begin(), rest.end());
    return Useful(Specialize(rows, head, arity), next);
  }
  if (head.kind == MatchPat::Kind::kLiteral) {
    return Useful(Specialize(rows, head, 0), rest);
  }
  // A wildcard: complete signature in the first column → try each constructor; else default.
  const Family* family = nullptr;
  std::set<int> seen;
  for (const std::vector<MatchPat>& row : rows) {
    if (row[0].kind == MatchPat::Kind::kCtor) {
      family = row[0].family;
      seen.insert(row[0].ctor);
    } else if (row[0].kind == MatchPat::Kind::kLiteral) {
      family = row[0].family;
    }
  }
  if (family != nullptr && family->kind == Family::Kind::kFinite &&
      seen.size() == family->arities.size()) {
    for (int c = 0; c < static_cast<int>(family->arities.size()); ++c) {
      MatchPat ctor;
      ctor.kind = MatchPat::Kind::kCtor;
      ctor.ctor = c;
      ctor.family = family;
      const int arity = family->arities[static_cast<size_t>(c)];
      std::vector<MatchPat> next = Wildcards(arity);
      next.insert(next.end(), rest.begin(), rest.end());
      if (Useful(Specialize(rows, ctor, arity), next)) return true;
    }
    return false;
  }
  return Useful(Default(rows), rest);
}

}  // namespace ccs::sema
