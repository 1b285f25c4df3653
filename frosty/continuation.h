/* The continuation ABI of compiled Clef: what Alex lowers each `async`/`actor` body (a dcont
 * reset region) to, and how the runtime resumes it on Prospero executors. Plain C, so the
 * compiler's output and any language can use it.
 *
 * A frame is a state machine: `resume` switches on `state`, runs to the next suspension point,
 * stores the next state, asks the runtime to resume it later (frosty_await, frosty_sleep) and
 * returns; or it finishes (frosty_complete). The values live across suspension points are the
 * rest of the caller's frame struct, which begins with a frosty_frame:
 *
 *   typedef struct { frosty_frame base; int64_t a; int64_t child_result; adder child; } my_frame;
 *   static void my_resume(frosty_frame* f) {
 *     my_frame* m = (my_frame*)f;
 *     switch (f->state) {
 *       case 0: f->state = 1; frosty_sleep(f, 1000000); return;          // await a timer
 *       case 1: f->state = 2; frosty_await(f, &m->child.base); return;   // await a frame
 *       case 2: *(int64_t*)f->result = m->a + m->child_result; frosty_complete(f); return;
 *     }
 *   }
 *
 * Rules: a frame is resumed by at most one thread at a time; `resume` returns right after each
 * frosty_await/frosty_sleep/frosty_complete call; a frame is never touched by the runtime after
 * frosty_complete returns, so its owner may free it then (or from its awaiter). When the
 * executor shuts down with work pending, each pending frame is resumed once more with
 * `status` = FROSTY_CANCELLED so it can release what it holds, and must then complete.
 */
#ifndef FIDELITY_FROSTY_CONTINUATION_H_
#define FIDELITY_FROSTY_CONTINUATION_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum frosty_status { FROSTY_OK = 0, FROSTY_CANCELLED = 1, FROSTY_FAILED = 2 };

typedef struct frosty_runtime frosty_runtime;
typedef struct frosty_frame frosty_frame;

struct frosty_frame {
  void (*resume)(frosty_frame* frame); /* the state machine */
  int32_t state;                       /* where resume continues: 0 on the first call */
  int32_t status;                      /* a frosty_status: why it was resumed or how it ended */
  frosty_frame* awaiter;               /* resumed when this frame completes, or NULL */
  void* result;                        /* the caller's slot for this frame's result */
  frosty_runtime* runtime;             /* set when the frame is started */
  uint64_t scheduling[3];              /* the runtime's: a Prospero work item */
};

/* A runtime over a work-stealing executor with `workers` threads (1..256), or over the
 * deterministic executor (virtual time; same seed, same interleaving) when `workers` is 0.
 * NULL when the executor cannot be made. */
frosty_runtime* frosty_runtime_create(int workers, uint64_t seed);
/* A runtime over the cooperative executor: no thread of its own, frames run on the thread that
 * calls frosty_run_until_idle or frosty_run, oldest first, on the real clock (what a program
 * that runs its async work on its main thread uses). NULL when the executor cannot be made. */
frosty_runtime* frosty_runtime_create_cooperative(void);
void frosty_runtime_destroy(frosty_runtime* runtime); /* drains: pending frames run to the end */

/* Every step the executor runs of this runtime's frames goes through `runner`, which must call
 * frame->resume(frame) (once): where a language runtime puts its exception guard. NULL (the
 * default) calls resume directly. Set it before any frame runs. frosty_run's own awaiter is
 * resumed directly. */
void frosty_runtime_set_step_runner(frosty_runtime* runtime, void (*runner)(frosty_frame* frame));
/* Schedules `frame` (state 0) on `runtime`. */
void frosty_start(frosty_runtime* runtime, frosty_frame* frame);
/* Suspends `awaiter` until `awaited` completes; starts `awaited` at its state 0. */
void frosty_await(frosty_frame* awaiter, frosty_frame* awaited);
/* Suspends `frame` for `nanoseconds` on the runtime's clock. */
void frosty_sleep(frosty_frame* frame, int64_t nanoseconds);
/* Ends `frame` (its status says how) and resumes its awaiter. */
void frosty_complete(frosty_frame* frame);
/* Runs until no frame is pending: on the cooperative and deterministic runtimes this thread does
 * the work. */
void frosty_run_until_idle(frosty_runtime* runtime);
/* Starts `frame` (state 0; its awaiter becomes the runtime's own, so it must have none) and
 * returns once it has completed, with its final status; on the cooperative and deterministic
 * runtimes this thread does the work meanwhile, and runs whatever else is pending too, in turn.
 * Returns -1, with `frame` still suspended, when a single-thread runtime runs out of work first
 * (the frame waits for something that can never happen). Other frames may still be pending when
 * it returns: they run at the next frosty_run or frosty_run_until_idle. May be called from
 * inside a frame's resume on a single-thread runtime (the nested call runs the queue itself). */
int32_t frosty_run(frosty_runtime* runtime, frosty_frame* frame);
/* The runtime clock in nanoseconds (virtual on the deterministic runtime). */
int64_t frosty_now_ns(frosty_runtime* runtime);

#ifdef __cplusplus
}
#endif

#endif /* FIDELITY_FROSTY_CONTINUATION_H_ */
