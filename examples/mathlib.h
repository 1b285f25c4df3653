// The C names of examples/mathlib.clef's exported functions.
#ifndef FIDELITY_EXAMPLES_MATHLIB_H_
#define FIDELITY_EXAMPLES_MATHLIB_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

int32_t clef_gcd(int32_t a, int32_t b);
int64_t clef_sum_of_squares(int64_t n);
double clef_hypot(double x, double y);

#ifdef __cplusplus
}
#endif

#endif  // FIDELITY_EXAMPLES_MATHLIB_H_
