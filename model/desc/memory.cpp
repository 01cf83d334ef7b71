// The page-table paths of the descriptor design (paths.h): mm/memory.c zap_pte_range with
// seed 001's free_swap_and_cache_nr, copy_pte_range with swap_duplicate (v6.15), and a user
// store to a page.
#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/desc/paths.h"
#include "model/desc/swap_cache.h"
#include "model/desc/vswap.h"
#include "model/model.h"
#include "model/page_data.h"

namespace swapmodel::desc {

// mm/memory.c (v6.15): zap_pte_range -> zap_present_ptes / zap_nonpresent_ptes
void zap_pte_range(MmStruct& mm, int idx, int nr) {
  CHECKER_FRAME();
  mm.ptl.lock();
  int i = idx;
  while (i < idx + nr) {
    auto& pte = mm.pte[static_cast<std::size_t>(i)];
    const std::uint64_t p = pte.read_once();
    if (pte_none(p)) {
      ++i;
      continue;
    }
    if (pte_present(p)) {
      Folio& folio = model().folio(pte_folio(p));
      pte.write_once(kPteNone);
      checker::lkmm::atomic_fetch_sub(folio.mapcount, 1);  // folio_remove_rmap_ptes: atomic_add_negative (fully ordered)
      folio_put(folio);  // (the kernel batches this behind the TLB flush)
      ++i;
      continue;
    }
    if (!is_swap_pte(p)) {
      pte.write_once(kPteNone);
      ++i;
      continue;
    }
    // swap_pte_batch: consecutive PTEs holding consecutive entries.
    const swp_entry_t entry = pte_to_swp_entry(p);
    int batch = 1;
    while (i + batch < idx + nr &&
           mm.pte[static_cast<std::size_t>(i + batch)].read_once() == mk_pte_swap(swp_entry_t{entry.val + static_cast<std::uint64_t>(batch)}))
      ++batch;
    desc::free_swap_and_cache_nr(entry, batch);
    for (int k = 0; k < batch; ++k) mm.pte[static_cast<std::size_t>(i + k)].write_once(kPteNone);  // clear_not_present_full_ptes
    i += batch;
  }
  mm.ptl.unlock();
}

// mm/memory.c (v6.15): copy_pte_range with copy_nonpresent_pte / copy_present_ptes for anon
// pages. swap_duplicate always returns 0 in seed 001, so the -EIO / continuation retry of the
// swap-table model never happens (copy_pte_range: "virtual swap implementation does not have
// swap count continuation").
int copy_pte_range(MmStruct& dst, MmStruct& src, int idx, int nr) {
  CHECKER_FRAME();
  dst.ptl.lock();
  src.ptl.lock_nested(1);  // SINGLE_DEPTH_NESTING
  for (int addr = idx; addr < idx + nr; ++addr) {
    const std::size_t i = static_cast<std::size_t>(addr);
    const std::uint64_t p = src.pte[i].read_once();
    if (pte_none(p)) continue;
    if (is_swap_pte(p)) {
      const int ret = desc::swap_duplicate(pte_to_swp_entry(p));
      VM_WARN_ON(ret == -EIO, "copy_pte_range: virtual swap has no swap count continuation");
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
  return 0;
}

namespace {
// The writer is the page's only user: mapped once, and no swap PTE still names its entries
// (copy-on-write of a shared page is not modelled). Read without events: a precondition.
bool exclusive_peek(Folio& folio) {
  if (folio.mapcount.peek() != 1) return false;
  if (!(folio.flags.peek() & PG_swapcache)) return true;
  VswapState& v = vswap();
  for (int i = 0; i < folio.nr(); ++i) {
    const std::uint64_t w = v.vswap_map.peek(vswap_index(swp_entry_t{folio.swap.peek()}) + static_cast<std::uint64_t>(i));
    if (xa_is_ptr(w) && refs::swap_count(v.desc(xa_to_ptr(w)).swap_refs.peek()) != 0) return false;
  }
  return true;
}
}  // namespace

// A user store (the model's write_page for this design).
void write_page(MmStruct& mm, int idx, bool zero) {
  const std::size_t i = static_cast<std::size_t>(idx);
  if (is_swap_pte(mm.pte[i].read_once())) desc::do_swap_page(mm, idx, true);
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

}  // namespace swapmodel::desc
