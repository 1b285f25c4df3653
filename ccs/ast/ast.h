// The Clef AST: an arena of nodes with exact source spans, built by //ccs/parse.
//
//   const ccs::Ast& ast = result.ast;
//   for (ccs::NodeId c : ast.children(ast.root())) { ast.kind(c); ast.span(c); }
#ifndef CCS_AST_AST_H_
#define CCS_AST_AST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ccs/diag/source.h"
#include "ccs/lex/tokens.h"

namespace ccs {

enum class NodeKind : uint8_t {
#define CCS_NODE(Name) k##Name,
#include "ccs/ast/node_kinds.def"
};
std::string_view NodeKindName(NodeKind kind);

struct NodeId {
  int32_t index = -1;
  bool is_valid() const { return index >= 0; }
};

// Flags on Let, Field and Member nodes.
enum NodeFlags : uint8_t { kFlagRec = 1, kFlagMutable = 2, kFlagInline = 4, kFlagStatic = 8 };

class Ast {
 public:
  struct ChildRange {
    const NodeId* b;
    const NodeId* e;
    const NodeId* begin() const { return b; }
    const NodeId* end() const { return e; }
    size_t size() const { return static_cast<size_t>(e - b); }
    NodeId operator[](size_t i) const { return b[i]; }
  };

  NodeId root() const { return root_; }
  NodeKind kind(NodeId n) const { return nodes_[n.index].kind; }
  Span span(NodeId n) const { return nodes_[n.index].span; }
  TokenIndex token(NodeId n) const { return nodes_[n.index].token; }
  uint8_t flags(NodeId n) const { return nodes_[n.index].flags; }
  ChildRange children(NodeId n) const {
    const Node& node = nodes_[n.index];
    const NodeId* base = children_.data() + node.first_child;
    return {base, base + node.child_count};
  }
  int32_t size() const { return static_cast<int32_t>(nodes_.size()); }

  NodeId Add(NodeKind kind, Span span, TokenIndex token, const std::vector<NodeId>& children,
             uint8_t flags = 0);
  void set_root(NodeId n) { root_ = n; }

 private:
  struct Node {
    NodeKind kind;
    uint8_t flags;
    TokenIndex token;
    Span span;
    int32_t first_child;
    int32_t child_count;
  };
  std::vector<Node> nodes_;
  std::vector<NodeId> children_;
  NodeId root_;
};

// The `--stage=ast` dump: one node per line, indented by depth:
//   Kind `token` flags [LINE:COL-LINE:COL]
std::string DumpAst(const Ast& ast, const TokenizedBuffer& tokens);

}  // namespace ccs

#endif  // CCS_AST_AST_H_
