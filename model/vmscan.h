// Reclaim of one anonymous folio (mm/vmscan.c: shrink_folio_list, with mm/rmap.c's
// try_to_unmap and __remove_mapping): the swap-out path as the kernel composes it.
//
//   isolate (take a reference) -> folio_trylock -> folio_alloc_swap (if not in the swap cache)
//   -> try_to_unmap (each PTE: folio_dup_swap, then the swap PTE, under the PTL)
//   -> pageout: clear dirty, swap_writeout (zero flag / zswap / device IO)
//   -> relock, still clean -> __remove_mapping: freeze the references, delete from the swap
//      cache with a shadow, free the folio.
//
// The kernel finishes a folio under writeback in a later pass; the model's IO completes within
// the pass, so the same call goes on to remove it.
#pragma once

#include <cstdint>

#include "model/folio.h"

namespace swapmodel {

struct MmStruct;
struct SwapCluster;

// True when the folio was reclaimed (deleted from the swap cache and freed).
bool shrink_folio(Folio& folio);

// --- its steps (scenario threads call them one by one, registry.h) -----------------------------
// try_to_unmap_one for mm[idx] mapping page `page` of the locked folio: under the PTL, if the PTE
// still maps that page, folio_dup_swap for it and the swap PTE. False when the dup failed (the
// walk stops).
bool try_to_unmap_one(Folio& folio, MmStruct& mm, int idx, int page);
// try_to_unmap: try_to_unmap_one for every mm's PTEs at the folio's index.
void try_to_unmap(Folio& folio);
// __remove_mapping: freeze the references (ours + the swap cache's), test dirty, and delete the
// folio from the swap cache (__swap_cache_del_folio_swapout under ci->lock). False when kept.
bool __remove_mapping(Folio& folio);
// __swap_cache_del_folio with swapout: memcg1_swapout, then __swap_cache_do_del_folio with the
// workingset shadow. Caller holds ci->lock.
void __swap_cache_del_folio_swapout(SwapCluster& ci, Folio& folio, swp_entry_t entry, std::uint64_t shadow);
// activate_locked: folio_free_swap when swap is tight (folio locked); true when it freed.
bool shrink_folio_free_swap_if_full(Folio& folio);

}  // namespace swapmodel
