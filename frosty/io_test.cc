// An echo server and its clients written as frosty tasks over IoService, on 127.0.0.1, bounded:
// kClients connections, each sending kMessages messages and checking every echo.
#include "frosty/io.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <thread>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "prospero/executor.h"

namespace frosty {
namespace {

constexpr int kClients = 8;
constexpr int kMessages = 50;

absl::Span<const std::byte> Bytes(const std::string& s) {
  return absl::MakeConstSpan(reinterpret_cast<const std::byte*>(s.data()), s.size());
}

// Echoes until the client closes; yields the bytes echoed.
Task<int> EchoConnection(IoService& io, int socket) {
  std::array<std::byte, 1024> buffer;
  int echoed = 0;
  for (;;) {
    int received = co_await io.Receive(socket, absl::MakeSpan(buffer));
    if (received == 0) break;  // the client closed
    co_await io.SendAll(socket, absl::MakeConstSpan(buffer.data(), received));
    echoed += received;
  }
  close(socket);
  co_return echoed;
}

// Accepts `connections` clients, serves them concurrently, and yields the total bytes echoed
// once every session has ended.
Task<int> Serve(prospero::Executor& executor, IoService& io, int listener, int connections) {
  std::vector<Task<int>> sessions;
  for (int i = 0; i < connections; ++i) {
    int socket = co_await io.Accept(listener);
    sessions.push_back(EchoConnection(io, socket));
  }
  std::vector<int> echoed = co_await WhenAll(executor, std::move(sessions));
  int total = 0;
  for (int bytes : echoed) total += bytes;
  co_return total;
}

Task<int> Await(HotTask<int> task) { co_return co_await task; }

Task<int> Client(IoService& io, sockaddr_in address, int id) {
  int socket = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket < 0) co_return absl::ErrnoToStatus(errno, "socket");
  co_await io.Connect(socket, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
  int echoed = 0;
  std::string reply(256, '\0');
  for (int m = 0; m < kMessages; ++m) {
    const std::string message = "client " + std::to_string(id) + " says " + std::to_string(m);
    co_await io.SendAll(socket, Bytes(message));
    size_t got = 0;
    while (got < message.size()) {  // TCP may split the echo
      int n = co_await io.Receive(
          socket,
          absl::MakeSpan(reinterpret_cast<std::byte*>(reply.data()) + got, message.size() - got));
      if (n == 0) co_return absl::DataLossError("server closed early");
      got += static_cast<size_t>(n);
    }
    if (reply.substr(0, got) != message) co_return absl::DataLossError("wrong echo: " + reply);
    ++echoed;
  }
  close(socket);
  co_return echoed;
}

class IoServiceTest : public testing::TestWithParam<ReactorBackend> {
 protected:
  void SetUp() override {
    executor_ =
        prospero::Executor::Create(prospero::PlatformConfig::Default().WithScheduler(
                                       prospero::SchedulerConfig::Create().WithWorkerCount(2)))
            .value();
    ReactorOptions options;
    options.backend = GetParam();
    absl::StatusOr<std::unique_ptr<IoService>> io = IoService::Create(*executor_, options);
    // A kernel without io_uring (or qemu-user, which runs the aarch64 build) cannot test that
    // backend; anything else is a failure.
    if (absl::IsUnavailable(io.status()) && GetParam() == ReactorBackend::kIoUring) {
      GTEST_SKIP() << io.status();
    }
    ASSERT_TRUE(io.ok()) << io.status();
    io_ = *std::move(io);
    ASSERT_EQ(io_->backend(), GetParam());
  }

  // Declared first so it is destroyed last: the service resumes tasks on it.
  std::unique_ptr<prospero::Executor> executor_;
  std::unique_ptr<IoService> io_;
};

TEST_P(IoServiceTest, EchoServerAndClientsAsTasks) {
  prospero::Executor* executor = executor_.get();
  IoService* io = io_.get();

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, kClients), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);

  HotTask<int> server = HotTask<int>::Start(*executor, Serve(*executor, *io, listener, kClients));

  std::vector<Task<int>> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(Client(*io, address, i));
  absl::StatusOr<std::vector<int>> echoed =
      RunSynchronously(*executor, WhenAll(*executor, std::move(clients)));
  ASSERT_TRUE(echoed.ok()) << echoed.status();
  for (int count : *echoed) EXPECT_EQ(count, kMessages);

