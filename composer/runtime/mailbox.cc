// F#'s MailboxProcessor for compiled Clef: a mailbox is a queue of messages (copied by value)
// and at most one waiting `Receive`, whose frame is part of the mailbox, so a processor loop
// (`let! msg = inbox.Receive()` ... `return! loop ..`) allocates nothing per message. Its body is
// an ordinary task on the program's async runtime (async.cc), on the main thread.
#include <cstring>
#include <new>
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

void InitFrame(clef_async_frame* frame, void (*resume)(frosty_frame*), size_t size) {
  frame->base = frosty_frame{};
  frame->base.resume = resume;
  frame->size = static_cast<int64_t>(size);
  frame->flags = 0;
}

void ReceiveResume(frosty_frame* f) {
  auto* self = reinterpret_cast<ReceiveFrame*>(f);
  Mailbox* mailbox = self->mailbox;
  if (mailbox->count == 0) {
    mailbox->receive_waits = true;  // Post starts the frame again
    return;
  }
  mailbox->Pop(f->result);
  frosty_complete(f);
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
  frosty_complete(f);
}

}  // namespace
}  // namespace clef_runtime

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
  auto* channel = static_cast<ReplyChannel*>(channel_ptr);
  clef_runtime::InitFrame(&channel->wait.header, &clef_runtime::ReplyWaitResume,
                          sizeof(clef_runtime::ReplyWaitFrame));
  channel->wait.header.base.result = out;
  if (frosty_run(clef_runtime::ProgramAsyncRuntime(), &channel->wait.header.base) < 0) {
    clef_runtime::Fatal("PostAndReply: the MailboxProcessor finished without replying");
  }
}

}  // extern "C"
