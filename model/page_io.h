// Swap IO (mm/page_io.c, phase IV base without vswap): swap-out writes a swap-cache folio to
// its backing (the zero flag, zswap, or the device slots), swap-in reads it back.
//
// IO is synchronous in the model but keeps the kernel's visible steps: writeback sets
// PG_writeback and unlocks the folio before the data reaches the device, and ends writeback
// after; a read completes by marking the folio uptodate and unlocking it. A folio under
// writeback cannot leave the swap cache (folio_swapcache_freeable), which pins its slots.
#pragma once

#include "model/folio.h"
#include "model/kernel.h"

namespace swapmodel {

inline constexpr int AOP_WRITEPAGE_ACTIVATE = 0x80000;

// swap_writeout: the folio is locked, in the swap cache, its dirty bit cleared by pageout.
// Returns 0 with the folio unlocked (freed from the cache, stored, or written), or
// AOP_WRITEPAGE_ACTIVATE with it still locked and dirty.
int swap_writeout(Folio& folio);
// __swap_writepage: start writeback, unlock, write the pages to the device, end writeback.
void __swap_writepage(Folio& folio);
// __swap_writepage_phys (seed 004 P3): the same, to the physical slots backing a vswap entry.
void __swap_writepage_phys(Folio& folio, swp_entry_t phys);
// swap_read_folio: the folio is locked, in the swap cache, not uptodate; fills it from the
// zero flag, zswap or the device, marks it uptodate (unless the read fails) and unlocks it.
void swap_read_folio(Folio& folio);

}  // namespace swapmodel
