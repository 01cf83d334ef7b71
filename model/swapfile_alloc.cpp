// Swap slot allocation (mm/swapfile.c, phase IV; seed 000 for the folio-bound workflow).
//
// Lock order on this path (SEMANTICS I18): folio lock -> local_lock(percpu_swap_cluster) ->
// ci->lock -> si->lock. swap_avail_lock is never held across an allocation.
#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "model/discard.h"
#include "model/memcg.h"
#include "model/model.h"
#include "model/packed_list.h"
#include "model/swap_state.h"
#include "model/swap_table.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

namespace {

unsigned spc() { return model().slots_per_cluster(); }

}  // namespace

// mm/swapfile.c: cluster_scan_range: every slot of the range is free, or a cache-only folio slot that may be
// reclaimed when swap is nearly full.
bool cluster_scan_range(SwapDevice& si, SwapCluster& ci, std::uint64_t offset, int nr, bool* need_reclaim) {
  CHECKER_FRAME();
  for (std::uint64_t off = offset; off < offset + static_cast<std::uint64_t>(nr); ++off) {
    const std::uint64_t w = __swap_table_get(ci, static_cast<unsigned>(off % spc()));
    if (tb::is_null(w)) continue;
    if (tb::is_folio(w) && tb::field(w) == 0) {
      // Seed 004 P2: vswap slots are unlimited; never reclaim to reuse one.
      const bool p2 = !model().cfg.mutations.scan_reclaims_vswap;
      if ((p2 && vswap::swap_is_vswap(si)) || !vm_swap_full()) return false;
      *need_reclaim = true;
      continue;
    }
    // A slot with a zero count can only be NULL or a folio.
    VM_WARN_ON(tb::get_count(w) == 0, "cluster_scan_range: zero count on a non-folio slot");
    return false;
  }
  return true;
}

// mm/swapfile.c: cluster_reclaim_range (seed 004 P1/P3): drops ci->lock to reclaim the cache-only slots of
// the range, then looks the cluster up again: a vswap dynamic cluster may have been freed
// meanwhile (*pci becomes null and *usable false). The RCU read-side section taken before the
// unlock keeps the cluster alive across the lockless reads of the window.
bool cluster_reclaim_range(SwapDevice& si, SwapCluster*& pci, std::uint64_t start, int order, bool* usable) {
  CHECKER_FRAME();
  SwapModel& m = model();
  const bool rcu = !m.cfg.mutations.reclaim_range_no_rcu;
  SwapCluster* ci = pci;
  const int nr = 1 << order;
  const std::uint64_t end = start + static_cast<std::uint64_t>(nr);
  if (rcu) m.rcu.read_lock();
  ci->lock.unlock();
  bool relock_now = false;
  for (std::uint64_t off = start; off < end; ++off) {
    const std::uint64_t w = swap_table_get(*ci, static_cast<unsigned>(off % spc()));
    if (tb::is_pointer(w)) {
      // Seed 004 P3: a physical slot backing a vswap entry.
      if (rcu) m.rcu.read_unlock();
      if (vswap::try_to_reclaim_vswap_backing(si, off) < 0) {
        relock_now = true;
        break;
      }
      if (rcu) m.rcu.read_lock();
      continue;
    }
    if (tb::get_count(w) != 0) break;
    if (tb::is_folio(w) && __try_to_reclaim_swap(si, off, TTRS_ANYWAY) < 0) break;
  }
  if (!relock_now && rcu) m.rcu.read_unlock();
  // Re-lookup: a dynamic cluster may have been freed while the lock was dropped. Mutation
  // reclaim_range_relocks_stale: spin_lock(&ci->lock) on the old pointer, as before seed 004 P1.
  if (m.cfg.mutations.reclaim_range_relocks_stale)
    ci->lock.lock();
  else
    ci = __swap_cluster_lock(si.type, start);
  pci = ci;
  if (ci == nullptr) {
    *usable = false;
    return false;
  }
  // We just dropped ci->lock, so the cluster could have been used by another order or freed.
  if (!cluster_is_usable(*ci, order)) {
    *usable = false;
    return false;
  }
  *usable = true;
  if (cluster_is_empty(*ci)) return true;
  // Recheck the range whether or not reclaim succeeded: a slot may have been freed meanwhile.
  for (std::uint64_t off = start; off < end; ++off)
    if (!tb::is_null(__swap_table_get(*ci, static_cast<unsigned>(off % spc())))) return false;
  return true;
}

