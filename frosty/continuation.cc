// The runtime side of frosty/continuation.h on Prospero executors.
#include "frosty/continuation.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>

#include "absl/time/time.h"
#include "prospero/executor.h"

struct frosty_runtime {
  std::unique_ptr<prospero::Executor> executor;
  void (*step_runner)(frosty_frame*) = nullptr;
};

namespace {

static_assert(sizeof(prospero::WorkItem) <= sizeof(frosty_frame::scheduling),
              "a frame's scheduling words must hold a prospero::WorkItem");
static_assert(alignof(prospero::WorkItem) <= alignof(uint64_t));

frosty_frame* FrameOf(prospero::WorkItem* work) {
  return reinterpret_cast<frosty_frame*>(reinterpret_cast<char*>(work) -
                                         offsetof(frosty_frame, scheduling));
}

void RunAwaiterResume(frosty_frame* frame);

void RunFrame(prospero::WorkItem* work, prospero::RunReason reason) {
  frosty_frame* frame = FrameOf(work);
  if (reason == prospero::RunReason::kCancelled) frame->status = FROSTY_CANCELLED;
  // frosty_run's own awaiter runs no code of the runtime's user: never through the runner.
  if (frame->runtime != nullptr && frame->runtime->step_runner != nullptr && frame->resume != &RunAwaiterResume) {
    frame->runtime->step_runner(frame);
  } else {
    frame->resume(frame);
  }
}

// Queues the frame's next resumption.
prospero::WorkItem* Arm(frosty_frame* frame) {
  return ::new (frame->scheduling) prospero::WorkItem{&RunFrame};
}

frosty_runtime* CreateRuntime(const prospero::PlatformConfig& config) {
  auto executor = prospero::Executor::Create(config);
  if (!executor.ok()) return nullptr;
  return new frosty_runtime{*std::move(executor), nullptr};
}

// frosty_run's awaiter: resumed (as any awaiter, through the executor) when the frame it awaits
// completes. On the heap and shared by two owners: frosty_run, and the resumption, which on the
// work-stealing runtime may still be inside notify_all when frosty_run sees `done` and returns;
// or which may come after frosty_run gave up (-1). The last one to let go deletes it.
struct RunAwaiter {
  frosty_frame base;
  std::atomic<bool> done{false};
  std::atomic<int> owners{2};

  void Release() {
    if (owners.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
};

void RunAwaiterResume(frosty_frame* frame) {
  auto* awaiter = reinterpret_cast<RunAwaiter*>(frame);
  awaiter->done.store(true, std::memory_order_release);
  awaiter->done.notify_all();
  awaiter->Release();
}

}  // namespace

extern "C" {

frosty_runtime* frosty_runtime_create(int workers, uint64_t seed) {
  prospero::PlatformConfig config =
      prospero::PlatformConfig::Default()
          .WithExecutionModel(workers == 0 ? prospero::ExecutionModel::kDeterministic
                                           : prospero::ExecutionModel::kWorkStealing)
          .WithScheduler(prospero::SchedulerConfig::Create()
                             .WithWorkerCount(workers == 0 ? 1 : workers)
                             .WithSeed(seed));
  return CreateRuntime(config);
}

frosty_runtime* frosty_runtime_create_cooperative(void) {
  prospero::PlatformConfig config =
      prospero::PlatformConfig::Default()
          .WithExecutionModel(prospero::ExecutionModel::kCooperative)
          .WithScheduler(prospero::SchedulerConfig::Create().WithWorkerCount(1));
  return CreateRuntime(config);
}

void frosty_runtime_destroy(frosty_runtime* runtime) {
  if (runtime == nullptr) return;
  runtime->executor->Shutdown(prospero::ShutdownMode::kDrain);
  delete runtime;
}

void frosty_runtime_set_step_runner(frosty_runtime* runtime, void (*runner)(frosty_frame* frame)) {
  runtime->step_runner = runner;
}

void frosty_start(frosty_runtime* runtime, frosty_frame* frame) {
  frame->runtime = runtime;
  frame->state = 0;
  frame->status = FROSTY_OK;
  runtime->executor->Submit(Arm(frame));
}

void frosty_await(frosty_frame* awaiter, frosty_frame* awaited) {
  awaited->awaiter = awaiter;
  frosty_start(awaiter->runtime, awaited);
}

void frosty_sleep(frosty_frame* frame, int64_t nanoseconds) {
  frame->runtime->executor->SubmitAfter(absl::Nanoseconds(nanoseconds), Arm(frame));
}

void frosty_complete(frosty_frame* frame) {
  frosty_frame* awaiter = frame->awaiter;
  if (awaiter == nullptr) return;
  // The awaiter learns how the awaited frame ended through its own status.
  if (frame->status != FROSTY_OK) awaiter->status = frame->status;
  awaiter->runtime->executor->Submit(Arm(awaiter));
}

void frosty_run_until_idle(frosty_runtime* runtime) { runtime->executor->RunUntilIdle(); }

int32_t frosty_run(frosty_runtime* runtime, frosty_frame* frame) {
  auto* awaiter = new RunAwaiter{};
  awaiter->base.resume = &RunAwaiterResume;
  awaiter->base.runtime = runtime;
  frame->awaiter = &awaiter->base;
  frosty_start(runtime, frame);
  runtime->executor->RunUntil(awaiter->done);
  // frosty_complete gave the awaiter the frame's status when it was not FROSTY_OK.
  const int32_t status = awaiter->done.load(std::memory_order_acquire) ? awaiter->base.status : -1;
  awaiter->Release();
  return status;
}

int64_t frosty_now_ns(frosty_runtime* runtime) {
  return absl::ToUnixNanos(runtime->executor->Now());
}

}  // extern "C"
