// The C ABI that code compiled by composer calls: region memory, strings, F#-style formatted
// printing, exceptions, async computations and the program's entry. Plain C so that generated
// code (MLIR's LLVM dialect) can declare every function with primitive types and pointers only.
//
// Value layouts the generated code relies on (alex/README.md gives the rule for every type):
//   string  clef_string*: {int64 length; char data[length + 1]} (NUL-terminated, UTF-8 bytes)
//   exn     clef_exn*:    {clef_string* message; int32 kind}
//   array   void*:        {int64 length; elements...} with elements at offset 8 rounded up to
//                         their alignment (at most 16)
// Strings and exceptions are immutable once made; every heap value lives in the current region.
#ifndef FIDELITY_COMPOSER_RUNTIME_CLEF_RUNTIME_H_
#define FIDELITY_COMPOSER_RUNTIME_CLEF_RUNTIME_H_

#include <stdbool.h>
#include <stdint.h>

#include "frosty/continuation.h"

#ifdef __cplusplus
#define CLEF_NORETURN [[noreturn]]
extern "C" {
#else
#define CLEF_NORETURN _Noreturn
#endif

// ---- Program entry ------------------------------------------------------------------------
// The generated `main` calls clef_runtime_init, then the program's top level, then returns
// clef_runtime_exit(code) (0, or the result of the [<EntryPoint>] function), which flushes output and, when CLEF_RUNTIME_STATS=1 is in the
// environment, prints the calling thread's region statistics on stderr as one line:
//   clef-runtime: allocations=N peak_reserved=N bytes_reserved=N
// stdout is buffered (64 KiB; by line when it is a terminal) and flushed at exit, before anything
// is written on stderr, and before the report of an unhandled exception.
void clef_runtime_init(int32_t argc, char** argv);
int32_t clef_runtime_exit(int32_t code);
// The command line after the program's name, as a Clef string[] (for [<EntryPoint>] main).
void* clef_runtime_args(void);

// ---- Region memory ------------------------------------------------------------------------
// Allocation in the program's current region (Prospero's Region): never returns null, aborts
// with a message when the system is out of memory. Memory is zero-filled.
void* clef_alloc(int64_t size, int64_t align);

// A position in the region; release frees everything allocated after it. The generated code
// keeps the mark in a stack slot of CLEF_MARK_BYTES bytes (8-aligned) and releases in LIFO
// order. A mark skipped by an exception is simply never released.
#define CLEF_MARK_BYTES 48
void clef_region_mark(void* mark);
void clef_region_release(const void* mark);

typedef struct clef_region_stats {
  int64_t bytes_allocated;      // live allocations now
  int64_t bytes_reserved;       // held in chunks now
  int64_t peak_bytes_reserved;  // the most ever held
  int64_t allocations;          // allocations since start: clef_alloc calls and the runtime's
                                // own (strings, exceptions)
} clef_region_stats;
void clef_region_get_stats(clef_region_stats* out);

// ---- Strings ------------------------------------------------------------------------------
// A null clef_string* reads as the empty string in every function below.
typedef struct clef_string {
  int64_t length;
  char data[];
} clef_string;

clef_string* clef_string_new(const char* bytes, int64_t length);
clef_string* clef_string_concat(const clef_string* a, const clef_string* b);
bool clef_string_equal(const clef_string* a, const clef_string* b);
int32_t clef_string_compare(const clef_string* a, const clef_string* b);  // ordinal: -1, 0, 1
int32_t clef_string_hash(const clef_string* s);
// s.[i]: the byte at i; raises IndexOutOfRangeException when i is outside the string.
int32_t clef_string_get(const clef_string* s, int32_t index);
// s.Substring(start, length): raises ArgumentOutOfRangeException with .NET's messages.
clef_string* clef_string_sub(const clef_string* s, int32_t start, int32_t length);
// String.concat sep list: `list` is a Clef `string list` (null, or a cell {clef_string* head;
// void* tail}).
clef_string* clef_string_join_list(const clef_string* separator, const void* list);
// String.replicate: a negative count raises ArgumentException.
clef_string* clef_string_replicate(int32_t count, const clef_string* s);

// F#'s `string x` for each primitive (as .NET's ToString: `string 3.0` is "3", `string true`
// is "True").
clef_string* clef_string_of_int32(int32_t value);
clef_string* clef_string_of_int64(int64_t value);
clef_string* clef_string_of_float(double value);
clef_string* clef_string_of_bool(bool value);
clef_string* clef_string_of_char(int32_t value);
// F#'s `int "42"` / `float "2.5"`, as FSharp.Core parses: surrounding white space, '_' anywhere,
// and for integers a 0x/0o/0b prefix are accepted. Text that is not a number raises
// FormatException with .NET's message ("The input string 'abc' was not in a correct format.");
// an integer out of range raises OverflowException ("Value was either too large or too small
// for an Int32."); a float out of range is an infinity or zero, as in .NET.
int32_t clef_int32_of_string(const clef_string* s);
int64_t clef_int64_of_string(const clef_string* s);
double clef_float_of_string(const clef_string* s);

// ---- Formatting (printf, printfn, sprintf, eprintf, eprintfn, failwithf) -------------------
// The generated code parses the format at compile time and drives a builder: literal pieces
// and one call per conversion, then one finishing call.
//   conv:  'd' 'i' 'u' 'x' 'X' 'o' 'f' 'F' 'e' 'E' 'g' 'G' 's' 'b' 'c' 'A' 'O'
//   flags: CLEF_FMT_LEFT '-', CLEF_FMT_ZERO '0', CLEF_FMT_PLUS '+', CLEF_FMT_SPACE ' '
//   width, precision: -1 when absent.
// Each conversion formats as F# does: %d of an int, %x of a negative int in two's complement,
// %f with 6 decimals unless a precision is given, %b as true/false, %A of a string quoted,
// %A/%O of a float as F# prints it ("3.0", "0.1", "1e+20" rules of .NET), and so on. As in F#:
// %A ignores width and flags (for a string it is the text in quotes, nothing escaped); precision
// counts only for e/f/g (at most 99); %s %c %b %O pad with spaces only. 'B' (binary) is accepted
// for integers too. A conversion that F# would reject for the type aborts the program.
#define CLEF_FMT_LEFT 1
#define CLEF_FMT_ZERO 2
#define CLEF_FMT_PLUS 4
#define CLEF_FMT_SPACE 8
typedef struct clef_fmt clef_fmt;
clef_fmt* clef_fmt_new(void);
void clef_fmt_literal(clef_fmt* f, const char* bytes, int64_t length);
void clef_fmt_int32(clef_fmt* f, int32_t value, int32_t conv, int32_t flags, int32_t width, int32_t precision);
void clef_fmt_int64(clef_fmt* f, int64_t value, int32_t conv, int32_t flags, int32_t width, int32_t precision);
void clef_fmt_uint8(clef_fmt* f, uint8_t value, int32_t conv, int32_t flags, int32_t width, int32_t precision);
void clef_fmt_float(clef_fmt* f, double value, int32_t conv, int32_t flags, int32_t width, int32_t precision);
void clef_fmt_bool(clef_fmt* f, bool value, int32_t conv, int32_t flags, int32_t width, int32_t precision);
void clef_fmt_char(clef_fmt* f, int32_t value, int32_t conv, int32_t flags, int32_t width, int32_t precision);
void clef_fmt_string(clef_fmt* f, const clef_string* value, int32_t conv, int32_t flags, int32_t width, int32_t precision);
void clef_fmt_unit(clef_fmt* f, int32_t conv, int32_t flags, int32_t width, int32_t precision);  // "()"
// Finishing consumes the builder. stream: 1 stdout, 2 stderr.
// The integer types besides int, int64 and byte, for clef_fmt_integer.
enum {
  CLEF_INT_INT32 = 0,
  CLEF_INT_INT64 = 1,
  CLEF_INT_BYTE = 2,
  CLEF_INT_SBYTE = 3,       // %A suffix y
  CLEF_INT_INT16 = 4,       // s
  CLEF_INT_UINT16 = 5,      // us
  CLEF_INT_UINT32 = 6,      // u
  CLEF_INT_UINT64 = 7,      // UL
  CLEF_INT_NATIVEINT = 8,   // n
  CLEF_INT_UNATIVEINT = 9,  // un
};
// Any integer type `type` (CLEF_INT_*) under printf's conversions: `value` is the number
// (sign- or zero-extended), `bits` its two's-complement pattern at its width.
void clef_fmt_integer(clef_fmt* f, int64_t value, uint64_t bits, int32_t type, int32_t conv, int32_t flags,
                      int32_t width);
// An interpolated string's hole with a .NET standard numeric format ($"{x,8:N2}"): `format` is
// the letter (D X x N F E e G g P R; the compiler accepts no other), `precision` its digits or -1,
// `align` the String.Format alignment (negative: left-justified). `bits` is the integer's
// two's-complement pattern at its width, which X prints.
void clef_fmt_net_int(clef_fmt* f, int64_t value, uint64_t bits, int32_t format, int32_t precision,
                      int32_t align);
void clef_fmt_net_float(clef_fmt* f, double value, int32_t format, int32_t precision, int32_t align);
void clef_fmt_print(clef_fmt* f, int32_t stream, bool newline);

// ---- Structured printing: %A of compound values (structured.cc) ---------------------------
// The generated code describes the value as a tree (each node malloc'd; clef_fmt_sval frees the
// whole tree), and the runtime lays it out as FSharp.Core's %A does (sformat.fs: anyToLayout,
// then squashTo a width of 80, at most 100 elements of a list/array/map/set before "...").
typedef struct clef_sval clef_sval;
enum {
  CLEF_SVAL_LIST = 0,    // [a; b]
  CLEF_SVAL_ARRAY = 1,   // [|a; b|]
  CLEF_SVAL_TUPLE = 2,   // (a, b)
  CLEF_SVAL_RECORD = 3,  // { A = a\n  B = b }  (children named by `field`)
  CLEF_SVAL_UNION = 4,   // Case, Case a, Case (a, b)  (`name`: the case)
  CLEF_SVAL_MAP = 5,     // map [(k, v); ..]  (children: TUPLEs of key and value)
  CLEF_SVAL_SET = 6,     // set [a; b]
  CLEF_SVAL_SEQ = 7,     // seq [a; b]
};
// Leaves, printed as %A prints them alone: 3, 3L, 3uy, 1.5 / 3.0, "s" (no escaping, as F#),
// 'c', true, ().
clef_sval* clef_sval_int32(int32_t value);
clef_sval* clef_sval_int64(int64_t value);
clef_sval* clef_sval_uint8(uint8_t value);
clef_sval* clef_sval_float(double value);
clef_sval* clef_sval_bool(bool value);
clef_sval* clef_sval_char(int32_t value);
clef_sval* clef_sval_string(const clef_string* value);
clef_sval* clef_sval_unit(void);
// A leaf printed as the given text (the other integer types: "3y", "3us", "3UL", ..).
clef_sval* clef_sval_text(const clef_string* text);
// A compound value of `kind` (CLEF_SVAL_*); `name` is the union case's name (UNION only).
clef_sval* clef_sval_new(int32_t kind, const char* name, int64_t name_length);
// Appends a child: an element, a tuple item, a case's field, a map's (key, value) TUPLE, or for
// RECORD the field named `field`.
void clef_sval_add(clef_sval* parent, const char* field, int64_t field_length, clef_sval* child);
// Appends the laid-out value, then frees the tree. As in F#, `width` is the line width of the
// layout (%40A; -1 when none is given: 80) and the '0' flag puts it all on one line (%0A).
void clef_fmt_sval(clef_fmt* f, clef_sval* value, int32_t flags, int32_t width);
clef_string* clef_fmt_to_string(clef_fmt* f);
CLEF_NORETURN void clef_fmt_failwith(clef_fmt* f);  // failwithf

// Unformatted output used by the lowering of `printf "literal"` fast paths.
void clef_print_string(const clef_string* s, int32_t stream, bool newline);
// stdin.ReadLine(): the next line without its terminator ("\n" or "\r\n"), or null (which reads
// as "") at the end of input. stdout is flushed first, so a prompt shows.
clef_string* clef_read_line(void);
// stdin.ReadToEnd(): the rest of the input.
clef_string* clef_read_to_end(void);

// ---- Sorting ----------------------------------------------------------------------------
// A stable merge sort of `count` elements of `size` bytes at `base` (List.sort, List.sortBy,
// Array.sort): compare(context, a, b) < 0 when a goes before b.
void clef_sort(void* base, int64_t count, int64_t size,
               int32_t (*compare)(void* context, const void* a, const void* b), void* context);

// ---- Exceptions ---------------------------------------------------------------------------
enum clef_exn_kind {
  CLEF_EXN_FAILURE = 0,           // failwith: System.Exception
  CLEF_EXN_MATCH_FAILURE = 1,     // an incomplete match: MatchFailureException
  CLEF_EXN_INDEX_OUT_OF_RANGE = 2,
  CLEF_EXN_DIVIDE_BY_ZERO = 3,
  CLEF_EXN_ARGUMENT = 4,          // List.head [] and friends: ArgumentException
  CLEF_EXN_KEY_NOT_FOUND = 5,     // List.find with no match
  CLEF_EXN_FORMAT = 6,            // int "x"
  CLEF_EXN_INVALID_OPERATION = 7,
  CLEF_EXN_OVERFLOW = 8,               // int "99999999999": System.OverflowException
  CLEF_EXN_ARGUMENT_OUT_OF_RANGE = 9,  // Substring: System.ArgumentOutOfRangeException, which
                                       // `:? ArgumentException` also catches
};
// .NET type names and the messages clef_raise_kind and clef_exn_new(kind, NULL) use, which are
// the .NET exceptions' own defaults:
//   FAILURE                 System.Exception: "Exception of type 'System.Exception' was thrown."
//   MATCH_FAILURE           Microsoft.FSharp.Core.MatchFailureException:
//                           "The match cases were incomplete"
//   INDEX_OUT_OF_RANGE      System.IndexOutOfRangeException:
//                           "Index was outside the bounds of the array."
//   DIVIDE_BY_ZERO          System.DivideByZeroException: "Attempted to divide by zero."
//   ARGUMENT                System.ArgumentException:
//                           "Value does not fall within the expected range."
//   KEY_NOT_FOUND           System.Collections.Generic.KeyNotFoundException:
//                           "The given key was not present in the dictionary."
//   FORMAT                  System.FormatException:
//                           "One of the identified items was in an invalid format."
//   INVALID_OPERATION       System.InvalidOperationException:
//                           "Operation is not valid due to the current state of the object."
//   OVERFLOW                System.OverflowException:
//                           "Arithmetic operation resulted in an overflow."
//   ARGUMENT_OUT_OF_RANGE   System.ArgumentOutOfRangeException:
//                           "Specified argument was out of the range of valid values."
// FSharp.Core's own messages are the caller's to pass, e.g. List.head []: ArgumentException
// "The input list was empty. (Parameter 'list')"; List.find: KeyNotFoundException "An index
// satisfying the predicate was not found in the collection.".
// The program's own exceptions (`exception E of T`) have kinds from CLEF_EXN_USER on (the
// compiler numbers them) and more: their name, a function that describes the value as F#'s %A
// does (their Message, made on first use: clef_exn_message), then their fields.
#define CLEF_EXN_USER 1000
typedef struct clef_exn {
  clef_string* message;  // null until clef_exn_message describes a program exception
  int32_t kind;
  const char* type_name;                          // program exceptions only (else null)
  clef_string* (*describe)(struct clef_exn* exn);  // program exceptions only (else null)
} clef_exn;

// exn.Message: a program exception's is its %A (`MyError "x"`), made once.
clef_string* clef_exn_message(clef_exn* exn);

clef_exn* clef_exn_new(int32_t kind, const clef_string* message);
CLEF_NORETURN void clef_raise(clef_exn* exn);
CLEF_NORETURN void clef_failwith(const clef_string* message);
CLEF_NORETURN void clef_raise_kind(int32_t kind);  // with .NET's default message for the kind
// F#'s reraise (): raises again the exception this thread's latest clef_try caught.
CLEF_NORETURN void clef_reraise(void);
// An incomplete match at file:line:col. F#'s MatchFailureException keeps the place as data; its
// Message is "The match cases were incomplete", and so is this exception's.
CLEF_NORETURN void clef_match_failure(const char* file, int32_t line, int32_t column);

// Runs body(env). Returns null when it returned normally, else the exception it raised (an
// exception raised and not caught by any clef_try flushes stdout, prints "Unhandled exception.
// <.NET type name>: <message>" on stderr, or just the type name when the message is empty, as
// .NET does, and exits with code 1). Nests; each thread has its own handler chain. clef_raise
// longjmps to the innermost clef_try, so no frame between them may need cleanup.
clef_exn* clef_try(void (*body)(void* env), void* env);

// ---- Async (async { }, Async.*) -----------------------------------------------------------
// An `async { }` compiles to a frame: this header, then the compiler's own fields. `base.resume`
// is its state machine (frosty/continuation.h: it switches on `base.state`, 0 when created). At a
// suspension it sets `base.state` and calls clef_async_await: on 0 it returns (it will be
// resumed), on 1 the awaited frame has already completed and it continues at that state itself.
// At the end it stores its
// result through `base.result` (always a valid slot of the result's size) and calls
// clef_async_complete, then returns without touching the frame again.
//
// A frame is a cold computation (F#'s Async<T>): it may run any number of times. Its first run
// uses the frame itself; a run of a frame already started runs a copy (`size` bytes, made in the
// region, with flags, state, status and awaiter cleared), so a state machine must leave the
// fields it was created with as they were (state 0 initializes the others).
//
// Frames run on the program's async runtime: one per process, made on first use (a program that
// never runs one makes nothing), a cooperative Prospero executor that runs them on the thread
// that calls clef_async_run or clef_async_wait_all, one at a time, on the real clock. Frames, the
// runtime's copies and its results live in the calling thread's region: the runtime is for one
// thread. Not built for wasm32-wasi (no Frosty there).
//
// Exceptions: every step runs under the runtime's guard. An exception that escapes a step fails
// the innermost frame running: its `exn` is set, its status becomes FROSTY_FAILED and it
// completes, so its awaiter is resumed with the same `exn` and status (a frame without
// CLEF_ASYNC_CATCHES fails at once in turn, without running). Async.RunSynchronously raises the
// exception again in its caller; an exception that no computation handles in a started task
// (Async.Start) is reported as unhandled and ends the program, as in .NET.
typedef struct clef_async_frame {
  frosty_frame base;  // resume, state, status, awaiter, result, runtime, scheduling
  int64_t size;       // bytes of the whole frame, this header included
  int64_t flags;      // CLEF_ASYNC_SCOPED and CLEF_ASYNC_CATCHES, as the compiler made it
  struct clef_exn* exn;  // when status is FROSTY_FAILED: the exception, its own or its child's
} clef_async_frame;
#define CLEF_ASYNC_STARTED 1  // flags bit 0: the frame has run (or is running) once
// Set by the compiler: the computation's result holds no heap value and the program never
// stores a heap value into an older location. A run of it awaited by clef_async_await that
// completes in its first step (on the awaiter's stack) then releases everything it allocated,
// unless the runtime saw something made meanwhile escape (a started task, a posted message...).
#define CLEF_ASYNC_SCOPED 4
// Set by the compiler when the state machine handles exceptions (a try/with or try/finally
// around a suspension): resumed with status FROSTY_FAILED, it runs the handler active at its
// state, or calls clef_async_fail when none is.
#define CLEF_ASYNC_CATCHES 8

// 16-aligned, zero-filled memory for a frame in the region; counts as an allocation.
void* clef_async_alloc(int64_t size);
// From `parent`'s state machine: `child` (a copy, if started) starts on parent's runtime with its
// first step on this stack, its result going to `result_slot`. 1: it has completed, the parent
// continues now; 0: the parent is suspended until it completes (then it is resumed).
int32_t clef_async_await(void* parent, void* child, void* result_slot);
// Ends `frame` (its result stored) and resumes whoever awaits it.
void clef_async_complete(void* frame);
// Ends a CATCHES `frame` resumed with FROSTY_FAILED and no handler active: it fails with its
// `exn`, which goes on to whoever awaits it.
void clef_async_fail(void* frame);
// From a CATCHES `frame`'s handler: the exception it was resumed with. The frame's status is
// FROSTY_OK again, and `reraise ()` raises the exception again.
clef_exn* clef_async_caught(void* frame);
// Async.RunSynchronously: runs `frame` on the program's runtime, on this thread, until it has
// completed with its result in `result_slot` (tasks started earlier run meanwhile, in turn).
void clef_async_run(void* frame, void* result_slot);
// Async.Start/StartImmediate: queues `frame` (whose result, `result_size` bytes, is dropped); it
// runs when the program next runs the runtime (clef_async_run, clef_async_wait_all).
void clef_async_start(void* frame, int64_t result_size);
// Async.Sleep: an Async<unit> that completes after `milliseconds` (a negative delay is 0).
void* clef_async_sleep(int32_t milliseconds);
// Async.Parallel: `list` is a Clef list of frames (cells {void* head; void* tail}, NULL = []).
// An Async<T[]> that starts them all at once and completes when all have, with an array
// {int64 length; T elements[]} (element i at 8 + i * elem_size) in list order.
void* clef_async_parallel(void* list, int64_t elem_size);
// Async.StartChild: an Async<Async<T>> that starts `frame` when run and completes at once with a
// handle, an Async<T> that completes with frame's result (`result_size` bytes) once there is
// one. The handle may be awaited any number of times; it never reruns `frame`.
void* clef_async_start_child(void* frame, int64_t result_size);
// Async.Ignore: an Async<unit> that runs `frame` and drops its result (`result_size` bytes).
// Frosty.startHot and `and!`: starts `frame` now (queued on the program's runtime) and returns a
// computation that completes with its result (result_size bytes) for every await.
void* clef_async_start_hot(void* frame, int64_t result_size);
void* clef_async_ignore(void* frame, int64_t result_size);
// Runs the program's runtime until every started frame has completed (and every timer fired);
// returns at once when the program never used it. The generated main calls it before exiting.
void clef_async_wait_all(void);

typedef struct clef_async_stats {
  int64_t frames_started;  // runs of frames, including the runtime's own and the copies
  int64_t frames_copied;   // runs of an already started frame, which ran a copy
  int64_t awaits;          // clef_async_await calls
} clef_async_stats;
// Counts since the process started.
void clef_async_get_stats(clef_async_stats* out);

// ---- Platform configuration (PlatformConfig.apply, Fidelity.configurePlatform) -------------
// The executor the program's async runtime is made over, chosen before it is first used: the
// cooperative one (real clock; WorkStealing means the same, one worker: compiled programs run
// their async work on one thread) or the deterministic one (virtual time: a Sleep passes at once,
// and `seed` fixes which ready frame runs next). After the runtime exists: InvalidOperationException.
enum clef_platform_model {
  CLEF_PLATFORM_WORK_STEALING = 0,  // ExecutionModel's cases, in their order
  CLEF_PLATFORM_COOPERATIVE = 1,
  CLEF_PLATFORM_DETERMINISTIC = 2,
};
void clef_platform_configure(int32_t model, int64_t seed);

// ---- MailboxProcessor (mailbox.cc) -------------------------------------------------------
// Messages and replies are copied by value (message_size / reply_size bytes). A mailbox lives as
// long as the program; its one pending Receive is a frame inside it (no allocation per message).
void* clef_mailbox_new(int64_t message_size);
void clef_mailbox_post(void* mailbox, const void* message);
void* clef_mailbox_receive(void* mailbox);  // Async<'msg>: completes with the next message
void* clef_reply_channel_new(int64_t reply_size);  // an AsyncReplyChannel<'r>
void clef_reply_channel_reply(void* channel, const void* value);  // a second reply is ignored
// PostAndReply's wait: runs the program's runtime until the reply arrives, copied to `out`.
void clef_reply_channel_wait(void* channel, void* out);

// ---- Olivier actors (mailbox.cc) ------------------------------------------------------------
// An actor is a mailbox and a behaviour (an `actor { }` computation) run as a task on the
// program's runtime. A behaviour that ends, or runs Actor.stop, makes its actor dead: messages
// to it are dropped and counted (clef_actor_dead_letters).
void* clef_actor_system_new(const clef_string* name);
void* clef_actor_spawn(void* system, const clef_string* name, int64_t message_size);
void clef_actor_run(void* actor, void* behaviour, int64_t result_size);
void clef_actor_post(void* actor, const void* message);  // `actor <! message`
void* clef_actor_receive(void);    // Actor.receive (): completes with the actor's next message
void* clef_actor_self(void);       // Actor.self (): completes with the actor's reference
void* clef_actor_stop_self(void);  // Actor.stop (): the actor dies; the behaviour never resumes
void clef_actor_stop(void* actor);  // Olivier.stop
// Its supervisor strategy: a failure its behaviour does not handle restarts it at most
// `max_restarts` times (0: it stops at the first), then it dies. Spawned actors have 3.
void clef_actor_supervise(void* actor, int32_t max_restarts);
// When `watched` dies (its behaviour ended or stopped, or it failed past its strategy, or its
// system shut down), `watcher` is posted `message` (`message_size` bytes, its message type's,
// copied now); at once when `watched` is already dead.
void clef_actor_watch(void* watcher, const void* message, int64_t message_size, void* watched);
// Olivier.awaitTermination: runs the program's runtime until no actor can make progress: each
// has ended, stopped, or waits for a message with an empty mailbox.
void clef_actor_system_await(void* system);
void clef_actor_system_shutdown(void* system);  // every actor of the system dies
int64_t clef_actor_dead_letters(void);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // FIDELITY_COMPOSER_RUNTIME_CLEF_RUNTIME_H_
