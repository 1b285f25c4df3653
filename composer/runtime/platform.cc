// PlatformConfig.apply (clef_runtime.h, "Platform configuration"): the execution model the
// program's async runtime (async.cc) is made over, chosen before it is made.
#include <cstdint>

#include "composer/runtime/clef_runtime.h"
#include "composer/runtime/runtime_internal.h"

namespace clef_runtime {

PlatformChoice& Platform() {
  static PlatformChoice choice;
  return choice;
}

}  // namespace clef_runtime

extern "C" {

void clef_platform_configure(int32_t model, int64_t seed) {
  if (model < CLEF_PLATFORM_WORK_STEALING || model > CLEF_PLATFORM_DETERMINISTIC) {
    clef_runtime::Fatal("clef_platform_configure: an unknown execution model");
  }
  clef_runtime::PlatformChoice& platform = clef_runtime::Platform();
  if (platform.runtime_made) {
    static constexpr char kLate[] =
        "The platform is configured before the first async computation, MailboxProcessor or actor "
        "runs.";
    clef_runtime::Raise(CLEF_EXN_INVALID_OPERATION, kLate, sizeof(kLate) - 1);
  }
  platform.model = model;
  platform.seed = seed;
}

}  // extern "C"
