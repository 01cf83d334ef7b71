// mincore(2) on anonymous memory (mm/mincore.c): whether each page of a range is resident. A
// swap PTE's page is resident when the swap cache holds an uptodate folio for its entry.
// Locking: the walk holds the PTL over the whole range; seed 003 makes mincore_swap lock
// swapoff out (tryget_swap_entry) for PTE entries too, where before only shmem's lockless
// lookup did.
#pragma once

#include "model/kernel.h"

namespace swapmodel {

struct MmStruct;

// mincore_swap (seed 003): 1 when the swap cache holds an uptodate folio for entry, else 0 (also
// when swapoff locked us out).
unsigned char mincore_swap(swp_entry_t entry, bool shmem);
// mincore_pte_range over mm[start, end) under the PTL: bit i of the result is page start + i's
// residency (a present page is resident, pte_none is not: no page cache behind anon memory).
unsigned mincore_pte_range(MmStruct& mm, int start, int end);

}  // namespace swapmodel
