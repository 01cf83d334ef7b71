// The virtual_table backends of vswap slots (seed 004 P2-P4, mm/vswap.h and mm/swapfile.c):
// reading a slot's backing, releasing it (zswap entry, physical slots, memcg charge), and
// giving a folio physical backing on demand (folio_realloc_swap).
//
// Rule (seed 004 / SEMANTICS 1.5): the vtable is read and written under the vswap ci->lock, but
// a slot's backend may only be changed by the holder of its swap-cache folio's lock (or by the
// free path once nothing references the slot); the cluster lock only makes each access atomic.
#include "checker/kernel_order.h"
#include "model/memcg.h"
#include "model/memcg_steps.h"
#include "model/model.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"
#include "model/zswap.h"

namespace swapmodel::vswap {

namespace {
unsigned spc() { return model().slots_per_cluster(); }
unsigned cluster_off(std::uint64_t offset) { return static_cast<unsigned>(offset % spc()); }

// ci_dyn->virtual_table[off]. The pointer is a plain field (mm/vswap.h): set at allocation,
// before the cluster is published, and cleared by vswap_free_cluster under ci->lock, which every
// caller holds. A plain read, race-checked: a caller without the lock would show as a race.
checker::Atomic<std::uint64_t>& vt_word(SwapCluster& ci, unsigned off) {
  const std::uint32_t id = dyn_of(ci).virtual_table.read();
  checker::check(id != 0, "__vtable_get: NULL virtual_table dereferenced (the vswap cluster was freed)");
  return vswap_state()->vtable(id).vt.at(off);
}

void flush_phys_batch(std::uint64_t phys_start, std::uint64_t phys_end, int phys_type) {
  SwapDevice& psi = *swap_type_to_info(phys_type);
  __swap_cluster_free_phys_backing(psi, __swap_offset_to_cluster(phys_type, phys_start), cluster_off(phys_start),
                                   static_cast<unsigned>(phys_end - phys_start), /*nested=*/true);
}
}  // namespace

std::uint64_t __vtable_get(SwapCluster& ci, unsigned off) {
  ci.lock.assert_held();
  return checker::lkmm::atomic_read(vt_word(ci, off));  // atomic_long_read
}

void __vtable_set(SwapCluster& ci, unsigned off, std::uint64_t w) {
  ci.lock.assert_held();
  checker::lkmm::atomic_set(vt_word(ci, off), w);  // atomic_long_set
}

// mm/vswap.h (seed 004 P2): __vswap_check_backing. The prefix of slots sharing slot 0's
// effective type (contiguous physical slots for SWAPFILE).
int __vswap_check_backing(SwapCluster& ci, unsigned voff, int nr, vt::Type* typep) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  vt::Type first_type = vt::VSWAP_NONE;
  std::uint64_t first_phys = 0;
  int i = 0;
  for (; i < nr; ++i) {
    const unsigned off = voff + static_cast<unsigned>(i);
    const std::uint64_t w = __vtable_get(ci, off);
    const vt::Type t = vt::type(w) == vt::VSWAP_NONE ? vt::effective_type(w, __swap_table_get(ci, off)) : vt::type(w);
    if (i == 0) {
      first_type = t;
      if (t == vt::VSWAP_SWAPFILE) first_phys = vt::to_phys(w);
    } else if (t != first_type) {
      break;
    } else if (first_type == vt::VSWAP_SWAPFILE && vt::to_phys(w) != first_phys + static_cast<std::uint64_t>(i)) {
      break;
    }
  }
  if (typep != nullptr) *typep = first_type;
  return i;
}

// mm/vswap.h (seed 004 P2): vswap_check_backing
int vswap_check_backing(swp_entry_t entry, int nr, vt::Type* typep) {
  CHECKER_FRAME();
  unsigned voff = 0;
  SwapCluster* ci = vswap_lock_cluster(entry, &voff);
  if (ci == nullptr) {
    if (typep != nullptr) *typep = vt::VSWAP_NONE;
    return 0;
  }
  const int ret = __vswap_check_backing(*ci, voff, nr, typep);
  ci->lock.unlock();
  return ret;
}

// mm/vswap.h (seed 004 P3): folio_phys_swap_backed
bool folio_phys_swap_backed(Folio& folio) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  if (!is_vswap_entry(entry)) return true;
  vt::Type type = vt::VSWAP_NONE;
  return vswap_check_backing(entry, folio.nr(), &type) == folio.nr() && type == vt::VSWAP_SWAPFILE;
}

