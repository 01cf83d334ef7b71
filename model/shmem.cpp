// Shmem pages in swap (mm/shmem.c of the mm tree after the swap table's phase II-IV, which
// seed 000's API and seed 003's tryget_swap_entry conversion are written against). See shmem.h
// for the model's shmem mapping and what is left out.
#include "model/shmem.h"

#include <stdexcept>

#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/device.h"
#include "model/model.h"
#include "model/page_data.h"
#include "model/page_io.h"
#include "model/swap_readahead.h"
#include "model/swap_state.h"
#include "model/swapfile.h"
#include "model/vmscan.h"

namespace swapmodel {

namespace {

checker::Var<std::uint64_t>& xa_entry(MmStruct& mapping, int index) { return mapping.pte[static_cast<std::size_t>(index)]; }

// The value entry a swap entry is stored as (swp_to_radix_entry).
constexpr std::uint64_t swp_to_radix_entry(swp_entry_t e) { return mk_pte_swap(e); }

}  // namespace

MmStruct& setup_shmem_mapping(int memcg) {
  SwapModel& m = model();
  if (memcg < 1 || static_cast<std::size_t>(memcg) > m.memcgs.size()) throw std::invalid_argument("new_shmem: no such memcg");
  MmStruct& mapping = m.mms.emplace_back(static_cast<int>(m.mms.size()), m.cfg.ptes_per_mm, memcg);
  mapping.shmem = true;
  return mapping;
}

Folio& setup_shmem_folio(MmStruct& mapping, int index, int memcg, std::uint32_t version) {
  SwapModel& m = model();
  if (!mapping.shmem) throw std::invalid_argument("map_shmem: mm " + std::to_string(mapping.id) + " is not a shmem mapping");
  if (index < 0 || index >= mapping.slots()) throw std::invalid_argument("map_shmem: bad index");
  const std::size_t s = static_cast<std::size_t>(index);
  if (!pte_none(mapping.pte[s].peek())) throw std::invalid_argument("map_shmem: index in use");
  Folio& f = *m.folio_alloc(0, index);
  f.flags.store(PG_uptodate | PG_dirty | PG_swapbacked);
  f.memcg.write(memcg);
  const std::uint32_t page = m.ghost.next_page_id++;
  const std::uint64_t content = mk_content(page, version);
  f.data[0].store(content);
  mapping.pte[s].write_once(mk_pte_present(f.id, 0));
  mapping.page_id[s] = page;
  mapping.expected[s] = content;
  mapping.version[s] = version;
  f.refcount.store(1);  // the page cache's reference
  return f;
}

// mm/shmem.c: shmem_confirm_swap. A lockless look under RCU: by the time a swap-cache folio is
// locked it may have been freed, reused, and be in the swap cache again for the same entry, so
// the folio alone does not tell whether the mapping still wants it.
int shmem_confirm_swap(MmStruct& mapping, int index, swp_entry_t swap) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.rcu.read_lock();
  // xas_load under rcu_read_lock: rcu_dereference (xa_entry), which orders what the caller then
  // reads of the entry after the store that published it.
  const std::uint64_t entry = checker::lkmm::rcu_dereference(xa_entry(mapping, index));
  m.rcu.read_unlock();
  return entry == swp_to_radix_entry(swap) ? 0 : -1;
}

// mm/shmem.c: shmem_add_to_page_cache for an order-0 folio: the range must hold the expected
// swap entry (or nothing when none is expected), tested and replaced under xa_lock.
int shmem_add_to_page_cache(Folio& folio, MmStruct& mapping, int index, swp_entry_t expected) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "shmem_add_to_page_cache: folio not locked");
  folio_ref_add(folio, folio.nr());
  folio.index = index;  // folio->mapping = mapping; folio->index = index
  int error = 0;
  mapping.ptl.lock();  // xas_lock_irq
  const std::uint64_t entry = xa_entry(mapping, index).read_once();
  if (expected.val == 0 ? !pte_none(entry) : entry != swp_to_radix_entry(expected))
    error = -EEXIST;  // xas_for_each_conflict found something else, or the expected entry is gone
  else
    // xas_store: rcu_assign_pointer, so that a lockless lookup that finds the folio sees
    // folio->index and the page cache's references set above.
    checker::lkmm::rcu_assign_pointer(xa_entry(mapping, index), mk_pte_present(folio.id, 0));
  mapping.ptl.unlock();
  if (error) folio_ref_sub(folio, folio.nr());  // folio->mapping = NULL
  return error;
}

