#include "ccs/sema/decision_tree.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ccs/sema/match.h"
#include "gtest/gtest.h"

namespace ccs::sema {

// For gtest's messages; found by argument-dependent lookup, so outside the unnamed namespace.
void PrintTo(const Occurrence& occurrence, std::ostream* os) {
  *os << "{";
  for (const auto& [ctor, field] : occurrence.path) *os << "(" << ctor << "," << field << ")";
  *os << "}";
}

namespace {

using Bindings = std::vector<std::pair<int, Occurrence>>;

// --- Families and patterns -------------------------------------------------------------------

const Family& Finite(std::vector<int> arities) {
  // One family object per distinct signature, alive for the whole test binary.
  static auto* const families = new std::vector<std::unique_ptr<Family>>();
  families->push_back(std::make_unique<Family>(Family{Family::Kind::kFinite, std::move(arities)}));
  return *families->back();
}

const Family& BoolFamily() {
  static const Family& family = Finite({0, 0});
  return family;
}
const Family& OptionFamily() {
  static const Family& family = Finite({0, 1});
  return family;
}
const Family& ListFamily() {
  static const Family& family = Finite({0, 2});
  return family;
}
const Family& Tuple2Family() {
  static const Family& family = Finite({2});
  return family;
}
const Family& Tuple3Family() {
  static const Family& family = Finite({3});
  return family;
}
const Family& IntFamily() {
  static const Family* const family = new Family{Family::Kind::kInfinite, {}};
  return *family;
}

MatchPat Any(std::vector<int> binders = {}) {
  MatchPat p;
  p.binders = std::move(binders);
  return p;
}

MatchPat Ctor(const Family& family, int ctor, std::vector<MatchPat> args = {},
              std::vector<int> binders = {}) {
  MatchPat p;
  p.kind = MatchPat::Kind::kCtor;
  p.ctor = ctor;
  p.family = &family;
  p.args = std::move(args);
  p.binders = std::move(binders);
  return p;
}

MatchPat Lit(const std::string& spelling, std::vector<int> binders = {}) {
  MatchPat p;
  p.kind = MatchPat::Kind::kLiteral;
  p.literal = spelling;
  p.family = &IntFamily();
  p.binders = std::move(binders);
  return p;
}

MatchPat Bool(bool b) { return Ctor(BoolFamily(), b ? 1 : 0); }
MatchPat None() { return Ctor(OptionFamily(), 0); }
MatchPat Some(MatchPat x) { return Ctor(OptionFamily(), 1, {std::move(x)}); }
MatchPat Nil() { return Ctor(ListFamily(), 0); }
MatchPat Cons(MatchPat head, MatchPat tail, std::vector<int> binders = {}) {
  return Ctor(ListFamily(), 1, {std::move(head), std::move(tail)}, std::move(binders));
}
MatchPat Tuple(std::vector<MatchPat> fields) {
  const Family& family = fields.size() == 2 ? Tuple2Family() : Tuple3Family();
  return Ctor(family, 0, std::move(fields));
}

Occurrence At(std::vector<std::pair<int, int>> path) { return Occurrence{std::move(path)}; }

MatchRow Row(MatchPat pattern, bool guarded = false) {
  return MatchRow{std::move(pattern), guarded};
}

// --- Reference semantics ---------------------------------------------------------------------

// Whether `value` (found at `at`) matches `p`; appends what `p` binds to `bound`.
bool Matches(const MatchPat& p, const MatchPat& value, const Occurrence& at, Bindings* bound) {
  for (int binder : p.binders) bound->emplace_back(binder, at);
  switch (p.kind) {
    case MatchPat::Kind::kAny:
      return true;
    case MatchPat::Kind::kLiteral:
      return value.kind == MatchPat::Kind::kLiteral && value.literal == p.literal;
    case MatchPat::Kind::kCtor:
      break;
  }
  if (value.kind != MatchPat::Kind::kCtor || value.ctor != p.ctor || value.family != p.family ||
      value.args.size() != p.args.size()) {
    return false;
  }
  for (size_t i = 0; i < p.args.size(); ++i) {
    Occurrence field = at;
    field.path.emplace_back(p.ctor, static_cast<int>(i));
    if (!Matches(p.args[i], value.args[i], field, bound)) return false;
  }
  return true;
}

bool OccurrenceLess(const std::pair<int, Occurrence>& a, const std::pair<int, Occurrence>& b) {
  if (a.first != b.first) return a.first < b.first;
  return a.second.path < b.second.path;
}

Bindings Sorted(Bindings bindings) {
  std::sort(bindings.begin(), bindings.end(), OccurrenceLess);
  return bindings;
}

struct Outcome {
  int rule = -1;
  std::vector<int> guards_called;
  Bindings bound;
};

// First row whose pattern matches and whose guard (if any) is not in `false_guards`.
Outcome Expected(const std::vector<MatchRow>& rows, const MatchPat& value,
                 const std::set<int>& false_guards) {
  Outcome outcome;
  for (size_t i = 0; i < rows.size(); ++i) {
    const int rule = static_cast<int>(i);
    Bindings bound;
    if (!Matches(rows[i].pattern, value, Occurrence{}, &bound)) continue;
    if (rows[i].guarded) {
      outcome.guards_called.push_back(rule);
      if (false_guards.count(rule) > 0) continue;
    }
    outcome.rule = rule;
    outcome.bound = Sorted(std::move(bound));
    break;
  }
  return outcome;
}

Outcome Run(const DecisionTree& tree, const MatchPat& value, const std::set<int>& false_guards) {
  Outcome outcome;
  outcome.rule = RunDecisionTree(
      tree, value,
      [&](int rule) {
        outcome.guards_called.push_back(rule);
        return false_guards.count(rule) == 0;
      },
      &outcome.bound);
  outcome.bound = Sorted(std::move(outcome.bound));
  return outcome;
}

// --- Tree inspection -------------------------------------------------------------------------

std::vector<int> Successors(const DecisionNode& node) {
  std::vector<int> out;
  for (const DecisionNode::Edge& edge : node.edges) out.push_back(edge.target);
  if (node.fallback >= 0) out.push_back(node.fallback);
  if (node.guard_failed >= 0) out.push_back(node.guard_failed);
  return out;
}

std::set<int> Reachable(const DecisionTree& tree) {
  std::set<int> seen;
  std::vector<int> stack = {tree.root};
  while (!stack.empty()) {
    const int id = stack.back();
    stack.pop_back();
    if (!seen.insert(id).second) continue;
    for (int next : Successors(tree.nodes[static_cast<size_t>(id)])) stack.push_back(next);
  }
  return seen;
}

int CountReachable(const DecisionTree& tree, DecisionNode::Kind kind) {
  int count = 0;
  for (int id : Reachable(tree)) count += tree.nodes[static_cast<size_t>(id)].kind == kind;
  return count;
}

std::set<int> LeafRules(const DecisionTree& tree) {
  std::set<int> rules;
  for (int id : Reachable(tree)) {
    const DecisionNode& node = tree.nodes[static_cast<size_t>(id)];
    if (node.kind == DecisionNode::Kind::kLeaf) rules.insert(node.rule);
  }
  return rules;
}

// Structure every compiled tree has: ids in range, children before parents (so no cycles),
// literal edges without a constructor, at most one Fail node, nothing unreachable.
void ExpectWellFormed(const DecisionTree& tree) {
  ASSERT_GE(tree.root, 0);
  ASSERT_LT(static_cast<size_t>(tree.root), tree.nodes.size());
  int fails = 0;
  for (size_t id = 0; id < tree.nodes.size(); ++id) {
    const DecisionNode& node = tree.nodes[id];
    for (int next : Successors(node)) {
      ASSERT_GE(next, 0);
      ASSERT_LT(static_cast<size_t>(next), id);
    }
    switch (node.kind) {
      case DecisionNode::Kind::kFail:
        ++fails;
        break;
      case DecisionNode::Kind::kLeaf:
        EXPECT_GE(node.rule, 0);
        EXPECT_TRUE(node.edges.empty());
        break;
      case DecisionNode::Kind::kSwitch:
        ASSERT_NE(node.family, nullptr);
        for (const DecisionNode::Edge& edge : node.edges) {
          if (node.family->kind == Family::Kind::kInfinite) {
            EXPECT_EQ(edge.ctor, -1);
          } else {
            EXPECT_GE(edge.ctor, 0);
            EXPECT_TRUE(edge.literal.empty());
          }
        }
        if (node.family->kind == Family::Kind::kInfinite) {
          EXPECT_GE(node.fallback, 0) << "a literal switch always has a fallback";
        } else if (node.edges.size() == node.family->arities.size()) {
          EXPECT_EQ(node.fallback, -1) << "a complete switch needs no fallback";
        } else {
          EXPECT_GE(node.fallback, 0);
        }
        break;
    }
  }
  EXPECT_LE(fails, 1);
  EXPECT_EQ(Reachable(tree).size(), tree.nodes.size());
}

// --- Types, for enumerating values and generating patterns -----------------------------------

struct Type {
  const Family* family = nullptr;
  std::vector<std::vector<const Type*>> fields;  // per constructor (finite families)
  std::vector<std::string> values;               // literals enumerated (infinite families)
  std::vector<std::string> patterns;             // literals patterns use (a subset of values)
};

// Owns the types of one test (lists refer to themselves, so types are held by pointer).
class TypeArena {
 public:
  const Type* Bool() { return New(&BoolFamily(), {{}, {}}); }
  const Type* Int() {
    // "9" never appears in a pattern: it reaches the literal switches' fallbacks.
    Type* type = New(&IntFamily(), {});
    type->values = {"0", "1", "9"};
    type->patterns = {"0", "1"};
    return type;
  }
  const Type* OptionOf(const Type* element) { return New(&OptionFamily(), {{}, {element}}); }
  const Type* ListOf(const Type* element) {
    Type* list = New(&ListFamily(), {});
    list->fields = {{}, {element, list}};
    return list;
  }
  const Type* TupleOf(std::vector<const Type*> fields) {
    const Family* family = fields.size() == 2 ? &Tuple2Family() : &Tuple3Family();
    return New(family, {std::move(fields)});
  }

