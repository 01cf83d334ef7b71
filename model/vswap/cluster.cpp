// Dynamic vswap clusters (seed 004 P1/P2, mm/swapfile.c and mm/swap.h): the xarray lookups,
// allocation of a new cluster (alloc_swap_scan_dynamic), its destruction (vswap_free_cluster),
// the locked lookups (__swap_cluster_lock's vswap half, vswap_lock_cluster), and vswap_alloc.
#include "checker/kernel_order.h"
#include "checker/heap.h"
#include "model/alloc_failure.h"
#include "model/model.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"

namespace swapmodel::vswap {

// xa_load(&si->cluster_info_pool, index): one atomic load, safe under RCU.
SwapCluster* xa_load_cluster(std::uint64_t index) {
  VswapState& v = *vswap_state();
  if (index >= v.pool.size()) return nullptr;
  const std::uint32_t id = checker::lkmm::rcu_dereference(v.pool[index]);
  return id == 0 ? nullptr : &v.cluster(id).ci;
}

// mm/swap.h (seed 004 P1): __swap_cluster_lock for the vswap device.
SwapCluster* vswap_cluster_lock(std::uint64_t offset) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.rcu.read_lock();
  SwapCluster* ci = xa_load_cluster(offset / m.slots_per_cluster());
  if (ci != nullptr) {
    ci->lock.lock();
    // A cluster freed after our lookup: vswap_free_cluster marked it DEAD under ci->lock before
    // its kfree_rcu, and the grace period waits for this RCU section, so the test is safe.
    if (!m.cfg.mutations.no_dead_recheck && ci->flags.read() == CLUSTER_FLAG_DEAD) {
      ci->lock.unlock();
      ci = nullptr;
    }
  }
  m.rcu.read_unlock();
  return ci;
}

// mm/vswap.h (seed 004 P2): vswap_lock_cluster. No RCU section and no DEAD test: the callers
// are expected to pin the cluster (folio locked in the swap cache, or a count held).
SwapCluster* vswap_lock_cluster(swp_entry_t entry, unsigned* voff) {
  CHECKER_FRAME();
  SwapCluster* ci = __swap_offset_to_cluster_or_null(swp_type(entry), swp_offset(entry));
  if (ci == nullptr) return nullptr;
  *voff = static_cast<unsigned>(swp_offset(entry) % model().slots_per_cluster());
  ci->lock.lock();
  return ci;
}

// mm/swapfile.c (seed 004 P1/P2): alloc_swap_scan_dynamic. Called under the percpu_vswap_cluster
// local lock (atomic context). xa_alloc hands out the lowest free index in [1, n-1]; from then
// on the cluster is visible to lookups with flags NONE and count 0, before we lock it.
std::uint64_t alloc_swap_scan_dynamic(SwapDevice& si, Folio* folio) {
  CHECKER_FRAME();
  SwapModel& m = model();
  VswapState& v = *vswap_state();
  // kzalloc(ci_dyn), swap_cluster_alloc_table (table, then memcg_table) and
  // vswap_cluster_alloc_vtable, all GFP_ATOMIC, happen before xa_alloc; nobody can see the
  // objects until it publishes them, so the model creates them once xa_alloc has chosen the
  // index they are named after. Each allocation may fail (alloc_failure.h); the seed's error
  // paths free what was allocated before it (swap_cluster_free_table, kfree) and return
  // SWAP_ENTRY_INVALID, which nobody but this function could observe.
  if (alloc_fails(AllocSite::CiDyn) || alloc_fails(AllocSite::SwapTable) || alloc_fails(AllocSite::MemcgTable) ||
      alloc_fails(AllocSite::VirtualTable))
    return 0;
  v.xa_lock.lock();
  std::size_t index = 0;
  for (std::size_t i = 1; i < v.pool.size() && index == 0; ++i)
    if (checker::lkmm::read_once(v.pool[i]) == 0) index = i;  // under xa_lock
  // -EBUSY: the device is out of cluster indices; -ENOMEM: xa_alloc's node allocation failed.
  if (index == 0 || alloc_fails(AllocSite::XaAlloc)) {
    v.xa_lock.unlock();
    return 0;
  }
  const int id = static_cast<int>(v.clusters.size() + 1);
  VswapCluster& d = v.clusters.emplace_back(id, static_cast<int>(index), m.cfg.slots_per_cluster);
  SwapTable& t = m.new_table(kVswapType * 100 + static_cast<int>(index));
  checker::lkmm::rcu_assign_pointer(d.ci.table, static_cast<std::uint32_t>(t.id));
  // P6: a vswap cluster's memcg_table is allocated eagerly with its table.
  attach_memcg_table(d.ci);
  VirtualTable& vtab = v.vtables.emplace_back(static_cast<int>(v.vtables.size() + 1), static_cast<int>(index), m.cfg.slots_per_cluster);
  d.virtual_table.write(static_cast<std::uint32_t>(vtab.id));
  // Fix vswap_lock_before_publish (not in the seed): the kernel would spin_lock(&ci->lock) before
  // xa_alloc; the model takes it just before the store that publishes the cluster, which is the
  // same since nobody can reach the cluster before that store.
  const bool lock_first = m.cfg.fixes.vswap_lock_before_publish;
  if (lock_first) d.ci.lock.lock();
  checker::lkmm::rcu_assign_pointer(v.pool[index], static_cast<std::uint32_t>(id));  // xa_alloc's store
  v.xa_lock.unlock();

  // Seed 004: the cluster is locked only now. Between the store and this lock another CPU's
  // vswap_alloc fast path (a stale percpu offset at this index) can find it, allocate from it,
  // and a put can empty it and retire it (DEAD, table freed); the creator then scans a retired
  // cluster (scenarios/vswap/publish_before_lock.json).
  if (!lock_first) d.ci.lock.lock();
  return alloc_swap_scan_cluster(si, d.ci, folio, cluster_offset(d.ci));
}

