// MADV_WILLNEED on anonymous memory (mm/madvise.c): swap in what the range's swap PTEs name,
// without mapping it. Locking: each PTE is read under the PTL, which is dropped before the
// entry is read into the swap cache (read_swap_cache_async locks swapoff out itself, seed 003).
#pragma once

namespace swapmodel {

struct MmStruct;

// swapin_walk_pmd_entry over mm[start, end): read_swap_cache_async for each swap PTE, dropping
// the folio it returns.
void swapin_walk_pmd_entry(MmStruct& mm, int start, int end);

}  // namespace swapmodel
