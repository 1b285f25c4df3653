// clef_sort: a stable merge sort on untyped elements (the generated code passes the element
// size and a comparator), bottom-up with one scratch buffer.
#include <cstdlib>
#include <cstring>

#include "composer/runtime/clef_runtime.h"

extern "C" void clef_sort(void* base, int64_t count, int64_t size,
                          int32_t (*compare)(void* context, const void* a, const void* b),
                          void* context) {
  if (count < 2 || size <= 0) return;
  auto* data = static_cast<char*>(base);
  const size_t bytes = static_cast<size_t>(count) * static_cast<size_t>(size);
  auto* scratch = static_cast<char*>(std::malloc(bytes));
  if (scratch == nullptr) std::abort();
  char* from = data;
  char* to = scratch;
  for (int64_t width = 1; width < count; width *= 2) {
    for (int64_t lo = 0; lo < count; lo += 2 * width) {
      const int64_t mid = lo + width < count ? lo + width : count;
      const int64_t hi = lo + 2 * width < count ? lo + 2 * width : count;
      int64_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        // Stable: take from the left run unless the right element is strictly smaller.
        if (compare(context, from + j * size, from + i * size) < 0) {
          std::memcpy(to + k++ * size, from + j++ * size, static_cast<size_t>(size));
        } else {
          std::memcpy(to + k++ * size, from + i++ * size, static_cast<size_t>(size));
        }
      }
      if (i < mid) {
        std::memcpy(to + k * size, from + i * size, static_cast<size_t>((mid - i) * size));
        k += mid - i;
      }
      if (j < hi) std::memcpy(to + k * size, from + j * size, static_cast<size_t>((hi - j) * size));
    }
    char* t = from;
    from = to;
    to = t;
  }
  if (from != data) std::memcpy(data, from, bytes);
  std::free(scratch);
}
