#include "ccs/sema/decision_tree.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ccs::sema {
namespace {

using Bindings = std::vector<std::pair<int, Occurrence>>;

// The pattern that fills the fields of a constructor a row matches by a wildcard.
const MatchPat& Wildcard() {
  static const MatchPat* const wildcard = new MatchPat();
  return *wildcard;
}

bool IsWildcard(const MatchPat& p) { return p.kind == MatchPat::Kind::kAny; }

// One row of the clause matrix: a pattern per column (pointing into the caller's rows), and
// what the patterns already taken apart on the way here bind.
struct Row {
  std::vector<const MatchPat*> columns;
  int rule = -1;
  bool guarded = false;
  Bindings bindings;
};

void Bind(const MatchPat& p, const Occurrence& occurrence, Bindings* bindings) {
  for (int binder : p.binders) bindings->emplace_back(binder, occurrence);
}

// The head constructors (or literals) of one column, in the order a switch tests them.
struct ColumnHeads {
  bool literal = false;  // a switch on literals (else on constructors)
  const Family* family = nullptr;
  std::vector<std::pair<int, int>> ctors;  // (constructor, arity), ascending
  std::vector<std::string> literals;       // in order of first appearance
  bool complete = false;                   // the constructors cover the whole finite family
};

int ArityOf(const MatchPat& p) {
  const Family* family = p.family;
  if (family != nullptr && family->kind == Family::Kind::kFinite && p.ctor >= 0 &&
      static_cast<size_t>(p.ctor) < family->arities.size()) {
    return family->arities[static_cast<size_t>(p.ctor)];
  }
  return static_cast<int>(p.args.size());
}

// The kind of switch is fixed by the first non-wildcard of the column (the first row's, when the
// column was picked for it); a pattern of the other kind would be ill-typed and matches nothing.
ColumnHeads HeadsOf(const std::vector<Row>& rows, size_t column) {
  ColumnHeads heads;
  const MatchPat* first = nullptr;
  for (const Row& row : rows) {
    if (!IsWildcard(*row.columns[column])) {
      first = row.columns[column];
      break;
    }
  }
  if (first == nullptr) return heads;
  heads.literal = first->kind == MatchPat::Kind::kLiteral;
  heads.family = first->family;
  std::map<int, int> ctors;
  std::set<std::string> literals;
  for (const Row& row : rows) {
    const MatchPat& p = *row.columns[column];
    if (heads.literal && p.kind == MatchPat::Kind::kLiteral) {
      if (literals.insert(p.literal).second) heads.literals.push_back(p.literal);
    } else if (!heads.literal && p.kind == MatchPat::Kind::kCtor && p.ctor >= 0) {
      ctors.emplace(p.ctor, ArityOf(p));
    }
  }
  heads.ctors.assign(ctors.begin(), ctors.end());
  if (!heads.literal && heads.family != nullptr && heads.family->kind == Family::Kind::kFinite) {
    size_t in_family = 0;
    for (const auto& [ctor, arity] : heads.ctors) {
      if (static_cast<size_t>(ctor) < heads.family->arities.size()) ++in_family;
    }
    heads.complete = in_family == heads.family->arities.size();
  }
  return heads;
}

// Maranget's needed-column heuristics: among the columns the first row tests (so that each
// test is needed), the one with the longest prefix of rows that test it (q), then the fewest
// branches (b), then the smallest total arity of the heads (a), then the leftmost. -1 when the
// first row is all wildcards.
int PickColumn(const std::vector<Row>& rows) {
  const Row& first = rows[0];
  int best = -1;
  size_t best_prefix = 0;
  size_t best_branches = 0;
  size_t best_arity = 0;
  for (size_t column = 0; column < first.columns.size(); ++column) {
    if (IsWildcard(*first.columns[column])) continue;
    size_t prefix = 0;
    while (prefix < rows.size() && !IsWildcard(*rows[prefix].columns[column])) ++prefix;
    const ColumnHeads heads = HeadsOf(rows, column);
    const size_t branches = heads.ctors.size() + heads.literals.size() + (heads.complete ? 0 : 1);
    size_t arity = 0;
    for (const auto& [ctor, ctor_arity] : heads.ctors) arity += static_cast<size_t>(ctor_arity);
    const bool better =
        best < 0 || prefix > best_prefix ||
        (prefix == best_prefix &&
         (branches < best_branches || (branches == best_branches && arity < best_arity)));
    if (better) {
      best = static_cast<int>(column);
      best_prefix = prefix;
      best_branches = branches;
      best_arity = arity;
    }
  }
  return best;
}

void AppendNumber(std::string* key, long long n) {
  key->append(std::to_string(n));
  key->push_back(',');
}

void AppendOccurrence(std::string* key, const Occurrence& occurrence) {
  AppendNumber(key, static_cast<long long>(occurrence.path.size()));
  for (const auto& [ctor, field] : occurrence.path) {
    AppendNumber(key, ctor);
    AppendNumber(key, field);
  }
}

// A structural key: two nodes with equal keys behave alike, so they can be one node.
std::string KeyOf(const DecisionNode& node) {
  std::string key;
  AppendNumber(&key, static_cast<long long>(node.kind));
  AppendNumber(&key, node.rule);
  AppendNumber(&key, node.guard_failed);
  AppendNumber(&key, static_cast<long long>(node.bindings.size()));
  for (const auto& [binder, occurrence] : node.bindings) {
    AppendNumber(&key, binder);
    AppendOccurrence(&key, occurrence);
  }
  AppendOccurrence(&key, node.occurrence);
  AppendNumber(&key, static_cast<long long>(reinterpret_cast<std::uintptr_t>(node.family)));
  AppendNumber(&key, static_cast<long long>(node.edges.size()));
  for (const DecisionNode::Edge& edge : node.edges) {
    AppendNumber(&key, edge.ctor);
    AppendNumber(&key, static_cast<long long>(edge.literal.size()));
    key.append(edge.literal);
    AppendNumber(&key, edge.target);
  }
  AppendNumber(&key, node.fallback);
  return key;
}

class Compiler {
 public:
  int Compile(const std::vector<Occurrence>& occurrences, const std::vector<Row>& rows);
  std::vector<DecisionNode> TakeNodes() { return std::move(nodes_); }

