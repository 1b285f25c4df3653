// Region memory, buffered output and the program's entry and exit.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

#include "composer/runtime/clef_runtime.h"
#include "composer/runtime/runtime_internal.h"
#include "prospero/region.h"

namespace clef_runtime {
namespace {

using Mark = prospero::Region::Mark;
// Generated code keeps a mark in a CLEF_MARK_BYTES stack slot, 8-aligned, and copies it around.
static_assert(sizeof(Mark) <= CLEF_MARK_BYTES, "a region mark must fit CLEF_MARK_BYTES");
static_assert(alignof(Mark) <= 8, "a region mark must fit an 8-aligned slot");
static_assert(std::is_trivially_copyable_v<Mark>, "a region mark is copied as bytes");

// Per thread, like the region: counting needs no synchronization.
thread_local int64_t t_allocations = 0;

// stdout's buffer. Programs print a lot; glibc's default for a pipe or file is 4 KiB.
constexpr size_t kStdoutBufferBytes = size_t{1} << 16;
char g_stdout_buffer[kStdoutBufferBytes];

}  // namespace

thread_local uint64_t t_escapes = 0;

namespace {

prospero::Region& ThreadRegion() {
  thread_local prospero::Region region;
  return region;
}

// ThreadRegion's address, cached in a trivially initialized thread_local: reading it needs no
// initialization guard (every allocation of compiled code goes through here).
thread_local prospero::Region* t_region = nullptr;

}  // namespace

prospero::Region& ProgramRegion() {
  if (t_region == nullptr) [[unlikely]] t_region = &ThreadRegion();
  return *t_region;
}

namespace {

// The region reports exhaustion with std::bad_alloc, which must not cross the C ABI. Built
// without exceptions (wasm32-wasi), the region aborts with its own message instead.
void* RegionAllocate(size_t size, size_t align) {
#if defined(__cpp_exceptions)
  try {
    return ProgramRegion().Allocate(size, align);
  } catch (const std::bad_alloc&) {
    Fatal("out of memory");
  }
#else
  return ProgramRegion().Allocate(size, align);
#endif
}

}  // namespace

void* Allocate(size_t size, size_t align) {
  void* memory = RegionAllocate(size, align);
  ++t_allocations;
  return memory;
}

clef_string* AllocateString(size_t length) {
  if (length > static_cast<size_t>(INT64_MAX) - sizeof(clef_string) - 1) Fatal("out of memory");
  auto* s =
      static_cast<clef_string*>(Allocate(sizeof(clef_string) + length + 1, alignof(clef_string)));
  s->length = static_cast<int64_t>(length);
  s->data[length] = '\0';
  return s;
}

clef_string* MakeString(const char* bytes, size_t length) {
  clef_string* s = AllocateString(length);
  if (length > 0) std::memcpy(s->data, bytes, length);
  return s;
}

void FlushStdout() { std::fflush(stdout); }

void Write(int32_t stream, const char* bytes, size_t length, bool newline) {
  if (stream != 2) {
    if (length > 0) std::fwrite(bytes, 1, length, stdout);
    if (newline) std::fputc('\n', stdout);
    return;
  }
  FlushStdout();
  if (!newline) {
    if (length > 0) std::fwrite(bytes, 1, length, stderr);
    return;
  }
  // stderr is unbuffered: join the line and its newline into one write.
  char small[256];
  char* line = length < sizeof(small) ? small : static_cast<char*>(std::malloc(length + 1));
  if (line == nullptr) Fatal("out of memory");
  if (length > 0) std::memcpy(line, bytes, length);
  line[length] = '\n';
  std::fwrite(line, 1, length + 1, stderr);
  if (line != small) std::free(line);
}

void Fatal(const char* message) {
  FlushStdout();
  std::fprintf(stderr, "clef-runtime: %s\n", message);
  std::abort();
}

}  // namespace clef_runtime

namespace clef_runtime {
int32_t g_argc = 0;
char** g_argv = nullptr;
}  // namespace clef_runtime

using clef_runtime::ProgramRegion;

extern "C" {

void clef_runtime_init(int32_t argc, char** argv) {
  static bool initialized = false;
  if (!initialized) {
    initialized = true;
    clef_runtime::g_argc = argc;
    clef_runtime::g_argv = argv;
    std::fflush(stdout);
    // A terminal gets each line as it is finished, as .NET's console does; a pipe or a file gets
    // large writes.
    const int mode = isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF;
    std::setvbuf(stdout, clef_runtime::g_stdout_buffer, mode,
                 sizeof(clef_runtime::g_stdout_buffer));
  }
}

int32_t clef_runtime_exit(int32_t code) {
  clef_runtime::FlushStdout();
  const char* stats = std::getenv("CLEF_RUNTIME_STATS");
  if (stats != nullptr && std::strcmp(stats, "1") == 0) {
    clef_region_stats s;
    clef_region_get_stats(&s);
    std::fprintf(stderr, "clef-runtime: allocations=%lld peak_reserved=%lld bytes_reserved=%lld\n",
                 static_cast<long long>(s.allocations),
                 static_cast<long long>(s.peak_bytes_reserved),
                 static_cast<long long>(s.bytes_reserved));
  }
  return code;
}

void* clef_alloc(int64_t size, int64_t align) {
  if (size < 0) clef_runtime::Fatal("clef_alloc: negative size");
  if (align < 1) align = 1;
  if ((align & (align - 1)) != 0) {
    clef_runtime::Fatal("clef_alloc: alignment is not a power of two");
  }
  void* memory = clef_runtime::Allocate(static_cast<size_t>(size), static_cast<size_t>(align));
  // Memory released to a mark is reused, so it is not known to be zero.
  std::memset(memory, 0, static_cast<size_t>(size));
  return memory;
}

void clef_region_mark(void* mark) {
  prospero::Region& region = ProgramRegion();
  // A mark taken before the region has a chunk would free every chunk on release, so that a loop
  // of mark/allocate/release would malloc and free a chunk each time round. Give it one first.
  if (region.stats().chunks == 0) clef_runtime::RegionAllocate(0, 1);
  const clef_runtime::Mark saved = region.SaveMark();
  std::memcpy(mark, &saved, sizeof(saved));
}

void clef_region_release(const void* mark) {
  clef_runtime::Mark saved;
  std::memcpy(&saved, mark, sizeof(saved));
  ProgramRegion().ReleaseTo(saved);
}

void clef_region_get_stats(clef_region_stats* out) {
  const prospero::Region::Stats& stats = ProgramRegion().stats();
  out->bytes_allocated = static_cast<int64_t>(stats.bytes_allocated);
  out->bytes_reserved = static_cast<int64_t>(stats.bytes_reserved);
  out->peak_bytes_reserved = static_cast<int64_t>(stats.peak_bytes_reserved);
  out->allocations = clef_runtime::t_allocations;
}

}  // extern "C"
