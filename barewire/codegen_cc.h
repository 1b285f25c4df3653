// C++ code generation from a BARE schema: one self-contained header per schema with, for every
// user type X,
//   - X: an owned C++ type (struct for struct, struct holding a std::variant for union,
//     enum class for enum, a using-alias otherwise);
//   - XView: the zero-copy view (str → std::string_view, data → std::span, lists and maps
//     iterate lazily over the validated input, fixed-size byte lists are spans);
//   - EncodeX(const X&, Buffer&), DecodeX(Bytes[, X*]), DecodeXView(Bytes[, XView*]).
// Anonymous structs, unions and enums get names from their place: Customer's field `orders`
// holding list<struct {...}> makes Customer_orders.
#ifndef FIDELITY_BAREWIRE_CODEGEN_CC_H_
#define FIDELITY_BAREWIRE_CODEGEN_CC_H_

#include <string>

#include "absl/status/statusor.h"
#include "barewire/schema.h"

namespace barewire {

struct CcOptions {
  // The C++ namespace of the generated code ("a::b" allowed).
  std::string cc_namespace = "bare";
  // Shown in the header's first line and in its include guard.
  std::string source_name = "schema.bare";
};

absl::StatusOr<std::string> GenerateCcHeader(const Schema& schema, const CcOptions& options);

}  // namespace barewire

#endif  // FIDELITY_BAREWIRE_CODEGEN_CC_H_