 private:
  int Leaf(const std::vector<Occurrence>& occurrences, const std::vector<Row>& rows);
  int Switch(const std::vector<Occurrence>& occurrences, const std::vector<Row>& rows,
             size_t column);
  // Identical subtrees become one node (hash-consing), so the tree is in fact a DAG.
  int Intern(DecisionNode node);

  std::vector<DecisionNode> nodes_;
  std::map<std::string, int> ids_;
};

int Compiler::Intern(DecisionNode node) {
  std::string key = KeyOf(node);
  auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  const int id = static_cast<int>(nodes_.size());
  nodes_.push_back(std::move(node));
  ids_.emplace(std::move(key), id);
  return id;
}

int Compiler::Compile(const std::vector<Occurrence>& occurrences, const std::vector<Row>& rows) {
  if (rows.empty()) return Intern(DecisionNode{});
  const int column = PickColumn(rows);
  if (column < 0) return Leaf(occurrences, rows);
  return Switch(occurrences, rows, static_cast<size_t>(column));
}

int Compiler::Leaf(const std::vector<Occurrence>& occurrences, const std::vector<Row>& rows) {
  const Row& first = rows[0];
  DecisionNode leaf;
  leaf.kind = DecisionNode::Kind::kLeaf;
  leaf.rule = first.rule;
  leaf.bindings = first.bindings;
  for (size_t column = 0; column < first.columns.size(); ++column) {
    Bind(*first.columns[column], occurrences[column], &leaf.bindings);
  }
  if (first.guarded) {
    leaf.guard_failed = Compile(occurrences, std::vector<Row>(rows.begin() + 1, rows.end()));
  }
  return Intern(std::move(leaf));
}

int Compiler::Switch(const std::vector<Occurrence>& occurrences, const std::vector<Row>& rows,
                     size_t column) {
  const Occurrence& tested = occurrences[column];
  const ColumnHeads heads = HeadsOf(rows, column);
  DecisionNode node;
  node.kind = DecisionNode::Kind::kSwitch;
  node.occurrence = tested;
  node.family = heads.family;

  // The rows kept by one edge, `column` replaced by the `arity` fields of the head.
  auto specialize = [&](auto admits, int ctor, int arity) {
    std::vector<Occurrence> child_occurrences(occurrences.begin(),
                                              occurrences.begin() + static_cast<long>(column));
    for (int field = 0; field < arity; ++field) {
      Occurrence child = tested;
      child.path.emplace_back(ctor, field);
      child_occurrences.push_back(std::move(child));
    }
    child_occurrences.insert(child_occurrences.end(),
                             occurrences.begin() + static_cast<long>(column) + 1,
                             occurrences.end());
    std::vector<Row> child_rows;
    for (const Row& row : rows) {
      const MatchPat& p = *row.columns[column];
      if (!IsWildcard(p) && !admits(p)) continue;
      Row child;
      child.rule = row.rule;
      child.guarded = row.guarded;
      child.bindings = row.bindings;
      Bind(p, tested, &child.bindings);
      child.columns.assign(row.columns.begin(), row.columns.begin() + static_cast<long>(column));
      for (int field = 0; field < arity; ++field) {
        const size_t f = static_cast<size_t>(field);
        child.columns.push_back(!IsWildcard(p) && f < p.args.size() ? &p.args[f] : &Wildcard());
      }
      child.columns.insert(child.columns.end(), row.columns.begin() + static_cast<long>(column) + 1,
                           row.columns.end());
      child_rows.push_back(std::move(child));
    }
    return Compile(child_occurrences, child_rows);
  };

  for (const auto& [ctor, arity] : heads.ctors) {
    DecisionNode::Edge edge;
    edge.ctor = ctor;
    edge.target = specialize(
        [ctor = ctor](const MatchPat& p) {
          return p.kind == MatchPat::Kind::kCtor && p.ctor == ctor;
        },
        ctor, arity);
    node.edges.push_back(std::move(edge));
  }
  for (const std::string& literal : heads.literals) {
    DecisionNode::Edge edge;
    edge.literal = literal;
    edge.target = specialize(
        [&literal](const MatchPat& p) {
          return p.kind == MatchPat::Kind::kLiteral && p.literal == literal;
        },
        -1, 0);
    node.edges.push_back(std::move(edge));
  }
  if (!heads.complete) {
    // The default matrix: the rows that match whatever head the value has.
    std::vector<Occurrence> rest_occurrences = occurrences;
    rest_occurrences.erase(rest_occurrences.begin() + static_cast<long>(column));
    std::vector<Row> rest_rows;
    for (const Row& row : rows) {
      const MatchPat& p = *row.columns[column];
      if (!IsWildcard(p)) continue;
      Row rest = row;
      Bind(p, tested, &rest.bindings);
      rest.columns.erase(rest.columns.begin() + static_cast<long>(column));
      rest_rows.push_back(std::move(rest));
    }
    node.fallback = Compile(rest_occurrences, rest_rows);
  }
  return Intern(std::move(node));
}

// The part of `value` at `occurrence`, or null when the value has no such part.
const MatchPat* Resolve(const MatchPat& value, const Occurrence& occurrence) {
  const MatchPat* part = &value;
  for (const auto& [ctor, field] : occurrence.path) {
    if (part->kind != MatchPat::Kind::kCtor || part->ctor != ctor || field < 0 ||
        static_cast<size_t>(field) >= part->args.size()) {
      return nullptr;
    }
    part = &part->args[static_cast<size_t>(field)];
  }
  return part;
}

bool EdgeAdmits(const DecisionNode& node, const DecisionNode::Edge& edge, const MatchPat& part) {
  if (node.family != nullptr && part.family != nullptr && part.family != node.family) return false;
  if (edge.ctor < 0) return part.kind == MatchPat::Kind::kLiteral && part.literal == edge.literal;
  if (part.kind != MatchPat::Kind::kCtor || part.ctor != edge.ctor) return false;
  const Family* family = node.family;
  if (family != nullptr && family->kind == Family::Kind::kFinite &&
      static_cast<size_t>(edge.ctor) < family->arities.size()) {
    return part.args.size() == static_cast<size_t>(family->arities[static_cast<size_t>(edge.ctor)]);
  }
  return true;
}

}  // namespace

