// The vswap scenarios (catalog.h).
#include "model/vswap/catalog.h"

#include "model/memory.h"
#include "model/model.h"
#include "model/setup.h"
#include "model/swapfile.h"
#include "model/swapoff.h"
#include "model/vmscan.h"
#include "model/vswap/vswap.h"
#include "model/zswap.h"

namespace swapmodel::vswap {

namespace {

SwapConfig vswap_config(bool zswap) {
  SwapConfig cfg;
  cfg.memcgs = {MemcgConfig{}, MemcgConfig{}};
  cfg.vswap = true;
  cfg.zswap_enabled = zswap;
  return cfg;
}

// mm0 page 0 swapped out through the vswap device: to zswap, or (zswap off) to a physical slot.
void one_swapped_page(SwapModel&) { setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 1)); }

SwapThread fault(int mm, int idx, int cpu) {
  return {"fault" + std::to_string(cpu), [mm, idx](SwapModel& m) { do_swap_page(m.mm(mm), idx, false); }, cpu, -1};
}
SwapThread zap(int mm, int idx, int cpu) {
  return {"zap", [mm, idx](SwapModel& m) { zap_pte_range(m.mm(mm), idx, 1); }, cpu, -1};
}
SwapThread reclaim(int mm, int idx, int cpu) {
  return {"reclaim",
          [mm, idx](SwapModel& m) {
            const std::uint64_t p = m.mm(mm).pte[static_cast<std::size_t>(idx)].peek();
            if (pte_present(p)) shrink_folio(m.folio(pte_folio(p)));
          },
          cpu, -1};
}

}  // namespace

// vswap swp(30,1) holds page 0 alone in cluster 1; CPU 0's percpu_vswap_cluster points at
// offset 2 of that cluster. A zap frees the slot, so the cluster empties and is retired, while
// CPU 0 swaps out page 1 starting from its cached offset.
SwapScenario free_cluster_setup() {
  SwapScenario sc{vswap_config(true), [](SwapModel& m) {
                    one_swapped_page(m);
                    setup_anon_folio(m.mm(0), 1, 0, 2, 1);
                  },
                  {reclaim(0, 1, 0), zap(0, 0, 1)}, {}};
  return sc;
}

// Seed 004 as at P1, before P2 stopped cluster_scan_range reclaiming vswap slots (mutation
// scan_reclaims_vswap): vswap cluster 1 (the only dynamic index) holds just an order-1 folio,
// cached with count 0 (faulted in, then unmapped), and the physical device is nearly full (two
// hibernation slots beside the folio's backing), so vm_swap_full(). CPU 1 swaps out another
// order-1 folio: its percpu vswap cache is empty and no new index is free, so it takes cluster 1
// from the frag list and reclaims the cached folio inside cluster_reclaim_range. That empties
// and retires (kfree_rcu) the cluster while the scan still holds ci, with ci->lock dropped.
SwapScenario scan_reclaims_vswap_setup() {
  SwapConfig cfg = vswap_config(false);
  cfg.vswap_clusters = 2;
  set_mutation(cfg, "scan_reclaims_vswap");
  SwapScenario sc{cfg, [](SwapModel&) {
                    MmStruct& mm = setup_mm(2);
                    setup_swap_out(setup_anon_folio(mm, 0, 1, 2, 1));
                    do_swap_page(mm, 0, false);
                    zap_pte_range(mm, 0, 2);
                    for (int i = 0; i < 2; ++i) swap_alloc_hibernation_slot(0);
                    setup_anon_folio(mm, 2, 1, 2, 1);
                  },
                  {reclaim(0, 2, 1)}, {}};
  return sc;
}

// The same without cluster_reclaim_range's rcu_read_lock. The retired cluster still outlives
// the window: the scan runs under local_lock(&percpu_vswap_cluster.lock), which disables
// preemption and so holds the grace period off (preempt_lock.h).
SwapScenario reclaim_range_no_rcu_setup() {
  SwapScenario sc = scan_reclaims_vswap_setup();
  set_mutation(sc.cfg, "reclaim_range_no_rcu");
  return sc;
}

// Physically backed page: a fault maps it and leaves the folio cached with count 0 (C set);
// reclaim dups the count back to 1 (C must clear), writes it out and drops the folio.
SwapScenario clear_cache_only_setup() {
  SwapScenario sc{vswap_config(false), one_swapped_page,
                  {SwapThread{"fault_then_reclaim",
                              [](SwapModel& m) {
                                do_swap_page(m.mm(0), 0, false);
                                const std::uint64_t p = m.mm(0).pte[0].load();
                                if (pte_present(p)) shrink_folio(m.folio(pte_folio(p)));
                              },
                              0, -1}},
                  {}};
  return sc;
}

