// The BARE schema language (draft-devault-bare, section "Schema language"):
//
//     type PublicKey data[128]
//     type Department enum { ACCOUNTING ADMINISTRATION JSMITH = 99 }
//     type Customer struct { name: str  orders: list<struct { orderId: i64 }>  meta: map<str><data> }
//     type Person union { Customer | Employee | TerminatedEmployee = 5 }
//
// Types may be used before they are defined. Errors read
// "FILE:LINE:COL: error: MESSAGE", then the source line and a caret under the column.
#ifndef FIDELITY_BAREWIRE_SCHEMA_PARSER_H_
#define FIDELITY_BAREWIRE_SCHEMA_PARSER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "barewire/schema.h"

namespace barewire {

// Parses and validates (Schema::Create) a schema.
absl::StatusOr<Schema> ParseSchema(std::string_view text, std::string_view file = "<schema>");

}  // namespace barewire

#endif  // FIDELITY_BAREWIRE_SCHEMA_PARSER_H_
