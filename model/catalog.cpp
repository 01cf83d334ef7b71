// The named scenarios of catalog.h.
#include "model/catalog.h"

#include "model/desc/catalog.h"
#include "model/vswap/catalog.h"

#include "model/memory.h"
#include "model/model.h"
#include "model/setup.h"
#include "model/swapoff.h"
#include "model/vmscan.h"
#include "model/zswap.h"

namespace swapmodel {

namespace {

SwapConfig base_config() {
  SwapConfig cfg;
  cfg.memcgs = {MemcgConfig{}, MemcgConfig{}};  // the root and memcg 2
  return cfg;
}

// mm0 with one page at index 0, swapped out to swp(0,1) (count 1, on the device).
void one_swapped_page(SwapModel&) { setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 1)); }

// ... and shared by mm1 through fork (count 2); mm2 is an empty child for another fork.
void shared_swapped_page(SwapModel& m) {
  one_swapped_page(m);
  setup_mm(2);
  setup_mm(2);
  copy_pte_range(m.mm(1), m.mm(0), 0, 1);
}

SwapThread fault(int mm, int idx, int cpu) {
  return {"fault" + std::to_string(cpu), [mm, idx](SwapModel& m) { do_swap_page(m.mm(mm), idx, false); }, cpu, -1};
}
SwapThread zap(int mm, int idx, int cpu) {
  return {"zap", [mm, idx](SwapModel& m) { zap_pte_range(m.mm(mm), idx, 1); }, cpu, -1};
}
SwapThread fork(int dst, int src, int cpu) {
  return {"fork", [dst, src](SwapModel& m) { copy_pte_range(m.mm(dst), m.mm(src), 0, m.mm(src).slots()); }, cpu, -1};
}
// Reclaim of whatever folio maps mm[idx] when the thread starts.
SwapThread reclaim(int mm, int idx, int cpu) {
  return {"reclaim", [mm, idx](SwapModel& m) { shrink_folio(m.folio(pte_folio(m.mm(mm).pte[static_cast<std::size_t>(idx)].peek()))); },
          cpu, -1};
}

}  // namespace

SwapScenario swapin_vs_zap() {
  SwapScenario sc{base_config(), one_swapped_page, {fault(0, 0, 0), zap(0, 0, 1)}, {}};
  return sc;
}

SwapScenario swapin_vs_swapin() {
  SwapScenario sc{base_config(), shared_swapped_page, {fault(0, 0, 0), fault(1, 0, 1)}, {}};
  return sc;
}

SwapScenario fork_vs_zap() {
  SwapScenario sc{base_config(), shared_swapped_page, {fork(2, 0, 0), zap(1, 0, 1)}, {}};
  sc.cfg.count_max = 4;  // three references fit in the count field
  return sc;
}

SwapScenario swapout_vs_fault() {
  SwapScenario sc{base_config(), [](SwapModel&) { setup_anon_folio(setup_mm(2), 0, 0, 2, 1); },
                  {reclaim(0, 0, 0), fault(0, 0, 1)}, {}};
  return sc;
}

SwapScenario swapin_vs_swapoff() {
  SwapScenario sc{base_config(), one_swapped_page,
                  {fault(0, 0, 0), SwapThread{"swapoff", [](SwapModel&) { swapoff(0); }, 1, -1}}, {}};
  return sc;
}

// A cache-only slot (count 0, its folio still in the swap cache and mapped) on a device that
// has since become nearly full (vm_swap_full), CPU 1's allocation cache pointing at it (a stale
// offset, as another CPU's allocation leaves it). CPU 1 swaps out another page and its allocator
// reclaims the cache-only slot (TTRS_ANYWAY) while CPU 0 swaps out that folio again, whose unmap
// dups the slot 0 -> 1.
SwapScenario reclaim_cache_only_vs_dup() {
  SwapScenario sc;
  sc.cfg = base_config();
  sc.cfg.devices[0].clusters = 1;  // three usable slots: vm_swap_full once two are used
  sc.setup = [](SwapModel& m) {
    MmStruct& mm = setup_mm(2);
    setup_swap_out(setup_anon_folio(mm, 0, 0, 2, 1));  // swp(0,1)
    do_swap_page(mm, 0, false);                         // back in, swap not full: swp(0,1) cache-only
    setup_swap_out(setup_anon_folio(mm, 1, 0, 2, 1));  // swp(0,2), count 1: now nearly full
    setup_anon_folio(mm, 2, 0, 2, 1);
    PercpuSwapCluster& cpu1 = m.percpu.at(1);
    cpu1.si[0].store(1);
    cpu1.offset[0].write(1);
  };
  sc.threads = {reclaim(0, 2, 1), reclaim(0, 0, 0)};
  return sc;
}

