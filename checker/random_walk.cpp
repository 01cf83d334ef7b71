// Seeded random search: every scheduling decision and data choice uniformly at random.
// Execution i draws from a generator seeded with seed + i, so any single execution can be
// reproduced from its number, and the whole run from the seed.
#include "checker/strategies.h"

namespace checker {

RandomExplorer::RandomExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o)
    : ExplorerBase(p, b, o) {}

void RandomExplorer::search() {
  for (std::uint64_t i = 0;; ++i) {
    rng_.seed(bounds().seed + i);
    if (execute(*this) == nullptr) return;
  }
}

ThreadId RandomExplorer::pick(const Execution&, std::span<const ThreadId> enabled) {
  return enabled[rng_() % enabled.size()];
}

std::uint32_t RandomExplorer::choose(const Execution&, std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }

}  // namespace checker
