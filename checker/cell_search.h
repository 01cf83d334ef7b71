// Optimal DPOR on one thread, several, or several machines, with the same report every way.
//
// A search starts as the classic one, rooted at the empty cell, with a pilot budget of
// Bounds::dpor_pilot executions. A cell its pilot finishes is done, and a search that small is
// exactly the classic search. When the pilot does not finish a cell, its executions stand and
// what it left is split into cells along the path it stopped on (DporExplorer::remaining_cells,
// dpor_cells.cpp). Those are explored the same way, on Bounds::threads threads, and the reports
// are added up in the order of their ids (CellId), the order the classic search would meet
// them. A violation in one cell cancels the cells after it, none before it, so the first
// violation reported is the same for any number of threads. Searches with an execution or time
// budget run as one classic search (where a budget cuts a split search would depend on timing),
// and so do those with Bounds::threads 0.
//
// On one machine (explore_dpor) the search is *settled*. A node of the pilot's path has two
// kinds of work left: the branches its wakeup tree already holds, and those the races of the
// path's own subtree (still unexplored, in other cells) will reverse into it. A cell per node
// explores the first kind and nothing else (its root explores only the branches it was given;
// Cell::settled). Every cell records the races it would reverse into its root or a node above
// it instead of inserting or dropping them (DporExplorer::races_above; at its root, those that
// a branch it explored there before does not cover). When every cell at or below a node is
// done, the node is settled: the races recorded for it are taken in cell order, and a race found
// by cell C is dropped when what was explored there *before C's branch* covers it (a thread
// asleep in a cell with a lower id is a weak initial of it, or a wakeup tree given to a cell
// there before C would take it in without growing, as the classic search drops it); the rest go
// into one wakeup tree, explored by one supplement cell rooted at the node, with an id after
// every cell at or below it (anchor.2^31+s). Then the node is settled again, until nothing is
// left. Only earlier branches may prune: a branch explored after the path's had the path's event
// asleep and leaned on its subtree, whose races these are (letting it prune lost traces in the
// soundness corpus). Nodes settle deepest first, and a settlement depends on the cells below the
// node alone, so the report is the same for any number of threads.
//
// A settled cell explores the branches of its root one after another, each with those before
// it asleep. So that the branches of one node run at once, each is a cell of its own: the part
// or supplement with id G becomes the cells G.0, G.1, ..., cell G.j with the events of branches
// 0..j-1 asleep, as the one cell would have them once it explored them, so what is explored and
// how its races settle is the same (a branch whose thread cannot run at the node, Cell::enabled,
// is left out). Without it a node's branches ran one per pilot: a cell explored its first
// branch, its pilot stopped, the branches left at its root waited in one part for the next
// pilot, and the other core ran out of work (lockcnt(5) on two threads: 14% of the wall time
// with one worker busy, 3% with the branches apart).
//
// Races are written in their cell's numbering of run-time threads and objects (identities.h).
// Cells below a node extend the numbering that reached it and number what they create later in
// their own order: races of cells whose numberings disagree are settled in separate rounds, each
// supplement adopting the union of the numberings it settled.
//
// What is left of the price: a race that reaches its node after the branch it would have
// extended there was explored (its sequence leads into a given branch that has children)
// repeats part of that branch in a supplement (refcnt(4) split after 2 executions: 42 for 24),
// and the sleep-set and wakeup checks at a settlement do not see commuting adds.
//
// What is left of the serial tail: a node's supplement still waits for every cell below it, and
// the one above for that supplement, so the end of a search whose races reach high nodes is a
// chain of supplements whose work sits in one branch (on vswap/triples/zswap_wb_swapoff_swapin,
// 15% of an ideal two-worker schedule has one worker busy). Settling a node's races as soon as
// a prefix of its cells in id order is done (at every round of the slots below it, a supplement
// at each slot above) cut that share but split a node's races over many supplements, each
// repeating branches the ones before it explored: refcnt(8) 75,600 executions to 100,800,
// table/triples/swapin_zap_swapoff 14,374 to 17,948, lockcnt(4) split after 2 executions 2,520
// to 46,770. It was not kept. On vswap/triples/swapoff_swapin_zap the ideal two-worker schedule
// (each cell's CPU time, lowest id first) is 1.98x, with one worker busy 2% of the time, yet two
// threads measured 1.63x there on a quiet machine: what is lost on that search is not the tail
// but how much slower each execution runs while the other thread runs too.
//
// What a cell explores depends on the cell alone, so the cells can as well be dealt out to
// processes on other machines (cell_shards.h) and their results merged here afterwards. Shares
// cannot exchange races, so theirs are the conservative cells (explore_cell): a cell that leaves
// the path at a node cannot know the races the path's own subtree (another cell) would have
// reversed into that node, so its root explores every thread that is awake, with the path's
// event only blocking its thread. Every trace is still explored once, but around each cell's
// root some executions are cut short by the sleep set, and with lock-aware equivalence some are
// explored twice (the sleep set sees two critical sections of one lock as dependent).
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

// Runs one conservative cell's pilot (for shares). A cell the pilot does not finish is split:
// the pilot's report stands and the parts are appended to `parts`; one that cannot be split is
// explored whole.
CellResult explore_cell(const Program& program, const Bounds& bounds, const Cell& cell,
                        const ExecutionObserver& observer, std::vector<Cell>& parts);

// Explores the given conservative cells and every part they split into on Bounds::threads threads
// (at least one), cancelling the cells after the first violation when the bounds stop on one.
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
