// The two backends behind Reactor::Create, and helpers they share. Private to frosty/reactor.
#ifndef FIDELITY_FROSTY_REACTOR_REACTOR_INTERNAL_H_
#define FIDELITY_FROSTY_REACTOR_REACTOR_INTERNAL_H_

#include <unistd.h>

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "frosty/reactor/reactor.h"

namespace frosty::internal {

absl::StatusOr<std::unique_ptr<Reactor>> CreateIoUringReactor(uint32_t queue_depth);
absl::StatusOr<std::unique_ptr<Reactor>> CreateEpollReactor();

// Signals an eventfd a reactor sleeps on. A full counter (EAGAIN) already guarantees the
// wake-up, so there is nothing to report.
inline void SignalEventFd(int fd) {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t written = write(fd, &one, sizeof(one));
}

// Records the outcome and runs the op's completion. The op may be reused or freed by it.
inline void Finish(IoOp* op, int32_t result) {
  op->result = result;
  op->in_flight = false;
  op->on_complete(op);
}

}  // namespace frosty::internal

#endif  // FIDELITY_FROSTY_REACTOR_REACTOR_INTERNAL_H_
