// A search across machines: one split DPOR search (cell_search.h) dealt out in deterministic
// shares to processes that never talk to each other, such as the tasks of a Slurm job array or
// the pods of a Kubernetes Indexed Job. Each share's cell results are merged afterwards
// (merge_cells) into the report one process would have given exploring the same cells. They are
// conservative cells (explore_cell): shares cannot exchange the races a settled search settles
// its nodes with (cell_search.h), so they run more executions than one run does.
//
// Every share first plans the deal, and plans it the same way. It runs the root cell's pilot,
// then probes each part it left with kProbeExecutions executions: a part the probe finishes is
// done (its result is the one its pilot would give), one it does not finish gets a size
// estimate from the probe (DporExplorer's, Knuth's along the probe's path). What is planned is
// run by every share alike (the same bytes in every result file). The parts left are dealt out
// largest estimate first, each to the share with the least estimated work so far
// (longest-processing-time first), and a share explores its cells and their parts to the end.
//
// Static shares fall unevenly when one cell holds much of the search: a short DPOR probe sees
// few of the races the cell will reverse, so its estimate can be a hundred times too small.
// Rounds even them out: with an execution budget, each share leaves the cells it did not reach
// pending, and a later round deals all of them out again.
//
// Every share pays for the planning (about the root's pilot and a probe per part), so sharding
// suits searches of tens of thousands of executions and more; docs/sharding.md gives how evenly
// the suite's largest cases fall, in one round and in several.
#pragma once

#include <cstdint>

#include "checker/cell_search.h"

namespace checker {

struct ShareSpec {
  unsigned index = 0;  // 0 .. count-1
  unsigned count = 1;
};

struct ShareResult {
  CellResults planned;  // the cells every share ran while planning the deal
  CellResults own;      // this share's cells and their parts
  // Cells of this share left unexplored when its execution budget ran out, for a later round.
  std::map<CellId, Cell> pending;
  std::size_t dealt = 0;  // cells dealt out in all (to every share)
  std::uint64_t deal_digest = 0;  // of the whole deal (every cell and its share), to check shares agree
};

inline constexpr unsigned kMaxShards = 100'000;
inline constexpr std::uint64_t kProbeExecutions = 64;

// Runs share `share` of the split search of `program` (Bounds::threads threads, at least one).
// The bounds must not stop on a budget; Bounds::dpor_pilot must be above 0. With a `budget`
// (executions, 0: none) the share runs on one thread, explores its cells in search order, and
// starts no cell once the budget is spent: what it did not start is left pending.
ShareResult explore_share(const Program& program, const Bounds& bounds, ShareSpec share, std::uint64_t budget,
                          const ExecutionObserver& observer);

// A later round: deals out the cells every share of the round before left pending (all of
// them, from every share), in search order to each share in turn, and explores this share's as
// explore_share does. Nothing is planned.
ShareResult resume_share(const Program& program, const Bounds& bounds, ShareSpec share,
                         std::map<CellId, Cell> pending, std::uint64_t budget, const ExecutionObserver& observer);

}  // namespace checker
