// Iterative preemption bounding (CHESS). A preemption is a switch away from a thread that
// could have continued. Pass b explores, depth first, every execution with at most b of them;
// passes run for b = 0, 1, ... up to the configured bound, stopping at the first violation, so
// the counterexample has as few preemptions as possible. A pass that never had to leave out an
// alternative covered the whole space: the search is then exhaustive.
#include "checker/strategies.h"

namespace checker {

BoundedExplorer::BoundedExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o)
    : ExplorerBase(p, b, o) {}

void BoundedExplorer::search() {
  for (bound_ = 0;; ++bound_) {
    report().preemption_bound_reached = bound_;
    pruned_ = false;
    path_ = ChoicePath{};
    for (;;) {
      const Execution* ex = execute(*this);
      if (ex == nullptr) return;
      path_.truncate(ex->position());
      if (!path_.backtrack()) break;
    }
    if (!pruned_) {
      mark_exhaustive();
      return;
    }
    if (bound_ >= bounds().preemption_bound) {
      report().stop = StopReason::PreemptionBound;
      return;
    }
  }
}

ThreadId BoundedExplorer::pick(const Execution& ex, std::span<const ThreadId> enabled) {
  const std::uint32_t pos = ex.position();
  if (pos < path_.size()) return path_.replay(pos);
  std::uint32_t used = 0;
  if (pos > 0) {
    const ChoicePath::Position& prev = path_.at(pos - 1);
    used = prev.preemptions + (prev.first_is_free && prev.taken > 0 ? 1 : 0);
  }
  std::vector<ThreadId> alts = ordered_alternatives(ex, enabled);
  const bool first_is_free = ex.last_thread() != kNoThread && alts.front() == ex.last_thread();
  if (first_is_free && used >= bound_ && alts.size() > 1) {
    alts.resize(1);
    pruned_ = true;
  }
  return path_.push(std::move(alts), used, first_is_free);
}

std::uint32_t BoundedExplorer::choose(const Execution& ex, std::uint32_t n) {
  return path_.choose(ex.position() - 1, n);
}

}  // namespace checker
