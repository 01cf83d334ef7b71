// Seed 001's swap-entry lifetime API on swap_refs (mm/vswap.c): every function walks vswap_map
// with xas_for_each under rcu_read_lock() and does one atomic operation per descriptor, whose
// arithmetic is swap_refs.h's (vswap.h has the contexts).
#include "checker/kernel_order.h"
#include "model/desc/vswap.h"

#include "model/desc/swap_cache.h"
#include "model/model.h"

namespace swapmodel::desc {

namespace {

SwpDesc& desc_of(std::uint64_t w) { return vswap().desc(xa_to_ptr(w)); }

// The end of a walk over [entry, entry + nr), as the seed computes it (entry.val + nr - 1):
// swap_refs.h's walk_last, shared with proofs/.
std::uint64_t last_index(swp_entry_t entry, int nr) { return refs::walk_last(vswap_index(entry), nr); }

// Fix desc_walk_stops_at_hole: a walk that meets a descriptor at another index than the next
// one it expected has skipped a NULL index (a freed entry inside the range) and stops there.
// Off in the faithful model, which, like the seed, never looks at the walk's index
// (swap_refs.h's walk_stops_at_hole, shared with proofs/).
bool hole_before(const XaState& xas, swp_entry_t first, int visited) {
  return refs::walk_stops_at_hole(xas.index(), vswap_index(first), visited, model().cfg.fixes);
}

// The step of a *_and_test that returned true: the ghost record is written in the same step as
// the atomic operation, so invariants see the two together.
void note_zero(SwpDesc& desc, const refs::DecResult& r) {
  if (!r.freed) return;
  ++desc.zero_hits;
  model().ghost.note_written(desc.swap_refs.id());
}

}  // namespace

// mm/vswap.c (seed 001): vswap_free_nr_any_cache_only. "The check is racy, but it is OK because
// free_swap_and_cache_nr() only use the result as a hint."
bool vswap_free_nr_any_cache_only(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  SwapModel& m = model();
  const swp_entry_t first = entry;
  bool ret = false;
  int visited = 0;
  XaState xas(v.vswap_map, vswap_index(entry));
  m.rcu.read_lock();
  for (std::uint64_t w = xas.find(last_index(first, nr)); w != 0; w = xas.next_entry(last_index(first, nr))) {
    if (xas.retry(w)) continue;
    if (hole_before(xas, first, visited)) break;
    SwpDesc& desc = desc_of(w);
    // 1 page table entry ref + 1 swap cache ref == 11 (binary)
    ret |= refs::free_hint_cache_only(checker::lkmm::atomic_read(desc.swap_refs));
    const refs::DecResult r = refs::free_step(checker::lkmm::atomic_fetch_sub(desc.swap_refs, refs::kCountInc));  // atomic_sub_and_test
    note_zero(desc, r);
    // `entry` counts the descriptors visited, not the walk's index (seed 001).
    if (r.freed) vswap_free(entry);
    entry.val++;
    ++visited;
  }
  m.rcu.read_unlock();
  return ret;
}

// mm/vswap.c (seed 001): swap_free_nr
void swap_free_nr(swp_entry_t entry, int nr) { vswap_free_nr_any_cache_only(entry, nr); }

// mm/vswap.c (seed 001): swap_duplicate_nr. Mutation desc_dup_no_add_unless replaces the
// atomic_add_unless(refs, 2, 0) by a plain atomic_add: a descriptor whose refs already reached 0
// (its vswap_free is running or done) is revived.
int swap_duplicate_nr(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  SwapModel& m = model();
  int i = 0;
  XaState xas(v.vswap_map, vswap_index(entry));
  m.rcu.read_lock();
  for (std::uint64_t w = xas.find(last_index(entry, nr)); w != 0; w = xas.next_entry(last_index(entry, nr))) {
    if (xas.retry(w)) continue;
    if (hole_before(xas, entry, i)) break;
    SwpDesc& desc = desc_of(w);
    bool added;
    if (!refs::gen::dup_uses_add_unless(m.cfg.mutations)) {
      desc.swap_refs.fetch_add(refs::kCountInc, checker::MemoryOrder::Relaxed);  // atomic_add: unordered
      added = true;
    } else {
      added = checker::lkmm::atomic_add_unless(desc.swap_refs, refs::kCountInc, 0);
    }
    if (!added) break;
    i++;
  }
  m.rcu.read_unlock();
  if (refs::walk_rolls_back(i, nr)) swap_free_nr(entry, i);  // if (i && i < nr)
  return i == nr ? 0 : -ENOENT;
}

// mm/vswap.c (seed 001): swap_duplicate. "Return: 0 (always)."
int swap_duplicate(swp_entry_t entry) {
  CHECKER_FRAME();
  swap_duplicate_nr(entry, 1);
  return 0;
}

// mm/vswap.c (seed 001): swapcache_clear (its swap_info_struct argument is unused)
void swapcache_clear(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  if (!nr) return;
  VswapState& v = vswap();
  SwapModel& m = model();
  const swp_entry_t first = entry;
  int visited = 0;
  XaState xas(v.vswap_map, vswap_index(entry));
  m.rcu.read_lock();
  for (std::uint64_t w = xas.find(last_index(first, nr)); w != 0; w = xas.next_entry(last_index(first, nr))) {
    if (xas.retry(w)) continue;
    if (hole_before(xas, first, visited)) break;
    SwpDesc& desc = desc_of(w);
    const refs::DecResult r = refs::clear_step(checker::lkmm::atomic_fetch_sub(desc.swap_refs, refs::kCacheInc));  // atomic_dec_and_test
    note_zero(desc, r);
    if (r.freed) vswap_free(entry);
    entry.val++;
    ++visited;
  }
  m.rcu.read_unlock();
}

// mm/vswap.c (seed 001): swapcache_prepare
int swapcache_prepare(swp_entry_t entry, int nr, SwpDesc** busy) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  SwapModel& m = model();
  int i = 0, ret = 0;
  XaState xas(v.vswap_map, vswap_index(entry));
  m.rcu.read_lock();
  for (std::uint64_t w = xas.find(last_index(entry, nr)); w != 0; w = xas.next_entry(last_index(entry, nr))) {
    if (xas.retry(w)) continue;
    if (hole_before(xas, entry, i)) break;
    SwpDesc& desc = desc_of(w);
    int old = checker::lkmm::atomic_read(desc.swap_refs);
    refs::PrepareStep step;
    // On -ENOENT / -EEXIST the seed still cmpxchg's old for old, and loops if refs moved.
    do {
      step = refs::prepare_step(old);
      ret = step.err;
    } while (!checker::lkmm::try_cmpxchg(desc.swap_refs, old, step.next));
    if (ret) {
      if (busy != nullptr && ret == -EEXIST) *busy = &desc;
      break;
    }
    i++;
  }
  m.rcu.read_unlock();
  if (refs::walk_rolls_back(i, nr)) swapcache_clear(entry, i);  // if (i && i < nr)
  return refs::prepare_result(i, nr, ret);                      // if (i < nr && !ret) ret = -ENOENT
}

