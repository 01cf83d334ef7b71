// Naive exhaustive depth-first search over every interleaving of enabled threads and every
// value of every data choice. No reduction at all: it is the oracle the tests compare DPOR
// against, and the fallback for models whose dependence one does not trust.
#include "checker/strategies.h"

namespace checker {

DfsExplorer::DfsExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o) : ExplorerBase(p, b, o) {}

void DfsExplorer::search() {
  for (;;) {
    const Execution* ex = execute(*this);
    if (ex == nullptr) return;
    path_.truncate(ex->position());
    if (!path_.backtrack()) {
      mark_exhaustive();
      return;
    }
  }
}

ThreadId DfsExplorer::pick(const Execution& ex, std::span<const ThreadId> enabled) {
  const std::uint32_t pos = ex.position();
  if (pos < path_.size()) return path_.replay(pos);
  return path_.push(ordered_alternatives(ex, enabled));
}

std::uint32_t DfsExplorer::choose(const Execution& ex, std::uint32_t n) { return path_.choose(ex.position() - 1, n); }

}  // namespace checker
