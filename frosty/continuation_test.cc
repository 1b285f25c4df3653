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

TEST(ContinuationAbiTest, RunsOnTheWorkStealingRuntime) {
  frosty_runtime* runtime = frosty_runtime_create(2, 1);
  ASSERT_NE(runtime, nullptr);
  std::vector<int64_t> steps_at;
  const int64_t start = frosty_now_ns(runtime);
  EXPECT_EQ(RunMain(runtime, &steps_at), 142);
  ASSERT_EQ(steps_at.size(), 3u);
  EXPECT_GE(steps_at[2] - start, 6000000);  // real time: at least the two timers
  frosty_runtime_destroy(runtime);
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

TEST(ContinuationAbiTest, RejectsAnInvalidWorkerCount) {
  EXPECT_EQ(frosty_runtime_create(-1, 0), nullptr);
  EXPECT_EQ(frosty_runtime_create(1000, 0), nullptr);
}

}  // namespace
