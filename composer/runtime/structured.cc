// %A of compound values: the generated code describes the value as a clef_sval tree, and this
// file lays it out as FSharp.Core's structured formatting does (sformat.fs): the value becomes
// a layout of words joined by unbreakable, breakable and broken joints; the layout is fitted
// to the print width by breaking the outermost breakable joints first; then it is rendered.
// The same limits apply: 100 levels deep, 10000 nodes, 100 elements of a list or array, 9 of a
// map or set, 4 of a seq, each cut short with "...".
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "composer/runtime/clef_runtime.h"
#include "composer/runtime/runtime_internal.h"

namespace {

// Leaves: kinds after the compound CLEF_SVAL_* ones.
enum LeafKind : int32_t {
  kTextLeaf = 100,  // a number, bool or char, already as text
  kStringLeaf,      // a string, quoted when laid out (null is "<null>" or "null")
  kUnitLeaf,
};

}  // namespace

struct clef_sval {
  int32_t kind;
  bool is_null = false;     // kStringLeaf: the string was null
  bool truncated = false;   // a collection had more elements than are kept
  std::string text;         // a leaf's text, a string's content or a union case's name
  std::string field;        // the record field this value is, if any
  std::vector<clef_sval*> children;
};

namespace clef_runtime {
namespace {

// FormatOptions.Default of FSharp.Core.
constexpr int kPrintDepth = 100;
constexpr int kPrintLength = 100;
constexpr int kPrintSize = 10000;

// How many elements of a collection are shown before "..." (sformat.fs: lists and arrays show
// PrintLength, maps and sets 1 + PrintLength / 12, seqs 1 + PrintLength / 30). More are not
// kept: a large collection costs one node per shown element.
size_t ShownElements(int32_t kind) {
  switch (kind) {
    case CLEF_SVAL_LIST:
    case CLEF_SVAL_ARRAY: return kPrintLength;
    case CLEF_SVAL_MAP:
    case CLEF_SVAL_SET: return 1 + kPrintLength / 12;
    case CLEF_SVAL_SEQ: return 1 + kPrintLength / 30;
    default: return SIZE_MAX;
  }
}

clef_sval* NewSval(int32_t kind) {
  auto* node = new clef_sval;
  node->kind = kind;
  return node;
}

clef_sval* NewLeaf(std::string_view text) {
  clef_sval* node = NewSval(kTextLeaf);
  node->text.assign(text.data(), text.size());
  return node;
}

// Without recursion: a value nested deeper than the stack allows still frees.
void FreeSval(clef_sval* root) {
  std::vector<clef_sval*> pending = {root};
  while (!pending.empty()) {
    clef_sval* node = pending.back();
    pending.pop_back();
    if (node == nullptr) continue;
    pending.insert(pending.end(), node->children.begin(), node->children.end());
    delete node;
  }
}

// ---- Layouts (sformat.fs's Layout with Leaf and Node) --------------------------------------

enum class Joint : uint8_t { kUnbreakable, kBreakable, kBroken };

struct Layout {
  // A leaf's text; juxt_left/juxt_right: no space is put between it and its neighbour there.
  // A node's juxtapositions are those of its outer leaves.
  bool is_leaf = true;
  bool juxt_left = false;
  bool juxt_right = false;
  std::string text;
  size_t width = 0;  // of text, in .NET chars
  Layout* left = nullptr;
  Layout* right = nullptr;
  Joint joint = Joint::kUnbreakable;
  int indent = 0;  // of the right side on a new line when the joint is broken
};

enum Precedence { kBracketIfTupleOrNotAtomic = 2, kBracketIfTuple = 3 };

class LayoutBuilder {
 public:
  Layout* Leaf(bool juxt_left, std::string text, bool juxt_right) {
    Layout& l = nodes_.emplace_back();
    l.juxt_left = juxt_left;
    l.juxt_right = juxt_right;
    l.width = Utf16Units(text.data(), text.size());
    l.text = std::move(text);
    return &l;
  }
  Layout* Word(std::string text) { return Leaf(false, std::move(text), false); }
  Layout* LeftOf(std::string text) { return Leaf(false, std::move(text), true); }   // "(" "["
  Layout* RightOf(std::string text) { return Leaf(true, std::move(text), false); }  // ")" ";"
  Layout* Empty() { return Leaf(true, "", true); }

  static bool IsEmpty(const Layout* l) {
    return l->is_leaf && l->juxt_left && l->juxt_right && l->text.empty();
  }

