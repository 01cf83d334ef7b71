// The physical rmap of vswap backing (seed 004 P3): Pointer entries on physical clusters name
// the owning vswap slot, and their SWP_RMAP_CACHE_ONLY bit hints that the vswap slot has no
// count left but is cached (reclaimable). The bit is set and cleared with atomic or/and while
// holding the vswap cluster lock, not the physical one; consumers re-validate under the folio
// lock, so a stale bit must never matter for correctness (I16).
#include <algorithm>

#include "checker/kernel_order.h"
#include "model/model.h"
#include "model/page_io.h"
#include "model/swap_state.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"

namespace swapmodel::vswap {

namespace {
unsigned cluster_off(std::uint64_t offset) { return static_cast<unsigned>(offset % model().slots_per_cluster()); }

// rcu_dereference_check(ci->table, true): the physical slot is in use, so its table exists.
checker::Atomic<std::uint64_t>& phys_tb(swp_entry_t phys) {
  SwapCluster& pci = __swap_offset_to_cluster(swp_type(phys), swp_offset(phys));
  const std::uint32_t t = checker::lkmm::rcu_dereference(pci.table);
  checker::check(t != 0, "swap_rmap_*_cache_only: physical cluster without a table");
  return model().table(t).tb.at(cluster_off(swp_offset(phys)));
}
}  // namespace

// mm/swapfile.c (seed 004 P3): vswap_mark_cache_only, from swap_put_entries_cluster when the
// slot is cached with count 1, before the put. Caller holds the vswap ci->lock.
void vswap_mark_cache_only(SwapDevice&, SwapCluster& ci, unsigned ci_off) {
  CHECKER_FRAME();
  const std::uint64_t w = __vtable_get(ci, ci_off);
  if (!vt::step::mark_cache_only(pure::Machine{}, vt::type(w))) return;
  // swap_rmap_mark_cache_only: atomic_long_or, a void atomic: unordered.
  checker::lkmm::atomic_or(phys_tb(swp_entry_t{vt::to_phys(w)}), tb::kPointerCacheOnly);
}

// mm/swapfile.c (seed 004 P3): vswap_clear_cache_only, at the end of a successful dup: a slot
// that is cached with count 1 has just gone 0 -> 1 and is no longer reclaimable.
void vswap_clear_cache_only(SwapDevice& si, SwapCluster& ci, unsigned ci_start, int nr) {
  CHECKER_FRAME();
  if (!swap_is_vswap(si)) return;
  for (unsigned off = ci_start; off < ci_start + static_cast<unsigned>(nr); ++off) {
    const tb::step::Word<pure::Machine> swp_tb = tb::decode(__swap_table_get(ci, off));
    // The virtual_table word is only read for a cached slot with count 1 (the seed's order).
    if (!vt::step::clear_cache_only_candidate(pure::Machine{}, swp_tb)) continue;
    const std::uint64_t w = __vtable_get(ci, off);
    if (!vt::step::clear_cache_only(pure::Machine{}, swp_tb, vt::type(w))) continue;
    // swap_rmap_clear_cache_only: atomic_long_and, a void atomic: unordered.
    checker::lkmm::atomic_and(phys_tb(swp_entry_t{vt::to_phys(w)}), ~tb::kPointerCacheOnly);
  }
}

// mm/swapfile.c (seed 004 P3): try_to_reclaim_vswap_backing. The physical cluster lock must not
// be held. Returns the physical slots reclaimed (the folio's pages) or -1.
int try_to_reclaim_vswap_backing(SwapDevice& si, std::uint64_t offset) {
  CHECKER_FRAME();
  SwapCluster* ci = __swap_cluster_lock(si.type, offset);
  if (ci == nullptr) return -1;
  const std::uint64_t swp_tb = __swap_table_get(*ci, cluster_off(offset));
  if (!tb::is_pointer(swp_tb) || !(swp_tb & tb::kPointerCacheOnly)) {
    swap_cluster_unlock(*ci);
    return -1;
  }
  const swp_entry_t vswap_entry = swp_entry(kVswapType, tb::pointer_offset(swp_tb));
  swap_cluster_unlock(*ci);

  Folio* folio = swap_cache_get_folio(vswap_entry);
  if (folio == nullptr) return -1;
  if (!folio_trylock(*folio)) {
    folio_put(*folio);
    return -1;
  }
  if (!folio_matches_swap_entry(*folio, vswap_entry)) {
    folio_unlock(*folio);
    folio_put(*folio);
    return -1;
  }
  // Re-validate under the folio lock: the folio's first entry must still map to the contiguous
  // physical run that includes our slot.
  const swp_entry_t first = folio_swap(*folio);
  const std::uint64_t i = vswap_entry.val - first.val;
  const swp_entry_t phys_base = vswap_to_phys(first);
  if (phys_base.val == 0 || swp_type(phys_base) != si.type || swp_offset(phys_base) + i != offset ||
      i >= static_cast<std::uint64_t>(folio->nr())) {
    folio_unlock(*folio);
    folio_put(*folio);
    return -1;
  }
  int ret = folio->nr();
  if (!folio_free_swap(*folio)) ret = -1;
  folio_unlock(*folio);
  folio_put(*folio);
  return ret;
}

// mm/swapfile.c: swap_reclaim_full_clusters, with seed 004's re-lookup after each unlocked
// reclaim (P1: swap_cluster_lock may give NULL for a retired dynamic cluster) and its rmap branch
// (P3: a Pointer slot whose SWP_RMAP_CACHE_ONLY hint is set goes to
// try_to_reclaim_vswap_backing). Only physical devices get here: cluster_alloc_swap_entry calls
// it with !swap_is_vswap(si) && vm_swap_full() once the nonfull and free lists are drained, and
// swap_reclaim_work (force) only runs for a device that filled up (swap_usage_add is true for
// physical devices only).
void swap_reclaim_full_clusters(SwapDevice& si, bool force) {
  CHECKER_FRAME();
  const std::uint64_t spc = model().slots_per_cluster();
  std::int64_t to_scan = 1;
  if (force) to_scan = swap_usage_in_pages(si) / static_cast<std::int64_t>(spc);
  SwapCluster* ci = nullptr;
  while ((ci = isolate_lock_cluster(si, si.full_clusters)) != nullptr) {
    std::uint64_t offset = cluster_offset(*ci);
    const std::uint64_t end = std::min<std::uint64_t>(si.max, offset + spc);
    --to_scan;
    bool gone = false;
    while (offset < end) {
      const std::uint64_t swp_tb = __swap_table_get(*ci, cluster_off(offset));
      if (tb::is_folio(swp_tb) && tb::field(swp_tb) == 0) {
        swap_cluster_unlock(*ci);
        const int nr_reclaim = __try_to_reclaim_swap(si, offset, TTRS_ANYWAY);
        ci = __swap_cluster_lock(si.type, offset);
        if (ci == nullptr) {
          gone = true;
          break;
        }
        if (nr_reclaim != 0) {
          offset += static_cast<std::uint64_t>(nr_reclaim < 0 ? -nr_reclaim : nr_reclaim);
          continue;
        }
      } else if (tb::is_pointer(swp_tb) && (swp_tb & tb::kPointerCacheOnly)) {  // swap_rmap_is_cache_only
        swap_cluster_unlock(*ci);
        const int nr_reclaim = try_to_reclaim_vswap_backing(si, offset);
        ci = __swap_cluster_lock(si.type, offset);
        if (ci == nullptr) {
          gone = true;
          break;
        }
        if (nr_reclaim > 0) {
          offset += static_cast<std::uint64_t>(nr_reclaim);
          continue;
        }
      }
      ++offset;
    }
    if (!gone) {
      // In case no swap cache is reclaimed.
      if (ci->flags.read() == CLUSTER_FLAG_NONE) relocate_cluster(si, *ci);
      swap_cluster_unlock(*ci);
    }
    if (to_scan <= 0) break;
  }
}

// mm/swapfile.c (seed 004 P3): try_to_unuse's first pass over Pointer slots of physical device
// `si`: bring each owner's data into the swap cache and drop the physical backing.
void try_to_unuse_vswap_backing(SwapDevice& si) {
  CHECKER_FRAME();
  SwapModel& m = model();
  for (std::uint64_t i = 1; i < si.max && swap_usage_in_pages(si) != 0; ++i) {
    // find_next_to_unuse: a lockless read under RCU.
    const std::uint64_t seen = swap_table_get(__swap_offset_to_cluster(si.type, i), cluster_off(i));
    if (tb::is_null(seen) || tb::is_bad(seen)) continue;
    SwapCluster& pci = __swap_offset_to_cluster(si.type, i);
    pci.lock.lock();
    const std::uint64_t swp_tb = __swap_table_get(pci, cluster_off(i));
    pci.lock.unlock();
    if (!tb::is_pointer(swp_tb)) continue;
    const swp_entry_t vswap_entry = swp_entry(kVswapType, tb::pointer_offset(swp_tb));
    Folio* folio = swap_cache_get_folio(vswap_entry);
    if (folio == nullptr) {
      const FolioOrErr r = swap_cache_alloc_folio(vswap_entry, 1u << 0, 0, /*mm_memcg=*/1);
      if (r.folio == nullptr) continue;
      folio = r.folio;
      swap_read_folio(*folio);
    }
    folio_lock(*folio);
    if (!folio_matches_swap_entry(*folio, vswap_entry)) {
      folio_unlock(*folio);
      folio_put(*folio);
      continue;
    }
    const swp_entry_t first = folio_swap(*folio);
    const std::uint64_t j = vswap_entry.val - first.val;
    const swp_entry_t phys = vswap_to_phys(first);
    if (phys.val == 0 || swp_type(phys) != si.type || swp_offset(phys) + j != i || j >= static_cast<std::uint64_t>(folio->nr())) {
      folio_unlock(*folio);
      folio_put(*folio);
      continue;
    }
    folio_wait_writeback(*folio);
    folio_release_vswap_backing(*folio);
    folio_mark_dirty(*folio);
    folio_unlock(*folio);
    folio_put(*folio);
  }
  (void)m;
}

}  // namespace swapmodel::vswap
