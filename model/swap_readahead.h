// The swap-cache readers beside the fault's own swap-in (mm/swap_state.c, seed 003 for their
// tryget_swap_entry / put_swap_entry): __read_swap_cache_async, read_swap_cache_async (the
// entry point of MADV_WILLNEED, madvise.h) and swap_vma_readahead (the fault's readahead of the
// neighbouring PTEs' entries).
//
// Locking and lifetimes:
//   - read_swap_cache_async is called with no lock held and an entry its caller read under the
//     PTL and then let go of: the slot may have been freed (the allocation's
//     __swap_cache_add_check says -ENOENT) and its device swapped off (tryget_swap_entry fails)
//     since. The device reference keeps the clusters and tables alive while it looks.
//   - swap_vma_readahead reads each neighbouring PTE locklessly (ptep_get_lockless, a marked
//     read); its caller (do_swap_page) holds a reference on the target entry's device, which
//     covers neighbours of the same type; a neighbour of another type is read only under a
//     reference of its own (tryget_swap_entry), or skipped.
//   - Folios come back with a reference and unlocked; a newly allocated one has been read
//     (swap_read_folio unlocks it).
#pragma once

#include "model/kernel.h"

namespace swapmodel {

struct Folio;
struct MmStruct;

// __read_swap_cache_async in its phase-IV form: the swap cache's folio for `entry` (a lookup
// hit), or a new order-0 folio added to the swap cache for it (swap_cache_alloc_folio, seed
// 002), locked, not yet read, with *new_page_allocated set. Null when the slot is no longer
// swapped out or memory ran out; an -EEXIST (another task added a folio after our lookup) looks
// again unless skip_if_exists. Caller: the entry's device is pinned.
Folio* __read_swap_cache_async(swp_entry_t entry, int index, int mm_memcg, bool* new_page_allocated, bool skip_if_exists);
// read_swap_cache_async (seed 003): tryget_swap_entry, __read_swap_cache_async, swap_read_folio
// for a new folio, put_swap_entry. `index` is the virtual index of the page the entry was
// read from, `mm_memcg` its mm's memcg.
Folio* read_swap_cache_async(swp_entry_t entry, int index, int mm_memcg);
// swap_vma_readahead (seed 003): the neighbours in mm[start, end) of the fault at mm[idx]
// (target entry `targ`), each read into the swap cache and released, then the target, whose
// folio comes back with a reference. Caller holds a reference on targ's device.
Folio* swap_vma_readahead(swp_entry_t targ, MmStruct& mm, int idx, int start, int end);
// The readahead window do_swap_page's swapin_readahead covers for a fault at idx
// (swap_vma_ra_win): `win` PTEs aligned down to win, within the mm.
void swap_vma_ra_win(MmStruct& mm, int idx, int win, int* start, int* end);

}  // namespace swapmodel
