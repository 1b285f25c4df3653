// Naive recursive Fibonacci of 35: calls and integer adds only.
#include <cstdio>

static int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }

int main() {
  std::printf("%d\n", Fib(35));
  return 0;
}