 private:
  Type* New(const Family* family, std::vector<std::vector<const Type*>> fields) {
    types_.push_back(std::make_unique<Type>(Type{family, std::move(fields), {}, {}}));
    return types_.back().get();
  }

  std::vector<std::unique_ptr<Type>> types_;
};

// Every value of `type` whose constructors nest at most `depth` deep.
std::vector<MatchPat> Values(const Type* type, int depth) {
  std::vector<MatchPat> out;
  if (type->family->kind == Family::Kind::kInfinite) {
    for (const std::string& literal : type->values) out.push_back(Lit(literal));
    return out;
  }
  for (size_t ctor = 0; ctor < type->fields.size(); ++ctor) {
    const std::vector<const Type*>& fields = type->fields[ctor];
    if (!fields.empty() && depth == 0) continue;
    std::vector<std::vector<MatchPat>> partial = {{}};
    for (const Type* field : fields) {
      std::vector<std::vector<MatchPat>> next;
      const std::vector<MatchPat> choices = Values(field, depth - 1);
      for (const std::vector<MatchPat>& prefix : partial) {
        for (const MatchPat& choice : choices) {
          next.push_back(prefix);
          next.back().push_back(choice);
        }
      }
      partial = std::move(next);
    }
    for (std::vector<MatchPat>& args : partial) {
      out.push_back(Ctor(*type->family, static_cast<int>(ctor), std::move(args)));
    }
  }
  return out;
}

class PatternGenerator {
 public:
  explicit PatternGenerator(uint32_t seed) : rng_(seed) {}

