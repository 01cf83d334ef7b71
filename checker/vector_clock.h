// Vector clocks over thread ids, used by the data-race detector (Var) and partial-order
// reduction. Sized on demand: threads created during an execution (RCU callbacks) simply extend
// every clock that meets them. Up to kInline threads live inside the object, so the common
// clock costs no allocation (executions are rebuilt from scratch thousands of times).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "checker/types.h"

namespace checker {

class VectorClock {
 public:
  std::uint32_t get(ThreadId t) const {
    if (t < kInline) return inline_[t];
    return t - kInline < overflow_.size() ? overflow_[t - kInline] : 0;
  }
  void set(ThreadId t, std::uint32_t v) {
    if (t < kInline) {
      inline_[t] = v;
      size_ = std::max<std::uint32_t>(size_, t + 1);
      return;
    }
    if (t - kInline >= overflow_.size()) overflow_.resize(t - kInline + 1, 0);
    overflow_[t - kInline] = v;
    size_ = std::max<std::uint32_t>(size_, t + 1);
  }
  void tick(ThreadId t) { set(t, get(t) + 1); }
  void join(const VectorClock& o) {
    const std::uint32_t n = std::min<std::uint32_t>(o.size_, kInline);
    for (std::uint32_t i = 0; i < n; ++i) inline_[i] = std::max(inline_[i], o.inline_[i]);
    for (std::uint32_t t = kInline; t < o.size_; ++t) set(t, std::max(get(t), o.get(t)));
    size_ = std::max(size_, o.size_);
  }
  // True when the event numbered `epoch` of thread t is ordered before this clock.
  bool covers(ThreadId t, std::uint32_t epoch) const { return get(t) >= epoch; }

 private:
  static constexpr std::uint32_t kInline = 8;
  std::array<std::uint32_t, kInline> inline_{};
  std::uint32_t size_ = 0;
  std::vector<std::uint32_t> overflow_;
};

}  // namespace checker
