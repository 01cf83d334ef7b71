// Swap-in in the descriptor design (paths.h): mm/memory.c do_swap_page with seed 001's
// trylock_swapoff, swapcache_prepare and swapcache_clear, and mm/swap_state.c
// __read_swap_cache_async (v6.15) for swapin_readahead's target entry.
#include "model/desc/paths.h"

#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/desc/memcg.h"
#include "model/desc/swap_cache.h"
#include "model/desc/vswap.h"
#include "model/memcg.h"
#include "model/memory.h"
#include "model/model.h"

namespace swapmodel::desc {

namespace {

// can_swapin_thp (v6.15), under the PTL: the nr PTEs from `first` hold nr consecutive swap
// entries ending where the faulting PTE's entry says, and non_swapcache_batch agrees. No zero
// map in this design (swap_zeromap_batch always passes).
bool can_swapin_thp(MmStruct& mm, int first, int idx, std::uint64_t orig_pte, int nr) {
  CHECKER_FRAME();
  const swp_entry_t e0{pte_to_swp_entry(orig_pte).val - static_cast<std::uint64_t>(idx - first)};
  for (int i = 0; i < nr; ++i)
    if (mm.pte[static_cast<std::size_t>(first + i)].read_once() != mk_pte_swap(swp_entry_t{e0.val + static_cast<std::uint64_t>(i)}))
      return false;
  return desc::non_swapcache_batch(e0, nr) == nr;
}

// mem_cgroup_swapin_charge_folio(folio, mm, gfp, entry) (v6.15 mm/memcontrol.c): the memcg
// recorded in the entry's descriptor (lookup_swap_cgroup_id), or the mm's when that one is
// offline; the table design's charge (model/memcg.h) does the rest. A readahead passes no mm
// (get_mem_cgroup_from_mm(NULL): the root). 0, or -ENOMEM when the memcg is at its limit.
int swapin_charge_folio(Folio& folio, swp_entry_t entry, int mm_memcg) {
  CHECKER_FRAME();
  return mem_cgroup_swapin_charge_folio(folio, desc::lookup_swap_cgroup_id(entry), mm_memcg);
}

// __alloc_swap_folio / alloc_swap_folio (v6.15): for a SWP_SYNCHRONOUS_IO device, an order-1
// folio when THP is on, the aligned PTE pair lies in the mm, its entries are aligned like the
// addresses (thp_swap_suitable_orders) and can_swapin_thp passes under the PTL; else order 0.
// Each is charged (mem_cgroup_swapin_charge_folio with the faulting mm): a large folio whose
// charge fails falls back to order 0, an order-0 one is put and the fault gets no folio.
Folio* alloc_swap_folio(MmStruct& mm, int idx, std::uint64_t orig_pte) {
  CHECKER_FRAME();
  SwapModel& m = model();
  const int first = idx - idx % 2;
  const swp_entry_t entry = pte_to_swp_entry(orig_pte);
  if (m.cfg.thp && first + 1 < mm.slots() && vswap_index(entry) % 2 == static_cast<std::uint64_t>(idx % 2)) {
    mm.ptl.lock();
    const bool ok = can_swapin_thp(mm, first, idx, orig_pte, 2);
    mm.ptl.unlock();
    if (ok)
      if (Folio* f = m.folio_alloc(1, first)) {
        const swp_entry_t aligned{entry.val - static_cast<std::uint64_t>(idx - first)};
        if (swapin_charge_folio(*f, aligned, mm.memcg) == 0) return f;
        folio_put(*f);
      }
  }
  Folio* f = m.folio_alloc(0, idx);
  if (f != nullptr && swapin_charge_folio(*f, entry, mm.memcg) != 0) {
    folio_put(*f);
    return nullptr;
  }
  return f;
}

// mm/swap_state.c (v6.15): __read_swap_cache_async for one entry. The folio is allocated once
// per call. Returns the folio with a reference (new ones locked, in the swap cache, to be
// read), or null.
Folio* __read_swap_cache_async(swp_entry_t entry, int idx, bool* new_page_allocated) {
  CHECKER_FRAME();
  SwapModel& m = model();
  Folio* new_folio = nullptr;
  Folio* result = nullptr;
  *new_page_allocated = false;
  for (;;) {
    // Check the swap cache first, if a cached folio is found, return it unlocked.
    if (Folio* f = filemap_get_folio(entry)) {
      result = f;
      break;
    }
    // Just skip read ahead for unused swap slot.
    if (!desc::swp_swapcount(entry)) break;
    if (new_folio == nullptr) new_folio = m.folio_alloc(0, idx);
    if (new_folio == nullptr) break;
    // Swap entry may have been freed since our caller observed it.
    SwpDesc* busy = nullptr;
    const int err = desc::swapcache_prepare(entry, 1, &busy);
    if (!err) {
      // The swap entry is ours to swap in. Prepare the new folio.
      checker::check(folio_trylock(*new_folio), "__folio_set_locked on a folio someone else holds");
      folio_set(*new_folio, PG_swapbacked | PG_anon);
      if (swapin_charge_folio(*new_folio, entry, 1) != 0) {  // no mm: the root's
        // fail_unlock
        desc::put_swap_folio(*new_folio, entry);
        folio_unlock(*new_folio);
        break;
      }
      add_to_swap_cache(*new_folio, entry);
      *new_page_allocated = true;
      result = new_folio;
      break;
    }
    if (err != -EEXIST) break;
    wait_for_cache_or_unpin(entry, *busy);
  }
  if (!*new_page_allocated && new_folio != nullptr) folio_put(*new_folio);
  return result;
}

}  // namespace

// swapin_readahead reduced to its target entry (read_swap_cache_async + swap_read_folio).
Folio* swapin_readahead(swp_entry_t entry, int idx) {
  CHECKER_FRAME();
  bool allocated = false;
  Folio* folio = __read_swap_cache_async(entry, idx, &allocated);
  if (allocated) desc::swap_read_folio(*folio);
  return folio;
}

namespace {

// should_try_to_free_swap (v6.15): mem_cgroup_swap_full (the table design's: vm_swap_full, or the
// folio's memcg has used half its swap.max; no VM_LOCKED or mlocked pages in the model), or a
// write fault by the folio's only user. vm_swap_full reads nr_swap_pages, which this design's
// physical allocator does not count down (state.h's PhysSwap keeps no usage counters): it stays
// false, and only a memcg's limit makes the fault free the swap cache.
bool should_try_to_free_swap(Folio& folio, bool write) {
  CHECKER_FRAME();
  if (!folio_test_swapcache(folio)) return false;
  if (mem_cgroup_swap_full(folio)) return true;
  // folio_ref_count: atomic_read, unordered (mm/memory.c's heuristic, as the table design's).
  return write && checker::lkmm::atomic_read(folio.refcount) == 1 + folio.nr();
}

}  // namespace

// mm/memory.c (v6.15 with seed 001): do_swap_page
int do_swap_page(MmStruct& mm, int idx, bool write) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  const std::uint64_t orig_pte = mm.pte[static_cast<std::size_t>(idx)].read_once();
  if (!is_swap_pte(orig_pte)) return 0;
  swp_entry_t entry = pte_to_swp_entry(orig_pte);
  checker::require(is_vswap_entry(entry), "do_swap_page (vswap_desc): the PTE holds no virtual swap entry");
  SwapDevice* si = nullptr;
  if (!trylock_swapoff(entry, &si)) return 0;  // never fails with CONFIG_VIRTUAL_SWAP
  const bool has_device = si != nullptr;

