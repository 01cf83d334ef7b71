// The descriptor design's own operations for the model's op registry (registry.h): seed 001's
// single functions under their kernel names (swapcache_prepare, swap_free_nr, ...), which exist
// in design "vswap_desc" only. Its kernel paths are the registry's swap_out, shrink_folio,
// do_swap_page, zap, fork, write and folio_free_swap, which run seed 001's versions under that
// design (registry_ops.cpp). Virtual entries are named by their index ("offset").
#pragma once

#include <vector>

#include "model/registry.h"

namespace swapmodel::desc {

// Appends the operations to the registry being built.
void add_ops(std::vector<OpEntry>& ops);

}  // namespace swapmodel::desc
