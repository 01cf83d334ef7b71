// The swap cache (mm/swap_state.c, phase IV with seed 002's swap_cache_alloc_folio): the swap
// table's PFN words are the cache. A folio is in the swap cache iff PG_swapcache is set and
// every slot of its aligned range holds PFN(folio) (swapcache_consistent); insertion and
// removal happen with the folio locked and the cluster lock held.
#pragma once

#include <cstdint>

#include "model/cluster.h"
#include "model/folio.h"
#include "model/kernel.h"

namespace swapmodel {

// swap_table_get(__swap_entry_to_cluster(entry), ...): the slot's table word, read locklessly
// (takes rcu_read_lock itself; seed 004 P1: a vswap cluster is looked up inside the section, and a
// missing one reads as NULL).
std::uint64_t swap_table_get_entry(swp_entry_t entry);

// swap_cache_get_folio: lockless lookup under RCU; returns the folio with a reference taken,
// or null. The caller must lock it and check folio_matches_swap_entry.
Folio* swap_cache_get_folio(swp_entry_t entry);

// __swap_cache_add_check ([S2] v4 with phase IV's memcg id): whether the aligned range of
// `nr` slots around `targ` can take a new folio. -ENOENT: no table or target not swapped out;
// -EEXIST: target already cached; -EBUSY: the range is not uniform (a cached or free slot, a
// different zero flag, a different memcg). Returns the target's shadow and memcg id when asked.
// The caller holds ci->lock.
int __swap_cache_add_check(SwapCluster& ci, swp_entry_t targ, int nr, std::uint64_t* shadowp, int* memcg_idp);

// __swap_cache_add_folio / __swap_cache_do_add_folio: the slots become PFN(folio) keeping
// their count and zero flag; the folio takes nr references, PG_swapcache and folio->swap.
// Caller: folio locked, not in the swap cache; ci->lock held.
void __swap_cache_do_add_folio(SwapCluster& ci, Folio& folio, swp_entry_t entry);
// swap_cache_add_folio: lock the cluster, check, add.
int swap_cache_add_folio(Folio& folio, swp_entry_t entry, std::uint64_t* shadowp);

// __swap_cache_del_folio: the slots become Shadow(shadow); slots left with no count are freed.
// Caller: folio locked, in the swap cache, not under writeback; ci->lock held.
void __swap_cache_do_del_folio(SwapCluster& ci, Folio& folio, swp_entry_t entry, std::uint64_t shadow);
// swap_cache_del_folio: lock, delete, unlock, and drop the cache's references.
void swap_cache_del_folio(Folio& folio);

// __swap_cache_replace_folio (mm/swap_state.c): every slot of `new_folio`'s range (from its
// folio->swap) stops naming `old` and names `new_folio`, keeping its count and zero flag.
// Caller: both folios locked and in the swap cache (the new one's flag and entry set up by the
// caller), ci->lock of the old folio's cluster held (folio migration, large folio split).
void __swap_cache_replace_folio(SwapCluster& ci, Folio& old, Folio& new_folio);

struct FolioOrErr {
  Folio* folio = nullptr;
  int err = 0;
};

// The steps of swap_cache_alloc_folio's attempt at one order (__swap_cache_alloc, seed 002):
//   swap_cache_add_check   lock the cluster (__swap_cluster_lock: seed 004 P1, a vswap cluster
//                          may be gone: -ENOENT), __swap_cache_add_check, unlock
//   folio_alloc            (SwapModel::folio_alloc) with no lock held
//   __swap_cluster_lock, __swap_cache_add_check with the record, __swap_cache_add_new_folio,
//   swap_cluster_unlock    the re-check and the insert
//   swap_cache_alloc_charge  mem_cgroup_swapin_charge_folio, and on failure
//                          swap_cache_alloc_undo; else memcg1_swapin
int swap_cache_add_check(swp_entry_t targ, int nr);
// What the re-check read from the target slot for the rest of the attempt.
struct SwapinRecord {
  std::uint64_t shadow = 0;  // the workingset shadow the slot held
  int memcg_id = 0;          // the memcg id the slot recorded
};
// Caller holds ci->lock and the re-check passed: lock the new folio, mark it swap-backed, add it.
void __swap_cache_add_new_folio(SwapCluster& ci, Folio& folio, swp_entry_t entry);
// The folio is in the swap cache, locked: charge it; on failure take it out again
// (swap_cache_alloc_undo: the slots get `shadow` back, the folio is unlocked and freed) and
// return -ENOMEM.
int swap_cache_alloc_charge(Folio& folio, swp_entry_t entry, SwapinRecord rec, int mm_memcg);
void swap_cache_alloc_undo(Folio& folio, swp_entry_t entry, std::uint64_t shadow);
// One attempt at one order (__swap_cache_alloc): the steps above in order.
FolioOrErr __swap_cache_alloc(swp_entry_t targ, int order, int index, int mm_memcg);

// swap_cache_alloc_folio ([S2] v4 with its v3 loop fix): allocate a folio in the swap cache for
// `targ`, trying the highest order in `orders` first and smaller ones on -EBUSY / -ENOMEM. The
// folio comes back locked, in the swap cache, charged, not uptodate, with one reference for the
// caller. `index` is the virtual index of targ's page; `mm_memcg` the faulting mm's memcg.
// The caller holds a reference on the device.
FolioOrErr swap_cache_alloc_folio(swp_entry_t targ, unsigned orders, int index, int mm_memcg);

// swapin_sync / swapin_readahead reduced to the target entry: the swap cache's folio for
// `entry` (found, or newly allocated and read), with a reference; null when the slot is no
// longer swapped out or memory ran out. An -EEXIST from the allocation means another task
// added a folio after our lookup: look again.
Folio* swapin_folio(swp_entry_t entry, unsigned orders, int index, int mm_memcg);

}  // namespace swapmodel