  int ret = 0, nr_pages = 1, start = idx, page_idx = 0;
  bool need_clear_cache = false;
  Folio* folio = filemap_get_folio(entry);  // swap_cache_get_folio
  Folio* swapcache = folio;
  if (folio == nullptr) {
    // data_race(si->flags & SWP_SYNCHRONOUS_IO) && __swap_count(entry) == 1. si is the device of
    // the entry's physical slot as trylock_swapoff found it, and trylock_swapoff returns true
    // with si == NULL when the entry has no slot any more (a zap, another fault, or swapoff's
    // try_to_unuse freed it after this fault read the PTE) or swapoff has killed the device's
    // users. The seed then reads si->flags through NULL; fix desc_swapin_checks_si tests si
    // first (the fault then finds no swap count and backs out).
    if (!has_device && !model().cfg.fixes.desc_swapin_checks_si)
      checker::check(false, "do_swap_page: NULL pointer dereference of si->flags (trylock_swapoff succeeded without a device)");
    if (has_device && v.phys.synchronous_io && desc::swp_swapcount(entry) == 1) {
      // skip swapcache
      folio = alloc_swap_folio(mm, idx, orig_pte);
      if (folio != nullptr) {
        checker::check(folio_trylock(*folio), "__folio_set_locked on a folio someone else holds");
        folio_set(*folio, PG_swapbacked | PG_anon);
        nr_pages = folio->nr();
        if (nr_pages > 1) entry.val -= entry.val % static_cast<std::uint64_t>(nr_pages);  // ALIGN_DOWN
        // Prevent parallel swapin from proceeding with the cache flag. Otherwise, another
        // thread may finish swapin first, free the entry, and swapout reusing the same entry.
        if (desc::swapcache_prepare(entry, nr_pages)) goto out_page;  // after a short sleep
        need_clear_cache = true;
        folio->swap.write(entry.val);  // To provide entry to swap_read_folio()
        desc::swap_read_folio(*folio);
      }
    } else {
      folio = swapin_readahead(entry, idx);
      swapcache = folio;
    }
    if (folio == nullptr) {
      // Back out if somebody else faulted in this pte while we released the pte lock.
      mm.ptl.lock();
      if (mm.pte[static_cast<std::size_t>(idx)].read_once() == orig_pte) ret = VM_FAULT_OOM;
      mm.ptl.unlock();
      goto out;
    }
  }

