// Cancellation with parent/child propagation.
//
//   frosty::CancellationSource request;                   // one per request
//   frosty::CancellationSource step(request.token());     // cancelled when `request` is
//   auto registration = step.token().OnCancel([&] { CloseSocket(); });
//   request.Cancel();   // cancels `step` too; CloseSocket runs exactly once
//
// Thread-safe. Callbacks run on the thread that calls Cancel (or at once in OnCancel when the
// token is already cancelled). A default-constructed token is never cancelled.
#ifndef FIDELITY_FROSTY_CANCELLATION_H_
#define FIDELITY_FROSTY_CANCELLATION_H_

#include <cstdint>
#include <functional>
#include <memory>

namespace frosty {

namespace internal {
struct CancelState;
}

class CancellationToken {
 public:
  CancellationToken() = default;

  bool cancelled() const;
  // False for a default-constructed token, which no source can ever cancel.
  bool can_be_cancelled() const { return state_ != nullptr; }

  // Unregisters its callback when destroyed (if it has not run yet).
  class Registration {
   public:
    Registration() = default;
    Registration(Registration&& other) noexcept;
    Registration& operator=(Registration&& other) noexcept;
    ~Registration() { Unregister(); }

    // Removes the callback. True when it was removed before it could run; false when it has
    // run, is running, or was never registered (the token was already cancelled, or empty).
    bool Unregister();

   private:
    friend class CancellationToken;
    Registration(std::weak_ptr<internal::CancelState> state, uint64_t id);
    std::weak_ptr<internal::CancelState> state_;
    uint64_t id_ = 0;
  };

  // Runs `callback` once when the token is cancelled; at once if it already is.
  [[nodiscard]] Registration OnCancel(std::function<void()> callback) const;

 private:
  friend class CancellationSource;
  explicit CancellationToken(std::shared_ptr<internal::CancelState> state)
      : state_(std::move(state)) {}
  std::shared_ptr<internal::CancelState> state_;
};

class CancellationSource {
 public:
  CancellationSource();
  // A child: cancelled when `parent` is (at once if it already is); cancelling the child does
  // not cancel the parent.
  explicit CancellationSource(const CancellationToken& parent);
  CancellationSource(const CancellationSource&) = delete;
  CancellationSource& operator=(const CancellationSource&) = delete;
  ~CancellationSource();

  CancellationToken token() const { return CancellationToken(state_); }
  // Idempotent: the first call runs every callback, and cancels every child, exactly once.
  void Cancel();
  bool cancelled() const { return token().cancelled(); }

 private:
  std::shared_ptr<internal::CancelState> state_;
  CancellationToken::Registration parent_link_;
};

}  // namespace frosty

#endif  // FIDELITY_FROSTY_CANCELLATION_H_
