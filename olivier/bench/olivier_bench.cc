// Olivier against CAF 0.17 in one binary, on the Savina micro-benchmarks' shapes and sizes
// (PingPong 40,000; Counting 1M; ThreadRing 100 actors, 100,000 passes), skynet with all of its
// 1,111,111 actors really created, spawn cost and memory per idle actor. Both systems run with
// 2 worker threads. tools/bench/olivier.sh adds Erlang 25 and prints the ratios.
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "benchmark/benchmark.h"
#ifndef OLIVIER_BENCH_WITHOUT_CAF
#include "caf/all.hpp"
#endif
#include "olivier/actor.h"

namespace {

constexpr int kWorkers = 2;

// --- Olivier --------------------------------------------------------------------------------

std::unique_ptr<olivier::ActorSystem> OlivierSystem() {
  olivier::SystemConfig config;
  config.platform = prospero::PlatformConfig::Default().WithScheduler(
      prospero::SchedulerConfig::Create().WithWorkerCount(kWorkers));
  return olivier::ActorSystem::Create("bench", config).value();
}

// Actors a benchmark stops itself are temporary: a permanent one that stops would be restarted
// (Erlang's rule), and a benchmark stopping thousands would exhaust the guardian's intensity.
olivier::SpawnOptions TemporaryActor() {
  olivier::SpawnOptions o;
  o.restart = olivier::Restart::kTemporary;
  return o;
}

struct Done {
  std::atomic<int> flag{0};
  void Set() {
    flag.store(1, std::memory_order_release);
    flag.notify_all();
  }
  void Wait() {
    while (flag.load(std::memory_order_acquire) == 0) flag.wait(0);
  }
};

struct Bounce {
  int remaining;
  olivier::ActorRef<Bounce> from;
};

class Bouncer : public olivier::Actor<Bounce> {
 public:
  explicit Bouncer(Done* done) : done_(done) {}
  absl::Status Receive(Bounce& b) override {
    if (b.remaining == 0) {
      done_->Set();
    } else {
      b.from << Bounce{b.remaining - 1, Self()};
    }
    return absl::OkStatus();
  }

 private:
  Done* done_;
};

void PingPongOlivier(benchmark::State& state) {
  const int pings = static_cast<int>(state.range(0));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    auto a = olivier::Spawn<Bouncer>(*system, "ping", &done);
    auto b = olivier::Spawn<Bouncer>(*system, "pong", &done);
    a << Bounce{2 * pings, b};  // a ping and its pong per round
    done.Wait();
  }
  state.counters["messages"] = 2.0 * pings;
}

class CountingActor : public olivier::Actor<int> {
 public:
  CountingActor(int expected, Done* done) : expected_(expected), done_(done) {}
  absl::Status Receive(int&) override {
    if (++count_ == expected_) done_->Set();
    return absl::OkStatus();
  }

 private:
  int count_ = 0;
  int expected_;
  Done* done_;
};

// Savina's shape: a producer actor sends the messages.
template <typename Target>
class Producer : public olivier::Actor<int> {
 public:
  explicit Producer(std::vector<olivier::ActorRef<Target>> targets) : targets_(std::move(targets)) {}
  absl::Status Receive(int& n) override {
    for (int i = 0; i < n; ++i) {
      for (auto& t : targets_) t << i;
    }
    Stop();
    return absl::OkStatus();
  }

 private:
  std::vector<olivier::ActorRef<Target>> targets_;
};

void CountingOlivier(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    auto counter = olivier::SpawnWith<CountingActor>(*system, "counter", TemporaryActor(), n, &done);
    olivier::SpawnWith<Producer<int>>(*system, "producer", TemporaryActor(),
                                      std::vector<olivier::ActorRef<int>>{counter}) << n;
    done.Wait();
    counter.cell()->StopSelf();
  }
}

struct Token {
  int hops;
};
struct Ring {
  std::vector<olivier::ActorRef<Token>> actors;
};
class RingActor : public olivier::Actor<Token> {
 public:
  RingActor(Ring* ring, size_t index, Done* done) : ring_(ring), index_(index), done_(done) {}
  absl::Status Receive(Token& t) override {
    if (t.hops == 0) {
      done_->Set();
    } else {
      ring_->actors[(index_ + 1) % ring_->actors.size()] << Token{t.hops - 1};
    }
    return absl::OkStatus();
  }

