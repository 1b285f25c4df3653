#include "ccs/psg/print.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace ccs::psg {
namespace {

std::string TypeName(const Program& p, int32_t type) {
  if (type < 0 || type >= p.types_size()) return "?";
  return p.types(type).name();
}

std::string BindingName(const Program& p, int32_t binding) {
  if (binding < 0 || binding >= p.bindings_size()) return "?";
  return absl::StrCat(p.bindings(binding).name(), "#", binding);
}

std::string BindingList(const Program& p, const google::protobuf::RepeatedField<int32_t>& ids) {
  std::string out = "[";
  for (int i = 0; i < ids.size(); ++i) absl::StrAppend(&out, i == 0 ? "" : ", ", BindingName(p, ids[i]));
  return out + "]";
}

// The one-line description of a node (without children).
std::string Describe(const Program& p, const Node& n) {
  std::string out = Node::Kind_Name(n.kind());
  if (!n.text().empty()) absl::StrAppend(&out, " `", n.text(), "`");
  switch (n.kind()) {
    case Node::VAR:
    case Node::PAT_VAR:
    case Node::PAT_AS:
      absl::StrAppend(&out, " ", BindingName(p, n.binding()));
      break;
    case Node::CASE:
    case Node::PAT_CASE:
      if (n.decl() >= 0 && n.decl() < p.type_decls_size() && n.index() >= 0 &&
          n.index() < p.type_decls(n.decl()).cases_size()) {
        absl::StrAppend(&out, " ", p.type_decls(n.decl()).cases(n.index()).name());
      }
      break;
    case Node::FIELD_GET:
    case Node::FIELD_INIT:
    case Node::PAT_FIELD:
      absl::StrAppend(&out, " .", n.index());
      break;
    case Node::RULE:
      absl::StrAppend(&out, " ", n.index());
      break;
    default:
      break;
  }
  if (n.kind() < Node::PAT_WILD || n.kind() == Node::PAT_VAR) absl::StrAppend(&out, " : ", TypeName(p, n.type()));
  if (n.kind() == Node::LAMBDA) absl::StrAppend(&out, " captures=", BindingList(p, n.captures()));
  if (n.kind() == Node::SHIFT) absl::StrAppend(&out, " live=", BindingList(p, n.live()));
  if (n.kind() == Node::MATCH || n.kind() == Node::TRY_WITH) absl::StrAppend(&out, " tree=", n.tree());
  if (n.tail()) out += " tail";
  if (!n.inlined_from().empty()) absl::StrAppend(&out, " inlined_from=", n.inlined_from());
  return out;
}

void PrintNode(const Program& p, int32_t id, int depth, std::string& out) {
  out.append(static_cast<size_t>(depth) * 2, ' ');
  if (id < 0 || id >= p.nodes_size()) {
    out += "<missing>\n";
    return;
  }
  const Node& n = p.nodes(id);
  absl::StrAppend(&out, Describe(p, n), "\n");
  for (int32_t child : n.children()) PrintNode(p, child, depth + 1, out);
}

std::string Occurrence(const DecisionTree::Occurrence& o) {
  std::string out = "$";
  for (const DecisionTree::Step& s : o.steps()) absl::StrAppend(&out, ".", s.ctor(), ":", s.field());
  return out;
}

std::string DotEscape(std::string s) {
  return absl::StrReplaceAll(s, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}});
}

}  // namespace

std::string PrintText(const Program& p) {
  std::string out;
  for (int32_t top : p.top_level()) PrintNode(p, top, 0, out);
  for (int t = 0; t < p.trees_size(); ++t) {
    const DecisionTree& tree = p.trees(t);
    absl::StrAppend(&out, "tree ", t, " root=", tree.root(), "\n");
    for (int i = 0; i < tree.nodes_size(); ++i) {
      const DecisionTree::TreeNode& n = tree.nodes(i);
      absl::StrAppend(&out, "  ", i, ": ");
      switch (n.kind()) {
        case DecisionTree::TreeNode::FAIL:
          out += "fail";
          break;
        case DecisionTree::TreeNode::LEAF:
          absl::StrAppend(&out, "rule ", n.rule());
          for (const DecisionTree::Bound& b : n.bindings()) {
            absl::StrAppend(&out, " ", BindingName(p, b.binding()), "=", Occurrence(b.at()));
          }
          if (n.guard_failed() >= 0) absl::StrAppend(&out, " else ", n.guard_failed());
          break;
        default:
          absl::StrAppend(&out, "switch ", Occurrence(n.occurrence()));
          for (const DecisionTree::Edge& e : n.edges()) {
            absl::StrAppend(&out, " ", e.ctor() >= 0 ? absl::StrCat(e.ctor()) : e.literal(), "->", e.target());
          }
          if (n.fallback() >= 0) absl::StrAppend(&out, " _->", n.fallback());
      }
      out += "\n";
    }
  }
  return out;
}

std::string PrintDot(const Program& p) {
  std::string out = "digraph psg {\n  node [shape=box, fontname=\"monospace\"];\n";
  for (int i = 0; i < p.nodes_size(); ++i) {
    absl::StrAppend(&out, "  n", i, " [label=\"", DotEscape(Describe(p, p.nodes(i))), "\"];\n");
  }
  for (int i = 0; i < p.nodes_size(); ++i) {
    const Node& n = p.nodes(i);
    for (int c = 0; c < n.children_size(); ++c) absl::StrAppend(&out, "  n", i, " -> n", n.children(c), ";\n");
  }
  // References: each VAR points (dashed) at the pattern that binds its binding.
  std::vector<int> binder(static_cast<size_t>(p.bindings_size()), -1);
  for (int i = 0; i < p.nodes_size(); ++i) {
    const Node& n = p.nodes(i);
    if ((n.kind() == Node::PAT_VAR || n.kind() == Node::PAT_AS) && n.binding() >= 0 && n.binding() < p.bindings_size()) {
      binder[static_cast<size_t>(n.binding())] = i;
    }
  }
  for (int i = 0; i < p.nodes_size(); ++i) {
    const Node& n = p.nodes(i);
    if (n.kind() == Node::VAR && n.binding() >= 0 && n.binding() < p.bindings_size() &&
        binder[static_cast<size_t>(n.binding())] >= 0) {
      absl::StrAppend(&out, "  n", i, " -> n", binder[static_cast<size_t>(n.binding())],
                      " [style=dashed, constraint=false];\n");
    }
  }
  out += "}\n";
  return out;
}

}  // namespace ccs::psg
