// Migration of an unmapped swap-cache folio (mm/migrate.c: migrate_pages_batch's
// migrate_folio_unmap, move_to_new_folio, migrate_folio_move for one folio; the swap cache's
// migrate_folio is __migrate_folio, whose __folio_migrate_mapping calls
// __swap_cache_replace_folio). Upstream mm/migrate.c; the swap table of seeds 000/002.
#include "model/migrate.h"

#include "checker/kernel_order.h"
#include "model/cluster.h"
#include "model/folio.h"
#include "model/model.h"
#include "model/swap_state.h"
#include "model/swap_table.h"

namespace swapmodel {

// mm/migrate.c: folio_mc_copy: the data of every page, before the new folio is visible.
void folio_mc_copy(Folio& dst, Folio& src) {
  CHECKER_FRAME();
  for (std::size_t i = 0; i < static_cast<std::size_t>(src.nr()); ++i)
    page_content_write(dst.data[i], page_content_read(src.data[i]));  // folio_mc_copy: copy_mc_highpage
}

// mm/migrate.c: __folio_migrate_mapping for a swap-cache folio. Under the old folio's cluster
// lock, freeze its count at the references migration expects; from then on nobody else can
// look at it: the new folio takes the cache's references, PG_swapcache and folio->swap, the
// dirty bit moves, and the table words are exchanged.
int __folio_migrate_mapping(Folio& newfolio, Folio& folio, int expected_count) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  SwapCluster& ci = swap_cluster_lock(swp_type(entry), swp_offset(entry));  // swap_cluster_get_and_lock_irq
  if (!folio_ref_freeze(folio, expected_count)) {
    swap_cluster_unlock(ci);
    return -EAGAIN;
  }
  // Now we know that no one else is looking at the folio: no turning back from here.
  newfolio.index = folio.index;
  folio_ref_add(newfolio, folio.nr());  // add cache reference
  folio_set(newfolio, PG_swapbacked | PG_anon);
  folio_set(newfolio, PG_swapcache);
  newfolio.swap.write(entry.val);  // newfolio->private = folio_get_private(folio)
  // Move dirty while folio refs frozen and newfolio not yet exposed.
  if (folio_test_clear(folio, PG_dirty)) folio_set(newfolio, PG_dirty);
  __swap_cache_replace_folio(ci, folio, newfolio);
  // Drop cache reference from old folio by unfreezing to one less reference.
  folio_ref_unfreeze(folio, expected_count - folio.nr());
  swap_cluster_unlock(ci);
  return 0;
}

// mm/migrate.c: folio_migrate_flags, the parts swap reads: uptodate and dirty carry over; the
// old folio leaves the swap cache's bookkeeping (folio_clear_swapcache, folio_clear_private)
// with its lock still held.
void folio_migrate_flags(Folio& newfolio, Folio& folio) {
  CHECKER_FRAME();
  if (folio_test_uptodate(folio)) folio_mark_uptodate(newfolio);
  if (folio_test_dirty(folio)) folio_set(newfolio, PG_dirty);
  if (folio_test_swapcache(folio)) folio_clear(folio, PG_swapcache);
  folio.swap.write(0);  // folio_clear_private
}

// mm/migrate.c: __migrate_folio (the swap cache's migrate_folio): the count must be what an
// isolated, unmapped swap-cache folio has (its nr cache references and the isolation's); copy
// first, then switch the mapping, then the flags and the memcg (mem_cgroup_migrate).
int __migrate_folio(Folio& dst, Folio& src) {
  CHECKER_FRAME();
  const int expected_count = src.nr() + 1;
  // folio_ref_count (atomic_read, unordered): __migrate_folio's early check; the freeze in
  // __folio_migrate_mapping is what decides.
  if (checker::lkmm::atomic_read(src.refcount) != expected_count) return -EAGAIN;
  folio_mc_copy(dst, src);
  const int rc = __folio_migrate_mapping(dst, src, expected_count);
  if (rc != 0) return rc;
  folio_migrate_flags(dst, src);
  mem_cgroup_migrate(src, dst);  // (in migrate_folio_move)
  return 0;
}

// mm/memcontrol.c: mem_cgroup_migrate: the charge moves to the new folio.
void mem_cgroup_migrate(Folio& old, Folio& newfolio) {
  CHECKER_FRAME();
  newfolio.memcg.write(old.memcg.read());
  old.memcg.write(0);
}

// mm/migrate.c: migrate_pages for one folio (MIGRATE_SYNC): isolate it (a reference), allocate
// the destination, lock the source (sleeping) and the new folio, wait for writeback, then
// move_to_new_folio; on success the old folio's last references go.
int migrate_swapcache_folio(Folio& src) {
  CHECKER_FRAME();
  // folio_isolate_lru: the isolation reference (a freed folio is not on the LRU).
  if (!folio_try_get(src)) return -EBUSY;
  // migrate_folio_unmap: get_new_folio before the source lock.
  Folio* dst = model().folio_alloc(src.order, src.index);
  if (dst == nullptr) {
    folio_put(src);
    return -ENOMEM;
  }
  folio_lock(src);
  int rc = 0;
  if (!folio_test_swapcache(src)) {
    rc = -EBUSY;  // freed from the swap cache meanwhile: not what this op migrates
  } else if (folio_mapped(src)) {
    rc = kMigrateMappedNotModelled;  // try_to_migrate: not modelled
  } else {
    folio_wait_writeback(src);
    // Block others from accessing the new folio: nobody else knows it yet.
    checker::check(folio_trylock(*dst), "migrate_folio_unmap: the new folio is locked");
    rc = __migrate_folio(*dst, src);
    // migrate_folio_move (or undo): the new folio is unlocked, its allocation reference dropped
    // (on success the swap cache keeps it).
    folio_unlock(*dst);
  }
  folio_put(*dst);
  folio_unlock(src);
  folio_put(src);  // migrate_folio_done / putback: the isolation reference
  return rc;
}

}  // namespace swapmodel
