// `swapcheck state FILE`: the initial state a swap scenario's "config" and "state" build, before
// any thread runs, shown with the ids the steps use: the devices with their clusters and the
// slots in use (count, swap cache, backing, memcg), the vswap device of CONFIG_VSWAP, seed 001's
// descriptors, the page tables (mm ids and PTE indices), the folios, the memcgs, zswap and the
// per-CPU allocation caches. Read with peek(), after the setup ran at once, as in an
// execution's setup.
#pragma once

#include "checker/model_interface.h"

namespace swapmodel {

// Throws checker::ScenarioError when the setup fails (at the "state" step that failed).
checker::StateView initial_state_view(const checker::ScenarioDocument& doc);

}  // namespace swapmodel
