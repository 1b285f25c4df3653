// Exceptions: clef_try's handlers are chained per thread; clef_raise transfers control to the
// innermost. Compiled code has no destructors to run, so skipping its frames is safe; the
// runtime's own functions that raise hold no object with a destructor when they do.
//
// The transfer is longjmp to the handler's setjmp buffer, except on WebAssembly: wasi-libc has no
// setjmp, so clef_raise throws a Wasm exception that clef_try catches (this file is compiled with
// -fwasm-exceptions there; the frames in between need no unwind information).
#if !defined(__wasm__)
#include <csetjmp>
#endif
#include <cstdlib>
#include <cstring>

#include "composer/runtime/clef_runtime.h"
#include "composer/runtime/runtime_internal.h"

namespace clef_runtime {
namespace {

struct Handler {
#if !defined(__wasm__)
  std::jmp_buf jump;
#endif
  Handler* outer;
};

thread_local Handler* t_innermost = nullptr;
// The exception on its way to a handler. A thread-local rather than a field of the handler: the
// handler's frame reads nothing of its own automatic storage after the longjmp.
thread_local clef_exn* t_in_flight = nullptr;
// The exception the latest clef_try caught: what `reraise ()` in its handler raises again.
thread_local clef_exn* t_last_caught = nullptr;

struct KindInfo {
  const char* type_name;        // as .NET prints it for an unhandled exception
  const char* default_message;  // the .NET exception's Message when constructed without one
};

constexpr KindInfo kKinds[] = {
    {"System.Exception", "Exception of type 'System.Exception' was thrown."},
    {"Microsoft.FSharp.Core.MatchFailureException", "The match cases were incomplete"},
    {"System.IndexOutOfRangeException", "Index was outside the bounds of the array."},
    {"System.DivideByZeroException", "Attempted to divide by zero."},
    {"System.ArgumentException", "Value does not fall within the expected range."},
    {"System.Collections.Generic.KeyNotFoundException",
     "The given key was not present in the dictionary."},
    {"System.FormatException", "One of the identified items was in an invalid format."},
    {"System.InvalidOperationException",
     "Operation is not valid due to the current state of the object."},
    {"System.OverflowException", "Arithmetic operation resulted in an overflow."},
    {"System.ArgumentOutOfRangeException",
     "Specified argument was out of the range of valid values."},
};
static_assert(sizeof(kKinds) / sizeof(kKinds[0]) == CLEF_EXN_ARGUMENT_OUT_OF_RANGE + 1,
              "one entry per clef_exn_kind");

const KindInfo& Info(int32_t kind) {
  if (kind < 0 || kind > CLEF_EXN_ARGUMENT_OUT_OF_RANGE) return kKinds[CLEF_EXN_FAILURE];
  return kKinds[kind];
}

clef_exn* NewExn(int32_t kind, clef_string* message) {
  auto* exn = static_cast<clef_exn*>(Allocate(sizeof(clef_exn), alignof(clef_exn)));
  exn->message = message;
  exn->kind = kind;
  exn->type_name = nullptr;
  exn->describe = nullptr;
  return exn;
}

}  // namespace

// As .NET's unhandled-exception report, without the stack trace: "Unhandled exception. <type>:
// <message>", or just the type when the message is empty.
void ReportUnhandled(const clef_exn* exn) {
  FlushStdout();
  const char* prefix = "Unhandled exception. ";
  const char* type = exn->type_name != nullptr ? exn->type_name : Info(exn->kind).type_name;
  const clef_string* message = clef_exn_message(const_cast<clef_exn*>(exn));
  const size_t prefix_length = std::strlen(prefix);
  const size_t type_length = std::strlen(type);
  const size_t message_length = Length(message);
  const size_t total = prefix_length + type_length + (message_length > 0 ? 2 + message_length : 0);
  char* line = static_cast<char*>(std::malloc(total));
  if (line == nullptr) Fatal("out of memory");
  char* p = line;
  std::memcpy(p, prefix, prefix_length);
  p += prefix_length;
  std::memcpy(p, type, type_length);
  p += type_length;
  if (message_length > 0) {
    std::memcpy(p, ": ", 2);
    std::memcpy(p + 2, Data(message), message_length);
  }
  Write(2, line, total, /*newline=*/true);
  std::free(line);
  std::exit(1);
}

void SetLastCaught(clef_exn* exn) { t_last_caught = exn; }

void Raise(int32_t kind, const char* message, size_t length) {
  clef_raise(NewExn(kind, MakeString(message, length)));
}

}  // namespace clef_runtime