// mm/shmem.c: shmem_delete_from_page_cache (with shmem_replace_entry): the folio's entry
// becomes the swap entry, then the page cache's references go.
void shmem_delete_from_page_cache(Folio& folio, MmStruct& mapping, swp_entry_t radswap) {
  CHECKER_FRAME();
  mapping.ptl.lock();  // xa_lock_irq
  auto& slot = xa_entry(mapping, folio.index);
  const bool found = slot.read_once() == mk_pte_present(folio.id, 0);
  if (found) checker::lkmm::rcu_assign_pointer(slot, swp_to_radix_entry(radswap));  // xas_store
  mapping.ptl.unlock();
  folio_put_refs(folio, folio.nr());
  checker::check(found, "shmem_delete_from_page_cache: BUG_ON(error): the folio was not in the page cache");
}

// mm/shmem.c: shmem_free_swap. The caller found `radswap` locklessly: it erases the entry only if
// it is still there under xa_lock (a racing swap-in may have replaced it by its folio and put the
// count itself), and puts the count after dropping the lock. A swapin-error marker holds no slot.
long shmem_free_swap(MmStruct& mapping, int index, swp_entry_t radswap) {
  CHECKER_FRAME();
  auto& slot = xa_entry(mapping, index);
  long nr_pages = 0;
  mapping.ptl.lock();  // xas_lock_irq
  // Mutation shmem_free_swap_no_entry_check: erase and put whatever the lookup saw.
  if (model().cfg.mutations.shmem_free_swap_no_entry_check || slot.read_once() == swp_to_radix_entry(radswap)) {
    nr_pages = 1;
    checker::lkmm::rcu_assign_pointer(slot, kPteNone);  // xas_store(&xas, NULL)
  }
  mapping.ptl.unlock();
  if (nr_pages && swp_to_radix_entry(radswap) != kPtePoison) swap_put_entries_direct(radswap, static_cast<int>(nr_pages));
  return nr_pages;
}

// mm/shmem.c: shmem_writeout for an order-0, uptodate folio (no split, no fallocate).
int shmem_writeout(Folio& folio, MmStruct& mapping) {
  CHECKER_FRAME();
  SwapModel& m = model();
  const int index = folio.index;
  if (checker::lkmm::read_once(m.total_swap_pages) == 0) {  // a plain read of total_swap_pages: unordered
    folio_mark_dirty(folio);  // redirty
    return AOP_WRITEPAGE_ACTIVATE;
  }
  if (folio_alloc_swap(folio) == 0) {
    // (shmem_recalc_inode and the shmem_swaplist add: not modelled, see shmem.h.)
    // The mapping's swap entry will own a count: take it while the folio still is the entry.
    folio_dup_swap(folio, -1);
    const swp_entry_t swap = folio_swap(folio);
    shmem_delete_from_page_cache(folio, mapping, swap);
    const int error = swap_writeout(folio);
    if (error != AOP_WRITEPAGE_ACTIVATE) return error;  // the folio has been unlocked
    // zswap could neither compress nor write back: put the folio back in the page cache, unless
    // a racing shmem_free_swap erased the swap entry meanwhile.
    if (shmem_add_to_page_cache(folio, mapping, index, swap) == 0) folio_put_swap(folio, -1);
    swap_cache_del_folio(folio);
  }
  folio_mark_dirty(folio);  // redirty
  return AOP_WRITEPAGE_ACTIVATE;
}

// mm/vmscan.c: shrink_folio_list for a shmem folio (not anon: no folio_alloc_swap there; not
// mapped: no try_to_unmap): pageout calls the mapping's writeout, shmem_writeout.
bool shrink_shmem_folio(Folio& folio, MmStruct& mapping) {
  CHECKER_FRAME();
  if (!folio_try_get(folio)) return false;  // isolate_lru_folios
  if (!folio_trylock(folio)) {
    folio_put(folio);
    return false;
  }
  bool locked = true, freed = false;
  // Still this mapping's page-cache folio? (A racing truncation removed it: nothing to write.)
  if (!folio_test_writeback(folio) && !folio_test_swapcache(folio) && folio_test_dirty(folio) &&
      xa_entry(mapping, folio.index).read_once() == mk_pte_present(folio.id, 0)) {
    folio_test_clear(folio, PG_dirty);  // pageout: folio_clear_dirty_for_io
    if (shmem_writeout(folio, mapping) != AOP_WRITEPAGE_ACTIVATE) {
      // The write finished: if it is still clean, drop it now.
      locked = folio_trylock(folio);
      if (locked && !folio_test_dirty(folio) && !folio_test_writeback(folio)) freed = __remove_mapping(folio);
    }
  }
  if (locked) folio_unlock(folio);
  if (!freed) folio_put(folio);
  return freed;
}

