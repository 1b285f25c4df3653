#include <atomic>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "gtest/gtest.h"
#include "olivier/actor.h"

namespace olivier {
namespace {

// --- The seed's counter. -------------------------------------------------------------------

struct Increment {};
struct GetCount {
  ReplyTo<int> reply;
};
struct GetCountFor {
  ActorRef<int> reply_to;  // replies by message: `GetCount replyTo -> replyTo <! CountValue count`
};
using CounterMsg = std::variant<Increment, GetCount, GetCountFor>;

class Counter : public Actor<CounterMsg> {
 public:
  absl::Status Receive(CounterMsg& msg) override {
    if (std::holds_alternative<Increment>(msg)) {
      ++count_;
    } else if (auto* get = std::get_if<GetCount>(&msg)) {
      get->reply.Reply(count_);
    } else {
      std::get<GetCountFor>(msg).reply_to << count_;
    }
    return absl::OkStatus();
  }

 private:
  int count_ = 0;
};

SpawnOptions Temporary() {
  SpawnOptions options;
  options.restart = Restart::kTemporary;
  return options;
}
SpawnOptions Supervising(Strategy strategy, int max_restarts, absl::Duration within) {
  SpawnOptions options;
  options.supervision = {strategy, max_restarts, within};
  return options;
}

std::unique_ptr<ActorSystem> MakeSystem(int workers = 2, SystemConfig config = {}) {
  config.platform = prospero::PlatformConfig::Default().WithScheduler(
      prospero::SchedulerConfig::Create().WithWorkerCount(workers));
  return ActorSystem::Create("test-system", config).value();
}

int AskCount(ActorSystem& system, const ActorRef<CounterMsg>& counter) {
  return frosty::RunSynchronously(system.executor(),
                                  Ask<int>(counter, [](ReplyTo<int> r) { return CounterMsg{GetCount{r}}; },
                                           absl::Seconds(10)))
      .value();
}

TEST(ActorTest, CounterWithAsk) {
  auto system = MakeSystem();
  ActorRef<CounterMsg> counter = Spawn<Counter>(*system, "counter");
  for (int i = 0; i < 1000; ++i) counter << Increment{};
  EXPECT_EQ(AskCount(*system, counter), 1000);
  system->Shutdown();
}

// The seed's other half: a requester actor that asks by message and gets the count back.
class Requester : public Actor<int> {
 public:
  Requester(ActorRef<CounterMsg> counter, std::atomic<int>* seen) : counter_(counter), seen_(seen) {}
  void PreStart() override {
    for (int i = 0; i < 10; ++i) counter_ << Increment{};
    counter_ << GetCountFor{Self()};
  }
  absl::Status Receive(int& count) override {
    seen_->store(count);
    seen_->notify_all();
    return absl::OkStatus();
  }

 private:
  ActorRef<CounterMsg> counter_;
  std::atomic<int>* seen_;
};

TEST(ActorTest, CounterWithARequesterActor) {
  auto system = MakeSystem();
  ActorRef<CounterMsg> counter = Spawn<Counter>(*system, "counter");
  std::atomic<int> seen{-1};
  Spawn<Requester>(*system, "requester", counter, &seen);
  while (seen.load() < 0) seen.wait(-1);
  EXPECT_EQ(seen.load(), 10);
}

TEST(ActorTest, FunctionBehaviourAsInTheSeed) {
  auto system = MakeSystem();
  int total = 0;  // state lives in the function object
  std::atomic<int> done{0};
  ActorRef<int> adder = SpawnFunction<int>(*system, "adder", [total, &done](FunctionActor<int>&, int& n) mutable {
    total += n;
    if (total == 5050) {
      done.store(1);
      done.notify_all();
    }
    return absl::OkStatus();
  });
  for (int i = 1; i <= 100; ++i) adder << i;
  done.wait(0);
  EXPECT_EQ(done.load(), 1);
}

TEST(ActorTest, AskTimesOutWhenNoReplyComes) {
  auto system = MakeSystem();
  ActorRef<CounterMsg> silent = SpawnFunction<CounterMsg>(
      *system, "silent", [](FunctionActor<CounterMsg>&, CounterMsg&) { return absl::OkStatus(); });
  absl::StatusOr<int> result = frosty::RunSynchronously(
      system->executor(),
      Ask<int>(silent, [](ReplyTo<int> r) { return CounterMsg{GetCount{r}}; }, absl::Milliseconds(20)));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded);
}

// An answered ask withdraws its timeout: nothing of it is left for the executor to wait on.
// (If the hour-long timers stayed, RunUntilIdle would not return and the test would time out.)
TEST(ActorTest, AnAnsweredAskLeavesNoTimerBehind) {
  auto system = MakeSystem();
  auto counter = SpawnWith<Counter>(*system, "counter", Temporary());
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<int> n = frosty::RunSynchronously(
        system->executor(),
        Ask<int>(counter, [](ReplyTo<int> r) { return CounterMsg{GetCount{r}}; }, absl::Hours(1)));
    ASSERT_TRUE(n.ok()) << n.status();
  }
  system->executor().RunUntilIdle();
}

