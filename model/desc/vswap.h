// Seed 001's virtual swap layer (mm/vswap.c, RFC v2 10/18 "swap: manage swap entry lifetime at
// the virtual swap layer"): descriptor allocation and freeing, the entry <-> slot maps, and the
// swap-entry lifetime API re-implemented on swap_refs (SEMANTICS 3).
//
// Every range function walks vswap_map with xas_for_each inside rcu_read_lock() and does one
// atomic operation on each descriptor it meets (swap_refs.h has the arithmetic). Like the seed,
// a range function counts the descriptors it visited (i) or steps `entry` by one per visited
// descriptor; it does not compare them with the walk's index, so a NULL index inside the range
// (a descriptor already freed) shifts them. Fix knob desc_walk_stops_at_hole makes every walk
// stop at the first index that is not the next one it expected.
//
// Contexts, as the seed documents them:
//   vswap_alloc          folio_alloc_swap; the new entries start pinned (refs 1) for the swap
//                        cache they are about to enter.
//   vswap_free           from the operation that brought swap_refs to 0, inside its RCU section.
//   swap_duplicate(_nr)  a new PTE (or shmem mapping) takes a reference; add_unless refuses a
//                        descriptor at 0. swap_duplicate always returns 0.
//   swap_free_nr         PTEs drop their references (PTL held).
//   swapcache_prepare    claim the right to add a folio for the range (the C bit).
//   swapcache_clear      drop C (put_swap_folio after the folio left the swap cache, or the
//                        direct swap-in's pin).
//   free_swap_and_cache_nr  zap: drop the references, then reclaim cache-only folios.
#pragma once

#include <cstdint>

#include "model/desc/state.h"
#include "model/folio.h"
#include "model/kernel.h"

namespace swapmodel::desc {

// --- descriptors and maps (vswap.cpp) ------------------------------------------------------------
// vswap_alloc: nr contiguous, nr-aligned virtual entries with new descriptors; {0} when the
// virtual space has no such run.
swp_entry_t vswap_alloc(int nr);
// vswap_free: unlink the physical slot (rmap, swap_slot_free_nr), erase the forward map entry,
// release the virtual slot, kfree_rcu the descriptor. Caller inside rcu_read_lock().
void vswap_free(swp_entry_t entry);
// swp_entry_to_swp_slot: the physical offset under read_lock(&desc->lock); 0 when none.
std::uint64_t swp_entry_to_swp_slot(swp_entry_t entry);
// swp_slot_to_swp_entry: the virtual entry the reverse map names for a physical offset.
swp_entry_t swp_slot_to_swp_entry(std::uint64_t slot);
// swap_slot_tryget_swap_info: a reference on the device of a physical slot (percpu_ref_tryget_live
// of si->users), NULL for slot 0 or once swapoff killed the device's users.
SwapDevice* swap_slot_tryget_swap_info(std::uint64_t slot);
// swap_slot_put_swap_info: drop that reference.
void swap_slot_put_swap_info(SwapDevice* si);
// trylock_swapoff: *si = swap_slot_tryget_swap_info of the entry's slot; always true under
// CONFIG_VIRTUAL_SWAP, even with *si == NULL.
bool trylock_swapoff(swp_entry_t entry, SwapDevice** si);
// unlock_swapoff: put *si's reference if trylock_swapoff took one.
void unlock_swapoff(swp_entry_t entry, SwapDevice* si);

// --- physical slots (phys.cpp) ------------------------------------------------------------------
// swap_slot_alloc for one folio: nr contiguous, aligned free slots marked SWAP_MAP_ALLOCATED;
// 0 when there are none.
std::uint64_t swap_slot_alloc(int nr);
// swap_slot_free_nr: back to 0 (VM_BUG_ON if a slot is not SWAP_MAP_ALLOCATED).
void swap_slot_free_nr(std::uint64_t slot, int nr);
// folio_alloc_swap (seed 001's folio_alloc_swap with vswap): virtual entries, their physical
// slots, and the links between them. {0} on failure.
swp_entry_t folio_alloc_swap(Folio& folio);

// --- the lifetime API (refs.cpp) ----------------------------------------------------------------
bool vswap_free_nr_any_cache_only(swp_entry_t entry, int nr);
void swap_free_nr(swp_entry_t entry, int nr);
int swap_duplicate_nr(swp_entry_t entry, int nr);
int swap_duplicate(swp_entry_t entry);
// `busy`, when given, receives the descriptor that made it return -EEXIST (the model's waiters
// sleep on it; the kernel sleeps a jiffy).
int swapcache_prepare(swp_entry_t entry, int nr, SwpDesc** busy = nullptr);
void swapcache_clear(swp_entry_t entry, int nr);
void put_swap_folio(Folio& folio, swp_entry_t entry);
bool vswap_swapcache_only(swp_entry_t entry, int nr);
int non_swapcache_batch(swp_entry_t entry, int max_nr);
bool folio_swapped(Folio& folio);
int swp_swapcount(swp_entry_t entry);
void free_swap_and_cache_nr(swp_entry_t entry, int nr);

}  // namespace swapmodel::desc
