// Cells: a deterministic split of one DPOR search into subtrees explored apart, on several
// threads or machines, whose results add up to the report of one search.
//
// A cell is a node of the sleep-set tree (Godefroid, "Partial-Order Methods for the
// Verification of Concurrent Systems", 1996): the schedule that reaches it and the events
// asleep there. Optimal DPOR started at a
// node with its sleep set explores that node's traces and leaves the races reversed above it to
// the other cells, so the subtrees of the cells of any cut of the tree cover every trace.
//
// A search splits what its pilot (Bounds::dpor_pilot executions) left of a cell along the path
// the pilot stopped on (DporExplorer::remaining_cells). The cells depend on the program and
// the pilot size alone, never on how many threads or shards explore them, so the report is the
// same byte for byte however it is run.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checker/identities.h"
#include "checker/types.h"
#include "checker/wakeup_tree.h"

namespace checker {

struct Cell {
  // The threads that run from the start to the cell's root. A path with data choices on it is
  // never split (DporExplorer::remaining_cells), so a prefix has none.
  std::vector<ThreadId> prefix;
  // Each sleeping thread's next event at the cell's root. The first `inherited` were put to
  // sleep by a search that did not explore their subtrees from here with this cell's races, so
  // they only block; the others had their subtrees explored from here and prune as well.
  std::vector<EventDesc> asleep;
  std::uint32_t inherited = 0;
  WakeupTree wakeup;              // branches from the root already known to be needed
  // The numbering of run-time threads and objects of the search that cut the cell, in which
  // the ids above are written (identities.h); null for the whole search's root. Cells of one
  // cut share it.
  std::shared_ptr<const IdentityRegistry> identities;
  // A cell of a settled search (cell_search.cpp): its root explores the branches of `wakeup`
  // and no other, and the races its executions would reverse above the root are recorded
  // (DporExplorer::races_above) for the search to settle once every cell below them is done.
  // Nothing is `inherited` in such a cell: every race of the path's own subtree reaches the
  // node, later.
  bool settled = false;
  // Threads 0..63 that are enabled at the root (bit per thread), as the search that cut the cell
  // saw them there; every bit set when it is not known. Threads numbered 64 or more count as
  // enabled. A settled search gives each branch of a root its own cell (cell_search.cpp) and
  // leaves out the branches of threads that cannot run there.
  std::uint64_t enabled = ~std::uint64_t{0};
  std::string describe() const;   // "t0.t1.t0": the prefix, for messages
};

}  // namespace checker
