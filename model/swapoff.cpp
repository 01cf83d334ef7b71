// swapoff, try_to_unuse, unuse_pte (mm/swapfile.c, phase II/IV base; seed 004 for the RCU
// around lockless table reads).
#include "model/swapoff.h"

#include "checker/heap.h"
#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/model.h"
#include "model/discard.h"
#include "model/page_io.h"
#include "model/shmem.h"
#include "model/swap_state.h"
#include "model/swap_table.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"
#include "model/workqueue.h"
#include "model/zswap.h"

namespace swapmodel {

// mm/swapfile.c: unuse_pte: map the swapped-in folio at this PTE if it still holds the entry. A folio that is
// not uptodate (its read failed) gets a poison marker instead, so a later access SIGBUSes.
int unuse_pte(MmStruct& mm, int idx, swp_entry_t entry, Folio& folio) {
  CHECKER_FRAME();
  // If the folio is removed from swap cache by others (migration replaced it while the PTE
  // still holds the entry), continue to unuse other PTEs; try_to_unuse may try again.
  // folio_matches_swap_entry, read without events: the folio lock we hold is held by every
  // writer of PG_swapcache and folio->swap.
  const swp_entry_t first{folio.swap.peek()};
  if (!(folio.flags.peek() & PG_swapcache) || swp_type(first) != swp_type(entry) || entry.val < first.val ||
      entry.val >= first.val + static_cast<std::uint64_t>(folio.nr()))
    return 0;
  auto& pte = mm.pte[static_cast<std::size_t>(idx)];
  mm.ptl.lock();
  if (pte.read_once() != mk_pte_swap(entry)) {
    mm.ptl.unlock();
    return 0;
  }
  // folio_file_page: the page of the folio for this entry (page 0 of an order-0 folio).
  const int page = static_cast<int>(swp_offset(entry) % static_cast<std::uint64_t>(folio.nr()));
  if (!folio_test_uptodate(folio)) {
    pte.write_once(kPtePoison);
  } else {
    folio_get(folio);
    checker::lkmm::atomic_fetch_add(folio.mapcount, 1);  // folio_add_anon_rmap_ptes: atomic_inc_and_test (fully ordered)
    pte.write_once(mk_pte_present(folio.id, page));
  }
  folio_put_swap(folio, page);
  mm.ptl.unlock();
  return 1;
}

// mm/swapfile.c: unuse_pte_range over one mm: every swap PTE of this device.
int unuse_mm(MmStruct& mm, int type) {
  CHECKER_FRAME();
  for (int idx = 0; idx < mm.slots(); ++idx) {
    const std::uint64_t p = mm.pte[static_cast<std::size_t>(idx)].read_once();
    if (!is_swap_pte(p) || swp_type(pte_to_swp_entry(p)) != type) continue;
    const swp_entry_t entry = pte_to_swp_entry(p);
    Folio* folio = swapin_folio(entry, 1u << 0, idx, mm.memcg);
    if (folio == nullptr) {
      if (tb::get_count(swap_table_get_entry(entry)) <= 0) continue;
      return -ENOMEM;
    }
    folio_lock(*folio);
    folio_wait_writeback(*folio);
    const int ret = unuse_pte(mm, idx, entry, *folio);
    if (ret < 0) {
      folio_unlock(*folio);
      folio_put(*folio);
      return ret;
    }
    folio_free_swap(*folio);
    folio_unlock(*folio);
    folio_put(*folio);
  }
  return 0;
}

// mm/swapfile.c: find_next_to_unuse: the next slot after `prev` that is neither free nor bad; 0 when none. The
// lockless read may see a slot in transition; the caller copes.
std::uint64_t find_next_to_unuse(SwapDevice& si, std::uint64_t prev) {
  CHECKER_FRAME();
  for (std::uint64_t i = prev + 1; i < si.max; ++i) {
    const std::uint64_t w = swap_table_get_entry(swp_entry(si.type, i));
    if (!tb::is_null(w) && !tb::is_bad(w)) return i;
  }
  return 0;
}

// mm/swapfile.c: wait_for_allocation
void wait_for_allocation(SwapDevice& si) {
  CHECKER_FRAME();
  checker::check(!(si.flags.read() & SWP_WRITEOK), "wait_for_allocation: BUG_ON(si->flags & SWP_WRITEOK)");
  for (SwapCluster& ci : si.clusters) {
    ci.lock.lock();
    ci.lock.unlock();
  }
}

// mm/swapfile.c: reinsert_swap_info
void reinsert_swap_info(SwapDevice& si) {
  CHECKER_FRAME();
  SwapModel& m = model();
  check_not_dead(si.users_death, "swap device " + std::to_string(si.type), "put back on the avail list");
  m.swap_lock.lock();
  si.lock.lock();
  // _enable_swap_info
  m.nr_swap_pages.fetch_add(si.pages, checker::MemoryOrder::Relaxed);  // atomic_long_add
  m.total_swap_pages.fetch_add(si.pages, checker::MemoryOrder::Relaxed);
  add_to_avail_list(si, true);
  si.lock.unlock();
  m.swap_lock.unlock();
}

namespace {

void flush_percpu_swap_cluster(SwapDevice& si) {
  CHECKER_FRAME();
  // si->users is dead, so no new user will cache it: just drop the existing references.
  for (PercpuSwapCluster& pcp : model().percpu)
    for (auto& s : pcp.si) {
      std::uint32_t expected = static_cast<std::uint32_t>(si.type + 1);
      (void)checker::lkmm::cmpxchg(s, expected, 0u);  // cmpxchg(&pcp->si[order], si, NULL)
    }
}

void free_swap_cluster_info(SwapDevice& si) {
  CHECKER_FRAME();
  for (SwapCluster& ci : si.clusters) {
    // A cluster with bad slots still has its table.
    ci.lock.lock();
    if (cluster_table_locked(ci) != nullptr) {
      for (unsigned off = 0; off < model().slots_per_cluster(); ++off)
        if (tb::is_bad(__swap_table_get(ci, off))) __swap_table_set(ci, off, tb::kNull);
      ci.count.write(0);
      swap_cluster_free_table(ci);
    }
    ci.lock.unlock();
  }
  checker::heap_free(si.cluster_info);  // kvfree(cluster_info)
}

}  // namespace

// mm/swapfile.c: try_to_unuse
int try_to_unuse(int type) {
  CHECKER_FRAME();
  SwapModel& m = model();
  SwapDevice& si = m.devices.at(static_cast<std::size_t>(type));
  std::int64_t inuse = swap_usage_in_pages(si);
  while (inuse != 0) {
    // Seed 004 P3: free the vswap-backing (Pointer) slots first; no page-table walk is needed.
    if (m.cfg.vswap) {
      vswap::try_to_unuse_vswap_backing(si);
      if (swap_usage_in_pages(si) == 0) break;
    }
    // Shmem mappings first (model/shmem.h); no event unless a scenario has one.
    if (const int ret = shmem_unuse(type)) return ret;
    for (MmStruct& mm : m.mms) {
      if (mm.shmem) continue;
      const int ret = unuse_mm(mm, type);
      if (ret) return ret;
    }
    std::uint64_t i = 0;
    while (swap_usage_in_pages(si) != 0 && (i = find_next_to_unuse(si, i)) != 0) {
      // Seed 004 P3: Pointer slots belong to the vswap pass above.
      if (m.cfg.vswap && tb::is_pointer(swap_table_get_entry(swp_entry(type, i)))) continue;
      Folio* folio = swap_cache_get_folio(swp_entry(type, i));
      if (folio == nullptr) continue;
      // A racing task may have removed the folio from the swap cache before we locked it:
      // folio_free_swap() only frees stale folios.
      folio_lock(*folio);
      folio_wait_writeback(*folio);
      folio_free_swap(*folio);
      folio_unlock(*folio);
      folio_put(*folio);
    }
    // Swap entries can be put back into page tables after the walk passed them: retry, but a
    // pass that freed nothing counts as a pending signal (see swapoff.h).
    const std::int64_t now = swap_usage_in_pages(si);
    if (now != 0 && now >= inuse) return -EINTR;
    inuse = now;
  }
  // smp_mb: the cleanups after try_to_unuse happen after swap_range_free brought inuse to 0.
  return 0;
}

// mm/swapfile.c: swapoff's first part, under swap_lock: refuse a device that is not on
// (-EINVAL), else clear SWP_WRITEOK, take it off the avail list and out of nr_swap_pages.
int swapoff_disable(SwapDevice& p) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.swap_lock.lock();
  if (!(p.flags.read() & SWP_WRITEOK)) {
    m.swap_lock.unlock();
    return -EINVAL;
  }
  p.lock.lock();
  del_from_avail_list(p, true);  // clears SWP_WRITEOK
  m.nr_swap_pages.fetch_sub(p.pages, checker::MemoryOrder::Relaxed);  // atomic_long_sub
  m.total_swap_pages.fetch_sub(p.pages, checker::MemoryOrder::Relaxed);
  p.lock.unlock();
  m.swap_lock.unlock();
  return 0;
}

