// Swap IO (mm/page_io.c, phase IV base: swap_writeout, __swap_writepage, swap_read_folio and
// the zero flag helpers).
#include "model/page_io.h"

#include "model/device.h"
#include "model/model.h"
#include "model/page_data.h"
#include "model/swap_table.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"
#include "model/zswap.h"

namespace swapmodel {

namespace {

unsigned cluster_off(std::uint64_t offset) { return static_cast<unsigned>(offset % model().slots_per_cluster()); }

bool is_folio_zero_filled(Folio& folio) {
  CHECKER_FRAME();
  for (auto& d : folio.data)
    if (page_content_read(d) != kZeroContent) return false;
  return true;
}

// swap_zeromap_folio_set / _clear (phase IV: the zero flag lives in the table word). The folio
// is locked in the swap cache, so its slots cannot change owner; the cluster lock makes each
// word update atomic with the count changes of other threads.
void swap_zeromap_folio_update(Folio& folio, bool zero) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  SwapCluster& ci = swap_cluster_lock(swp_type(entry), swp_offset(entry));
  // Seed 004 P2: free any prior backing of a vswap slot (a zswap entry from an earlier swap-out,
  // or physical slots) before the zero flag becomes its backing.
  if (zero && vswap::is_vswap_entry(entry))
    vswap::__vswap_release_backing(ci, cluster_off(swp_offset(entry)), static_cast<unsigned>(folio.nr()));
  for (int i = 0; i < folio.nr(); ++i) {
    const unsigned off = cluster_off(swp_offset(entry)) + static_cast<unsigned>(i);
    const std::uint64_t w = __swap_table_get(ci, off);
    const tb::step::Word<pure::Machine> n = tb::step::with_zero(pure::Machine{}, tb::decode(w), zero);
    if (n.zero != tb::zero(w)) __swap_table_set(ci, off, tb::with_zero(w, n.zero));
  }
  swap_cluster_unlock(ci);
}

// swap_read_folio_zeromap: true when the read is done (zero-filled, or refused because the
// folio is partly in the zero map: then it is left !uptodate and the fault gets SIGBUS).
bool swap_read_folio_zeromap(Folio& folio) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  SwapCluster& ci = __swap_offset_to_cluster(swp_type(entry), swp_offset(entry));
  SwapModel& m = model();
  // swap_zeromap_batch: lockless under RCU; the folio lock keeps the flags stable.
  m.rcu.read_lock();
  const bool is_zero = tb::zero(__swap_table_get(ci, cluster_off(swp_offset(entry))));
  int n = 1;
  while (n < folio.nr() && tb::zero(__swap_table_get(ci, cluster_off(swp_offset(entry)) + static_cast<unsigned>(n))) == is_zero) ++n;
  m.rcu.read_unlock();
  if (WARN_ON(n != folio.nr(), "swap_read_folio_zeromap: folio partly in the zero map")) return true;
  if (!is_zero) return false;
  for (auto& d : folio.data) page_content_write(d, kZeroContent);
  folio_mark_uptodate(folio);
  return true;
}

}  // namespace

