// The seed 004 (CONFIG_VSWAP) operations of the op registry (registry.h).
#pragma once

#include <vector>

#include "model/registry.h"

namespace swapmodel::vswap {

void add_ops(std::vector<OpEntry>& ops);

}  // namespace swapmodel::vswap
