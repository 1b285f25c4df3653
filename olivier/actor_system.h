// olivier: Erlang-style actors on Prospero executors.
//
//   auto system = olivier::ActorSystem::Create("counter-system").value();
//   olivier::ActorRef<CounterMsg> counter = system->Spawn<Counter>("counter");
//   counter << Increment{};                                  // tell
//   int n = frosty::RunSynchronously(system->executor(),
//       olivier::Ask<int>(counter, [](olivier::ReplyTo<int> r) { return CounterMsg{GetCount{r}}; },
//                         absl::Seconds(1))).value();
//
// Semantics (Erlang/OTP's, with Akka's restart-in-place):
// - An actor processes one message at a time; its state is touched by no one else. Messages are
//   moved into the receiver's mailbox: actors share nothing. Each actor owns a prospero::Region
//   (context().region()) that is released when it dies.
// - A send to a dead actor goes to the system's dead letters (counted, observable).
// - A failure is an error escaping the behaviour (a non-OK absl::Status from Receive). The
//   failing message is dropped, the actor stops processing and its supervisor (the parent)
//   decides by its SupervisorSpec: restart (in place: same ref, same mailbox, a new behaviour
//   instance, PreRestart on the old and PreStart on the new), or stop. Restart types: permanent
//   (always restarted, also after a normal stop: as a new actor), transient (only after a
//   failure), temporary (never). Strategies: one_for_one, one_for_all, rest_for_one. More than
//   max_restarts within `within` and the supervisor fails to its own parent.
// - Links are two-way: when an actor dies abnormally, linked actors die with the same reason,
//   unless they trap exits (their OnExit runs instead). Monitors are one-way: OnDown runs in
//   the watcher whatever the reason.
// - Stopping an actor stops its children first, in reverse start order, then runs PostStop.
//   Shutdown() stops every top-level actor that way.
// - System messages (stop, restart, exit signals, down notices) overtake user messages.
#ifndef FIDELITY_OLIVIER_ACTOR_SYSTEM_H_
#define FIDELITY_OLIVIER_ACTOR_SYSTEM_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "olivier/mpsc_queue.h"
#include "prospero/config.h"
#include "prospero/executor.h"
#include "prospero/region.h"

namespace olivier {

class ActorSystem;

enum class Restart { kPermanent, kTransient, kTemporary };
enum class Strategy { kOneForOne, kOneForAll, kRestForOne };

// How an actor supervises its children.
struct SupervisorSpec {
  Strategy strategy = Strategy::kOneForOne;
  int max_restarts = 3;                    // at most this many restarts...
  absl::Duration within = absl::Seconds(5);  // ...in this window, else the supervisor fails
};

enum class Overflow {
  kDropNewest,  // a message that finds the mailbox full goes to dead letters
  kDropOldest,  // the oldest queued message goes to dead letters to make room
  kBlock,       // Tell refuses (returns false); `co_await ref.Send(msg)` waits for room
};

struct MailboxOptions {
  size_t capacity = 0;  // 0: unbounded
  Overflow overflow = Overflow::kDropNewest;
};

struct SpawnOptions {
  Restart restart = Restart::kPermanent;
  MailboxOptions mailbox;
  SupervisorSpec supervision;  // for this actor's own children
  // Messages an actor handles before yielding its thread to others.
  int throughput = 64;
};

// An exit signal from a linked actor (reason OK: it stopped normally).
struct ExitSignal {
  uint64_t from = 0;
  std::string from_name;
  absl::Status reason;
};

// The notice a monitor receives when the watched actor dies.
struct DownMessage {
  uint64_t monitor = 0;
  uint64_t actor = 0;
  std::string name;
  absl::Status reason;
};

namespace internal {

class ActorCell;
using CellPtr = std::shared_ptr<ActorCell>;

// A user message in a mailbox.
struct Envelope : QueueNode {
  void (*destroy)(Envelope*) = nullptr;
};

template <typename Msg>
struct TypedEnvelope final : Envelope {
  static void* operator new(size_t size);
  static void operator delete(void* p, size_t size) noexcept;
  explicit TypedEnvelope(Msg m) : msg(std::move(m)) { destroy = &Destroy; }
  static void Destroy(Envelope* e) { delete static_cast<TypedEnvelope*>(e); }
  Msg msg;
};

enum class SysKind : uint8_t {
  kStop,        // stop (children first); from the parent, the system or oneself
  kRestart,     // the parent's directive after a failure
  kFailed,      // a child failed (to the parent)
  kTerminated,  // a child died (to the parent)
  kLink,        // another actor links to this one
  kUnlink,
  kExit,        // a linked actor died
  kMonitor,     // another actor watches this one
  kDemonitor,
  kDown,        // a watched actor died
  kSelfFail,    // the behaviour failed outside Receive (a MailboxProcessor's task)
};

struct SysMessage : QueueNode {
  SysKind kind;
  CellPtr other;
  absl::Status reason;
  uint64_t tag = 0;  // monitor id
};

// The type-erased behaviour a cell runs; olivier::Actor<Msg> is the typed face.
class Behavior {
 public:
  virtual ~Behavior() = default;
  virtual absl::Status Handle(Envelope* envelope) = 0;
  virtual void PreStart() {}
  virtual void PostStop() {}
  virtual void PreRestart(const absl::Status& reason) { (void)reason; }
  virtual void OnExit(const ExitSignal& signal) { (void)signal; }
  virtual void OnDown(const DownMessage& down) { (void)down; }
  ActorCell* cell_ = nullptr;  // set by the cell before PreStart
};

using BehaviorFactory = std::function<std::unique_ptr<Behavior>()>;

// The untyped actor: mailbox, lifecycle, supervision, links and monitors.
class ActorCell : public std::enable_shared_from_this<ActorCell> {
 public:
  ActorCell(ActorSystem* system, CellPtr parent, std::string name, std::type_index message_type,
            BehaviorFactory factory, SpawnOptions options);
  ~ActorCell();

