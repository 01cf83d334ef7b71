// Fewest preemptions, and a counterexample that does not depend on the search that found it:
// given a counterexample with p preemptions, iterative preemption bounding (CHESS: Musuvathi and
// Qadeer, "Iterative context bounding for systematic testing of multithreaded programs", PLDI
// 2007) with bounds 0 .. p looks for the same violation (same verdict and check). Bounding visits
// every execution with at most b preemptions before any with b+1, in an order fixed by the
// program alone, so the first match it meets has the fewest possible preemptions and is the same
// whichever search (DPOR with any reduction, on any number of threads or shards, random, PCT)
// found the violation first.
//
// Only the engine's public entry point is used: explore() with Strategy::Bounded. When that
// search stops at a different violation first, the passes from there on are rerun collecting
// every violation and the first matching execution is taken through the observer.
#pragma once

#include <cstdint>
#include <optional>

#include "checker/explore.h"

namespace checker {

struct MinimizeResult {
  bool attempted = false;  // false: minimising was off
  std::uint32_t from = 0;  // preemptions of the counterexample the search found
  std::uint32_t to = 0;    // preemptions of the one reported
  std::uint64_t executions = 0;  // spent by the bounded searches (cut ones included)
  // True when no counterexample of this violation has fewer than `to` preemptions (within the
  // step bound); false when the budget ran out first.
  bool proven = false;
  std::optional<Trace> trace;  // the canonical counterexample, when the bounded search met it
};

// `budget` caps the executions of all bounded passes together; `base` supplies the step bound,
// the time limit and the data-race setting.
MinimizeResult minimize_preemptions(const Program& program, const Bounds& base, const Trace& found,
                                    std::uint64_t budget, const ExecutionObserver& observer);

}  // namespace checker
