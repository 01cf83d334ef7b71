// Named scenarios: the smallest thread setup that exposes each mutation, and the concurrent
// pairs issue 3 asks to explore exhaustively. Each builder returns the faithful model; a
// mutation's scenario exposes the bug once the mutation is switched on in its config.
//
// Layout conventions: one device of two 4-slot clusters (slot 0 is the header), count limit 3,
// memcg 2 under the root for every page; mm ids in creation order.
#pragma once

#include <string>
#include <vector>

#include "model/program.h"

namespace swapmodel {

struct CatalogEntry {
  std::string name;
  std::string doc;  // what runs against what, in one line
  SwapScenario (*build)();
};

// The concurrent pairs (issue 3 "exhaustive runs").
SwapScenario swapin_vs_zap();
SwapScenario swapin_vs_swapin();
SwapScenario fork_vs_zap();
SwapScenario swapout_vs_fault();
SwapScenario swapin_vs_swapoff();
SwapScenario reclaim_cache_only_vs_dup();
SwapScenario fork_at_limit_vs_zap();

// The smallest setups for the mutations (same scenario, mutation off).
SwapScenario dup_without_ptl_setup();              // swap-out vs zap of its PTE
SwapScenario swap_cache_alloc_no_recheck_setup();  // two faults on one swap PTE
SwapScenario fallback_loop_v4_setup();             // one fault that cannot allocate, THP off
SwapScenario swapin_without_device_ref_setup();    // a fault vs swapoff

// Races the faithful model exposes (each passes with its fix on; see registry.h fix_registry).
SwapScenario stale_zswap_after_zero_writeout();
SwapScenario fork_at_limit_vs_fork();

const std::vector<CatalogEntry>& scenario_catalog();

}  // namespace swapmodel
