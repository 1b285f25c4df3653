// libFuzzer target over the BARE decoders: the schema-driven decoder and the generated owned
// and view decoders must never crash, must agree on which inputs are valid, and every valid
// input must re-encode to the same value (and, through the dynamic codec, the same bytes).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "barewire/schema_parser.h"
#include "barewire/testdata/codegen.bare.h"
#include "barewire/value.h"

namespace {

// The same schema as testdata/codegen.bare (embedded: fuzzers run without runfiles).
constexpr const char* kSchema = R"(
type Color enum { RED GREEN = 5 BLUE }
type Gone void
type Hash data[4]
type Name str
type Scalars struct {
  u: uint i: int a: u8 b: u16 c: u32 d: u64 e: i8 f: i16 g: i32 h: i64 x: f32 y: f64
  flag: bool text: str blob: data hash: Hash color: Color class: Name
}
type Containers struct {
  maybe: optional<str>
  names: list<Name>
  pair: list<i32>[2]
  bytes: list<u8>[3]
  byColor: map<Color><list<str>>
  byId: map<u32><Scalars>
  byName: map<str><optional<u8>>
  inline: struct { left: u8 right: union { str | i64 = 4 | Gone } }
  mode: enum { ON OFF }
}
type Node struct { value: i32 next: optional<Node> }
type Tree struct { label: str children: list<Tree> }
type Json union { Gone | bool | f64 | str | list<Json> | map<str><Json> }
type Expr union { Lit | Add }
type Lit i64
type Add struct { left: Expr right: Expr }
type Message struct { id: i64 payload: str timestamp: f64 }
)";

const barewire::Schema& TheSchema() {
  static const barewire::Schema* schema = [] {
    absl::StatusOr<barewire::Schema> s = barewire::ParseSchema(kSchema, "fuzz.bare");
    if (!s.ok()) std::abort();
    return new barewire::Schema(*s);
  }();
  return *schema;
}

template <typename T, typename View>
void Check(const char* name, barewire::Bytes in,
           absl::StatusOr<T> (*decode)(barewire::Bytes, const barewire::DecodeOptions&),
           absl::StatusOr<View> (*decode_view)(barewire::Bytes, const barewire::DecodeOptions&),
           absl::Status (*encode)(const T&, barewire::Buffer&)) {
  absl::StatusOr<barewire::Value> dynamic = barewire::DecodeValue(TheSchema(), name, in);
  absl::StatusOr<T> owned = decode(in, {});
  absl::StatusOr<View> view = decode_view(in, {});
  if (dynamic.ok() != owned.ok() || owned.ok() != view.ok()) std::abort();
  if (!owned.ok()) return;
  // Owned maps are ordered (std::map), so the owned value re-encodes to the same value and
  // length but not always the same bytes; the dynamic value keeps the input's order.
  barewire::Buffer again;
  if (!encode(*owned, again).ok()) std::abort();
  if (again.size() != in.size()) std::abort();
  // Decoding that encoding and encoding again is a fixed point (compared as bytes: NaN != NaN).
  absl::StatusOr<T> reread = decode(again.bytes(), {});
  if (!reread.ok()) std::abort();
  barewire::Buffer third;
  if (!encode(*reread, third).ok() || third.view() != again.view()) std::abort();
  barewire::Buffer dynamic_again;
  if (!barewire::EncodeValue(TheSchema(), name, *dynamic, dynamic_again).ok()) std::abort();
  if (dynamic_again.view() != barewire::AsChars(in)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  barewire::Bytes in(data + 1, size - 1);
  using namespace barewire_test;  // NOLINT: the generated types
  switch (data[0] % 7) {
    case 0: Check<Scalars, ScalarsView>("Scalars", in, &DecodeScalars, &DecodeScalarsView, &EncodeScalars); break;
    case 1: Check<Containers, ContainersView>("Containers", in, &DecodeContainers, &DecodeContainersView, &EncodeContainers); break;
    case 2: Check<Node, NodeView>("Node", in, &DecodeNode, &DecodeNodeView, &EncodeNode); break;
    case 3: Check<Tree, TreeView>("Tree", in, &DecodeTree, &DecodeTreeView, &EncodeTree); break;
    case 4: Check<Json, JsonView>("Json", in, &DecodeJson, &DecodeJsonView, &EncodeJson); break;
    case 5: Check<Expr, ExprView>("Expr", in, &DecodeExpr, &DecodeExprView, &EncodeExpr); break;
    default: Check<Message, MessageView>("Message", in, &DecodeMessage, &DecodeMessageView, &EncodeMessage); break;
  }
  return 0;
}
