// Cluster list management (mm/swapfile.c): which list a cluster is on, moving it when its
// count changes, isolating one for allocation, and freeing its table when it empties.
//
// A cluster is on list L iff its flags name L (SEMANTICS I5). ci->flags is written under
// ci->lock; the lists themselves under si->lock. move_cluster takes si->lock inside ci->lock;
// isolate_lock_cluster reverses that order and so only trylocks ci->lock.
#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/alloc_failure.h"
#include "model/device.h"
#include "model/discard.h"
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
    case CLUSTER_FLAG_DISCARD: return si.discard ? &si.discard->clusters : nullptr;
    default: return nullptr;
  }
}

// The cluster a list names by index: a static one, or (vswap) the live dynamic cluster at that
// xarray index. The kernel's lists hold the cluster itself; the model's hold its index and look
// it up with xa_load (an rcu_dereference: a marked load, an event). A cluster leaves its list
// under si->lock before it is erased (vswap_free_cluster), so while the index is on a list the
// xarray holds that very cluster; the lookup being an event lets the search check that.
SwapCluster& cluster_at(SwapDevice& si, int index) {
  if (!vswap::swap_is_vswap(si)) return si.clusters.at(static_cast<std::size_t>(index));
  vswap::VswapState& v = *vswap::vswap_state();
  const std::uint32_t id = checker::lkmm::rcu_dereference(v.pool.at(static_cast<std::size_t>(index)));  // xa_load
  checker::check(id != 0, "cluster list names an index the xarray no longer holds");
  return v.cluster(id).ci;
}

// mm/swapfile.c (phase IV, seed 004 P1/P6): swap_cluster_populate. A cluster just isolated from
// the free list gets its table; the allocator holds the local lock, so table allocation happens
// only here. The first attempt does not sleep; when it fails, the retry drops ci->lock and the
// local lock and sleeps. On return the cluster is locked again, or null: the retry failed too
// and the cluster went back to the free list.
//
// While the locks are dropped the cluster is off every list with flags NONE and count 0. The
// seed's retry calls swap_cluster_alloc_table, which publishes ci->table there, unlocked: from
// then on cluster_is_usable() holds for it, and a CPU whose percpu offset still points into it
// (swap_alloc_fast, swap_alloc_hibernation_slot) allocates from it, and a free of that slot
// sends it to __free_cluster (table freed, back on the free list) before we relock it
// (scenarios/table/findings/populate_retry_vs_stale_percpu.json). Fix
// populate_publishes_under_lock publishes only after the relock, as the helper did before
// phase IV consolidated it.
SwapCluster* swap_cluster_populate(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  PercpuSwapCluster& pcp = this_cpu_swap_cluster();
  pcp.lock.assert_held();
  ci.lock.assert_held();
  VM_WARN_ON(ci.flags.read() != CLUSTER_FLAG_NONE || !cluster_is_empty(ci),
             "swap_cluster_populate: cluster not just isolated from the free list");
  if (!swap_cluster_alloc_table(ci)) return &ci;
  // Try a sleep allocation. Each isolated free cluster may cause a sleep allocation, but there
  // is a limited number of them, so the potential recursive allocation is limited.
  ci.lock.unlock();
  pcp.lock.unlock();
  int ret = 0;
  const bool publish_late = model().cfg.fixes.populate_publishes_under_lock;
  if (publish_late) {
    // The allocations of swap_cluster_alloc_table, kept private until the relock.
    if (alloc_fails(AllocSite::SwapTableSleep) ||
        (swap_cluster_needs_memcg_table(ci) && alloc_fails(AllocSite::MemcgTableSleep)))
      ret = -ENOMEM;
  } else {
    ret = swap_cluster_alloc_table(ci, /*can_sleep=*/true);
  }
  // Back to atomic context. We might have migrated to a new CPU with a usable percpu cluster,
  // but just keep using the isolated cluster (model threads do not migrate).
  pcp.lock.lock();
  ci.lock.lock();
  if (ret) {
    move_cluster(si, ci, si.free_clusters, CLUSTER_FLAG_FREE);
    ci.lock.unlock();
    return nullptr;
  }
  if (publish_late) swap_cluster_install_table(ci);
  return &ci;
}

}  // namespace

// __free_cluster
void __free_cluster(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  swap_cluster_free_table(ci);
  move_cluster(si, ci, si.free_clusters, CLUSTER_FLAG_FREE);
  ci.order.write(0);
}

void move_cluster(SwapDevice& si, SwapCluster& ci, checker::Var<std::uint64_t>& list, ClusterFlag new_flags) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  vswap::check_cluster_not_retired(ci, "put on a list");
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
  // If the swap is discardable, prepare to discard the cluster instead of freeing it at once:
  // it is freed after the discard (model/discard.h). A non-discarding device frees it now.
  // (A device without SWP_PAGE_DISCARD reads no flags here: it has no discard list to use.)
  // A plain read of si->flags under ci->lock, as the allocator's SWP_WRITEOK tests (fix
  // swp_writeok_marked: READ_ONCE).
  if (si.discard != nullptr &&
      ((model().cfg.fixes.swp_writeok_marked ? si.flags.read_once() : si.flags.read()) & (SWP_WRITEOK | SWP_PAGE_DISCARD)) ==
          (SWP_WRITEOK | SWP_PAGE_DISCARD)) {
    swap_cluster_schedule_discard(si, ci);
    return;
  }
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
  // ci->table under ci->lock (found is locked): no lockless reader to race with, so a peek.
  if (found != nullptr && found->table.peek() == 0) {
    // Only an empty free cluster's table can have been freed.
    VM_WARN_ON(&list != &si.free_clusters, "isolate_lock_cluster: no table off the free list");
    return swap_cluster_populate(si, *found);
  }
  return found;
}

}  // namespace swapmodel