// mm/page_io.c: swap_writeout
int swap_writeout(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "swap_writeout: folio not locked");
  checker::require(folio_test_swapcache(folio), "swap_writeout: folio not in the swap cache");
  if (folio_free_swap(folio)) {
    folio_unlock(folio);
    return 0;
  }
  // A zero-filled folio needs no IO: the zero flag is its backing.
  if (is_folio_zero_filled(folio)) {
    // Fix (off in the faithful model): a zswap entry stored for these slots before the folio
    // was redirtied is stale now. Left in the tree, zswap writeback would later decompress it
    // into a new swap-cache folio and a fault would map that old data (swap-in reads the zero
    // flag first only when nothing is cached). zswap_store's check_old erases such entries
    // on every other path; this one skips zswap_store.
    if (model().cfg.fixes.zero_writeout_drops_zswap)
      for (int i = 0; i < folio.nr(); ++i) zswap_invalidate(swp_entry_t{folio_swap(folio).val + static_cast<std::uint64_t>(i)});
    swap_zeromap_folio_update(folio, true);
    folio_unlock(folio);
    return 0;
  }
  // Clear the zero flag, so that zero data from an earlier write of the same slots is not read.
  swap_zeromap_folio_update(folio, false);
  // Seed 004 P3: release stale non-swapfile backing (ZSWAP from a previous cycle) so zswap_store
  // or folio_realloc_swap start on clean slots; contiguous physical backing is kept for reuse.
  // folio->swap is stable while we hold the folio lock: read it without an event.
  const bool vswap_entry = vswap::is_vswap_entry(swp_entry_t{folio.swap.peek()});
  if (vswap_entry) vswap::folio_release_non_phys_swap_backing(folio);
  if (zswap_store(folio)) {
    folio_unlock(folio);
    return 0;
  }
  // (mem_cgroup_zswap_writeback_enabled: always, in the model.)
  if (vswap_entry) {
    const swp_entry_t phys = vswap::folio_realloc_swap(folio);
    if (phys.val == 0) {
      folio_mark_dirty(folio);
      return AOP_WRITEPAGE_ACTIVATE;
    }
    __swap_writepage_phys(folio, phys);
    return 0;
  }
  __swap_writepage(folio);
  return 0;
}

// mm/page_io.c (seed 004 P3): __swap_writepage_phys. The folio's data goes to the physical
// slots backing its vswap entry.
void __swap_writepage_phys(Folio& folio, swp_entry_t phys) {
  CHECKER_FRAME();
  SwapDevice& si = __swap_entry_to_info(phys);
  folio_set(folio, PG_writeback);  // folio_start_writeback
  folio_unlock(folio);
  for (int i = 0; i < folio.nr(); ++i)
    si.disk.at(swp_offset(phys) + static_cast<std::uint64_t>(i)).write(page_content_read(folio.data[static_cast<std::size_t>(i)]));
  folio_clear(folio, PG_writeback);  // folio_end_writeback
}

// mm/page_io.c: __swap_writepage (the bio's end_swap_bio_write runs at the end)
void __swap_writepage(Folio& folio) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  SwapDevice& si = __swap_entry_to_info(entry);
  folio_set(folio, PG_writeback);  // folio_start_writeback
  folio_unlock(folio);
  for (int i = 0; i < folio.nr(); ++i)
    si.disk.at(swp_offset(entry) + static_cast<std::uint64_t>(i)).write(page_content_read(folio.data[static_cast<std::size_t>(i)]));
  folio_clear(folio, PG_writeback);  // folio_end_writeback
}

// mm/page_io.c: swap_read_folio
void swap_read_folio(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "swap_read_folio: folio not locked");
  checker::require(folio_test_swapcache(folio), "swap_read_folio: folio not in the swap cache");
  checker::require(!folio_test_uptodate(folio), "swap_read_folio: folio already uptodate");
  if (swap_read_folio_zeromap(folio)) {
    folio_unlock(folio);
    return;
  }
  if (zswap_load(folio) != -ENOENT) return;
  swp_entry_t entry = folio_swap(folio);
  if (vswap::is_vswap_entry(entry)) {
    // Seed 004 P3: read from the physical backing; with none the folio stays !uptodate
    // (the fault gets SIGBUS).
    entry = vswap::vswap_to_phys(entry);
    if (entry.val == 0) {
      folio_unlock(folio);
      return;
    }
  }
  SwapDevice& si = __swap_entry_to_info(entry);
  for (int i = 0; i < folio.nr(); ++i)
    page_content_write(folio.data[static_cast<std::size_t>(i)], si.disk.at(swp_offset(entry) + static_cast<std::uint64_t>(i)).read());
  // end_swap_bio_read
  folio_mark_uptodate(folio);
  folio_unlock(folio);
}

}  // namespace swapmodel
