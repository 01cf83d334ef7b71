// Scenario builders for seed 004's refutations (scenario.h): the vswap slot steps
// (vswap_claims.cpp) and the memcg split of seed 004 (memcg_claims.cpp). Every scenario runs the
// swap-table model with CONFIG_VSWAP ("vswap": 1): the first swap-out lands on vswap(30,4)
// (xarray index 1, slot 0), physically backed by swp(0,1) when zswap is off.
//
// Reproducing (the violation Z3 found, under the explorer; a model operation called without the
// context its kernel caller provides):
//   scenario_vswap_put_without_reference  put without ptl_held: folio_put_swap after the zap
//                                         dropped the slot's only count (count_nonnegative)
//   scenario_vswap_evict_unwritten        cache_del without written_back: the folio leaves the
//                                         cache while its slot has no backend (data_preserved)
//   scenario_vswap_realloc_with_zero      realloc without zero_cleared: SWAPFILE installed on a
//                                         zero-flagged slot (vtable_state_valid)
// Faithful twins (the same race with the lock in place; the model always takes it; pass):
//   the others.
#pragma once

#include "proofs/scenario.h"

namespace swapproofs {

ScenarioFile scenario_vswap_put_without_reference(const Counterexample& cx);
ScenarioFile scenario_vswap_evict_unwritten(const Counterexample& cx);
ScenarioFile scenario_vswap_realloc_with_zero(const Counterexample& cx);

ScenarioFile scenario_vswap_dup_vs_put(const Counterexample& cx);          // dup's clear pass vs a put's mark
ScenarioFile scenario_vswap_zap_vs_zap_shared(const Counterexample& cx);   // two puts of one shared slot
ScenarioFile scenario_vswap_reclaim_vs_reclaim(const Counterexample& cx);  // two reallocs of one folio
ScenarioFile scenario_vswap_zswap_load_vs_zap(const Counterexample& cx);   // the fault's release vs a zap
ScenarioFile scenario_vswap_zswap_store_vs_fault(const Counterexample& cx);
ScenarioFile scenario_vswap_zero_writeout_vs_fault(const Counterexample& cx);

ScenarioFile scenario_vswap_record_race(const Counterexample& cx);         // two swap-outs record one memcg
ScenarioFile scenario_vswap_recharge_race(const Counterexample& cx);       // re-reclaim of a backed folio
ScenarioFile scenario_vswap_uncharge_race(const Counterexample& cx);       // swapoff's release vs the zap's free
ScenarioFile scenario_vswap_id_put_race(const Counterexample& cx);         // the zap's free vs a fault

}  // namespace swapproofs