  folio_lock(*folio);  // folio_lock_or_retry
  if (swapcache != nullptr) {
    // Make sure folio_free_swap() or swapoff did not release the swapcache from under us.
    const swp_entry_t first = folio_swap(*folio);
    if (!folio_test_swapcache(*folio) || entry.val < first.val || entry.val >= first.val + static_cast<std::uint64_t>(folio->nr()))
      goto out_page;
    page_idx = static_cast<int>(entry.val - first.val);
  }

  mm.ptl.lock();
  if (mm.pte[static_cast<std::size_t>(idx)].read_once() != orig_pte) goto out_nomap;
  if (!folio_test_uptodate(*folio)) {
    ret = VM_FAULT_SIGBUS;
    goto out_nomap;
  }
  if (folio->nr() > 1) {
    // allocated large folios for SWP_SYNCHRONOUS_IO must still find their whole range; a large
    // swap-cache folio is mapped whole when its range is intact, else just this page.
    const int folio_start = idx - (swapcache == nullptr ? idx % folio->nr() : page_idx);
    const swp_entry_t first{swapcache == nullptr ? entry.val : folio_swap(*folio).val};
    bool whole = folio_start >= 0 && folio_start + folio->nr() <= mm.slots();
    for (int i = 0; whole && i < folio->nr(); ++i)
      whole = mm.pte[static_cast<std::size_t>(folio_start + i)].read_once() == mk_pte_swap(swp_entry_t{first.val + static_cast<std::uint64_t>(i)});
    if (whole) {
      nr_pages = folio->nr();
      start = folio_start;
      page_idx = 0;
      entry = first;
    } else if (swapcache == nullptr) {
      goto out_nomap;
    }
  }

  // Remove the swap entry and conditionally try to free up the swapcache. We're already
  // holding a reference on the page but haven't mapped it yet.
  desc::swap_free_nr(entry, nr_pages);
  if (should_try_to_free_swap(*folio, write)) desc::folio_free_swap(*folio);
  if (nr_pages > 1) folio_ref_add(*folio, nr_pages - 1);
  checker::lkmm::atomic_fetch_add(folio->mapcount, nr_pages);  // folio_add_anon_rmap_ptes: atomic_inc_and_test (fully ordered)
  for (int i = 0; i < nr_pages; ++i)
    mm.pte[static_cast<std::size_t>(start + i)].write_once(mk_pte_present(folio->id, page_idx + i));
  folio_unlock(*folio);
  mm.ptl.unlock();
out:
  // Clear the swap cache pin for direct swapin after PTL unlock
  if (need_clear_cache) desc::swapcache_clear(entry, nr_pages);
  unlock_swapoff(entry, si);
  return ret;
out_nomap:
  mm.ptl.unlock();
out_page:
  folio_unlock(*folio);
  folio_put(*folio);
  if (need_clear_cache) desc::swapcache_clear(entry, nr_pages);
  unlock_swapoff(entry, si);
  return ret;
}

}  // namespace swapmodel::desc
