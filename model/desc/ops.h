// The descriptor design's operations for the model's op registry (registry.h): its kernel
// paths (desc_swap_out, desc_do_swap_page, desc_zap, desc_fork, desc_write) and seed 001's
// single functions under their kernel names (swapcache_prepare, swap_free_nr, ...). Virtual
// entries are named by their index ("offset"). Each needs a model built with design
// "vswap_desc" (a Precondition violation otherwise).
#pragma once

#include <vector>

#include "model/registry.h"

namespace swapmodel::desc {

// Appends the operations to the registry being built.
void add_ops(std::vector<OpEntry>& ops);

}  // namespace swapmodel::desc