// mm/vswap.c (seed 001): put_swap_folio. "Called after dropping swapcache to decrease refcnt to
// swap entries."
void put_swap_folio(Folio& folio, swp_entry_t entry) {
  CHECKER_FRAME();
  VM_WARN_ON(!folio_test_locked(folio), "put_swap_folio: folio not locked");
  swapcache_clear(entry, folio.nr());
}

// mm/vswap.c (seed 001): vswap_swapcache_only
bool vswap_swapcache_only(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  SwapModel& m = model();
  int i = 0;
  XaState xas(v.vswap_map, vswap_index(entry));
  m.rcu.read_lock();
  for (std::uint64_t w = xas.find(last_index(entry, nr)); w != 0; w = xas.next_entry(last_index(entry, nr))) {
    if (xas.retry(w)) continue;
    if (hole_before(xas, entry, i)) break;
    if (!refs::swapcache_only(checker::lkmm::atomic_read(desc_of(w).swap_refs))) break;
    i++;
  }
  m.rcu.read_unlock();
  return i == nr;
}

// mm/vswap.c (seed 001): non_swapcache_batch. The seed's test stops at a descriptor that is
// NOT pinned and has a count, the opposite of its comment ("still valid, but not in swap
// cache"): a plain swapped-out range yields 0. Fix desc_non_swapcache_batch_fixed applies the
// documented test instead: stop at a pinned descriptor, or one without a count.
int non_swapcache_batch(swp_entry_t entry, int max_nr) {
  CHECKER_FRAME();
  if (entry.val == 0) return 0;
  VswapState& v = vswap();
  SwapModel& m = model();
  int i = 0;
  XaState xas(v.vswap_map, vswap_index(entry));
  m.rcu.read_lock();
  for (std::uint64_t w = xas.find(last_index(entry, max_nr)); w != 0; w = xas.next_entry(last_index(entry, max_nr))) {
    if (xas.retry(w)) continue;
    if (hole_before(xas, entry, i)) break;
    const int swap_refs = checker::lkmm::atomic_read(desc_of(w).swap_refs);
    if (refs::non_swapcache_stops(swap_refs, m.cfg.fixes))
      break;
    i++;
  }
  m.rcu.read_unlock();
  return i;
}