 private:
  Ring* ring_;
  size_t index_;
  Done* done_;
};

void ThreadRingOlivier(benchmark::State& state) {
  const int actors = static_cast<int>(state.range(0));
  const int passes = static_cast<int>(state.range(1));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    Ring ring;
    for (int i = 0; i < actors; ++i) {
      ring.actors.push_back(olivier::Spawn<RingActor>(*system, "ring", &ring, static_cast<size_t>(i), &done));
    }
    ring.actors[0] << Token{passes};
    done.Wait();
  }
}

// Skynet: every actor spawns ten children until a million leaves; sums flow back up.
struct SkynetMsg {
  int64_t value;
};
class SkynetActor : public olivier::Actor<SkynetMsg> {
 public:
  SkynetActor(int64_t num, int64_t size, olivier::ActorRef<SkynetMsg> parent, std::atomic<int64_t>* out,
              Done* done)
      : num_(num), size_(size), parent_(parent), out_(out), done_(done) {}
  void PreStart() override {
    if (size_ == 1) {
      Report(num_);
      return;
    }
    const int64_t child = size_ / 10;
    for (int i = 0; i < 10; ++i) {
      SpawnWith<SkynetActor>("s", Temporary(), num_ + i * child, child, Self(), out_, done_);
    }
  }
  absl::Status Receive(SkynetMsg& m) override {
    sum_ += m.value;
    if (++replies_ == 10) Report(sum_);
    return absl::OkStatus();
  }

 private:
  static olivier::SpawnOptions Temporary() {
    olivier::SpawnOptions o;
    o.restart = olivier::Restart::kTemporary;
    return o;
  }
  void Report(int64_t value) {
    if (parent_.valid()) {
      parent_ << SkynetMsg{value};
    } else {
      out_->store(value);
      done_->Set();
    }
    Stop();
  }
  int64_t num_, size_;
  olivier::ActorRef<SkynetMsg> parent_;
  std::atomic<int64_t>* out_;
  Done* done_;
  int64_t sum_ = 0;
  int replies_ = 0;
};

void SkynetOlivier(benchmark::State& state) {
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    std::atomic<int64_t> result{0};
    olivier::SpawnWith<SkynetActor>(*system, "skynet", olivier::SpawnOptions{}, int64_t{0}, int64_t{1000000},
                                    olivier::ActorRef<SkynetMsg>(), &result, &done);
    done.Wait();
    if (result.load() != 499999500000) state.SkipWithError("wrong skynet sum");
  }
  state.counters["actors"] = 1111111;
}

// Heap bytes in use (malloc's count): what the actors hold, whatever the allocator reuses.
size_t ResidentBytes() { return mallinfo2().uordblks; }

class Idle : public olivier::Actor<int> {
 public:
  absl::Status Receive(int&) override { return absl::OkStatus(); }
};

// Spawn cost (time per actor) and memory per idle actor, 100,000 actors.
void SpawnOlivier(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  double bytes_per_actor = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto system = OlivierSystem();
    std::vector<olivier::ActorRef<int>> actors;
    actors.reserve(static_cast<size_t>(n));
    size_t before = ResidentBytes();
    state.ResumeTiming();
    for (int i = 0; i < n; ++i) actors.push_back(olivier::Spawn<Idle>(*system, "idle"));
    state.PauseTiming();
    bytes_per_actor = static_cast<double>(ResidentBytes() - before) / n;
    system->Shutdown();
    state.ResumeTiming();
  }
  state.counters["bytes_per_actor"] = bytes_per_actor;
  state.SetItemsProcessed(state.iterations() * n);
}


// Fork-Join (create): N actors, each takes one message and stops.
class OneShot : public olivier::Actor<int> {
 public:
  OneShot(std::atomic<int>* left, Done* done) : left_(left), done_(done) {}
  absl::Status Receive(int&) override {
    if (left_->fetch_sub(1) == 1) done_->Set();
    Stop();
    return absl::OkStatus();
  }