  Layout* Join(Layout* l, Layout* r, Joint joint, int indent) {
    if (IsEmpty(l)) return r;
    if (IsEmpty(r)) return l;
    Layout& n = nodes_.emplace_back();
    n.is_leaf = false;
    n.juxt_left = l->juxt_left;
    n.juxt_right = r->juxt_right;
    n.left = l;
    n.right = r;
    n.joint = joint;
    n.indent = indent;
    return &n;
  }
  Layout* Unbreakable(Layout* l, Layout* r) { return Join(l, r, Joint::kUnbreakable, 0); }
  Layout* Breakable(Layout* l, Layout* r, int indent) { return Join(l, r, Joint::kBreakable, indent); }

  // x1 sep x2 sep .. xn, each separator glued to the item before it and a breakable joint
  // after it (sformat.fs's sepListL with rightL).
  Layout* SeparatedList(const char* separator, const std::vector<Layout*>& items) {
    if (items.empty()) return Empty();
    Layout* acc = items[0];
    for (size_t i = 1; i < items.size(); ++i) {
      acc = Breakable(Unbreakable(acc, RightOf(separator)), items[i], 0);
    }
    return acc;
  }

  // Items one above the other (aboveListL).
  Layout* AboveList(const std::vector<Layout*>& items) {
    if (items.empty()) return Empty();
    Layout* acc = items[0];
    for (size_t i = 1; i < items.size(); ++i) acc = Join(acc, items[i], Joint::kBroken, 0);
    return acc;
  }

  Layout* BracketIf(bool bracket, Layout* l) {
    return bracket ? Unbreakable(Unbreakable(LeftOf("("), l), RightOf(")")) : l;
  }

  // [a; b; c] and [|a; b; c|].
  Layout* ListOf(const char* open, const std::vector<Layout*>& items, const char* close) {
    return Unbreakable(Unbreakable(LeftOf(open), SeparatedList(";", items)), RightOf(close));
  }

  // The value as sformat.fs's ObjectGraphFormatter lays it out.
  Layout* Value(const clef_sval* v, int depth, Precedence prec) {
    if (depth <= 0 || size_ <= 0) return Word("...");
    --depth;
    switch (v->kind) {
      case kTextLeaf:
        CountNodes(1);
        return Word(v->text);
      case kStringLeaf:
        CountNodes(1);
        if (v->is_null) return Word(depth == kPrintDepth - 1 ? "<null>" : "null");
        return Word("\"" + v->text + "\"");
      case kUnitLeaf:
        CountNodes(1);
        return Word("()");
      case CLEF_SVAL_TUPLE: {
        std::vector<Layout*> items;
        for (const clef_sval* c : v->children) items.push_back(Value(c, depth, kBracketIfTuple));
        return BracketIf(prec <= kBracketIfTuple, SeparatedList(",", items));
      }
      case CLEF_SVAL_RECORD: {
        // { A = 1
        //   B = 2 }: each field `name =` then its value, breakable with an indent of 1.
        std::vector<Layout*> fields;
        for (const clef_sval* c : v->children) {
          CountNodes(1);
          Layout* label = Unbreakable(Word(c->field), Word("="));
          fields.push_back(Breakable(label, Value(c, depth, kBracketIfTuple), 1));
        }
        return Unbreakable(Unbreakable(Word("{"), AboveList(fields)), Word("}"));
      }
      case CLEF_SVAL_UNION: {
        CountNodes(1);
        Layout* name = Word(v->text);
        if (v->children.empty()) return name;
        Layout* args;
        if (v->children.size() == 1) {
          args = Value(v->children[0], depth, kBracketIfTupleOrNotAtomic);
        } else {
          std::vector<Layout*> items;
          for (const clef_sval* c : v->children) items.push_back(Value(c, depth, kBracketIfTuple));
          args = Unbreakable(Unbreakable(LeftOf("("), SeparatedList(",", items)), RightOf(")"));
        }
        return BracketIf(prec <= kBracketIfTupleOrNotAtomic, Breakable(name, args, 2));
      }
      case CLEF_SVAL_LIST:
        if (v->children.empty()) {
          CountNodes(1);
          return Word("[]");
        }
        return ListOf("[", Elements(v, depth), "]");
      case CLEF_SVAL_ARRAY:
        return ListOf("[|", Elements(v, depth), "|]");
      case CLEF_SVAL_MAP:
      case CLEF_SVAL_SET:
      case CLEF_SVAL_SEQ: {
        const char* word = v->kind == CLEF_SVAL_MAP ? "map" : v->kind == CLEF_SVAL_SET ? "set" : "seq";
        Layout* l = Breakable(Word(word), ListOf("[", Elements(v, depth), "]"), 2);
        return BracketIf(prec <= kBracketIfTupleOrNotAtomic, l);
      }
      default:
        Fatal("clef_fmt_sval: a value of an unknown kind (a malformed call from the generated code)");
    }
  }

