// FIDELITY_TSAN is 1 when compiling under ThreadSanitizer (g++ or clang), else 0. Code that
// must take a TSan-checkable path (no standalone fences) or skip an uninstrumented peer
// library tests it.
#ifndef FIDELITY_SUPPORT_SANITIZERS_H_
#define FIDELITY_SUPPORT_SANITIZERS_H_

#if defined(__SANITIZE_THREAD__)
#define FIDELITY_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FIDELITY_TSAN 1
#endif
#endif
#ifndef FIDELITY_TSAN
#define FIDELITY_TSAN 0
#endif

#endif  // FIDELITY_SUPPORT_SANITIZERS_H_