// mm/vswap.c (seed 001): folio_swapped
bool folio_swapped(Folio& folio) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  if (entry.val == 0) return false;
  VswapState& v = vswap();
  SwapModel& m = model();
  bool swapped = false;
  XaState xas(v.vswap_map, vswap_index(entry));
  m.rcu.read_lock();
  for (std::uint64_t w = xas.find(last_index(entry, folio.nr())); w != 0;
       w = xas.next_entry(last_index(entry, folio.nr()))) {
    if (xas.retry(w)) continue;
    if (refs::swapped(checker::lkmm::atomic_read(desc_of(w).swap_refs))) {
      swapped = true;
      break;
    }
  }
  m.rcu.read_unlock();
  return swapped;
}

// mm/vswap.c (seed 001): swp_swapcount (also __swap_count and swap_swapcount)
int swp_swapcount(swp_entry_t entry) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  SwapModel& m = model();
  m.rcu.read_lock();
  const std::uint64_t w = v.vswap_map.load(vswap_index(entry));
  const bool has_desc = xa_is_ptr(w);
  const int ret = refs::swp_swapcount(has_desc, has_desc ? checker::lkmm::atomic_read(desc_of(w).swap_refs) : 0);
  m.rcu.read_unlock();
  return ret;
}

// mm/vswap.c (seed 001): free_swap_and_cache_nr. "For each swap entry in the contiguous range,
// release a swap count. If any swap entries have their swap count decremented to zero, try to
// reclaim their associated swap cache pages."
void free_swap_and_cache_nr(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  if (!is_vswap_entry(entry)) return;  // non_swap_entry
  if (!vswap_free_nr_any_cache_only(entry, nr)) return;
  int i = 0;
  while (i < nr) {
    int incr = 1;
    if (vswap_swapcache_only(entry, 1)) {
      Folio* folio = filemap_get_folio(entry);
      if (folio != nullptr) {
        if (!folio_trylock(*folio)) {
          folio_put(*folio);
        } else {
          incr = folio->nr();
          desc::folio_free_swap(*folio);
          folio_unlock(*folio);
          folio_put(*folio);
        }
      }
    }
    i += incr;
    entry.val += static_cast<std::uint64_t>(incr);
  }
}

}  // namespace swapmodel::desc
