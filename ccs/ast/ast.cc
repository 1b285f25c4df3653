#include "ccs/ast/ast.h"

#include "absl/strings/str_cat.h"

namespace ccs {

std::string_view NodeKindName(NodeKind kind) {
  switch (kind) {
#define CCS_NODE(Name)    \
  case NodeKind::k##Name: \
    return #Name;
#include "ccs/ast/node_kinds.def"
  }
  return "?";
}

NodeId Ast::Add(NodeKind kind, Span span, TokenIndex token, const std::vector<NodeId>& children,
                uint8_t flags) {
  Node node{kind,
            flags,
            token,
            span,
            static_cast<int32_t>(children_.size()),
            static_cast<int32_t>(children.size())};
  children_.insert(children_.end(), children.begin(), children.end());
  nodes_.push_back(node);
  return NodeId{static_cast<int32_t>(nodes_.size() - 1)};
}

namespace {

void Dump(const Ast& ast, const TokenizedBuffer& tokens, NodeId n, int depth, std::string& out) {
  // Iterative over siblings, recursive over depth; the parser bounds depth.
  out.append(2 * depth, ' ');
  out += NodeKindName(ast.kind(n));
  TokenIndex t = ast.token(n);
  if (t.is_valid() && !IsVirtual(tokens.kind(t))) {
    out += " `";
    out += tokens.text(t);
    out += "`";
  }
  uint8_t f = ast.flags(n);
  if (f & kFlagRec) out += " rec";
  if (f & kFlagInline) out += " inline";
  if (f & kFlagMutable) out += " mutable";
  if (f & kFlagStatic) out += " static";
  LineCol b = tokens.source().Locate(ast.span(n).begin);
  LineCol e = tokens.source().Locate(ast.span(n).end);
  out += absl::StrCat(" [", b.line, ":", b.column, "-", e.line, ":", e.column, "]\n");
  for (NodeId c : ast.children(n)) Dump(ast, tokens, c, depth + 1, out);
}

}  // namespace

std::string DumpAst(const Ast& ast, const TokenizedBuffer& tokens) {
  std::string out;
  if (ast.root().is_valid()) Dump(ast, tokens, ast.root(), 0, out);
  return out;
}

}  // namespace ccs
