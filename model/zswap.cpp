// zswap on a physical device (mm/zswap.c without vswap; seed 003's tryget_swap_entry in
// zswap_writeback_entry; seed 004's non-vswap branches).
#include "model/zswap.h"

#include <algorithm>

#include "checker/heap.h"
#include "checker/kernel_order.h"
#include "checker/object.h"
#include "model/alloc_failure.h"
#include "model/device.h"
#include "model/folio.h"
#include "model/model.h"
#include "model/page_data.h"
#include "model/page_io.h"
#include "model/swap_state.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

using checker::ObjectName;

namespace {

std::string format_entry_id(std::uint64_t v) { return v == 0 ? "none" : "zswap_entry" + std::to_string(v); }

ZswapTree& tree_of(swp_entry_t swp) { return __swap_entry_to_info(swp).zswap; }
checker::Atomic<std::uint32_t>& tree_slot(swp_entry_t swp) { return tree_of(swp).slot.at(swp_offset(swp)); }

void zswap_lru_add(ZswapEntry& entry) {
  CHECKER_FRAME();
  check_cell_not_dead(entry.cell, "zswap_entry" + std::to_string(entry.id), "added to the zswap LRU");
  ZswapLru& lru = *model().zswap_lru;
  lru.lock.lock();
  std::vector<std::uint32_t> l = lru.list.read();
  l.push_back(static_cast<std::uint32_t>(entry.id));
  lru.list.write(std::move(l));
  lru.lock.unlock();
}

// zswap_store_page: compress one page into a new entry and publish it in the tree.
bool zswap_store_page(Folio& folio, int page) {
  CHECKER_FRAME();
  // A compression or allocation failure (SwapConfig::zswap_store_fail_page).
  if (page == model().cfg.zswap_store_fail_page) return false;
  // zswap_entry_cache_alloc(GFP_KERNEL): zswap_reject_kmemcache_fail.
  if (alloc_fails(AllocSite::ZswapEntry)) return false;
  const swp_entry_t swp{folio_swap(folio).val + static_cast<std::uint64_t>(page)};
  ZswapEntry& entry = model().new_zswap_entry();
  entry.data.write(page_content_read(folio.data[static_cast<std::size_t>(page)]));  // zswap_compress
  if (!vswap::is_vswap_entry(swp) && alloc_fails(AllocSite::ZswapTree)) {
    // xa_store failed (-ENOMEM): store_failed frees the compressed copy and the entry, never
    // published, and the old entry (if any) stays in the tree for zswap_store's check_old.
    checker::heap_free(entry.cell);  // zs_free + zswap_entry_cache_free
    return false;
  }
  if (vswap::is_vswap_entry(swp)) {
    // Seed 004 P2: the vswap slot's virtual_table owns the entry (the store releases the old
    // backing first).
    vswap::vswap_zswap_store(swp, static_cast<std::uint32_t>(entry.id));
  } else {
    // xa_store: under xa_lock (acquire), rcu_assign_pointer (release).
    const std::uint32_t old = tree_slot(swp).exchange(static_cast<std::uint32_t>(entry.id), checker::MemoryOrder::AcqRel);
    // An entry that went stale when the folio was redirtied: the new version replaces it.
    if (old != 0) zswap_entry_free(model().zswap_entry(old));
  }
  // The entry is finished while already in the tree. Concurrent stores and invalidations are
  // excluded by the folio lock; writeback by the entry not being on the LRU yet.
  entry.swpentry.write(swp.val);
  zswap_lru_add(entry);
  return true;
}

}  // namespace

// xa_load(swap_zswap_tree(swp), offset): the entry id the tree holds for the slot (0: none).
std::uint32_t zswap_tree_load(swp_entry_t swp) { return checker::lkmm::rcu_dereference(tree_slot(swp)); }

// xa_erase(swap_zswap_tree(swp), offset): the id it held.
std::uint32_t zswap_tree_erase(swp_entry_t swp) { return tree_slot(swp).exchange(0, checker::MemoryOrder::AcqRel); }

ZswapEntry::ZswapEntry(int id_)
    : id(id_),
      cell(checker::heap_alloc(ObjectName{"zswap_entry#", id_})),
      data(ObjectName{"zswap_entry#.data", id_}, 0, format_content),
      swpentry(ObjectName{"zswap_entry#.swpentry", id_}, 0, format_swp_entry) {}

ZswapTree::ZswapTree(int type, int slots) : cell(checker::heap_alloc(ObjectName{"zswap_tree#", type})) {
  checker::OwnerScope owner(cell);
  slot.reserve(static_cast<std::size_t>(slots));
  for (int i = 0; i < slots; ++i) slot.emplace_back(ObjectName{"zswap_tree#[#]", type, i}, 0, format_entry_id);
}

ZswapLru::ZswapLru()
    : lock(ObjectName{"zswap_lru.lock"}, "zswap_lru.lock"),
      list(ObjectName{"zswap_lru.list"}),
      enabled(ObjectName{"zswap.enabled"}, model().cfg.zswap_enabled ? 1 : 0) {}

