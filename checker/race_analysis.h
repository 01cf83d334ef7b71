// The happens-before of one finished execution under the dependence relation of EventDesc,
// and its reversible races, for DPOR.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "checker/execution.h"

namespace checker {

// Calls f(e, v) for each reversible race e < e' of the execution, where e is the position at
// which the race is reversed and v = notdep(e).e' is the wakeup sequence to insert there.
void for_each_reversible_race(const Execution& ex,
                              const std::function<void(std::uint32_t, std::vector<EventDesc>)>& f);

}  // namespace checker
