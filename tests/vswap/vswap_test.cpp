// Seed 004 (CONFIG_VSWAP): sequential tests of the vswap device's operations, model-check tests
// of every vswap mutation (buggy and faithful twins in the same smallest setup), exhaustive runs
// of a few pairs of vswap paths, the swap-in vs zap finding with its fix, and P6's lazy
// memcg_table. The scenario files of scenarios/vswap/ run in suite_test.
#include <catch2/catch.hpp>

#include "checker/trace.h"
#include "model/memory.h"
#include "model/setup.h"
#include "model/swap_table.h"
#include "model/swapfile.h"
#include "model/vmscan.h"
#include "model/swapoff.h"
#include "model/zswap.h"
#include "tests/scenario_file.h"
#include "vswap_harness.h"

using namespace vswaptest;

CATCH_TRANSLATE_EXCEPTION(const checker::SetupFailure& e) { return e.violation.check + ": " + e.violation.message; }

namespace {

// The scenario files of scenarios/vswap/ the tests below explore, changed as each test says.
SwapScenario vswap_file(const std::string& name) { return scenario_file("vswap/" + name + ".json"); }

std::uint64_t vword(Sequential& s, std::uint64_t offset) {
  SwapCluster* ci = nullptr;
  const std::uint32_t id = s.v().pool.at(offset / s.m().slots_per_cluster()).peek();
  if (id == 0) return tb::kNull;
  ci = &s.v().cluster(id).ci;
  return s.m().table(ci->table.peek()).tb[offset % s.m().slots_per_cluster()].peek();
}

std::uint64_t vtword(Sequential& s, std::uint64_t offset) {
  const std::uint32_t id = s.v().pool.at(offset / s.m().slots_per_cluster()).peek();
  const std::uint32_t t = s.v().cluster(id).virtual_table.peek();
  return s.v().vtable(t).vt[offset % s.m().slots_per_cluster()].peek();
}

std::uint64_t pword(Sequential& s, std::uint64_t offset) {
  SwapCluster& ci = s.m().devices[0].clusters.at(offset / s.m().slots_per_cluster());
  return ci.table.peek() == 0 ? tb::kNull : s.m().table(ci.table.peek()).tb[offset % s.m().slots_per_cluster()].peek();
}

}  // namespace

// --- sequential: the device and its operations ----------------------------------------------------

TEST_CASE("vswap: the device starts with cluster 0 preallocated, slot 0 Bad, off every list") {
  Sequential s(vswap_config(true));
  CHECK(s.v().pool[0].peek() == 1);
  CHECK(s.v().pool[1].peek() == 0);
  CHECK(vword(s, 0) == tb::kBad);
  CHECK(s.v().cluster(1).ci.flags.peek() == CLUSTER_FLAG_NONE);
  CHECK((s.v().si.flags.peek() & SWP_VSWAP) != 0);
  CHECK(s.m().nr_swap_pages.peek() == 7);  // the physical device only
  CHECK(s.violation().empty());
}

TEST_CASE("vswap: swap-out to zswap allocates a dynamic cluster at the lowest free index") {
  Sequential s(vswap_config(true));
  Folio& f = setup_anon_folio(setup_mm(2), 0, 0, 2, 1);
  setup_swap_out(f);
  const std::uint64_t pte = s.m().mm(0).pte[0].peek();
  REQUIRE(is_swap_pte(pte));
  const swp_entry_t e = pte_to_swp_entry(pte);
  CHECK(swp_type(e) == kVswapType);
  CHECK(swp_offset(e) == 4);  // index 1, slot 0
  CHECK(s.v().pool[1].peek() == 2);
  CHECK(vt::type(vtword(s, 4)) == vt::VSWAP_ZSWAP);
  CHECK(tb::field(vword(s, 4)) == 1);
  CHECK(s.v().used.peek() == 1);
  CHECK(s.m().memcg(2).swap.peek() == 0);   // no charge before physical backing (P4)
  CHECK(s.m().memcg(2).id_ref.peek() == 2); // but the id is recorded
  CHECK(s.violation().empty());
}

