#include "olivier/mailbox_processor.h"

#include <atomic>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "gtest/gtest.h"

namespace olivier {
namespace {

std::unique_ptr<ActorSystem> MakeSystem() {
  SystemConfig config;
  config.platform = prospero::PlatformConfig::Default().WithScheduler(
      prospero::SchedulerConfig::Create().WithWorkerCount(2));
  return ActorSystem::Create("agents", config).value();
}

// The seed's counter as a MailboxProcessor:
//   MailboxProcessor.Start(fun inbox -> let rec loop n = async { match! inbox.Receive() with
//     | Incr -> return! loop (n + 1) | GetCount reply -> reply.Reply n; return! loop n } loop 0)
struct Incr {};
struct GetCount {
  AsyncReplyChannel<int> reply;
};
using CounterMsg = std::variant<Incr, GetCount>;

frosty::Task<void> CounterLoop(Inbox<CounterMsg>& inbox) {
  int count = 0;
  for (;;) {
    CounterMsg msg = co_await inbox.Receive();
    if (auto* get = std::get_if<GetCount>(&msg)) {
      get->reply.Reply(count);
    } else {
      ++count;
    }
  }
}

TEST(MailboxProcessorTest, TheSeedsCounter) {
  auto system = MakeSystem();
  auto agent = MailboxProcessor<CounterMsg>::Start(*system, &CounterLoop, "counter");
  for (int i = 0; i < 500; ++i) agent.Post(Incr{});
  absl::StatusOr<int> count =
      agent.PostAndReply<int>([](AsyncReplyChannel<int> r) { return CounterMsg{GetCount{r}}; }, absl::Seconds(10));
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 500);
  system->Shutdown();
}

frosty::Task<int> AskTwice(MailboxProcessor<CounterMsg> agent) {
  int a = co_await agent.PostAndAsyncReply<int>([](AsyncReplyChannel<int> r) { return CounterMsg{GetCount{r}}; });
  agent.Post(Incr{});
  int b = co_await agent.PostAndAsyncReply<int>([](AsyncReplyChannel<int> r) { return CounterMsg{GetCount{r}}; });
  co_return a * 10 + b;
}

TEST(MailboxProcessorTest, PostAndAsyncReplyFromATask) {
  auto system = MakeSystem();
  auto agent = MailboxProcessor<CounterMsg>::Start(*system, &CounterLoop);
  agent.Post(Incr{});
  EXPECT_EQ(frosty::RunSynchronously(system->executor(), AskTwice(agent)).value(), 12);
}

// Scan takes the first matching message and leaves the others queued, in order.
struct Note {
  int priority;
  std::string text;
};
using NoteMsg = std::variant<Note, AsyncReplyChannel<std::vector<std::string>>>;

frosty::Task<void> UrgentFirst(Inbox<NoteMsg>& inbox) {
  std::vector<std::string> seen;
  // Wait for a report request first, letting notes pile up.
  NoteMsg request = co_await inbox.Scan([](const NoteMsg& m) { return !std::holds_alternative<Note>(m); });
  // Then take the urgent notes, then the rest in arrival order.
  for (;;) {
    std::optional<NoteMsg> urgent = co_await inbox.TryScan(
        [](const NoteMsg& m) { return std::holds_alternative<Note>(m) && std::get<Note>(m).priority > 5; },
        absl::ZeroDuration());
    if (!urgent) break;
    seen.push_back(std::get<Note>(*urgent).text);
  }
  for (;;) {
    std::optional<NoteMsg> next = co_await inbox.TryReceive(absl::ZeroDuration());
    if (!next) break;
    seen.push_back(std::get<Note>(*next).text);
  }
  std::get<AsyncReplyChannel<std::vector<std::string>>>(request).Reply(seen);
}

TEST(MailboxProcessorTest, ScanLeavesOtherMessagesInOrder) {
  auto system = MakeSystem();
  auto agent = MailboxProcessor<NoteMsg>::Start(*system, &UrgentFirst);
  agent.Post(Note{1, "a"});
  agent.Post(Note{9, "B"});
  agent.Post(Note{2, "c"});
  agent.Post(Note{7, "D"});
  // Wait until all four are queued before asking, so the order is fixed.
  while (agent.CurrentQueueLength() < 4) std::this_thread::yield();
  absl::StatusOr<std::vector<std::string>> seen = agent.PostAndReply<std::vector<std::string>>(
      [](AsyncReplyChannel<std::vector<std::string>> r) { return NoteMsg{r}; }, absl::Seconds(10));
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(*seen, (std::vector<std::string>{"B", "D", "a", "c"}));
}

frosty::Task<void> Patient(Inbox<int>& inbox, std::atomic<int>* timeouts, std::atomic<int>* got) {
  for (;;) {
    std::optional<int> n = co_await inbox.TryReceive(absl::Milliseconds(5));
    if (!n) {
      timeouts->fetch_add(1);
      continue;
    }
    if (*n < 0) co_return;  // done
    got->fetch_add(*n);
  }
}

TEST(MailboxProcessorTest, TryReceiveTimesOutAndStillReceives) {
  auto system = MakeSystem();
  std::atomic<int> timeouts{0}, got{0};
  auto agent = MailboxProcessor<int>::Start(
      *system, [&](Inbox<int>& inbox) { return Patient(inbox, &timeouts, &got); });
  while (timeouts.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  agent.Post(40);
  agent.Post(2);
  while (got.load() < 42) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  agent.Post(-1);  // the body returns: the agent stops
  while (agent.ref().alive()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(got.load(), 42);
}

frosty::Task<void> PatientForAnHour(Inbox<int>& inbox, std::atomic<int>* got) {
  for (;;) {
    std::optional<int> n = co_await inbox.TryReceive(absl::Hours(1));
    if (!n || *n < 0) co_return;
    got->fetch_add(*n);
  }
}

// A wait that a message ends withdraws its timeout (else RunUntilIdle would wait an hour).
TEST(MailboxProcessorTest, AMessageWithdrawsTheWaitsTimeout) {
  auto system = MakeSystem();
  std::atomic<int> got{0};
  auto agent = MailboxProcessor<int>::Start(
      *system, [&](Inbox<int>& inbox) { return PatientForAnHour(inbox, &got); });
  for (int i = 1; i <= 100; ++i) {
    agent.Post(1);
    while (got.load() < i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  agent.Post(-1);
  while (agent.ref().alive()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  system->executor().RunUntilIdle();
  EXPECT_EQ(got.load(), 100);
}

frosty::Task<void> Failing(Inbox<int>& inbox) {
  int n = co_await inbox.Receive();
  if (n == 13) co_await frosty::Fail(absl::InvalidArgumentError("unlucky"));
}

TEST(MailboxProcessorTest, AFailureIsReportedAndStopsTheAgent) {
  auto system = MakeSystem();
  std::mutex mutex;
  std::string reported;
  auto agent = MailboxProcessor<int>::Start(*system, &Failing, "failing", [&](const absl::Status& s) {
    std::lock_guard<std::mutex> lock(mutex);
    reported = std::string(s.message());
  });
  agent.Post(13);
  while (agent.ref().alive()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(reported, "unlucky");
}

TEST(MailboxProcessorTest, StoppingEndsAPendingReceive) {
  auto system = MakeSystem();
  auto agent = MailboxProcessor<CounterMsg>::Start(*system, &CounterLoop);
  agent.Post(Incr{});
  agent.Stop();
  while (agent.ref().alive()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  absl::StatusOr<int> late =
      agent.PostAndReply<int>([](AsyncReplyChannel<int> r) { return CounterMsg{GetCount{r}}; }, absl::Seconds(1));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kUnavailable);
  system->Shutdown();
}

}  // namespace
}  // namespace olivier
