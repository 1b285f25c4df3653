// Async computations (clef_runtime.h, "Async"): compiled `async { }` frames and the runtime's own
// (Sleep, Parallel, StartChild, Ignore) on Frosty's continuation ABI, over one Prospero executor
// per process (the cooperative one, or the deterministic one when PlatformConfig chose it) that
// runs on the thread calling clef_async_run or clef_async_wait_all. Not compiled for
// wasm32-wasi.
//
// Every frame the runtime makes is a clef_async_frame too, so it may be awaited, started, run or
// rerun (copied) like a compiled one: it keeps only its creation arguments in its fields and sets
// up everything else (pointers into itself included) when it runs, at state 0. The one exception
// is StartChild's handle, which stands for one run that already happened: it is never run nor
// copied; each await of it runs a small relay frame instead.
//
// One thread at a time: the frames' bookkeeping is plain memory, as the executor runs one item
// at a time on the thread that runs it.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "composer/runtime/clef_runtime.h"
#include "composer/runtime/runtime_internal.h"
#include "frosty/continuation.h"

namespace clef_runtime {
namespace {

// The layout the compiler relies on (it writes `state`, `size` and `flags`, reads `result`).
static_assert(sizeof(frosty_frame) == 64, "frosty_frame is 64 bytes");
static_assert(offsetof(frosty_frame, resume) == 0);
static_assert(offsetof(frosty_frame, state) == 8);
static_assert(offsetof(frosty_frame, status) == 12);
static_assert(offsetof(frosty_frame, awaiter) == 16);
static_assert(offsetof(frosty_frame, result) == 24);
static_assert(offsetof(frosty_frame, runtime) == 32);
static_assert(offsetof(frosty_frame, scheduling) == 40);
static_assert(offsetof(clef_async_frame, base) == 0, "the frosty frame comes first");
static_assert(offsetof(clef_async_frame, size) == 64, "size follows the frosty frame");
static_assert(offsetof(clef_async_frame, flags) == 72, "flags follow size");
static_assert(offsetof(clef_async_frame, exn) == 80, "exn follows flags");
static_assert(sizeof(clef_async_frame) == 88, "the header is 88 bytes");
static_assert(alignof(clef_async_frame) == 8, "the header is 8-aligned");

constexpr int64_t kStarted = CLEF_ASYNC_STARTED;
// Runtime-owned flags bit 1: a StartChild handle, awaited through relays, never run or copied.
constexpr int64_t kHandle = 2;
constexpr int64_t kScoped = CLEF_ASYNC_SCOPED;
constexpr int64_t kCatches = CLEF_ASYNC_CATCHES;
// Runtime-owned flags bit 4: run by clef_async_run, whose awaiter is frosty_run's own (not a
// clef_async_frame): its failure stays in its own header for clef_async_run to raise.
constexpr int64_t kRoot = 16;
// The flags a copy keeps: the compiler's, and whether its steps need the guard.
constexpr int64_t kCopiedFlags = kScoped | kCatches | kAsyncNoGuard;
constexpr size_t kFrameAlign = 16;

std::atomic<int64_t> g_frames_started{0};
std::atomic<int64_t> g_frames_copied{0};
std::atomic<int64_t> g_awaits{0};
std::atomic<bool> g_runtime_made{false};

// The runtime runs frames on one thread at a time, so a plain load and store counts (a locked
// read-modify-write per frame was a tenth of a skynet run); atomics keep the reads race-free.
void Count(std::atomic<int64_t>& counter) {
  counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

// The program's runtime, made on first use: a program that never runs a frame makes no
// executor. Never destroyed (clef_async_wait_all drains it at exit).
// clef_async_await's inline first steps (one thread: the program's runtime is cooperative).
thread_local frosty_frame* g_inline_awaiter = nullptr;  // the parent awaiting on this stack
thread_local bool g_completed_inline = false;           // its child completed
thread_local int g_inline_depth = 0;
constexpr int kMaxInlineDepth = 256;
// The innermost frame whose step runs on this stack: the one an escaping exception fails.
thread_local frosty_frame* t_current = nullptr;

clef_async_frame* AsyncFrame(frosty_frame* f) { return reinterpret_cast<clef_async_frame*>(f); }

// Starts `child` (prepared, awaited by `awaiter`) with its first step on this stack. True when it
// completed there (clef_async_complete then leaves `awaiter` alone: the caller goes on); false
// when it suspended (its completion will resume `awaiter` through the queue). Past
// kMaxInlineDepth nested first steps, it is queued instead (deep recursion, constant stack).
//
// A scoped child (CLEF_ASYNC_SCOPED) that completes here made everything allocated since its
// step began (the step ran on this stack, nothing else ran meanwhile), and nothing of it is
// reachable any more: not through its result (heap-free), not through older locations (the
// compiler's check), not through the runtime (t_escapes unchanged). That memory is released, so
// a tree of computations such as skynet's reuses the same few pages.
bool RunInline(frosty_frame* awaiter, frosty_frame* child) {
  if (g_inline_depth >= kMaxInlineDepth) {
    NoteEscape();
    frosty_await(awaiter, child);
    return false;
  }
  const bool scoped = (reinterpret_cast<clef_async_frame*>(child)->flags & kScoped) != 0;
  prospero::Region::Mark mark{};
  if (scoped) mark = ProgramRegion().SaveMark();
  const uint64_t escapes = t_escapes;
  child->awaiter = awaiter;
  child->runtime = awaiter->runtime;
  child->state = 0;
  child->status = FROSTY_OK;
  frosty_frame* const saved_awaiter = g_inline_awaiter;
  const bool saved_completed = g_completed_inline;
  g_inline_awaiter = awaiter;
  g_completed_inline = false;
  ++g_inline_depth;
  frosty_frame* const saved_current = t_current;
  t_current = child;
  child->resume(child);
  t_current = saved_current;
  --g_inline_depth;
  const bool completed = g_completed_inline;
  g_inline_awaiter = saved_awaiter;
  g_completed_inline = saved_completed;
  if (scoped && completed && t_escapes == escapes) ProgramRegion().ReleaseTo(mark);
  return completed;
}

frosty_runtime* ProgramRuntime() {
  static frosty_runtime* const runtime = [] {
    PlatformChoice& platform = Platform();
    platform.runtime_made = true;
    frosty_runtime* made = platform.model == CLEF_PLATFORM_DETERMINISTIC
                               ? frosty_runtime_create(0, static_cast<uint64_t>(platform.seed))
                               : frosty_runtime_create_cooperative();
    if (made == nullptr) Fatal("async: cannot make the program's executor");
    frosty_runtime_set_step_runner(made, &RunStep);
    g_runtime_made.store(true, std::memory_order_release);
    return made;
  }();
  return runtime;
}

constexpr size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

size_t CheckedSize(int64_t size, const char* what) {
  if (size < 0) Fatal(what);
  return static_cast<size_t>(size);
}

clef_async_frame* AsFrame(void* p, const char* what) {
  if (p == nullptr) Fatal(what);
  return static_cast<clef_async_frame*>(p);
}

// A frame of the runtime's own: `size` bytes (a T and what follows it), zero-filled.
template <typename T>
T* NewFrame(void (*resume)(frosty_frame*), size_t size = sizeof(T)) {
  auto* frame = static_cast<T*>(clef_async_alloc(static_cast<int64_t>(size)));
  frame->header.base.resume = resume;
  frame->header.size = static_cast<int64_t>(size);
  return frame;
}

// Where a result of up to `size` bytes goes when nobody wants it.
void* Discard(size_t size) {
  alignas(kFrameAlign) static unsigned char scratch[64];
  if (size <= sizeof(scratch)) return scratch;
  return Allocate(size, kFrameAlign);
}

// ---- StartChild's handle and its relays ------------------------------------------------------

struct Relay;

struct Handle {
  clef_async_frame header;  // flags: kStarted | kHandle; never run
  clef_async_frame join;    // the child's awaiter: resumed when the child completes
  int64_t result_size;
  int64_t done;
  int32_t status;  // the child's, once done
  clef_exn* exn;   // the child's failure, when status is FROSTY_FAILED
  Relay* waiters;  // relays started before the child completed, newest first
  // then, 16-aligned, the child's result: result_size bytes
};

constexpr size_t kHandleResultOffset = RoundUp(sizeof(Handle), kFrameAlign);

unsigned char* HandleResult(Handle* handle) {
  return reinterpret_cast<unsigned char*>(handle) + kHandleResultOffset;
}

Handle* HandleOfJoin(frosty_frame* join) {
  return reinterpret_cast<Handle*>(reinterpret_cast<char*>(join) - offsetof(Handle, join));
}

// One await (or run) of a handle: completes with a copy of the child's result.
struct Relay {
  clef_async_frame header;
  Handle* handle;
  Relay* next;
};

void RelayResume(frosty_frame* f) {
  auto* self = reinterpret_cast<Relay*>(f);
  Handle* handle = self->handle;
  if (handle->done == 0) {
    // Suspended with nothing queued: the child's completion starts it again (state 0).
    self->next = handle->waiters;
    handle->waiters = self;
    return;
  }
  if (handle->status == FROSTY_FAILED) {
    FailFrame(&self->header, handle->exn);
    return;
  }
  std::memcpy(f->result, HandleResult(handle), static_cast<size_t>(handle->result_size));
  if (handle->status != FROSTY_OK) f->status = handle->status;
  clef_async_complete(f);
}

void HandleJoinResume(frosty_frame* join) {
  Handle* handle = HandleOfJoin(join);
  handle->done = 1;
  handle->status = join->status;
  handle->exn = HandleOfJoin(join)->join.exn;
  // Queued oldest first, in the order they awaited (the cooperative executor runs them in that
  // order; the deterministic one picks among ready frames by its seed).
  Relay* reversed = nullptr;
  for (Relay* relay = handle->waiters; relay != nullptr;) {
    Relay* next = relay->next;
    relay->next = reversed;
    reversed = relay;
    relay = next;
  }
  handle->waiters = nullptr;
  for (Relay* relay = reversed; relay != nullptr;) {
    Relay* next = relay->next;
    frosty_start(relay->header.base.runtime, &relay->header.base);
    relay = next;
  }
}

void HandleResume(frosty_frame*) { Fatal("async: a StartChild handle was resumed directly"); }

// ---- Starting frames -------------------------------------------------------------------------

// The frame that runs `computation` once, for `awaiter` (or none) with its result in `slot`:
// the frame itself on its first run, a copy on a later one, a relay for a StartChild handle.
// The caller starts it.
frosty_frame* Prepare(void* computation, frosty_frame* awaiter, void* slot) {
  clef_async_frame* frame = AsFrame(computation, "async: a null computation");
  if ((frame->flags & kHandle) != 0) {
    Relay* relay = NewFrame<Relay>(&RelayResume);
    relay->header.flags = kAsyncNoGuard;
    relay->handle = reinterpret_cast<Handle*>(frame);
    frame = &relay->header;
  } else if ((frame->flags & kStarted) != 0) {
    if (frame->size < static_cast<int64_t>(sizeof(clef_async_frame))) {
      Fatal("async: a frame's size is smaller than its header");
    }
    const size_t size = static_cast<size_t>(frame->size);
    auto* copy = static_cast<clef_async_frame*>(Allocate(size, kFrameAlign));
    std::memcpy(copy, frame, size);
    copy->flags = frame->flags & kCopiedFlags;
    copy->exn = nullptr;
    copy->base.state = 0;
    copy->base.status = FROSTY_OK;
    copy->base.awaiter = nullptr;
    frame = copy;
    Count(g_frames_copied);
  }
  if (frame->base.resume == nullptr) Fatal("async: a frame without a state machine");
  frame->flags |= kStarted;
  frame->base.awaiter = awaiter;
  frame->base.result = slot;
  Count(g_frames_started);
  return &frame->base;
}

// ---- Sleep -----------------------------------------------------------------------------------

struct SleepFrame {
  clef_async_frame header;
  int64_t nanoseconds;
};

void SleepResume(frosty_frame* f) {
  auto* self = reinterpret_cast<SleepFrame*>(f);
  if (f->state == 0) {
    f->state = 1;
    frosty_sleep(f, self->nanoseconds);
    return;
  }
  *static_cast<unsigned char*>(f->result) = 0;  // unit
  clef_async_complete(f);
}

// ---- Parallel --------------------------------------------------------------------------------

struct ParallelFrame;

// A child's awaiter: one per child, so that no frame is queued twice.
struct JoinSlot {
  clef_async_frame header;  // CATCHES: a failed child resumes it with the exception
  ParallelFrame* parallel;
};

struct ParallelFrame {
  clef_async_frame header;
  void* list;  // the children: {void* head; void* tail} cells
  int64_t count;
  int64_t elem_size;
  int64_t remaining;  // children not yet completed
  int64_t launched;   // children started so far
  const void* next;   // the list cell of the next child to start
  clef_exn* failure;  // the first child's failure, if any
  unsigned char* array;
  // then `count` JoinSlots
};

static_assert(sizeof(ParallelFrame) % alignof(JoinSlot) == 0);

JoinSlot* Slots(ParallelFrame* frame) { return reinterpret_cast<JoinSlot*>(frame + 1); }

struct ListCell {
  void* head;
  void* tail;
};

void ParallelJoinResume(frosty_frame* f);

// Counts a child's completion; the last one completes the Parallel, with the first failure if
// any child failed (the others ran to their end: there is no cancellation).
bool ChildDone(ParallelFrame* parallel, JoinSlot* slot) {
  const int32_t status = slot->header.base.status;
  if (status == FROSTY_FAILED && parallel->failure == nullptr) parallel->failure = slot->header.exn;
  if (status != FROSTY_OK && status != FROSTY_FAILED) parallel->header.base.status = status;  // cancelled
  if (--parallel->remaining > 0) return false;
  if (parallel->failure != nullptr) {
    FailFrame(&parallel->header, parallel->failure);
  } else {
    *static_cast<void**>(parallel->header.base.result) = parallel->array;
    clef_async_complete(parallel);
  }
  return true;
}

// Starts the children not started yet, each with its first step on this stack: a child that
// completes there (a leaf) counts down at once, without the queue. An exception that escapes a
// child's step leaves this loop behind (it fails that child): the child's completion, through
// the queue, resumes its JoinSlot, which starts the rest.
void LaunchChildren(ParallelFrame* self) {
  JoinSlot* slots = Slots(self);
  while (self->launched < self->count) {
    JoinSlot* slot = &slots[self->launched];
    const auto* cell = static_cast<const ListCell*>(self->next);
    self->next = cell->tail;
    ++self->launched;
    slot->header = clef_async_frame{};
    slot->header.base.resume = &ParallelJoinResume;
    slot->header.base.runtime = self->header.base.runtime;
    slot->header.flags = kCatches;
    slot->parallel = self;
    const size_t i = static_cast<size_t>(self->launched - 1);
    frosty_frame* child = Prepare(cell->head, &slot->header.base,
                                  self->array + sizeof(int64_t) + i * static_cast<size_t>(self->elem_size));
    if (RunInline(&slot->header.base, child) && ChildDone(self, slot)) return;
  }
}

void ParallelJoinResume(frosty_frame* f) {
  auto* slot = reinterpret_cast<JoinSlot*>(f);
  ParallelFrame* parallel = slot->parallel;
  if (ChildDone(parallel, slot)) return;
  LaunchChildren(parallel);
}

void ParallelResume(frosty_frame* f) {
  auto* self = reinterpret_cast<ParallelFrame*>(f);
  const size_t count = static_cast<size_t>(self->count);
  const size_t elem_size = static_cast<size_t>(self->elem_size);
  const size_t bytes = sizeof(int64_t) + count * elem_size;
  self->array = static_cast<unsigned char*>(Allocate(bytes, kFrameAlign));
  std::memset(self->array, 0, bytes);
  *reinterpret_cast<int64_t*>(self->array) = self->count;
  if (count == 0) {
    *static_cast<void**>(f->result) = self->array;
    clef_async_complete(f);
    return;
  }
  f->state = 1;
  self->remaining = self->count;  // before any child can complete
  self->launched = 0;
  self->next = self->list;
  self->failure = nullptr;
  LaunchChildren(self);
}

// ---- StartChild ------------------------------------------------------------------------------

struct StartChildFrame {
  clef_async_frame header;
  void* child;
  int64_t result_size;
};

// Starts `child` now (queued) and returns its handle: a computation any number of awaits get
// the child's result from.
Handle* StartHandle(void* child, int64_t result_size, frosty_runtime* runtime) {
  const size_t size = kHandleResultOffset + RoundUp(static_cast<size_t>(result_size), kFrameAlign);
  Handle* handle = NewFrame<Handle>(&HandleResume, size);
  handle->header.flags = kStarted | kHandle;
  handle->result_size = result_size;
  handle->join.base.resume = &HandleJoinResume;
  handle->join.base.runtime = runtime;
  handle->join.flags = kCatches;
  NoteEscape();  // the child runs on after the step that started it
  frosty_await(&handle->join.base, Prepare(child, &handle->join.base, HandleResult(handle)));
  return handle;
}

void StartChildResume(frosty_frame* f) {
  auto* self = reinterpret_cast<StartChildFrame*>(f);
  Handle* handle = StartHandle(self->child, self->result_size, f->runtime);
  *static_cast<void**>(f->result) = handle;
  // Through the queue, behind the child: on the cooperative executor its first step runs before
  // the parent goes on (the deterministic one may run either first, by its seed).
  frosty_complete(f);
}

// ---- Ignore ----------------------------------------------------------------------------------

struct IgnoreFrame {
  clef_async_frame header;
  void* inner;
  int64_t result_size;
  // then, 16-aligned, room for the inner result
};

constexpr size_t kIgnoreScratchOffset = RoundUp(sizeof(IgnoreFrame), kFrameAlign);

void IgnoreResume(frosty_frame* f) {
  auto* self = reinterpret_cast<IgnoreFrame*>(f);
  if (f->state == 0) {
    f->state = 1;
    // 0: suspended, this frame resumes at state 1 later; 1: the inner computation completed on
    // this stack and nobody will resume this frame: it goes on at once.
    if (clef_async_await(f, self->inner, reinterpret_cast<unsigned char*>(self) + kIgnoreScratchOffset) == 0) {
      return;
    }
  }
  if (f->status == FROSTY_FAILED) {
    FailFrame(&self->header, self->header.exn);
    return;
  }
  *static_cast<unsigned char*>(f->result) = 0;  // unit
  clef_async_complete(f);
}

}  // namespace

frosty_runtime* ProgramAsyncRuntime() { return ProgramRuntime(); }

frosty_frame* PrepareFirstStep(void* computation, frosty_frame* awaiter, void* slot) {
  NoteEscape();
  frosty_frame* frame = Prepare(computation, awaiter, slot);
  frame->awaiter = awaiter;
  frame->runtime = ProgramRuntime();
  frame->state = 0;
  frame->status = FROSTY_OK;
  return frame;
}

namespace {
void ResumeBody(void* frame) {
  auto* f = static_cast<frosty_frame*>(frame);
  f->resume(f);
}
}  // namespace

void RunStep(frosty_frame* frame) {
  if ((AsyncFrame(frame)->flags & kAsyncNoGuard) != 0) {
    frame->resume(frame);
    return;
  }
  for (;;) {
    frosty_frame* const saved_awaiter = g_inline_awaiter;
    const bool saved_completed = g_completed_inline;
    const int saved_depth = g_inline_depth;
    frosty_frame* const saved_current = t_current;
    t_current = frame;
    clef_exn* exn = clef_try(&ResumeBody, frame);
    frosty_frame* const raised_in = t_current;
    // The inline first steps the exception left (if any) are abandoned: their awaiters are
    // resumed through the queue when what they await completes.
    g_inline_awaiter = saved_awaiter;
    g_completed_inline = saved_completed;
    g_inline_depth = saved_depth;
    t_current = saved_current;
    if (exn == nullptr) return;
    clef_async_frame* failed = AsyncFrame(raised_in);
    if ((failed->flags & kCatches) == 0) {
      FailFrame(failed, exn);
      return;
    }
    // Its state machine runs the handler active where it raised (or fails itself).
    failed->exn = exn;
    failed->base.status = FROSTY_FAILED;
    frame = raised_in;
  }
}

void FailFrame(clef_async_frame* frame, clef_exn* exn) {
  NoteEscape();  // the exception outlives the step that made it
  for (;;) {
    frame->exn = exn;
    frame->base.status = FROSTY_FAILED;
    if ((frame->flags & kRoot) != 0) {  // clef_async_run raises it
      frosty_complete(&frame->base);
      return;
    }
    frosty_frame* awaiter = frame->base.awaiter;
    if (awaiter == nullptr) ReportUnhandled(exn);  // Async.Start: nobody can catch it
    clef_async_frame* next = AsyncFrame(awaiter);
    next->exn = exn;
    if (awaiter == g_inline_awaiter) {  // clef_async_await on this stack looks at it
      awaiter->status = FROSTY_FAILED;
      g_completed_inline = true;
      g_inline_awaiter = nullptr;
      return;
    }
    if ((next->flags & kCatches) != 0) {
      frosty_complete(&frame->base);  // resumed with the failure, through the queue
      return;
    }
    frame = next;  // a compiled frame without handlers fails too, without running
  }
}

bool AwaitsOnThisStack(const frosty_frame* frame) { return frame != nullptr && frame == g_inline_awaiter; }

}  // namespace clef_runtime

using namespace clef_runtime;

extern "C" {

void* clef_async_alloc(int64_t size) {
  const size_t bytes = CheckedSize(size, "clef_async_alloc: negative size");
  void* memory = Allocate(bytes, kFrameAlign);
  std::memset(memory, 0, bytes);
  return memory;
}

int32_t clef_async_await(void* parent, void* child, void* result_slot) {
  clef_async_frame* awaiter = AsFrame(parent, "clef_async_await: a null parent frame");
  if (awaiter->base.runtime == nullptr) Fatal("clef_async_await: the parent frame is not running");
  if (result_slot == nullptr) Fatal("clef_async_await: a null result slot");
  Count(g_awaits);
  // The child's first step runs now, on this stack: a child that completes without suspending
  // (most do) hands its parent straight back, with no trip through the executor's queue.
  if (!RunInline(&awaiter->base, Prepare(child, &awaiter->base, result_slot))) return 0;
  if (awaiter->base.status != FROSTY_FAILED || (awaiter->flags & kCatches) != 0) return 1;
  FailFrame(awaiter, awaiter->exn);  // it has no handler: it ends here
  return 0;
}

void clef_async_fail(void* frame) {
  clef_async_frame* f = AsFrame(frame, "clef_async_fail: a null frame");
  if (f->base.status != FROSTY_FAILED || f->exn == nullptr) Fatal("clef_async_fail: the frame has not failed");
  FailFrame(f, f->exn);
}

clef_exn* clef_async_caught(void* frame) {
  clef_async_frame* f = AsFrame(frame, "clef_async_caught: a null frame");
  clef_exn* exn = f->exn;
  if (f->base.status != FROSTY_FAILED || exn == nullptr) Fatal("clef_async_caught: the frame has not failed");
  f->exn = nullptr;
  f->base.status = FROSTY_OK;
  SetLastCaught(exn);
  return exn;
}

void clef_async_complete(void* frame) {
  frosty_frame* f = &AsFrame(frame, "clef_async_complete: a null frame")->base;
  if (f->awaiter != nullptr && f->awaiter == g_inline_awaiter) {
    // Its parent awaits it on this stack (clef_async_await): the parent continues there.
    g_completed_inline = true;
    g_inline_awaiter = nullptr;
    return;
  }
  frosty_complete(f);
}

void clef_async_run(void* frame, void* result_slot) {
  if (result_slot == nullptr) Fatal("clef_async_run: a null result slot");
  NoteEscape();  // other tasks run meanwhile and keep what they make
  frosty_runtime* runtime = ProgramRuntime();
  clef_async_frame* root = AsyncFrame(Prepare(frame, nullptr, result_slot));
  root->flags |= kRoot;
  const int32_t status = frosty_run(runtime, &root->base);
  if (status < 0) Fatal("Async.RunSynchronously: the computation waits for something that can never happen");
  root->flags &= ~kRoot;
  if (status == FROSTY_FAILED) clef_raise(root->exn);  // in the caller, as .NET does
}

void clef_async_start(void* frame, int64_t result_size) {
  frosty_runtime* runtime = ProgramRuntime();
  NoteEscape();
  void* slot = Discard(CheckedSize(result_size, "clef_async_start: negative result size"));
  frosty_start(runtime, Prepare(frame, nullptr, slot));
}

void* clef_async_sleep(int32_t milliseconds) {
  SleepFrame* frame = NewFrame<SleepFrame>(&SleepResume);
  frame->header.flags = kAsyncNoGuard;
  frame->nanoseconds = milliseconds < 0 ? 0 : int64_t{milliseconds} * 1000000;
  return frame;
}

void* clef_async_parallel(void* list, int64_t elem_size) {
  CheckedSize(elem_size, "clef_async_parallel: negative element size");
  int64_t count = 0;
  for (auto* cell = static_cast<const ListCell*>(list); cell != nullptr;
       cell = static_cast<const ListCell*>(cell->tail)) {
    ++count;
  }
  ParallelFrame* frame = NewFrame<ParallelFrame>(
      &ParallelResume, sizeof(ParallelFrame) + static_cast<size_t>(count) * sizeof(JoinSlot));
  frame->list = list;
  frame->count = count;
  frame->elem_size = elem_size;
  return frame;
}

void* clef_async_start_child(void* frame, int64_t result_size) {
  CheckedSize(result_size, "clef_async_start_child: negative result size");
  AsFrame(frame, "Async.StartChild: a null computation");
  StartChildFrame* start = NewFrame<StartChildFrame>(&StartChildResume);
  start->header.flags = kAsyncNoGuard;
  start->child = frame;
  start->result_size = result_size;
  return start;
}

void* clef_async_start_hot(void* frame, int64_t result_size) {
  CheckedSize(result_size, "clef_async_start_hot: negative result size");
  AsFrame(frame, "Frosty.startHot: a null computation");
  return StartHandle(frame, result_size, ProgramRuntime());
}

void* clef_async_ignore(void* frame, int64_t result_size) {
  const size_t bytes = CheckedSize(result_size, "clef_async_ignore: negative result size");
  AsFrame(frame, "Async.Ignore: a null computation");
  IgnoreFrame* ignore = NewFrame<IgnoreFrame>(
      &IgnoreResume, kIgnoreScratchOffset + RoundUp(bytes == 0 ? 1 : bytes, kFrameAlign));
  ignore->header.flags = kCatches;
  ignore->inner = frame;
  ignore->result_size = result_size;
  return ignore;
}

void clef_async_wait_all(void) {
  if (!g_runtime_made.load(std::memory_order_acquire)) return;
  NoteEscape();
  frosty_run_until_idle(ProgramRuntime());
}

void clef_async_get_stats(clef_async_stats* out) {
  out->frames_started = g_frames_started.load(std::memory_order_relaxed);
  out->frames_copied = g_frames_copied.load(std::memory_order_relaxed);
  out->awaits = g_awaits.load(std::memory_order_relaxed);
}

}  // extern "C"