  uint64_t id() const { return id_; }
  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }
  ActorSystem* system() const { return system_; }
  std::type_index message_type() const { return message_type_; }
  const SpawnOptions& options() const { return options_; }
  const BehaviorFactory& factory() const { return factory_; }
  bool alive() const { return !dead_.load(std::memory_order_acquire); }
  int64_t mailbox_length() const { return user_count_.load(std::memory_order_relaxed); }
  int restarts() const { return total_restarts_.load(std::memory_order_relaxed); }
  // Created on first use: most actors never allocate from it.
  prospero::Region& region() {
    if (region_ == nullptr) region_ = std::make_unique<prospero::Region>();
    return *region_;
  }
  CellPtr parent() const { return parent_.lock(); }
  std::vector<CellPtr> children() const;

  // Any thread. False when the message went to dead letters (dead actor, full mailbox).
  bool Deliver(Envelope* envelope);
  // Any thread: like Deliver, but a full mailbox hands the envelope back (kFull) untouched.
  enum class Delivery { kAccepted, kFull, kDead };
  Delivery TryDeliver(Envelope* envelope);
  void SendSystem(SysKind kind, CellPtr other = nullptr, absl::Status reason = absl::OkStatus(),
                  uint64_t tag = 0);

  // Starts the actor (PreStart, then processing). Called once by the spawner.
  void Start();

  // Inside the actor only (from its behaviour).
  CellPtr SpawnChild(std::string name, std::type_index message_type, BehaviorFactory factory,
                     SpawnOptions options);
  void StopSelf() { SendSystem(SysKind::kStop); }
  void set_trap_exit(bool trap) { trap_exit_ = trap; }
  bool trap_exit() const { return trap_exit_; }
  void LinkTo(const CellPtr& other);
  void UnlinkFrom(const CellPtr& other);
  uint64_t MonitorOther(const CellPtr& other);
  void Demonitor(const CellPtr& other, uint64_t monitor);
  // Waiting for mailbox room (Overflow::kBlock): `wake` runs once room is freed.
  void WaitForRoom(std::function<void()> wake);
  bool HasRoom() const;

 private:
  enum class State : uint8_t { kRunning, kFailed, kStopping, kDead };

  static void Run(prospero::WorkItem* item, prospero::RunReason reason);
  void Schedule();
  bool RunTurn();  // true: out of budget with work left
  void HandleSystem(SysMessage* message);
  void Fail(absl::Status reason);
  void BeginStop(absl::Status reason);
  void StopNextChild();
  void FinishStop();
  void RestartBehavior(const absl::Status& reason);
  void OnChildFailed(const CellPtr& child, const absl::Status& reason);
  void OnChildTerminated(const CellPtr& child, const absl::Status& reason);
  bool RecordRestart();  // false when the restart intensity is exceeded
  void DropUserMessages();
  void WakeBlockedSenders();
  // The child list (children_mutex_ held). A child's specification lives in its own cell.
  void AddChildLocked(const CellPtr& child);
  CellPtr RemoveChildLocked(ActorCell* child);  // null when it is no longer a child
  std::vector<CellPtr> ChildrenLocked() const;  // start order

  ActorSystem* system_;
  std::weak_ptr<ActorCell> parent_;
  const uint64_t id_;
  const std::string name_;
  std::string path_;
  const std::type_index message_type_;
  BehaviorFactory factory_;
  const SpawnOptions options_;

  // Mailbox: producers push, the turn consumes. `scheduled_` says a turn is queued or running.
  MpscQueue user_;
  MpscQueue system_queue_;
  alignas(64) std::atomic<int64_t> user_count_{0};  // incremented before a push, decremented after a pop
  std::atomic<int64_t> system_count_{0};  // likewise for system messages
  std::atomic<bool> scheduled_{false};
  std::atomic<bool> dead_{false};
  // The turn's work item; first member of a standard-layout struct so Run finds the cell.
  struct Turn {
    prospero::WorkItem work;
    ActorCell* cell;
  } turn_{{&ActorCell::Run}, this};
  std::shared_ptr<ActorCell> keep_alive_;  // held while a turn is queued or running

