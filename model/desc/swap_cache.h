// The swap cache of virtual entries in the descriptor design (mm/swap_state.c of the kernel
// seed 001 patches, v6.15 era: the swap cache is swap_address_space(entry)->i_pages, an
// XArray indexed by the entry), and the swap IO that reads and writes through the entry's
// physical slot (mm/page_io.c).
//
// Rules (seed 001's swap_refs, v6.15 swap_state.c):
//   - A folio is added only by the thread whose swapcache_prepare (or vswap_alloc) set the C
//     bit of every entry of its range; add_to_swap_cache stores without checking what is there.
//   - Insertion and removal hold the folio lock and the cache's xa_lock; the folio holds nr
//     references for the cache, PG_swapcache and folio->swap (as the rest of the model).
//   - Removal (__delete_from_swap_cache) is followed by put_swap_folio, which drops C.
//   - Lookups are lockless under RCU (filemap_get_folio), take a folio reference and re-check
//     the slot; a folio whose count is frozen at 0 is being removed by its lock holder, and the
//     lookup waits for that lock instead of spinning.
//   - IO: swap-out writes each page's content to the physical slot swp_entry_to_swp_slot gives,
//     under writeback with the folio unlocked; swap-in reads it back and marks the folio
//     uptodate, then unlocks it. Both hold a pin on the entry (the cache's C bit or the direct
//     swap-in's swapcache_prepare), so the slot cannot be freed under them.
#pragma once

#include "model/desc/state.h"
#include "model/folio.h"

namespace swapmodel::desc {

// filemap_get_folio(swap_address_space(entry), swap_cache_index(entry)): the cached folio with
// a reference taken, or null.
Folio* filemap_get_folio(swp_entry_t entry);
// add_to_swap_cache: folio locked, not in the swap cache, entry's range pinned by the caller.
int add_to_swap_cache(Folio& folio, swp_entry_t entry);
// __delete_from_swap_cache: caller holds swap_cache.xa_lock and the folio lock.
void __delete_from_swap_cache(Folio& folio, swp_entry_t entry);
// delete_from_swap_cache: lock, delete, unlock, put_swap_folio, drop the cache's references.
void delete_from_swap_cache(Folio& folio);
// folio_free_swap (v6.15 mm/swapfile.c): folio locked; frees its swap space if no PTE still
// references it (folio_swapped); true when it did.
bool folio_free_swap(Folio& folio);
// add_to_swap (v6.15 mm/swap_state.c): folio locked, not in the swap cache.
bool add_to_swap(Folio& folio);

// The -EEXIST retry of __read_swap_cache_async: "We might race against
// __delete_from_swap_cache(), and stumble across a swap_map entry whose SWAP_HAS_CACHE has not
// yet been cleared. Or race against another __read_swap_cache_async(), which has set
// SWAP_HAS_CACHE in swap_map, but not yet added its folio to swap cache." The kernel sleeps a
// jiffy and looks again; the model sleeps until a retry could see something new: a folio in
// the cache slot, or the C bit of `busy` clear. One event that reads both words.
void wait_for_cache_or_unpin(swp_entry_t entry, SwpDesc& busy);

// --- swap IO (mm/page_io.c) ----------------------------------------------------------------
// swap_read_folio: folio locked, its swap entry set, not uptodate. Reads every page from its
// physical slot, marks it uptodate (unless an entry has no slot) and unlocks it.
void swap_read_folio(Folio& folio);
// swap_writepage: folio locked, in the swap cache, dirty bit cleared by pageout. Frees the
// swap space if nothing references it any more, else writes the pages out. Unlocks the folio.
int swap_writepage(Folio& folio);

}  // namespace swapmodel::desc
