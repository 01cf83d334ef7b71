// struct folio, as far as swap needs it: the folio lock, the page flags swap reads and writes,
// folio->swap, the reference and map counts, the memcg, and the content of each page.
//
// Locking (include/linux/pagemap.h, mm/swap_state.c):
//   - lock: PG_locked, a sleeping lock. It serialises swap-cache insertion and removal, the
//     0->1 swap count transition (folio_dup_swap) and IO on the folio.
//   - flags: atomic bit operations; PG_swapcache changes only with the folio locked and the
//     cluster lock held.
//   - swap: folio->swap, written with the folio locked and the cluster lock held; read by its
//     holder (folio lock) or speculatively (folio_matches_swap_entry after a lockless lookup).
//     A plain field in the kernel, so a Var: every read outside those locks is race-checked.
//   - refcount: folio_try_get / folio_put; the swap cache holds nr references. A folio whose
//     count reaches zero is freed (never reused here), and speculative lookups then fail their
//     folio_try_get, as in the kernel, where struct page memory stays valid.
//   - mapcount: PTEs mapping a page of the folio; changed under the PTL.
//   - memcg: folio_memcg(), set when a new folio is charged and cleared by memcg v1 swap-out,
//     both with the folio locked (or not yet visible).
//   - data: each page's content (see pagetable.h for the encoding), written by user writes,
//     swap-in IO and zswap loads, read by swap-out IO.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>

#include "checker/atomic.h"
#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "checker/var.h"
#include "model/kernel.h"
#include "checker/atomic.h"
#include "model/stable_vector.h"

namespace swapmodel {

// The folio lock, plus the wait a speculative lookup needs: a folio whose reference count is
// frozen at zero is being taken out of the swap cache (or migrated) by whoever holds its lock,
// so swap_cache_get_folio's retry loop waits for that lock to be dropped instead of spinning.
class FolioLock : public checker::SleepLock {
 public:
  using checker::SleepLock::SleepLock;
  // Blocks until nobody holds the lock (one event, a read of the lock).
  void wait_unlocked(std::source_location loc = std::source_location::current());
};

struct Folio {
  Folio(int id, int order, int index);

  const int id;  // also its PFN in swap-table words
  // 0 or 1. A split (model/split.h) lowers it to 0 with the folio locked, its count frozen and
  // the cluster lock held; every other reader holds the folio lock or a reference it took
  // before the freeze (and re-checks under the folio lock), as folio_order() readers do.
  int order;
  // The page-table index of its first page (anon rmap: folio->index). Moved only by UFFDIO_MOVE
  // (move_swap_pte) with the folio locked; rmap walks read it with the folio locked.
  int index;
  FolioLock lock;
  checker::Atomic<std::uint32_t> flags;
  checker::Var<std::uint64_t> swap;  // plain in the kernel: race-checked (see above)
  checker::Atomic<int> refcount;
  checker::Atomic<int> mapcount;
  checker::Var<int> memcg;  // memcg id, 0: none
  StableVector<checker::Atomic<std::uint64_t>> data;

  int nr() const { return 1 << order; }
};

std::string format_folio_flags(std::uint64_t v);
std::string format_swp_entry(std::uint64_t v);

// --- lock --------------------------------------------------------------------------------------
void folio_lock(Folio& f);
bool folio_trylock(Folio& f);
void folio_unlock(Folio& f);
// folio_test_locked from the caller's point of view: the calling thread holds it (in setup:
// anyone does).
bool folio_test_locked(const Folio& f);

// --- flags -------------------------------------------------------------------------------------
bool folio_test(Folio& f, std::uint32_t flag);
void folio_set(Folio& f, std::uint32_t flag);
void folio_clear(Folio& f, std::uint32_t flag);
// folio_test_clear_dirty / folio_clear_dirty_for_io: true when it was dirty.
bool folio_test_clear(Folio& f, std::uint32_t flag);
inline bool folio_test_swapcache(Folio& f) { return folio_test(f, PG_swapcache); }
// folio_test_uptodate (include/linux/page-flags.h): test_bit, then smp_rmb when the flag is set,
// so that the page's contents are read after it (paired with folio_mark_uptodate's smp_wmb).
inline bool folio_test_uptodate(Folio& f) {
  const bool uptodate = folio_test(f, PG_uptodate);
  if (uptodate) checker::lkmm::smp_rmb();
  return uptodate;
}
inline bool folio_test_dirty(Folio& f) { return folio_test(f, PG_dirty); }
inline bool folio_test_writeback(Folio& f) { return folio_test(f, PG_writeback); }
inline void folio_mark_dirty(Folio& f) { folio_set(f, PG_dirty); }
// folio_mark_uptodate: smp_wmb, then set_bit: the contents written before are visible to whoever
// sees the flag.
inline void folio_mark_uptodate(Folio& f) {
  checker::lkmm::smp_wmb();
  folio_set(f, PG_uptodate);
}

// --- contents ------------------------------------------------------------------------------------
// A page's contents (Folio::data) are plain memory in the kernel: copy_page / copy_mc_to_kernel,
// the user's stores, swap IO, zswap's (de)compression. Each access is ordered by the folio lock,
// writeback, the PTL that maps the page, or the uptodate flag's barriers above, so a race-free
// access reads the latest content; relaxed is the weak access that reads the same there (a plain
// access the kernel leaves racy would read any older store instead of being reported).
inline std::uint64_t page_content_read(checker::Atomic<std::uint64_t>& d,
                                       std::source_location loc = std::source_location::current()) {
  return d.load(checker::MemoryOrder::Relaxed, loc);
}
inline void page_content_write(checker::Atomic<std::uint64_t>& d, std::uint64_t content,
                               std::source_location loc = std::source_location::current()) {
  d.store(content, checker::MemoryOrder::Relaxed, loc);
}
void folio_wait_writeback(Folio& f);

// --- references --------------------------------------------------------------------------------
bool folio_try_get(Folio& f);
// folio_try_get in a lookup loop that retries on failure (folio.cpp).
bool folio_try_get_retry(Folio& f);
void folio_get(Folio& f);
void folio_ref_add(Folio& f, int nr);
void folio_ref_sub(Folio& f, int nr);
// folio_put_refs: frees the folio when the count reaches zero.
void folio_put_refs(Folio& f, int nr);
inline void folio_put(Folio& f) { folio_put_refs(f, 1); }
// folio_ref_freeze: the count goes from `count` to 0 atomically, or nothing happens.
bool folio_ref_freeze(Folio& f, int count);
// folio_ref_unfreeze: a frozen count becomes `count` again.
void folio_ref_unfreeze(Folio& f, int count);
bool folio_mapped(Folio& f);

// folio_matches_swap_entry (mm/swap.h): still in the swap cache and covering `entry`.
bool folio_matches_swap_entry(Folio& f, swp_entry_t entry);
// folio->swap, as read by the folio's owner.
swp_entry_t folio_swap(Folio& f);

}  // namespace swapmodel
