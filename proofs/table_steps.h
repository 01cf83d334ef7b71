// The swap-table steps on one slot (seed 000 / phase IV; SEMANTICS 2.1), as functions from the
// slot before the step to the slot after it.
//
// Every write happens under ci->lock. A step computes what it writes from `seen`, the slot as
// its locked read found it, and writes into `cur`, the slot as it is at the write; only what
// the kernel actually writes changes (the model writes the word and the extend-table entry
// only when they differ from what it read). With the lock held across read and write,
// seen == cur; the ci_lock_held precondition says exactly that, and without it a step writes a
// value computed from a stale read (a lost update). The differential tests pass seen == cur.
//
// Ghost effects ride along: a dup publishes the reference it counts (refs + 1), a put drops
// one (refs - 1), cache add and delete move the folio (cachers +-1).
#pragma once

#include "proofs/table_slot.h"

namespace swapproofs::table {

// folio_alloc_swap: __swap_cluster_alloc_entries + __swap_cache_add_folio on a free slot. PFN
// keeping the old word's flags (count 0 on a free slot).
Slot alloc(const Slot& cur);
// swap_alloc_hibernation_slot: Shadow(NULL) with count 1, held by the hibernation image.
Slot alloc_hibernation(const Slot& cur);
// __swap_cluster_dup_entry, as folio_dup_swap (swap-out publishing its swap PTE; batch_ok:
// every other slot of the folio succeeded too, else this one is put back with
// __swap_cluster_put_entry) and swap_dup_entry_direct (fork; batch_ok true). On an error
// nothing changes; the PTE is published only when the whole batch succeeded.
Slot dup(const Slot& cur, const Slot& seen, const z3::expr& max, const z3::expr& batch_ok);
// swap_put_entries_cluster for one slot, with the reference the caller drops: a count-1 slot
// that is not cached is freed without a put; anything else is put (a cached slot stays PFN).
Slot put(const Slot& cur, const Slot& seen, const z3::expr& max);
// __swap_cache_do_add_folio: PFN keeping the current word's flags.
Slot cache_add(const Slot& cur);
// __swap_cache_do_del_folio: PFN -> Shadow keeping the flags; a count-0 slot is then freed.
Slot cache_del(const Slot& cur, const Slot& seen);
// __swap_cluster_free_entries on one slot: NULL; a count-1 slot takes the caller's last
// reference with it.
Slot free_slot(const Slot& cur, const Slot& seen);
// swap_extend_table_alloc's section under ci->lock: attaches a fresh (zeroed) extend table when
// the slot (as read) still needs one and the cluster (as read) has none.
Slot ext_alloc(const Slot& cur, const Slot& seen, const z3::expr& max);
// swap_extend_table_try_free: frees the cluster's extend table when the slot's entry (as read)
// and every other one (others_in_use false) is 0.
Slot ext_try_free(const Slot& cur, const Slot& seen, const z3::expr& others_in_use, const swapmodel::Mutations& m);

// What the guards of the steps check on their locked read.
z3::expr add_check_ok(const Slot& seen);  // __swap_cache_add_check: 0 (for the target slot)

}  // namespace swapproofs::table
