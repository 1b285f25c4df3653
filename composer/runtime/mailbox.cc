// F#'s MailboxProcessor for compiled Clef: a mailbox is a queue of messages (copied by value)
// and at most one waiting `Receive`, whose frame is part of the mailbox, so a processor loop
// (`let! msg = inbox.Receive()` ... `return! loop ..`) allocates nothing per message. Its body is
// an ordinary task on the program's async runtime (async.cc), on the main thread.
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "composer/runtime/clef_runtime.h"
#include "composer/runtime/runtime_internal.h"
#include "frosty/continuation.h"

namespace clef_runtime {
namespace {

struct Mailbox;

// The computation `inbox.Receive()` evaluates to.
struct ReceiveFrame {
  clef_async_frame header;
  Mailbox* mailbox;
};

struct Mailbox {
  explicit Mailbox(size_t size) : message_size(size) {}
  size_t message_size;
  // A ring of message_size-byte slots: `count` messages from slot `head`.
  std::vector<unsigned char> ring;
  size_t capacity = 0;
  size_t head = 0;
  size_t count = 0;
  ReceiveFrame receive{};
  bool receive_waits = false;  // the receive frame is suspended until the next Post

  unsigned char* Slot(size_t i) { return ring.data() + ((head + i) % capacity) * message_size; }

  void Push(const void* message) {
    if (count == capacity) {
      const size_t grown = capacity == 0 ? 16 : capacity * 2;
      std::vector<unsigned char> bigger(grown * message_size);
      for (size_t i = 0; i < count; ++i) std::memcpy(bigger.data() + i * message_size, Slot(i), message_size);
      ring.swap(bigger);
      capacity = grown;
      head = 0;
    }
    std::memcpy(Slot(count), message, message_size);
    ++count;
  }

