// Vector clocks over thread ids, used for the happens-before of the data-race detector (Var)
// and of partial-order reduction. Sized on demand: threads created during an execution (RCU
// callbacks) simply extend every clock that meets them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "checker/types.h"

namespace checker {

class VectorClock {
 public:
  std::uint32_t get(ThreadId t) const { return t < c_.size() ? c_[t] : 0; }
  void set(ThreadId t, std::uint32_t v) {
    if (t >= c_.size()) c_.resize(t + 1, 0);
    c_[t] = v;
  }
  void tick(ThreadId t) { set(t, get(t) + 1); }
  void join(const VectorClock& o) {
    if (o.c_.size() > c_.size()) c_.resize(o.c_.size(), 0);
    for (std::size_t i = 0; i < o.c_.size(); ++i) c_[i] = std::max(c_[i], o.c_[i]);
  }
  // True when the event numbered `epoch` of thread t is ordered before this clock.
  bool covers(ThreadId t, std::uint32_t epoch) const { return get(t) >= epoch; }
  void clear() { c_.clear(); }

 private:
  std::vector<std::uint32_t> c_;
};

}  // namespace checker