DecisionTree CompileMatch(const std::vector<MatchRow>& rows) {
  std::vector<Row> matrix;
  matrix.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    Row row;
    row.columns.push_back(&rows[i].pattern);
    row.rule = static_cast<int>(i);
    row.guarded = rows[i].guarded;
    matrix.push_back(std::move(row));
  }
  Compiler compiler;
  DecisionTree tree;
  tree.root = compiler.Compile({Occurrence{}}, matrix);
  tree.nodes = compiler.TakeNodes();
  return tree;
}

int RunDecisionTree(const DecisionTree& tree, const MatchPat& value,
                    const std::function<bool(int rule)>& guard,
                    std::vector<std::pair<int, Occurrence>>* bound) {
  if (bound != nullptr) bound->clear();
  const size_t size = tree.nodes.size();
  int id = tree.root;
  // Every path of a well-formed tree visits a node at most once; a longer walk is a cycle.
  for (size_t steps = 0; steps < size && id >= 0 && static_cast<size_t>(id) < size; ++steps) {
    const DecisionNode& node = tree.nodes[static_cast<size_t>(id)];
    switch (node.kind) {
      case DecisionNode::Kind::kFail:
        return -1;
      case DecisionNode::Kind::kLeaf:
        if (node.guard_failed >= 0 && guard && !guard(node.rule)) {
          id = node.guard_failed;
          break;
        }
        if (bound != nullptr) *bound = node.bindings;
        return node.rule;
      case DecisionNode::Kind::kSwitch: {
        const MatchPat* part = Resolve(value, node.occurrence);
        int next = node.fallback;
        if (part != nullptr) {
          for (const DecisionNode::Edge& edge : node.edges) {
            if (EdgeAdmits(node, edge, *part)) {
              next = edge.target;
              break;
            }
          }
        }
        id = next;
        break;
      }
    }
  }
  return -1;
}

}  // namespace ccs::sema
