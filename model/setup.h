// Building a scenario's initial state. Runs in an execution's setup, where instrumented
// operations take effect at once; states beyond "mapped" are reached by running the real
// kernel paths sequentially (swap a folio out, fork, swap in), so they are states the kernel
// can reach.
#pragma once

#include <cstdint>

#include "model/folio.h"
#include "model/pagetable.h"

namespace swapmodel {

// A new mm (page table) charged to `memcg`, with SwapConfig::ptes_per_mm PTE slots.
MmStruct& setup_mm(int memcg = 1);
// A new anonymous folio of `order` mapped at [idx, idx + 2^order) of `mm`: uptodate, dirty,
// charged to `memcg`; each page a new logical page whose content is at `version` (0: a zero page).
Folio& setup_anon_folio(MmStruct& mm, int idx, int order = 0, int memcg = 1, std::uint32_t version = 1);
// Swap the folio out through the reclaim path; throws std::invalid_argument if reclaim keeps it.
void setup_swap_out(Folio& folio);

}  // namespace swapmodel
