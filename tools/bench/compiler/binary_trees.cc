// The Computer Language Benchmarks Game's binary-trees: allocate and walk perfect binary trees.
// Nodes come from new/delete (the general-purpose allocator, no arena or pool); a Leaf is a
// null pointer, as in the Clef/F#/OCaml `Leaf | Node of Tree * Tree`.
#include <algorithm>
#include <cstdio>

namespace {

constexpr int kMaxDepth = 18;
constexpr int kMinDepth = 4;

struct Node {
  Node* left;
  Node* right;
};

Node* BottomUp(int depth) {
  if (depth <= 0) return new Node{nullptr, nullptr};
  return new Node{BottomUp(depth - 1), BottomUp(depth - 1)};
}

int Check(const Node* tree) {
  if (tree == nullptr) return 0;
  return 1 + Check(tree->left) + Check(tree->right);
}

void Delete(Node* tree) {
  if (tree == nullptr) return;
  Delete(tree->left);
  Delete(tree->right);
  delete tree;
}

}  // namespace

int main() {
  const int max_depth = std::max(kMinDepth + 2, kMaxDepth);
  const int stretch_depth = max_depth + 1;
  Node* stretch = BottomUp(stretch_depth);
  std::printf("stretch tree of depth %d\t check: %d\n", stretch_depth, Check(stretch));
  Delete(stretch);

  Node* long_lived = BottomUp(max_depth);
  for (int depth = kMinDepth; depth <= max_depth; depth += 2) {
    const int iterations = 1 << (max_depth - depth + kMinDepth);
    int check = 0;
    for (int i = 0; i < iterations; ++i) {
      Node* tree = BottomUp(depth);
      check += Check(tree);
      Delete(tree);
    }
    std::printf("%d\t trees of depth %d\t check: %d\n", iterations, depth, check);
  }
  std::printf("long lived tree of depth %d\t check: %d\n", max_depth, Check(long_lived));
  Delete(long_lived);
  return 0;
}
