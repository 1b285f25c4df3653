#include "olivier/actor_system.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace olivier {
namespace internal {

ActorCell::ActorCell(ActorSystem* system, CellPtr parent, std::string name,
                     std::type_index message_type, BehaviorFactory factory, SpawnOptions options)
    : system_(system),
      parent_(parent),
      id_(system->NextId()),
      name_(std::move(name)),
      message_type_(message_type),
      factory_(std::move(factory)),
      options_(std::move(options)) {
  path_ = parent ? absl::StrCat(parent->path(), "/", name_) : absl::StrCat("/", name_);
}

ActorCell::~ActorCell() {
  // Whatever is still queued (late sends to a dead actor) is freed here.
  while (QueueNode* node = user_.Pop()) {
    auto* envelope = static_cast<Envelope*>(node);
    envelope->destroy(envelope);
  }
  while (QueueNode* node = system_queue_.Pop()) delete static_cast<SysMessage*>(node);
  // Children still listed (the executor was cancelled before they terminated) are released.
  std::lock_guard<std::mutex> lock(children_mutex_);
  while (first_child_ != nullptr) RemoveChildLocked(first_child_);
}

std::vector<CellPtr> ActorCell::children() const {
  std::lock_guard<std::mutex> lock(children_mutex_);
  return ChildrenLocked();
}

std::vector<CellPtr> ActorCell::ChildrenLocked() const {
  std::vector<CellPtr> out;
  for (ActorCell* child = first_child_; child != nullptr; child = child->next_sibling_) {
    out.push_back(child->held_by_parent_);
  }
  return out;
}

void ActorCell::AddChildLocked(const CellPtr& child) {
  child->held_by_parent_ = child;
  child->previous_sibling_ = last_child_;
  child->next_sibling_ = nullptr;
  (last_child_ != nullptr ? last_child_->next_sibling_ : first_child_) = child.get();
  last_child_ = child.get();
}

CellPtr ActorCell::RemoveChildLocked(ActorCell* child) {
  if (child->held_by_parent_ == nullptr) return nullptr;
  (child->previous_sibling_ != nullptr ? child->previous_sibling_->next_sibling_ : first_child_) =
      child->next_sibling_;
  (child->next_sibling_ != nullptr ? child->next_sibling_->previous_sibling_ : last_child_) =
      child->previous_sibling_;
  child->previous_sibling_ = child->next_sibling_ = nullptr;
  return std::move(child->held_by_parent_);
}

bool ActorCell::HasRoom() const {
  return options_.mailbox.capacity == 0 ||
         user_count_.load(std::memory_order_acquire) < static_cast<int64_t>(options_.mailbox.capacity);
}

ActorCell::Delivery ActorCell::TryDeliver(Envelope* envelope) {
  if (!alive()) return Delivery::kDead;
  const size_t capacity = options_.mailbox.capacity;
  int64_t queued = user_count_.fetch_add(1, std::memory_order_seq_cst) + 1;
  if (capacity > 0 && queued > static_cast<int64_t>(capacity) &&
      options_.mailbox.overflow != Overflow::kDropOldest) {
    user_count_.fetch_sub(1, std::memory_order_acq_rel);
    return Delivery::kFull;
  }
  user_.Push(envelope);
  Schedule();
  return Delivery::kAccepted;
}

bool ActorCell::Deliver(Envelope* envelope) {
  if (TryDeliver(envelope) == Delivery::kAccepted) return true;
  // Dead, or full: the newest message (this one) is refused.
  system_->RecordDeadLetter(path_);
  envelope->destroy(envelope);
  return false;
}

void ActorCell::SendSystem(SysKind kind, CellPtr other, absl::Status reason, uint64_t tag) {
  auto* message = new SysMessage;
  message->kind = kind;
  message->other = std::move(other);
  message->reason = std::move(reason);
  message->tag = tag;
  system_count_.fetch_add(1, std::memory_order_seq_cst);
  system_queue_.Push(message);
  Schedule();  // a dead cell's turn answers links and monitors with "noproc"
}

void ActorCell::Schedule() {
  // Already scheduled (the common case under load): a plain load, no write to the shared line.
  // seq_cst, like the exchange, so the turn's end-of-turn count check still sees this push.
  if (scheduled_.load(std::memory_order_seq_cst)) return;
  if (!scheduled_.exchange(true, std::memory_order_seq_cst)) {
    keep_alive_ = shared_from_this();  // the queued turn keeps the cell alive
    system_->executor().Submit(&turn_.work);
  }
}

void ActorCell::Start() { Schedule(); }

void ActorCell::Run(prospero::WorkItem* item, prospero::RunReason reason) {
  ActorCell* self = reinterpret_cast<Turn*>(item)->cell;
  CellPtr keep = std::move(self->keep_alive_);
  if (reason == prospero::RunReason::kCancelled) {
    self->scheduled_.store(false, std::memory_order_seq_cst);
    return;  // the executor is gone: nothing will run again
  }
  bool more = self->RunTurn();
  if (more) {
    // Out of budget with messages left: yield the thread, keep the turn.
    self->keep_alive_ = std::move(keep);
    self->system_->executor().Submit(&self->turn_.work);
    return;
  }
  // Read before the turn is released: once it is, another turn may change the state.
  const bool running = self->state_ == State::kRunning;
  // An exchange, not a store: the release must be ordered before the loads of the counts below
  // (a read-modify-write is a full barrier everywhere, qemu-user's aarch64 on x86-64 included).
  self->scheduled_.exchange(false, std::memory_order_seq_cst);
  // A message counted before this release found `scheduled_` set and did not schedule: the
  // counts (incremented before each push, seq_cst like the flag) say whether one is waiting.
  bool pending = self->system_count_.load(std::memory_order_seq_cst) > 0 ||
                 (running && self->user_count_.load(std::memory_order_seq_cst) > 0);
  if (pending && !self->scheduled_.exchange(true, std::memory_order_seq_cst)) {
    self->keep_alive_ = std::move(keep);
    self->system_->executor().Submit(&self->turn_.work);
  }
}

bool ActorCell::RunTurn() {
  if (state_ == State::kDead) {
    // Late system messages: links and monitors learn the actor is gone.
    while (QueueNode* node = system_queue_.Pop()) {
      system_count_.fetch_sub(1, std::memory_order_seq_cst);
      std::unique_ptr<SysMessage> message(static_cast<SysMessage*>(node));
      if (message->kind == SysKind::kLink && message->other) {
        message->other->SendSystem(SysKind::kExit, shared_from_this(), absl::NotFoundError("noproc"));
      } else if (message->kind == SysKind::kMonitor && message->other) {
        message->other->SendSystem(SysKind::kDown, shared_from_this(), absl::NotFoundError("noproc"),
                                   message->tag);
      }
    }
    DropUserMessages();
    return false;
  }
  if (!started_) {
    started_ = true;
    behavior_ = factory_();
    behavior_->cell_ = this;
    behavior_->PreStart();
  }
  int budget = options_.throughput;
  for (;;) {
    while (QueueNode* node = system_queue_.Pop()) {
      system_count_.fetch_sub(1, std::memory_order_seq_cst);
      HandleSystem(static_cast<SysMessage*>(node));
      if (state_ == State::kDead) return false;
    }
    if (state_ != State::kRunning) return false;  // failed (awaiting a directive) or stopping
    if (budget-- == 0) {
      return user_count_.load(std::memory_order_seq_cst) > 0 ||
             system_count_.load(std::memory_order_seq_cst) > 0;
    }
    QueueNode* node = user_.Pop();
    if (node == nullptr) return false;
    auto* envelope = static_cast<Envelope*>(node);
    int64_t queued = user_count_.fetch_sub(1, std::memory_order_seq_cst);
    if (options_.mailbox.capacity > 0) {
      if (options_.mailbox.overflow == Overflow::kDropOldest &&
          queued > static_cast<int64_t>(options_.mailbox.capacity)) {
        system_->RecordDeadLetter(path_);  // the oldest makes room for a newer one
        envelope->destroy(envelope);
        continue;
      }
      if (options_.mailbox.overflow == Overflow::kBlock) WakeBlockedSenders();
    }
    absl::Status status = behavior_->Handle(envelope);
    envelope->destroy(envelope);
    if (!status.ok()) {
      Fail(std::move(status));
      return false;
    }
  }
}

void ActorCell::HandleSystem(SysMessage* raw) {
  std::unique_ptr<SysMessage> message(raw);
  switch (message->kind) {
    case SysKind::kStop:
      BeginStop(message->reason);
      break;
    case SysKind::kRestart:
      if (state_ == State::kRunning || state_ == State::kFailed) RestartBehavior(message->reason);
      break;
    case SysKind::kFailed:
      OnChildFailed(message->other, message->reason);
      break;
    case SysKind::kTerminated:
      OnChildTerminated(message->other, message->reason);
      break;
    case SysKind::kLink:
      if (message->other) links_.push_back(message->other);
      break;
    case SysKind::kUnlink:
      links_.erase(std::remove_if(links_.begin(), links_.end(),
                                  [&](const std::weak_ptr<ActorCell>& l) {
                                    return l.lock() == message->other;
                                  }),
                   links_.end());
      break;
    case SysKind::kExit: {
      links_.erase(std::remove_if(links_.begin(), links_.end(),
                                  [&](const std::weak_ptr<ActorCell>& l) {
                                    CellPtr p = l.lock();
                                    return p == nullptr || p == message->other;
                                  }),
                   links_.end());
      ExitSignal signal{message->other ? message->other->id() : 0,
                        message->other ? message->other->name() : "", message->reason};
      if (trap_exit_) {
        if (behavior_ && state_ == State::kRunning) behavior_->OnExit(signal);
      } else if (!message->reason.ok()) {
        // Die with the linked actor's reason (Erlang: a non-normal exit propagates).
        BeginStop(message->reason);
      }
      break;
    }
    case SysKind::kMonitor:
      watchers_.push_back({message->other, message->tag});
      break;
    case SysKind::kDemonitor:
      watchers_.erase(std::remove_if(watchers_.begin(), watchers_.end(),
                                     [&](const Watcher& w) { return w.monitor == message->tag; }),
                      watchers_.end());
      break;
    case SysKind::kDown:
      if (behavior_ && state_ == State::kRunning) {
        behavior_->OnDown(DownMessage{message->tag, message->other ? message->other->id() : 0,
                                      message->other ? message->other->name() : "",
                                      message->reason});
      }
      break;
    case SysKind::kSelfFail:
      if (state_ == State::kRunning) Fail(message->reason);
      break;
  }
}

void ActorCell::Fail(absl::Status reason) {
  state_ = State::kFailed;
  CellPtr parent = parent_.lock();
  if (parent == nullptr) {
    // The guardian: the top of the tree has failed.
    system_->GuardianFailed(reason);
    state_ = State::kRunning;
    BeginStop(std::move(reason));
    return;
  }
  parent->SendSystem(SysKind::kFailed, shared_from_this(), std::move(reason));
}

void ActorCell::BeginStop(absl::Status reason) {
  if (state_ == State::kStopping || state_ == State::kDead) return;
  state_ = State::kStopping;
  stop_reason_ = std::move(reason);
  {
    std::lock_guard<std::mutex> lock(children_mutex_);
    stopping_children_ = ChildrenLocked();
  }
  StopNextChild();
}

void ActorCell::StopNextChild() {
  while (!stopping_children_.empty()) {
    CellPtr next = stopping_children_.back();  // the last started goes first
    if (next->alive()) {
      next->SendSystem(SysKind::kStop);
      return;  // its kTerminated continues the sequence
    }
    stopping_children_.pop_back();
  }
  FinishStop();
}

void ActorCell::FinishStop() {
  if (behavior_ != nullptr) {
    behavior_->PostStop();
    behavior_.reset();
  }
  state_ = State::kDead;
  dead_.exchange(true, std::memory_order_seq_cst);  // full barrier before the drain (see Run)
  DropUserMessages();
  WakeBlockedSenders();
  region_.reset();
  CellPtr self = shared_from_this();
  for (const std::weak_ptr<ActorCell>& link : links_) {
    if (CellPtr other = link.lock()) other->SendSystem(SysKind::kExit, self, stop_reason_);
  }
  links_.clear();
  for (const Watcher& watcher : watchers_) {
    if (CellPtr other = watcher.cell.lock()) {
      other->SendSystem(SysKind::kDown, self, stop_reason_, watcher.monitor);
    }
  }
  watchers_.clear();
  if (CellPtr parent = parent_.lock()) {
    parent->SendSystem(SysKind::kTerminated, self, stop_reason_);
  } else {
    system_->GuardianStopped();
  }
}

void ActorCell::DropUserMessages() {
  while (QueueNode* node = user_.Pop()) {
    user_count_.fetch_sub(1, std::memory_order_acq_rel);
    system_->RecordDeadLetter(path_);
    auto* envelope = static_cast<Envelope*>(node);
    envelope->destroy(envelope);
  }
}

void ActorCell::RestartBehavior(const absl::Status& reason) {
  total_restarts_.fetch_add(1, std::memory_order_relaxed);
  if (behavior_ != nullptr) behavior_->PreRestart(reason);
  // The old instance's children go with it; the new instance starts its own.
  std::vector<CellPtr> old_children;
  {
    std::lock_guard<std::mutex> lock(children_mutex_);
    old_children = ChildrenLocked();
    for (const CellPtr& child : old_children) RemoveChildLocked(child.get());
  }
  for (auto it = old_children.rbegin(); it != old_children.rend(); ++it) {
    (*it)->SendSystem(SysKind::kStop);
  }
  behavior_.reset();
  region_.reset();  // the new instance starts with a fresh region
  state_ = State::kRunning;
  behavior_ = factory_();
  behavior_->cell_ = this;
  behavior_->PreStart();
}

bool ActorCell::RecordRestart() {
  absl::Time now = system_->executor().Now();
  restart_times_.push_back(now);
  restart_times_.erase(std::remove_if(restart_times_.begin(), restart_times_.end(),
                                      [&](absl::Time t) { return t < now - options_.supervision.within; }),
                       restart_times_.end());
  return static_cast<int>(restart_times_.size()) <= options_.supervision.max_restarts;
}

void ActorCell::OnChildFailed(const CellPtr& child, const absl::Status& reason) {
  std::vector<CellPtr> to_restart;
  Restart restart;
  {
    std::lock_guard<std::mutex> lock(children_mutex_);
    if (child->held_by_parent_ == nullptr) return;  // a child already replaced or stopped
    restart = child->options().restart;
    if (state_ != State::kRunning || restart == Restart::kTemporary) {
      to_restart.clear();
    } else {
      switch (options_.supervision.strategy) {
        case Strategy::kOneForOne:
          to_restart.push_back(child);
          break;
        case Strategy::kOneForAll:
          to_restart = ChildrenLocked();
          break;
        case Strategy::kRestForOne: {
          for (ActorCell* c = child.get(); c != nullptr; c = c->next_sibling_) {
            to_restart.push_back(c->held_by_parent_);
          }
          break;
        }
      }
    }
  }
  if (to_restart.empty()) {
    child->SendSystem(SysKind::kStop, nullptr, reason);  // temporary, or we are stopping
    return;
  }
  if (!RecordRestart()) {
    // Too many restarts: this supervisor gives up and fails to its own parent.
    Fail(absl::AbortedError(absl::StrCat(
        "supervisor ", path_, " reached its restart intensity (", options_.supervision.max_restarts,
        " in ", absl::FormatDuration(options_.supervision.within), "); last failure of ",
        child->path(), ": ", reason.message())));
    child->SendSystem(SysKind::kStop, nullptr, reason);
    return;
  }
  for (const CellPtr& cell : to_restart) {
    cell->SendSystem(SysKind::kRestart, nullptr,
                     cell == child ? reason : absl::AbortedError("a sibling failed"));
  }
}

void ActorCell::OnChildTerminated(const CellPtr& child, const absl::Status& reason) {
  bool was_child;
  {
    std::lock_guard<std::mutex> lock(children_mutex_);
    was_child = RemoveChildLocked(child.get()) != nullptr;
  }
  if (state_ == State::kStopping) {
    if (!stopping_children_.empty() && stopping_children_.back() == child) {
      stopping_children_.pop_back();
      StopNextChild();
    } else {
      stopping_children_.erase(std::remove(stopping_children_.begin(), stopping_children_.end(), child),
                               stopping_children_.end());
    }
    return;
  }
  if (!was_child || state_ != State::kRunning) return;
  const SpawnOptions& spec = child->options();
  bool restart = spec.restart == Restart::kPermanent || (spec.restart == Restart::kTransient && !reason.ok());
  if (!restart) return;
  if (!RecordRestart()) {
    Fail(absl::AbortedError(absl::StrCat("supervisor ", path_,
                                         " reached its restart intensity restarting ", child->name())));
    return;
  }
  // A child that ended is replaced by a new actor from the same specification.
  SpawnChild(child->name(), child->message_type(), child->factory(), spec);
}

CellPtr ActorCell::SpawnChild(std::string name, std::type_index message_type, BehaviorFactory factory,
                              SpawnOptions options) {
  auto child = std::make_shared<ActorCell>(system_, shared_from_this(), std::move(name), message_type,
                                           std::move(factory), std::move(options));
  {
    std::lock_guard<std::mutex> lock(children_mutex_);
    AddChildLocked(child);
  }
  child->Start();
  return child;
}

void ActorCell::LinkTo(const CellPtr& other) {
  if (other == nullptr || other.get() == this) return;
  links_.push_back(other);
  other->SendSystem(SysKind::kLink, shared_from_this());
}

void ActorCell::UnlinkFrom(const CellPtr& other) {
  if (other == nullptr) return;
  links_.erase(std::remove_if(links_.begin(), links_.end(),
                              [&](const std::weak_ptr<ActorCell>& l) { return l.lock() == other; }),
               links_.end());
  other->SendSystem(SysKind::kUnlink, shared_from_this());
}

uint64_t ActorCell::MonitorOther(const CellPtr& other) {
  uint64_t monitor = system_->NextId();
  if (other != nullptr) other->SendSystem(SysKind::kMonitor, shared_from_this(), absl::OkStatus(), monitor);
  return monitor;
}

void ActorCell::Demonitor(const CellPtr& other, uint64_t monitor) {
  if (other != nullptr) other->SendSystem(SysKind::kDemonitor, nullptr, absl::OkStatus(), monitor);
}

void ActorCell::WaitForRoom(std::function<void()> wake) {
  {
    std::lock_guard<std::mutex> lock(blocked_mutex_);
    if (!HasRoom() && alive()) {
      blocked_senders_.push_back(std::move(wake));
      return;
    }
  }
  wake();
}

void ActorCell::WakeBlockedSenders() {
  std::vector<std::function<void()>> wake;
  {
    std::lock_guard<std::mutex> lock(blocked_mutex_);
    if (blocked_senders_.empty()) return;
    if (alive()) {
      // One sender for each free slot.
      size_t room = options_.mailbox.capacity -
                    static_cast<size_t>(std::max<int64_t>(0, user_count_.load(std::memory_order_acquire)));
      room = std::min(room, blocked_senders_.size());
      wake.assign(std::make_move_iterator(blocked_senders_.begin()),
                  std::make_move_iterator(blocked_senders_.begin() + static_cast<ptrdiff_t>(room)));
      blocked_senders_.erase(blocked_senders_.begin(), blocked_senders_.begin() + static_cast<ptrdiff_t>(room));
    } else {
      wake.swap(blocked_senders_);
    }
  }
  for (auto& w : wake) w();
}

// The root of the user tree: it has no messages of its own and supervises the top level.
class GuardianBehavior final : public Behavior {
 public:
  absl::Status Handle(Envelope*) override { return absl::OkStatus(); }
};

}  // namespace internal