// Three references would need the extend table (limit 3); its atomic allocation fails, so fork
// drops its locks and retries with a sleeping allocation while another reference is zapped.
SwapScenario fork_at_limit_vs_zap() {
  SwapScenario sc{base_config(), shared_swapped_page, {fork(2, 0, 0), zap(1, 0, 1)}, {}};
  sc.cfg.gfp_atomic_fails = true;
  return sc;
}

// Two sharers at the count limit fork at once, GFP_ATOMIC failing: each dup's error path frees
// the (still empty) extend table the other attached for its retry; an unfair scheduler keeps
// them going round for ever (fix dup_enomem_keeps_extend_table).
SwapScenario fork_at_limit_vs_fork() {
  SwapScenario sc{base_config(),
                  [](SwapModel& m) {
                    shared_swapped_page(m);
                    setup_mm(2);
                  },
                  {fork(2, 0, 0), SwapThread{"fork1", [](SwapModel& m) { copy_pte_range(m.mm(3), m.mm(1), 0, m.mm(1).slots()); }, 1, -1}},
                  {}};
  sc.cfg.gfp_atomic_fails = true;
  return sc;
}

SwapScenario dup_without_ptl_setup() {
  SwapScenario sc{base_config(), [](SwapModel&) { setup_anon_folio(setup_mm(2), 0, 0, 2, 1); },
                  {reclaim(0, 0, 0), zap(0, 0, 1)}, {}};
  return sc;
}

SwapScenario swap_cache_alloc_no_recheck_setup() {
  SwapScenario sc{base_config(), one_swapped_page, {fault(0, 0, 0), fault(0, 0, 1)}, {}};
  return sc;
}

SwapScenario fallback_loop_v4_setup() {
  SwapScenario sc{base_config(), one_swapped_page, {fault(0, 0, 0)}, {}};
  sc.cfg.thp = false;
  sc.threads[0].folio_budget = 0;  // the page allocator has nothing for this fault
  return sc;
}

SwapScenario swapin_without_device_ref_setup() { return swapin_vs_swapoff(); }

// Reclaim stores a page in zswap; a fault takes a reference before reclaim freezes the folio,
// so the folio stays in the swap cache, mapped again, with its zswap entry. The user then
// zeroes the page, reclaim writes it out as the zero flag (the entry is now stale but stays in
// the tree), the zswap shrinker writes the stale entry back through a new swap-cache folio,
// and the next fault maps that folio: the page's old contents instead of zeros.
SwapScenario stale_zswap_after_zero_writeout() {
  SwapScenario sc{base_config(), [](SwapModel&) { setup_anon_folio(setup_mm(2), 0, 0, 2, 1); }, {}, {}};
  sc.cfg.zswap_enabled = true;
  sc.threads = {reclaim(0, 0, 0),
                SwapThread{"user",
                           [](SwapModel& m) {
                             MmStruct& mm = m.mm(0);
                             do_swap_page(mm, 0, false);
                             const std::uint64_t p = mm.pte[0].load();
                             if (!pte_present(p)) return;
                             write_page(mm, 0, /*zero=*/true);
                             shrink_folio(m.folio(pte_folio(p)));
                             zswap_shrink_one();
                             do_swap_page(mm, 0, false);
                           },
                           1, -1}};
  return sc;
}

