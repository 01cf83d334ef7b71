// mincore on anonymous PTEs (mm/mincore.c; seed 003 for mincore_swap's tryget_swap_entry).
#include "model/mincore.h"

#include "checker/lock.h"
#include "model/device.h"
#include "model/folio.h"
#include "model/pagetable.h"
#include "model/swap_state.h"

namespace swapmodel {

// mm/mincore.c (seed 003): mincore_swap. The page table walk holds the PTL, yet the seed takes
// the swapoff lock-out in every case ("no behaviour change apart from mincore").
unsigned char mincore_swap(swp_entry_t entry, bool /*shmem*/) {
  CHECKER_FRAME();
  SwapDevice* si = nullptr;
  if (!tryget_swap_entry(entry, &si)) return 0;
  Folio* folio = swap_cache_get_folio(entry);
  put_swap_entry(entry, si);
  // The swap cache space contains either folio, shadow or NULL.
  unsigned char present = 0;
  if (folio != nullptr) {
    present = folio_test_uptodate(*folio) ? 1 : 0;
    folio_put(*folio);
  }
  return present;
}

// mm/mincore.c: mincore_pte_range for an anonymous VMA, one PTE at a time.
unsigned mincore_pte_range(MmStruct& mm, int start, int end) {
  CHECKER_FRAME();
  unsigned vec = 0;
  mm.ptl.lock();  // pte_offset_map_lock
  for (int addr = start; addr < end; ++addr) {
    const std::uint64_t pte = mm.pte[static_cast<std::size_t>(addr)].read_once();  // ptep_get
    unsigned char present = 0;
    if (pte_none(pte))
      present = 0;  // __mincore_unmapped_range: anonymous memory has no page cache
    else if (pte_present(pte))
      present = 1;
    else if (is_swap_pte(pte))
      present = mincore_swap(pte_to_swp_entry(pte), false);
    else
      present = 1;  // a non-swap entry (the poison marker): !shmem
    vec |= static_cast<unsigned>(present) << (addr - start);
  }
  mm.ptl.unlock();
  return vec;
}

}  // namespace swapmodel
