// Swap counts: dup and put, in a cluster and through the folio or direct APIs, the extend-table
// retry, and the hibernation slot free (mm/swapfile.c, seed 000; SEMANTICS 2.1). The per-slot
// arithmetic is in swap_table.h; this file reads the slot, applies it and writes it back, all
// under ci->lock.
#include <algorithm>

#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/memcg.h"
#include "model/model.h"
#include "model/swap_state.h"
#include "model/swap_table.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

namespace {

unsigned spc() { return model().slots_per_cluster(); }
unsigned cluster_off(std::uint64_t offset) { return static_cast<unsigned>(offset % spc()); }

// The extend table's entry for a slot (0 when there is no table). Caller holds ci->lock.
std::uint32_t ext_get(SwapCluster& ci, unsigned ci_off) {
  const std::uint32_t id = ci.extend_table.read();
  return id == 0 ? 0 : model().ext_table(id).ext[ci_off].read();
}

void ext_set(SwapCluster& ci, unsigned ci_off, std::uint32_t v) {
  const std::uint32_t id = ci.extend_table.read();
  // The kernel dereferences ci->extend_table here; NULL would oops.
  checker::check(id != 0, "extend_table is NULL");
  model().ext_table(id).ext[ci_off].write(v);
}

}  // namespace

// mm/swapfile.c (seed 000): __swap_cluster_dup_entry
int __swap_cluster_dup_entry(SwapCluster& ci, unsigned ci_off) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  const unsigned max = model().count_max();
  const std::uint64_t w = __swap_table_get(ci, ci_off);
  const bool has_ext = ci.extend_table.read() != 0;
  const unsigned f = tb::field(w);
  const std::uint32_t ext = (has_ext && (f == max || f == max - 1)) ? ext_get(ci, ci_off) : 0;
  const tb::DupResult r = tb::dup_entry(w, has_ext, ext, max);
  if (r.warn) WARN_ON(true, r.err == -ENOENT ? "dup of a free slot" : "dup: bad count or slot");
  if (r.err) return r.err;
  // At MAX-1 the extend-table entry is written before the word says to look at it.
  if (r.ext != ext) ext_set(ci, ci_off, r.ext);
  if (r.tb != w) __swap_table_set(ci, ci_off, r.tb);
  return 0;
}

// mm/swapfile.c (seed 000): __swap_cluster_put_entry. Never frees the slot.
void __swap_cluster_put_entry(SwapCluster& ci, unsigned ci_off) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  const unsigned max = model().count_max();
  const std::uint64_t w = __swap_table_get(ci, ci_off);
  const std::uint32_t ext = tb::field(w) == max ? ext_get(ci, ci_off) : 0;
  if (tb::field(w) == max) checker::check(ci.extend_table.read() != 0, "extend_table is NULL");
  const tb::PutResult r = tb::put_entry(w, ext, max);
  VM_WARN_ON(r.warn, "__swap_cluster_put_entry: count <= 0");
  if (r.writes_ext) ext_set(ci, ci_off, r.ext);
  if (r.tb != w) __swap_table_set(ci, ci_off, r.tb);
  if (r.try_free_ext) swap_extend_table_try_free(ci);
}

// mm/swapfile.c (seed 000): swap_dup_entries_cluster
int swap_dup_entries_cluster(SwapDevice& si, std::uint64_t offset, int nr) {
  CHECKER_FRAME();
  const unsigned ci_start = cluster_off(offset);
  const unsigned ci_end = ci_start + static_cast<unsigned>(nr);
  unsigned ci_off = ci_start;
  int err = 0;
  SwapCluster& ci = swap_cluster_lock(si.type, offset);
  while (ci_off < ci_end) {
    err = __swap_cluster_dup_entry(ci, ci_off);
    if (err == -ENOMEM) {
      // The extend table is needed: allocate it outside the lock and restart at this slot.
      ci.lock.unlock();
      err = swap_extend_table_alloc(ci, ci_off, /*atomic=*/true);
      ci.lock.lock();
      if (!err) continue;
    }
    if (err) break;
    ++ci_off;
  }
  if (err) {
    while (ci_off-- > ci_start) __swap_cluster_put_entry(ci, ci_off);
    if (!(err == -ENOMEM && model().cfg.fixes.dup_enomem_keeps_extend_table)) swap_extend_table_try_free(ci);
    swap_cluster_unlock(ci);
    return err;
  }
  // Seed 004 P3: slots that just went 0 -> 1 are no longer reclaimable.
  if (vt::step::dup_runs_clear_cache_only(model().cfg.mutations)) vswap::vswap_clear_cache_only(si, ci, ci_start, nr);
  swap_cluster_unlock(ci);
  return 0;
}