TEST_CASE("vswap: zap of the last slot retires the cluster: erased, DEAD, freed after a grace period") {
  Sequential s(vswap_config(true));
  Folio& f = setup_anon_folio(setup_mm(2), 0, 0, 2, 1);
  setup_swap_out(f);
  vswap::VswapCluster& d = s.v().cluster(2);
  zap_pte_range(s.m().mm(0), 0, 1);
  CHECK(s.v().pool[1].peek() == 0);
  CHECK(d.ci.flags.peek() == CLUSTER_FLAG_DEAD);
  CHECK(d.virtual_table.peek() == 0);
  CHECK(d.cell->state != checker::HeapCell::State::Live);  // retired (freed at once in setup)
  CHECK(s.m().memcg(2).id_ref.peek() == 1);
  CHECK(s.m().zswap_entry(1).cell->state == checker::HeapCell::State::Freed);
  CHECK(s.violation().empty());
  // The next cluster reuses index 1.
  setup_swap_out(setup_anon_folio(s.m().mm(0), 1, 0, 2, 1));
  CHECK(s.v().pool[1].peek() == 3);
}

TEST_CASE("vswap: without zswap, writeout reallocates physical backing and charges it (P3, P4)") {
  Sequential s(vswap_config(false));
  setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 1));
  const std::uint64_t vt0 = vtword(s, 4);
  REQUIRE(vt::type(vt0) == vt::VSWAP_SWAPFILE);
  CHECK(vt::to_phys(vt0) == swp_entry(0, 1).val);
  CHECK(pword(s, 1) == tb::mk_pointer(4, false));
  CHECK(s.m().memcg(2).swap.peek() == 1);
  CHECK(s.m().devices[0].disk[1].peek() != 0);
  CHECK(s.violation().empty());
  // Swap-in reads the physical slot; the count goes to 0 with the folio cached: C set.
  do_swap_page(s.m().mm(0), 0, false);
  CHECK(pte_present(s.m().mm(0).pte[0].peek()));
  CHECK((pword(s, 1) & tb::kPointerCacheOnly) != 0);
  CHECK(s.violation().empty());
  // The physical allocator's reclaim of the cache-only backing drops the folio from the swap
  // cache, which frees the vswap slot, its physical backing and its charge.
  CHECK(vswap::try_to_reclaim_vswap_backing(s.m().devices[0], 1) == 1);
  CHECK(pword(s, 1) == tb::kNull);
  CHECK(s.v().pool[1].peek() == 0);
  CHECK(s.m().memcg(2).swap.peek() == 0);
  CHECK(s.m().memcg(2).id_ref.peek() == 1);
  CHECK(s.violation().empty());
}

TEST_CASE("vswap: swap_reclaim_full_clusters reclaims a full physical cluster's cache-only vswap backing (P3 rmap branch)") {
  Sequential s(vswap_config(false));
  MmStruct& mm = setup_mm(2);
  // Three pages fill physical cluster 0 (slot 0 is the header): it moves to the full list.
  for (int i = 0; i < 3; ++i) setup_swap_out(setup_anon_folio(mm, i, 0, 2, 1));
  REQUIRE(s.m().devices[0].clusters[0].flags.peek() == CLUSTER_FLAG_FULL);
  REQUIRE(pword(s, 2) == tb::mk_pointer(5, false));
  // The fault on page 1 swaps pages 0 and 1 in as one order-1 folio (their vswap slots
  // swp(30,4..5) are contiguous and uniformly SWAPFILE-backed) and maps both: both vswap slots
  // are cached with count 0, so the puts mark the rmap of swp(0,1) and swp(0,2) cache-only.
  do_swap_page(mm, 1, false);
  REQUIRE(pword(s, 1) == tb::mk_pointer(4, true));
  REQUIRE(pword(s, 2) == tb::mk_pointer(5, true));
  REQUIRE(pword(s, 3) == tb::mk_pointer(6, false));
  REQUIRE(s.violation().empty());
  vswap::swap_reclaim_full_clusters(s.m().devices[0], false);
  // try_to_reclaim_vswap_backing at swp(0,1) freed the whole folio from the swap cache (2 slots,
  // the scan skips both): the vswap slots and their physical backing are free, swp(0,3) is
  // untouched, and the cluster went back to the nonfull list.
  CHECK(pword(s, 1) == tb::kNull);
  CHECK(pword(s, 2) == tb::kNull);
  CHECK(pword(s, 3) == tb::mk_pointer(6, false));
  CHECK(s.m().devices[0].clusters[0].flags.peek() == CLUSTER_FLAG_NONFULL);
  CHECK(pte_present(mm.pte[0].peek()));
  CHECK(pte_present(mm.pte[1].peek()));
  CHECK(s.m().memcg(2).swap.peek() == 1);
  CHECK(s.violation().empty());
  // The cluster is off the full list: a forced scan (swap_reclaim_work) finds nothing to do.
  vswap::swap_reclaim_full_clusters(s.m().devices[0], true);
  CHECK(pword(s, 3) == tb::mk_pointer(6, false));
  CHECK(s.violation().empty());
}

