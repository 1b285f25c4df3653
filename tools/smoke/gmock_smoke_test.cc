// Proves the GoogleMock wiring: a mocked interface records and checks its calls.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

class Mailbox {
 public:
  virtual ~Mailbox() = default;
  virtual bool Post(const std::string& message) = 0;
};

int PostAll(Mailbox& mailbox, std::initializer_list<std::string> messages) {
  int accepted = 0;
  for (const std::string& message : messages) accepted += mailbox.Post(message) ? 1 : 0;
  return accepted;
}

class MockMailbox : public Mailbox {
 public:
  MOCK_METHOD(bool, Post, (const std::string& message), (override));
};

TEST(GmockSmokeTest, CountsAcceptedPosts) {
  MockMailbox mailbox;
  testing::InSequence in_order;
  EXPECT_CALL(mailbox, Post("ping")).WillOnce(testing::Return(true));
  EXPECT_CALL(mailbox, Post(testing::StartsWith("dead"))).WillOnce(testing::Return(false));
  EXPECT_EQ(PostAll(mailbox, {"ping", "deadletter"}), 1);
}

}  // namespace