  int Below(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }

  MatchPat Generate(const Type* type, int depth, int* next_binder) {
    MatchPat p;
    if (!Chance(30)) {
      if (type->family->kind == Family::Kind::kInfinite) {
        p = Lit(
            type->patterns[static_cast<size_t>(Below(static_cast<int>(type->patterns.size())))]);
      } else {
        std::vector<int> allowed;
        for (size_t ctor = 0; ctor < type->fields.size(); ++ctor) {
          if (depth > 0 || type->fields[ctor].empty()) allowed.push_back(static_cast<int>(ctor));
        }
        if (!allowed.empty()) {
          const int ctor = allowed[static_cast<size_t>(Below(static_cast<int>(allowed.size())))];
          std::vector<MatchPat> args;
          for (const Type* field : type->fields[static_cast<size_t>(ctor)]) {
            args.push_back(Generate(field, depth - 1, next_binder));
          }
          p = Ctor(*type->family, ctor, std::move(args));
        }
      }
    }
    if (Chance(25)) p.binders.push_back((*next_binder)++);
    return p;
  }

 private:
  std::mt19937 rng_;
};

struct PropertyStats {
  int runs = 0;
  int matched = 0;
  int failed = 0;
  int guards_false = 0;
  int bindings = 0;
};

// Compiles `rows`, runs every value under every choice of failing guards, compares with the
// reference, and checks that every node of the tree is visited by some run.
void CheckAgainstReference(const std::vector<MatchRow>& rows, const std::vector<MatchPat>& values,
                           PropertyStats* stats) {
  const DecisionTree tree = CompileMatch(rows);
  ExpectWellFormed(tree);
  std::vector<int> guarded;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].guarded) guarded.push_back(static_cast<int>(i));
  }
  std::set<int> visited;
  for (uint32_t mask = 0; mask < (1u << guarded.size()); ++mask) {
    std::set<int> false_guards;
    for (size_t bit = 0; bit < guarded.size(); ++bit) {
      if ((mask >> bit) & 1u) false_guards.insert(guarded[bit]);
    }
    for (const MatchPat& value : values) {
      const Outcome expected = Expected(rows, value, false_guards);
      const Outcome actual = Run(tree, value, false_guards);
      ++stats->runs;
      stats->matched += expected.rule >= 0;
      stats->failed += expected.rule < 0;
      stats->bindings += static_cast<int>(expected.bound.size());
      for (int rule : expected.guards_called) stats->guards_false += false_guards.count(rule) > 0;
      ASSERT_EQ(actual.rule, expected.rule);
      ASSERT_EQ(actual.guards_called, expected.guards_called);
      ASSERT_EQ(actual.bound.size(), expected.bound.size());
      for (size_t i = 0; i < expected.bound.size(); ++i) {
        ASSERT_EQ(actual.bound[i].first, expected.bound[i].first);
        ASSERT_EQ(actual.bound[i].second.path, expected.bound[i].second.path);
      }
      // The nodes on this value's path.
      int id = tree.root;
      while (id >= 0) {
        visited.insert(id);
        const DecisionNode& node = tree.nodes[static_cast<size_t>(id)];
        if (node.kind == DecisionNode::Kind::kFail) break;
        if (node.kind == DecisionNode::Kind::kLeaf) {
          if (node.guard_failed < 0 || false_guards.count(node.rule) == 0) break;
          id = node.guard_failed;
          continue;
        }
        // A one-node tree for this switch alone tells which edge the value takes.
        DecisionTree probe;
        for (const DecisionNode::Edge& edge : node.edges) {
          DecisionNode leaf;
          leaf.kind = DecisionNode::Kind::kLeaf;
          leaf.rule = edge.target;
          probe.nodes.push_back(std::move(leaf));
        }
        DecisionNode fallback;
        fallback.kind = DecisionNode::Kind::kLeaf;
        fallback.rule = node.fallback;
        probe.nodes.push_back(std::move(fallback));
        DecisionNode copy = node;
        for (size_t e = 0; e < copy.edges.size(); ++e) copy.edges[e].target = static_cast<int>(e);
        copy.fallback = static_cast<int>(copy.edges.size());
        probe.nodes.push_back(std::move(copy));
        probe.root = static_cast<int>(probe.nodes.size()) - 1;
        id = RunDecisionTree(probe, value, nullptr);
      }
    }
  }
  // No dead code: every node (every leaf in particular) is reached by some value.
  for (size_t id = 0; id < tree.nodes.size(); ++id) {
    EXPECT_EQ(visited.count(static_cast<int>(id)), 1u)
        << "node " << id << " (kind " << static_cast<int>(tree.nodes[id].kind) << ", rule "
        << tree.nodes[id].rule << ") is never reached";
  }
}