// mm/vswap.h (seed 004 P3): vswap_to_phys. A snapshot: stable only under the folio lock.
swp_entry_t vswap_to_phys(swp_entry_t entry) {
  CHECKER_FRAME();
  unsigned voff = 0;
  SwapCluster* ci = vswap_lock_cluster(entry, &voff);
  if (ci == nullptr) return {};
  const std::uint64_t w = __vtable_get(*ci, voff);
  ci->lock.unlock();
  if (vt::type(w) != vt::VSWAP_SWAPFILE) return {};
  return swp_entry_t{vt::to_phys(w)};
}

// mm/vswap.h (seed 004 P2): vswap_zswap_store. A NULL lookup drops the store silently.
void vswap_zswap_store(swp_entry_t entry, std::uint32_t zswap_id) {
  CHECKER_FRAME();
  unsigned voff = 0;
  SwapCluster* ci = vswap_lock_cluster(entry, &voff);
  if (ci == nullptr) return;
  __vswap_release_backing(*ci, voff, 1);
  check_cell_not_dead(model().zswap_entry(zswap_id).cell, "zswap_entry" + std::to_string(zswap_id),
                      "stored in a vswap slot's virtual_table");
  __vtable_set(*ci, voff, vt::zswap_store(zswap_id));
  ci->lock.unlock();
}

// mm/vswap.h (seed 004 P2): vswap_zswap_load
std::uint32_t vswap_zswap_load(swp_entry_t entry) {
  CHECKER_FRAME();
  unsigned voff = 0;
  SwapCluster* ci = vswap_lock_cluster(entry, &voff);
  if (ci == nullptr) return 0;
  const std::uint64_t w = __vtable_get(*ci, voff);
  ci->lock.unlock();
  return vt::type(w) == vt::VSWAP_ZSWAP ? vt::to_zswap(w) : 0;
}

// mm/swapfile.c (seed 004 P4): vswap_uncharge_cgroup_batch
void vswap_uncharge_cgroup_batch(int memcg_id, int batch_nr, int batch_nr_swapfile) {
  CHECKER_FRAME();
  const int n = static_cast<int>(memcg_step::uncharge_batch_count(pure::Machine{}, do_memsw_account(), batch_nr, batch_nr_swapfile));
  if (n == 0) return;
  mem_cgroup_uncharge_backing_phys_swap(memcg_id != 0 ? mem_cgroup_from_private_id(memcg_id) : nullptr, n);
}

// mm/swapfile.c (seed 004 P2-P4): __vswap_release_backing. Caller holds the vswap ci->lock.
void __vswap_release_backing(SwapCluster& ci, unsigned ci_start, unsigned nr) {
  CHECKER_FRAME();
  ci.lock.assert_held();
  std::uint64_t phys_start = 0, phys_end = 0;
  int phys_type = 0;
  // Per-cgroup uncharge batching: one range can span several cgroups.
  int batch_id = __swap_cgroup_get(ci, ci_start);
  int batch_nr = 0, batch_nr_swapfile = 0;
  for (unsigned ci_off = ci_start; ci_off < ci_start + nr; ++ci_off) {
    const std::uint64_t w = __vtable_get(ci, ci_off);
    const int cur_id = __swap_cgroup_get(ci, ci_off);
    if (cur_id != batch_id) {
      vswap_uncharge_cgroup_batch(batch_id, batch_nr, batch_nr_swapfile);
      batch_id = cur_id;
      batch_nr = batch_nr_swapfile = 0;
    }
    ++batch_nr;
    // Flush the physical batch when this slot breaks contiguity, changes device, or would
    // cross a physical cluster boundary (the free helper works on one cluster).
    if (phys_start != phys_end &&
        (vt::type(w) != vt::VSWAP_SWAPFILE || swp_type(swp_entry_t{vt::to_phys(w)}) != phys_type ||
         swp_offset(swp_entry_t{vt::to_phys(w)}) != phys_end || phys_end % spc() == 0)) {
      flush_phys_batch(phys_start, phys_end, phys_type);
      phys_start = phys_end = 0;
    }
    const std::uint64_t old_tb = __swap_table_get(ci, ci_off);
    const vt::Release r = vt::release(w, old_tb);
    if (r.frees_phys) {
      ++batch_nr_swapfile;
      const swp_entry_t phys{vt::to_phys(w)};
      if (phys_start == phys_end) {
        phys_start = swp_offset(phys);
        phys_end = phys_start + 1;
        phys_type = swp_type(phys);
      } else {
        ++phys_end;
      }
    }
    if (r.frees_zswap) zswap_entry_free(model().zswap_entry(vt::to_zswap(w)));
    __vtable_set(ci, ci_off, r.vt);
    // Zero-backed state lives in the swap table: clear it too.
    if (r.tb != old_tb) __swap_table_set(ci, ci_off, r.tb);
  }
  if (phys_start != phys_end) flush_phys_batch(phys_start, phys_end, phys_type);
  vswap_uncharge_cgroup_batch(batch_id, batch_nr, batch_nr_swapfile);
}