TEST_CASE("vswap: a zero page is backed by the zero flag alone; zswap_load frees the entry") {
  Sequential s(vswap_config(true));
  setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 0));
  CHECK(tb::zero(vword(s, 4)));
  CHECK(vt::type(vtword(s, 4)) == vt::VSWAP_NONE);
  CHECK(s.violation().empty());
  setup_swap_out(setup_anon_folio(s.m().mm(0), 1, 0, 2, 1));
  CHECK(vt::type(vtword(s, 5)) == vt::VSWAP_ZSWAP);
  do_swap_page(s.m().mm(0), 1, false);
  CHECK(pte_present(s.m().mm(0).pte[1].peek()));
  CHECK(s.violation().empty());
}

TEST_CASE("vswap: zswap writeback moves a vswap entry to a physical slot; decompress failure restores it") {
  Sequential s(vswap_config(true));
  setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 1));
  CHECK(zswap_shrink_one() == 0);
  CHECK(vt::type(vtword(s, 4)) == vt::VSWAP_SWAPFILE);
  CHECK(s.m().memcg(2).swap.peek() == 1);
  CHECK(s.violation().empty());
  SwapConfig cfg = vswap_config(true);
  cfg.zswap_decompress_fails = true;
  Sequential t(cfg);
  setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 1));
  CHECK(zswap_shrink_one() == -EIO);
  CHECK(vt::type(vtword(t, 4)) == vt::VSWAP_ZSWAP);
  CHECK(pword(t, 1) == tb::kNull);
  CHECK(t.m().memcg(2).swap.peek() == 0);
  CHECK(t.violation().empty());
}

TEST_CASE("vswap: partial zswap store of a large folio falls back to physical backing") {
  SwapConfig cfg = vswap_config(true);
  cfg.zswap_store_fail_page = 1;
  Sequential s(cfg);
  setup_swap_out(setup_anon_folio(setup_mm(2), 0, 1, 2, 1));
  CHECK(vt::type(vtword(s, 4)) == vt::VSWAP_SWAPFILE);
  CHECK(vt::type(vtword(s, 5)) == vt::VSWAP_SWAPFILE);
  CHECK(s.m().memcg(2).swap.peek() == 2);
  CHECK(s.violation().empty());
}

TEST_CASE("vswap: swapoff of the physical device brings vswap-backed pages back into the swap cache") {
  Sequential s(vswap_config(false));
  setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 1));
  CHECK(swapoff(0) == 0);
  // The page is still swapped out on its vswap entry, now cached and without backing.
  const std::uint64_t pte = s.m().mm(0).pte[0].peek();
  CHECK(vswap::is_vswap_entry(pte_to_swp_entry(pte)));
  CHECK(tb::is_folio(vword(s, 4)));
  CHECK(vt::type(vtword(s, 4)) == vt::VSWAP_NONE);
  CHECK(s.m().memcg(2).swap.peek() == 0);
  CHECK(s.violation().empty());
}

