# Cap'n Proto messages of the same shapes as bench.bare, the peer in barewire_bench.
@0xc3a6f1b2d4e58a91;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capnp_bench");

struct Message {
  id @0 :Int64;
  payload @1 :Text;
  timestamp @2 :Float64;
}

struct Item {
  id @0 :UInt32;
  name @1 :Text;
  price @2 :Float64;
  quantity @3 :Int32;
}

struct Attribute {
  key @0 :Text;
  value @1 :Text;
}

struct Order {
  orderId @0 :UInt64;
  customer @1 :Text;
  items @2 :List(Item);
  attributes @3 :List(Attribute);  # Cap'n Proto has no map type
  outcome :union {
    ok @4 :UInt32;
    failed @5 :Text;
  }
}
