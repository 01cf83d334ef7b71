// Swap-cache readers and the fault's VMA readahead (mm/swap_state.c; seed 003 for
// tryget_swap_entry / put_swap_entry in read_swap_cache_async and swap_vma_readahead, seed 002
// for the swap_cache_alloc_folio that phase IV's __read_swap_cache_async allocates through).
#include "model/swap_readahead.h"

#include <algorithm>

#include "model/device.h"
#include "model/model.h"
#include "model/page_io.h"
#include "model/pagetable.h"
#include "model/swap_state.h"

namespace swapmodel {

// mm/swap_state.c: __read_swap_cache_async. Check the swap cache first and return a cached
// folio unlocked (the caller locks and checks it); else allocate an order-0 folio in the swap
// cache. The slot may have been freed since the caller saw the entry: swap_cache_alloc_folio's
// __swap_cache_add_check under ci->lock then says -ENOENT (it stands for the old
// swap_entry_swapped test and swapcache_prepare). -EEXIST means another task added its folio
// after our lookup: look again (or give up, for zswap writeback's skip_if_exists).
Folio* __read_swap_cache_async(swp_entry_t entry, int index, int mm_memcg, bool* new_page_allocated, bool skip_if_exists) {
  CHECKER_FRAME();
  *new_page_allocated = false;
  for (;;) {
    if (Folio* folio = swap_cache_get_folio(entry)) return folio;
    const FolioOrErr r = swap_cache_alloc_folio(entry, 1u << 0, index, mm_memcg);
    if (r.folio != nullptr) {
      *new_page_allocated = true;
      return r.folio;
    }
    if (r.err != -EEXIST || skip_if_exists) return nullptr;
  }
}

// mm/swap_state.c (seed 003): read_swap_cache_async. Locate a folio for `entry`, reading it
// in if needed; the caller's entry may be stale, so swapoff is locked out first.
Folio* read_swap_cache_async(swp_entry_t entry, int index, int mm_memcg) {
  CHECKER_FRAME();
  SwapDevice* si = nullptr;
  if (!tryget_swap_entry(entry, &si)) return nullptr;
  bool page_allocated = false;
  Folio* folio = __read_swap_cache_async(entry, index, mm_memcg, &page_allocated, false);
  if (page_allocated) swap_read_folio(*folio);
  put_swap_entry(entry, si);
  return folio;
}

// mm/swap_state.c: swap_vma_ra_win, with the window size given (the kernel derives it from
// the readahead hit history): aligned down to win, clipped to the VMA (here the mm's PTEs).
void swap_vma_ra_win(MmStruct& mm, int idx, int win, int* start, int* end) {
  *start = idx - idx % std::max(win, 1);
  *end = std::min(*start + std::max(win, 1), mm.slots());
}

// mm/swap_state.c (seed 003): swap_vma_readahead. Every swap PTE of the window is read into the
// swap cache, then the target. The PTEs are read without the PTL (pte_offset_map +
// ptep_get_lockless): a neighbour's entry may be freed, and its device swapped off, at any time.
Folio* swap_vma_readahead(swp_entry_t targ, MmStruct& mm, int idx, int start, int end) {
  CHECKER_FRAME();
  bool page_allocated = false;
  if (end - start > 1) {
    for (int addr = start; addr < end; ++addr) {
      SwapDevice* si = nullptr;
      bool swapoff_locked = false;
      const std::uint64_t pentry = mm.pte[static_cast<std::size_t>(addr)].read_once();  // ptep_get_lockless
      if (!is_swap_pte(pentry)) continue;
      const swp_entry_t entry = pte_to_swp_entry(pentry);
      // Readahead entry may come from a device that we are not holding a reference to, try to
      // grab a reference, or skip.
      if (swp_type(entry) != swp_type(targ)) {
        swapoff_locked = tryget_swap_entry(entry, &si);
        if (!swapoff_locked) continue;
      }
      Folio* folio = __read_swap_cache_async(entry, addr, mm.memcg, &page_allocated, false);
      if (swapoff_locked) put_swap_entry(entry, si);
      if (folio == nullptr) continue;
      if (page_allocated) swap_read_folio(*folio);  // (folio_set_readahead for addr != the fault)
      folio_put(*folio);
    }
  }
  // skip: the folio was likely read above.
  Folio* folio = __read_swap_cache_async(targ, idx, mm.memcg, &page_allocated, false);
  if (page_allocated) swap_read_folio(*folio);
  return folio;
}

}  // namespace swapmodel