TEST_CASE("vswap: v1 memsw charges at reclaim and uncharges with the backing") {
  SwapConfig cfg = vswap_config(false);
  cfg.memcg_mode = MemcgMode::V1;
  Sequential s(cfg);
  setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 1));
  CHECK(s.m().memcg(2).memsw.peek() == 1);
  zap_pte_range(s.m().mm(0), 0, 1);
  CHECK(s.m().memcg(2).memsw.peek() == 0);
  CHECK(s.m().memcg(2).id_ref.peek() == 1);
  CHECK(s.violation().empty());
}

// --- mutations: each caught in its smallest setup, the faithful twin passing it ---------------------

TEST_CASE("vswap mutation free_cluster_plain_kfree: the retired cluster is used after its kfree") {
  check_passes(vswap_file("free_cluster"));
  const checker::Report r = explore_mutated(vswap_file("free_cluster"), "free_cluster_plain_kfree");
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::UseAfterFree);
}

TEST_CASE("vswap mutation no_clear_cache_only: a re-referenced slot keeps a stale SWP_RMAP_CACHE_ONLY") {
  check_passes(vswap_file("clear_cache_only"));
  const checker::Report r = explore_mutated(vswap_file("clear_cache_only"), "no_clear_cache_only");
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Hint);
  CHECK(r.violation->check == "rmap_cache_only_accurate");
}

TEST_CASE("vswap mutation realloc_no_charge_rollback: an uncharged physical slot leaks") {
  check_passes(vswap_file("realloc_charge_fail"));
  const checker::Report r = explore_mutated(vswap_file("realloc_charge_fail"), "realloc_no_charge_rollback");
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Invariant);
  CHECK(r.violation->check == "rmap_consistent");
}

// no_dead_recheck and free_cluster_no_dead_flag: the seed's own callers of __swap_cluster_lock
// never show them (each re-tests ci->table, NULL once swap_cluster_free_table ran under the same
// lock, or holds a count or a cached folio that keeps the cluster alive), but the fix of the
// swap-in vs zap finding looks the cluster up with __swap_cluster_lock and then reads
// ci_dyn->virtual_table: there the DEAD re-check is the only guard, and either mutation lets the
// fault read a retired cluster's virtual_table through NULL. Faithful twin: the fixed finding.
TEST_CASE("vswap mutations no_dead_recheck, free_cluster_no_dead_flag: a retired cluster's virtual_table is read") {
  SwapScenario twin = vswap_file("swapin_vs_zap");
  REQUIRE(set_fix(twin.cfg, "vswap_backend_flag_rcu"));
  check_passes(std::move(twin));
  for (const char* mu : {"no_dead_recheck", "free_cluster_no_dead_flag"}) {
    INFO(mu);
    SwapScenario sc = vswap_file("swapin_vs_zap");
    REQUIRE(set_fix(sc.cfg, "vswap_backend_flag_rcu"));
    const checker::Report r = explore_mutated(std::move(sc), mu);
    REQUIRE(r.violation);
    CHECK(r.verdict == checker::Verdict::Assertion);
    CHECK(r.violation->message.find("NULL virtual_table") != std::string::npos);
  }
}

// reclaim_range_no_rcu: unobservable. From P2 on no vswap cluster reaches cluster_reclaim_range;
// at P1 (mutation scan_reclaims_vswap) the scan retires the vswap cluster it holds, but the
// allocator's local_lock keeps preemption off, which holds the grace period off anyway
// (model/preempt_lock.h; scenarios/vswap/reclaim_range_no_rcu.json).
TEST_CASE("vswap mutation reclaim_range_no_rcu: unobservable even at P1, the scenario passes like its twin") {
  check_passes(vswap_file("scan_reclaims_vswap"));
  check_passes(vswap_file("reclaim_range_no_rcu"));
}

