// Proves the Protobuf wiring: proto_library + cc_proto_library generate code that links against
// Debian's libprotobuf and round-trips a message byte for byte.
#include <string>

#include "gtest/gtest.h"
#include "tools/smoke/smoke.pb.h"

namespace fidelity::smoke {
namespace {

Envelope MakeEnvelope() {
  Envelope envelope;
  envelope.set_id(42);
  envelope.set_payload("hello, wire");
  envelope.set_timestamp(1.5);
  for (int i = 0; i < 3; ++i) {
    Item* item = envelope.add_items();
    item->set_id(i);
    item->set_name("item" + std::to_string(i));
  }
  (*envelope.mutable_counts())["actors"] = 7;
  envelope.set_number(-9);
  return envelope;
}

TEST(ProtoSmokeTest, RoundTripsEveryField) {
  const Envelope original = MakeEnvelope();
  std::string bytes;
  ASSERT_TRUE(original.SerializeToString(&bytes));
  EXPECT_GT(bytes.size(), 30u);

  Envelope decoded;
  ASSERT_TRUE(decoded.ParseFromString(bytes));
  EXPECT_EQ(decoded.id(), 42);
  EXPECT_EQ(decoded.payload(), "hello, wire");
  EXPECT_DOUBLE_EQ(decoded.timestamp(), 1.5);
  ASSERT_EQ(decoded.items_size(), 3);
  EXPECT_EQ(decoded.items(2).name(), "item2");
  EXPECT_EQ(decoded.counts().at("actors"), 7);
  EXPECT_EQ(decoded.body_case(), Envelope::kNumber);
  EXPECT_EQ(decoded.number(), -9);
  EXPECT_EQ(decoded.SerializeAsString(), bytes);
}

TEST(ProtoSmokeTest, RejectsTruncatedInput) {
  std::string bytes = MakeEnvelope().SerializeAsString();
  bytes.resize(bytes.size() - 3);
  Envelope decoded;
  EXPECT_FALSE(decoded.ParseFromString(bytes));
}

}  // namespace
}  // namespace fidelity::smoke
