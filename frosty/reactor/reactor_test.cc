#include "frosty/reactor/reactor.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace frosty {
namespace {

absl::Span<std::byte> Buffer(std::string& s) {
  return absl::MakeSpan(reinterpret_cast<std::byte*>(s.data()), s.size());
}

absl::Span<const std::byte> Buffer(const std::string& s) {
  return absl::MakeConstSpan(reinterpret_cast<const std::byte*>(s.data()), s.size());
}

// An op that counts its completions and remembers the result.
struct CountingOp : IoOp {
  int completions = 0;
  CountingOp() {
    on_complete = [](IoOp* op) { ++static_cast<CountingOp*>(op)->completions; };
  }
};

class ReactorTest : public testing::TestWithParam<ReactorBackend> {
 protected:
  void SetUp() override {
    ReactorOptions options;
    options.backend = GetParam();
    absl::StatusOr<std::unique_ptr<Reactor>> reactor = Reactor::Create(options);
    // A kernel without io_uring (or qemu-user, which runs the aarch64 build) cannot test that
    // backend; anything else is a failure.
    if (absl::IsUnavailable(reactor.status()) && GetParam() == ReactorBackend::kIoUring) {
      GTEST_SKIP() << reactor.status();
    }
    ASSERT_TRUE(reactor.ok()) << reactor.status();
    reactor_ = *std::move(reactor);
    ASSERT_EQ(reactor_->backend(), GetParam());
  }

  // Polls until `done()` holds; a hang fails the test after 10 s instead of hanging it.
  template <typename Condition>
  void PollUntil(Condition done) {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (!done() && absl::Now() < deadline) reactor_->Poll(absl::Milliseconds(100));
    ASSERT_TRUE(done()) << "still pending after 10 s: " << reactor_->pending();
  }

  // Polls until no operation is pending.
  void Drain() {
    PollUntil([&] { return reactor_->pending() == 0; });
  }

  std::unique_ptr<Reactor> reactor_;
};

TEST_P(ReactorTest, TimersCompleteOnceInDeadlineOrder) {
  std::vector<int> order;
  struct OrderedOp : IoOp {
    std::vector<int>* order;
    int id;
  };
  std::array<OrderedOp, 3> ops;
  const int delays_ms[] = {30, 5, 15};
  for (int i = 0; i < 3; ++i) {
    ops[i].order = &order;
    ops[i].id = i;
    ops[i].on_complete = [](IoOp* op) {
      auto* self = static_cast<OrderedOp*>(op);
      self->order->push_back(self->id);
    };
  }
  const absl::Time start = absl::Now();
  for (int i = 0; i < 3; ++i) reactor_->Timer(absl::Milliseconds(delays_ms[i]), &ops[i]);
  EXPECT_EQ(reactor_->pending(), 3u);
  Drain();
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(30));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 0}));
  for (const OrderedOp& op : ops) EXPECT_EQ(op.result, 0);
}

TEST_P(ReactorTest, ZeroTimeoutPollDoesNotWait) {
  CountingOp timer;
  reactor_->Timer(absl::Hours(1), &timer);
  EXPECT_EQ(reactor_->Poll(absl::ZeroDuration()), 0);
  EXPECT_EQ(timer.completions, 0);
  reactor_->Cancel(&timer);
  Drain();
  EXPECT_EQ(timer.completions, 1);
  EXPECT_EQ(timer.result, -ECANCELED);
}

TEST_P(ReactorTest, PipeWriteThenRead) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
  std::string message = "frosty over a pipe";
  std::string received(64, '\0');
  CountingOp write_op, read_op;
  reactor_->Read(fds[0], Buffer(received), IoOp::kCurrentPosition, &read_op);  // waits first
  reactor_->Write(fds[1], Buffer(std::as_const(message)), IoOp::kCurrentPosition, &write_op);
  Drain();
  EXPECT_EQ(write_op.completions, 1);
  EXPECT_EQ(write_op.result, static_cast<int32_t>(message.size()));
  EXPECT_EQ(read_op.completions, 1);
  ASSERT_EQ(read_op.result, static_cast<int32_t>(message.size()));
  EXPECT_EQ(received.substr(0, message.size()), message);
  close(fds[0]);
  close(fds[1]);
}

