// The kernel paths of the descriptor design, as seed 001 composes them with the v6.15-era
// callers it patches (mm/vmscan.c, mm/rmap.c, mm/memory.c, mm/swap_state.c). They reuse the
// model's folios, page tables and page contents (page_data.h), so data_preserved judges them
// like the swap-table paths.
//
//   swap-out  shrink_folio: add_to_swap (vswap_alloc: refs 1, physical slot, links;
//             add_to_swap_cache) -> try_to_unmap (per PTE under the PTL: swap_duplicate, swap
//             PTE) -> pageout (swap_writepage: folio_free_swap or write the slots) ->
//             __remove_mapping (freeze, __delete_from_swap_cache, put_swap_folio).
//   swap-in   do_swap_page: swap_cache_get_folio; on a miss either the direct path of a
//             SWP_SYNCHRONOUS_IO device with __swap_count == 1 (alloc_swap_folio, possibly
//             order 1; swapcache_prepare; swap_read_folio; map; swapcache_clear after the PTL
//             is dropped) or swapin_readahead's target (__read_swap_cache_async:
//             swapcache_prepare, add_to_swap_cache, swap_read_folio); then lock, re-check,
//             swap_free_nr under the PTL, map, should_try_to_free_swap.
//   zap       zap_pte_range: free_swap_and_cache_nr on each batch of consecutive swap PTEs.
//   fork      copy_pte_range: swap_duplicate for each swap PTE, under both PTLs.
//   swapoff  (swapoff.cpp) the table design's swapoff_disable and swapoff_release around this
//             design's wait_for_allocation and try_to_unuse: every swap PTE whose virtual entry
//             is backed by the device is swapped in and mapped, then leftover swap-cache folios
//             of its slots are freed; a pass that frees nothing is -EINTR (model/swapoff.h).
// Memcg: the entries are charged in folio_alloc_swap and uncharged in vswap_free (memcg.h); a
// swap-in folio is charged to the memcg its entry recorded.
// Readahead of neighbouring entries, zswap and the zero map are not modelled in this design.
#pragma once

#include "model/folio.h"
#include "model/kernel.h"
#include "model/pagetable.h"

namespace swapmodel::desc {

// shrink_folio_list for one anonymous folio; true when it was reclaimed (freed).
bool shrink_folio(Folio& folio);
// do_swap_page; 0 (mapped, or raced), VM_FAULT_OOM or VM_FAULT_SIGBUS (memory.h's values).
int do_swap_page(MmStruct& mm, int idx, bool write);
// zap_pte_range over [idx, idx + nr).
void zap_pte_range(MmStruct& mm, int idx, int nr);
// copy_pte_range of [idx, idx + nr) from src to dst (fork).
int copy_pte_range(MmStruct& dst, MmStruct& src, int idx, int nr);
// A user store to the page at idx (faults it in first); the page must be exclusively mapped.
void write_page(MmStruct& mm, int idx, bool zero = false);
// swapin_readahead for the target entry only: the cached folio, or a new one read from the
// entry's slot (__read_swap_cache_async + swap_read_folio); with a reference, or null.
Folio* swapin_readahead(swp_entry_t entry, int idx);
// swapoff of the physical device (type 0); 0, -EINVAL or -EINTR.
int swapoff(int type);
// try_to_unuse of the physical device (type 0), SWP_WRITEOK already clear; 0 or -EINTR / -ENOMEM.
int try_to_unuse(int type);

}  // namespace swapmodel::desc
