// Swap in the page-table paths (mm/memory.c, phase IV; seed 003 for tryget_swap_entry in
// do_swap_page; seed 000 for the dup/put calls).
#include "model/memory.h"

#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/device.h"
#include "model/memcg.h"
#include "model/model.h"
#include "model/page_data.h"
#include "model/page_io.h"
#include "model/swap_readahead.h"
#include "model/swap_state.h"
#include "model/swap_table.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"
#include "model/zswap.h"

namespace swapmodel {

// mm/memory.c: thp_swapin_suitable_orders. Order 1 when THP is on, zswap was never enabled
// (zswap_load cannot load a large folio) and the aligned PTE pair holds consecutive, aligned
// entries. Read without the PTL; __swap_cache_add_check re-checks the slots under the cluster lock.
// Seed 004 P2: a vswap entry is exempt from the zswap bail (its backing is checked under the
// cluster lock, where ZSWAP and mixed batches fail with -EBUSY and fall back to order 0).
unsigned thp_swapin_suitable_orders(MmStruct& mm, int idx, std::uint64_t orig_pte) {
  CHECKER_FRAME();
  if (!model().cfg.thp) return 0;
  const swp_entry_t entry = pte_to_swp_entry(orig_pte);
  if (!vswap::is_vswap_entry(entry) && !zswap_never_enabled()) return 0;
  const int first = idx - idx % 2;
  if (first + 1 >= mm.slots()) return 0;
  const std::uint64_t p0 = mm.pte[static_cast<std::size_t>(first)].read_once();
  const std::uint64_t p1 = mm.pte[static_cast<std::size_t>(first + 1)].read_once();
  if (!is_swap_pte(p0) || !is_swap_pte(p1)) return 0;
  const swp_entry_t e0 = pte_to_swp_entry(p0), e1 = pte_to_swp_entry(p1);
  if (swp_offset(e0) % 2 != 0 || e1.val != e0.val + 1) return 0;
  return 1u << 1;
}

// mm/memory.c: should_try_to_free_swap
bool should_try_to_free_swap(SwapDevice& si, Folio& folio, bool write, int extra_refs) {
  CHECKER_FRAME();
  if (!folio_test_swapcache(folio)) return false;
  // Swap cache does not help much for SWP_SYNCHRONOUS_IO devices (seed 004 P3: the backend's).
  // (folio->swap is stable under the folio lock we hold: read without an event.)
  if (vswap::swap_entry_backend_has_flag(si, swp_entry_t{folio.swap.peek()}, SWP_SYNCHRONOUS_IO)) return true;
  // Seed 004 P2/P3: non-swapfile backends cannot be reused for future swap-outs.
  if (vswap::swap_is_vswap(si) && !vswap::folio_phys_swap_backed(folio)) return true;
  if (mem_cgroup_swap_full(folio)) return true;
  // A write fault maps the page writable only if we are its exclusive user: try dropping the
  // swap cache's reference when that is likely.
  // folio_ref_count: atomic_read, unordered (a heuristic: a stale count only changes whether
  // the swap cache is dropped now, and folio_free_swap re-checks under the folio lock).
  return write && checker::lkmm::atomic_read(folio.refcount) == 1 + extra_refs;
}

// mm/memory.c: do_swap_page's mapping, from the batch check to set_ptes. Map the whole folio
// when its pages sit in consecutive PTEs with their swap entries, else just this page; the
// mapping takes over the fault's folio reference (and one more per extra page), and the swap
// counts the PTEs held go (folio_put_swap).
int do_swap_page_map(MmStruct& mm, int idx, Folio& folio, swp_entry_t entry) {
  CHECKER_FRAME();
  mm.ptl.assert_held();
  checker::require(folio_test_locked(folio), "do_swap_page_map: folio not locked");
  const swp_entry_t first = folio_swap(folio);
  int page = static_cast<int>(entry.val - first.val);
  int nr_pages = 1, start = idx;
  if (folio.nr() > 1) {
    const int folio_start = idx - page;
    bool whole = folio_start >= 0 && folio_start + folio.nr() <= mm.slots();
    for (int i = 0; whole && i < folio.nr(); ++i)
      whole = mm.pte[static_cast<std::size_t>(folio_start + i)].read_once() ==
              mk_pte_swap(swp_entry_t{first.val + static_cast<std::uint64_t>(i)});
    if (whole) {
      nr_pages = folio.nr();
      start = folio_start;
      page = 0;
    }
  }
  if (nr_pages > 1) folio_ref_add(folio, nr_pages - 1);
  checker::lkmm::atomic_fetch_add(folio.mapcount, nr_pages);  // folio_add_anon_rmap_ptes: atomic_inc_and_test (fully ordered)
  folio_put_swap(folio, nr_pages == 1 ? page : -1);
  for (int i = 0; i < nr_pages; ++i)
    mm.pte[static_cast<std::size_t>(start + i)].write_once(mk_pte_present(folio.id, page + i));
  return nr_pages;
}

// mm/memory.c (seed 003): do_swap_page
int do_swap_page(MmStruct& mm, int idx, bool write, int ra_win) {
  CHECKER_FRAME();
  SwapModel& m = model();
  const std::uint64_t orig_pte = mm.pte[static_cast<std::size_t>(idx)].read_once();
  if (!is_swap_pte(orig_pte)) return 0;
  const swp_entry_t entry = pte_to_swp_entry(orig_pte);
  SwapDevice* si = nullptr;
  bool swapoff_locked = false;
  int ret = 0;
  if (m.cfg.mutations.swapin_without_device_ref) {
    // The swap_info_struct itself is never freed; its clusters and tables are.
    si = swap_type_to_info(swp_type(entry));
  } else {
    // Prevent swapoff from happening to us.
    swapoff_locked = tryget_swap_entry(entry, &si);
    if (!swapoff_locked) return 0;
  }

  Folio* folio = nullptr;
  if (vswap::is_vswap_entry(entry)) {
    folio = swap_cache_get_folio(entry);
    // Seed 004 P3: "swapin bypasses readahead for SWP_SYNCHRONOUS_IO devices" now asks the
    // vswap entry's physical backend, with no folio lock and no PTL held.
    if (folio == nullptr) (void)vswap::swap_entry_backend_has_flag(*si, entry, SWP_SYNCHRONOUS_IO);
  }
  // swapin_readahead for a device without SWP_SYNCHRONOUS_IO (the flag read with data_race()),
  // when the scenario asks for a window: swap_vma_readahead (seed 003) reads the window's
  // neighbours, then the target. Otherwise the target entry alone (swapin_folio).
  const bool readahead = ra_win > 1 && !(si->flags.read_data_race() & SWP_SYNCHRONOUS_IO);
  if (folio == nullptr && readahead) {
    if (!vswap::is_vswap_entry(entry)) folio = swap_cache_get_folio(entry);  // (vswap: looked up above)
    if (folio == nullptr) {
      int start = idx, end = idx + 1;
      swap_vma_ra_win(mm, idx, ra_win, &start, &end);
      folio = swap_vma_readahead(entry, mm, idx, start, end);
    }
  } else if (folio == nullptr) {
    folio = swapin_folio(entry, thp_swapin_suitable_orders(mm, idx, orig_pte) | 1u, idx, mm.memcg);
  }
  if (folio == nullptr) {
    // Back out if somebody else faulted in this PTE while we were not holding the PTL.
    mm.ptl.lock();
    if (mm.pte[static_cast<std::size_t>(idx)].read_once() == orig_pte) ret = VM_FAULT_OOM;
    mm.ptl.unlock();
    if (swapoff_locked) put_swap_entry(entry, si);
    return ret;
  }

  bool mapped = false;
  folio_lock(*folio);
  // Make sure folio_free_swap() or swapoff did not release the swap cache from under us.
  if (folio_matches_swap_entry(*folio, entry)) {
    mm.ptl.lock();
    // Back out if somebody else already faulted in this PTE.
    if (mm.pte[static_cast<std::size_t>(idx)].read_once() != orig_pte) {
      ret = 0;
    } else if (!folio_test_uptodate(*folio)) {
      ret = VM_FAULT_SIGBUS;
    } else {
      const int nr_pages = do_swap_page_map(mm, idx, *folio, entry);
      // Remove the swap entry and try to free the swap cache after mapping, so that racing
      // faults likely see the folio in the swap cache and wait on its lock.
      if (should_try_to_free_swap(*si, *folio, write, nr_pages)) folio_free_swap(*folio);
      mapped = true;
    }
    if (mapped) folio_unlock(*folio);
    mm.ptl.unlock();
  }
  if (!mapped) {
    folio_unlock(*folio);
    folio_put(*folio);
  }
  if (swapoff_locked) put_swap_entry(entry, si);
  return ret;
}

// mm/memory.c: zap_present_ptes for one PTE that maps page `pte` of a folio (PTL held).
void zap_present_ptes(MmStruct& mm, int idx, std::uint64_t pte) {
  CHECKER_FRAME();
  mm.ptl.assert_held();
  Folio& folio = model().folio(pte_folio(pte));
  mm.pte[static_cast<std::size_t>(idx)].write_once(kPteNone);
  checker::lkmm::atomic_fetch_sub(folio.mapcount, 1);  // folio_remove_rmap_ptes: atomic_add_negative (fully ordered)
  folio_put(folio);  // (the kernel batches this behind the TLB flush)
}

// mm/internal.h: swap_pte_batch. How many PTEs from idx (at most max_nr) hold consecutive
// entries of one cluster starting with `entry` (PTL held).
int swap_pte_batch(MmStruct& mm, int idx, int max_nr, swp_entry_t entry) {
  CHECKER_FRAME();
  mm.ptl.assert_held();
  int batch = 1;
  const std::uint64_t spc = model().slots_per_cluster();
  while (batch < max_nr && (swp_offset(entry) + static_cast<std::uint64_t>(batch)) % spc != 0 &&
         mm.pte[static_cast<std::size_t>(idx + batch)].read_once() ==
             mk_pte_swap(swp_entry_t{entry.val + static_cast<std::uint64_t>(batch)}))
    ++batch;
  return batch;
}

// include/linux/pgtable.h: clear_not_present_full_ptes (PTL held).
void clear_not_present_full_ptes(MmStruct& mm, int idx, int nr) {
  CHECKER_FRAME();
  mm.ptl.assert_held();
  for (int k = 0; k < nr; ++k) mm.pte[static_cast<std::size_t>(idx + k)].write_once(kPteNone);
}

// mm/memory.c: zap_pte_range (zap_present_ptes / zap_nonpresent_ptes)
void zap_pte_range(MmStruct& mm, int idx, int nr) {
  CHECKER_FRAME();
  mm.ptl.lock();
  int i = idx;
  while (i < idx + nr) {
    const std::uint64_t p = mm.pte[static_cast<std::size_t>(i)].read_once();
    if (pte_none(p)) {
      ++i;
      continue;
    }
    if (pte_present(p)) {
      zap_present_ptes(mm, i, p);
      ++i;
      continue;
    }
    if (!is_swap_pte(p)) {  // the poison marker
      clear_not_present_full_ptes(mm, i, 1);
      ++i;
      continue;
    }
    // The swap branch of zap_nonpresent_ptes: a batch of consecutive entries of one cluster.
    const swp_entry_t entry = pte_to_swp_entry(p);
    const int batch = swap_pte_batch(mm, i, idx + nr - i, entry);
    swap_put_entries_direct(entry, batch);
    clear_not_present_full_ptes(mm, i, batch);
    i += batch;
  }
  mm.ptl.unlock();
}

// mm/memory.c: copy_pte_range with copy_nonpresent_pte / copy_present_ptes for anon pages.
int copy_pte_range(MmStruct& dst, MmStruct& src, int idx, int nr) {
  CHECKER_FRAME();
  int addr = idx;
  while (addr < idx + nr) {
    int ret = 0;
    swp_entry_t entry{};
    dst.ptl.lock();
    src.ptl.lock_nested(1);  // SINGLE_DEPTH_NESTING
    for (; addr < idx + nr; ++addr) {
      const std::size_t i = static_cast<std::size_t>(addr);
      const std::uint64_t p = src.pte[i].read_once();
      if (pte_none(p)) continue;
      if (is_swap_pte(p)) {
        if (swap_dup_entry_direct(pte_to_swp_entry(p)) < 0) {
          ret = -EIO;
          entry = pte_to_swp_entry(src.pte[i].read_once());
          break;
        }
      } else if (pte_present(p)) {
        // folio_try_dup_anon_rmap_pte: the child shares the page copy-on-write.
        Folio& folio = model().folio(pte_folio(p));
        folio_get(folio);
        checker::lkmm::atomic_fetch_add(folio.mapcount, 1);  // folio_add_anon_rmap_ptes: atomic_inc_and_test (fully ordered)
      }
      dst.pte[i].write_once(p);
      dst.page_id[i] = src.page_id[i];    // ghost: the child sees the parent's page
      dst.expected[i] = src.expected[i];  // ghost
      dst.version[i] = src.version[i];    // ghost
      model().ghost.note_written(dst.pte[i].id());
    }
    src.ptl.unlock();
    dst.ptl.unlock();
    if (ret == -EIO) {
      // The extend table could not be allocated atomically: allocate it sleeping and retry
      // from the PTE that failed.
      if (swap_retry_table_alloc(entry) < 0) return -ENOMEM;
    }
  }
  return 0;
}

namespace {
// The page's writer is its only user: mapped once, and not referenced through swap entries
// (copy-on-write of a shared page is not modelled). Read without events: a precondition.
bool exclusive_peek(Folio& folio) {
  if (folio.mapcount.peek() != 1) return false;
  if (!(folio.flags.peek() & PG_swapcache)) return true;
  const swp_entry_t e{folio.swap.peek()};
  SwapCluster& ci = __swap_offset_to_cluster(swp_type(e), swp_offset(e));
  const std::uint32_t t = ci.table.peek();
  if (t == 0) return true;
  for (int i = 0; i < folio.nr(); ++i) {
    const unsigned off = static_cast<unsigned>((swp_offset(e) + static_cast<std::uint64_t>(i)) % model().slots_per_cluster());
    if (tb::field(model().table(t).tb[off].peek()) != 0) return false;
  }
  return true;
}
}  // namespace

void write_page(MmStruct& mm, int idx, bool zero) {
  const std::size_t i = static_cast<std::size_t>(idx);
  if (is_swap_pte(mm.pte[i].read_once())) do_swap_page(mm, idx, true);
  mm.ptl.lock();
  const std::uint64_t p = mm.pte[i].read_once();
  if (pte_present(p)) {
    Folio& folio = model().folio(pte_folio(p));
    checker::require(exclusive_peek(folio), "write_page: page shared copy-on-write (not modelled)");
    const std::uint32_t version = mm.version[i] + 1;
    const std::uint64_t next = zero ? kZeroContent : mk_content(mm.page_id[i], version);
    page_content_write(folio.data[static_cast<std::size_t>(pte_page(p))], next);
    mm.expected[i] = next;  // ghost, in the same step as the store
    mm.version[i] = version;
    model().ghost.note_written(mm.pte[i].id());
    folio_mark_dirty(folio);  // the PTE's dirty bit, transferred at unmap
  }
  mm.ptl.unlock();
}

}  // namespace swapmodel
