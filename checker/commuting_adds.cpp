#include "checker/commuting_adds.h"

#include <algorithm>

namespace checker {

namespace {
// clamp() is monotone, so it is constant on [a, b] exactly when it agrees at both ends.
bool same_clamp(std::int64_t a, std::int64_t b, std::int64_t lo, std::int64_t hi) {
  return std::clamp(a, lo, hi) == std::clamp(b, lo, hi);
}
}  // namespace

bool CommutingAdds::join(ThreadId thread, std::int64_t old, std::int64_t delta, std::int64_t lo, std::int64_t hi) {
  if (adds_.empty()) {
    start_ = old;
    released_ = VectorClock{};
  }
  auto it = std::find_if(chains_.begin(), chains_.end(), [thread](const Chain& c) { return c.thread == thread; });
  if (it == chains_.end()) it = chains_.insert(chains_.end(), Chain{thread, 0, 0, 0});
  adds_.push_back(Add{static_cast<std::size_t>(it - chains_.begin()), it->sum, lo, hi});
  it->sum += delta;
  it->low = std::min(it->low, it->sum);
  it->high = std::max(it->high, it->sum);
  if (fits()) return true;
  // Ordered after the segment: the segment ends here, and this add belongs to none.
  close();
  return false;
}

// Every value the word can pass through in the segment keeps the start's clamp, and every add's
// old value keeps its own clamp, whatever the other threads' chains have done before it.
bool CommutingAdds::fits() const {
  std::int64_t low = 0, high = 0;
  for (const Chain& c : chains_) {
    low += c.low;
    high += c.high;
  }
  if (!same_clamp(start_ + low, start_ + high, visible_lo_, visible_hi_)) return false;
  for (const Add& a : adds_) {
    const Chain& own = chains_[a.chain];
    const std::int64_t base = start_ + a.before;
    if (!same_clamp(base + low - own.low, base + high - own.high, a.lo, a.hi)) return false;
  }
  return true;
}

}  // namespace checker
