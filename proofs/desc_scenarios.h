// Scenario builders for seed 001's refutations (scenario.h), on the model's descriptor design
// (config "design": "vswap_desc", model/desc/ops.h). The first swapped-out page is vswap(1).
//
// Reproducing:
//   scenario_desc_dup_plain_add      dup without add_unless_atomic: mutation desc_dup_no_add_unless
//   scenario_desc_free_cache_only    free without holds_pte_ref: a second swap_free_nr of a zapped PTE
//   scenario_desc_clear_without_pin  clear without holds_pin: swapcache_clear with no pin taken
//   scenario_desc_walk_hole          desc.prepare_walk's finding (the faithful walk skips a hole):
//                                    finding 9's race, fault vs zap on an order-1 swap-in
// Faithful twin:
//   scenario_desc_prepare_race       two faults racing through swapcache_prepare's cmpxchg
#pragma once

#include "proofs/scenario.h"

namespace swapproofs {

ScenarioFile scenario_desc_dup_plain_add(const Counterexample& cx);
ScenarioFile scenario_desc_free_cache_only(const Counterexample& cx);
ScenarioFile scenario_desc_clear_without_pin(const Counterexample& cx);
ScenarioFile scenario_desc_walk_hole(const Counterexample& cx);
ScenarioFile scenario_desc_prepare_race(const Counterexample& cx);

}  // namespace swapproofs