// mm/swapfile.c: __swap_cluster_alloc_entries
bool __swap_cluster_alloc_entries(SwapDevice& si, SwapCluster& ci, Folio* folio, unsigned ci_off) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  vswap::check_cluster_not_retired(ci, "allocated from");
  // A plain read under ci->lock, which swapoff's clear does not hold (fix swp_writeok_marked:
  // READ_ONCE).
  const std::uint32_t flags = model().cfg.fixes.swp_writeok_marked ? si.flags.read_once() : si.flags.read();
  if (!(flags & SWP_WRITEOK)) return false;
  int order = 0, nr = 1;
  if (folio != nullptr) {
    // Every allocation starts with a folio: its slots start at count 0 and are counted as
    // the folio is unmapped (folio_dup_swap).
    order = folio->order;
    nr = folio->nr();
    for (int i = 0; i < nr; ++i)
      VM_WARN_ON(!tb::is_null(__swap_table_get(ci, ci_off + static_cast<unsigned>(i))), "swap_cluster_assert_empty");
    if (folio_test_swapcache(*folio)) {
      // Seed 004 P3: the folio is already in the (vswap) swap cache, so this allocates physical
      // backing for its vswap entry: each physical slot points back at its own vswap slot.
      const swp_entry_t vswap_entry = folio_swap(*folio);
      VM_WARN_ON(!vswap::is_vswap_entry(vswap_entry), "__swap_cluster_alloc_entries: cached folio without a vswap entry");
      for (int i = 0; i < nr; ++i)
        __swap_table_set(ci, ci_off + static_cast<unsigned>(i), tb::mk_pointer(swp_offset(vswap_entry) + static_cast<std::uint64_t>(i), false));
    } else {
      __swap_cache_do_add_folio(ci, *folio, swp_entry(si.type, ci_off + cluster_offset(ci)));
    }
  } else {
    // An exclusive order-0 hibernation slot: a placeholder shadow with count 1.
    VM_WARN_ON(!tb::is_null(__swap_table_get(ci, ci_off)), "swap_cluster_assert_empty");
    __swap_table_set(ci, ci_off, tb::pack(tb::step::hibernation_word(pure::Machine{})));
    // Ghost: the image holds the reference from the moment the count exists. Recorded when
    // swap_alloc_hibernation_slot returned, the per-step count invariants saw a count with no
    // holder in between.
    model().ghost.hibernation_slots.push_back(swp_entry(si.type, ci_off + cluster_offset(ci)));
    model().ghost.note_written_all();
  }
  // The first allocation in a cluster makes the cluster exclusive to this order.
  if (cluster_is_empty(ci)) ci.order.write(static_cast<std::uint8_t>(order));
  ci.count.write(static_cast<std::uint32_t>(
      tb::step::cluster_count_alloc(pure::Machine{}, std::int64_t{ci.count.read()}, std::int64_t{nr})));
  swap_range_alloc(si, nr);
  return true;
}

namespace {

std::uint64_t alloc_swap_scan_list(SwapDevice& si, checker::Var<std::uint64_t>& list, Folio* folio, bool scan_all) {
  CHECKER_FRAME();
  std::uint64_t found = 0;
  do {
    SwapCluster* ci = isolate_lock_cluster(si, list);
    if (ci == nullptr) break;
    found = alloc_swap_scan_cluster(si, *ci, folio, cluster_offset(*ci));
    if (found) break;
  } while (scan_all);
  return found;
}

}  // namespace

