// What the runtime's .cc files share: the program's region, string allocation, output and
// fatal errors. Not part of the ABI; compiled programs see only clef_runtime.h.
#ifndef FIDELITY_COMPOSER_RUNTIME_RUNTIME_INTERNAL_H_
#define FIDELITY_COMPOSER_RUNTIME_RUNTIME_INTERNAL_H_

#include <cstddef>
#include <cstdint>

#include "composer/runtime/clef_runtime.h"
#include "frosty/continuation.h"
#include "prospero/region.h"

namespace clef_runtime {

// The calling thread's program region: every heap value of compiled code lives in it.
prospero::Region& ProgramRegion();

// `size` bytes in the program region, not zeroed, counted in the allocation statistics.
// Aborts when the system is out of memory.
void* Allocate(size_t size, size_t align);

// A string of `length` bytes whose data the caller fills; data[length] is already NUL.
clef_string* AllocateString(size_t length);
clef_string* MakeString(const char* bytes, size_t length);

// Counts the runtime's operations that let a value made now be reached after the current async
// step has ended (a started task, a posted message or reply, a nested run of the runtime, a
// caught exception, a cached message): a scoped frame (CLEF_ASYNC_SCOPED) whose first step
// completes releases what it allocated only when this did not change meanwhile (async.cc).
extern thread_local uint64_t t_escapes;
inline void NoteEscape() { ++t_escapes; }

// What PlatformConfig chose (clef_platform_configure, platform.cc): read once, when the program's
// async runtime is made (async.cc), after which the platform can no longer change.
struct PlatformChoice {
  int32_t model = CLEF_PLATFORM_COOPERATIVE;
  int64_t seed = 0;
  bool runtime_made = false;
};
PlatformChoice& Platform();

// The command line clef_runtime_init saw (memory.cc).
extern int32_t g_argc;
extern char** g_argv;

// A null string reads as the empty string everywhere in the runtime.
inline size_t Length(const clef_string* s) {
  return s == nullptr ? 0 : static_cast<size_t>(s->length);
}
inline const char* Data(const clef_string* s) { return s == nullptr ? "" : s->data; }

// UTF-8 of a code point (U+FFFD for a surrogate or a value past U+10FFFF): at most 4 bytes.
size_t EncodeUtf8(int32_t code_point, char* out);

// .NET's Double.ToString(format, InvariantCulture) for the standard formats F<precision>,
// E<precision>, e<precision>, G<precision> and g<precision> (G0 is the shortest round-trip text),
// and 'R' for ToString() itself. Writes at most kDoubleTextBytes bytes, no NUL.
inline constexpr size_t kDoubleTextBytes = 512;
size_t FormatDouble(double value, char format, int precision, char* out);

// The text %A gives a float ("1.0", "0.1", "nan"; at most kDoubleTextBytes + 2 bytes) and a char
// ("'a'", "'\\n'" as "'\\010'"; at most 8 bytes), as FSharp.Core's Display does (format.cc).
size_t FloatTextForA(double value, char* out);
size_t CharTextForA(int32_t value, char* out);

// How many .NET chars (UTF-16 code units) the UTF-8 text is: widths and columns count these.
size_t Utf16Units(const char* text, size_t length);

// Writes to stream 1 (stdout, buffered) or 2 (stderr). Anything written on stderr is preceded by
// a flush of stdout, so that the two interleave as the program wrote them; a stderr line is one
// write so that it is not torn by other writers.
void Write(int32_t stream, const char* bytes, size_t length, bool newline);
void FlushStdout();

// Reports a runtime failure that no Clef code can catch (out of memory, a malformed call from
// the generated code) on stderr and aborts.
[[noreturn]] void Fatal(const char* message);

// The program's async runtime (async.cc): made on first use, runs on the main thread.
::frosty_runtime* ProgramAsyncRuntime();
// The frame that runs a computation now (its first step next, on this stack, through RunStep),
// awaited by `awaiter` (a clef_async_frame with CLEF_ASYNC_CATCHES), its result going to `slot`.
::frosty_frame* PrepareFirstStep(void* computation, ::frosty_frame* awaiter, void* slot);
// Runs one step of `frame` under the runtime's exception guard: an exception that escapes it
// fails the innermost frame running (async.cc). Every step the executor runs goes through it.
void RunStep(::frosty_frame* frame);
// A runtime-owned clef_async_frame flag: its steps run no compiled code and raise nothing (a
// receive, a reply's wait, a sleep, a relay...), so RunStep runs them without the guard.
constexpr int64_t kAsyncNoGuard = 32;
// Marks `frame` failed with `exn` and completes it; a frame awaiting it without handling
// exceptions fails in turn (async.cc).
void FailFrame(clef_async_frame* frame, clef_exn* exn);
// Whether `frame` awaits a child on this stack (clef_async_await's inline first step), so the
// child's completion hands it back there rather than through the queue.
bool AwaitsOnThisStack(const ::frosty_frame* frame);

// What `reraise ()` raises from now on: the exception a handler was given.
void SetLastCaught(clef_exn* exn);
// Prints .NET's report of an unhandled exception on stderr and exits with status 1.
[[noreturn]] void ReportUnhandled(const clef_exn* exn);

// Raises an exception of `kind` whose message is `length` bytes at `message`.
[[noreturn]] void Raise(int32_t kind, const char* message, size_t length);

}  // namespace clef_runtime

#endif  // FIDELITY_COMPOSER_RUNTIME_RUNTIME_INTERNAL_H_
