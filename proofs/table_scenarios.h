// Scenario builders for the swap-table design's refutations (scenario.h): which model
// operations drive the model into each counterexample.
//
// All of them use one device of two 4-slot clusters (the first swap-out lands on swp(0,1)),
// memcg 2 for every page, and SWP_TB_COUNT_MAX = the counterexample's max.
//
// Reproducing (the violation Z3 found, under the explorer):
//   scenario_dup_without_ptl        put_direct without unmap_under_ptl: mutation dup_without_ptl
//   scenario_double_put             put_direct without ptl_held: a second put of a zapped reference
//   scenario_put_without_reference  put without ptl_held: folio_put_swap after the PTE was zapped
//   scenario_cache_add_no_recheck   cache_add without ci_lock_held: mutation swap_cache_alloc_no_recheck
// Faithful twins (the same race with the lock in place; the model cannot drop it; pass):
//   the others.
#pragma once

#include "proofs/scenario.h"

namespace swapproofs {

ScenarioFile scenario_dup_without_ptl(const Counterexample& cx);
ScenarioFile scenario_double_put(const Counterexample& cx);
ScenarioFile scenario_put_without_reference(const Counterexample& cx);
ScenarioFile scenario_cache_add_no_recheck(const Counterexample& cx);

ScenarioFile scenario_alloc_race(const Counterexample& cx);
ScenarioFile scenario_hibernation_race(const Counterexample& cx);
ScenarioFile scenario_unmap_race(const Counterexample& cx);
ScenarioFile scenario_fork_race(const Counterexample& cx);
ScenarioFile scenario_fault_vs_zap_shared(const Counterexample& cx);
ScenarioFile scenario_fault_vs_unlocked_swapout(const Counterexample& cx);
ScenarioFile scenario_zap_vs_zap_shared(const Counterexample& cx);
ScenarioFile scenario_reclaim_vs_fork(const Counterexample& cx);
ScenarioFile scenario_reclaim_vs_reclaim(const Counterexample& cx);
ScenarioFile scenario_zap_vs_fault(const Counterexample& cx);
ScenarioFile scenario_forks_at_limit(const Counterexample& cx);

}  // namespace swapproofs
