// Shmem (tmpfs) pages in swap (mm/shmem.c, phase IV; seed 003 for shmem_swapin_folio's
// tryget_swap_entry / put_swap_entry; seed 000 for the dup/put calls): the minimum of a shmem
// mapping that swap sees.
//
// A shmem mapping is an MmStruct with `shmem` set (pagetable.h): its pte[] words are the entries
// of the mapping's page cache xarray, one per page index, and its ptl is the xarray's xa_lock.
// An entry holds a page-cache folio's page (mk_pte_present), a swap entry (the xarray value
// entry swp_to_radix_entry makes: mk_pte_swap), the swapin-error marker (kPtePoison), or none.
// Only order-0 folios and entries (no large shmem folios, so no entry split).
//
// Locking and lifetimes:
//   - every entry store holds xa_lock (shmem_add_to_page_cache, shmem_delete_from_page_cache,
//     shmem_free_swap, the swapin-error cmpxchg) and publishes with xas_store's
//     rcu_assign_pointer (release); lookups are lockless under RCU (shmem_confirm_swap,
//     filemap_get_entry, find_get_entries, shmem_find_swap_entries) with xa_entry's
//     rcu_dereference (an acquire here: lkmm::rcu_dereference of a Var). Reads under xa_lock and
//     the model's stand-ins for folio->mapping tests under the folio lock are marked reads (the
//     lock orders them).
//   - the swap entry in the mapping owns one swap count: shmem_writeout takes it
//     (folio_dup_swap) before the entry replaces the folio, and it goes with folio_put_swap when
//     swap-in puts the folio back, or swap_put_entries_direct when truncation erases the entry
//     (shmem_free_swap; seed 000: "shmem mapping truncate will need to free swap slots
//     directly", with the mapping's xa_lock as the lock of the reference owner).
//   - the page cache holds one reference per page of a folio it names (folio_ref_balanced counts
//     them); folio->mapping is not a field of the model: under the folio lock the model asks
//     whether the mapping's entry still names the folio, which is what folio->mapping, set and
//     cleared with the entry under xa_lock, tells the kernel.
//   - a page-cache folio is never mapped by a PTE here (the model has no shmem VMAs).
//
// Not modelled: shmem_recalc_inode's block accounting, shmem_swaplist (shmem_unuse walks every
// shmem mapping), huge shmem (shmem_split_large_entry), shmem_replace_folio (zone constraints),
// and swap_cluster_readahead's neighbours (the target entry's read only).
#pragma once

#include <cstdint>
#include <vector>

#include "model/kernel.h"

namespace swapmodel {

struct Folio;
struct MmStruct;
struct OpEntry;

// --- building state -------------------------------------------------------------------------------
// A new shmem mapping (its "memcg" charges its folios), with SwapConfig::ptes_per_mm indices.
MmStruct& setup_shmem_mapping(int memcg);
// shmem_alloc_and_add_folio in setup: a new order-0 folio in the page cache at `index`: uptodate,
// dirty, swap-backed, charged; its page a new logical page at `version`.
Folio& setup_shmem_folio(MmStruct& mapping, int index, int memcg, std::uint32_t version);

// --- mm/shmem.c -----------------------------------------------------------------------------------
// shmem_confirm_swap: 0 (the entry's order) when mapping[index] still holds `swap`, else -1.
int shmem_confirm_swap(MmStruct& mapping, int index, swp_entry_t swap);
// shmem_add_to_page_cache: under xa_lock, mapping[index] must hold `expected` (a swap entry),
// or be empty when expected is none (val 0); then it names the folio, which takes the page
// cache's reference. -EEXIST otherwise. Caller: folio locked.
int shmem_add_to_page_cache(Folio& folio, MmStruct& mapping, int index, swp_entry_t expected);
// shmem_delete_from_page_cache: the folio's entry becomes `radswap` (shmem_replace_entry under
// xa_lock), and the page cache's reference goes. Caller: folio locked.
void shmem_delete_from_page_cache(Folio& folio, MmStruct& mapping, swp_entry_t radswap);
// shmem_free_swap: if mapping[index] still holds `radswap`, erase it under xa_lock and put its
// swap count (swap_put_entries_direct); the number of pages freed (0 or 1).
long shmem_free_swap(MmStruct& mapping, int index, swp_entry_t radswap);
// shmem_writeout: move the locked, dirty-cleared page-cache folio to swap (folio_alloc_swap,
// folio_dup_swap, the entry replaces the folio, swap_writeout). 0 when written (the folio is
// unlocked), AOP_WRITEPAGE_ACTIVATE when kept in the page cache, locked and dirty.
int shmem_writeout(Folio& folio, MmStruct& mapping);
// shrink_folio_list for a shmem page-cache folio (mm/vmscan.c): isolate, trylock, pageout
// (shmem_writeout), relock, __remove_mapping from the swap cache. True when freed.
bool shrink_shmem_folio(Folio& folio, MmStruct& mapping);
// shmem_swapin_folio (seed 003): swap in the page whose value entry `item` (a swap entry or the
// swapin-error marker) mapping[index] held when the caller read it. 0 with *foliop locked,
// referenced and in the page cache; else -EEXIST (the entry changed: look again), -EIO,
// -EINVAL (swapoff locked us out), -ENOMEM, -ENOENT.
int shmem_swapin_folio(MmStruct& mapping, int index, std::uint64_t item, Folio** foliop);
// shmem_get_folio_gfp (SGP_CACHE) for an index that is swapped out: filemap_get_entry, and
// shmem_swapin_folio while it says -EEXIST; a page-cache folio found is locked and checked. The
// folio is then unlocked and put (the caller's use of it is not modelled). 0 or -errno.
int shmem_get_folio(MmStruct& mapping, int index);
// shmem_undo_range (truncate / hole punch) over [index, index + nr): swap entries freed with
// shmem_free_swap, page-cache folios removed (truncate_inode_folio) under their lock.
void shmem_undo_range(MmStruct& mapping, int index, int nr);
// shmem_unuse (try_to_unuse's first pass): every shmem mapping's swap entries of device `type`
// swapped in (shmem_unuse_inode). 0 or -ENOMEM.
int shmem_unuse(int type);

// The scenario operations of this file (registry_ops.cpp).
void add_shmem_ops(std::vector<OpEntry>& ops);

}  // namespace swapmodel