struct PropertyCase {
  const char* name;
  const Type* type;
  int pattern_depth;
};

TEST(DecisionTreeTest, AgreesWithFirstMatchingRowOnEnumeratedValues) {
  TypeArena t;
  const Type* bool_type = t.Bool();
  const Type* int_type = t.Int();
  const std::vector<PropertyCase> cases = {
      {"bool", bool_type, 0},
      {"int", int_type, 0},
      {"bool option", t.OptionOf(bool_type), 1},
      {"bool list", t.ListOf(bool_type), 2},
      {"bool * bool * bool", t.TupleOf({bool_type, bool_type, bool_type}), 1},
      {"int * int list", t.TupleOf({int_type, t.ListOf(int_type)}), 2},
      {"int option list", t.ListOf(t.OptionOf(int_type)), 2},
      {"bool list option * bool", t.TupleOf({t.OptionOf(t.ListOf(bool_type)), bool_type}), 3},
      {"(int * bool) option option", t.OptionOf(t.OptionOf(t.TupleOf({int_type, bool_type}))), 3},
  };
  PatternGenerator generator(20240601);
  PropertyStats stats;
  for (const PropertyCase& c : cases) {
    SCOPED_TRACE(c.name);
    // One level deeper than the patterns, so that every path through a tree has a value.
    const std::vector<MatchPat> values = Values(c.type, c.pattern_depth + 1);
    for (int iteration = 0; iteration < 150; ++iteration) {
      std::vector<MatchRow> rows;
      const int row_count = 1 + generator.Below(6);
      int guarded = 0;
      for (int r = 0; r < row_count; ++r) {
        int next_binder = 100 * r;
        MatchRow row = Row(generator.Generate(c.type, c.pattern_depth, &next_binder));
        if (guarded < 3 && generator.Chance(30)) {
          row.guarded = true;
          ++guarded;
        }
        rows.push_back(std::move(row));
      }
      SCOPED_TRACE(iteration);
      CheckAgainstReference(rows, values, &stats);
      if (testing::Test::HasFatalFailure()) return;
    }
  }
  // The generator exercises every outcome (a guard against a test that checks nothing).
  EXPECT_GT(stats.runs, 10000);
  EXPECT_GT(stats.matched, 1000);
  EXPECT_GT(stats.failed, 1000);
  EXPECT_GT(stats.guards_false, 1000);
  EXPECT_GT(stats.bindings, 1000);
}