// memcg 2 may not use physical swap (swap.max 0): reclaim records the vswap slot, then
// folio_realloc_swap allocates a physical slot whose charge fails.
SwapScenario realloc_charge_fail_setup() {
  SwapScenario sc{vswap_config(false), [](SwapModel&) { setup_anon_folio(setup_mm(2), 0, 0, 2, 1); }, {reclaim(0, 0, 0)}, {}};
  sc.cfg.memcgs[1].swap_max = 0;
  return sc;
}

SwapScenario swapin_vs_zap() {
  SwapScenario sc{vswap_config(false), one_swapped_page, {fault(0, 0, 0), zap(0, 0, 1)}, {}};
  return sc;
}

// The swap-in vs zap finding with its fix: the setup where no_dead_recheck and
// free_cluster_no_dead_flag are caught (the DEAD re-check is the only guard of the fixed lookup).
SwapScenario swapin_vs_zap_fixed() {
  SwapScenario sc = swapin_vs_zap();
  sc.cfg.fixes.vswap_backend_flag_rcu = true;
  return sc;
}

// zswap writeback of a vswap entry vs a zap of its only reference (the stale-hint finding).
SwapScenario zswap_writeback_vs_zap() {
  SwapScenario sc{vswap_config(true), one_swapped_page,
                  {SwapThread{"zswap_shrink", [](SwapModel&) { zswap_shrink_one(); }, 0, -1}, zap(0, 0, 1)}, {}};
  return sc;
}

// Page 0 was swapped out on CPU 0 and zapped: its cluster (index 1) is retired, CPU 0's percpu
// vswap offset still points into index 1. CPU 1 grows a new cluster (xa_alloc reuses index 1)
// while CPU 0 allocates from it through the stale offset and frees the slot again (the finding
// of scenarios/vswap/publish_before_lock.json).
SwapScenario publish_before_lock() {
  SwapConfig cfg = vswap_config(true);
  cfg.memcgs = {MemcgConfig{}};
  cfg.slots_per_cluster = 2;
  cfg.vswap_clusters = 2;
  SwapScenario sc{cfg,
                  [](SwapModel& m) {
                    MmStruct& mm = setup_mm(1);
                    setup_swap_out(setup_anon_folio(mm, 0, 0, 1, 1));
                    zap_pte_range(m.mm(0), 0, 1);
                    setup_anon_folio(mm, 1, 0, 1, 1);
                    setup_anon_folio(mm, 2, 0, 1, 1);
                  },
                  {SwapThread{"stale",
                              [](SwapModel& m) {
                                Folio& f = m.folio(1);
                                folio_lock(f);
                                folio_alloc_swap(f);
                                folio_free_swap(f);
                                folio_unlock(f);
                              },
                              0, -1},
                   SwapThread{"grow",
                              [](SwapModel& m) {
                                Folio& f = m.folio(2);
                                folio_lock(f);
                                folio_alloc_swap(f);
                                folio_unlock(f);
                              },
                              1, -1}},
                  {}};
  return sc;
}

SwapScenario swapout_vs_fault() {
  SwapScenario sc{vswap_config(true), [](SwapModel&) { setup_anon_folio(setup_mm(2), 0, 0, 2, 1); },
                  {reclaim(0, 0, 0), fault(0, 0, 1)}, {}};
  return sc;
}

SwapScenario zswap_writeback_vs_fault() {
  SwapScenario sc{vswap_config(true), one_swapped_page,
                  {SwapThread{"zswap_shrink", [](SwapModel&) { zswap_shrink_one(); }, 0, -1}, fault(0, 0, 1)}, {}};
  return sc;
}

SwapScenario swapoff_vs_fault() {
  SwapScenario sc{vswap_config(false), one_swapped_page,
                  {SwapThread{"swapoff", [](SwapModel&) { swapoff(0); }, 0, -1}, fault(0, 0, 1)}, {}};
  return sc;
}

// A physically backed page faulted in and left cache-only (C set): the physical allocator's
// try_to_reclaim_vswap_backing vs reclaim of the folio itself.
SwapScenario reclaim_backing_vs_reclaim() {
  SwapScenario sc{vswap_config(false),
                  [](SwapModel& m) {
                    one_swapped_page(m);
                    do_swap_page(m.mm(0), 0, false);
                  },
                  {SwapThread{"reclaim_backing",
                              [](SwapModel& m) {
                                // the physical slot the allocator would scan (swp(0,1))
                                try_to_reclaim_vswap_backing(m.devices[0], 1);
                              },
                              1, -1},
                   reclaim(0, 0, 0)},
                  {}};
  return sc;
}

}  // namespace swapmodel::vswap
