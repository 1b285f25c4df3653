// What the runtime needs on wasm32-wasi that Debian's wasi-libc and libc++abi for wasm32 (built
// without threads or exceptions) do not provide. Compiled for wasm32 only.
#include <cstdlib>

extern "C" {

// clang's catch (...) in clef_try (exceptions.cc) brackets its handler with these. The handler
// ignores the thrown value (the exception in flight is a thread-local), so there is nothing to
// begin or end.
__attribute__((weak)) void* __cxa_begin_catch(void* thrown) { return thrown; }
__attribute__((weak)) void __cxa_end_catch() {}

// Destructors of thread_local objects (the thread's region, spare format builders). WASI has one
// thread, so they run at exit, last registered first, as the C++ runtime would for a thread.
namespace {
struct ThreadExit {
  void (*destructor)(void*);
  void* object;
};
constexpr int kMaxThreadExits = 32;
ThreadExit g_thread_exits[kMaxThreadExits];
int g_thread_exit_count = 0;

void RunThreadExits() {
  while (g_thread_exit_count > 0) {
    const ThreadExit& exit = g_thread_exits[--g_thread_exit_count];
    exit.destructor(exit.object);
  }
}
}  // namespace

__attribute__((weak)) int __cxa_thread_atexit(void (*destructor)(void*), void* object,
                                              void* /*dso_handle*/) {
  if (g_thread_exit_count == 0 && std::atexit(RunThreadExits) != 0) return -1;
  if (g_thread_exit_count == kMaxThreadExits) return -1;
  g_thread_exits[g_thread_exit_count++] = {destructor, object};
  return 0;
}

}  // extern "C"