 private:
  void CountNodes(int n) {
    if (size_ > 0) size_ -= n;
  }

  // The shown elements of a collection, "..." after them when some are left out or when the
  // node budget runs out (sformat.fs's boundedUnfoldL; a list's first element is shown even
  // then).
  std::vector<Layout*> Elements(const clef_sval* v, int depth) {
    std::vector<Layout*> items;
    const size_t shown = ShownElements(v->kind);
    size_t i = 0;
    if (v->kind == CLEF_SVAL_LIST && !v->children.empty()) {
      items.push_back(Value(v->children[0], depth, kBracketIfTuple));
      i = 1;
    }
    for (;; ++i) {
      if (size_ <= 0) {
        items.push_back(Word("..."));
        break;
      }
      const bool more = i < v->children.size() || v->truncated;
      if (!more) break;
      if (i >= shown || i >= v->children.size()) {
        items.push_back(Word("..."));
        break;
      }
      items.push_back(Value(v->children[i], depth, kBracketIfTuple));
    }
    return items;
  }

  std::deque<Layout> nodes_;  // stable addresses
  int size_ = kPrintSize;
};

// sformat.fs's squashTo: fits the layout in `max_width` columns. Breakable joints met on the
// way are pushed with their saving (how far breaking them moves what follows to the left);
// when a leaf does not fit, the outermost unbroken one is broken first.
class Fitter {
 public:
  explicit Fitter(int max_width) : max_width_(max_width) {}

  // `pos`: the column where the layout starts, then where it ends; `offset`: the width of its
  // last line.
  void Fit(Layout* l, int& pos, int& offset) {
    if (l->is_leaf) {
      const int width = static_cast<int>(l->width);
      int saving;
      while (pos + width > max_width_ && ForceBreak(&saving)) pos -= saving;
      pos += width;
      offset = width;
      return;
    }
    const int mid = (l->left->juxt_right || l->right->juxt_left) ? 0 : 1;
    int left_offset = 0;
    int right_offset = 0;
    switch (l->joint) {
      case Joint::kUnbreakable:
        Fit(l->left, pos, left_offset);
        pos += mid;
        Fit(l->right, pos, right_offset);
        offset = left_offset + mid + right_offset;
        return;
      case Joint::kBroken:
        Fit(l->left, pos, left_offset);
        pos = pos - left_offset + l->indent;
        Fit(l->right, pos, right_offset);
        offset = l->indent + right_offset;
        return;
      case Joint::kBreakable: {
        Fit(l->left, pos, left_offset);
        const int saving = left_offset + mid - l->indent;
        pos += mid;
        if (saving <= 0) {
          Fit(l->right, pos, right_offset);
          offset = left_offset + mid + right_offset;
          return;
        }
        PushBreak(saving);
        Fit(l->right, pos, right_offset);
        if (PopBreak()) {
          l->joint = Joint::kBroken;
          offset = l->indent + right_offset;
        } else {
          offset = left_offset + mid + right_offset;
        }
        return;
      }
    }
  }

 private:
  void PushBreak(int saving) {
    if (next_ == savings_.size()) {
      savings_.push_back(saving);
    } else {
      savings_[next_] = saving;
    }
    ++next_;
  }
  // Whether the innermost pushed break was broken.
  bool PopBreak() {
    const bool broken = savings_[next_ - 1] < 0;
    if (outer_ == next_) --outer_;
    --next_;
    return broken;
  }
  bool ForceBreak(int* saving) {
    if (outer_ == next_) return false;  // every pushed break is broken already
    *saving = savings_[outer_];
    savings_[outer_] = -savings_[outer_];
    ++outer_;
    return true;
  }

  int max_width_;
  std::vector<int> savings_;  // negative once broken
  size_t next_ = 0;           // the next free slot
  size_t outer_ = 0;          // the outermost break not yet broken (next_ when none)
};

// sformat.fs's showL: a broken joint is a new line indented to the left side's column plus its
// indent; other joints are a space unless a side juxtaposes.
class Renderer {
 public:
  explicit Renderer(bool one_line) : one_line_(one_line) {}