// --- Specific trees --------------------------------------------------------------------------

TEST(DecisionTreeTest, ListShapesAreExhaustive) {
  // match xs with [] -> 0 | [x] -> 1 | x :: y :: _ -> 2
  const std::vector<MatchRow> rows = {
      Row(Nil()),
      Row(Cons(Any({1}), Nil())),
      Row(Cons(Any({2}), Cons(Any({3}), Any()))),
  };
  const DecisionTree tree = CompileMatch(rows);
  ExpectWellFormed(tree);
  EXPECT_EQ(CountReachable(tree, DecisionNode::Kind::kFail), 0);
  EXPECT_EQ(LeafRules(tree), (std::set<int>{0, 1, 2}));
  // A switch on the list, one on its tail, three leaves.
  EXPECT_EQ(tree.nodes.size(), 5u);
  const DecisionNode& root = tree.nodes[static_cast<size_t>(tree.root)];
  EXPECT_EQ(root.kind, DecisionNode::Kind::kSwitch);
  EXPECT_TRUE(root.occurrence.path.empty());
  EXPECT_EQ(root.fallback, -1);

  Bindings bound;
  EXPECT_EQ(RunDecisionTree(tree, Cons(Bool(true), Cons(Bool(false), Nil())), nullptr, &bound), 2);
  EXPECT_EQ(Sorted(bound), Sorted({{2, At({{1, 0}})}, {3, At({{1, 1}, {1, 0}})}}));
  EXPECT_EQ(RunDecisionTree(tree, Cons(Bool(true), Nil()), nullptr, &bound), 1);
  EXPECT_EQ(bound, (Bindings{{1, At({{1, 0}})}}));
  EXPECT_EQ(RunDecisionTree(tree, Nil(), nullptr, &bound), 0);
  EXPECT_TRUE(bound.empty());
}