ActorSystem::ActorSystem(std::string name, prospero::Executor* executor,
                         std::unique_ptr<prospero::Executor> owned, SystemConfig config)
    : name_(std::move(name)),
      owned_executor_(std::move(owned)),
      executor_(executor),
      config_(std::move(config)) {
  SpawnOptions guardian_options;
  guardian_options.supervision = config_.guardian;
  guardian_options.restart = Restart::kPermanent;
  guardian_ = std::make_shared<internal::ActorCell>(
      this, nullptr, "user", std::type_index(typeid(void)),
      [] { return std::make_unique<internal::GuardianBehavior>(); }, guardian_options);
  guardian_->Start();
}

absl::StatusOr<std::unique_ptr<ActorSystem>> ActorSystem::Create(std::string name, SystemConfig config) {
  absl::StatusOr<std::unique_ptr<prospero::Executor>> executor = prospero::Executor::Create(config.platform);
  if (!executor.ok()) return executor.status();
  prospero::Executor* raw = executor->get();
  return std::unique_ptr<ActorSystem>(new ActorSystem(std::move(name), raw, *std::move(executor), std::move(config)));
}

std::unique_ptr<ActorSystem> ActorSystem::CreateOn(std::string name, prospero::Executor& executor,
                                                   SystemConfig config) {
  return std::unique_ptr<ActorSystem>(new ActorSystem(std::move(name), &executor, nullptr, std::move(config)));
}