namespace {

// mm/shmem.c: shmem_swap_alloc_folio, the synchronous swap-in (SWP_SYNCHRONOUS_IO): since phase
// III the folio goes through the swap cache too (swapin_sync: swap_cache_alloc_folio, seed 002,
// then the read); order 0 only here.
FolioOrErr shmem_swap_alloc_folio(MmStruct& mapping, int index, swp_entry_t entry) {
  CHECKER_FRAME();
  const FolioOrErr r = swap_cache_alloc_folio(entry, 1u << 0, index, mapping.memcg);
  if (r.folio != nullptr) swap_read_folio(*r.folio);
  return r;
}

// mm/shmem.c: shmem_swapin_cluster -> swap_cluster_readahead, reduced to the target entry:
// __read_swap_cache_async and the read of a new folio (the neighbours are not read here).
Folio* shmem_swapin_cluster(MmStruct& mapping, int index, swp_entry_t swap) {
  CHECKER_FRAME();
  bool allocated = false;
  Folio* folio = __read_swap_cache_async(swap, index, mapping.memcg, &allocated, false);
  if (folio != nullptr && allocated) swap_read_folio(*folio);
  return folio;
}

// mm/shmem.c: shmem_set_folio_swapin_error: the entry becomes the swapin-error marker (if it is
// still the swap entry), and the folio leaves the swap cache with its count put.
void shmem_set_folio_swapin_error(MmStruct& mapping, int index, Folio& folio, swp_entry_t swap) {
  CHECKER_FRAME();
  auto& slot = xa_entry(mapping, index);
  mapping.ptl.lock();  // xa_cmpxchg_irq
  const bool replaced = slot.read_once() == swp_to_radix_entry(swap);
  if (replaced) checker::lkmm::rcu_assign_pointer(slot, kPtePoison);  // __xa_cmpxchg's xas_store
  mapping.ptl.unlock();
  if (!replaced) return;
  folio_wait_writeback(folio);
  folio_put_swap(folio, -1);
  swap_cache_del_folio(folio);
}

}  // namespace

// mm/shmem.c (seed 003): shmem_swapin_folio
int shmem_swapin_folio(MmStruct& mapping, int index, std::uint64_t item, Folio** foliop) {
  CHECKER_FRAME();
  *foliop = nullptr;
  if (item == kPtePoison) return -EIO;
  const swp_entry_t swap = pte_to_swp_entry(item);
  SwapDevice* si = nullptr;
  // Seed 003: tryget_swap_entry before shmem_confirm_swap, as get_swap_device was.
  const bool swapoff_locked = tryget_swap_entry(swap, &si);
  const int order = shmem_confirm_swap(mapping, index, swap);
  if (!swapoff_locked) return order < 0 ? -EEXIST : -EINVAL;
  if (order < 0) {
    put_swap_entry(swap, si);
    return -EEXIST;
  }
  int error = 0;
  // Look it up and read it in.
  Folio* folio = swap_cache_get_folio(swap);
  if (folio == nullptr) {
    if (si->flags.read_data_race() & SWP_SYNCHRONOUS_IO) {
      // Direct swapin skipping readahead.
      const FolioOrErr r = shmem_swap_alloc_folio(mapping, index, swap);
      folio = r.folio;
      error = r.err;
    } else {
      folio = shmem_swapin_cluster(mapping, index, swap);
    }
    if (folio == nullptr) {
      if (error == 0) error = -ENOMEM;
      goto failed;
    }
  }
  // With the folio locked, the mapping must still hold the entry (shmem_confirm_swap), and the
  // folio must still be the swap cache's for it: either may have changed since the lookups.
  folio_lock(*folio);
  if (!folio_matches_swap_entry(*folio, swap) || shmem_confirm_swap(mapping, index, swap) < 0) {
    error = -EEXIST;
    goto unlock;
  }
  if (!folio_test_uptodate(*folio)) {
    error = -EIO;
    goto failed;
  }
  folio_wait_writeback(*folio);
  error = shmem_add_to_page_cache(*folio, mapping, index, swap);
  if (error) goto failed;
  // The mapping's entry no longer owns the swap count: the folio took its place.
  folio_put_swap(*folio, -1);
  swap_cache_del_folio(*folio);
  folio_mark_dirty(*folio);
  put_swap_entry(swap, si);
  *foliop = folio;
  return 0;
failed:
  if (shmem_confirm_swap(mapping, index, swap) < 0) error = -EEXIST;
  if (error == -EIO) shmem_set_folio_swapin_error(mapping, index, *folio, swap);
unlock:
  if (folio != nullptr) {
    folio_unlock(*folio);
    folio_put(*folio);
  }
  put_swap_entry(swap, si);
  return error;
}

