// Reclaim of one anonymous folio (mm/vmscan.c: shrink_folio_list, with mm/rmap.c's
// try_to_unmap and __remove_mapping): the swap-out path as the kernel composes it.
//
//   isolate (take a reference) -> folio_trylock -> folio_alloc_swap (if not in the swap cache)
//   -> try_to_unmap (each PTE: folio_dup_swap, then the swap PTE, under the PTL)
//   -> pageout: clear dirty, swap_writeout (zero flag / zswap / device IO)
//   -> relock, still clean -> __remove_mapping: freeze the references, delete from the swap
//      cache with a shadow, free the folio.
//
// The kernel finishes a folio under writeback in a later pass; the model's IO completes within
// the pass, so the same call goes on to remove it.
#pragma once

#include "model/folio.h"

namespace swapmodel {

// True when the folio was reclaimed (deleted from the swap cache and freed).
bool shrink_folio(Folio& folio);

}  // namespace swapmodel
