// The continuation ABI exercised the way Alex's generated code will use it: hand-written
// state machines in C style, one awaiting a timer and then another frame.
#include "frosty/continuation.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace {

// adder: result = x + y, after one yield-like sleep of `delay_ns`.
struct Adder {
  frosty_frame base;
  int64_t x, y, delay_ns;
};

void AdderResume(frosty_frame* f) {
  auto* self = reinterpret_cast<Adder*>(f);
  switch (f->state) {
    case 0:
      f->state = 1;
      frosty_sleep(f, self->delay_ns);
      return;
    case 1:
      if (f->status == FROSTY_OK) *static_cast<int64_t*>(f->result) = self->x + self->y;
      frosty_complete(f);
      return;
  }
}

// main: sleeps 1 ms, awaits an Adder(20, 22), records when each step ran, returns the sum + a.
struct Main {
  frosty_frame base;
  int64_t a;
  int64_t child_result;
  Adder child;
  std::vector<int64_t>* steps_at;
};

void MainResume(frosty_frame* f) {
  auto* self = reinterpret_cast<Main*>(f);
  self->steps_at->push_back(frosty_now_ns(f->runtime));
  switch (f->state) {
    case 0:
      f->state = 1;
      frosty_sleep(f, 1000000);
      return;
    case 1:
      f->state = 2;
      self->child.base =
          frosty_frame{&AdderResume, 0, 0, nullptr, &self->child_result, nullptr, {}};
      self->child.x = 20;
      self->child.y = 22;
      self->child.delay_ns = 5000000;
      frosty_await(f, &self->child.base);
      return;
    case 2:
      if (f->status == FROSTY_OK) *static_cast<int64_t*>(f->result) = self->a + self->child_result;
      frosty_complete(f);
      return;
  }
}

int64_t RunMain(frosty_runtime* runtime, std::vector<int64_t>* steps_at) {
  int64_t result = -1;
  Main main{};
  main.base = frosty_frame{&MainResume, 0, 0, nullptr, &result, nullptr, {}};
  main.a = 100;
  main.steps_at = steps_at;
  frosty_start(runtime, &main.base);
  frosty_run_until_idle(runtime);
  EXPECT_EQ(main.base.status, FROSTY_OK);
  return result;
}

TEST(ContinuationAbiTest, AwaitsATimerThenAnotherFrameOnTheDeterministicRuntime) {
  frosty_runtime* runtime = frosty_runtime_create(0, 42);
  ASSERT_NE(runtime, nullptr);
  std::vector<int64_t> steps_at;
  const int64_t start = frosty_now_ns(runtime);
  EXPECT_EQ(RunMain(runtime, &steps_at), 142);
  // Three resumptions of main, at 0, +1 ms (its timer) and +6 ms (the child's 5 ms timer),
  // exactly, on the virtual clock.
  ASSERT_EQ(steps_at.size(), 3u);
  EXPECT_EQ(steps_at[0] - start, 0);
  EXPECT_EQ(steps_at[1] - start, 1000000);
  EXPECT_EQ(steps_at[2] - start, 6000000);
  frosty_runtime_destroy(runtime);
}

// The example frame runs to its result on a real-time runtime, which it then destroys.
void ExpectRunsOnTheRealClock(frosty_runtime* runtime) {
  ASSERT_NE(runtime, nullptr);
  std::vector<int64_t> steps_at;
  const int64_t start = frosty_now_ns(runtime);
  EXPECT_EQ(RunMain(runtime, &steps_at), 142);
  ASSERT_EQ(steps_at.size(), 3u);
  EXPECT_GE(steps_at[2] - start, 6000000);  // real time: at least the two timers
  frosty_runtime_destroy(runtime);
}

TEST(ContinuationAbiTest, RunsOnTheWorkStealingRuntime) {
  ExpectRunsOnTheRealClock(frosty_runtime_create(2, 1));
}

TEST(ContinuationAbiTest, ShutdownResumesPendingFramesOnceAsCancelled) {
  frosty_runtime* runtime = frosty_runtime_create(2, 1);
  ASSERT_NE(runtime, nullptr);
  int64_t result = -1;
  Adder sleeper{};
  sleeper.base = frosty_frame{&AdderResume, 0, 0, nullptr, &result, nullptr, {}};
  sleeper.delay_ns = int64_t{3600} * 1000000000;  // an hour: still pending at shutdown
  frosty_start(runtime, &sleeper.base);
  frosty_runtime_destroy(runtime);
  EXPECT_EQ(sleeper.base.status, FROSTY_CANCELLED);
  EXPECT_EQ(sleeper.base.state, 1);  // resumed exactly once more, at its suspension point
  EXPECT_EQ(result, -1);             // and it did not produce a result
}

TEST(ContinuationAbiTest, RunsOnTheCooperativeRuntimeOnTheCallingThread) {
  ExpectRunsOnTheRealClock(frosty_runtime_create_cooperative());
}

