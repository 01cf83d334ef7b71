// The swap cache (mm/swap_state.c, phase IV; seed 002 for __swap_cache_add_check and
// swap_cache_alloc_folio).
#include "model/swap_state.h"

#include "model/device.h"
#include "model/memcg.h"
#include "model/model.h"
#include "model/page_io.h"
#include "model/swap_table.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

namespace {
unsigned cluster_off(swp_entry_t e) { return static_cast<unsigned>(swp_offset(e) % model().slots_per_cluster()); }
int highest_order(unsigned orders) {
  CHECKER_FRAME();
  int o = -1;
  for (int i = 0; i < 32; ++i)
    if (orders & (1u << i)) o = i;
  return o;
}
// next_order (include/linux/huge_mm.h): without CONFIG_TRANSPARENT_HUGEPAGE it is a stub that
// returns 0 and leaves `orders` alone.
int next_order(unsigned* orders, int prev) {
  if (!model().cfg.thp) return 0;
  *orders &= ~(1u << prev);
  return highest_order(*orders);
}
}  // namespace

// swap_table_get on the entry's cluster, as swap_cache_get_folio reads it. Seed 004 P1: for a
// vswap entry the cluster lookup happens inside the RCU section, and a missing cluster reads as
// NULL (swap_table_get(NULL, ...)).
std::uint64_t swap_table_get_entry(swp_entry_t entry) {
  if (!vswap::is_vswap_entry(entry))
    return swap_table_get(__swap_offset_to_cluster(swp_type(entry), swp_offset(entry)), cluster_off(entry));
  SwapModel& m = model();
  m.rcu.read_lock();
  SwapCluster* ci = __swap_offset_to_cluster_or_null(swp_type(entry), swp_offset(entry));
  const std::uint64_t w = ci == nullptr ? tb::kNull : swap_table_get(*ci, cluster_off(entry));
  m.rcu.read_unlock();
  return w;
}

// mm/swap_state.c: swap_cache_get_folio
Folio* swap_cache_get_folio(swp_entry_t entry) {
  CHECKER_FRAME();
  for (;;) {
    const std::uint64_t w = swap_table_get_entry(entry);
    if (!tb::is_folio(w)) return nullptr;
    Folio& folio = model().folio(static_cast<int>(tb::folio_pfn(w)));
    if (folio_try_get_retry(folio)) return &folio;
    // The count is frozen at 0: whoever holds the folio lock is removing it from the swap cache
    // (or gives up and unfreezes). The kernel spins here; the model waits for that lock holder
    // to finish, after which the table no longer names the folio or the count is back.
    folio.lock.wait_unlocked();
  }
}

// mm/swap_state.c (seed 002): __swap_cache_add_check
int __swap_cache_add_check(SwapCluster& ci, swp_entry_t targ, int nr, std::uint64_t* shadowp, int* memcg_idp) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  // If the target slot is not swapped out or already cached, return -ENOENT or -EEXIST. If the
  // batch is not suitable (a race with a concurrent free or cache add), return -EBUSY.
  if (!cluster_table_is_alloced(ci)) return -ENOENT;
  unsigned ci_off = cluster_off(targ);
  std::uint64_t old = __swap_table_get(ci, ci_off);
  if (const auto err = tb::step::add_check_target(pure::Machine{}, tb::decode(old))) return static_cast<int>(err);
  if (tb::is_shadow(old) && shadowp != nullptr) *shadowp = tb::shadow_value(old);
  const int memcg_id = memcg_idp != nullptr ? __swap_cgroup_get(ci, ci_off) : 0;
  if (memcg_idp != nullptr) *memcg_idp = memcg_id;
  if (nr == 1) return 0;
  // Seed 004 P2: a vswap batch must be THP-amenable (uniform, not ZSWAP) or the order-fallback
  // loop retries smaller.
  if (vswap::is_vswap_entry(targ)) {
    vt::Type type = vt::VSWAP_NONE;
    const int ret = vswap::__vswap_check_backing(ci, ci_off - ci_off % static_cast<unsigned>(nr), nr, &type);
    if (ret != nr || type == vt::VSWAP_ZSWAP) return -EBUSY;
  }

  const bool is_zero = tb::zero(old);
  ci_off -= ci_off % static_cast<unsigned>(nr);
  const unsigned ci_end = ci_off + static_cast<unsigned>(nr);
  do {
    old = __swap_table_get(ci, ci_off);
    if (tb::step::add_check_batch_busy(pure::Machine{}, tb::decode(old), is_zero)) return -EBUSY;
    if (memcg_idp != nullptr && __swap_cgroup_get(ci, ci_off) != memcg_id) return -EBUSY;
  } while (++ci_off < ci_end);
  return 0;
}