using clef_runtime::Info;

extern "C" {

clef_string* clef_exn_message(clef_exn* exn) {
  if (exn->message == nullptr && exn->describe != nullptr) {
    clef_runtime::NoteEscape();  // the exception may be older than the message it now keeps
    exn->message = exn->describe(exn);
  }
  return exn->message;
}

clef_exn* clef_exn_new(int32_t kind, const clef_string* message) {
  // Exceptions are immutable, so the message is shared rather than copied.
  clef_string* text = const_cast<clef_string*>(message);
  if (text == nullptr) {
    const char* fallback = Info(kind).default_message;
    text = clef_runtime::MakeString(fallback, std::strlen(fallback));
  }
  return clef_runtime::NewExn(kind, text);
}

void clef_raise(clef_exn* exn) {
  if (exn == nullptr) exn = clef_exn_new(CLEF_EXN_FAILURE, nullptr);
  clef_runtime::Handler* handler = clef_runtime::t_innermost;
  if (handler == nullptr) clef_runtime::ReportUnhandled(exn);
  clef_runtime::t_innermost = handler->outer;
  clef_runtime::t_in_flight = exn;
#if defined(__wasm__)
  __builtin_wasm_throw(0, exn);  // tag 0: the C++ exception tag that clef_try's catch (...) takes
#else
  std::longjmp(handler->jump, 1);
#endif
}

void clef_failwith(const clef_string* message) {
  if (message == nullptr) message = clef_runtime::MakeString("", 0);
  clef_raise(clef_exn_new(CLEF_EXN_FAILURE, message));
}

void clef_raise_kind(int32_t kind) { clef_raise(clef_exn_new(kind, nullptr)); }

void clef_match_failure(const char* file, int32_t line, int32_t column) {
  // F#'s MatchFailureException keeps the place as data; its Message does not mention it.
  (void)file;
  (void)line;
  (void)column;
  clef_raise_kind(CLEF_EXN_MATCH_FAILURE);
}

clef_exn* clef_try(void (*body)(void* env), void* env) {
  clef_runtime::Handler handler;
  handler.outer = clef_runtime::t_innermost;
  clef_runtime::t_innermost = &handler;
#if defined(__wasm__)
  try {
    body(env);
  } catch (...) {
    // clef_raise has already unlinked the handler.
    clef_exn* exn = clef_runtime::t_in_flight;
    clef_runtime::t_in_flight = nullptr;
    clef_runtime::t_last_caught = exn;
    clef_runtime::NoteEscape();  // reraise () may use it later
    return exn;
  }
#else
  if (setjmp(handler.jump) != 0) {
    // clef_raise has already unlinked the handler.
    clef_exn* exn = clef_runtime::t_in_flight;
    clef_runtime::t_in_flight = nullptr;
    clef_runtime::t_last_caught = exn;
    clef_runtime::NoteEscape();  // reraise () may use it later
    return exn;
  }
  body(env);
#endif
  clef_runtime::t_innermost = handler.outer;
  return nullptr;
}

void clef_reraise(void) {
  if (clef_runtime::t_last_caught == nullptr) clef_runtime::Fatal("reraise () outside an exception handler");
  clef_raise(clef_runtime::t_last_caught);
}

}  // extern "C"
