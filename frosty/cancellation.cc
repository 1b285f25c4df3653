#include "frosty/cancellation.h"

#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

namespace frosty {
namespace internal {

struct CancelState {
  std::atomic<bool> cancelled{false};
  std::mutex mutex;
  uint64_t next_id = 1;
  std::vector<std::pair<uint64_t, std::function<void()>>> callbacks;

  void Cancel() {
    std::vector<std::pair<uint64_t, std::function<void()>>> to_run;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (cancelled.exchange(true)) return;
      to_run.swap(callbacks);
    }
    for (auto& [id, callback] : to_run) callback();
  }
};

}  // namespace internal

bool CancellationToken::cancelled() const {
  return state_ != nullptr && state_->cancelled.load(std::memory_order_acquire);
}

CancellationToken::Registration CancellationToken::OnCancel(std::function<void()> callback) const {
  if (state_ == nullptr) return Registration();
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (!state_->cancelled.load()) {
      const uint64_t id = state_->next_id++;
      state_->callbacks.emplace_back(id, std::move(callback));
      return Registration(state_, id);
    }
  }
  callback();
  return Registration();
}

CancellationToken::Registration::Registration(std::weak_ptr<internal::CancelState> state,
                                              uint64_t id)
    : state_(std::move(state)), id_(id) {}

CancellationToken::Registration::Registration(Registration&& other) noexcept
    : state_(std::move(other.state_)), id_(std::exchange(other.id_, 0)) {}

CancellationToken::Registration& CancellationToken::Registration::operator=(
    Registration&& other) noexcept {
  if (this != &other) {
    Unregister();
    state_ = std::move(other.state_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

bool CancellationToken::Registration::Unregister() {
  if (id_ == 0) return false;
  const uint64_t id = std::exchange(id_, 0);
  std::shared_ptr<internal::CancelState> state = state_.lock();
  if (state == nullptr) return false;
  std::lock_guard<std::mutex> lock(state->mutex);
  auto& callbacks = state->callbacks;
  for (auto it = callbacks.begin(); it != callbacks.end(); ++it) {
    if (it->first == id) {
      callbacks.erase(it);
      return true;
    }
  }
  return false;
}

CancellationSource::CancellationSource() : state_(std::make_shared<internal::CancelState>()) {}

CancellationSource::CancellationSource(const CancellationToken& parent) : CancellationSource() {
  std::weak_ptr<internal::CancelState> child = state_;
  parent_link_ = parent.OnCancel([child] {
    if (auto state = child.lock()) state->Cancel();
  });
}

CancellationSource::~CancellationSource() = default;

void CancellationSource::Cancel() { state_->Cancel(); }

}  // namespace frosty
