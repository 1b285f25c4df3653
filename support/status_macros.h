// Early-return helpers for absl::Status and absl::StatusOr<T>. Debian's Abseil 20220623 ships
// no RETURN_IF_ERROR/ASSIGN_OR_RETURN, so the project defines them once, here.
//
//   FIDELITY_RETURN_IF_ERROR(WriteHeader(out));
//   FIDELITY_ASSIGN_OR_RETURN(Schema schema, ParseSchema(text));
#ifndef FIDELITY_SUPPORT_STATUS_MACROS_H_
#define FIDELITY_SUPPORT_STATUS_MACROS_H_

#include <utility>

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) and returns it from the enclosing function if not OK.
#define FIDELITY_RETURN_IF_ERROR(expr)                                       \
  do {                                                                       \
    ::absl::Status fidelity_status_ = (expr);                                \
    if (ABSL_PREDICT_FALSE(!fidelity_status_.ok())) return fidelity_status_; \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status, otherwise moves the
// value into `lhs`, which may be a declaration (`auto x`, `const Foo& y`) or an lvalue.
#define FIDELITY_ASSIGN_OR_RETURN(lhs, rexpr) \
  FIDELITY_ASSIGN_OR_RETURN_IMPL_(FIDELITY_STATUS_CONCAT_(fidelity_statusor_, __LINE__), lhs, rexpr)

#define FIDELITY_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr)                  \
  auto statusor = (rexpr);                                                     \
  if (ABSL_PREDICT_FALSE(!statusor.ok())) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#define FIDELITY_STATUS_CONCAT_(a, b) FIDELITY_STATUS_CONCAT_IMPL_(a, b)
#define FIDELITY_STATUS_CONCAT_IMPL_(a, b) a##b

#endif  // FIDELITY_SUPPORT_STATUS_MACROS_H_
