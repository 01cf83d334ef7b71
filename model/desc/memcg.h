// Memcg swap accounting in seed 001's descriptor design: the swap_cgroup API on the swap
// descriptor (desc->memcgid) and the charge and uncharge of a folio's virtual entries.
//
// What seed 001 writes: struct swp_desc has `atomic_t memcgid` ("the memcg id of the owning
// memcg, if any"), vswap_alloc sets it to 0, and vswap_free uncharges one entry with
// mem_cgroup_uncharge_swap(entry, 1) only when a physical slot is linked ("we only charge after
// linkage was established"). What it does not show, taken from RFC v2's folio_alloc_swap and its
// "implement the swap_cgroup API using virtual swap" patch and from v6.15 mm/memcontrol.c
// [inferred]: folio_alloc_swap charges with mem_cgroup_try_charge_swap(folio, entry) after the
// linkage; swap_cgroup_record / swap_cgroup_clear / lookup_swap_cgroup_id set, exchange and read
// desc->memcgid (an atomic, no lock) for each entry of the range, under rcu_read_lock().
//
// The memcg side is the table design's (model/memcg.h): mem_cgroup_private_id_get_online (its
// refcount_inc_not_zero, the dead-once rule), page_counter_try_charge, mem_cgroup_uncharge_swap,
// mem_cgroup_swapin_charge_folio, mem_cgroup_swap_full. Only cgroup v2 (the swap counter) is
// modelled in this design: memcg v1's memcg1_swapout records the id at __remove_mapping under the
// swap_cgroup lock, which this design's model does not have (a v1 config is refused).
#pragma once

#include <map>

#include "model/folio.h"
#include "model/kernel.h"

namespace swapmodel {
class SwapModel;
}

namespace swapmodel::desc {

// swap_cgroup_record (RFC v2 on seed 001 [inferred]): desc->memcgid = id for nr entries.
void swap_cgroup_record(swp_entry_t entry, int nr, int id);
// swap_cgroup_clear (RFC v2 on seed 001 [inferred]): atomic_xchg(&desc->memcgid, 0) for nr
// entries; the id the first one held.
int swap_cgroup_clear(swp_entry_t entry, int nr);
// lookup_swap_cgroup_id (RFC v2 on seed 001 [inferred]): desc->memcgid, 0 without a descriptor.
int lookup_swap_cgroup_id(swp_entry_t entry);
// __mem_cgroup_try_charge_swap(folio, entry) (v6.15 mm/memcontrol.c): charge the folio's memcg
// (or its closest online ancestor) for nr entries and record its id in them; -ENOMEM over the
// limit.
int mem_cgroup_try_charge_swap(Folio& folio, swp_entry_t entry);
// __mem_cgroup_uncharge_swap(entry, nr) (v6.15 mm/memcontrol.c): swap_cgroup_clear, then the
// table design's uncharge of that id (page counter and nr private id references).
void mem_cgroup_uncharge_swap(swp_entry_t entry, int nr);

// For the shared memcg invariants (charge_balanced, dead_once): per memcg id, the live
// descriptors recording it (each is charged: seed 001 links every entry to a physical slot
// before charging). Peek only; empty in a model of another design.
std::map<int, long> memcg_records(SwapModel& m);

}  // namespace swapmodel::desc
