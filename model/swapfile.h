// The swap-entry lifetime API of mm/swapfile.c after the swap table rework (seed 000, phase
// IV): allocation bound to a folio, count dup/put, freeing with the swap cache, and the
// hibernation slot helpers.
//
// Contexts (seed 000):
//   folio_alloc_swap   folio locked; the only allocation entry point; slots start at count 0.
//   folio_dup_swap     folio locked and in the swap cache; the caller also locks the new
//                      owner (the PTL), or a concurrent zap may underflow the count.
//   folio_put_swap     folio locked and in the swap cache; never frees (lazy, with the cache).
//   swap_put_entries_direct  the caller locks whatever references the slots (PTL, mapping).
//   swap_dup_entry_direct    the same, and the entry already has a count.
// Offsets are device offsets (swp_offset); ci_off is the offset within its cluster.
#pragma once

#include <cstdint>

#include "model/cluster.h"
#include "model/device.h"
#include "model/folio.h"
#include "model/kernel.h"

namespace swapmodel {

// --- allocation (swapfile_alloc.cpp) ---------------------------------------------------------------
int folio_alloc_swap(Folio& folio);
// Seed 004 P3: both return the entry they allocated (folio_realloc_swap's folio is already in
// the swap cache, so folio_test_swapcache no longer tells).
swp_entry_t swap_alloc_fast(Folio& folio);
swp_entry_t swap_alloc_slow(Folio& folio);
// cluster_alloc_swap_entry: allocate for `folio` (null: a hibernation slot) from the device's
// lists; returns the offset or 0. Caller holds the local lock.
std::uint64_t cluster_alloc_swap_entry(SwapDevice& si, Folio* folio);
// alloc_swap_scan_cluster: called with ci->lock held; always unlocks it. Its steps, per aligned
// range of the folio's size: cluster_scan_range; when it needs reclaim, cluster_reclaim_range
// (drops ci->lock and looks the cluster up again); __swap_cluster_alloc_entries; then
// relocate_cluster, the unlock, and the CPU's next offset.
std::uint64_t alloc_swap_scan_cluster(SwapDevice& si, SwapCluster& ci, Folio* folio, std::uint64_t offset);
// cluster_scan_range: every slot of [offset, offset + nr) is free, or a cache-only slot that
// may be reclaimed when swap is nearly full (*need_reclaim). Caller holds ci->lock.
bool cluster_scan_range(SwapDevice& si, SwapCluster& ci, std::uint64_t offset, int nr, bool* need_reclaim);
// cluster_reclaim_range: called with ci->lock held; takes rcu_read_lock, drops ci->lock,
// reclaims the cache-only slots of the range, and relocks the cluster looked up again (*pci:
// null when a vswap cluster is gone, then unlocked and *usable false). True when the range is free.
bool cluster_reclaim_range(SwapDevice& si, SwapCluster*& pci, std::uint64_t start, int order, bool* usable);
// __swap_cluster_alloc_entries: the folio's slots (or a hibernation slot) in ci at ci_off;
// false when the device is no longer SWP_WRITEOK. Caller holds ci->lock.
bool __swap_cluster_alloc_entries(SwapDevice& si, SwapCluster& ci, Folio* folio, unsigned ci_off);
swp_entry_t swap_alloc_hibernation_slot(int type);

// --- counts (swapfile_count.cpp) ---------------------------------------------------------------------
int __swap_cluster_dup_entry(SwapCluster& ci, unsigned ci_off);
void __swap_cluster_put_entry(SwapCluster& ci, unsigned ci_off);
int swap_dup_entries_cluster(SwapDevice& si, std::uint64_t offset, int nr);
void swap_put_entries_cluster(SwapDevice& si, std::uint64_t offset, int nr, bool reclaim_cache);
// `page` is the page index within the folio, or -1 for the whole folio.
int folio_dup_swap(Folio& folio, int page);
int folio_put_swap(Folio& folio, int page);
int swap_dup_entry_direct(swp_entry_t entry);
void swap_put_entries_direct(swp_entry_t entry, int nr);
// swap_retry_table_alloc: fork's sleeping retry of the extend-table allocation.
int swap_retry_table_alloc(swp_entry_t entry);
bool swap_entry_swapped(SwapDevice& si, swp_entry_t entry);
void swap_free_hibernation_slot(swp_entry_t entry);

// --- freeing -------------------------------------------------------------------------------------------
// __swap_cluster_free_entries: every slot is Shadow with count <= 1; they become NULL, their
// memcg is uncharged, and the cluster moves list. Caller holds ci->lock.
void __swap_cluster_free_entries(SwapDevice& si, SwapCluster& ci, unsigned ci_start, unsigned nr);
bool folio_maybe_swapped(Folio& folio);
bool folio_swapcache_freeable(Folio& folio);
bool folio_free_swap(Folio& folio);
// __try_to_reclaim_swap: +nr reclaimed, -nr found but kept, 0 no folio.
int __try_to_reclaim_swap(SwapDevice& si, std::uint64_t offset, unsigned flags);

}  // namespace swapmodel