// mm/swapfile.c (seed 000): swap_put_entries_cluster. Count-1 slots that are not cached are
// freed in batches without a put; cached slots keep their folio and are freed with it.
void swap_put_entries_cluster(SwapDevice& si, std::uint64_t start, int nr, bool reclaim_cache) {
  CHECKER_FRAME();
  const std::uint64_t end = start + static_cast<std::uint64_t>(nr);
  std::uint64_t batch_start = 0;  // SWAP_ENTRY_INVALID: offset 0 is the header, never freed
  bool need_reclaim = false;
  SwapCluster& ci = swap_cluster_lock(si.type, start);
  std::uint64_t offset = start;
  do {
    const auto slot = tb::step::put_entries_slot(pure::Machine{}, tb::decode(__swap_table_get(ci, cluster_off(offset))));
    if (slot.frees) {
      if (!batch_start) batch_start = offset;
      continue;
    }
    if (slot.last_cached) {
      // The count will be 0 after the put: the slot can be reclaimed.
      need_reclaim = true;
      if (vswap::swap_is_vswap(si)) vswap::vswap_mark_cache_only(si, ci, cluster_off(offset));  // seed 004 P3
    }
    __swap_cluster_put_entry(ci, cluster_off(offset));
    if (batch_start) {
      __swap_cluster_free_entries(si, ci, cluster_off(batch_start), static_cast<unsigned>(offset - batch_start));
      batch_start = 0;
    }
  } while (++offset < end);
  if (batch_start)
    __swap_cluster_free_entries(si, ci, cluster_off(batch_start), static_cast<unsigned>(offset - batch_start));
  swap_cluster_unlock(ci);

  if (!need_reclaim || !reclaim_cache) return;
  offset = start;
  do {
    const int nr_reclaimed = __try_to_reclaim_swap(si, offset, TTRS_UNMAPPED | TTRS_FULL);
    ++offset;
    if (nr_reclaimed) {
      const std::uint64_t step = static_cast<std::uint64_t>(nr_reclaimed < 0 ? -nr_reclaimed : nr_reclaimed);
      offset = (offset + step - 1) / step * step;
    }
  } while (offset < end);
}

// mm/swapfile.c (seed 000): folio_dup_swap
int folio_dup_swap(Folio& folio, int page) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "folio_dup_swap: folio not locked");
  checker::require(folio_test_swapcache(folio), "folio_dup_swap: folio not in the swap cache");
  swp_entry_t entry = folio_swap(folio);
  int nr = folio.nr();
  if (page >= 0) {
    entry.val += static_cast<std::uint64_t>(page);
    nr = 1;
  }
  return swap_dup_entries_cluster(__swap_entry_to_info(entry), swp_offset(entry), nr);
}

// mm/swapfile.c (seed 000): folio_put_swap
int folio_put_swap(Folio& folio, int page) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "folio_put_swap: folio not locked");
  checker::require(folio_test_swapcache(folio), "folio_put_swap: folio not in the swap cache");
  swp_entry_t entry = folio_swap(folio);
  int nr = folio.nr();
  if (page >= 0) {
    entry.val += static_cast<std::uint64_t>(page);
    nr = 1;
  }
  swap_put_entries_cluster(__swap_entry_to_info(entry), swp_offset(entry), nr, false);
  return 0;
}

bool swap_entry_swapped(SwapDevice& si, swp_entry_t entry) {
  CHECKER_FRAME();
  SwapCluster& ci = swap_cluster_lock(si.type, swp_offset(entry));
  const int count = __swap_count_locked(ci, cluster_off(swp_offset(entry)));
  swap_cluster_unlock(ci);
  return count > 0;
}

// mm/swapfile.c (seed 000): swap_dup_entry_direct
int swap_dup_entry_direct(swp_entry_t entry) {
  CHECKER_FRAME();
  SwapDevice* si = swap_type_to_info(swp_type(entry));
  if (WARN_ON(si == nullptr, "swap_dup_entry_direct: Bad_file")) return -EINVAL;
  // The caller increases the count from a direct reference (a swap PTE it holds the lock of),
  // so the count must be >= 1 (the seed's "> 1" is stronger than the code checks).
  if (debug_vm()) VM_WARN_ON(!swap_entry_swapped(*si, entry), "swap_dup_entry_direct: entry not swapped");
  return swap_dup_entries_cluster(*si, swp_offset(entry), 1);
}