// mm/swapfile.c (seed 004 P2): folio_release_vswap_backing. The folio lock pins the cluster:
// no RCU, no DEAD test.
void folio_release_vswap_backing(Folio& folio) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  SwapCluster* ci = __swap_offset_to_cluster_or_null(swp_type(entry), swp_offset(entry));
  if (ci == nullptr) return;
  ci->lock.lock();
  __vswap_release_backing(*ci, cluster_off(swp_offset(entry)), static_cast<unsigned>(folio.nr()));
  ci->lock.unlock();
}

// mm/swapfile.c (seed 004 P3): folio_release_non_phys_swap_backing. Only the first slot's type
// decides: SWAPFILE (kept for reuse) and NONE do nothing.
void folio_release_non_phys_swap_backing(Folio& folio) {
  CHECKER_FRAME();
  const swp_entry_t entry = folio_swap(folio);
  SwapCluster* ci = __swap_offset_to_cluster_or_null(swp_type(entry), swp_offset(entry));
  if (ci == nullptr) return;
  const unsigned voff = cluster_off(swp_offset(entry));
  ci->lock.lock();
  const vt::Type type = vt::type(__vtable_get(*ci, voff));
  if (type == vt::VSWAP_SWAPFILE || type == vt::VSWAP_NONE) {
    ci->lock.unlock();
    return;
  }
  __vswap_release_backing(*ci, voff, static_cast<unsigned>(folio.nr()));
  ci->lock.unlock();
}

// mm/swapfile.c (seed 004 P3 + P4): folio_realloc_swap. Caller: folio locked, in the swap cache.
swp_entry_t folio_realloc_swap(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "folio_realloc_swap: folio not locked");
  checker::require(folio_test_swapcache(folio), "folio_realloc_swap: folio not in the swap cache");
  const swp_entry_t vswap_entry = folio_swap(folio);
  const int nr = folio.nr();
  const unsigned voff = cluster_off(swp_offset(vswap_entry));
  SwapCluster& ci = __swap_offset_to_cluster(swp_type(vswap_entry), swp_offset(vswap_entry));
  ci.lock.lock();
  const std::uint64_t w = __vtable_get(ci, voff);
  if (!vt::step::realloc_allocates(pure::Machine{}, vt::type(w))) {
    ci.lock.unlock();
    return swp_entry_t{vt::to_phys(w)};
  }
  const int memcg_id = __swap_cgroup_get(ci, voff);
  // Mutation realloc_releases_backing: the slots' old backing (a zswap entry the caller, zswap
  // writeback, still holds) is released here instead of being left to the caller.
  if (vt::step::realloc_releases_old_backing(model().cfg.mutations)) __vswap_release_backing(ci, voff, static_cast<unsigned>(nr));
  ci.lock.unlock();

  PercpuSwapCluster& pcp = this_cpu_swap_cluster();
  pcp.lock.lock();
  swp_entry_t phys_entry = swap_alloc_fast(folio);
  if (phys_entry.val == 0) phys_entry = swap_alloc_slow(folio);
  pcp.lock.unlock();
  if (phys_entry.val == 0) return {};

  // rcu_read_lock; folio_memcg, or the memcg the slot recorded.
  const int folio_memcg = folio.memcg.read();
  const int charge_id = (folio_memcg != 0 && folio_memcg == memcg_id) ? folio_memcg : memcg_id;
  if (mem_cgroup_charge_backing_phys_swap(charge_id, nr)) {
    // Mutation realloc_no_charge_rollback: the physical slots stay allocated, their Pointer
    // entries naming a vswap slot whose vtable never names them.
    if (vt::step::realloc_rolls_back_charge_failure(model().cfg.mutations))
      __swap_cluster_free_phys_backing(__swap_entry_to_info(phys_entry),
                                       __swap_offset_to_cluster(swp_type(phys_entry), swp_offset(phys_entry)),
                                       cluster_off(swp_offset(phys_entry)), static_cast<unsigned>(nr), /*nested=*/false);
    return {};
  }

  ci.lock.lock();
  // Install PHYS backing without freeing the previous contents: the callers own them
  // (zswap writeback still holds the loaded entry; swap_writeout released partial ZSWAP state).
  for (int i = 0; i < nr; ++i)
    __vtable_set(ci, voff + static_cast<unsigned>(i), vt::realloc_install(phys_entry.val + static_cast<std::uint64_t>(i)));
  // Fix vswap_realloc_marks_cache_only (not in the seed): a slot whose count went to 0 before
  // the install was put while virtual_table did not say SWAPFILE, so vswap_mark_cache_only
  // skipped it; mark it now, still under the vswap ci->lock as vswap_mark_cache_only is.
  if (model().cfg.fixes.vswap_realloc_marks_cache_only)
    for (int i = 0; i < nr; ++i)
      if (vt::step::realloc_marks_cache_only(pure::Machine{}, tb::decode(__swap_table_get(ci, voff + static_cast<unsigned>(i))),
                                             model().cfg.fixes))
        vswap_mark_cache_only(vswap_state()->si, ci, voff + static_cast<unsigned>(i));
  ci.lock.unlock();
  return phys_entry;
}