TEST(DecisionTreeTest, IncompleteMatchFails) {
  // match xs with [] -> 0 | [x] -> 1
  const DecisionTree tree = CompileMatch({Row(Nil()), Row(Cons(Any({1}), Nil()))});
  ExpectWellFormed(tree);
  EXPECT_EQ(CountReachable(tree, DecisionNode::Kind::kFail), 1);
  Bindings bound = {{7, Occurrence{}}};
  EXPECT_EQ(RunDecisionTree(tree, Cons(Bool(true), Cons(Bool(true), Nil())), nullptr, &bound), -1);
  EXPECT_TRUE(bound.empty());

  // match o with Some x -> 0
  const DecisionTree some = CompileMatch({Row(Some(Any({1})))});
  ExpectWellFormed(some);
  EXPECT_EQ(CountReachable(some, DecisionNode::Kind::kFail), 1);
  EXPECT_EQ(RunDecisionTree(some, None(), nullptr), -1);
  EXPECT_EQ(RunDecisionTree(some, Some(Bool(false)), nullptr), 0);
}

TEST(DecisionTreeTest, RedundantRowsAreNeverLeaves) {
  // match b with _ -> 0 | true -> 1
  EXPECT_EQ(LeafRules(CompileMatch({Row(Any()), Row(Bool(true))})), (std::set<int>{0}));
  // match xs with [] -> 0 | x :: xs -> 1 | [x] -> 2 | _ -> 3
  const DecisionTree list = CompileMatch({
      Row(Nil()),
      Row(Cons(Any(), Any())),
      Row(Cons(Any(), Nil())),
      Row(Any()),
  });
  EXPECT_EQ(LeafRules(list), (std::set<int>{0, 1}));
  // match (a, b) with (true, _) -> 0 | (_, false) -> 1 | (true, true) -> 2 | (false, true) -> 3
  const DecisionTree pair = CompileMatch({
      Row(Tuple({Bool(true), Any()})),
      Row(Tuple({Any(), Bool(false)})),
      Row(Tuple({Bool(true), Bool(true)})),
      Row(Tuple({Bool(false), Bool(true)})),
  });
  EXPECT_EQ(LeafRules(pair), (std::set<int>{0, 1, 3}));
  EXPECT_EQ(CountReachable(pair, DecisionNode::Kind::kFail), 0);
  // A guarded row does not make a later row redundant...
  EXPECT_EQ(LeafRules(CompileMatch({Row(Any(), true), Row(Bool(true))})), (std::set<int>{0, 1}));
  // ...but an unguarded one before it does.
  EXPECT_EQ(LeafRules(CompileMatch({Row(Any(), true), Row(Any()), Row(Bool(true))})),
            (std::set<int>{0, 1}));
}

TEST(DecisionTreeTest, BindersOnConstructorPatterns) {
  // match xs with (x :: rest) as l -> 0 | l2 -> 1
  const DecisionTree tree = CompileMatch({Row(Cons(Any({1}), Any({2}), {3})), Row(Any({4}))});
  ExpectWellFormed(tree);
  Bindings bound;
  EXPECT_EQ(RunDecisionTree(tree, Cons(Bool(true), Nil()), nullptr, &bound), 0);
  EXPECT_EQ(Sorted(bound), Sorted({{1, At({{1, 0}})}, {2, At({{1, 1}})}, {3, Occurrence{}}}));
  EXPECT_EQ(RunDecisionTree(tree, Nil(), nullptr, &bound), 1);
  EXPECT_EQ(bound, (Bindings{{4, Occurrence{}}}));

  // A binder on a literal, inside a tuple: match (n, b) with (0 as z, true) -> 0 | p -> 1
  const DecisionTree literal =
      CompileMatch({Row(Ctor(Tuple2Family(), 0, {Lit("0", {5}), Bool(true)})), Row(Any({6}))});
  EXPECT_EQ(RunDecisionTree(literal, Tuple({Lit("0"), Bool(true)}), nullptr, &bound), 0);
  EXPECT_EQ(bound, (Bindings{{5, At({{0, 0}})}}));
  EXPECT_EQ(RunDecisionTree(literal, Tuple({Lit("0"), Bool(false)}), nullptr, &bound), 1);
  EXPECT_EQ(bound, (Bindings{{6, Occurrence{}}}));
}

