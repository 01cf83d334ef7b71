// Allocation failure (issue 13 item 3): every allocation of the seeds' code that the model
// runs can fail, and the kernel's error path after it is modelled as the seed writes it.
//
// A scenario names the allocations that may fail in its config ("alloc_failure": [...]); each
// named allocation is then a data choice (checker::Execution::choose) of the thread that makes
// it, so the search explores both outcomes at every such allocation, interleaved with
// everything else, and a counterexample's schedule records which one failed. Unnamed
// allocations always succeed, as they did before the key existed: the suite's searches are
// unchanged. Allocations of the initial state (setup) never fail.
//
// The sites are named after the object the kernel allocates and whether the allocation may
// sleep: a GFP_ATOMIC / GFP_NOWAIT (or __GFP_HIGH without __GFP_DIRECT_RECLAIM) attempt
// fails under memory pressure without waiting; a GFP_KERNEL one can fail too (a fatal signal,
// __GFP_NORETRY, or the OOM killer finding nothing), and is named apart so that a scenario can
// let the atomic attempt fail while its sleeping retry succeeds.
//
// SwapConfig::gfp_atomic_fails (the older knob) still makes the extend-table and lazy
// memcg_table GFP_ATOMIC allocations fail every time, without a choice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace swapmodel {

enum class AllocSite : std::uint8_t {
  CiDyn,             // alloc_swap_scan_dynamic: kzalloc(ci_dyn, GFP_ATOMIC) (seed 004 P1)
  SwapTable,         // swap_cluster_alloc_table's table, non-sleeping: swap_cluster_populate's first
                     // try (__GFP_HIGH | __GFP_NOMEMALLOC | __GFP_NOWARN), alloc_swap_scan_dynamic (GFP_ATOMIC)
  SwapTableSleep,    // the same in swap_cluster_populate's sleeping retry (GFP_KERNEL)
  MemcgTable,        // ci->memcg_table, non-sleeping: in swap_cluster_alloc_table, and seed 004 P6's
                     // lazy one in alloc_swap_scan_cluster (GFP_ATOMIC | __GFP_NOWARN)
  MemcgTableSleep,   // ci->memcg_table in swap_cluster_populate's sleeping retry (GFP_KERNEL)
  VirtualTable,      // vswap_cluster_alloc_vtable: kcalloc(GFP_ATOMIC) (seed 004 P2)
  XaAlloc,           // xa_alloc(&si->cluster_info_pool, ..., GFP_ATOMIC): -ENOMEM (seed 004 P1)
  ExtendTable,       // swap_extend_table_alloc from swap_dup_entries_cluster (GFP_ATOMIC, under the PTL)
  ExtendTableSleep,  // swap_extend_table_alloc from swap_retry_table_alloc (GFP_KERNEL)
  ZswapEntry,        // zswap_store_page: zswap_entry_cache_alloc(GFP_KERNEL)
  ZswapTree,         // zswap_store_page: xa_store(swap_zswap_tree(), GFP_KERNEL), non-vswap entries
  Folio,             // folio_alloc of a swap-in or writeback folio (GFP_HIGHUSER_MOVABLE / GFP_KERNEL)
  SwpDesc,           // seed 001 vswap_alloc: the descriptors (kmem_cache_alloc_bulk) [inferred]
  Count,
};

struct AllocSiteInfo {
  AllocSite site;
  const char* name;   // as the config names it
  bool may_sleep;     // GFP_KERNEL-like: the caller must be allowed to sleep
  const char* where;  // the kernel function and seed
};

// Every site, in enum order.
const std::vector<AllocSiteInfo>& alloc_site_registry();
std::optional<AllocSite> alloc_site_from_name(const std::string& name);
const char* alloc_site_name(AllocSite s);
constexpr std::uint32_t alloc_site_bit(AllocSite s) { return 1u << static_cast<unsigned>(s); }

// The allocation at `site` fails in this run: forced by gfp_atomic_fails where the caller says
// that knob covers it (gfp_atomic_knob: the dup's extend table and P6's lazy memcg_table), or,
// when the config names the site, the oracle's data choice (1: fails). Never fails in setup.
// A sleeping site also checks that the caller may sleep (no spinlock, no RCU read-side
// section): a GFP_KERNEL allocation there is a sleep_in_atomic violation, as might_sleep()
// reports it.
bool alloc_fails(AllocSite site, bool gfp_atomic_knob = false);

}  // namespace swapmodel