// frosty_run: starts one frame and returns when it has completed, with its status; frames
// started before it run meanwhile, and frames still pending stay queued for later.
TEST(ContinuationAbiTest, RunReturnsWhenItsFrameCompletesAndRunsTheRestMeanwhile) {
  for (int workers : {-1, 0, 2}) {  // -1: cooperative
    frosty_runtime* runtime =
        workers < 0 ? frosty_runtime_create_cooperative() : frosty_runtime_create(workers, 7);
    ASSERT_NE(runtime, nullptr);
    int64_t early_result = -1, main_result = -1, late_result = -1;
    Adder early{}, late{};
    early.base = frosty_frame{&AdderResume, 0, 0, nullptr, &early_result, nullptr, {}};
    early.x = 1;
    early.y = 2;
    early.delay_ns = 0;
    late.base = frosty_frame{&AdderResume, 0, 0, nullptr, &late_result, nullptr, {}};
    late.x = 3;
    late.y = 4;
    late.delay_ns = int64_t{20} * 1000000;  // outlives main's 6 ms
    frosty_start(runtime, &early.base);
    frosty_start(runtime, &late.base);

    std::vector<int64_t> steps_at;
    Main main{};
    main.base = frosty_frame{&MainResume, 0, 0, nullptr, &main_result, nullptr, {}};
    main.a = 100;
    main.steps_at = &steps_at;
    EXPECT_EQ(frosty_run(runtime, &main.base), FROSTY_OK);
    EXPECT_EQ(main_result, 142);
    EXPECT_EQ(steps_at.size(), 3u);
    // Queued first, so it ran while frosty_run ran the queue (on the work-stealing runtime
    // other threads run it, whenever they do).
    if (workers <= 0) {
      EXPECT_EQ(early_result, 3);
    }

    frosty_run_until_idle(runtime);
    EXPECT_EQ(late_result, 7);
    frosty_runtime_destroy(runtime);
  }
}

// A step runner sees every step the executor runs, and each step still runs once.
thread_local int t_runner_steps = 0;
void CountingRunner(frosty_frame* frame) {
  ++t_runner_steps;
  frame->resume(frame);
}

TEST(ContinuationAbiTest, EveryStepGoesThroughTheStepRunner) {
  frosty_runtime* runtime = frosty_runtime_create_cooperative();
  ASSERT_NE(runtime, nullptr);
  frosty_runtime_set_step_runner(runtime, &CountingRunner);
  t_runner_steps = 0;
  int64_t result = -1;
  std::vector<int64_t> steps_at;
  Main main{};
  main.base = frosty_frame{&MainResume, 0, 0, nullptr, &result, nullptr, {}};
  main.a = 1;
  main.steps_at = &steps_at;
  EXPECT_EQ(frosty_run(runtime, &main.base), FROSTY_OK);
  EXPECT_EQ(result, 43);
  // Main's three steps and the child's two (frosty_run's own awaiter runs directly).
  EXPECT_EQ(t_runner_steps, 5);
  EXPECT_EQ(steps_at.size(), 3u);
  frosty_runtime_destroy(runtime);
}

// A frame that suspends with nothing to wake it: a single-thread runtime runs out of work.
struct Stuck {
  frosty_frame base;
  int resumed;
};

void StuckResume(frosty_frame* f) {
  auto* self = reinterpret_cast<Stuck*>(f);
  ++self->resumed;
  if (f->state == 0) {
    f->state = 1;
    return;  // suspended, and nobody will resume it
  }
  frosty_complete(f);
}

TEST(ContinuationAbiTest, RunReturnsMinusOneWhenItsFrameCanNeverComplete) {
  frosty_runtime* runtime = frosty_runtime_create_cooperative();
  ASSERT_NE(runtime, nullptr);
  Stuck stuck{};
  stuck.base = frosty_frame{&StuckResume, 0, 0, nullptr, nullptr, nullptr, {}};
  EXPECT_EQ(frosty_run(runtime, &stuck.base), -1);
  EXPECT_EQ(stuck.resumed, 1);
  // Completing it later still resumes (and frees) the awaiter frosty_run gave it.
  frosty_complete(&stuck.base);
  frosty_run_until_idle(runtime);
  frosty_runtime_destroy(runtime);
}

// frosty_run from inside a frame on the cooperative runtime: the nested call runs the queue.
struct Nester {
  frosty_frame base;
  int64_t inner_result;
  Adder inner;
};

void NesterResume(frosty_frame* f) {
  auto* self = reinterpret_cast<Nester*>(f);
  self->inner.base = frosty_frame{&AdderResume, 0, 0, nullptr, &self->inner_result, nullptr, {}};
  self->inner.x = 5;
  self->inner.y = 6;
  self->inner.delay_ns = 1000000;
  const int32_t status = frosty_run(f->runtime, &self->inner.base);
  *static_cast<int64_t*>(f->result) = status == FROSTY_OK ? self->inner_result * 2 : -1;
  frosty_complete(f);
}

TEST(ContinuationAbiTest, RunNestsOnTheCooperativeRuntime) {
  frosty_runtime* runtime = frosty_runtime_create_cooperative();
  ASSERT_NE(runtime, nullptr);
  int64_t result = -1;
  Nester nester{};
  nester.base = frosty_frame{&NesterResume, 0, 0, nullptr, &result, nullptr, {}};
  EXPECT_EQ(frosty_run(runtime, &nester.base), FROSTY_OK);
  EXPECT_EQ(result, 22);
  frosty_runtime_destroy(runtime);
}

TEST(ContinuationAbiTest, RejectsAnInvalidWorkerCount) {
  EXPECT_EQ(frosty_runtime_create(-1, 0), nullptr);
  EXPECT_EQ(frosty_runtime_create(1000, 0), nullptr);
}

}  // namespace
