// Optimal DPOR on one thread or several, with the same report either way.
//
// A search starts as the classic one, rooted at the empty cell, with a pilot budget of
// Bounds::dpor_pilot executions. A cell its pilot finishes is done, and a search that small is
// exactly the classic search. When the pilot does not finish a cell, its executions stand and
// what it left is split into cells along the path it stopped on (DporExplorer::remaining_cells,
// dpor_cells.cpp). Those are explored the same way, on Bounds::threads threads, and the reports
// are added up in the order the classic search would meet them: a pilot's executions, then its
// parts, deepest first. A violation in one cell cancels the
// cells after it, none before it, so the first violation reported is the same for any number of
// threads. Searches with an execution or time budget run as one classic search (where a budget
// cuts a split search would depend on timing), and so do those with Bounds::threads 0.
//
// The cost of splitting: a cell that leaves the path at a node cannot know the races the path's
// own subtree (another cell) would have reversed into that node, so its root explores every
// thread that is awake. Classic DPOR explores the same complete executions when it is optimal;
// around each cell's root some executions are cut short by the sleep set, and with lock-aware
// equivalence some are explored twice (the sleep set sees two critical sections of one lock as
// dependent). The suite's largest cases run 2-20% more executions split than whole.
#pragma once

#include "checker/explore.h"

namespace checker {

Report explore_dpor(const Program& program, const Bounds& bounds, const ExecutionObserver& observer);

}  // namespace checker
