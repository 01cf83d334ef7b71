// Memory cgroups as swap accounting sees them (mm/memcontrol.c, mm/memcontrol-v1.c, phase IV
// with the memcg id stored in the cluster table).
//
// Per memcg: the swap page counter (cgroup v2, memcg->swap) or the swap share of memsw (v1;
// the model does not account memory, so memsw here counts only what swap-out moved from
// memory to swap), the private id refcount (one base reference while online, one per swap
// slot that records the id), and the online state. Counters are hierarchical as
// page_counter is, up to but excluding the root, whose counters are never charged
// (mem_cgroup_is_root). All fields are atomics: the kernel updates them without locks.
//
// The get-online rule (mem_cgroup_private_id_get_online): a swap record takes its id
// references with refcount_inc_not_zero, walking up to the parent while that fails, so a memcg
// whose last reference is gone is never charged again.
#pragma once

#include <cstdint>

#include "checker/atomic.h"
#include "model/config.h"
#include "model/kernel.h"
#include "model/lifetime.h"

namespace swapmodel {

struct Folio;
struct SwapCluster;

struct Memcg {
  Memcg(int id, const MemcgConfig& cfg);

  const int id;      // private id; 1 is the root
  const int parent;  // 0 for the root
  const std::int64_t swap_max;
  const bool charge_fails;
  checker::Atomic<std::int64_t> swap;
  checker::Atomic<std::int64_t> memsw;
  checker::Atomic<std::int64_t> id_ref;
  checker::Atomic<int> online;
  // Ghost (lifetime.h): when id_ref reached zero. The private id is removed then
  // (mem_cgroup_private_id_remove): nothing may take a reference to it, charge it or record it
  // again.
  Death id_death;
};
// "memcg 2's private id", for dead_once messages.
std::string memcg_id_name(const Memcg& memcg);

// mem_cgroup_from_private_id: null for id 0 or an unknown id.
Memcg* mem_cgroup_from_private_id(int id);
bool mem_cgroup_is_root(const Memcg& memcg);
bool do_memsw_account();

// mem_cgroup_private_id_get_online: nr id references on the memcg, or its closest ancestor
// that still has references; returns the memcg that took them.
Memcg& mem_cgroup_private_id_get_online(Memcg& memcg, int nr);
void mem_cgroup_private_id_put(Memcg& memcg, int nr);

// page_counter_try_charge of the swap counter (memsw on v1) from the memcg up to, not including,
// the root; true when charged (the root: nothing to charge).
bool page_counter_try_charge(Memcg& memcg, int nr);
// folio_memcg: the folio's memcg id (0: none).
int folio_memcg(Folio& folio);
// swap_cgroup_record: nr slots from entry record memcg id `id` (takes ci->lock).
void swap_cgroup_record(swp_entry_t entry, int nr, int id);
// __mem_cgroup_try_charge_swap (phase IV): charge and record the folio's swap slots. Its steps:
// folio_memcg, folio_test_swapcache, mem_cgroup_private_id_get_online, page_counter_try_charge
// (on failure mem_cgroup_private_id_put), folio_swap, swap_cgroup_record.
int mem_cgroup_try_charge_swap(Folio& folio);
// __mem_cgroup_uncharge_swap(id, nr): the slots recording `id` were freed.
void mem_cgroup_uncharge_swap(int id, int nr);
// __memcg1_swapout: v1 moves the folio's memsw charge to its swap slots. Caller holds ci->lock.
void memcg1_swapout(Folio& folio, SwapCluster& ci);
// memcg1_swapin: v1 drops the swap share once the folio is charged as memory again.
void memcg1_swapin(swp_entry_t entry, int nr);
// mem_cgroup_swapin_charge_folio: charge a new swap-in folio to the memcg recorded in the slot
// (or the faulting mm's); -ENOMEM when that memcg is at its memory limit.
int mem_cgroup_swapin_charge_folio(Folio& folio, int memcg_id, int mm_memcg);
// mem_cgroup_swap_full: the folio's memcg (or the whole system) has used half its swap.
bool mem_cgroup_swap_full(Folio& folio);
// Seed 004 P4 (vswap charge deferred to physical backing):
// __mem_cgroup_record_swap: take id references and record the id in the vswap slots, no charge
// (skipped on v1, where __memcg1_swapout records at reclaim).
void mem_cgroup_record_swap(Folio& folio);
// __mem_cgroup_charge_backing_phys_swap: charge the swap counter only (v2; 0 on v1 or no memcg).
int mem_cgroup_charge_backing_phys_swap(int memcg_id, int nr);
// __mem_cgroup_uncharge_backing_phys_swap: the counter only (memsw on v1).
void mem_cgroup_uncharge_backing_phys_swap(Memcg* memcg, int nr);
// __mem_cgroup_id_put_swap: drop id references, no uncharge.
void mem_cgroup_id_put_swap(int id, int nr);
// mem_cgroup_css_offline: drops the base id reference.
void mem_cgroup_css_offline(Memcg& memcg);

}  // namespace swapmodel