TEST(ActorTest, SendsToADeadActorAreDeadLetters) {
  auto system = MakeSystem();
  std::atomic<int> stopped{0};
  ActorRef<int> short_lived = SpawnFunction<int>(*system, "short", [&](FunctionActor<int>& self, int&) {
    self.Stop();
    return absl::OkStatus();
  }, Temporary());
  short_lived << 1;
  while (short_lived.alive()) std::this_thread::yield();
  EXPECT_FALSE(short_lived.Tell(2));
  EXPECT_GE(system->dead_letters(), 1u);
  EXPECT_EQ(system->recent_dead_letters().back(), "/user/short");
  (void)stopped;
}

// --- Supervision. ------------------------------------------------------------------------------

struct Work {
  bool fail = false;
  std::atomic<int>* processed = nullptr;
};

// Counts its starts and fails on request.
class Worker : public Actor<Work> {
 public:
  Worker(std::atomic<int>* starts, std::atomic<int>* stops) : starts_(starts), stops_(stops) {}
  void PreStart() override { starts_->fetch_add(1); }
  void PostStop() override {
    if (stops_ != nullptr) stops_->fetch_add(1);
  }
  absl::Status Receive(Work& work) override {
    if (work.fail) return absl::InternalError("asked to fail");
    if (work.processed != nullptr) work.processed->fetch_add(1);
    return absl::OkStatus();
  }

 private:
  std::atomic<int>* starts_;
  std::atomic<int>* stops_;
};

struct SupervisorProbe {
  std::atomic<int> starts[3] = {0, 0, 0};
  std::atomic<int> stops[3] = {0, 0, 0};
  std::vector<ActorRef<Work>> children;
  std::mutex mutex;
  std::atomic<bool> ready{false};
};

struct StartChildren {};
class Supervisor : public Actor<StartChildren> {
 public:
  explicit Supervisor(SupervisorProbe* probe) : probe_(probe) {}
  void PreStart() override {
    std::lock_guard<std::mutex> lock(probe_->mutex);
    probe_->children.clear();
    for (int i = 0; i < 3; ++i) {
      probe_->children.push_back(
          Spawn<Worker>("worker" + std::to_string(i), &probe_->starts[i], &probe_->stops[i]));
    }
    probe_->ready.store(true);
    probe_->ready.notify_all();
  }
  absl::Status Receive(StartChildren&) override { return absl::OkStatus(); }

 private:
  SupervisorProbe* probe_;
};

