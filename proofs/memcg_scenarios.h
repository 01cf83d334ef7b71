// Scenario builders for the memcg refutations of direct (physical) slots (scenario.h). The
// model takes ci->lock around every id record and clear and only records ids on fresh slots,
// so each is the faithful twin of its race, expected to pass; seed 004's split is in
// vswap_scenarios.h.
#pragma once

#include "proofs/scenario.h"

namespace swapproofs {

ScenarioFile scenario_charge_race(const Counterexample& cx);       // two swap-outs charging one memcg
ScenarioFile scenario_uncharge_race(const Counterexample& cx);     // two frees of one shared entry's charge
ScenarioFile scenario_swapout_v1_race(const Counterexample& cx);   // v1 swap-out vs a fault

}  // namespace swapproofs
