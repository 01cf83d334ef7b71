// Optimal DPOR on one thread, several, or several machines, with the same report every way.
//
// A search starts as the classic one, rooted at the empty cell, with a pilot budget of
// Bounds::dpor_pilot executions. A cell its pilot finishes is done, and a search that small is
// exactly the classic search. When the pilot does not finish a cell, its executions stand and
// what it left is split into cells along the path it stopped on (DporExplorer::remaining_cells,
// dpor_cells.cpp). Those are explored the same way, on Bounds::threads threads, and the reports
// are added up in the order the classic search would meet them: a pilot's executions, then its
// parts, deepest first (merge_cells). A violation in one cell cancels the cells after it, none
// before it, so the first violation reported is the same for any number of threads. Searches
// with an execution or time budget run as one classic search (where a budget cuts a split search
// would depend on timing), and so do those with Bounds::threads 0.
//
// What a cell explores depends on the cell alone, so the cells can as well be dealt out to
// processes on other machines (cell_shards.h) and their results merged here afterwards.
//
// The cost of splitting: a cell that leaves the path at a node cannot know the races the path's
// own subtree (another cell) would have reversed into that node, so its root explores every
// thread that is awake. Classic DPOR explores the same complete executions when it is optimal;
// around each cell's root some executions are cut short by the sleep set, and with lock-aware
// equivalence some are explored twice (the sleep set sees two critical sections of one lock as
// dependent). The suite's largest cases run 2-20% more executions split than whole.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "checker/cells.h"
#include "checker/explore.h"

namespace checker {

Report explore_dpor(const Program& program, const Bounds& bounds, const ExecutionObserver& observer);

// A cell's place in the search: the child indices from the root ({} is the root, {3, 0} the
// first part of the root's fourth part). Lexicographic order is the order the classic search
// meets the cells' traces in.
using CellId = std::vector<std::uint32_t>;
std::string cell_id_text(const CellId& id);  // "root", "3.0"

// What exploring one cell gave: its own executions (for a split cell, its pilot's) and, when
// it was split, how many parts it left (their ids are id.0 ... id.(parts-1)).
struct CellResult {
  Report report;
  std::uint32_t parts = 0;
};
using CellResults = std::map<CellId, CellResult>;

// Runs one cell's pilot. A cell the pilot does not finish is split: the pilot's report stands
// and the parts are appended to `parts`; one that cannot be split is explored whole.
CellResult explore_cell(const Program& program, const Bounds& bounds, const Cell& cell,
                        const ExecutionObserver& observer, std::vector<Cell>& parts);

// Explores the given cells and every part they split into on Bounds::threads threads (at least
// one), cancelling the cells after the first violation when the bounds stop on one.
CellResults explore_cells(const Program& program, const Bounds& bounds, std::map<CellId, Cell> cells,
                          const ExecutionObserver& observer);

// A cell a merge needs and has no result for.
struct IncompleteCells : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The report of the whole search from the results of its cells, added up in search order up
// to the first violation (when the bounds stop on one). Throws IncompleteCells when a cell the
// report depends on is missing: the root, or a part of a split cell before that violation.
Report merge_cells(const CellResults& cells, const Bounds& bounds);

}  // namespace checker