  void Pop(void* out) {
    std::memcpy(out, Slot(0), message_size);
    head = (head + 1) % capacity;
    --count;
  }
};

// The runtime's own frames here run no compiled code (an actor's turn guards itself): no guard.
void InitFrame(clef_async_frame* frame, void (*resume)(frosty_frame*), size_t size) {
  frame->base = frosty_frame{};
  frame->base.resume = resume;
  frame->size = static_cast<int64_t>(size);
  frame->flags = kAsyncNoGuard;
  frame->exn = nullptr;
}

void ReceiveResume(frosty_frame* f) {
  auto* self = reinterpret_cast<ReceiveFrame*>(f);
  Mailbox* mailbox = self->mailbox;
  if (mailbox->count == 0) {
    mailbox->receive_waits = true;  // Post starts the frame again
    return;
  }
  mailbox->Pop(f->result);
  clef_async_complete(f);
}

struct ReplyChannel;

struct ReplyWaitFrame {
  clef_async_frame header;
  ReplyChannel* channel;
};

struct ReplyChannel {
  ReplyChannel(size_t reply_size, unsigned char* buffer) : size(reply_size), value(buffer) {}
  size_t size;
  unsigned char* value;
  bool replied = false;
  bool waits = false;
  ReplyWaitFrame wait{};
};

void ReplyWaitResume(frosty_frame* f) {
  ReplyChannel* channel = reinterpret_cast<ReplyWaitFrame*>(f)->channel;
  if (!channel->replied) {
    channel->waits = true;  // Reply starts the frame again
    return;
  }
  std::memcpy(f->result, channel->value, channel->size);
  clef_async_complete(f);
}


// ---- Olivier actors ------------------------------------------------------------------------
// An actor is a mailbox and a behaviour: an `actor { }` computation run as a task whose awaiter
// is the actor's root frame. Actor.receive () and Actor.self () are computations that do not
// know their actor when made; when they run, they find it by following the awaiter chain up to a
// root frame. Their frames come from a free list, so a receive loop allocates nothing per message.
struct Actor;

struct ActorSystem {
  std::string name;
  std::vector<Actor*> actors;
};

struct Actor {
  Actor(ActorSystem* owner, std::string actor_name, size_t message_size)
      : system(owner), name(std::move(actor_name)), mailbox(message_size) {}
  clef_async_frame root{};  // the behaviour's awaiter (CATCHES): resumed when it ends or fails
  clef_async_frame starter{};  // queued to run the behaviour's first step (RunTurn guards it)
  ActorSystem* system;
  void* behaviour = nullptr;  // the cold computation: a restart runs it again from the start
  int64_t result_size = 1;
  int restarts = 0;
  int max_restarts = 3;  // its supervisor strategy: restart at most this many times, then stop
  // Who learns of its end: each watcher gets its message (copied when it began to watch).
  struct Watch {
    Actor* watcher;
    std::vector<unsigned char> message;
  };
  std::vector<Watch> watches;
  std::string name;
  Mailbox mailbox;
  frosty_frame* waiting_receive = nullptr;  // suspended until the next message
  bool dead = false;
  unsigned char* result = nullptr;  // where the behaviour's result goes (discarded)
};

int64_t g_dead_letters = 0;

void Post(Actor* actor, const void* message);

void Die(Actor* actor) {
  if (actor->dead) return;
  actor->dead = true;
  actor->waiting_receive = nullptr;
  actor->mailbox.count = 0;  // undelivered messages are dropped
  std::vector<Actor::Watch> watches;
  watches.swap(actor->watches);
  for (const Actor::Watch& watch : watches) Post(watch.watcher, watch.message.data());
}

// ---- Supervision -----------------------------------------------------------------------------
// Every step of an actor's behaviour runs under the runtime's exception guard (RunStep). An
// exception the behaviour does not handle fails it, up to its root frame: the actor's
// supervisor, the system, reports it on stderr and, as the actor's strategy says, restarts the
// behaviour from its start (its mailbox kept, the failed message dropped), at most
// `max_restarts` times (3 unless set); then the actor dies (its messages become dead letters)
// and its watchers get their messages.

void Supervise(Actor* actor, clef_exn* failure) {
  const clef_string* message = clef_exn_message(failure);
  const std::string reason =
      message != nullptr ? std::string(message->data, static_cast<size_t>(message->length)) : std::string("an exception");
  actor->waiting_receive = nullptr;  // the failed behaviour's frames are abandoned
  if (actor->dead) return;
  std::string report = "olivier: actor '" + actor->name + "' failed: " + reason;
  const bool restart = actor->restarts < actor->max_restarts;
  if (restart) {
    ++actor->restarts;
    report += "; restarted (" + std::to_string(actor->restarts) + " of " + std::to_string(actor->max_restarts) + ")";
  } else if (actor->max_restarts == 0) {
    report += "; stopped";
  } else {
    report += "; stopped after " + std::to_string(actor->max_restarts) + (actor->max_restarts == 1 ? " restart" : " restarts");
  }
  Write(2, report.data(), report.size(), /*newline=*/true);
  if (restart) {
    frosty_start(actor->starter.base.runtime, &actor->starter.base);
  } else {
    Die(actor);
  }
}

void ActorRootResume(frosty_frame* root) {
  auto* actor = reinterpret_cast<Actor*>(root);
  if (root->status == FROSTY_FAILED) {
    clef_exn* failure = actor->root.exn;
    root->status = FROSTY_OK;
    actor->root.exn = nullptr;
    Supervise(actor, failure);
    return;
  }
  Die(actor);
}

// A turn: one step of the behaviour, `resume` (a suspended frame of it), or its first step.
void RunTurn(Actor* actor, frosty_frame* resume) {
  if (resume == nullptr) {
    actor->result = static_cast<unsigned char*>(clef_alloc(actor->result_size > 0 ? actor->result_size : 1, 16));
    resume = PrepareFirstStep(actor->behaviour, &actor->root.base, actor->result);
  }
  RunStep(resume);
}

void StarterResume(frosty_frame* f) {
  // Stopped (or its system shut down) after a restart was queued: it stays dead.
  if (reinterpret_cast<Actor*>(reinterpret_cast<char*>(f) - offsetof(Actor, starter.base))->dead) return;
  RunTurn(reinterpret_cast<Actor*>(reinterpret_cast<char*>(f) - offsetof(Actor, starter.base)), nullptr);
}

void Post(Actor* actor, const void* message) {
  if (actor->dead) {
    ++g_dead_letters;
    return;
  }
  actor->mailbox.Push(message);
  if (frosty_frame* receive = actor->waiting_receive) {
    actor->waiting_receive = nullptr;
    frosty_start(receive->runtime, receive);  // its state 0 now finds the message
  }
}

// The actor whose behaviour awaits `frame`, through the awaiter chain; null if none.
Actor* ActorOf(frosty_frame* frame) {
  for (frosty_frame* f = frame->awaiter; f != nullptr; f = f->awaiter) {
    if (f->resume == &ActorRootResume) return reinterpret_cast<Actor*>(f);  // root comes first
  }
  return nullptr;
}

enum class ActorOp { kReceive, kSelf, kStop };

struct ActorOpFrame {
  clef_async_frame header;
  ActorOp op;
  ActorOpFrame* next_free;
};

ActorOpFrame* g_free_op_frames = nullptr;

void ActorOpResume(frosty_frame* f);

void* NewActorOp(ActorOp op) {
  ActorOpFrame* frame = g_free_op_frames;
  if (frame != nullptr) {
    g_free_op_frames = frame->next_free;
  } else {
    frame = new ActorOpFrame;
  }
  InitFrame(&frame->header, &ActorOpResume, sizeof(ActorOpFrame));
  frame->op = op;
  frame->next_free = nullptr;
  return frame;
}

// Completes an actor operation; its frame goes back to the free list (nothing touches it after
// its completion). A behaviour awaiting it on this stack goes on there; a suspended one goes on
// now, in a guarded turn.
void CompleteActorOp(frosty_frame* f, Actor* actor) {
  auto* self = reinterpret_cast<ActorOpFrame*>(f);
  frosty_frame* awaiter = f->awaiter;
  const bool inline_awaiter = AwaitsOnThisStack(awaiter);
  if (inline_awaiter) clef_async_complete(f);
  self->next_free = g_free_op_frames;
  g_free_op_frames = self;
  if (!inline_awaiter) RunTurn(actor, awaiter);
}

void ActorOpResume(frosty_frame* f) {
  auto* self = reinterpret_cast<ActorOpFrame*>(f);
  Actor* actor = ActorOf(f);
  if (actor == nullptr) Fatal("Actor.receive, Actor.self and Actor.stop run only inside an actor's behaviour");
  switch (self->op) {
    case ActorOp::kSelf:
      *static_cast<void**>(f->result) = actor;
      CompleteActorOp(f, actor);
      return;
    case ActorOp::kStop:
      Die(actor);  // the behaviour is never resumed again
      return;
    case ActorOp::kReceive:
      if (actor->dead) return;
      if (actor->mailbox.count == 0) {
        actor->waiting_receive = f;
        return;
      }
      actor->mailbox.Pop(f->result);
      CompleteActorOp(f, actor);
      return;
  }
}

}  // namespace
}  // namespace clef_runtime

