// Hello world, the C++ peer of hello.clef: start-up time and memory.
#include <cstdio>

int main() {
  std::printf("Hello, world!\n");
  return 0;
}
