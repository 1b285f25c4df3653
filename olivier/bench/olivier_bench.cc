// Olivier against CAF 0.17 in one binary, on the Savina micro-benchmarks' shapes and sizes
// (PingPong 40,000; Counting 1M; ThreadRing 100 actors, 100,000 passes), skynet with all of its
// 1,111,111 actors really created, spawn cost and memory per idle actor. Both systems run with
// 2 worker threads. tools/bench/olivier.sh adds Erlang 25 and prints the ratios.
#include <malloc.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "benchmark/benchmark.h"
#include "caf/all.hpp"
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

void CountingOlivier(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto system = OlivierSystem();
  for (auto _ : state) {
    Done done;
    auto counter = olivier::Spawn<CountingActor>(*system, "counter", n, &done);
    for (int i = 0; i < n; ++i) counter << i;
    done.Wait();
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
    for (int i = 0; i < n; ++i) caf::anon_send(counter, i);
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

BENCHMARK(PingPongOlivier)->Name("pingpong/fidelity")->Arg(40000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(PingPongCaf)->Name("pingpong/caf")->Arg(40000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(CountingOlivier)->Name("counting/fidelity")->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(CountingCaf)->Name("counting/caf")->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ThreadRingOlivier)->Name("threadring/fidelity")->Args({100, 100000})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ThreadRingCaf)->Name("threadring/caf")->Args({100, 100000})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(SkynetOlivier)->Name("skynet/fidelity")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(SkynetCaf)->Name("skynet/caf")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(SpawnOlivier)->Name("spawn/fidelity")->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(SpawnCaf)->Name("spawn/caf")->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