// mm/swap_state.c: __swap_cache_add_folio (__swap_cache_do_add_folio in seed 002)
void __swap_cache_do_add_folio(SwapCluster& ci, Folio& folio, swp_entry_t entry) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  checker::require(folio_test_locked(folio), "__swap_cache_add_folio: folio not locked");
  VM_WARN_ON(folio_test_swapcache(folio), "__swap_cache_add_folio: folio already in the swap cache");
  const unsigned start = cluster_off(entry);
  for (unsigned off = start; off < start + static_cast<unsigned>(folio.nr()); ++off) {
    const std::uint64_t old = __swap_table_get(ci, off);
    VM_WARN_ON(tb::is_folio(old), "__swap_cache_add_folio: slot already cached");
    __swap_table_set(ci, off, tb::pack(tb::step::cache_add_word(pure::Machine{}, tb::decode(old)), static_cast<std::uint64_t>(folio.id)));
  }
  // The table names the folio first; a lockless lookup that finds it takes a reference and
  // then, under the folio lock, sees PG_swapcache and folio->swap (folio_matches_swap_entry).
  folio_ref_add(folio, folio.nr());
  folio_set(folio, PG_swapcache);
  folio.swap.write(entry.val);
}

// mm/swap_state.c (seed 002): swap_cache_add_folio
int swap_cache_add_folio(Folio& folio, swp_entry_t entry, std::uint64_t* shadowp) {
  CHECKER_FRAME();
  std::uint64_t shadow = 0;
  SwapCluster& ci = swap_cluster_lock(swp_type(entry), swp_offset(entry));
  const int err = __swap_cache_add_check(ci, entry, folio.nr(), &shadow, nullptr);
  if (err) {
    swap_cluster_unlock(ci);
    return err;
  }
  __swap_cache_do_add_folio(ci, folio, entry);
  swap_cluster_unlock(ci);
  if (shadowp != nullptr) *shadowp = shadow;
  return 0;
}

// mm/swap_state.c: __swap_cache_del_folio (__swap_cache_do_del_folio in seed 002)
void __swap_cache_do_del_folio(SwapCluster& ci, Folio& folio, swp_entry_t entry, std::uint64_t shadow) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  checker::require(folio_test_locked(folio), "__swap_cache_del_folio: folio not locked");
  checker::require(folio_test_swapcache(folio), "__swap_cache_del_folio: folio not in the swap cache");
  VM_WARN_ON(folio_test_writeback(folio), "__swap_cache_del_folio: folio under writeback");
  SwapDevice& si = __swap_entry_to_info(entry);
  const unsigned start = cluster_off(entry);
  const unsigned end = start + static_cast<unsigned>(folio.nr());
  bool folio_swapped = false, need_free = false;
  for (unsigned off = start; off < end; ++off) {
    const std::uint64_t old = __swap_table_get(ci, off);
    WARN_ON(!tb::is_folio(old) || tb::folio_pfn(old) != static_cast<std::uint64_t>(folio.id),
            "__swap_cache_del_folio: slot does not hold this folio");
    const auto del = tb::step::cache_del_slot(pure::Machine{}, tb::decode(old));
    if (del.swapped)
      folio_swapped = true;
    else
      need_free = true;
    __swap_table_set(ci, off, tb::pack(del.word, shadow));
  }
  folio.swap.write(0);
  folio_clear(folio, PG_swapcache);
  if (!folio_swapped) {
    __swap_cluster_free_entries(si, ci, start, static_cast<unsigned>(folio.nr()));
  } else if (need_free) {
    for (unsigned off = start; off < end; ++off)
      if (tb::field(__swap_table_get(ci, off)) == 0) __swap_cluster_free_entries(si, ci, off, 1);
  }
}

