// zswap on a physical device (mm/zswap.c, without vswap): the per-type tree of compressed
// entries, the LRU the shrinker writes back from, and the store / load / invalidate /
// writeback paths.
//
// Ownership and locking:
//   - tree: swap_zswap_tree(), offset -> entry id (0: none). Each xa_store / xa_load / xa_erase
//     is atomic (the xarray's own lock), modelled as one atomic word per offset. Stores and
//     loads run with the folio locked in the swap cache; invalidation runs when the slot is
//     freed. The tree array is freed by zswap_swapoff: a later access is a use-after-free.
//   - entries: tracked heap objects, freed by zswap_entry_free (a second free, or a load after
//     the free, is caught). An entry's data and swpentry are written before it is published on
//     the LRU and never change.
//   - LRU: zswap_list_lru, entry ids oldest first, under its spinlock. zswap_entry_free unlinks
//     under that lock, so an entry seen on the LRU under the lock is alive; once the lock is
//     dropped only its swpentry (copied out) may be used until the tree confirms the entry.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/atomic.h"
#include "checker/execution.h"
#include "checker/lock.h"
#include "checker/var.h"
#include "model/heap_object.h"
#include "model/kernel.h"
#include "model/stable_vector.h"

namespace swapmodel {

struct Folio;

struct ZswapEntry {
  explicit ZswapEntry(int id);
  const int id;
  checker::HeapCell* cell;
  OwnedFieldsBegin owned_begin{cell};
  checker::Var<std::uint64_t> data;      // the compressed page's content
  checker::Var<std::uint64_t> swpentry;  // entry->swpentry
  OwnedFieldsEnd owned_end{owned_begin};
};

struct ZswapTree {
  ZswapTree(int type, int slots);
  checker::HeapCell* cell;
  StableVector<checker::Atomic<std::uint32_t>> slot;
};

struct ZswapLru {
  ZswapLru();
  checker::SpinLock lock;
  checker::Var<std::vector<std::uint32_t>> list;
  checker::Atomic<int> enabled;  // the zswap.enabled parameter, writable at run time
};

// zswap_store: compress every page of the locked swap-cache folio into the tree; on failure
// (or zswap disabled) erase any stale entry at those offsets. True when stored.
bool zswap_store(Folio& folio);
// zswap_load: -ENOENT when the tree has no entry; otherwise decompress into the folio, mark it
// uptodate and dirty, erase and free the entry, unlock the folio and return 0.
int zswap_load(Folio& folio);
// zswap_invalidate: the slot was freed; drop its entry.
void zswap_invalidate(swp_entry_t swp);
void zswap_entry_free(ZswapEntry& entry);
// zswap_writeback_entry: move an entry to the swap device through a new swap-cache folio. Its
// steps: tryget_swap_entry, swap_cache_alloc_folio, put_swap_entry; then with the folio locked
// zswap_tree_load (vswap: vswap_zswap_load, folio_realloc_swap), zswap_decompress,
// zswap_tree_erase, zswap_entry_free, folio_mark_uptodate, folio_set_reclaim, __swap_writepage
// (vswap: __swap_writepage_phys, then zswap_entry_free); on error swap_cache_del_folio and
// folio_unlock; folio_put.
int zswap_writeback_entry(ZswapEntry& entry, swp_entry_t swpentry);
// shrink_memcg_cb for the LRU's oldest entry: rotate it, copy its swpentry, write it back.
// -ENOENT when the LRU is empty, else zswap_writeback_entry's result. Its steps:
// zswap_shrinker_count, the LRU lock, zswap_lru_isolate, zswap_entry_swpentry, the unlock,
// zswap_writeback_entry.
int zswap_shrink_one();
// zswap_shrinker_count (seed 004 P3): false when vswap entries could not get a physical slot.
bool zswap_shrinker_count();
// The LRU's oldest entry, rotated to the tail (LRU lock held); -ENOENT when empty.
int zswap_lru_isolate();
// entry->swpentry (read under the LRU lock).
swp_entry_t zswap_entry_swpentry(ZswapEntry& entry);
// xa_load / xa_erase on the device's tree: the entry id at the slot (0: none).
std::uint32_t zswap_tree_load(swp_entry_t swp);
std::uint32_t zswap_tree_erase(swp_entry_t swp);
// zswap_decompress into the folio's page 0; false when it fails (SwapConfig::zswap_decompress_fails).
bool zswap_decompress(ZswapEntry& entry, Folio& folio);
// zswap_swapoff: free the device's tree (all its entries are gone by then).
void zswap_swapoff(int type);
// zswap_never_enabled: no entry was ever stored (THP swap-in is allowed only then).
bool zswap_never_enabled();

}  // namespace swapmodel