// mm/swapfile.c: alloc_swap_scan_cluster
std::uint64_t alloc_swap_scan_cluster(SwapDevice& si, SwapCluster& ci_ref, Folio* folio, std::uint64_t offset) {
  CHECKER_FRAME();
  SwapCluster* pci = &ci_ref;
  SwapCluster& ci = ci_ref;
  ci.lock.assert_held();
  const int order = folio != nullptr ? folio->order : 0;
  const int nr = 1 << order;
  const std::uint64_t start = offset - offset % spc();
  std::uint64_t next = 0, found = 0;
  VM_WARN_ON(!cluster_is_usable(ci, order), "alloc_swap_scan_cluster: cluster not usable");
  // Seed 004 P6: a physical cluster in a CONFIG_VSWAP build gets its memcg_table lazily, on its
  // first direct-use slot (a folio not yet in the swap cache; a vswap-backing folio is cached).
  const bool lazy_memcg_table = model().cfg.vswap && folio != nullptr && !folio_test_swapcache(*folio);
  if (ci.count.read() + static_cast<std::uint32_t>(nr) <= spc()) {
    const std::uint64_t end = start + spc() - static_cast<std::uint64_t>(nr);
    for (; offset <= end; offset += static_cast<std::uint64_t>(nr)) {
      bool need_reclaim = false, usable = true;
      if (!cluster_scan_range(si, *pci, offset, nr, &need_reclaim)) continue;
      if (need_reclaim) {
        const bool ret = cluster_reclaim_range(si, pci, offset, order, &usable);
        if (!usable) break;
        if (cluster_is_empty(*pci)) offset = start;
        // Reclaim failed but the cluster is usable: try the next range.
        if (!ret) continue;
      }
      // P6: tested here, not above the loop: cluster_reclaim_range may have dropped ci->lock,
      // and meanwhile a vswap-backing allocation may have freed and re-populated the cluster
      // without a memcg_table. A failed GFP_ATOMIC allocation ends the scan (goto out).
      if (lazy_memcg_table && pci->memcg_table.read() == 0 && !swap_cluster_alloc_memcg_table(*pci))
        break;
      if (!__swap_cluster_alloc_entries(si, *pci, folio, static_cast<unsigned>(offset % spc()))) break;
      found = offset;
      offset += static_cast<std::uint64_t>(nr);
      if (pci->count.read() < spc() && offset <= end) next = offset;
      break;
    }
  }
  if (pci != nullptr) {
    relocate_cluster(si, *pci);
    swap_cluster_unlock(*pci);
  }
  // Seed 004 P2: the vswap device has its own per-CPU cache.
  if (vswap::swap_is_vswap(si)) {
    vswap::this_cpu_vswap_cluster().offset[static_cast<std::size_t>(order)].write(static_cast<std::uint32_t>(next));
    return found;
  }
  // SWP_SOLIDSTATE: remember where this CPU continues.
  PercpuSwapCluster& pcp = this_cpu_swap_cluster();
  pcp.offset[static_cast<std::size_t>(order)].write(static_cast<std::uint32_t>(next));
  checker::lkmm::write_once(pcp.si[static_cast<std::size_t>(order)], static_cast<std::uint32_t>(si.type + 1));  // this_cpu_write
  return found;
}