// Waits until `condition` holds, polling (the actors run on other threads).
template <typename F>
void Eventually(F condition) {
  for (int i = 0; i < 100000 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  ASSERT_TRUE(condition());
}

std::vector<int> Starts(const SupervisorProbe& probe) {
  return {probe.starts[0].load(), probe.starts[1].load(), probe.starts[2].load()};
}

void FailChild(SupervisorProbe& probe, int i) {
  std::lock_guard<std::mutex> lock(probe.mutex);
  probe.children[static_cast<size_t>(i)] << Work{true, nullptr};
}

TEST(SupervisionTest, OneForOneRestartsOnlyTheFailedChild) {
  auto system = MakeSystem();
  SupervisorProbe probe;
  SpawnWith<Supervisor>(*system, "sup", Supervising(Strategy::kOneForOne, 10, absl::Seconds(5)),
                        &probe);
  probe.ready.wait(false);
  Eventually([&] { return Starts(probe) == std::vector<int>({1, 1, 1}); });
  FailChild(probe, 1);
  Eventually([&] { return Starts(probe) == std::vector<int>({1, 2, 1}); });
  // The restarted child keeps its address and mailbox.
  std::atomic<int> processed{0};
  {
    std::lock_guard<std::mutex> lock(probe.mutex);
    probe.children[1] << Work{false, &processed};
  }
  Eventually([&] { return processed.load() == 1; });
  EXPECT_EQ(probe.children[1].restarts(), 1);
}

// Fails the middle of three children under `strategy`; returns the start counts afterwards.
void ExpectStartsAfterMiddleFails(Strategy strategy, std::vector<int> expected) {
  auto system = MakeSystem();
  SupervisorProbe probe;
  SpawnWith<Supervisor>(*system, "sup", Supervising(strategy, 10, absl::Seconds(5)), &probe);
  probe.ready.wait(false);
  Eventually([&] { return Starts(probe) == std::vector<int>({1, 1, 1}); });
  FailChild(probe, 1);
  Eventually([&] { return Starts(probe) == expected; });
}

TEST(SupervisionTest, OneForAllRestartsEveryChild) {
  ExpectStartsAfterMiddleFails(Strategy::kOneForAll, {2, 2, 2});
}

TEST(SupervisionTest, RestForOneRestartsTheFailedChildAndThoseStartedAfterIt) {
  ExpectStartsAfterMiddleFails(Strategy::kRestForOne, {1, 2, 2});
}

TEST(SupervisionTest, ExhaustedIntensityFailsTheSupervisorToItsParent) {
  SystemConfig config;
  config.guardian = {Strategy::kOneForOne, 0, absl::Seconds(60)};  // the top gives up at once
  auto system = MakeSystem(2, config);
  SupervisorProbe probe;
  SpawnWith<Supervisor>(*system, "sup", Supervising(Strategy::kOneForOne, 2, absl::Seconds(60)),
                        &probe);
  probe.ready.wait(false);
  Eventually([&] { return Starts(probe) == std::vector<int>({1, 1, 1}); });
  for (int round = 0; round < 2; ++round) {
    int before = probe.starts[0].load();
    FailChild(probe, 0);
    Eventually([&] { return probe.starts[0].load() == before + 1; });
  }
  FailChild(probe, 0);  // the third failure within the window: the supervisor fails upward
  absl::Status status = system->AwaitTermination();
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted) << status;
  EXPECT_NE(std::string(status.message()).find("reached its restart intensity"), std::string::npos);
  // Everything stopped, children before their supervisor.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(probe.stops[i].load(), 1) << i;
}

TEST(SupervisionTest, TemporaryChildrenAreNotRestarted) {
  auto system = MakeSystem();
  std::atomic<int> starts{0};
  ActorRef<Work> worker =
      SpawnWith<Worker>(*system, "temp", Temporary(), &starts, nullptr);
  worker << Work{true, nullptr};
  Eventually([&] { return !worker.alive(); });
  EXPECT_EQ(starts.load(), 1);
}

// --- Links and monitors. -------------------------------------------------------------------