TEST(DecisionTreeTest, LiteralSwitchesAlwaysFallBack) {
  // match n with 0 -> 0 | 1 -> 1 | 0 -> 2
  const DecisionTree tree = CompileMatch({Row(Lit("0")), Row(Lit("1")), Row(Lit("0"))});
  ExpectWellFormed(tree);
  const DecisionNode& root = tree.nodes[static_cast<size_t>(tree.root)];
  ASSERT_EQ(root.kind, DecisionNode::Kind::kSwitch);
  EXPECT_EQ(root.family, &IntFamily());
  ASSERT_EQ(root.edges.size(), 2u);
  EXPECT_EQ(root.edges[0].ctor, -1);
  EXPECT_EQ(root.edges[0].literal, "0");
  EXPECT_EQ(root.edges[1].literal, "1");
  ASSERT_GE(root.fallback, 0);
  EXPECT_EQ(tree.nodes[static_cast<size_t>(root.fallback)].kind, DecisionNode::Kind::kFail);
  EXPECT_EQ(LeafRules(tree), (std::set<int>{0, 1}));
  EXPECT_EQ(RunDecisionTree(tree, Lit("1"), nullptr), 1);
  EXPECT_EQ(RunDecisionTree(tree, Lit("2"), nullptr), -1);
}

TEST(DecisionTreeTest, GuardedLeafContinuesWithTheRemainingRows) {
  // match o with Some x when g x -> 0 | Some 0 -> 1 | _ -> 2
  const std::vector<MatchRow> rows = {
      Row(Some(Any({1})), true),
      Row(Some(Lit("0"))),
      Row(Any()),
  };
  const DecisionTree tree = CompileMatch(rows);
  ExpectWellFormed(tree);
  int guarded_leaves = 0;
  for (const DecisionNode& node : tree.nodes) {
    if (node.kind != DecisionNode::Kind::kLeaf || node.rule != 0) continue;
    ++guarded_leaves;
    ASSERT_GE(node.guard_failed, 0);
    // Compiled from the remaining rows at the same occurrences: a test of Some's field.
    const DecisionNode& rest = tree.nodes[static_cast<size_t>(node.guard_failed)];
    EXPECT_EQ(rest.kind, DecisionNode::Kind::kSwitch);
    EXPECT_EQ(rest.occurrence, At({{1, 0}}));
  }
  EXPECT_EQ(guarded_leaves, 1);

  std::vector<int> asked;
  auto refuse = [&](int rule) {
    asked.push_back(rule);
    return false;
  };
  EXPECT_EQ(RunDecisionTree(tree, Some(Lit("0")), refuse), 1);
  EXPECT_EQ(RunDecisionTree(tree, Some(Lit("3")), refuse), 2);
  EXPECT_EQ(RunDecisionTree(tree, None(), refuse), 2);
  EXPECT_EQ(asked, (std::vector<int>{0, 0}));
  Bindings bound;
  EXPECT_EQ(RunDecisionTree(tree, Some(Lit("3")), [](int) { return true; }, &bound), 0);
  EXPECT_EQ(bound, (Bindings{{1, At({{1, 0}})}}));
}

TEST(DecisionTreeTest, TreeSizeStaysSmall) {
  // match (a, b, c) with every one of the 8 combinations.
  std::vector<MatchRow> all;
  for (int bits = 0; bits < 8; ++bits) {
    all.push_back(Row(Tuple({Bool(bits & 4), Bool(bits & 2), Bool(bits & 1)})));
  }
  const DecisionTree full = CompileMatch(all);
  ExpectWellFormed(full);
  // The tuple, then 1 + 2 + 4 switches, then 8 leaves.
  EXPECT_EQ(full.nodes.size(), 16u);
  EXPECT_EQ(CountReachable(full, DecisionNode::Kind::kFail), 0);

  // Overlapping rows with wildcards, two of them guarded, and a catch-all.
  const DecisionTree mixed = CompileMatch({
      Row(Tuple({Bool(true), Any(), Bool(false)})),
      Row(Tuple({Any(), Bool(true), Any()}), true),
      Row(Tuple({Bool(false), Any(), Any()})),
      Row(Tuple({Any(), Any(), Bool(true)}), true),
      Row(Tuple({Bool(true), Bool(false), Any()})),
      Row(Tuple({Any(), Bool(true), Bool(true)})),
      Row(Tuple({Bool(true), Bool(true), Bool(false)})),
      Row(Tuple({Any(), Any(), Any()})),
  });
  ExpectWellFormed(mixed);
  EXPECT_LE(mixed.nodes.size(), 20u);  // 13 today

  // Rows testing one component each: a chain of tests, not a product.
  const MatchPat t = Bool(true);
  const DecisionTree chain = CompileMatch({
      Row(Tuple({t, Any(), Any()})),
      Row(Tuple({Any(), t, Any()})),
      Row(Tuple({Any(), Any(), t})),
      Row(Tuple({Any(), Any(), Any()})),
  });
  ExpectWellFormed(chain);
  EXPECT_EQ(chain.nodes.size(), 8u);  // tuple switch, 3 tests, 4 leaves

  // One Fail node for many failing paths.
  std::vector<MatchRow> sparse;
  for (int bits = 0; bits < 8; bits += 3) {
    sparse.push_back(Row(Tuple({Bool(bits & 4), Bool(bits & 2), Bool(bits & 1)})));
  }
  const DecisionTree incomplete = CompileMatch(sparse);
  ExpectWellFormed(incomplete);
  EXPECT_EQ(CountReachable(incomplete, DecisionNode::Kind::kFail), 1);
  EXPECT_LE(incomplete.nodes.size(), 12u);
}

