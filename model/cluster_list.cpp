// Cluster list management (mm/swapfile.c): which list a cluster is on, moving it when its
// count changes, isolating one for allocation, and freeing its table when it empties.
//
// A cluster is on list L iff its flags name L (SEMANTICS I5). ci->flags is written under
// ci->lock; the lists themselves under si->lock. move_cluster takes si->lock inside ci->lock;
// isolate_lock_cluster reverses that order and so only trylocks ci->lock.
#include "checker/lock.h"
#include "model/device.h"
#include "model/kernel.h"
#include "model/model.h"
#include "model/packed_list.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

namespace {

checker::Var<std::uint64_t>* list_of(SwapDevice& si, std::uint8_t flag, int order) {
  switch (flag) {
    case CLUSTER_FLAG_FREE: return &si.free_clusters;
    case CLUSTER_FLAG_NONFULL: return &si.nonfull_clusters.at(static_cast<std::size_t>(order));
    case CLUSTER_FLAG_FRAG: return &si.frag_clusters.at(static_cast<std::size_t>(order));
    case CLUSTER_FLAG_FULL: return &si.full_clusters;
    default: return nullptr;
  }
}

// The cluster a list names by index: a static one, or (vswap) the live dynamic cluster at that
// xarray index. A cluster leaves its list under si->lock before it is erased (vswap_free_cluster),
// so while the index is on a list the xarray holds that very cluster: no separate lookup event.
SwapCluster& cluster_at(SwapDevice& si, int index) {
  if (!vswap::swap_is_vswap(si)) return si.clusters.at(static_cast<std::size_t>(index));
  vswap::VswapState& v = *vswap::vswap_state();
  return v.cluster(v.pool.at(static_cast<std::size_t>(index)).peek()).ci;
}

// swap_cluster_populate: a cluster just isolated from the free list gets its table. The
// allocator holds the local lock, so table allocation happens only here. The GFP_ATOMIC
// allocation always succeeds in the model (the sleeping retry path is not modelled).
SwapCluster* swap_cluster_populate(SwapDevice&, SwapCluster& ci) {
  CHECKER_FRAME();
  this_cpu_swap_cluster().lock.assert_held();
  ci.lock.assert_held();
  VM_WARN_ON(ci.flags.read() != CLUSTER_FLAG_NONE || !cluster_is_empty(ci),
             "swap_cluster_populate: cluster not just isolated from the free list");
  swap_cluster_alloc_table(ci);
  return &ci;
}

// __free_cluster
void __free_cluster(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  swap_cluster_free_table(ci);
  move_cluster(si, ci, si.free_clusters, CLUSTER_FLAG_FREE);
  ci.order.write(0);
}

}  // namespace

void move_cluster(SwapDevice& si, SwapCluster& ci, checker::Var<std::uint64_t>& list, ClusterFlag new_flags) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  const std::uint8_t old = ci.flags.read();
  VM_WARN_ON(old == new_flags, "move_cluster: already on that list");
  si.lock.lock();
  if (old != CLUSTER_FLAG_NONE) {
    // list_move_tail: unlink from the list the flags name.
    checker::Var<std::uint64_t>* from = list_of(si, old, ci.order.read());
    if (from != nullptr) from->write(plist::remove(from->read(), ci.index));
  }
  list.write(plist::push_tail(list.read(), ci.index));
  si.lock.unlock();
  ci.flags.write(new_flags);
}

void list_del_cluster(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  si.lock.lock();
  checker::Var<std::uint64_t>* from = list_of(si, ci.flags.read(), ci.order.read());
  if (from != nullptr) from->write(plist::remove(from->read(), ci.index));
  si.lock.unlock();
}

void free_cluster(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  checker::check(ci.count.read() == 0, "free_cluster: VM_BUG_ON(ci->count != 0)");
  checker::check(ci.flags.read() != CLUSTER_FLAG_FREE, "free_cluster: VM_BUG_ON(ci->flags == CLUSTER_FLAG_FREE)");
  // Seed 004 P2: vswap dynamic clusters are erased and freed, never put on the free list.
  if (vswap::swap_is_vswap(si)) {
    vswap::vswap_free_cluster(si, ci);
    return;
  }
  // A non-discarding device frees the cluster at once (no swap_cluster_schedule_discard).
  __free_cluster(si, ci);
}

void partial_free_cluster(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  const std::uint32_t count = ci.count.read();
  checker::check(count != 0 && count != model().slots_per_cluster(), "partial_free_cluster: VM_BUG_ON");
  if (ci.flags.read() != CLUSTER_FLAG_NONFULL)
    move_cluster(si, ci, si.nonfull_clusters.at(ci.order.read()), CLUSTER_FLAG_NONFULL);
}

void relocate_cluster(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  const std::uint8_t flags = ci.flags.read();
  // A discard cluster must stay off-list or on the discard list.
  if (flags == CLUSTER_FLAG_DISCARD) return;
  const std::uint32_t count = ci.count.read();
  if (count == 0) {
    if (flags != CLUSTER_FLAG_FREE) free_cluster(si, ci);
  } else if (count != model().slots_per_cluster()) {
    if (flags != CLUSTER_FLAG_FRAG) move_cluster(si, ci, si.frag_clusters.at(ci.order.read()), CLUSTER_FLAG_FRAG);
  } else {
    if (flags != CLUSTER_FLAG_FULL) move_cluster(si, ci, si.full_clusters, CLUSTER_FLAG_FULL);
  }
}

SwapCluster* isolate_lock_cluster(SwapDevice& si, checker::Var<std::uint64_t>& list) {
  CHECKER_FRAME();
  SwapCluster* found = nullptr;
  si.lock.lock();
  const std::uint64_t l = list.read();
  for (int i = 0; i < plist::size(l); ++i) {
    SwapCluster& ci = cluster_at(si, plist::at(l, i));
    if (!ci.lock.trylock()) continue;
    // Only clusters of these lists may be isolated and have their flags cleared.
    const std::uint8_t flags = ci.flags.read();
    checker::check(flags != CLUSTER_FLAG_NONE, "isolate_lock_cluster: VM_BUG_ON(!ci->flags)");
    checker::check(flags <= CLUSTER_FLAG_USABLE || flags == CLUSTER_FLAG_FULL, "isolate_lock_cluster: bad list");
    list.write(plist::remove(l, ci.index));
    ci.flags.write(CLUSTER_FLAG_NONE);
    found = &ci;
    break;
  }
  si.lock.unlock();
  if (found != nullptr && found->table.peek() == 0) {
    // Only an empty free cluster's table can have been freed.
    VM_WARN_ON(&list != &si.free_clusters, "isolate_lock_cluster: no table off the free list");
    return swap_cluster_populate(si, *found);
  }
  return found;
}

}  // namespace swapmodel