 private:
  std::atomic<int>* left_;
  Done* done_;
};


void ForkJoinCreateOlivier(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    std::atomic<int> left{n};
    for (int i = 0; i < n; ++i) {
      olivier::SpawnWith<OneShot>(*system, "fj", TemporaryActor(), &left, &done) << i;
    }
    done.Wait();
  }
}

// Fork-Join (throughput): A actors, M messages each, sent round-robin.
class Sink : public olivier::Actor<int> {
 public:
  Sink(int expected, std::atomic<int>* left, Done* done) : expected_(expected), left_(left), done_(done) {}
  absl::Status Receive(int&) override {
    if (++got_ == expected_ && left_->fetch_sub(1) == 1) done_->Set();
    return absl::OkStatus();
  }

 private:
  int expected_, got_ = 0;
  std::atomic<int>* left_;
  Done* done_;
};

void ForkJoinThroughputOlivier(benchmark::State& state) {
  const int actors = static_cast<int>(state.range(0)), messages = static_cast<int>(state.range(1));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    std::atomic<int> left{actors};
    std::vector<olivier::ActorRef<int>> sinks;
    for (int a = 0; a < actors; ++a) sinks.push_back(olivier::SpawnWith<Sink>(*system, "sink", TemporaryActor(), messages, &left, &done));
    olivier::SpawnWith<Producer<int>>(*system, "producer", TemporaryActor(), sinks) << messages;
    done.Wait();
    for (auto& sink : sinks) sink.cell()->StopSelf();
  }
}

// Big: N actors each send M pings to pseudo-random peers and count the pongs back.
struct BigMsg {
  bool ping;
  int from;
};
struct BigWorld {
  std::vector<olivier::ActorRef<BigMsg>> actors;
};
class BigActor : public olivier::Actor<BigMsg> {
 public:
  BigActor(BigWorld* world, int index, int pings, std::atomic<int>* left, Done* done)
      : world_(world), index_(index), pings_(pings), left_(left), done_(done), rng_(static_cast<uint32_t>(index) * 2654435761u + 1) {}
  absl::Status Receive(BigMsg& m) override {
    if (m.ping) {
      world_->actors[static_cast<size_t>(m.from)] << BigMsg{false, index_};
    } else if (++pongs_ == pings_) {
      if (left_->fetch_sub(1) == 1) done_->Set();
    } else {
      SendPing();
    }
    return absl::OkStatus();
  }
  void SendPing() {
    rng_ = rng_ * 1103515245u + 12345u;
    world_->actors[(rng_ >> 8) % world_->actors.size()] << BigMsg{true, index_};
  }

 private:
  BigWorld* world_;
  int index_, pings_, pongs_ = 0;
  std::atomic<int>* left_;
  Done* done_;
  uint32_t rng_;
};

struct StartPing {
  olivier::ActorRef<BigMsg> actor;
};

void BigOlivier(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), pings = static_cast<int>(state.range(1));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    std::atomic<int> left{n};
    BigWorld world;
    for (int i = 0; i < n; ++i) world.actors.push_back(
        olivier::SpawnWith<BigActor>(*system, "big", TemporaryActor(), &world, i, pings, &left, &done));
    // Each actor starts by pinging itself... as a pong-less kick: a pong from nobody.
    for (int i = 0; i < n; ++i) {
      int target = (i * 7 + 1) % n;
      world.actors[static_cast<size_t>(target)] << BigMsg{true, i};
    }
    done.Wait();
    for (auto& a : world.actors) a.cell()->StopSelf();
  }
  state.counters["messages"] = 2.0 * n * pings;
}

// Pipelined ping-pong: N pings in flight at once, each answered.
class Echo : public olivier::Actor<Bounce> {
 public:
  absl::Status Receive(Bounce& b) override {
    b.from << Bounce{b.remaining, olivier::ActorRef<Bounce>()};
    return absl::OkStatus();
  }
};
class Collector : public olivier::Actor<Bounce> {
 public:
  Collector(int expected, Done* done) : expected_(expected), done_(done) {}
  absl::Status Receive(Bounce&) override {
    if (++got_ == expected_) done_->Set();
    return absl::OkStatus();
  }