TEST_P(ReactorTest, FileReadAndWriteAtOffsets) {
  std::string path = std::string(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp") +
                     "/reactor_file_" + std::to_string(static_cast<int>(GetParam()));
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  const std::string head = "0123456789", tail = "abc";
  CountingOp first, second;
  reactor_->Write(fd, Buffer(head), 0, &first);
  Drain();
  reactor_->Write(fd, Buffer(tail), 4, &second);
  Drain();
  EXPECT_EQ(first.result, 10);
  EXPECT_EQ(second.result, 3);

  std::string back(16, '\0');
  CountingOp read_op;
  reactor_->Read(fd, Buffer(back), 2, &read_op);
  Drain();
  ASSERT_EQ(read_op.result, 8);
  EXPECT_EQ(back.substr(0, 8), "23abc789");

  CountingOp at_end;
  reactor_->Read(fd, Buffer(back), 100, &at_end);
  Drain();
  EXPECT_EQ(at_end.result, 0);  // end of file
  close(fd);
  unlink(path.c_str());
}

TEST_P(ReactorTest, ErrorsAreNegatedErrno) {
  std::string buffer(8, '\0');
  CountingOp bad;
  reactor_->Read(-1, Buffer(buffer), IoOp::kCurrentPosition, &bad);
  Drain();
  EXPECT_EQ(bad.completions, 1);
  EXPECT_EQ(bad.result, -EBADF);
}

TEST_P(ReactorTest, CancelEndsAPendingReadExactlyOnce) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
  std::string buffer(8, '\0');
  CountingOp read_op;
  reactor_->Read(fds[0], Buffer(buffer), IoOp::kCurrentPosition, &read_op);
  reactor_->Poll(absl::ZeroDuration());  // let it start waiting
  EXPECT_EQ(read_op.completions, 0);
  reactor_->Cancel(&read_op);
  Drain();
  EXPECT_EQ(read_op.completions, 1);
  EXPECT_EQ(read_op.result, -ECANCELED);
  reactor_->Cancel(&read_op);  // finished: nothing happens
  EXPECT_EQ(reactor_->Poll(absl::ZeroDuration()), 0);
  EXPECT_EQ(read_op.completions, 1);
  close(fds[0]);
  close(fds[1]);
}

