// swapoff and try_to_unuse (mm/swapfile.c) for a physical device.
//
// swapoff: clear SWP_WRITEOK and take the device off the avail list (swap_lock, si->lock,
// swap_avail_lock); lock every cluster once so no allocation is still inside one
// (wait_for_allocation); try_to_unuse; then kill si->users, wait a grace period and for the
// users to drain (every get_swap_device / tryget_swap_entry holder is gone), flush the percpu
// caches, and free the zswap tree, the cluster tables and the cluster array. An access to any
// of those afterwards is a use-after-free.
//
// try_to_unuse: for each mm, each swap PTE of the device is swapped in and mapped (unuse_pte),
// then leftover swap-cache folios are freed; repeated while slots remain in use. The kernel
// retries until a signal arrives; the model takes a pass that freed nothing as that signal and
// fails with -EINTR, so the loop stays bounded (swapoff then puts the device back).
#pragma once

#include <cstdint>

#include "model/kernel.h"

namespace swapmodel {

struct Folio;
struct MmStruct;
struct SwapDevice;

// swapoff: swapoff_disable, wait_for_allocation, try_to_unuse, then reinsert_swap_info on
// failure or swapoff_release.
int swapoff(int type);
// try_to_unuse: while swap_usage_in_pages is not 0: (vswap: try_to_unuse_vswap_backing) unuse_mm
// for each mm, then for each find_next_to_unuse slot: swap_cache_get_folio, folio_lock,
// folio_wait_writeback, folio_free_swap, folio_unlock, folio_put; a pass that freed nothing is
// -EINTR.
int try_to_unuse(int type);

// --- the steps (scenario threads call them one by one, registry.h) ---------------------------
// swapoff under swap_lock: -EINVAL when the device is not on, else it leaves the avail list.
int swapoff_disable(SwapDevice& p);
// wait_for_allocation: lock and unlock every cluster once (SWP_WRITEOK already clear).
void wait_for_allocation(SwapDevice& si);
// reinsert_swap_info: try_to_unuse failed, the device goes back on the avail list.
void reinsert_swap_info(SwapDevice& si);
// swapoff after try_to_unuse: kill the users, synchronize_rcu, wait for them, free everything.
void swapoff_release(SwapDevice& p);
// unuse_pte_range over one mm: each swap PTE of the device is swapped in (swapin_folio), locked,
// waited for writeback, mapped (unuse_pte), and its cache freed (folio_free_swap); -ENOMEM when
// a swap-in failed with the slot still in use.
int unuse_mm(MmStruct& mm, int type);
// unuse_pte: if the folio is still the entry's swap-cache folio and, under the PTL, mm[idx]
// still holds `entry`, map the folio's page there (a poison
// marker when it is not uptodate) and folio_put_swap it; 1 when it did, else 0.
// Caller holds the folio lock.
int unuse_pte(MmStruct& mm, int idx, swp_entry_t entry, Folio& folio);
// find_next_to_unuse: the next in-use slot after prev (lockless reads), 0 when none.
std::uint64_t find_next_to_unuse(SwapDevice& si, std::uint64_t prev);

}  // namespace swapmodel
