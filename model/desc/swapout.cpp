// Swap-out in the descriptor design (paths.h): mm/vmscan.c shrink_folio_list and
// __remove_mapping, mm/rmap.c try_to_unmap_one (v6.15), with seed 001's swap_duplicate and
// put_swap_folio.
#include "model/desc/paths.h"

#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/desc/swap_cache.h"
#include "model/desc/vswap.h"
#include "model/model.h"

namespace swapmodel::desc {

namespace {

// try_to_unmap_one for the PTE that may map page `page` of the folio.
void try_to_unmap_one(Folio& folio, MmStruct& mm, int idx, int page) {
  CHECKER_FRAME();
  auto& pte = mm.pte[static_cast<std::size_t>(idx)];
  const swp_entry_t entry{folio_swap(folio).val + static_cast<std::uint64_t>(page)};
  mm.ptl.lock();  // page_vma_mapped_walk
  if (pte.read_once() != mk_pte_present(folio.id, page)) {
    mm.ptl.unlock();
    return;
  }
  // swap_duplicate always returns 0 in seed 001, so the kernel's "< 0: restore the PTE and
  // abort the walk" never runs.
  if (desc::swap_duplicate(entry) < 0) {
    mm.ptl.unlock();
    return;
  }
  pte.write_once(mk_pte_swap(entry));
  checker::lkmm::atomic_fetch_sub(folio.mapcount, 1);  // folio_remove_rmap_ptes: atomic_add_negative (fully ordered)
  folio_put(folio);  // the mapping's reference
  mm.ptl.unlock();
}

// try_to_unmap: every mm is forked from one ancestor in the model, so each mm's PTE at the
// folio's index is a candidate (page_vma_mapped_walk checks it under the PTL).
void try_to_unmap(Folio& folio) {
  CHECKER_FRAME();
  for (MmStruct& mm : model().mms)
    for (int i = 0; i < folio.nr(); ++i)
      if (folio.index + i < mm.slots()) try_to_unmap_one(folio, mm, folio.index + i, i);
}

// mm/vmscan.c (v6.15): __remove_mapping for a swap-cache folio
bool __remove_mapping(Folio& folio) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  const int refcount = 1 + folio.nr();  // our isolation reference + the swap cache's
  v.swap_cache.xa_lock.lock();  // xa_lock_irq(&mapping->i_pages)
  if (!folio_ref_freeze(folio, refcount)) {
    v.swap_cache.xa_lock.unlock();
    return false;
  }
  if (folio_test_dirty(folio)) {
    checker::lkmm::smp_store_release(folio.refcount, refcount);  // folio_ref_unfreeze: atomic_set_release
    v.swap_cache.xa_lock.unlock();
    return false;
  }
  if (folio_test_swapcache(folio)) {
    const swp_entry_t swap = folio_swap(folio);
    __delete_from_swap_cache(folio, swap);
    v.swap_cache.xa_lock.unlock();
    put_swap_folio(folio, swap);
  } else {
    v.swap_cache.xa_lock.unlock();
  }
  return true;
}

}  // namespace

// mm/vmscan.c (v6.15): shrink_folio_list for one anonymous, swap-backed folio.
bool shrink_folio(Folio& folio) {
  CHECKER_FRAME();
  if (!folio_try_get(folio)) return false;  // isolate_lru_folios
  if (!folio_trylock(folio)) {
    folio_put(folio);
    return false;
  }
  bool locked = true;
  if (folio_test_writeback(folio)) goto keep;
  if (!folio_test_swapcache(folio) && !desc::add_to_swap(folio)) goto keep;  // activate_locked_split
  if (folio_mapped(folio)) {
    try_to_unmap(folio);
    if (folio_mapped(folio)) goto keep;
  }
  if (folio_test_dirty(folio)) {
    // pageout(): folio_clear_dirty_for_io, then swap_writepage, which unlocks.
    folio_test_clear(folio, PG_dirty);
    desc::swap_writepage(folio);
    locked = false;
    // The model's write completes within the call: if it is still clean, drop it now.
    if (!folio_trylock(folio)) goto keep;
    locked = true;
    if (folio_test_dirty(folio) || folio_test_writeback(folio)) goto keep;
  }
  if (!__remove_mapping(folio)) goto keep;
  folio_unlock(folio);
  return true;  // freed with its references frozen at zero
keep:
  if (locked) folio_unlock(folio);
  folio_put(folio);
  return false;
}

}  // namespace swapmodel::desc