ActorSystem::~ActorSystem() {
  if (!shut_down_) Shutdown();
}

void ActorSystem::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  guardian_->SendSystem(internal::SysKind::kStop);
  executor_->RunUntil(terminated_);
  if (owned_executor_ != nullptr) owned_executor_->Shutdown(prospero::ShutdownMode::kDrain);
}

absl::Status ActorSystem::AwaitTermination() {
  executor_->RunUntil(terminated_);
  return status();
}

absl::Status ActorSystem::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

void ActorSystem::GuardianFailed(absl::Status reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (status_.ok()) status_ = std::move(reason);
}

void ActorSystem::GuardianStopped() {
  terminated_.store(true, std::memory_order_release);
  terminated_.notify_all();
}

void ActorSystem::RecordDeadLetter(const std::string& actor) {
  dead_letters_.fetch_add(1, std::memory_order_relaxed);
  std::vector<std::function<void(const std::string&)>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (config_.dead_letter_log > 0) {
      dead_letter_log_.push_back(actor);
      if (dead_letter_log_.size() > config_.dead_letter_log) dead_letter_log_.pop_front();
    }
    callbacks = dead_letter_callbacks_;
  }
  for (auto& callback : callbacks) callback(actor);
}

std::vector<std::string> ActorSystem::recent_dead_letters() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {dead_letter_log_.begin(), dead_letter_log_.end()};
}

