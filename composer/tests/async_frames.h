// The C names of composer/tests/async_frames.clef's exports.
#ifndef FIDELITY_COMPOSER_TESTS_ASYNC_FRAMES_H_
#define FIDELITY_COMPOSER_TESTS_ASYNC_FRAMES_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

int64_t clef_sum_by_awaits(int32_t n);
int64_t clef_sum_by_escaping_children(int32_t n);

#ifdef __cplusplus
}
#endif

#endif  // FIDELITY_COMPOSER_TESTS_ASYNC_FRAMES_H_