TEST_P(ReactorTest, WakeEndsAnInfinitePollFromAnotherThread) {
  CountingOp timer;
  reactor_->Timer(absl::Hours(1), &timer);
  std::atomic<bool> returned{false};
  std::thread waker([&] {
    // Keep waking until the poll has returned: the first wake may come before it waits.
    while (!returned.load()) {
      reactor_->Wake();
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  reactor_->Poll(absl::InfiniteDuration());
  returned = true;
  waker.join();
  EXPECT_EQ(timer.completions, 0);
  reactor_->Cancel(&timer);
  Drain();
}

TEST_P(ReactorTest, ManyTimersEachCompleteExactlyOnce) {
  constexpr int kTimers = 2000;  // more than the io_uring queue depth: the ring refills
  std::vector<CountingOp> timers(kTimers);
  // Every seventh timer is far in the future and cancelled; the rest expire within 50 us.
  auto cancelled = [](int i) { return i % 7 == 0; };
  for (int i = 0; i < kTimers; ++i) {
    reactor_->Timer(cancelled(i) ? absl::Hours(1) : absl::Microseconds(i % 50), &timers[i]);
  }
  for (int i = 0; i < kTimers; ++i) {
    if (cancelled(i)) reactor_->Cancel(&timers[i]);
  }
  Drain();
  for (int i = 0; i < kTimers; ++i) {
    EXPECT_EQ(timers[i].completions, 1);
    EXPECT_EQ(timers[i].result, cancelled(i) ? -ECANCELED : 0) << "timer " << i;
  }
}

// A bounded TCP echo on 127.0.0.1: the server accepts kClients connections and echoes each
// message back; each client sends kMessages messages and checks every reply.
class EchoServer {
 public:
  EchoServer(Reactor& reactor, int listen_fd) : reactor_(reactor), listen_fd_(listen_fd) {
    accept_.context = this;
    accept_.on_complete = [](IoOp* op) { static_cast<EchoServer*>(op->context)->OnAccept(); };
    reactor_.Accept(listen_fd_, &accept_);
  }

  int accepted() const { return accepted_; }

 private:
  struct Connection {
    EchoServer* server;
    int fd;
    IoOp op;
    std::string buffer = std::string(256, '\0');
  };

  void OnAccept() {
    ASSERT_GE(accept_.result, 0) << std::strerror(-accept_.result);
    auto connection = std::make_unique<Connection>(Connection{this, accept_.result, {}});
    connection->op.context = connection.get();
    ReceiveOn(connection.get());
    connections_.push_back(std::move(connection));
    if (++accepted_ < kMaxConnections) reactor_.Accept(listen_fd_, &accept_);
  }

  void ReceiveOn(Connection* c) {
    c->op.on_complete = [](IoOp* op) {
      auto* c = static_cast<Connection*>(op->context);
      if (op->result <= 0) {  // peer closed (or failed): done with this connection
        close(c->fd);
        return;
      }
      c->op.on_complete = [](IoOp* op) {
        auto* c = static_cast<Connection*>(op->context);
        c->server->ReceiveOn(c);
      };
      c->server->reactor_.Send(c->fd, Buffer(std::as_const(c->buffer)).subspan(0, op->result),
                               &c->op);
    };
    reactor_.Receive(c->fd, Buffer(c->buffer), &c->op);
  }

 public:
  static constexpr int kMaxConnections = 4;

 private:
  Reactor& reactor_;
  int listen_fd_;
  IoOp accept_;
  int accepted_ = 0;
  std::vector<std::unique_ptr<Connection>> connections_;
};

TEST_P(ReactorTest, TcpEchoOnLoopback) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  socklen_t length = sizeof(address);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);

  EchoServer server(*reactor_, listener);

  constexpr int kClients = EchoServer::kMaxConnections;
  constexpr int kMessages = 20;
  struct Client {
    int fd = -1;
    int echoed = 0;
    IoOp op;
    std::string out, in = std::string(256, '\0');
  };
  auto expect_connected = [](IoOp* op) { ASSERT_EQ(op->result, 0) << std::strerror(-op->result); };
  auto expect_sent = [](IoOp* op) {
    ASSERT_EQ(op->result, static_cast<int32_t>(static_cast<Client*>(op->context)->out.size()));
  };
  auto expect_echo = [](IoOp* op) {
    auto* client = static_cast<Client*>(op->context);
    ASSERT_GT(op->result, 0);
    // Messages are short and one at a time per connection, so each reply arrives whole.
    EXPECT_EQ(client->in.substr(0, op->result), client->out);
    ++client->echoed;
  };
  std::vector<Client> clients(kClients);
  for (Client& client : clients) {
    client.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(client.fd, 0);
    client.op.context = &client;
    client.op.on_complete = expect_connected;
    reactor_->Connect(client.fd, reinterpret_cast<sockaddr*>(&address), sizeof(address),
                      &client.op);
  }
  auto clients_idle = [&] {
    for (const Client& client : clients) {
      if (client.op.in_flight) return false;
    }
    return true;
  };
  PollUntil(clients_idle);
  for (int round = 0; round < kMessages; ++round) {
    for (size_t i = 0; i < clients.size(); ++i) {
      Client& client = clients[i];
      client.out = "client " + std::to_string(i) + " message " + std::to_string(round);
      client.op.on_complete = expect_sent;
      reactor_->Send(client.fd, Buffer(std::as_const(client.out)), &client.op);
    }
    PollUntil(clients_idle);
    for (Client& client : clients) {
      client.op.on_complete = expect_echo;
      reactor_->Receive(client.fd, Buffer(client.in), &client.op);
    }
    PollUntil(clients_idle);
  }
  EXPECT_EQ(server.accepted(), kClients);
  for (const Client& client : clients) {
    EXPECT_EQ(client.echoed, kMessages);
    close(client.fd);
  }
  // The server sees each close as a 0-byte receive and stops: nothing is left pending.
  Drain();
  close(listener);
}

TEST_P(ReactorTest, SendToAClosedPeerIsAnErrorNotASignal) {
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  close(pair[1]);
  const std::string data = "into the void";
  CountingOp send_op;
  reactor_->Send(pair[0], Buffer(data), &send_op);
  Drain();
  EXPECT_EQ(send_op.completions, 1);
  EXPECT_EQ(send_op.result, -EPIPE);
  close(pair[0]);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReactorTest,
                         testing::Values(ReactorBackend::kIoUring, ReactorBackend::kEpoll),
                         [](const testing::TestParamInfo<ReactorBackend>& info) {
                           return std::string(
                               ReactorBackendName(info.param) == std::string("io_uring") ? "IoUring"
                                                                                         : "Epoll");
                         });

TEST(ReactorSelectionTest, DefaultsToIoUringWhereTheKernelAllowsIt) {
  absl::StatusOr<std::unique_ptr<Reactor>> reactor = Reactor::Create();
  ASSERT_TRUE(reactor.ok()) << reactor.status();
  // Either backend is correct; which one depends on the kernel. Both must report a name.
  EXPECT_NE(std::string(ReactorBackendName((*reactor)->backend())), "unknown");
}

}  // namespace
}  // namespace frosty
