#include "ccs/sema/interpolation.h"

#include <cctype>
#include <cstring>

namespace ccs::sema {
namespace {

// Whether `text` ends with a complete printf conversion (`%d`, `%-5.2f`), not with `%%`.
bool EndsWithConversion(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (i + 1 < text.size() && text[i + 1] == '%') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < text.size() && std::strchr("-+ 0#", text[j]) != nullptr) ++j;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
    if (j + 1 == text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) return true;
    i = j;
  }
  return false;
}

}  // namespace

Interpolation ReadInterpolation(const Ast& ast, const TokenizedBuffer& tokens, NodeId node) {
  Interpolation out;
  for (NodeId child : ast.children(node)) {
    if (ast.kind(child) == NodeKind::kInterpText) {
      out.format += tokens.string_value(ast.token(child));
      continue;
    }
    if (ast.kind(child) != NodeKind::kInterpHole) continue;
    auto parts = ast.children(child);
    if (parts.size() == 0) continue;
    out.holes.push_back(parts[0]);
    if (EndsWithConversion(out.format)) continue;
    out.format += "%{" + (parts.size() > 1 ? tokens.string_value(ast.token(parts[1])) : std::string()) + "}O";
  }
  return out;
}

}  // namespace ccs::sema
