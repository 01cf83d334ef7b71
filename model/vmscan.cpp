// Swap-out of one anonymous folio (mm/vmscan.c shrink_folio_list, mm/rmap.c try_to_unmap_one,
// mm/vmscan.c __remove_mapping; seed 000 for folio_dup_swap under the PTL).
#include "model/vmscan.h"

#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/memcg.h"
#include "model/model.h"
#include "model/page_io.h"
#include "model/swap_state.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

// mm/rmap.c: try_to_unmap_one for one PTE that may map page `page` of the folio. False aborts the walk.
bool try_to_unmap_one(Folio& folio, MmStruct& mm, int idx, int page) {
  CHECKER_FRAME();
  auto& pte = mm.pte[static_cast<std::size_t>(idx)];
  const std::uint64_t present = mk_pte_present(folio.id, page);
  const swp_entry_t entry{folio_swap(folio).val + static_cast<std::uint64_t>(page)};
  if (model().cfg.mutations.dup_without_ptl) {
    // Mutation: no PTL, and the swap PTE becomes visible before its reference is counted. A zap
    // in between puts a count that was never taken (seed 000: "a concurrent zap may underflow
    // the swap count").
    if (pte.read_once() != present) return true;
    pte.write_once(mk_pte_swap(entry));
    checker::lkmm::atomic_fetch_sub(folio.mapcount, 1);  // folio_remove_rmap_ptes: atomic_add_negative (fully ordered)
    folio_put(folio);
    return folio_dup_swap(folio, page) == 0;
  }
  mm.ptl.lock();
  if (pte.read_once() != present) {
    mm.ptl.unlock();
    return true;
  }
  // The new owner of the swap count (this PTE) is locked: no zap can see the swap entry
  // before its count is taken.
  if (folio_dup_swap(folio, page) < 0) {
    mm.ptl.unlock();  // the PTE still maps the page
    return false;
  }
  pte.write_once(mk_pte_swap(entry));
  checker::lkmm::atomic_fetch_sub(folio.mapcount, 1);  // folio_remove_rmap_ptes: atomic_add_negative (fully ordered)
  folio_put(folio);  // the mapping's reference
  mm.ptl.unlock();
  return true;
}

// mm/rmap.c: try_to_unmap, the anon rmap walk. Every mm is forked from one ancestor in the model, so each
// mm's PTE at the folio's index is a candidate (page_vma_mapped_walk checks it under the PTL).
void try_to_unmap(Folio& folio) {
  CHECKER_FRAME();
  for (MmStruct& mm : model().mms)
    for (int i = 0; i < folio.nr() && !mm.shmem; ++i)
      if (folio.index + i < mm.slots() && !try_to_unmap_one(folio, mm, folio.index + i, i)) return;
}

// mm/swap_state.c: __swap_cache_del_folio as reclaim calls it (swapout): memcg v1 moves the
// folio's charge to its slots first (memcg1_swapout), then the folio leaves the swap cache with
// the workingset shadow. Caller holds ci->lock of the folio's entry.
void __swap_cache_del_folio_swapout(SwapCluster& ci, Folio& folio, swp_entry_t entry, std::uint64_t shadow) {
  CHECKER_FRAME();
  memcg1_swapout(folio, ci);
  __swap_cache_do_del_folio(ci, folio, entry, shadow);
}

// mm/vmscan.c: __remove_mapping for a swap-cache folio: only if nobody else holds a reference.
bool __remove_mapping(Folio& folio) {
  CHECKER_FRAME();
  const int refcount = 1 + folio.nr();  // our isolation reference + the swap cache's
  if (!folio_ref_freeze(folio, refcount)) return false;
  // The freeze orders the dirty test after every other reference was dropped.
  if (folio_test_dirty(folio)) {
    folio_ref_unfreeze(folio, refcount);
    return false;
  }
  if (folio_test_swapcache(folio)) {
    const swp_entry_t entry = folio_swap(folio);
    SwapCluster& ci = swap_cluster_lock(swp_type(entry), swp_offset(entry));
    __swap_cache_del_folio_swapout(ci, folio, entry, /*workingset shadow=*/1);
    swap_cluster_unlock(ci);
  }
  return true;
}

// mm/vmscan.c: activate_locked's "reclaim its swap space if tight" (folio locked). Seed 004 P3:
// reclaim physical swap space only; vswap slots with other backing stay.
bool shrink_folio_free_swap_if_full(Folio& folio) {
  CHECKER_FRAME();
  if (folio_test_swapcache(folio) && mem_cgroup_swap_full(folio) &&
      (!vswap::is_vswap_entry(swp_entry_t{folio.swap.peek()}) || vswap::folio_phys_swap_backed(folio)))
    return folio_free_swap(folio);
  return false;
}

// mm/vmscan.c: shrink_folio_list for one anonymous, swap-backed folio.
bool shrink_folio(Folio& folio) {
  CHECKER_FRAME();
  // isolate_lru_folios: reclaim holds a reference while it works on the folio.
  if (!folio_try_get(folio)) return false;
  if (!folio_trylock(folio)) {
    folio_put(folio);
    return false;
  }
  bool locked = true, activate = false;
  if (folio_test_writeback(folio)) goto keep;
  if (!folio_test_swapcache(folio)) {
    if (folio_alloc_swap(folio) != 0) {
      activate = true;
      goto keep;
    }
    // Normally the PTEs are dirty and unmap transfers that; MADV_FREE'd folios are not.
    folio_mark_dirty(folio);
  }
  if (folio_mapped(folio)) {
    try_to_unmap(folio);
    if (folio_mapped(folio)) {
      activate = true;
      goto keep;
    }
  }
  if (folio_test_dirty(folio)) {
    // pageout(): folio_clear_dirty_for_io, then write it out.
    folio_test_clear(folio, PG_dirty);
    if (swap_writeout(folio) == AOP_WRITEPAGE_ACTIVATE) {
      activate = true;
      goto keep;
    }
    locked = false;
    // The write finished: if it is still clean, drop it now.
    if (!folio_trylock(folio)) goto keep;
    locked = true;
    if (folio_test_dirty(folio) || folio_test_writeback(folio)) goto keep;
  }
  if (!__remove_mapping(folio)) goto keep;
  folio_unlock(folio);
  return true;  // freed with its references frozen at zero
keep:
  // activate_locked: not a candidate for swapping, so reclaim its swap space if tight.
  if (activate && locked) shrink_folio_free_swap_if_full(folio);
  if (locked) folio_unlock(folio);
  folio_put(folio);
  return false;
}

}  // namespace swapmodel