struct Watch {
  AnyRef target;
  bool link = false;
};
class Watcher : public Actor<Watch> {
 public:
  Watcher(bool trap, std::vector<std::string>* log, std::mutex* mutex, std::atomic<int>* events)
      : trap_(trap), log_(log), mutex_(mutex), events_(events) {}
  void PreStart() override { TrapExit(trap_); }
  absl::Status Receive(Watch& w) override {
    if (w.link) {
      Link(w.target);
    } else {
      Monitor(w.target);
    }
    Note("watching");
    return absl::OkStatus();
  }
  void OnExit(const ExitSignal& signal) override { Note("exit:" + std::string(signal.reason.message())); }
  void OnDown(const DownMessage& down) override { Note("down:" + std::string(down.reason.message())); }

 private:
  void Note(std::string s) {
    std::lock_guard<std::mutex> lock(*mutex_);
    log_->push_back(std::move(s));
    events_->fetch_add(1);
  }
  bool trap_;
  std::vector<std::string>* log_;
  std::mutex* mutex_;
  std::atomic<int>* events_;
};

TEST(LinkTest, AnAbnormalExitKillsLinkedActorsThatDoNotTrapExits) {
  auto system = MakeSystem();
  std::vector<std::string> log;
  std::mutex mutex;
  std::atomic<int> events{0};
  std::atomic<int> starts{0};
  ActorRef<Work> worker =
      SpawnWith<Worker>(*system, "worker", Temporary(), &starts, nullptr);
  ActorRef<Watch> linked = SpawnWith<Watcher>(*system, "linked", Temporary(),
                                              false, &log, &mutex, &events);
  ActorRef<Watch> trapping = SpawnWith<Watcher>(*system, "trapping", Temporary(),
                                                true, &log, &mutex, &events);
  linked << Watch{worker, true};
  trapping << Watch{worker, true};
  Eventually([&] { return events.load() == 2; });
  worker << Work{true, nullptr};  // fails; temporary: stopped with the failure as its reason
  Eventually([&] { return !worker.alive() && !linked.alive() && events.load() == 3; });
  EXPECT_TRUE(trapping.alive());
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(log.back(), "exit:asked to fail");
}

TEST(LinkTest, MonitorsReceiveDownWhateverTheReason) {
  auto system = MakeSystem();
  std::vector<std::string> log;
  std::mutex mutex;
  std::atomic<int> events{0};
  std::atomic<int> starts{0};
  ActorRef<Work> worker =
      SpawnWith<Worker>(*system, "worker", Temporary(), &starts, nullptr);
  ActorRef<Watch> watcher = Spawn<Watcher>(*system, "watcher", false, &log, &mutex, &events);
  watcher << Watch{worker, false};
  Eventually([&] { return events.load() == 1; });
  worker << Work{true, nullptr};
  Eventually([&] { return events.load() == 2; });
  EXPECT_TRUE(watcher.alive());  // a monitor never kills the watcher
  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(log.back(), "down:asked to fail");
  }
  // Monitoring a dead actor reports it at once.
  watcher << Watch{worker, false};
  Eventually([&] { return events.load() == 4; });
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(log.back(), "down:noproc");
}

// --- Names, become, bounded mailboxes, introspection, shutdown order. -------------------------

TEST(ActorTest, RegistryIsTyped) {
  auto system = MakeSystem();
  ActorRef<CounterMsg> counter = Spawn<Counter>(*system, "counter");
  ASSERT_TRUE(Register(*system, "the-counter", counter).ok());
  EXPECT_EQ(Whereis<CounterMsg>(*system, "the-counter"), counter);
  EXPECT_FALSE(Whereis<int>(*system, "the-counter").valid());  // wrong message type
  EXPECT_FALSE(Whereis<CounterMsg>(*system, "nobody").valid());
  EXPECT_EQ(Register(*system, "the-counter", counter).code(), absl::StatusCode::kAlreadyExists);
}

class Toggle : public Actor<ReplyTo<std::string>> {
 public:
  absl::Status Receive(ReplyTo<std::string>& reply) override {
    reply.Reply("off");
    Become([this](ReplyTo<std::string>& r) {
      r.Reply("on");
      Unbecome();
      return absl::OkStatus();
    });
    return absl::OkStatus();
  }
};