// mm/swapfile.c: swapoff after try_to_unuse succeeded: wait for the swap operations protected
// by get/put_swap_device() to complete, then free the device's structures. After the grace
// period every RCU reader (and every spinlock holder) that could still see the device alive is
// gone too.
void swapoff_release(SwapDevice& p) {
  CHECKER_FRAME();
  SwapModel& m = model();
  percpu_ref_kill(p);
  // Mutation swapoff_no_wait_users: the device is freed right after the kill, without the grace
  // period and the wait for the references already taken.
  if (!m.cfg.mutations.swapoff_no_wait_users) {
    m.rcu.synchronize();
    wait_for_users_to_drain(p);
  }
  note_death(p.users_death);  // ghost: the device's users are gone for good
  // flush_work(&p->reclaim_work): swap_reclaim_work walks the clusters with no device
  // reference; no event unless a scenario queued it. Mutation swapoff_no_flush_reclaim_work
  // frees the clusters under it.
  // flush_work(&p->discard_work): the discard work holds no reference either (model/discard.h).
  flush_discard_work(p);
  if (!m.cfg.mutations.swapoff_no_flush_reclaim_work) flush_reclaim_work(p);
  flush_percpu_swap_cluster(p);

  m.swap_lock.lock();
  p.lock.lock();
  // (drain_mmlist; p->max = 0 and p->cluster_info = NULL: the model keeps the values, the
  // device is dead for every lookup from here.)
  p.lock.unlock();
  m.swap_lock.unlock();
  zswap_swapoff(p.type);
  free_swap_cluster_info(p);
  // Clear SWP_USED after all resources are freed.
  m.swap_lock.lock();
  p.flags.write(0);
  m.swap_lock.unlock();
}

// mm/swapfile.c: swapoff
int swapoff(int type) {
  CHECKER_FRAME();
  SwapDevice* p = swap_type_to_info(type);
  checker::require(p != nullptr, "swapoff: no such device");
  if (swapoff_disable(*p)) return -EINVAL;
  wait_for_allocation(*p);
  const int err = try_to_unuse(type);
  if (err) {
    reinsert_swap_info(*p);
    return err;
  }
  swapoff_release(*p);
  return 0;
}

}  // namespace swapmodel