bool zswap_never_enabled() { return !model().cfg.zswap_enabled; }

void zswap_entry_free(ZswapEntry& entry) {
  CHECKER_FRAME();
  ZswapLru& lru = *model().zswap_lru;
  lru.lock.lock();
  std::vector<std::uint32_t> l = lru.list.read();
  l.erase(std::remove(l.begin(), l.end(), static_cast<std::uint32_t>(entry.id)), l.end());
  lru.list.write(std::move(l));
  lru.lock.unlock();
  checker::heap_free(entry.cell);
}

// mm/zswap.c: zswap_store
bool zswap_store(Folio& folio) {
  CHECKER_FRAME();
  VM_WARN_ON(!folio_test_locked(folio), "zswap_store: folio not locked");
  VM_WARN_ON(!folio_test_swapcache(folio), "zswap_store: folio not in the swap cache");
  const swp_entry_t swp = folio_swap(folio);
  bool ret = false, partial_store = false;
  if (checker::lkmm::read_once(model().zswap_lru->enabled) != 0) {  // zswap_is_enabled()
    ret = true;
    for (int i = 0; i < folio.nr() && ret; ++i) {
      ret = zswap_store_page(folio, i);
      if (!ret) partial_store = i > 0;
    }
  }
  if (partial_store && vswap::is_vswap_entry(swp)) {
    // Seed 004 P3: drop the pages already stored; the writeout path then gives the folio
    // physical backing.
    vswap::folio_release_non_phys_swap_backing(folio);
  } else if (!ret && !vswap::is_vswap_entry(swp)) {
    // check_old: the store failed or zswap is disabled. Entries stored earlier at these offsets
    // are stale; left in place, writeback could overwrite the new data on the device.
    for (int i = 0; i < folio.nr(); ++i) {
      const std::uint32_t old =
          tree_slot(swp_entry_t{swp.val + static_cast<std::uint64_t>(i)}).exchange(0, checker::MemoryOrder::AcqRel);  // xa_erase
      if (old != 0) zswap_entry_free(model().zswap_entry(old));
    }
  }
  return ret;
}

// mm/zswap.c: zswap_load
int zswap_load(Folio& folio) {
  CHECKER_FRAME();
  VM_WARN_ON(!folio_test_locked(folio), "zswap_load: folio not locked");
  const swp_entry_t swp = folio_swap(folio);
  if (zswap_never_enabled()) return -ENOENT;
  const bool is_vswap = vswap::is_vswap_entry(swp);
  // zswap does not load large folios, and one may be only partly in zswap. Seed 004 P2: a large
  // vswap folio passed __swap_cache_add_check's backing test, so it is zero- or phys-backed.
  if (folio.nr() > 1) {
    if (is_vswap) return -ENOENT;
    WARN_ON(true, "zswap_load: large folio");
    folio_unlock(folio);
    return -EINVAL;
  }
  const std::uint32_t id = is_vswap ? vswap::vswap_zswap_load(swp) : zswap_tree_load(swp);
  if (id == 0) return -ENOENT;
  ZswapEntry& entry = model().zswap_entry(id);
  page_content_write(folio.data[0], entry.data.read());  // zswap_decompress
  folio_mark_uptodate(folio);
  // Reading into the swap cache invalidates the entry: the swap cache is the authoritative
  // owner of the page from now on, and dirty, so it will be written out again.
  folio_mark_dirty(folio);
  if (is_vswap) {
    vswap::folio_release_vswap_backing(folio);  // seed 004 P2: frees the entry, vt = NONE
  } else {
    zswap_tree_erase(swp);
    zswap_entry_free(entry);
  }
  folio_unlock(folio);
  return 0;
}

// mm/zswap.c: zswap_invalidate. The xa_empty() fast path is modelled as "zswap never enabled".
void zswap_invalidate(swp_entry_t swp) {
  CHECKER_FRAME();
  if (zswap_never_enabled() || vswap::is_vswap_entry(swp)) return;  // a vswap slot's vtable owns its entry
  const std::uint32_t id = tree_slot(swp).exchange(0, checker::MemoryOrder::AcqRel);  // xa_erase: xa_lock + release
  if (id != 0) zswap_entry_free(model().zswap_entry(id));
}

// mm/zswap.c: zswap_decompress into page 0 of the folio; false when it fails
// (SwapConfig::zswap_decompress_fails).
bool zswap_decompress(ZswapEntry& entry, Folio& folio) {
  CHECKER_FRAME();
  if (model().cfg.zswap_decompress_fails) return false;
  page_content_write(folio.data[0], entry.data.read());
  return true;
}