TEST(ActorTest, BecomeReplacesTheBehaviour) {
  auto system = MakeSystem();
  ActorRef<ReplyTo<std::string>> toggle = Spawn<Toggle>(*system, "toggle");
  std::vector<std::string> answers;
  for (int i = 0; i < 4; ++i) {
    answers.push_back(frosty::RunSynchronously(system->executor(),
                                               Ask<std::string>(toggle, [](ReplyTo<std::string> r) { return r; },
                                                                absl::Seconds(10)))
                          .value());
  }
  EXPECT_EQ(answers, (std::vector<std::string>{"off", "on", "off", "on"}));
}

// An actor that waits for a gate before handling anything, so its mailbox fills.
struct Gated {
  int value;
};
class Slow : public Actor<Gated> {
 public:
  Slow(std::atomic<bool>* gate, std::vector<int>* seen, std::mutex* mutex) : gate_(gate), seen_(seen), mutex_(mutex) {}
  absl::Status Receive(Gated& g) override {
    gate_->wait(false);
    std::lock_guard<std::mutex> lock(*mutex_);
    seen_->push_back(g.value);
    return absl::OkStatus();
  }

 private:
  std::atomic<bool>* gate_;
  std::vector<int>* seen_;
  std::mutex* mutex_;
};

TEST(MailboxTest, BoundedDropNewestAndDropOldest) {
  for (Overflow overflow : {Overflow::kDropNewest, Overflow::kDropOldest}) {
    auto system = MakeSystem();
    std::atomic<bool> gate{false};
    std::vector<int> seen;
    std::mutex mutex;
    SpawnOptions options;
    options.mailbox = {4, overflow};
    ActorRef<Gated> slow = SpawnWith<Slow>(*system, "slow", options, &gate, &seen, &mutex);
    slow << Gated{0};  // taken at once; the actor then waits at the gate
    Eventually([&] { return slow.mailbox_length() == 0; });
    for (int i = 1; i <= 10; ++i) slow << Gated{i};
    gate.store(true);
    gate.notify_all();
    Eventually([&] {
      std::lock_guard<std::mutex> lock(mutex);
      return seen.size() == 5;
    });
    std::lock_guard<std::mutex> lock(mutex);
    if (overflow == Overflow::kDropNewest) {
      EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 4}));
    } else {
      EXPECT_EQ(seen, (std::vector<int>{0, 7, 8, 9, 10}));
    }
    EXPECT_EQ(system->dead_letters(), 6u);
  }
}

frosty::Task<void> SendAll(ActorRef<Gated> to, int n) {
  for (int i = 1; i <= n; ++i) co_await to.Send(Gated{i});
}

TEST(MailboxTest, BlockMakesTheSendersTaskWait) {
  auto system = MakeSystem();
  std::atomic<bool> gate{true};
  std::vector<int> seen;
  std::mutex mutex;
  SpawnOptions options;
  options.mailbox = {2, Overflow::kBlock};
  ActorRef<Gated> slow = SpawnWith<Slow>(*system, "slow", options, &gate, &seen, &mutex);
  ASSERT_TRUE(frosty::RunSynchronously(system->executor(), SendAll(slow, 200)).ok());
  Eventually([&] {
    std::lock_guard<std::mutex> lock(mutex);
    return seen.size() == 200;
  });
  EXPECT_EQ(system->dead_letters(), 0u);  // nothing was dropped: senders waited
  std::lock_guard<std::mutex> lock(mutex);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(seen[static_cast<size_t>(i)], i + 1);
}

