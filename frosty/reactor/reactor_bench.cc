// TCP echo round trips on 127.0.0.1 through the reactor, io_uring against the epoll fallback, in
// one binary: one client and one server connection on one reactor thread, one 64-byte message
// in flight. Bench names: "tcp_echo_rtt/fidelity" (io_uring) and "tcp_echo_rtt/fidelity-epoll".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "benchmark/benchmark.h"
#include "frosty/reactor/reactor.h"

namespace frosty {
namespace {

struct Ping : IoOp {
  bool done = false;
  Ping() {
    on_complete = [](IoOp* op) { static_cast<Ping*>(op)->done = true; };
  }
};

void Await(Reactor& reactor, Ping& op, benchmark::State& state) {
  while (!op.done) reactor.Poll(absl::Seconds(1));
  op.done = false;
  if (op.result <= 0) state.SkipWithError("echo I/O failed");
}

void BM_TcpEchoRoundTrip(benchmark::State& state, ReactorBackend backend) {
  ReactorOptions options;
  options.backend = backend;
  auto reactor_or = Reactor::Create(options);
  if (!reactor_or.ok()) {
    state.SkipWithError(std::string(reactor_or.status().message()).c_str());
    return;
  }
  Reactor& reactor = **reactor_or;

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listener, 1) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    state.SkipWithError("loopback listen failed");
    return;
  }
  int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  Ping accept_op, connect_op;
  reactor.Accept(listener, &accept_op);
  reactor.Connect(client, reinterpret_cast<sockaddr*>(&address), sizeof(address), &connect_op);
  while (!accept_op.done || !connect_op.done) reactor.Poll(absl::Seconds(1));
  const int server = accept_op.result;
  const int one = 1;
  setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));

  std::string message(64, 'x'), server_buffer(64, '\0'), client_buffer(64, '\0');
  auto bytes = [](std::string& s) {
    return absl::MakeSpan(reinterpret_cast<std::byte*>(s.data()), s.size());
  };
  Ping op;
  for (auto _ : state) {
    reactor.Send(client, bytes(message), &op);
    Await(reactor, op, state);
    reactor.Receive(server, bytes(server_buffer), &op);
    Await(reactor, op, state);
    reactor.Send(server, bytes(server_buffer).subspan(0, op.result), &op);
    Await(reactor, op, state);
    reactor.Receive(client, bytes(client_buffer), &op);
    Await(reactor, op, state);
  }
  state.counters["round_trips_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  close(client);
  close(server);
  close(listener);
}
BENCHMARK_CAPTURE(BM_TcpEchoRoundTrip, io_uring, ReactorBackend::kIoUring)
    ->Name("tcp_echo_rtt/fidelity")
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_TcpEchoRoundTrip, epoll, ReactorBackend::kEpoll)
    ->Name("tcp_echo_rtt/fidelity-epoll")
    ->UseRealTime();

void BM_TimerZero(benchmark::State& state, ReactorBackend backend) {
  ReactorOptions options;
  options.backend = backend;
  auto reactor = Reactor::Create(options);
  if (!reactor.ok()) {
    state.SkipWithError("no reactor");
    return;
  }
  Ping op;
  for (auto _ : state) {
    (*reactor)->Timer(absl::ZeroDuration(), &op);
    while (!op.done) (*reactor)->Poll(absl::Seconds(1));
    op.done = false;
  }
}
BENCHMARK_CAPTURE(BM_TimerZero, io_uring, ReactorBackend::kIoUring)
    ->Name("timer_zero/fidelity")
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_TimerZero, epoll, ReactorBackend::kEpoll)
    ->Name("timer_zero/fidelity-epoll")
    ->UseRealTime();

}  // namespace
}  // namespace frosty