TEST_CASE("vswap mutation scan_reclaims_vswap: at P1 a swap-out reclaims a cached vswap folio and retires its cluster") {
  for (const bool p1 : {false, true}) {
    INFO((p1 ? "P1" : "P2 on (faithful)"));
    // The scenario's state, built sequentially on CPU 0, whose percpu vswap cache is then emptied
    // for order 1 (as CPU 1's is in the scenario).
    SwapScenario sc = vswap_file("scan_reclaims_vswap");
    if (!p1) REQUIRE(set_mutation(sc.cfg, "scan_reclaims_vswap", false));
    Sequential s(sc.cfg);
    sc.setup(s.m());
    REQUIRE(vm_swap_full());
    vswap::this_cpu_vswap_cluster().offset[1].write(0);
    const std::uint64_t w = vword(s, 4);
    REQUIRE(tb::is_folio(w));
    Folio& cached = s.m().folio(static_cast<int>(tb::folio_pfn(w)));
    const std::uint32_t cluster1 = s.v().pool[1].peek();
    REQUIRE(folio_test_swapcache(cached));
    shrink_folio(s.m().folio(pte_folio(s.m().mm(0).pte[2].peek())));
    if (p1) {
      // cluster_reclaim_range dropped the cached folio; the cluster emptied and was retired,
      // the re-lookup found nothing, and with no index left the folio went to physical swap.
      CHECK_FALSE(folio_test_swapcache(cached));
      CHECK(s.v().pool[1].peek() == 0);
      CHECK(s.v().alloc_reject.peek() == 2);
      CHECK(swp_type(pte_to_swp_entry(s.m().mm(0).pte[2].peek())) == 0);
    } else {
      // P2: the cached range is skipped, the folio takes the rest of cluster 1.
      CHECK(folio_test_swapcache(cached));
      CHECK(s.v().pool[1].peek() == cluster1);
      CHECK(s.v().alloc_reject.peek() == 0);
      CHECK(pte_to_swp_entry(s.m().mm(0).pte[2].peek()).val == swp_entry(kVswapType, 6).val);
    }
    CHECK(s.violation().empty());
  }
}

// --- seed 004 P6: the lazy memcg_table of physical clusters -----------------------------------------

namespace {
SwapCluster& phys_cluster(Sequential& s, std::uint64_t offset) {
  return s.m().devices[0].clusters.at(offset / s.m().slots_per_cluster());
}
// Fills vswap cluster 1, the only dynamic index, with four pages swapped out to physical backing.
MmStruct& fill_vswap() {
  MmStruct& mm = setup_mm(2);
  for (int i = 0; i < 4; ++i) setup_swap_out(setup_anon_folio(mm, i, 0, 2, 1));
  return mm;
}
}  // namespace

TEST_CASE("vswap P6: physical clusters get their memcg_table on the first direct-use slot only") {
  SwapConfig cfg = vswap_config(false);
  cfg.vswap_clusters = 2;
  Sequential s(cfg);
  fill_vswap();
  // Vswap clusters allocate it eagerly; physical clusters holding only vswap backings never do.
  CHECK(s.v().cluster(s.v().pool[1].peek()).ci.memcg_table.peek() != 0);
  CHECK(phys_cluster(s, 1).memcg_table.peek() == 0);
  CHECK(phys_cluster(s, 4).memcg_table.peek() == 0);
  // The vswap device is full: the next swap-out falls back to a direct physical slot, whose
  // cluster allocates the table and records the charge.
  MmStruct& mm1 = setup_mm(2);
  setup_swap_out(setup_anon_folio(mm1, 0, 0, 2, 1));
  const swp_entry_t e = pte_to_swp_entry(mm1.pte[0].peek());
  REQUIRE(swp_type(e) == 0);
  SwapCluster& ci = phys_cluster(s, swp_offset(e));
  REQUIRE(ci.memcg_table.peek() != 0);
  CHECK(swap_cgroup_peek(ci, static_cast<unsigned>(swp_offset(e) % s.m().slots_per_cluster())) == 2);
  CHECK(s.violation().empty());
  // Freeing every slot of the cluster frees the memcg_table with the table.
  zap_pte_range(mm1, 0, 1);
  zap_pte_range(s.m().mm(0), 0, 4);
  CHECK(ci.memcg_table.peek() == 0);
  CHECK(s.violation().empty());
}