TEST(ActorTest, ShutdownStopsChildrenInReverseStartOrder) {
  std::vector<std::string> order;
  std::mutex mutex;
  struct Noting : Actor<int> {
    Noting(std::string n, std::vector<std::string>* o, std::mutex* m) : name(std::move(n)), order(o), mutex(m) {}
    void PostStop() override {
      std::lock_guard<std::mutex> lock(*mutex);
      order->push_back(name);
    }
    absl::Status Receive(int&) override { return absl::OkStatus(); }
    std::string name;
    std::vector<std::string>* order;
    std::mutex* mutex;
  };
  struct Parent : Actor<int> {
    Parent(std::vector<std::string>* o, std::mutex* m) : order(o), mutex(m) {}
    void PreStart() override {
      for (const char* n : {"a", "b", "c"}) Spawn<Noting>(n, std::string(n), order, mutex);
    }
    void PostStop() override {
      std::lock_guard<std::mutex> lock(*mutex);
      order->push_back("parent");
    }
    absl::Status Receive(int&) override { return absl::OkStatus(); }
    std::vector<std::string>* order;
    std::mutex* mutex;
  };
  auto system = MakeSystem();
  ActorRef<int> parent = Spawn<Parent>(*system, "parent", &order, &mutex);
  Eventually([&] { return parent.cell()->children().size() == 3; });
  EXPECT_EQ(system->DescribeTree(),
            "test-system\n  parent [mailbox=0 restarts=0]\n    a [mailbox=0 restarts=0]\n"
            "    b [mailbox=0 restarts=0]\n    c [mailbox=0 restarts=0]\n");
  EXPECT_NE(system->DescribeDot().find("digraph"), std::string::npos);
  system->Shutdown();
  EXPECT_EQ(order, (std::vector<std::string>{"c", "b", "a", "parent"}));
}

// --- Concurrency: no message lost or duplicated. ------------------------------------------------

TEST(ActorTest, NoLostOrDuplicatedMessagesUnderConcurrentSenders) {
  auto system = MakeSystem(2);
  constexpr int kSenders = 4, kEach = 20000;
  std::vector<int> last(kSenders, -1);
  std::atomic<int> received{0};
  bool in_order = true;
  ActorRef<std::pair<int, int>> sink = SpawnFunction<std::pair<int, int>>(
      *system, "sink", [&](FunctionActor<std::pair<int, int>>&, std::pair<int, int>& m) {
        // Per sender, messages arrive in send order, each exactly once.
        if (m.second != last[static_cast<size_t>(m.first)] + 1) in_order = false;
        last[static_cast<size_t>(m.first)] = m.second;
        received.fetch_add(1, std::memory_order_release);
        return absl::OkStatus();
      });
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      for (int i = 0; i < kEach; ++i) sink << std::make_pair(s, i);
    });
  }
  for (auto& t : senders) t.join();
  Eventually([&] { return received.load(std::memory_order_acquire) == kSenders * kEach; });
  system->Shutdown();
  EXPECT_TRUE(in_order);
  for (int s = 0; s < kSenders; ++s) EXPECT_EQ(last[static_cast<size_t>(s)], kEach - 1);
}

// --- Deterministic runs over many seeds. -------------------------------------------------------

TEST(DeterministicTest, CounterAndSupervisionOverManySeeds) {
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    auto executor = prospero::Executor::Create(
                        prospero::PlatformConfig::Default()
                            .WithExecutionModel(prospero::ExecutionModel::kDeterministic)
                            .WithScheduler(prospero::SchedulerConfig::Create().WithWorkerCount(1).WithSeed(seed)))
                        .value();
    SystemConfig config;
    config.guardian = {Strategy::kOneForOne, 100, absl::Seconds(5)};
    auto system = ActorSystem::CreateOn("det", *executor, config);
    ActorRef<CounterMsg> counter = Spawn<Counter>(*system, "counter");
    std::atomic<int> starts{0};
    ActorRef<Work> worker = Spawn<Worker>(*system, "worker", &starts, nullptr);
    for (int i = 0; i < 50; ++i) {
      counter << Increment{};
      if (i % 10 == 0) worker << Work{true, nullptr};
    }
    EXPECT_EQ(AskCount(*system, counter), 50) << "seed " << seed;
    executor->RunUntilIdle();
    EXPECT_EQ(starts.load(), 6) << "seed " << seed;  // the first start and five restarts
    system->Shutdown();
  }
}

}  // namespace
}  // namespace olivier
