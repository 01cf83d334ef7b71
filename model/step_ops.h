// Lock, RCU and PTE steps for scenario threads (step_ops.cpp).
#pragma once

#include <vector>

#include "model/registry.h"

namespace swapmodel {

void add_step_ops(std::vector<OpEntry>& ops);

}  // namespace swapmodel