void ActorSystem::OnDeadLetter(std::function<void(const std::string&)> callback) {
  std::lock_guard<std::mutex> lock(mutex_);
  dead_letter_callbacks_.push_back(std::move(callback));
}

absl::Status ActorSystem::Register(const std::string& name, const internal::CellPtr& cell) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = registry_.find(name);
  if (it != registry_.end()) {
    internal::CellPtr existing = it->second.lock();
    if (existing != nullptr && existing->alive()) {
      return absl::AlreadyExistsError(absl::StrCat("the name '", name, "' is taken by ", existing->path()));
    }
  }
  registry_[name] = cell;
  return absl::OkStatus();
}

void ActorSystem::Unregister(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  registry_.erase(name);
}

internal::CellPtr ActorSystem::Whereis(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = registry_.find(name);
  if (it == registry_.end()) return nullptr;
  internal::CellPtr cell = it->second.lock();
  return cell != nullptr && cell->alive() ? cell : nullptr;
}

internal::CellPtr ActorSystem::SpawnTopLevel(std::string name, std::type_index message_type,
                                             internal::BehaviorFactory factory, SpawnOptions options) {
  return guardian_->SpawnChild(std::move(name), message_type, std::move(factory), std::move(options));
}

namespace {

void Describe(const internal::CellPtr& cell, int depth, std::string* out) {
  absl::StrAppend(out, std::string(static_cast<size_t>(depth) * 2, ' '), cell->name(),
                  " [mailbox=", cell->mailbox_length(), " restarts=", cell->restarts(), "]\n");
  for (const internal::CellPtr& child : cell->children()) Describe(child, depth + 1, out);
}

std::string DotId(const internal::CellPtr& cell) { return absl::StrCat("a", cell->id()); }

void DescribeDot(const internal::CellPtr& cell, std::string* out) {
  absl::StrAppend(out, "  ", DotId(cell), " [label=\"",
                  absl::StrReplaceAll(cell->name(), {{"\"", "\\\""}}), "\\nmailbox ",
                  cell->mailbox_length(), ", restarts ", cell->restarts(), "\"];\n");
  for (const internal::CellPtr& child : cell->children()) {
    absl::StrAppend(out, "  ", DotId(cell), " -> ", DotId(child), ";\n");
    DescribeDot(child, out);
  }
}

}  // namespace

std::string ActorSystem::DescribeTree() const {
  std::string out = absl::StrCat(name_, "\n");
  for (const internal::CellPtr& child : guardian_->children()) Describe(child, 1, &out);
  return out;
}

std::string ActorSystem::DescribeDot() const {
  std::string out = absl::StrCat("digraph \"", name_, "\" {\n  node [shape=box];\n");
  ::olivier::DescribeDot(guardian_, &out);
  return out + "}\n";
}

}  // namespace olivier
