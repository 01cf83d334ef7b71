// Named scenarios of seed 004's vswap device (CONFIG_VSWAP): the smallest setup for each vswap
// mutation (the faithful model passes it), pairs of vswap paths explored exhaustively, and the
// races the faithful model exposes. Layout: base catalog config (one physical device of two
// 4-slot clusters, memcg 2) with "vswap": 1; the vswap device has 3 cluster indices.
#pragma once

#include "model/program.h"

namespace swapmodel::vswap {

// Mutation setups.
SwapScenario scan_reclaims_vswap_setup();  // P1's scan reclaims a cache-only vswap folio and retires its cluster (mutation scan_reclaims_vswap)
SwapScenario reclaim_range_no_rcu_setup();  // the same with mutation reclaim_range_no_rcu
SwapScenario free_cluster_setup();       // zap of the only page of a vswap cluster vs a swap-out on the CPU caching it
SwapScenario clear_cache_only_setup();   // fault of a physically backed page, then its reclaim (one thread)
SwapScenario realloc_charge_fail_setup();  // reclaim whose physical backing cannot be charged (swap.max 0)
// Pairs of vswap paths.
SwapScenario swapin_vs_zap();            // fault on a physically backed vswap page vs zap of its PTE (finding)
SwapScenario swapin_vs_zap_fixed();      // the same with fix vswap_backend_flag_rcu (no_dead_recheck, free_cluster_no_dead_flag)
SwapScenario zswap_writeback_vs_zap();   // zswap writeback vs zap of the only reference (stale-hint finding)
SwapScenario publish_before_lock();      // a stale percpu offset vs a just-published cluster (finding)
SwapScenario swapout_vs_fault();         // reclaim to zswap vs a fault on the page
SwapScenario zswap_writeback_vs_fault(); // zswap writeback of a vswap entry vs a fault on it
SwapScenario swapoff_vs_fault();         // swapoff of the physical device backing a vswap page vs a fault
SwapScenario reclaim_backing_vs_reclaim();  // physical reclaim of a cache-only backing vs reclaim of its folio

}  // namespace swapmodel::vswap
