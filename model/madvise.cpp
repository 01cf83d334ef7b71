// MADV_WILLNEED's swap-in walk (mm/madvise.c, upstream; seed 003 for the tryget_swap_entry its
// read_swap_cache_async takes).
#include "model/madvise.h"

#include "checker/lock.h"
#include "model/folio.h"
#include "model/pagetable.h"
#include "model/swap_readahead.h"

namespace swapmodel {

// mm/madvise.c: swapin_walk_pmd_entry. The PTL is held while looking at a PTE and dropped
// before the swap-in, which may sleep: from then on the entry is only a name, and
// read_swap_cache_async must cope with a slot freed and a device swapped off meanwhile.
void swapin_walk_pmd_entry(MmStruct& mm, int start, int end) {
  CHECKER_FRAME();
  bool locked = false;
  for (int addr = start; addr < end; ++addr) {
    if (!locked) {
      mm.ptl.lock();  // pte_offset_map_lock
      locked = true;
    }
    const std::uint64_t pte = mm.pte[static_cast<std::size_t>(addr)].read_once();  // ptep_get
    if (!is_swap_pte(pte)) continue;
    const swp_entry_t entry = pte_to_swp_entry(pte);
    mm.ptl.unlock();  // pte_unmap_unlock
    locked = false;
    if (Folio* folio = read_swap_cache_async(entry, addr, mm.memcg)) folio_put(*folio);
  }
  if (locked) mm.ptl.unlock();
}

}  // namespace swapmodel