  // Touched only inside turns.
  State state_ = State::kRunning;
  bool started_ = false;
  std::unique_ptr<Behavior> behavior_;
  std::unique_ptr<prospero::Region> region_;
  absl::Status stop_reason_;
  bool trap_exit_ = false;
  std::vector<std::weak_ptr<ActorCell>> links_;
  struct Watcher {
    std::weak_ptr<ActorCell> cell;
    uint64_t monitor;
  };
  std::vector<Watcher> watchers_;
  std::vector<absl::Time> restart_times_;  // not a deque: an empty deque allocates ~600 bytes
  std::vector<CellPtr> stopping_children_;  // start order, while stopping: stopped from the back
  std::atomic<int> total_restarts_{0};

  // Children in start order: a list threaded through the child cells themselves, so adding and
  // removing one allocates nothing and costs O(1) (spawn-heavy programs start and stop
  // thousands per millisecond). Guarded by the parent's mutex, also for introspection.
  mutable std::mutex children_mutex_;
  ActorCell* first_child_ = nullptr;
  ActorCell* last_child_ = nullptr;
  // This cell's links in its parent's list (guarded by the parent's children_mutex_).
  ActorCell* previous_sibling_ = nullptr;
  ActorCell* next_sibling_ = nullptr;
  CellPtr held_by_parent_;  // the parent's reference while this cell is its child

  std::mutex blocked_mutex_;
  std::vector<std::function<void()>> blocked_senders_;
};

}  // namespace internal

struct SystemConfig {
  prospero::PlatformConfig platform = prospero::PlatformConfig::Default();
  // How top-level actors are supervised.
  SupervisorSpec guardian;
  // Dead letters remembered for inspection (the count is always kept).
  size_t dead_letter_log = 64;
};

class ActorSystem {
 public:
  // A system with an executor of its own, built from `config.platform`.
  static absl::StatusOr<std::unique_ptr<ActorSystem>> Create(std::string name,
                                                             SystemConfig config = {});
  // A system on an executor owned by the caller (tests use the Deterministic one). The executor
  // must outlive the system.
  static std::unique_ptr<ActorSystem> CreateOn(std::string name, prospero::Executor& executor,
                                               SystemConfig config = {});
  ~ActorSystem();  // shuts down if Shutdown was not called

  const std::string& name() const { return name_; }
  prospero::Executor& executor() { return *executor_; }

  // Stops every top-level actor (children first, reverse start order) and waits for them.
  void Shutdown();
  // Runs the executor until every actor has stopped (for cooperative/deterministic executors,
  // or to wait for a self-stopping application). Returns the reason the user tree ended.
  absl::Status AwaitTermination();
  // Why the top level failed (restart intensity exhausted), if it did.
  absl::Status status() const;

  // Dead letters: messages sent to dead actors or refused by full mailboxes.
  uint64_t dead_letters() const { return dead_letters_.load(std::memory_order_relaxed); }
  std::vector<std::string> recent_dead_letters() const;
  // Called (on the sender's thread) for every dead letter.
  void OnDeadLetter(std::function<void(const std::string& actor)> callback);

  // Names. Register fails if the name is taken by a live actor.
  absl::Status Register(const std::string& name, const internal::CellPtr& cell);
  void Unregister(const std::string& name);
  internal::CellPtr Whereis(const std::string& name) const;

  // The live actor tree: one line per actor with its mailbox length and restarts; and the same
  // as Graphviz dot.
  std::string DescribeTree() const;
  std::string DescribeDot() const;

  // Typed spawning lives in olivier/actor.h; this is the untyped entry.
  internal::CellPtr SpawnTopLevel(std::string name, std::type_index message_type,
                                  internal::BehaviorFactory factory, SpawnOptions options);

  // Internal.
  void RecordDeadLetter(const std::string& actor);
  uint64_t NextId() { return next_id_.fetch_add(1, std::memory_order_relaxed); }
  internal::CellPtr guardian() const { return guardian_; }
  void GuardianFailed(absl::Status reason);
  void GuardianStopped();

 private:
  ActorSystem(std::string name, prospero::Executor* executor,
              std::unique_ptr<prospero::Executor> owned, SystemConfig config);

  const std::string name_;
  std::unique_ptr<prospero::Executor> owned_executor_;
  prospero::Executor* executor_;
  const SystemConfig config_;
  internal::CellPtr guardian_;
  std::atomic<uint64_t> next_id_{1};
  std::atomic<bool> terminated_{false};
  bool shut_down_ = false;

  mutable std::mutex mutex_;
  absl::Status status_;
  std::deque<std::string> dead_letter_log_;
  std::vector<std::function<void(const std::string&)>> dead_letter_callbacks_;
  std::unordered_map<std::string, std::weak_ptr<internal::ActorCell>> registry_;
  std::atomic<uint64_t> dead_letters_{0};
};

}  // namespace olivier

#endif  // FIDELITY_OLIVIER_ACTOR_SYSTEM_H_
