// Seed 001's physical-side reclaim under CONFIG_VIRTUAL_SWAP (mm/swapfile.c): the allocator's
// scan of a physical range (cluster_scan_range) asks the virtual layer whether an allocated
// slot is only held by the swap cache (swap_cache_only -> swap_is_has_cache ->
// vswap_swapcache_only on swp_slot_to_swp_entry(slot): lockless reads of the reverse map and
// of the descriptors' swap_refs, under RCU, with the cluster lock held), and
// cluster_reclaim_range drops the lock to __try_to_reclaim_swap each allocated slot, which
// re-checks under the folio lock and the cluster lock and frees through the swap cache.
//
// The physical device of this design has no clusters (state.h): phys.lock stands for the
// cluster lock. The seed shows these functions' changed lines only; where it does not show how
// a physical offset is turned into the virtual entry the swap cache is indexed by, the model
// uses the seed's own helpers (swp_slot_to_swp_entry, swp_entry_to_swp_slot), marked
// [inferred].
#pragma once

#include <cstdint>

#include "model/kernel.h"

namespace swapmodel::desc {

// swap_is_has_cache (seed 001): every slot of [offset, offset + nr) is linked to a virtual
// entry that is in the swap cache only; lockless (vswap_swapcache_only).
bool swap_is_has_cache(std::uint64_t offset, int nr);
// cluster_scan_range (seed 001), phys.lock held, as when vm_swap_full(): true when every slot
// of the range is free or cache-only; *need_reclaim when some is cache-only.
bool cluster_scan_range(std::uint64_t start, int nr, bool* need_reclaim);
// cluster_reclaim_range (seed 001), phys.lock held on entry and on return (dropped meanwhile):
// __try_to_reclaim_swap(TTRS_ANYWAY | TTRS_DIRECT) each allocated slot; true when the range is
// free once relocked.
bool cluster_reclaim_range(std::uint64_t start, std::uint64_t end);
// __try_to_reclaim_swap (seed 001) for physical slot `offset`: +nr when the swap-cache folio of
// its virtual entry was deleted from the cache, -nr when found and kept, 0 when none.
int __try_to_reclaim_swap(std::uint64_t offset, unsigned flags);
// The allocator's scan of [start, start + nr) with its reclaim (alloc_swap_scan_cluster's first
// half, as when vm_swap_full()): lock, scan, reclaim if needed, unlock; 1 free, 2 free after a
// reclaim, 0 not free.
int cluster_scan_reclaim(std::uint64_t start, int nr);

}  // namespace swapmodel::desc
