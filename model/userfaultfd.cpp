// UFFDIO_MOVE of swap PTEs (mm/userfaultfd.c; seed 003 for move_pages_ptes' tryget_swap_entry,
// put_swap_entry and the swapoff_locked flag reset on retry).
#include "model/userfaultfd.h"

#include "checker/lock.h"
#include "model/device.h"
#include "model/folio.h"
#include "model/model.h"
#include "model/pagetable.h"
#include "model/swap_state.h"
#include "model/swap_table.h"

namespace swapmodel {

namespace {

// mm/userfaultfd.c: double_pt_lock / double_pt_unlock: both PTEs are in the mm's one page
// table, so ptl1 == ptl2 and one lock is taken.
void double_pt_lock(MmStruct& mm) { mm.ptl.lock(); }
void double_pt_unlock(MmStruct& mm) { mm.ptl.unlock(); }

// mm/swap.h: swap_cache_has_folio: whether the slot's table word names a folio (lockless).
bool swap_cache_has_folio(swp_entry_t entry) { return tb::is_folio(swap_table_get_entry(entry)); }

}  // namespace

// mm/userfaultfd.c: move_swap_pte. Both PTLs are taken here; the PTEs must still hold what the
// caller read (is_pte_pages_stable). A cached folio, locked by the caller, must still be the
// entry's (it can leave the swap cache while unlocked); an uncached entry must still be
// uncached once the PTL is held (a swap-in that added a folio after the caller's lookup has
// the folio's rmap on src: retry and move it along).
int move_swap_pte(MmStruct& mm, int dst_idx, int src_idx, std::uint64_t orig_dst_pte, std::uint64_t orig_src_pte,
                  Folio* src_folio, swp_entry_t entry) {
  CHECKER_FRAME();
  auto& dst_pte = mm.pte[static_cast<std::size_t>(dst_idx)];
  auto& src_pte = mm.pte[static_cast<std::size_t>(src_idx)];
  // Check if the folio still belongs to the target swap entry after acquiring the lock.
  if (src_folio != nullptr && (!folio_test_swapcache(*src_folio) || entry.val != folio_swap(*src_folio).val))
    return -EAGAIN;
  double_pt_lock(mm);
  if (dst_pte.read_once() != orig_dst_pte || src_pte.read_once() != orig_src_pte) {  // is_pte_pages_stable
    double_pt_unlock(mm);
    return -EAGAIN;
  }
  if (src_folio != nullptr) {
    // The folio stays in the swap cache: a swap-in at the new address finds it there, and its
    // rmap must lead reclaim to the new PTE (folio_move_anon_rmap; the anon_vma is the mm's).
    src_folio->index = dst_idx;
  } else if (swap_cache_has_folio(entry)) {
    // Holding the PTL, a folio a swap-in added to the swap cache before the PTE check above is
    // seen: its rmap still says the old address.
    double_pt_unlock(mm);
    return -EAGAIN;
  }
  src_pte.write_once(kPteNone);       // ptep_get_and_clear
  dst_pte.write_once(orig_src_pte);   // set_pte_at
  const std::size_t d = static_cast<std::size_t>(dst_idx), s = static_cast<std::size_t>(src_idx);
  mm.page_id[d] = mm.page_id[s];      // ghost: the virtual page moved
  mm.expected[d] = mm.expected[s];    // ghost
  mm.version[d] = mm.version[s];      // ghost
  model().ghost.note_written(dst_pte.id());
  double_pt_unlock(mm);
  return 0;
}

namespace {

// The PTE as move_pages_ptes reads it: spin_lock(ptl); ptep_get(); spin_unlock(ptl).
std::uint64_t read_pte_locked(MmStruct& mm, int idx) {
  mm.ptl.lock();
  const std::uint64_t p = mm.pte[static_cast<std::size_t>(idx)].read_once();
  mm.ptl.unlock();
  return p;
}

}  // namespace

// mm/userfaultfd.c (seed 003): move_pages_ptes for one swap PTE.
int move_pages_ptes(MmStruct& mm, int dst_idx, int src_idx) {
  CHECKER_FRAME();
  SwapModel& m = model();
  SwapDevice* si = nullptr;
  swp_entry_t entry{};
  bool swapoff_locked = false;
  Folio* src_folio = nullptr;
  std::uint64_t src_folio_pte = 0;
  int err = 0;
retry:
  // pte_offset_map_rw_nolock (dst, then src): the maps hold rcu_read_lock.
  m.rcu.read_lock();
  bool mapped = true;
  {
    const std::uint64_t orig_dst_pte = read_pte_locked(mm, dst_idx);
    if (!pte_none(orig_dst_pte)) {
      err = -EEXIST;
      goto out;
    }
    const std::uint64_t orig_src_pte = read_pte_locked(mm, src_idx);
    if (pte_none(orig_src_pte)) {
      err = -ENOENT;  // (no UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES)
      goto out;
    }
    // If PTE changed after we locked the folio then start over.
    if (src_folio != nullptr && orig_src_pte != src_folio_pte) {
      err = -EAGAIN;
      goto out;
    }
    if (pte_present(orig_src_pte)) {
      err = kMovePresentNotModelled;  // move_present_pte: not modelled
      goto out;
    }
    if (!is_swap_pte(orig_src_pte)) {
      err = -EFAULT;  // !softleaf_is_swap (the poison marker)
      goto out;
    }
    entry = pte_to_swp_entry(orig_src_pte);
    swapoff_locked = tryget_swap_entry(entry, &si);
    if (!swapoff_locked) {
      err = -EAGAIN;
      goto out;
    }
    // Verify the existence of the swapcache: a cached folio's rmap moves with the PTE. A large
    // one is -EBUSY (split_folio would refuse an unmapped large swap-cache folio too).
    Folio* folio = src_folio == nullptr ? swap_cache_get_folio(entry) : nullptr;
    if (folio != nullptr) {
      if (folio->nr() > 1) {
        err = -EBUSY;
        folio_put(*folio);
        goto out;
      }
      src_folio = folio;
      src_folio_pte = orig_src_pte;
      if (!folio_trylock(*src_folio)) {
        // pte_unmap both, drop the device reference (seed 003: and swapoff_locked), then block.
        m.rcu.read_unlock();
        mapped = false;
        put_swap_entry(entry, si);
        si = nullptr;
        // Seed 003 resets the flag with the reference: an exit before the retry's own tryget
        // (the PTE changed while we slept) would otherwise put it again (mutation
        // move_retry_keeps_swapoff_locked).
        if (!m.cfg.mutations.move_retry_keeps_swapoff_locked) swapoff_locked = false;
        // now we can block and wait
        folio_lock(*src_folio);
        goto retry;
      }
    }
    err = move_swap_pte(mm, dst_idx, src_idx, orig_dst_pte, orig_src_pte, src_folio, entry);
  }
out:
  if (src_folio != nullptr) {
    folio_unlock(*src_folio);
    folio_put(*src_folio);
  }
  if (mapped) m.rcu.read_unlock();  // pte_unmap (src, then dst)
  if (swapoff_locked) {
    // put_swap_entry -> put_swap_device(si) dereferences si (percpu_ref_put(&si->users)).
    checker::check(si != nullptr, "move_pages_ptes: put_swap_entry with si == NULL (a NULL pointer dereference in put_swap_device)");
    put_swap_entry(entry, si);
  }
  return err;
}

// mm/userfaultfd.c: move_pages for one page: -EAGAIN retries the same address.
int move_pages(MmStruct& mm, int dst_idx, int src_idx) {
  CHECKER_FRAME();
  for (;;) {
    const int err = move_pages_ptes(mm, dst_idx, src_idx);
    if (err != -EAGAIN) return err;
  }
}

}  // namespace swapmodel