  void Add(const Layout* l, size_t pos) {
    if (l->is_leaf) {
      out_ += l->text;
      column_ += l->width;
      return;
    }
    if (l->joint == Joint::kBroken && !one_line_) {
      Add(l->left, pos);
      out_ += '\n';
      out_.append(pos + static_cast<size_t>(l->indent), ' ');
      column_ = pos + static_cast<size_t>(l->indent);
      Add(l->right, column_);
      return;
    }
    Add(l->left, pos);
    if (!(l->left->juxt_right || l->right->juxt_left)) {
      out_ += ' ';
      ++column_;
    }
    Add(l->right, column_);
  }

  std::string Take() { return std::move(out_); }

 private:
  bool one_line_;
  std::string out_;
  size_t column_ = 0;
};

// `root` laid out in `width` columns (0: on one line); frees the tree.
std::string LayOutStructured(clef_sval* root, int32_t width) {
  LayoutBuilder builder;
  Layout* layout = builder.Value(root, kPrintDepth, kBracketIfTuple);
  FreeSval(root);
  if (width > 0) {
    int pos = 0;
    int offset = 0;
    Fitter(width).Fit(layout, pos, offset);
  }
  Renderer renderer(/*one_line=*/width == 0);
  renderer.Add(layout, 0);
  return renderer.Take();
}

}  // namespace
}  // namespace clef_runtime

extern "C" {

clef_sval* clef_sval_int32(int32_t value) { return clef_runtime::NewLeaf(std::to_string(value)); }

clef_sval* clef_sval_int64(int64_t value) {
  return clef_runtime::NewLeaf(std::to_string(value) + "L");
}

clef_sval* clef_sval_uint8(uint8_t value) {
  return clef_runtime::NewLeaf(std::to_string(value) + "uy");
}

clef_sval* clef_sval_float(double value) {
  char text[clef_runtime::kDoubleTextBytes + 2];
  return clef_runtime::NewLeaf(std::string_view(text, clef_runtime::FloatTextForA(value, text)));
}

clef_sval* clef_sval_bool(bool value) { return clef_runtime::NewLeaf(value ? "true" : "false"); }

clef_sval* clef_sval_char(int32_t value) {
  char text[8];
  return clef_runtime::NewLeaf(std::string_view(text, clef_runtime::CharTextForA(value, text)));
}

clef_sval* clef_sval_string(const clef_string* value) {
  clef_sval* node = clef_runtime::NewSval(kStringLeaf);
  if (value == nullptr) {
    node->is_null = true;
  } else {
    node->text.assign(value->data, static_cast<size_t>(value->length));
  }
  return node;
}

clef_sval* clef_sval_unit(void) { return clef_runtime::NewSval(kUnitLeaf); }

clef_sval* clef_sval_text(const clef_string* text) {
  return clef_runtime::NewLeaf(std::string_view(clef_runtime::Data(text), clef_runtime::Length(text)));
}

clef_sval* clef_sval_new(int32_t kind, const char* name, int64_t name_length) {
  if (kind < CLEF_SVAL_LIST || kind > CLEF_SVAL_SEQ || name_length < 0) {
    clef_runtime::Fatal("clef_sval_new: a malformed call from the generated code");
  }
  clef_sval* node = clef_runtime::NewSval(kind);
  if (name_length > 0) node->text.assign(name, static_cast<size_t>(name_length));
  return node;
}

void clef_sval_add(clef_sval* parent, const char* field, int64_t field_length, clef_sval* child) {
  if (parent == nullptr || child == nullptr || field_length < 0) {
    clef_runtime::Fatal("clef_sval_add: a malformed call from the generated code");
  }
  if (parent->children.size() >= clef_runtime::ShownElements(parent->kind)) {
    parent->truncated = true;  // never shown: only that there was more matters
    clef_runtime::FreeSval(child);
    return;
  }
  if (field_length > 0) child->field.assign(field, static_cast<size_t>(field_length));
  parent->children.push_back(child);
}

// Here rather than in format.cc: a program that prints no compound value with %A links none of
// this file.
void clef_fmt_sval(clef_fmt* f, clef_sval* value, int32_t flags, int32_t width) {
  // printf.fs: '0' lays the value out on one line, a width is the line width (default 80).
  const int32_t line_width = (flags & CLEF_FMT_ZERO) != 0 ? 0 : width < 0 ? 80 : width;
  const std::string text = clef_runtime::LayOutStructured(value, line_width);
  clef_fmt_literal(f, text.data(), static_cast<int64_t>(text.size()));
}

}  // extern "C"
