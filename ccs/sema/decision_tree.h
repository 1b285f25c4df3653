// Pattern-match compilation: the rules of one `match` (as constructor patterns, see match.h)
// compiled to a decision tree that tests each part of the scrutinee at most once on every path,
// by Maranget's scheme ("Compiling pattern matching to good decision trees", ML 2008) with the
// first-row / needed-column heuristic. Internal to //ccs/sema; the PSG carries the result.
#ifndef CCS_SEMA_DECISION_TREE_H_
#define CCS_SEMA_DECISION_TREE_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ccs/sema/match.h"

namespace ccs::sema {

// A part of the scrutinee: the path of (constructor, field) steps from the root. The empty
// path is the scrutinee itself; {(1, 0)} is field 0 of constructor 1 (say the head of `::`).
struct Occurrence {
  std::vector<std::pair<int, int>> path;
  friend bool operator==(const Occurrence& a, const Occurrence& b) { return a.path == b.path; }
};

struct MatchRow {
  MatchPat pattern;       // binders on any sub-pattern (MatchPat::binders) name what it binds
  bool guarded = false;   // `when`: the leaf evaluates the guard and may fall through
};

struct DecisionNode {
  enum class Kind { kLeaf, kSwitch, kFail } kind = Kind::kFail;
  // kLeaf: the rule taken and what it binds (binder id → occurrence). A guarded leaf continues
  // at `guard_failed` (another node) when its guard is false.
  int rule = -1;
  std::vector<std::pair<int, Occurrence>> bindings;
  int guard_failed = -1;
  // kSwitch: test `occurrence` (a value of `family`); one edge per constructor or literal
  // tested, then `fallback` (-1 when the edges cover the whole finite family).
  Occurrence occurrence;
  const Family* family = nullptr;
  struct Edge {
    int ctor = -1;          // finite families
    std::string literal;    // infinite ones (literals)
    int target = -1;
  };
  std::vector<Edge> edges;
  int fallback = -1;
};

struct DecisionTree {
  std::vector<DecisionNode> nodes;  // nodes[root] is the entry
  int root = -1;
};

// Rows in order (first match wins). A path that no row matches ends at a kFail node (the
// runtime's MatchFailureException); a rule that no path reaches is simply never a leaf.
DecisionTree CompileMatch(const std::vector<MatchRow>& rows);

// Follows the tree for a concrete value (a MatchPat with no kAny anywhere), evaluating guards
// with `guard(rule)`; returns the rule taken (or -1 for a match failure) and fills `bound`
// (binder id → occurrence). Used by tests and by the PSG printer's self-checks.
int RunDecisionTree(const DecisionTree& tree, const MatchPat& value,
                    const std::function<bool(int rule)>& guard,
                    std::vector<std::pair<int, Occurrence>>* bound = nullptr);

}  // namespace ccs::sema

#endif  // CCS_SEMA_DECISION_TREE_H_