 private:
  int expected_, got_ = 0;
  Done* done_;
};

void PipelinedOlivier(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    auto echo = olivier::SpawnWith<Echo>(*system, "echo", TemporaryActor());
    auto collector = olivier::SpawnWith<Collector>(*system, "collector", TemporaryActor(), n, &done);
    for (int i = 0; i < n; ++i) echo << Bounce{i, collector};
    done.Wait();
    echo.cell()->StopSelf();
    collector.cell()->StopSelf();
  }
  state.counters["messages"] = 2.0 * n;
}

// Ask latency: sequential asks to a replier, percentiles of the round trip.
class Replier : public olivier::Actor<olivier::ReplyTo<int>> {
 public:
  absl::Status Receive(olivier::ReplyTo<int>& r) override {
    r.Reply(1);
    return absl::OkStatus();
  }
};

frosty::Task<void> AskMany(olivier::ActorRef<olivier::ReplyTo<int>> replier, int n, std::vector<double>* us) {
  for (int i = 0; i < n; ++i) {
    absl::Time start = absl::Now();
    int v = co_await olivier::Ask<int>(replier, [](olivier::ReplyTo<int> r) { return r; }, absl::Seconds(10));
    (void)v;
    us->push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
  }
}

void Percentiles(benchmark::State& state, std::vector<double>& us) {
  std::sort(us.begin(), us.end());
  state.counters["p50_us"] = us[us.size() / 2];
  state.counters["p99_us"] = us[us.size() * 99 / 100];
}

void AskLatencyOlivier(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto system = OlivierSystem();
  auto replier = olivier::Spawn<Replier>(*system, "replier");
  std::vector<double> us;
  for (auto _ : state) {
    us.clear();
    (void)frosty::RunSynchronously(system->executor(), AskMany(replier, n, &us));
  }
  Percentiles(state, us);
}


// Chameneos: C creatures meet through a mall N times in all, changing colour at each meeting.
struct CreatureMsg {
  int partner_color;  // -1: stop
};
struct MeetRequest {
  olivier::ActorRef<CreatureMsg> from;
  int color;
};
int Complement(int a, int b) { return a == b ? a : 3 - a - b; }

class Mall : public olivier::Actor<MeetRequest> {
 public:
  Mall(int creatures, int meetings, Done* done) : creatures_(creatures), meetings_(meetings), done_(done) {}
  absl::Status Receive(MeetRequest& r) override {
    if (meetings_ == 0) {
      r.from << CreatureMsg{-1};
      if (++stopped_ == creatures_) done_->Set();
    } else if (waiting_) {
      --meetings_;
      r.from << CreatureMsg{waiting_->color};
      waiting_->from << CreatureMsg{r.color};
      waiting_.reset();
    } else {
      waiting_ = r;
    }
    return absl::OkStatus();
  }

 private:
  int creatures_, meetings_, stopped_ = 0;
  Done* done_;
  std::optional<MeetRequest> waiting_;
};

class Creature : public olivier::Actor<CreatureMsg> {
 public:
  Creature(olivier::ActorRef<MeetRequest> mall, int color) : mall_(mall), color_(color) {}
  void PreStart() override { mall_ << MeetRequest{Self(), color_}; }
  absl::Status Receive(CreatureMsg& m) override {
    if (m.partner_color < 0) {
      Stop();
    } else {
      color_ = Complement(color_, m.partner_color);
      mall_ << MeetRequest{Self(), color_};
    }
    return absl::OkStatus();
  }

 private:
  olivier::ActorRef<MeetRequest> mall_;
  int color_;
};

void ChameneosOlivier(benchmark::State& state) {
  const int creatures = static_cast<int>(state.range(0)), meetings = static_cast<int>(state.range(1));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    auto mall = olivier::SpawnWith<Mall>(*system, "mall", TemporaryActor(), creatures, meetings, &done);
    for (int i = 0; i < creatures; ++i) {
      olivier::SpawnWith<Creature>(*system, "creature", TemporaryActor(), mall, i % 3);
    }
    done.Wait();
    mall.cell()->StopSelf();
  }
}

#ifndef OLIVIER_BENCH_WITHOUT_CAF
// --- CAF 0.17 ----------------------------------------------------------------------------------

