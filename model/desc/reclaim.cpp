// Seed 001's physical-side reclaim under CONFIG_VIRTUAL_SWAP (reclaim.h; mm/swapfile.c of RFC
// v2 10/18 on its v6.15-era base).
#include "model/desc/reclaim.h"

#include "model/desc/swap_cache.h"
#include "model/desc/vswap.h"
#include "model/memcg.h"
#include "model/model.h"

namespace swapmodel::desc {

// mm/swapfile.c (seed 001): swap_is_has_cache under CONFIG_VIRTUAL_SWAP.
bool swap_is_has_cache(std::uint64_t offset, int nr) {
  CHECKER_FRAME();
  const swp_entry_t entry = swp_slot_to_swp_entry(offset);
  return vswap_swapcache_only(entry, nr);
}

namespace {
// mm/swapfile.c (seed 001): swap_cache_only
bool swap_cache_only(std::uint64_t offset) { return swap_is_has_cache(offset, 1); }
}  // namespace

// mm/swapfile.c (seed 001): cluster_scan_range. vm_swap_full() is taken as true: the op stands
// for the scan of a nearly full device (without it a cache-only slot makes the range unusable).
bool cluster_scan_range(std::uint64_t start, int nr, bool* need_reclaim) {
  CHECKER_FRAME();
  PhysSwap& p = vswap().phys;
  p.lock.assert_held();
  for (std::uint64_t offset = start; offset < start + static_cast<std::uint64_t>(nr); ++offset) {
    const std::uint8_t count = p.swap_map.at(offset).read_once();
    if (!count) continue;
    if (swap_cache_only(offset)) {
      *need_reclaim = true;
      continue;
    }
    return false;
  }
  return true;
}

// mm/swapfile.c (seed 001): cluster_reclaim_range. "__try_to_reclaim_swap() checks if the slot
// is in-cache only": every allocated slot is tried.
bool cluster_reclaim_range(std::uint64_t start, std::uint64_t end) {
  CHECKER_FRAME();
  PhysSwap& p = vswap().phys;
  std::uint64_t offset = start;
  p.lock.unlock();
  do {
    const std::uint8_t v = p.swap_map.at(offset).read_once();
    if (v == 0) {
      offset++;
    } else if (v == SWAP_MAP_ALLOCATED) {
      const int nr_reclaim = __try_to_reclaim_swap(offset, TTRS_ANYWAY);  // | TTRS_DIRECT
      if (nr_reclaim <= 0) break;
      offset += static_cast<std::uint64_t>(nr_reclaim);
    } else {
      break;
    }
  } while (offset < end);
  p.lock.lock();
  // Recheck the range no matter reclaim succeeded or not, the slot could have been freed while
  // we are not holding the lock.
  for (offset = start; offset < end; offset++)
    if (p.swap_map.at(offset).read_once()) return false;
  return true;
}

// mm/swapfile.c (seed 001): __try_to_reclaim_swap. The swap cache is indexed by virtual
// entries: the slot's entry is looked up through the reverse map [inferred], and the locked
// folio's entry is turned back into its slot to check it still covers `offset` [inferred].
// TTRS_FULL asks mem_cgroup_swap_full(folio) (the table design's, model/memcg.h). With
// CONFIG_VIRTUAL_SWAP the folio is freed through the swap cache whatever TTRS_DIRECT says.
int __try_to_reclaim_swap(std::uint64_t offset, unsigned flags) {
  CHECKER_FRAME();
  PhysSwap& p = vswap().phys;
  for (;;) {
    const swp_entry_t entry = swp_slot_to_swp_entry(offset);
    if (entry.val == 0) return 0;
    Folio* folio = filemap_get_folio(entry);
    if (folio == nullptr) return 0;
    const int nr_pages = folio->nr();
    int ret = -nr_pages;
    // swap_map can change between the folio lookup and the folio lock: check again.
    if (!folio_trylock(*folio)) {
      folio_put(*folio);
      return ret;
    }
    // Offset could point to the middle of a large folio, or the folio may no longer point to
    // the expected offset before it's locked.
    const std::uint64_t first = swp_entry_to_swp_slot(folio_swap(*folio));
    if (first == 0 || offset < first || offset >= first + static_cast<std::uint64_t>(nr_pages)) {
      folio_unlock(*folio);
      folio_put(*folio);
      continue;  // goto again
    }
    const bool need_reclaim = (flags & TTRS_ANYWAY) || ((flags & TTRS_UNMAPPED) && !folio_mapped(*folio)) ||
                              ((flags & TTRS_FULL) && mem_cgroup_swap_full(*folio));
    // folio_swapcache_freeable: in the swap cache, not under writeback.
    if (need_reclaim && folio_test_swapcache(*folio) && !folio_test_writeback(*folio)) {
      // It's safe to delete the folio from swap cache only if the folio's slots are held by the
      // swap cache only: no page table reference, no pending writeback, not allocatable.
      p.lock.lock();  // lock_cluster
      const bool cache_only = swap_is_has_cache(first, nr_pages);
      p.lock.unlock();
      if (cache_only) {
        // For now, virtual swap implementation only supports freeing through the swap slot cache.
        delete_from_swap_cache(*folio);
        folio_mark_dirty(*folio);
        ret = nr_pages;
      }
    }
    folio_unlock(*folio);
    folio_put(*folio);
    return ret;
  }
}

// mm/swapfile.c (seed 001): alloc_swap_scan_cluster's scan and reclaim of one range, inside
// swap_slot_alloc's device reference (get_swap_device_info ... swap_slot_put_swap_info): 0 once
// swapoff has killed the device's users.
int cluster_scan_reclaim(std::uint64_t start, int nr) {
  CHECKER_FRAME();
  PhysSwap& p = vswap().phys;
  bool need_reclaim = false;
  if (!get_swap_device_info(p.si)) return 0;
  p.lock.lock();
  bool ok = cluster_scan_range(start, nr, &need_reclaim);
  if (ok && need_reclaim) ok = cluster_reclaim_range(start, start + static_cast<std::uint64_t>(nr));
  p.lock.unlock();
  swap_slot_put_swap_info(&p.si);
  if (!ok) return 0;
  return need_reclaim ? 2 : 1;
}

}  // namespace swapmodel::desc