const std::vector<CatalogEntry>& scenario_catalog() {
  static const std::vector<CatalogEntry> catalog = {
      {"swapin_vs_zap", "do_swap_page on a swapped-out page vs MADV_DONTNEED of its PTE", swapin_vs_zap},
      {"swapin_vs_swapin", "two faults on two PTEs sharing one swap entry", swapin_vs_swapin},
      {"fork_vs_zap", "fork of a PTE sharing a swap entry vs zap of the other sharer", fork_vs_zap},
      {"swapout_vs_fault", "reclaim of a mapped folio vs a fault on its PTE", swapout_vs_fault},
      {"swapin_vs_swapoff", "do_swap_page vs swapoff of the device", swapin_vs_swapoff},
      {"reclaim_cache_only_vs_dup", "allocator reclaim of a cache-only slot vs the folio's own swap-out dup",
       reclaim_cache_only_vs_dup},
      {"fork_at_limit_vs_zap", "fork needing the extend table (atomic allocation fails) vs zap", fork_at_limit_vs_zap},
      {"fork_at_limit_vs_fork", "two forks needing the extend table, atomic allocation failing (finding: livelock)",
       fork_at_limit_vs_fork},
      {"dup_without_ptl", "swap-out of a folio vs zap of its PTE (mutation dup_without_ptl)", dup_without_ptl_setup},
      {"swap_cache_alloc_no_recheck", "two faults on one swap PTE (mutation swap_cache_alloc_no_recheck)",
       swap_cache_alloc_no_recheck_setup},
      {"fallback_loop_v4", "a fault whose folio allocation fails, THP off (mutation fallback_loop_v4)",
       fallback_loop_v4_setup},
      {"swapin_without_device_ref", "do_swap_page vs swapoff (mutation swapin_without_device_ref)",
       swapin_without_device_ref_setup},
      {"stale_zswap_after_zero_writeout",
       "reclaim to zswap vs a fault that keeps the folio cached, then zero, reclaim, zswap writeback, fault (finding)",
       stale_zswap_after_zero_writeout},
      {"desc_swapin_vs_zap", "vswap_desc: do_swap_page on a swapped-out page vs zap of its PTE (finding: NULL si)",
       desc::swapin_vs_zap},
      {"desc_swapin_vs_swapin", "vswap_desc: two faults on two PTEs sharing one entry", desc::swapin_vs_swapin},
      {"desc_fork_vs_zap", "vswap_desc: fork of a PTE sharing an entry vs zap of the other sharer", desc::fork_vs_zap},
      {"desc_swapout_vs_swapin", "vswap_desc: reclaim of a mapped page vs a fault on its PTE", desc::swapout_vs_swapin},
      {"desc_dup_no_add_unless", "vswap_desc: zap of the last reference vs a transient dup (mutation desc_dup_no_add_unless)",
       desc::dup_no_add_unless_setup},
      {"desc_thp_swapin_vs_zap",
       "vswap_desc, non_swapcache_batch fixed: order-1 direct swap-in vs zap of the range's first page (finding)",
       desc::thp_swapin_vs_zap},
      {"vswap_no_dead_recheck", "vswap, fix vswap_backend_flag_rcu: fault vs zap retiring the cluster (mutation no_dead_recheck)",
       vswap::swapin_vs_zap_fixed},
      {"vswap_free_cluster_no_dead_flag", "vswap, fix vswap_backend_flag_rcu: fault vs zap retiring the cluster (mutation free_cluster_no_dead_flag)",
       vswap::swapin_vs_zap_fixed},
      {"vswap_free_cluster_plain_kfree", "vswap: zap retiring a cluster vs a swap-out from the CPU caching it (mutation free_cluster_plain_kfree)",
       vswap::free_cluster_setup},
      {"vswap_reclaim_range_no_rcu",
       "vswap as at P1: a swap-out whose cluster_reclaim_range retires the vswap cluster it scans (mutations scan_reclaims_vswap, reclaim_range_no_rcu)",
       vswap::reclaim_range_no_rcu_setup},
      {"vswap_scan_reclaims_vswap",
       "vswap as at P1: a swap-out whose cluster_reclaim_range retires the vswap cluster it scans (mutation scan_reclaims_vswap)",
       vswap::scan_reclaims_vswap_setup},
      {"vswap_no_clear_cache_only", "vswap: fault of a physically backed page, then its reclaim (mutation no_clear_cache_only)",
       vswap::clear_cache_only_setup},
      {"vswap_realloc_no_charge_rollback", "vswap: reclaim whose physical backing charge fails (mutation realloc_no_charge_rollback)",
       vswap::realloc_charge_fail_setup},
      {"vswap_swapin_vs_zap", "vswap: fault on a physically backed vswap page vs zap of its PTE", vswap::swapin_vs_zap},
      {"vswap_swapout_vs_fault", "vswap: reclaim to zswap vs a fault on the page", vswap::swapout_vs_fault},
      {"vswap_zswap_writeback_vs_fault", "vswap: zswap writeback of a vswap entry vs a fault on it", vswap::zswap_writeback_vs_fault},
      {"vswap_swapoff_vs_fault", "vswap: swapoff of the physical device backing a vswap page vs a fault", vswap::swapoff_vs_fault},
      {"vswap_zswap_writeback_vs_zap", "vswap: zswap writeback vs zap of the only reference (stale SWP_RMAP_CACHE_ONLY finding)",
       vswap::zswap_writeback_vs_zap},
      {"vswap_publish_before_lock", "vswap: a stale percpu offset fills and retires a just-published cluster (finding)",
       vswap::publish_before_lock},
      {"vswap_reclaim_backing_vs_reclaim", "vswap: try_to_reclaim_vswap_backing vs reclaim of the cache-only folio",
       vswap::reclaim_backing_vs_reclaim},
  };
  return catalog;
}

}  // namespace swapmodel
