// Debian's Abseil is built with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW 0),
// which does not convert from std::string_view. Our APIs speak std::string_view; this bridges
// the two where an Abseil string function is called:  absl::StrCat("at ", Sv(name)).
#ifndef FIDELITY_SUPPORT_ABSL_STRING_VIEW_H_
#define FIDELITY_SUPPORT_ABSL_STRING_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace fidelity {

inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view StdSv(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace fidelity

#endif  // FIDELITY_SUPPORT_ABSL_STRING_VIEW_H_
