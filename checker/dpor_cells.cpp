// Splitting what is left of a DPOR search into cells (cells.h), for cell_search.cpp.
//
// When the budget stops the search, the path leads to the next branch of its deepest node.
// What is left is, deepest first: that node with the branch and the rest of its wakeup tree
// (exactly where the search would go on), and for each node above it, the traces that leave the
// path there: the node's sleep set plus the event the path takes there, with the branches the
// node already knows it needs. The executions already run keep their place before all of these.
//
// A node's own sleeping threads (siblings explored from it) keep pruning wakeup sequences in the
// cell: their races were reversed into the node, whose wakeup tree the cell carries on. The
// event the path takes is still being explored, so whatever its subtree would have reversed into
// the node is unknown: in the cell it only blocks its thread (Cell::inherited).
#include "checker/strategies.h"

namespace checker {

namespace {

bool anyone_awake(std::uint64_t enabled, bool enabled_beyond, const std::vector<EventDesc>& asleep) {
  if (enabled_beyond) return true;
  for (const EventDesc& s : asleep)
    if (s.thread < 64) enabled &= ~(std::uint64_t{1} << s.thread);
  return enabled != 0;
}

}  // namespace

std::optional<std::vector<Cell>> DporExplorer::remaining_cells(bool settled) const {
  if (depth_ <= root_) return std::vector<Cell>{};
  for (std::size_t k = root_; k < depth_; ++k)
    if (!nodes_[k].values.empty() || nodes_[k].subtree_for_values) return std::nullopt;
  const Node& top = nodes_[depth_ - 1];
  if (!top.untried) return std::nullopt;
  auto prefix_to = [&](std::size_t k) {
    std::vector<ThreadId> p = cell_ != nullptr ? cell_->prefix : std::vector<ThreadId>{};
    for (std::size_t i = root_; i < k; ++i) p.push_back(nodes_[i].event.thread);
    return p;
  };
  std::vector<Cell> cells;
  const auto ids = std::make_shared<const IdentityRegistry>(identities());
  Cell next{prefix_to(depth_ - 1), top.sleep, top.inherited, top.wakeup, ids};
  next.wakeup.put_back(top.event, next_subtree_);
  next.settled = settled;
  if (settled) next.enabled = top.enabled;
  cells.push_back(std::move(next));
  for (std::size_t k = depth_ - 1; k-- > root_;) {
    const Node& n = nodes_[k];
    if (settled) {  // every sleeping thread prunes: the races of the path's subtree come later
      Cell leave{prefix_to(k), n.sleep, 0, n.wakeup, ids};
      leave.asleep.push_back(n.event);
      leave.settled = true;
      leave.enabled = n.enabled;
      cells.push_back(std::move(leave));
      continue;
    }
    const auto own = n.sleep.begin() + n.inherited;
    Cell leave{prefix_to(k), std::vector<EventDesc>(n.sleep.begin(), own), n.inherited + 1, n.wakeup, ids};
    leave.asleep.push_back(n.event);
    leave.asleep.insert(leave.asleep.end(), own, n.sleep.end());
    if (leave.wakeup.empty() && !anyone_awake(n.enabled, n.enabled_beyond, leave.asleep)) continue;
    cells.push_back(std::move(leave));
  }
  return cells;
}

}  // namespace checker