std::unique_ptr<caf::actor_system> CafSystem(caf::actor_system_config& config) {
  config.set("scheduler.max-threads", kWorkers);
  return std::make_unique<caf::actor_system>(config);
}

void PingPongCaf(benchmark::State& state) {
  const int pings = static_cast<int>(state.range(0));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    auto bouncer = [&done](caf::event_based_actor* self) -> caf::behavior {
      return {[=, &done](int remaining) {
        if (remaining == 0) {
          done.Set();
          self->quit();
          return;
        }
        self->send(caf::actor_cast<caf::actor>(self->current_sender()), remaining - 1);
        if (remaining == 1) self->quit();
      }};
    };
    auto a = system->spawn(bouncer);
    auto b = system->spawn(bouncer);
    caf::send_as(b, a, 2 * pings);
    done.Wait();
  }
  state.counters["messages"] = 2.0 * pings;
}

void CountingCaf(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    auto counter = system->spawn([n, &done](caf::event_based_actor* self) -> caf::behavior {
      auto count = std::make_shared<int>(0);
      return {[=, &done](int) {
        if (++*count == n) {
          done.Set();
          self->quit();
        }
      }};
    });
    auto producer = system->spawn([counter, n](caf::event_based_actor* self) -> caf::behavior {
      return {[=](int) {
        for (int i = 0; i < n; ++i) self->send(counter, i);
        self->quit();
      }};
    });
    caf::anon_send(producer, 0);
    done.Wait();
  }
}

void ThreadRingCaf(benchmark::State& state) {
  const int actors = static_cast<int>(state.range(0));
  const int passes = static_cast<int>(state.range(1));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    auto ring = std::make_shared<std::vector<caf::actor>>();
    for (int i = 0; i < actors; ++i) {
      ring->push_back(system->spawn([ring, i, &done](caf::event_based_actor* self) -> caf::behavior {
        return {[=, &done](int hops) {
          if (hops == 0) {
            done.Set();
            return;
          }
          self->send((*ring)[static_cast<size_t>(i + 1) % ring->size()], hops - 1);
        }};
      }));
    }
    caf::anon_send((*ring)[0], passes);
    done.Wait();
    for (auto& a : *ring) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    ring->clear();
  }
}

caf::behavior CafSkynet(caf::event_based_actor* self, int64_t num, int64_t size, caf::actor parent,
                        std::atomic<int64_t>* out, Done* done) {
  auto report = [=](int64_t value) {
    if (parent) {
      self->send(parent, value);
    } else {
      out->store(value);
      done->Set();
    }
    self->quit();
  };
  if (size == 1) {
    report(num);
    return {};
  }
  const int64_t child = size / 10;
  for (int i = 0; i < 10; ++i) {
    self->spawn(CafSkynet, num + i * child, child, caf::actor_cast<caf::actor>(self), out, done);
  }
  auto sum = std::make_shared<std::pair<int64_t, int>>(0, 0);
  return {[=](int64_t value) {
    sum->first += value;
    if (++sum->second == 10) report(sum->first);
  }};
}

void SkynetCaf(benchmark::State& state) {
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    std::atomic<int64_t> result{0};
    system->spawn(CafSkynet, int64_t{0}, int64_t{1000000}, caf::actor(), &result, &done);
    done.Wait();
    if (result.load() != 499999500000) state.SkipWithError("wrong skynet sum");
  }
  state.counters["actors"] = 1111111;
}

void SpawnCaf(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  double bytes_per_actor = 0;
  for (auto _ : state) {
    state.PauseTiming();
    caf::actor_system_config config;
    auto system = CafSystem(config);
    std::vector<caf::actor> actors;
    actors.reserve(static_cast<size_t>(n));
    size_t before = ResidentBytes();
    state.ResumeTiming();
    for (int i = 0; i < n; ++i) {
      actors.push_back(system->spawn([](caf::event_based_actor*) -> caf::behavior {
        return {[](int) {}};
      }));
    }
    state.PauseTiming();
    bytes_per_actor = static_cast<double>(ResidentBytes() - before) / n;
    for (auto& a : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    actors.clear();
    system.reset();
    state.ResumeTiming();
  }
  state.counters["bytes_per_actor"] = bytes_per_actor;
  state.SetItemsProcessed(state.iterations() * n);
}


void ForkJoinCreateCaf(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    std::atomic<int> left{n};
    for (int i = 0; i < n; ++i) {
      auto a = system->spawn([&left, &done](caf::event_based_actor* self) -> caf::behavior {
        return {[=, &left, &done](int) {
          if (left.fetch_sub(1) == 1) done.Set();
          self->quit();
        }};
      });
      caf::anon_send(a, i);
    }
    done.Wait();
  }
}