// mm/swapfile.c (seed 004 P3): __swap_cluster_free_phys_backing with __swap_cluster_clear_table
// and __swap_cluster_finish_free. The physical lock nests inside the vswap cluster lock
// (SINGLE_DEPTH_NESTING), except on folio_realloc_swap's charge failure, which holds none.
void __swap_cluster_free_phys_backing(SwapDevice& psi, SwapCluster& pci, unsigned ci_start, unsigned nr, bool) {
  CHECKER_FRAME();
  pci.lock.lock_nested(1);
  const auto count = tb::step::cluster_count_free(pure::Machine{}, std::int64_t{pci.count.read()}, std::int64_t{nr});
  VM_WARN_ON(count.warn, "__swap_cluster_free_phys_backing: pci->count < nr");
  pci.count.write(static_cast<std::uint32_t>(count.count));
  for (unsigned off = ci_start; off < ci_start + nr; ++off) {
    VM_WARN_ON(!tb::is_pointer(__swap_table_get(pci, off)), "__swap_cluster_free_phys_backing: not a Pointer entry");
    __swap_table_set(pci, off, tb::kNull);
  }
  swap_range_free(psi, cluster_offset(pci) + ci_start, static_cast<int>(nr));
  if (pci.count.read() == 0)
    free_cluster(psi, pci);
  else
    partial_free_cluster(psi, pci);
  swap_cluster_unlock(pci);
}

// mm/vswap.h (seed 004 P3): swap_entry_backend_has_flag. For a vswap entry the flag belongs to
// the current physical backing.
bool swap_entry_backend_has_flag(SwapDevice& si, swp_entry_t entry, std::uint32_t flag) {
  CHECKER_FRAME();
  if (!swap_is_vswap(si)) return (si.flags.read_data_race() & flag) != 0;  // data_race()
  swp_entry_t phys{};
  if (model().cfg.fixes.vswap_backend_flag_rcu) {
    // Fix: look the cluster up as __swap_cluster_lock does (RCU, DEAD re-check).
    SwapCluster* ci = __swap_cluster_lock(swp_type(entry), swp_offset(entry));
    if (ci != nullptr) {
      const std::uint64_t w = __vtable_get(*ci, cluster_off(swp_offset(entry)));
      swap_cluster_unlock(*ci);
      if (vt::type(w) == vt::VSWAP_SWAPFILE) phys = swp_entry_t{vt::to_phys(w)};
    }
  } else {
    phys = vswap_to_phys(entry);
  }
  if (phys.val == 0) return false;
  SwapDevice* phys_si = get_swap_device(phys);
  if (phys_si == nullptr) return false;
  const bool has_flag = (phys_si->flags.read_data_race() & flag) != 0;  // data_race()
  put_swap_device(phys_si);
  return has_flag;
}

}  // namespace swapmodel::vswap