// mm/swapfile.c (seed 000): swap_put_entries_direct
void swap_put_entries_direct(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  SwapDevice* si = get_swap_device(entry);
  if (WARN_ON(si == nullptr, "swap_put_entries_direct: no device")) return;
  if (!WARN_ON(nr > static_cast<int>(spc()), "swap_put_entries_direct: range larger than a cluster")) {
    std::uint64_t offset = swp_offset(entry);
    const std::uint64_t end = offset + static_cast<std::uint64_t>(nr);
    while (offset < end) {
      const std::uint64_t cluster_end = std::min(end, (offset / spc() + 1) * spc());
      swap_put_entries_cluster(*si, offset, static_cast<int>(cluster_end - offset), true);
      offset = cluster_end;
    }
  }
  put_swap_device(si);
}

// mm/swapfile.c: swap_retry_table_alloc. The entry is in use, so its cluster is alive.
int swap_retry_table_alloc(swp_entry_t entry) {
  CHECKER_FRAME();
  SwapDevice* si = get_swap_device(entry);
  if (si == nullptr) return 0;
  SwapCluster& ci = __swap_offset_to_cluster(si->type, swp_offset(entry));
  const int ret = swap_extend_table_alloc(ci, cluster_off(swp_offset(entry)), /*atomic=*/false);
  put_swap_device(si);
  return ret;
}

// mm/swapfile.c: __swap_cluster_free_entries (physical: uncharge by memcg id in batches)
void __swap_cluster_free_entries(SwapDevice& si, SwapCluster& ci, unsigned ci_start, unsigned nr) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  const bool is_vswap = vswap::swap_is_vswap(si);
  const auto count = tb::step::cluster_count_free(pure::Machine{}, std::int64_t{ci.count.read()}, std::int64_t{nr});
  VM_WARN_ON(count.warn, "__swap_cluster_free_entries: ci->count < nr");
  // Seed 004 P2-P5: release the slots' backing (and its charge), then vswap_used -= nr.
  if (is_vswap) {
    vswap::__vswap_release_backing(ci, ci_start, nr);
    checker::lkmm::atomic_add(vswap::vswap_state()->used, -std::int64_t{nr});  // atomic_sub: a void atomic, unordered
  }
  ci.count.write(static_cast<std::uint32_t>(count.count));
  int batch_id = 0;
  unsigned batch_off = ci_start, ci_off = ci_start;
  const unsigned ci_end = ci_start + nr;
  do {
    const std::uint64_t old = __swap_table_get(ci, ci_off);
    // Release the last reference, or after the swap cache dropped the folio.
    const auto freed = tb::step::free_entries_slot(pure::Machine{}, tb::decode(old));
    VM_WARN_ON(freed.warn, "__swap_cluster_free_entries: slot not freeable");
    __swap_table_set(ci, ci_off, tb::pack(freed.word));
    // Uncharge swap slots by memcg in batches of consecutive slots with the same id.
    const int id_cur = __swap_cgroup_clear(ci, ci_off, 1);
    // Seed 004 P4: for vswap only the id reference goes; the charge went with the backing.
    if (batch_id != id_cur) {
      if (batch_id && is_vswap) mem_cgroup_id_put_swap(batch_id, static_cast<int>(ci_off - batch_off));
      else if (batch_id) mem_cgroup_uncharge_swap(batch_id, static_cast<int>(ci_off - batch_off));
      batch_id = id_cur;
      batch_off = ci_off;
    }
  } while (++ci_off < ci_end);
  if (batch_id && is_vswap) mem_cgroup_id_put_swap(batch_id, static_cast<int>(ci_off - batch_off));
  else if (batch_id) mem_cgroup_uncharge_swap(batch_id, static_cast<int>(ci_off - batch_off));
  swap_range_free(si, cluster_offset(ci) + ci_start, static_cast<int>(nr));
  for (unsigned off = ci_start; off < ci_end; ++off)
    VM_WARN_ON(!tb::is_null(__swap_table_get(ci, off)), "swap_cluster_assert_empty");
  if (ci.count.read() == 0)
    free_cluster(si, ci);
  else
    partial_free_cluster(si, ci);
}

// mm/swapfile.c: folio_maybe_swapped. Under RCU without the cluster lock: a concurrent direct
// put may lower a count (a false positive), but only folio_dup_swap makes a 0->1 transition and
// it needs the folio lock the caller holds, so a real count is never missed.
bool folio_maybe_swapped(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "folio_maybe_swapped: folio not locked");
  checker::require(folio_test_swapcache(folio), "folio_maybe_swapped: folio not in the swap cache");
  const swp_entry_t entry = folio_swap(folio);
  SwapCluster& ci = __swap_offset_to_cluster(swp_type(entry), swp_offset(entry));
  SwapModel& m = model();
  bool ret = false;
  m.rcu.read_lock();
  for (int i = 0; i < folio.nr(); ++i)
    if (tb::field(__swap_table_get(ci, cluster_off(swp_offset(entry)) + static_cast<unsigned>(i))) != 0) {
      ret = true;
      break;
    }
  m.rcu.read_unlock();
  return ret;
}