// mm/swap_state.c: swap_cache_del_folio
void swap_cache_del_folio(Folio& folio) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  SwapCluster& ci = swap_cluster_lock(swp_type(entry), swp_offset(entry));
  __swap_cache_do_del_folio(ci, folio, entry, 0);
  swap_cluster_unlock(ci);
  folio_ref_sub(folio, folio.nr());
}

// mm/swap_state.c: __swap_cache_replace_folio (phase II on; seeds 002 and 004 keep it as
// context). The swap cache stores nr PFN words, not one high-order entry: each is exchanged for
// the new folio's, with the slot's flags (count, zero flag) carried over as every phase-IV
// table writer does.
void __swap_cache_replace_folio(SwapCluster& ci, Folio& old, Folio& new_folio) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  const swp_entry_t entry = folio_swap(new_folio);
  VM_WARN_ON(!folio_test_swapcache(old) || !folio_test_swapcache(new_folio), "__swap_cache_replace_folio: folio not in the swap cache");
  VM_WARN_ON(!folio_test_locked(old) || !folio_test_locked(new_folio), "__swap_cache_replace_folio: folio not locked");
  VM_WARN_ON(entry.val == 0, "__swap_cache_replace_folio: no swap entry");
  const unsigned start = cluster_off(entry);
  for (unsigned off = start; off < start + static_cast<unsigned>(new_folio.nr()); ++off) {
    const std::uint64_t old_tb = __swap_table_get(ci, off);
    __swap_table_set(ci, off, tb::mk_folio(static_cast<std::uint64_t>(new_folio.id), tb::flags(old_tb)));
    WARN_ON(!tb::is_folio(old_tb) || tb::folio_pfn(old_tb) != static_cast<std::uint64_t>(old.id),
            "__swap_cache_replace_folio: slot does not hold the old folio");
  }
}

// mm/swap_state.c (seed 002): __swap_cache_alloc's first check, before the allocation: the
// slot and range are available. Seed 004 P1: the cluster is looked up (and may be gone) on
// every attempt.
int swap_cache_add_check(swp_entry_t targ, int nr) {
  CHECKER_FRAME();
  SwapCluster* ci = __swap_cluster_lock(swp_type(targ), swp_offset(targ));
  if (ci == nullptr) return -ENOENT;
  const int err = __swap_cache_add_check(*ci, targ, nr, nullptr, nullptr);
  swap_cluster_unlock(*ci);
  return err;
}

// mm/swap_state.c (seed 002): __swap_cache_alloc after the re-check passed. The new folio is
// still private, so taking its lock cannot block (__folio_set_locked); it becomes swap-backed
// and enters the swap cache. Caller holds ci->lock.
void __swap_cache_add_new_folio(SwapCluster& ci, Folio& folio, swp_entry_t entry) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  checker::check(folio_trylock(folio), "__folio_set_locked on a folio someone else holds");
  folio_set(folio, PG_swapbacked | PG_anon);
  __swap_cache_do_add_folio(ci, folio, entry);
}

// mm/swap_state.c (seed 002): __swap_cache_alloc's failed charge. The folio pins the cluster:
// its slots cannot be freed while it is in the cache. Back out with the shadow the re-check
// saw, and drop nr references from the swap cache and one from the allocation.
void swap_cache_alloc_undo(Folio& folio, swp_entry_t entry, std::uint64_t shadow) {
  CHECKER_FRAME();
  SwapCluster& pinned = swap_cluster_lock(swp_type(entry), swp_offset(entry));
  __swap_cache_do_del_folio(pinned, folio, entry, shadow);
  swap_cluster_unlock(pinned);
  folio_unlock(folio);
  folio_put_refs(folio, folio.nr() + 1);
}

// mm/swap_state.c (seed 002): __swap_cache_alloc's charge, once the folio is in the swap cache.
int swap_cache_alloc_charge(Folio& folio, swp_entry_t entry, SwapinRecord rec, int mm_memcg) {
  CHECKER_FRAME();
  if (mem_cgroup_swapin_charge_folio(folio, rec.memcg_id, mm_memcg)) {
    swap_cache_alloc_undo(folio, entry, rec.shadow);
    return -ENOMEM;
  }
  // For memsw accounting the swap share is uncharged once the folio is in the swap cache.
  memcg1_swapin(entry, folio.nr());
  return 0;
}