  // Every byte the clients sent came back through the server, whose sessions have all ended.
  int sent = 0;
  for (int i = 0; i < kClients; ++i) {
    for (int m = 0; m < kMessages; ++m) {
      sent +=
          static_cast<int>(("client " + std::to_string(i) + " says " + std::to_string(m)).size());
    }
  }
  EXPECT_EQ(RunSynchronously(*executor, Await(server)).value(), sent);
  close(listener);
}

Task<int> ReceiveFromNowhere(IoService& io) {
  std::array<std::byte, 8> buffer;
  co_return co_await io.Receive(-1, absl::MakeSpan(buffer));
}

TEST_P(IoServiceTest, ASyscallErrorFailsTheTaskWithItsErrno) {
  prospero::Executor* executor = executor_.get();
  IoService* io = io_.get();
  absl::StatusOr<int> result = RunSynchronously(*executor, ReceiveFromNowhere(*io));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);  // EBADF
  EXPECT_EQ(result.status().message(), "receive on fd -1: Bad file descriptor");
}

Task<int> ReceiveOnce(IoService& io, int socket) {
  std::array<std::byte, 64> buffer;
  co_return co_await io.Receive(socket, absl::MakeSpan(buffer));
}

// A receive that would wait forever ends when its task's token is cancelled from another
// thread, and the socket stays usable: nothing was consumed.
TEST_P(IoServiceTest, CancellingTheTokenEndsAPendingReceive) {
  prospero::Executor* executor = executor_.get();
  IoService* io = io_.get();
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  CancellationSource source;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    source.Cancel();
  });
  absl::StatusOr<int> result = RunSynchronously(*executor, ReceiveOnce(*io, pair[0]), source.token());
  canceller.join();
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled) << result.status();

  ASSERT_EQ(write(pair[1], "hello", 5), 5);
  EXPECT_EQ(RunSynchronously(*executor, ReceiveOnce(*io, pair[0])).value(), 5);
  close(pair[0]);
  close(pair[1]);
}

TEST_P(IoServiceTest, AnAlreadyCancelledTokenFailsWithoutStartingTheOperation) {
  prospero::Executor* executor = executor_.get();
  IoService* io = io_.get();
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  ASSERT_EQ(write(pair[1], "x", 1), 1);
  CancellationSource source;
  source.Cancel();
  absl::StatusOr<int> result = RunSynchronously(*executor, ReceiveOnce(*io, pair[0]), source.token());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
  // The byte is still there for the next receive.
  EXPECT_EQ(RunSynchronously(*executor, ReceiveOnce(*io, pair[0])).value(), 1);
  close(pair[0]);
  close(pair[1]);
}

// Cancellation racing with completion: each receive either gets bytes or is cancelled, and
// none hangs; no byte is lost: what cancelled receives did not take is still in the socket.
TEST_P(IoServiceTest, CancellationRacingWithCompletion) {
  prospero::Executor* executor = executor_.get();
  IoService* io = io_.get();
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  int received_bytes = 0, cancelled = 0;
  constexpr int kRounds = 200;
  for (int round = 0; round < kRounds; ++round) {
    CancellationSource source;
    HotTask<int> task = HotTask<int>::Start(*executor, ReceiveOnce(*io, pair[0]), source.token());
    std::thread sender([&] { EXPECT_EQ(write(pair[1], "y", 1), 1); });
    std::thread canceller([&] { source.Cancel(); });
    sender.join();
    canceller.join();
    absl::StatusOr<int> result = RunSynchronously(*executor, Await(task));
    if (result.ok()) {
      EXPECT_GE(*result, 1);
      received_bytes += *result;
    } else {
      ASSERT_EQ(result.status().code(), absl::StatusCode::kCancelled) << result.status();
      ++cancelled;
    }
  }
  std::array<char, kRounds> rest;
  ssize_t left = recv(pair[0], rest.data(), rest.size(), MSG_DONTWAIT);
  if (left < 0) left = 0;  // EAGAIN: nothing left
  EXPECT_EQ(received_bytes + left, kRounds);
  EXPECT_GT(cancelled + received_bytes, 0);
  close(pair[0]);
  close(pair[1]);
}

INSTANTIATE_TEST_SUITE_P(Backends, IoServiceTest,
                         testing::Values(ReactorBackend::kIoUring, ReactorBackend::kEpoll),
                         [](const testing::TestParamInfo<ReactorBackend>& info) {
                           return info.param == ReactorBackend::kIoUring ? std::string("IoUring")
                                                                         : std::string("Epoll");
                         });

}  // namespace
}  // namespace frosty