// mm/shmem.c: shmem_get_folio_gfp with SGP_CACHE, as far as swap goes.
int shmem_get_folio(MmStruct& mapping, int index) {
  CHECKER_FRAME();
  SwapModel& m = model();
  for (;;) {  // repeat:
    // filemap_get_entry: xas_load under rcu_read_lock (rcu_dereference).
    const std::uint64_t item = checker::lkmm::rcu_dereference(xa_entry(mapping, index));
    if (is_swap_pte(item) || item == kPtePoison) {
      Folio* folio = nullptr;
      const int error = shmem_swapin_folio(mapping, index, item, &folio);
      if (error == -EEXIST) continue;
      if (error) return error;
      folio_unlock(*folio);
      folio_put(*folio);
      return 0;
    }
    // A hole: SGP_CACHE would allocate a new folio (not modelled).
    if (!pte_present(item)) return -ENOENT;
    Folio& folio = m.folio(pte_folio(item));
    if (!folio_try_get_retry(folio)) continue;  // filemap_get_entry's speculative reference failed
    folio_lock(folio);
    // Has the folio been truncated or swapped out? (folio->mapping != inode->i_mapping)
    const bool ours = xa_entry(mapping, index).read_once() == item;
    folio_unlock(folio);
    folio_put(folio);
    if (ours) return 0;
  }
}

// mm/shmem.c: shmem_undo_range's whole-folio pass (find_get_entries) over [index, index + nr).
void shmem_undo_range(MmStruct& mapping, int index, int nr) {
  CHECKER_FRAME();
  SwapModel& m = model();
  int i = index;
  while (i < index + nr) {
    // find_get_entries: xas_find under rcu_read_lock (rcu_dereference).
    const std::uint64_t item = checker::lkmm::rcu_dereference(xa_entry(mapping, i));
    if (pte_none(item)) {
      ++i;
      continue;
    }
    if (!pte_present(item)) {
      // A value entry: swap was replaced by a page when nothing was freed: look again.
      if (shmem_free_swap(mapping, i, pte_to_swp_entry(item)) != 0) ++i;
      continue;
    }
    Folio& folio = m.folio(pte_folio(item));
    if (!folio_try_get_retry(folio)) continue;  // find_get_entry's folio_try_get: goto retry
    folio_lock(folio);
    // Page was replaced by swap (folio_mapping(folio) != mapping): retry.
    mapping.ptl.lock();  // truncate_inode_folio -> filemap_remove_folio, under xa_lock
    const bool ours = xa_entry(mapping, i).read_once() == item;
    if (ours) checker::lkmm::rcu_assign_pointer(xa_entry(mapping, i), kPteNone);  // page_cache_delete's xas_store
    mapping.ptl.unlock();
    if (ours) folio_put_refs(folio, folio.nr());  // the page cache's references
    folio_unlock(folio);
    folio_put(folio);
    if (ours) ++i;
  }
}

namespace {

// mm/shmem.c: shmem_unuse_inode with shmem_find_swap_entries and shmem_unuse_swap_entries.
int shmem_unuse_inode(MmStruct& mapping, int type) {
  CHECKER_FRAME();
  SwapModel& m = model();
  int start = 0;
  for (;;) {
    std::vector<int> indices;
    std::vector<std::uint64_t> items;
    m.rcu.read_lock();
    for (int i = start; i < mapping.slots(); ++i) {
      // shmem_find_swap_entries: xas_for_each under rcu_read_lock (rcu_dereference).
      const std::uint64_t item = checker::lkmm::rcu_dereference(xa_entry(mapping, i));
      // Swapin-error markers are skipped: everything that could be done has been.
      if (!is_swap_pte(item) || swp_type(pte_to_swp_entry(item)) != type) continue;
      indices.push_back(i);
      items.push_back(item);
    }
    m.rcu.read_unlock();
    if (indices.empty()) return 0;
    for (std::size_t k = 0; k < indices.size(); ++k) {
      Folio* folio = nullptr;
      const int error = shmem_swapin_folio(mapping, indices[k], items[k], &folio);
      if (error == 0) {
        folio_unlock(*folio);
        folio_put(*folio);
      }
      if (error == -ENOMEM) return error;
    }
    start = indices.back();
  }
}

}  // namespace

// mm/shmem.c: shmem_unuse
int shmem_unuse(int type) {
  CHECKER_FRAME();
  for (MmStruct& mapping : model().mms) {
    if (!mapping.shmem) continue;
    if (const int error = shmem_unuse_inode(mapping, type)) return error;
  }
  return 0;
}

}  // namespace swapmodel