// mm/swapfile.c (seed 004 P2): vswap_free_cluster. Caller holds ci->lock (free_cluster).
// Ordering vs the RCU lookup: erase first (new lookups miss it), mark DEAD under the held lock
// (a lookup that already has ci sees DEAD when it gets the lock), then kfree_rcu so the cluster
// outlives every reader still in its RCU section.
void vswap_free_cluster(SwapDevice& si, SwapCluster& ci) {
  CHECKER_FRAME();
  SwapModel& m = model();
  VswapState& v = *vswap_state();
  VswapCluster& d = dyn_of(ci);
  check_cluster_not_retired(ci, "retired again");
  note_death(d.death);
  if (ci.flags.read() != CLUSTER_FLAG_NONE) list_del_cluster(si, ci);
  swap_cluster_free_table(ci);
  // vswap_cluster_free_vtable: a plain kfree, and the pointer becomes NULL.
  const std::uint32_t vtab = d.virtual_table.read();
  if (vtab != 0) checker::heap_free(v.vtable(vtab).cell);
  d.virtual_table.write(0);
  v.xa_lock.lock();
  checker::lkmm::rcu_assign_pointer(v.pool.at(static_cast<std::size_t>(d.index)), std::uint32_t{0});  // xa_erase
  v.xa_lock.unlock();
  if (!m.cfg.mutations.free_cluster_no_dead_flag) ci.flags.write(CLUSTER_FLAG_DEAD);
  if (m.cfg.mutations.free_cluster_plain_kfree)
    checker::heap_free(d.cell);
  else if (!checker::current_execution()->in_model_thread())
    v.setup_deferred_free.push_back(d.cell);
  else
    checker::heap_free_rcu(m.rcu, d.cell);
}

void check_cluster_not_retired(SwapCluster& ci, const char* action) {
  if (!is_vswap_type(ci.device) || ci.index == 0) return;  // index 0: the preallocated header cluster
  const VswapCluster& d = dyn_of(ci);
  check_not_dead(d.death, "vswap cluster ci_dyn" + std::to_string(d.id) + " (index " + std::to_string(d.index) + ")", action);
}

void flush_setup_deferred_free() {
  VswapState* v = vswap_state();
  if (v == nullptr || v->setup_deferred_free.empty() || checker::current_execution()->in_model_thread() ||
      model().setup_preempt_off > 0)
    return;
  std::vector<checker::HeapCell*> cells;
  cells.swap(v->setup_deferred_free);
  for (checker::HeapCell* c : cells) checker::heap_free_rcu(model().rcu, c);
}

// mm/swapfile.c (seed 004 P2, P5 counters): vswap_alloc. False sends the caller to direct
// physical allocation.
bool vswap_alloc(Folio& folio) {
  CHECKER_FRAME();
  VswapState* v = vswap_state();
  if (v == nullptr) return false;  // vswap_init failed
  const int order = folio.order;
  PercpuVswapCluster& pcp = this_cpu_vswap_cluster();
  pcp.lock.lock();
  std::uint64_t offset = pcp.offset[static_cast<std::size_t>(order)].read();
  if (offset != 0) {
    SwapCluster* ci = __swap_cluster_lock(kVswapType, offset);
    if (ci != nullptr && cluster_is_usable(*ci, order)) {
      if (cluster_is_empty(*ci)) offset = cluster_offset(*ci);
      alloc_swap_scan_cluster(v->si, *ci, &folio, offset);
    } else if (ci != nullptr) {
      swap_cluster_unlock(*ci);
    }
  }
  if (!folio_test_swapcache(folio)) cluster_alloc_swap_entry(v->si, &folio);
  if (folio_test_swapcache(folio)) {
    // alloc_swap_scan_cluster updated the percpu offset already.
    pcp.lock.unlock();
    checker::lkmm::atomic_add(v->used, std::int64_t{folio.nr()});  // atomic_add: a void atomic, unordered
    return true;
  }
  pcp.offset[static_cast<std::size_t>(order)].write(0);
  pcp.lock.unlock();
  checker::lkmm::atomic_add(v->alloc_reject, std::int64_t{folio.nr()});  // atomic_add: unordered
  return false;
}

}  // namespace swapmodel::vswap
