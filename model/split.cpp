// Split of an unmapped large swap-cache folio (mm/huge_memory.c: __folio_split and
// __split_unmapped_folio for an anonymous folio in the swap cache, as the swap table's phase I
// made them: swap_cluster_get_and_lock instead of the swap address space's xa_lock, and
// __swap_cache_replace_folio for each new folio). See split.h.
#include "model/split.h"

#include "checker/lock.h"
#include "model/cluster.h"
#include "model/folio.h"
#include "model/model.h"
#include "model/swap_state.h"
#include "model/swapfile.h"

namespace swapmodel {

namespace {

// mm/huge_memory.c: __split_folio_to_order / __split_unmapped_folio to order 0 (uniform split):
// the tail page becomes a folio of its own, with the head's flags (PG_locked included, so it
// comes out locked), its swap entry (folio->swap + i), its memcg (split_page_memcg) and its data.
// Its count stays frozen at 0 until the caller unfreezes it. The head becomes order 0.
Folio& __split_unmapped_folio(Folio& folio) {
  CHECKER_FRAME();
  SwapModel& m = model();
  // The tail's struct page exists already in the kernel: no allocation, nothing can fail here.
  Folio& tail = m.folios.emplace_back(static_cast<int>(m.folios.size()), 0, folio.index + 1);
  checker::check(folio_trylock(tail), "__split_unmapped_folio: the new folio is locked");  // PG_locked copied
  tail.flags.store(folio.flags.load() & (PG_uptodate | PG_dirty | PG_swapbacked | PG_anon | PG_swapcache));
  tail.swap.write(folio.swap.read() + 1);  // new_folio->swap.val = folio->swap.val + i
  tail.memcg.write(folio.memcg.read());
  page_content_write(tail.data[0], page_content_read(folio.data[1]));
  folio.order = 0;
  return tail;
}

}  // namespace

// mm/huge_memory.c: __folio_split to order 0 for an anonymous swap-cache folio nobody maps.
int __folio_split(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "__folio_split: folio not locked");
  if (folio.nr() == 1) return -EINVAL;  // not a large folio
  // can_split_folio: only the caller's reference besides the swap cache's (extra_pins) and the
  // mappings.
  const int extra_pins = folio_test_swapcache(folio) ? folio.nr() : 0;
  if (folio_mapped(folio)) return kSplitMappedNotModelled;  // unmap_folio: try_to_migrate, not modelled
  // Prevent deferred_split_scan() touching ->_refcount: freeze at exactly what we expect; a
  // lookup that took a reference before makes it fail, one after it finds the count frozen.
  if (!folio_ref_freeze(folio, 1 + extra_pins)) return -EAGAIN;
  SwapCluster* ci = nullptr;
  if (extra_pins != 0) {
    const swp_entry_t entry = folio_swap(folio);
    ci = &swap_cluster_lock(swp_type(entry), swp_offset(entry));  // swap_cluster_get_and_lock
  }
  Folio& tail = __split_unmapped_folio(folio);
  // Unfreeze the new folio (its swap cache reference and the caller's, given back below), then
  // make the table name it: until then a lookup of its entry finds the frozen head.
  folio_ref_unfreeze(tail, (ci != nullptr ? 1 : 0) + 1);
  if (ci != nullptr && !model().cfg.mutations.split_skips_swap_cache_replace) __swap_cache_replace_folio(*ci, folio, tail);
  // Unfreeze the head only after every table word that named it names its new folio.
  folio_ref_unfreeze(folio, (ci != nullptr ? 1 : 0) + 1);
  if (ci != nullptr) swap_cluster_unlock(*ci);
  // The new folio not holding the caller's page: unlock it and drop the split's reference
  // (free_folio_and_swap_cache: free_swap_cache frees its swap cache if nobody needs it).
  folio_unlock(tail);
  if (folio_test_swapcache(tail) && !folio_mapped(tail) && folio_trylock(tail)) {
    folio_free_swap(tail);
    folio_unlock(tail);
  }
  folio_put(tail);
  return 0;
}

// split_folio for one isolated swap-cache folio, as a caller that found it on the LRU runs it
// (mm/huge_memory.c: split_huge_page_to_list_to_order(folio, NULL, 0)).
int split_swapcache_folio(Folio& folio) {
  CHECKER_FRAME();
  if (!folio_try_get(folio)) return -EBUSY;  // folio_isolate_lru: a freed folio is not on the LRU
  folio_lock(folio);
  int rc = -EBUSY;
  if (folio_test_swapcache(folio)) rc = __folio_split(folio);  // freed from the swap cache meanwhile: not this op's case
  folio_unlock(folio);
  folio_put(folio);
  return rc;
}

}  // namespace swapmodel
