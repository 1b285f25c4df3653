// A C library a Clef program calls through `extern` declarations (extern_lib.clef).
#include <stdint.h>

int clef_test_sum3(int a, int b, int c) { return a + b + c; }

double clef_test_scale(double x, int64_t k) { return x * (double)k; }

int clef_test_count_char(const char* s, int c) {
  int n = 0;
  for (; s != 0 && *s != 0; ++s) n += *s == c;
  return n;
}

void clef_test_fill(int32_t* out, int count, int32_t value) {
  for (int i = 0; i < count; ++i) out[i] = value + i;
}