void ForkJoinThroughputCaf(benchmark::State& state) {
  const int actors = static_cast<int>(state.range(0)), messages = static_cast<int>(state.range(1));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    std::atomic<int> left{actors};
    std::vector<caf::actor> sinks;
    for (int a = 0; a < actors; ++a) {
      sinks.push_back(system->spawn([messages, &left, &done](caf::event_based_actor* self) -> caf::behavior {
        auto got = std::make_shared<int>(0);
        return {[=, &left, &done](int) {
          if (++*got == messages) {
            if (left.fetch_sub(1) == 1) done.Set();
            self->quit();
          }
        }};
      }));
    }
    auto producer = system->spawn([sinks, messages](caf::event_based_actor* self) -> caf::behavior {
      return {[=](int) {
        for (int m = 0; m < messages; ++m) {
          for (auto& sink : sinks) self->send(sink, m);
        }
        self->quit();
      }};
    });
    caf::anon_send(producer, 0);
    done.Wait();
  }
}

void BigCaf(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), pings = static_cast<int>(state.range(1));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    std::atomic<int> left{n};
    auto world = std::make_shared<std::vector<caf::actor>>();
    for (int i = 0; i < n; ++i) {
      world->push_back(system->spawn([world, i, pings, n, &left, &done](caf::event_based_actor* self) -> caf::behavior {
        auto st = std::make_shared<std::pair<int, uint32_t>>(0, static_cast<uint32_t>(i) * 2654435761u + 1);
        // (ping, from): answer a ping with a pong; count pongs and ping again.
        return {[=, &left, &done](bool ping, int from) {
          if (ping) {
            self->send((*world)[static_cast<size_t>(from)], false, i);
          } else if (++st->first == pings) {
            if (left.fetch_sub(1) == 1) done.Set();
          } else {
            st->second = st->second * 1103515245u + 12345u;
            self->send((*world)[(st->second >> 8) % static_cast<uint32_t>(n)], true, i);
          }
        }};
      }));
    }
    for (int i = 0; i < n; ++i) caf::anon_send((*world)[static_cast<size_t>((i * 7 + 1) % n)], true, i);
    done.Wait();
    for (auto& a : *world) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    world->clear();
  }
  state.counters["messages"] = 2.0 * n * pings;
}

void PipelinedCaf(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    auto echo = system->spawn([](caf::event_based_actor* self) -> caf::behavior {
      return {[=](int i) { self->send(caf::actor_cast<caf::actor>(self->current_sender()), i); }};
    });
    auto collector = system->spawn([n, &done](caf::event_based_actor* self) -> caf::behavior {
      auto got = std::make_shared<int>(0);
      return {[=, &done](int) {
        if (++*got == n) {
          done.Set();
          self->quit();
        }
      }};
    });
    for (int i = 0; i < n; ++i) caf::send_as(collector, echo, i);
    done.Wait();
    caf::anon_send_exit(echo, caf::exit_reason::user_shutdown);
  }
  state.counters["messages"] = 2.0 * n;
}

// An event-based asker (request/then), the CAF counterpart of a task awaiting Ask.
void AskLatencyCaf(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  auto replier = system->spawn([](caf::event_based_actor*) -> caf::behavior { return {[](int) { return 1; }}; });
  std::vector<double> us;
  for (auto _ : state) {
    us.clear();
    Done done;
    system->spawn([&us, &done, replier, n](caf::event_based_actor* self) {
      auto next = std::make_shared<std::function<void(int)>>();
      *next = [=, &us, &done](int i) {
        if (i == n) {
          done.Set();
          self->quit();
          return;
        }
        absl::Time start = absl::Now();
        self->request(replier, caf::infinite, i).then([=, &us](int) {
          us.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
          (*next)(i + 1);
        });
      };
      (*next)(0);
    });
    done.Wait();
  }
  caf::anon_send_exit(replier, caf::exit_reason::user_shutdown);
  Percentiles(state, us);
}