using clef_runtime::Actor;
using clef_runtime::ActorSystem;
using clef_runtime::Mailbox;
using clef_runtime::ReplyChannel;

extern "C" {

void* clef_mailbox_new(int64_t message_size) {
  if (message_size <= 0) clef_runtime::Fatal("MailboxProcessor: a message of no size");
  // A mailbox lives as long as the program: its processor's loop may outlive every reference.
  auto* mailbox = new Mailbox(static_cast<size_t>(message_size));
  mailbox->receive.mailbox = mailbox;
  return mailbox;
}

void clef_mailbox_post(void* mailbox_ptr, const void* message) {
  clef_runtime::NoteEscape();
  auto* mailbox = static_cast<Mailbox*>(mailbox_ptr);
  mailbox->Push(message);
  if (mailbox->receive_waits) {
    mailbox->receive_waits = false;
    frosty_frame* frame = &mailbox->receive.header.base;
    frosty_start(frame->runtime, frame);  // back to state 0, which now finds the message
  }
}

void* clef_mailbox_receive(void* mailbox_ptr) {
  auto* mailbox = static_cast<Mailbox*>(mailbox_ptr);
  if (mailbox->receive_waits) clef_runtime::Fatal("MailboxProcessor: Receive while another Receive waits");
  clef_runtime::InitFrame(&mailbox->receive.header, &clef_runtime::ReceiveResume,
                          sizeof(clef_runtime::ReceiveFrame));
  return &mailbox->receive;
}

void* clef_reply_channel_new(int64_t reply_size) {
  if (reply_size <= 0) clef_runtime::Fatal("PostAndReply: a reply of no size");
  auto* channel = static_cast<ReplyChannel*>(clef_alloc(sizeof(ReplyChannel), alignof(ReplyChannel)));
  new (channel) ReplyChannel(static_cast<size_t>(reply_size),
                             static_cast<unsigned char*>(clef_alloc(reply_size, 16)));
  channel->wait.channel = channel;
  return channel;
}

void clef_reply_channel_reply(void* channel_ptr, const void* value) {
  clef_runtime::NoteEscape();
  auto* channel = static_cast<ReplyChannel*>(channel_ptr);
  if (channel->replied) return;  // as F#: a second reply is ignored
  std::memcpy(channel->value, value, channel->size);
  channel->replied = true;
  if (channel->waits) {
    channel->waits = false;
    frosty_frame* frame = &channel->wait.header.base;
    frosty_start(frame->runtime, frame);
  }
}

void clef_reply_channel_wait(void* channel_ptr, void* out) {
  clef_runtime::NoteEscape();
  auto* channel = static_cast<ReplyChannel*>(channel_ptr);
  clef_runtime::InitFrame(&channel->wait.header, &clef_runtime::ReplyWaitResume,
                          sizeof(clef_runtime::ReplyWaitFrame));
  channel->wait.header.base.result = out;
  if (frosty_run(clef_runtime::ProgramAsyncRuntime(), &channel->wait.header.base) < 0) {
    clef_runtime::Fatal("PostAndReply: the MailboxProcessor finished without replying");
  }
}

void* clef_actor_system_new(const clef_string* name) {
  return new ActorSystem{std::string(name->data, static_cast<size_t>(name->length)), {}};
}

void* clef_actor_spawn(void* system_ptr, const clef_string* name, int64_t message_size) {
  if (message_size <= 0) clef_runtime::Fatal("Olivier.spawn: a message of no size");
  auto* system = static_cast<ActorSystem*>(system_ptr);
  auto* actor = new Actor(system, std::string(name->data, static_cast<size_t>(name->length)),
                          static_cast<size_t>(message_size));
  actor->root.base.resume = &clef_runtime::ActorRootResume;
  actor->root.flags = CLEF_ASYNC_CATCHES;
  actor->starter.base.resume = &clef_runtime::StarterResume;
  actor->starter.flags = clef_runtime::kAsyncNoGuard;
  system->actors.push_back(actor);
  return actor;
}

void clef_actor_run(void* actor_ptr, void* behaviour, int64_t result_size) {
  clef_runtime::NoteEscape();
  auto* actor = static_cast<Actor*>(actor_ptr);
  actor->behaviour = behaviour;
  actor->result_size = result_size;
  frosty_runtime* runtime = clef_runtime::ProgramAsyncRuntime();
  actor->root.base.runtime = runtime;
  frosty_start(runtime, &actor->starter.base);  // the first step runs as a guarded turn
}

void clef_actor_post(void* actor_ptr, const void* message) {
  clef_runtime::NoteEscape();
  clef_runtime::Post(static_cast<Actor*>(actor_ptr), message);
}

void clef_actor_supervise(void* actor_ptr, int32_t max_restarts) {
  if (max_restarts < 0) clef_runtime::Fatal("clef_actor_supervise: a negative restart limit");
  static_cast<Actor*>(actor_ptr)->max_restarts = max_restarts;
}

void clef_actor_watch(void* watcher_ptr, const void* message, int64_t message_size, void* watched_ptr) {
  clef_runtime::NoteEscape();
  auto* watcher = static_cast<Actor*>(watcher_ptr);
  auto* watched = static_cast<Actor*>(watched_ptr);
  if (static_cast<size_t>(message_size) != watcher->mailbox.message_size) {
    clef_runtime::Fatal("clef_actor_watch: the message is not of the watcher's message type");
  }
  const auto* bytes = static_cast<const unsigned char*>(message);
  if (watched->dead) {  // as Erlang's monitor of a process already gone: told at once
    clef_runtime::Post(watcher, message);
    return;
  }
  watched->watches.push_back({watcher, std::vector<unsigned char>(bytes, bytes + message_size)});
}

void* clef_actor_receive(void) { return clef_runtime::NewActorOp(clef_runtime::ActorOp::kReceive); }
void* clef_actor_self(void) { return clef_runtime::NewActorOp(clef_runtime::ActorOp::kSelf); }
void* clef_actor_stop_self(void) { return clef_runtime::NewActorOp(clef_runtime::ActorOp::kStop); }

void clef_actor_stop(void* actor_ptr) { clef_runtime::Die(static_cast<Actor*>(actor_ptr)); }

void clef_actor_system_await(void* system_ptr) {
  clef_runtime::NoteEscape();
  (void)system_ptr;
  frosty_run_until_idle(clef_runtime::ProgramAsyncRuntime());
}

void clef_actor_system_shutdown(void* system_ptr) {
  for (Actor* actor : static_cast<ActorSystem*>(system_ptr)->actors) clef_runtime::Die(actor);
}

int64_t clef_actor_dead_letters(void) { return clef_runtime::g_dead_letters; }

}  // extern "C"