TEST(DecisionTreeTest, MalformedValuesDoNotCrash) {
  const std::vector<MatchRow> rows = {
      Row(Cons(Some(Lit("0")), Nil())),
      Row(Cons(Any({1}), Cons(Any(), Any()))),
      Row(Any({2})),
  };
  const DecisionTree tree = CompileMatch(rows);
  ExpectWellFormed(tree);
  MatchPat short_cons = Ctor(ListFamily(), 1, {Some(Lit("0"))});  // one field of two
  MatchPat long_nil = Ctor(ListFamily(), 0, {Nil()});
  MatchPat out_of_range = Ctor(ListFamily(), 5, {Nil(), Nil()});
  const std::vector<MatchPat> malformed = {
      short_cons,
      long_nil,
      out_of_range,
      Some(Nil()),                        // wrong family at the root
      Lit("0"),                           // a literal for a list
      Cons(Bool(true), Nil()),            // a bool for an option
      Cons(Some(Bool(true)), Nil()),      // a constructor for a literal
      Cons(Some(Lit("0")), Some(Nil())),  // an option for a list
      Cons(Some(Lit("0")), short_cons),
      Cons(Ctor(OptionFamily(), 1, {}), Nil()),  // Some without its field
      Any(),
  };
  for (const MatchPat& value : malformed) {
    Bindings bound;
    const int rule = RunDecisionTree(tree, value, nullptr, &bound);
    // Whatever the tree picks, the value does match that row (the fallback row here).
    if (rule >= 0) {
      Bindings unused;
      EXPECT_TRUE(Matches(rows[static_cast<size_t>(rule)].pattern, value, Occurrence{}, &unused))
          << "rule " << rule;
    }
  }
  // The root tests only [] and ::, so it falls back to the catch-all.
  EXPECT_EQ(RunDecisionTree(tree, Some(Nil()), nullptr), 2);
  EXPECT_EQ(RunDecisionTree(tree, Lit("0"), nullptr), 2);
  EXPECT_EQ(RunDecisionTree(tree, long_nil, nullptr), 2);

  // A complete match has no fallback: a malformed value fails instead.
  const DecisionTree complete = CompileMatch({Row(Bool(false)), Row(Bool(true))});
  EXPECT_EQ(RunDecisionTree(complete, Some(Bool(true)), nullptr), -1);
  EXPECT_EQ(RunDecisionTree(complete, Ctor(BoolFamily(), 1, {Nil()}), nullptr), -1);

  // Malformed trees: empty, dangling, cyclic.
  EXPECT_EQ(RunDecisionTree(DecisionTree{}, Nil(), nullptr), -1);
  DecisionTree cyclic;
  DecisionNode leaf;
  leaf.kind = DecisionNode::Kind::kLeaf;
  leaf.rule = 0;
  leaf.guard_failed = 0;
  cyclic.nodes.push_back(leaf);
  cyclic.root = 0;
  EXPECT_EQ(RunDecisionTree(cyclic, Nil(), [](int) { return false; }), -1);
  cyclic.nodes[0].guard_failed = 3;
  EXPECT_EQ(RunDecisionTree(cyclic, Nil(), [](int) { return false; }), -1);
}

}  // namespace
}  // namespace ccs::sema
