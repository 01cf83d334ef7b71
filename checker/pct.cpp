// PCT (Burckhardt et al., ASPLOS 2010). Threads get distinct random priorities above d; at d-1
// randomly chosen steps the thread that just ran drops to priority 1, 2, ..., d-1; the enabled
// thread of highest priority always runs. The number of steps k is estimated from the longest
// execution seen so far.
#include <algorithm>

#include "checker/strategies.h"

namespace checker {

PctExplorer::PctExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o) : ExplorerBase(p, b, o) {}

void PctExplorer::search() {
  for (std::uint64_t i = 0;; ++i) {
    rng_.seed(bounds().seed + i);
    priorities_.clear();
    change_points_.clear();
    for (std::uint32_t d = 1; d < bounds().pct_depth; ++d)
      change_points_.push_back(1 + static_cast<std::uint32_t>(rng_() % expected_steps_));
    const Execution* ex = execute(*this);
    if (ex == nullptr) return;
    expected_steps_ = std::max(expected_steps_, ex->position());
  }
}

std::uint64_t PctExplorer::priority(ThreadId t) {
  if (t >= priorities_.size()) priorities_.resize(t + 1, 0);
  // Initial priorities sit above the d-1 change-point priorities; ties are broken by id.
  if (priorities_[t] == 0) priorities_[t] = bounds().pct_depth + 1 + (rng_() >> 8);
  return priorities_[t];
}

ThreadId PctExplorer::pick(const Execution& ex, std::span<const ThreadId> enabled) {
  const ThreadId last = ex.last_thread();
  for (std::uint32_t d = 0; d < change_points_.size(); ++d)
    if (change_points_[d] == ex.position() && last != kNoThread) {
      priority(last);
      priorities_[last] = d + 1;
    }
  ThreadId best = enabled.front();
  for (ThreadId t : enabled)
    if (priority(t) > priority(best)) best = t;
  return best;
}

std::uint32_t PctExplorer::choose(const Execution&, std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }

}  // namespace checker