TEST_CASE("vswap P6: without CONFIG_VSWAP every cluster gets its memcg_table with its table") {
  SwapConfig cfg;
  cfg.memcgs = {MemcgConfig{}, MemcgConfig{}};
  Sequential s(cfg);
  CHECK(phys_cluster(s, 0).memcg_table.peek() != 0);
  setup_swap_out(setup_anon_folio(setup_mm(2), 0, 0, 2, 1));
  CHECK(phys_cluster(s, 1).memcg_table.peek() != 0);
  CHECK(s.violation().empty());
}

TEST_CASE("vswap P6: a failed GFP_ATOMIC memcg_table allocation fails the direct-use slot, nothing leaks") {
  SwapConfig cfg = vswap_config(false);
  cfg.vswap_clusters = 2;
  cfg.gfp_atomic_fails = true;
  Sequential s(cfg);
  fill_vswap();
  const std::int64_t free_before = s.m().nr_swap_pages.peek();
  MmStruct& mm1 = setup_mm(2);
  Folio& f = setup_anon_folio(mm1, 0, 0, 2, 1);
  folio_lock(f);
  CHECK(folio_alloc_swap(f) == -ENOMEM);
  CHECK_FALSE(folio_test_swapcache(f));
  folio_unlock(f);
  CHECK(s.m().nr_swap_pages.peek() == free_before);
  CHECK(s.m().memcg(2).swap.peek() == 4);
  CHECK(s.violation().empty());
}

TEST_CASE("vswap P6: hibernation slots in a cluster without memcg_table record and clear no id") {
  Sequential s(vswap_config(false));
  const swp_entry_t e = swap_alloc_hibernation_slot(0);
  REQUIRE(e.val != 0);
  CHECK(phys_cluster(s, swp_offset(e)).memcg_table.peek() == 0);
  swap_free_hibernation_slot(e);
  CHECK(s.violation().empty());
}

TEST_CASE("vswap finding: a stale percpu offset fills and retires a just-published cluster; fix vswap_lock_before_publish") {
  const checker::Report r = explore_dpor(vswap_file("publish_before_lock"));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Assertion);
  CHECK(r.violation->check == "__swap_table_get");
  SwapScenario fixed = vswap_file("publish_before_lock");
  REQUIRE(set_fix(fixed.cfg, "vswap_lock_before_publish"));
  check_passes(std::move(fixed));
}

// --- pairs of vswap paths -----------------------------------------------------------------------------

TEST_CASE("vswap races: reclaim to zswap vs fault") { check_passes(vswap_file("swapout_vs_fault")); }
TEST_CASE("vswap races: zswap writeback vs fault") { check_passes(vswap_file("zswap_writeback_vs_fault")); }
TEST_CASE("vswap races: try_to_reclaim_vswap_backing vs reclaim of the folio") { check_passes(vswap_file("reclaim_backing_vs_reclaim")); }
// swapoff of the backing device vs fault: scenarios/vswap/swapoff_vs_fault.json
// (vswap_scenarios_test), with the other pairs of vswap paths.

// Finding (seed 004 P3 swap_entry_backend_has_flag + do_swap_page). The fault reads its PTE
// without the PTL, misses the swap cache and asks the vswap entry's backend for
// SWP_SYNCHRONOUS_IO: vswap_to_phys -> vswap_lock_cluster does xa_load with no RCU and no DEAD
// test. The zap puts the last reference, __vswap_release_backing frees the physical slot and the
// empty cluster is retired (virtual_table kfree'd and NULL, DEAD, kfree_rcu). The fault then takes
// ci->lock and reads ci_dyn->virtual_table[voff] through NULL (or, if the grace period ends
// between its xa_load and its spin_lock, locks freed memory).
TEST_CASE("vswap finding: swap-in vs zap reads a retired cluster's virtual_table; fix vswap_backend_flag_rcu") {
  const checker::Report r = explore_dpor(vswap_file("swapin_vs_zap"));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Assertion);
  CHECK(r.violation->message.find("NULL virtual_table") != std::string::npos);
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->threads[static_cast<std::size_t>(r.counterexample->violating_thread)] == "fault");
  SwapScenario fixed = vswap_file("swapin_vs_zap");
  REQUIRE(set_fix(fixed.cfg, "vswap_backend_flag_rcu"));
  check_passes(std::move(fixed));
}