void ChameneosCaf(benchmark::State& state) {
  const int creatures = static_cast<int>(state.range(0)), meetings = static_cast<int>(state.range(1));
  caf::actor_system_config config;
  auto system = CafSystem(config);
  for (auto _ : state) {
    Done done;
    // Mall: (color, from) requests; replies the partner's colour, or -1 to stop.
    auto mall = system->spawn([creatures, meetings, &done](caf::event_based_actor* self) -> caf::behavior {
      struct MallState {
        int left;
        int stopped = 0;
        bool waiting = false;
        int waiting_color = 0;
        caf::actor waiting_from;
      };
      auto st = std::make_shared<MallState>();
      st->left = meetings;
      return {[=, &done](int color, caf::actor from) {
        if (st->left == 0) {
          self->send(from, -1);
          if (++st->stopped == creatures) {
            done.Set();
            self->quit();
          }
        } else if (st->waiting) {
          --st->left;
          self->send(from, st->waiting_color);
          self->send(st->waiting_from, color);
          st->waiting = false;
          st->waiting_from = caf::actor();
        } else {
          st->waiting = true;
          st->waiting_color = color;
          st->waiting_from = from;
        }
      }};
    });
    for (int i = 0; i < creatures; ++i) {
      system->spawn([mall, i](caf::event_based_actor* self) -> caf::behavior {
        auto color = std::make_shared<int>(i % 3);
        self->send(mall, *color, caf::actor_cast<caf::actor>(self));
        return {[=](int partner) {
          if (partner < 0) {
            self->quit();
            return;
          }
          *color = Complement(*color, partner);
          self->send(mall, *color, caf::actor_cast<caf::actor>(self));
        }};
      });
    }
    done.Wait();
  }
}

#endif  // OLIVIER_BENCH_WITHOUT_CAF

BENCHMARK(PingPongOlivier)->Name("pingpong/fidelity")->Arg(40000)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(PingPongCaf)->Name("pingpong/caf")->Arg(40000)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK(CountingOlivier)->Name("counting/fidelity")->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(CountingCaf)->Name("counting/caf")->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK(ThreadRingOlivier)->Name("threadring/fidelity")->Args({100, 100000})->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(ThreadRingCaf)->Name("threadring/caf")->Args({100, 100000})->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK(SkynetOlivier)->Name("skynet/fidelity")->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(SkynetCaf)->Name("skynet/caf")->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK(SpawnOlivier)->Name("spawn/fidelity")->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(SpawnCaf)->Name("spawn/caf")->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

BENCHMARK(ForkJoinCreateOlivier)->Name("forkjoin_create/fidelity")->Arg(40000)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(ForkJoinCreateCaf)->Name("forkjoin_create/caf")->Arg(40000)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK(ForkJoinThroughputOlivier)->Name("forkjoin_throughput/fidelity")->Args({60, 10000})->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(ForkJoinThroughputCaf)->Name("forkjoin_throughput/caf")->Args({60, 10000})->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK(BigOlivier)->Name("big/fidelity")->Args({120, 20000})->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(BigCaf)->Name("big/caf")->Args({120, 20000})->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK(PipelinedOlivier)->Name("pingpong_pipelined/fidelity")->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(PipelinedCaf)->Name("pingpong_pipelined/caf")->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK(AskLatencyOlivier)->Name("ask_latency/fidelity")->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(AskLatencyCaf)->Name("ask_latency/caf")->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

BENCHMARK(ChameneosOlivier)->Name("chameneos/fidelity")->Args({100, 200000})->Unit(benchmark::kMillisecond)->UseRealTime();
#ifndef OLIVIER_BENCH_WITHOUT_CAF
BENCHMARK(ChameneosCaf)->Name("chameneos/caf")->Args({100, 200000})->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

}  // namespace