bool folio_swapcache_freeable(Folio& folio) {
  CHECKER_FRAME();
  checker::check(folio_test_locked(folio), "folio_swapcache_freeable: VM_BUG_ON(!folio_test_locked)");
  if (!folio_test_swapcache(folio)) return false;
  if (folio_test_writeback(folio)) return false;
  // pm_suspended_storage(): hibernation is not writing its image in the model.
  return true;
}

// mm/swapfile.c: folio_free_swap
bool folio_free_swap(Folio& folio) {
  CHECKER_FRAME();
  if (!folio_swapcache_freeable(folio)) return false;
  if (folio_maybe_swapped(folio)) return false;
  swap_cache_del_folio(folio);
  // Once the swap cache is released the data is only in the folio: mark it dirty.
  folio_mark_dirty(folio);
  return true;
}

// mm/swapfile.c: __try_to_reclaim_swap. Trylock only: callers may hold another folio lock.
int __try_to_reclaim_swap(SwapDevice& si, std::uint64_t offset, unsigned flags) {
  CHECKER_FRAME();
  const swp_entry_t entry = swp_entry(si.type, offset);
  for (;;) {
    Folio* folio = swap_cache_get_folio(entry);
    if (folio == nullptr) return 0;
    const int nr = folio->nr();
    int ret = -nr;
    if (!folio_trylock(*folio)) {
      folio_put(*folio);
      return ret;
    }
    // The offset may point into the middle of a large folio, or the folio may no longer be
    // the one for this offset once locked.
    if (!folio_matches_swap_entry(*folio, entry)) {
      folio_unlock(*folio);
      folio_put(*folio);
      continue;
    }
    const std::uint64_t first = swp_offset(folio_swap(*folio));
    bool need_reclaim = (flags & TTRS_ANYWAY) || ((flags & TTRS_UNMAPPED) && !folio_mapped(*folio)) ||
                        ((flags & TTRS_FULL) && mem_cgroup_swap_full(*folio) &&
                         (!vswap::swap_is_vswap(si) || vswap::folio_phys_swap_backed(*folio)));
    if (need_reclaim && folio_swapcache_freeable(*folio)) {
      // Only a slot with no count left may lose its folio: it has no page-table reference and
      // cannot be handed to anyone else.
      SwapCluster& ci = swap_cluster_lock(si.type, first);
      need_reclaim = true;
      for (int i = 0; i < nr; ++i) {
        const std::uint64_t w = __swap_table_get(ci, cluster_off(first) + static_cast<unsigned>(i));
        VM_WARN_ON(!tb::is_folio(w), "swap_only_has_cache: slot not cached");
        if (tb::get_count(w) != 0) {
          need_reclaim = false;
          break;
        }
      }
      swap_cluster_unlock(ci);
      if (need_reclaim) {
        swap_cache_del_folio(*folio);
        folio_set(*folio, PG_dirty);
        ret = nr;
      }
    }
    folio_unlock(*folio);
    folio_put(*folio);
    return ret;
  }
}

// mm/swapfile.c (seed 000 / SEMANTICS 2.1): swap_free_hibernation_slot
void swap_free_hibernation_slot(swp_entry_t entry) {
  CHECKER_FRAME();
  SwapDevice* si = get_swap_device(entry);
  if (WARN_ON(si == nullptr, "swap_free_hibernation_slot: no device")) return;
  const std::uint64_t offset = swp_offset(entry);
  SwapCluster& ci = swap_cluster_lock(si->type, offset);
  __swap_cluster_put_entry(ci, cluster_off(offset));
  // If readahead cached a folio here, the slot is freed when that folio leaves the cache.
  if (!tb::is_folio(__swap_table_get(ci, cluster_off(offset)))) __swap_cluster_free_entries(*si, ci, cluster_off(offset), 1);
  swap_cluster_unlock(ci);
  __try_to_reclaim_swap(*si, offset, TTRS_ANYWAY);
  put_swap_device(si);
  auto& held = model().ghost.hibernation_slots;
  for (auto it = held.begin(); it != held.end(); ++it)
    if (*it == entry) {
      held.erase(it);
      model().ghost.note_written_all();
      break;
    }
}

}  // namespace swapmodel
