#include "frosty/reactor/reactor.h"

#include <string>

#include "absl/status/status.h"
#include "frosty/reactor/reactor_internal.h"

namespace frosty {

const char* ReactorBackendName(ReactorBackend backend) {
  switch (backend) {
    case ReactorBackend::kIoUring:
      return "io_uring";
    case ReactorBackend::kEpoll:
      return "epoll";
  }
  return "unknown";
}

absl::StatusOr<std::unique_ptr<Reactor>> Reactor::Create(const ReactorOptions& options) {
  if (options.backend == ReactorBackend::kEpoll) return internal::CreateEpollReactor();
  absl::StatusOr<std::unique_ptr<Reactor>> uring =
      internal::CreateIoUringReactor(options.queue_depth);
  if (uring.ok() || options.backend == ReactorBackend::kIoUring) return uring;
  // io_uring is missing or forbidden here (old kernel, seccomp, io_uring_disabled): use epoll.
  absl::StatusOr<std::unique_ptr<Reactor>> epoll = internal::CreateEpollReactor();
  if (epoll.ok()) return epoll;
  return absl::UnavailableError(std::string("no I/O backend: ") +
                                std::string(uring.status().message()) + "; " +
                                std::string(epoll.status().message()));
}

}  // namespace frosty