// mm/zswap.c (seed 003): zswap_writeback_entry
int zswap_writeback_entry(ZswapEntry& entry, swp_entry_t swpentry) {
  CHECKER_FRAME();
  SwapDevice* si = nullptr;
  // Try to allocate a swap cache folio, with swapoff locked out meanwhile.
  if (!tryget_swap_entry(swpentry, &si)) return -EEXIST;
  const FolioOrErr r = swap_cache_alloc_folio(swpentry, 1u << 0, 0, /*mm_memcg=*/1);
  put_swap_entry(swpentry, si);
  if (r.folio == nullptr) return r.err;
  Folio& folio = *r.folio;
  // The folio is locked, and the swap cache is now secured against concurrent swapping to and
  // from the slot, and against swapoff, so the tree (or the vswap vtable) can be dereferenced.
  // Verify that the entry was not invalidated and the slot recycled behind our back, or old
  // compressed data would overwrite a new swap folio. Only then may the entry be dereferenced.
  int ret = 0;
  if (vswap::is_vswap_entry(swpentry)) {
    // Seed 004 P3: allocate physical backing before decompressing. folio_realloc_swap replaces
    // ZSWAP with SWAPFILE; from then on only we hold the entry.
    swp_entry_t phys{};
    if (vswap::vswap_zswap_load(swpentry) != static_cast<std::uint32_t>(entry.id)) {
      ret = -ENOMEM;
    } else if ((phys = vswap::folio_realloc_swap(folio)).val == 0) {
      ret = -ENOMEM;
    } else if (!zswap_decompress(entry, folio)) {
      // Restore the entry (this frees the physical slots just allocated).
      ret = -EIO;
      vswap::vswap_zswap_store(swpentry, static_cast<std::uint32_t>(entry.id));
    } else {
      folio_mark_uptodate(folio);
      folio_set(folio, PG_reclaim);
      __swap_writepage_phys(folio, phys);  // starts writeback and unlocks
      zswap_entry_free(entry);
    }
  } else if (zswap_tree_load(swpentry) != static_cast<std::uint32_t>(entry.id)) {
    ret = -ENOMEM;
  } else if (!zswap_decompress(entry, folio)) {
    ret = -EIO;
  } else {
    // Seed 004 P3: the entry leaves the tree here but is freed (and leaves the LRU) only after
    // the write has started.
    zswap_tree_erase(swpentry);
    folio_mark_uptodate(folio);
    folio_set(folio, PG_reclaim);  // folio_set_reclaim: to the inactive tail after writeback
    __swap_writepage(folio);       // starts writeback and unlocks
    zswap_entry_free(entry);
  }
  if (ret) {
    swap_cache_del_folio(folio);
    folio_unlock(folio);
  }
  folio_put(folio);
  return ret;
}

// mm/zswap.c (seed 004 P3): zswap_shrinker_count's refusal. vswap-backed entries need a
// physical slot to be written back; with none free the shrinker does not run.
bool zswap_shrinker_count() {
  // get_nr_swap_pages(): atomic_long_read, relaxed.
  return !(model().cfg.vswap && checker::lkmm::atomic_read(model().nr_swap_pages) <= 0);
}

// mm/list_lru.c: list_lru_walk_one's isolation of the oldest entry for shrink_memcg_cb, under
// the LRU lock. It is rotated before the lock is dropped: once dropped, the entry may be freed
// by a concurrent invalidation, and whatever happens the free path unlinks it. -ENOENT when the
// LRU is empty.
int zswap_lru_isolate() {
  CHECKER_FRAME();
  ZswapLru& lru = *model().zswap_lru;
  lru.lock.assert_held();
  std::vector<std::uint32_t> l = lru.list.read();
  if (l.empty()) return -ENOENT;
  const std::uint32_t id = l.front();
  l.erase(l.begin());
  l.push_back(id);
  lru.list.write(std::move(l));
  return static_cast<int>(id);
}

// entry->swpentry, copied out under the LRU lock: after the unlock only the tree may vouch for
// the entry.
swp_entry_t zswap_entry_swpentry(ZswapEntry& entry) { return swp_entry_t{entry.swpentry.read()}; }

// mm/zswap.c: shrink_memcg_cb for the LRU's oldest entry.
int zswap_shrink_one() {
  CHECKER_FRAME();
  if (!zswap_shrinker_count()) return -ENOENT;
  ZswapLru& lru = *model().zswap_lru;
  lru.lock.lock();
  const int id = zswap_lru_isolate();
  if (id < 0) {
    lru.lock.unlock();
    return -ENOENT;
  }
  ZswapEntry& entry = model().zswap_entry(static_cast<std::uint32_t>(id));
  const swp_entry_t swpentry = zswap_entry_swpentry(entry);
  lru.lock.unlock();
  return zswap_writeback_entry(entry, swpentry);
}

// mm/zswap.c: zswap_swapoff
void zswap_swapoff(int type) {
  CHECKER_FRAME();
  SwapDevice* si = swap_type_to_info(type);
  if (si == nullptr) return;
  if (!zswap_never_enabled())
    for (auto& s : si->zswap.slot) WARN_ON(s.load() != 0, "zswap_swapoff: tree not empty");
  checker::heap_free(si->zswap.cell);
}

}  // namespace swapmodel