// mm/swap_state.c (seed 002): __swap_cache_alloc, one order: check, allocate with no lock held,
// re-check and add under the cluster lock, charge.
FolioOrErr __swap_cache_alloc(swp_entry_t targ, int order, int index, int mm_memcg) {
  CHECKER_FRAME();
  const int nr = 1 << order;
  const swp_entry_t entry{targ.val - targ.val % static_cast<std::uint64_t>(nr)};

  // Check that the slot and range are available; skip the allocation if not.
  int err = swap_cache_add_check(targ, nr);
  if (err) return {nullptr, err};

  // The folio allocation may sleep: no lock is held across it.
  Folio* folio = model().folio_alloc(order, index - index % nr);
  if (folio == nullptr) return {nullptr, -ENOMEM};

  // Double check that the range is still not in conflict: while the lock was dropped another
  // swap-in may have added its folio, or a zap freed the slot. Dropping this re-check lets two
  // folios claim the same slots (mutation swap_cache_alloc_no_recheck).
  SwapinRecord rec;
  err = -ENOENT;
  SwapCluster* ci = __swap_cluster_lock(swp_type(targ), swp_offset(targ));
  if (ci != nullptr)
    err = model().cfg.mutations.swap_cache_alloc_no_recheck ? 0 : __swap_cache_add_check(*ci, targ, nr, &rec.shadow, &rec.memcg_id);
  if (err) {
    if (ci != nullptr) swap_cluster_unlock(*ci);
    folio_put(*folio);
    return {nullptr, err};
  }
  __swap_cache_add_new_folio(*ci, *folio, entry);
  swap_cluster_unlock(*ci);

  err = swap_cache_alloc_charge(*folio, entry, rec, mm_memcg);
  if (err) return {nullptr, err};
  return {folio, 0};
}

// mm/swap_state.c (seed 002): swap_cache_alloc_folio, with the v3 loop the seed reverts to.
FolioOrErr swap_cache_alloc_folio(swp_entry_t targ, unsigned orders, int index, int mm_memcg) {
  CHECKER_FRAME();
  if (WARN_ON(orders == 0, "swap_cache_alloc_folio: no orders")) return {nullptr, -EINVAL};
  int order = highest_order(orders);
  FolioOrErr ret;
  if (model().cfg.mutations.fallback_loop_v4) {
    // Seed 002 v4: with !CONFIG_TRANSPARENT_HUGEPAGE next_order() leaves `orders` alone, so an
    // order-0 -ENOMEM or -EBUSY spins here for ever.
    while (orders) {
      ret = __swap_cache_alloc(targ, order, index, mm_memcg);
      if (ret.folio != nullptr) break;
      if (ret.err && ret.err != -EBUSY && ret.err != -ENOMEM) break;
      order = next_order(&orders, order);
    }
    return ret;
  }
  // Seed 004 P1 (CONFIG_VIRTUAL_SWAP) drops the `!order ||` break that seed 002 restored:
  // without THP an order-0 -ENOMEM or -EBUSY retries for ever (next_order() is a no-op), and with
  // THP next_order() gives -1 once order 0 failed. Fix knob swapin_fallback_breaks_at_order0
  // keeps seed 002's loop.
  const bool breaks_at_order0 = !model().cfg.vswap || model().cfg.fixes.swapin_fallback_breaks_at_order0;
  for (;;) {
    ret = __swap_cache_alloc(targ, order, index, mm_memcg);
    if (ret.folio != nullptr) break;
    if ((breaks_at_order0 && order == 0) || (ret.err && ret.err != -EBUSY && ret.err != -ENOMEM)) break;
    order = next_order(&orders, order);
    if (WARN_ON(order < 0, "swap_cache_alloc_folio: order 0 failed and next_order() gave order -1")) break;
  }
  return ret;
}

// mm/swap_state.c: swapin_sync (and the target entry of swapin_readahead)
Folio* swapin_folio(swp_entry_t entry, unsigned orders, int index, int mm_memcg) {
  CHECKER_FRAME();
  for (;;) {
    if (Folio* folio = swap_cache_get_folio(entry)) return folio;
    const FolioOrErr r = swap_cache_alloc_folio(entry, orders, index, mm_memcg);
    if (r.folio != nullptr) {
      swap_read_folio(*r.folio);
      return r.folio;
    }
    if (r.err != -EEXIST) return nullptr;
  }
}

}  // namespace swapmodel