// mm/swapfile.c: cluster_alloc_swap_entry (an SSD: no global cluster; the discard list is not
// scanned here, swap_sync_discard in folio_alloc_swap empties it).
std::uint64_t cluster_alloc_swap_entry(SwapDevice& si, Folio* folio) {
  CHECKER_FRAME();
  const int order = folio != nullptr ? folio->order : 0;
  // File-based swap can't do large contiguous IO; vswap has no IO here (seed 004 P2).
  if (order && !(si.flags.read() & SWP_BLKDEV) && !vswap::swap_is_vswap(si)) return 0;
  std::uint64_t found = alloc_swap_scan_list(si, si.nonfull_clusters[static_cast<std::size_t>(order)], folio, true);
  if (found) return found;
  // Seed 004 P1: a vswap device grows a new dynamic cluster.
  if (vswap::swap_is_vswap(si)) {
    found = vswap::alloc_swap_scan_dynamic(si, folio);
    if (found) return found;
  }
  found = alloc_swap_scan_list(si, si.free_clusters, folio, false);
  if (found) return found;
  // Try reclaim full clusters if free and nonfull lists are drained (seed 004: never on vswap).
  if (!vswap::swap_is_vswap(si) && vm_swap_full()) vswap::swap_reclaim_full_clusters(si, false);
  // Scanning one fragment cluster is enough: order 0 surely succeeds there.
  found = alloc_swap_scan_list(si, si.frag_clusters[static_cast<std::size_t>(order)], folio, false);
  if (found || order) return found;
  // Order 0 steals from higher orders.
  for (int o = 1; o < kNrOrders; ++o) {
    found = alloc_swap_scan_list(si, si.frag_clusters[static_cast<std::size_t>(o)], folio, true);
    if (found) return found;
    found = alloc_swap_scan_list(si, si.nonfull_clusters[static_cast<std::size_t>(o)], folio, true);
    if (found) return found;
  }
  return 0;
}

// mm/swapfile.c: swap_alloc_fast. The percpu device pointer needs no reference to read: a
// swap_info_struct is never freed, and get_swap_device_info checks it is alive.
swp_entry_t swap_alloc_fast(Folio& folio) {
  CHECKER_FRAME();
  const int order = folio.order;
  PercpuSwapCluster& pcp = this_cpu_swap_cluster();
  const std::uint32_t type1 = checker::lkmm::read_once(pcp.si[static_cast<std::size_t>(order)]);  // this_cpu_read
  const std::uint64_t offset = pcp.offset[static_cast<std::size_t>(order)].read();
  if (type1 == 0 || offset == 0) return {};
  SwapDevice& si = model().devices.at(type1 - 1);
  if (!get_swap_device_info(si)) return {};
  std::uint64_t found = 0;
  SwapCluster* ci = __swap_cluster_lock(si.type, offset);
  if (ci != nullptr && cluster_is_usable(*ci, order)) {
    found = alloc_swap_scan_cluster(si, *ci, &folio, cluster_is_empty(*ci) ? cluster_offset(*ci) : offset);
  } else if (ci != nullptr) {
    swap_cluster_unlock(*ci);
  }
  put_swap_device(&si);
  return found ? swp_entry(si.type, found) : swp_entry_t{};
}

// mm/swapfile.c: swap_alloc_slow. Rotates swap_avail_head and tries each device. The plist
// walk is bounded here: each device of the list as first seen is tried at most twice (the
// kernel restarts its walk when the next device left the list meanwhile).
swp_entry_t swap_alloc_slow(Folio& folio) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.swap_avail_lock.lock();
  for (int round = 0; round < 2; ++round) {
    const std::uint64_t snapshot = m.swap_avail_head.read();
    bool start_over = false;
    for (int k = 0; k < plist::size(snapshot) && !start_over; ++k) {
      SwapDevice& si = m.devices.at(static_cast<std::size_t>(plist::at(snapshot, k)));
      const int next = k + 1 < plist::size(snapshot) ? plist::at(snapshot, k + 1) : -1;
      // plist_requeue: rotate the device and switch to a new cluster.
      m.swap_avail_head.write(plist::push_tail(m.swap_avail_head.read(), si.type));
      m.swap_avail_lock.unlock();
      if (get_swap_device_info(si)) {
        const std::uint64_t found = cluster_alloc_swap_entry(si, &folio);
        put_swap_device(&si);
        if (found) return swp_entry(si.type, found);
        if (folio.order > 0) return {};
      }
      m.swap_avail_lock.lock();
      // The list may have changed while unlocked: start over if `next` left it.
      if (next >= 0 && !plist::contains(m.swap_avail_head.read(), next)) start_over = true;
    }
    if (!start_over) break;
  }
  m.swap_avail_lock.unlock();
  return {};
}

