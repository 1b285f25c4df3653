// The `bare` tool's JSON mapping of BARE values (../shared/DESIGN.md):
//   struct → object; union → {"type": NAME, "value": V} (NAME: the member type as written in
//   the schema, e.g. "Customer" or "u8"); enum → its name; optional → null or the value;
//   data → base64; map → object when keys are str, else an array of [key, value] pairs;
//   integers → JSON integers; f32/f64 → numbers ("NaN", "Infinity", "-Infinity" as strings);
//   void → null.
#ifndef FIDELITY_BAREWIRE_JSON_H_
#define FIDELITY_BAREWIRE_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "barewire/schema.h"
#include "barewire/value.h"

namespace barewire {

// One line of JSON for `value` of `type`.
absl::StatusOr<std::string> ValueToJson(const Schema& schema, const Type& type, const Value& value);

// Parses JSON text into a value of `type`; errors name the JSON path ("Message.items[3].name").
absl::StatusOr<Value> JsonToValue(const Schema& schema, const Type& type, std::string_view json,
                                  std::string_view root);

}  // namespace barewire

#endif  // FIDELITY_BAREWIRE_JSON_H_