// mm/swapfile.c (seed 000): folio_alloc_swap
int folio_alloc_swap(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "folio_alloc_swap: folio not locked");
  checker::require(folio_test_uptodate(folio), "folio_alloc_swap: folio not uptodate");
  if (folio.order > 0) {
    // Reject large allocation when THP_SWAP is disabled: the caller splits and retries.
    if (!model().cfg.thp) return -EAGAIN;
    if (folio.nr() > static_cast<int>(spc())) {
      WARN_ON(true, "folio_alloc_swap: folio larger than a cluster");
      return -EINVAL;
    }
  }
  for (;;) {  // again:
    // Seed 004 P2/P3: CONFIG_VSWAP tries the vswap device first.
    if (!vswap::vswap_alloc(folio)) {
      PercpuSwapCluster& pcp = this_cpu_swap_cluster();
      pcp.lock.lock();
      if (swap_alloc_fast(folio).val == 0) swap_alloc_slow(folio);
      pcp.lock.unlock();
    }
    // Order 0 found nothing: clusters waiting for their discard may be freed by doing it now
    // (model/discard.h; no event when no device discards).
    if (folio.order == 0 && swap_discard_configured() && !folio_test_swapcache(folio) && swap_sync_discard()) continue;
    break;
  }
  // Seed 004 P4: a vswap entry records its memcg without charging (the charge waits for
  // physical backing); direct physical entries are charged now. Called even when allocation
  // failed, for MEMCG_SWAP_FAIL.
  if (folio_test_swapcache(folio) && vswap::is_vswap_entry(folio_swap(folio)))
    mem_cgroup_record_swap(folio);
  else if (mem_cgroup_try_charge_swap(folio))
    swap_cache_del_folio(folio);
  if (!folio_test_swapcache(folio)) return -ENOMEM;
  return 0;
}

// mm/swapfile.c (seed 000): swap_alloc_hibernation_slot. The device is stable (pinned for
// hibernation or userspace frozen). The slot is exclusive: Shadow(NULL) with count 1, no folio,
// no memcg.
swp_entry_t swap_alloc_hibernation_slot(int type) {
  CHECKER_FRAME();
  SwapDevice* si = swap_type_to_info(type);
  swp_entry_t entry{};
  if (si == nullptr) return entry;
  if (get_swap_device_info(*si)) {
    // A plain read without any lock (fix swp_writeok_marked: READ_ONCE).
    if ((model().cfg.fixes.swp_writeok_marked ? si->flags.read_once() : si->flags.read()) & SWP_WRITEOK) {
      // The local lock, to be compliant with swap table allocation.
      PercpuSwapCluster& pcp = this_cpu_swap_cluster();
      pcp.lock.lock();
      std::uint64_t offset = 0;
      const std::uint64_t cached = pcp.offset[0].read();
      if (checker::lkmm::read_once(pcp.si[0]) == static_cast<std::uint32_t>(type + 1) && cached != 0) {
        SwapCluster& ci = swap_cluster_lock(type, cached);
        if (cluster_is_usable(ci, 0))
          offset = alloc_swap_scan_cluster(*si, ci, nullptr, cluster_is_empty(ci) ? cluster_offset(ci) : cached);
        else
          swap_cluster_unlock(ci);
      }
      if (offset == 0) offset = cluster_alloc_swap_entry(*si, nullptr);
      pcp.lock.unlock();
      if (offset != 0) entry = swp_entry(type, offset);
    }
    put_swap_device(si);
  }
  return entry;
}

}  // namespace swapmodel
