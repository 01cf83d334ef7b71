// Seed 004's vswap device under issue 13's items 3 and 5: allocation failure while growing a
// dynamic cluster (alloc_swap_scan_dynamic's error paths), and the dead-once rule for retired
// vswap clusters and freed zswap entries (model/lifetime.h), each mutation with its twin.
#include <catch2/catch.hpp>

#include <map>
#include <memory>

#include "model/alloc_failure.h"
#include "model/memory.h"
#include "model/pagetable.h"
#include "model/registry.h"
#include "model/setup.h"
#include "tests/scenario_file.h"
#include "vswap_harness.h"

using namespace vswaptest;

namespace {

SwapScenario vswap_file(const std::string& name) { return scenario_file("vswap/" + name + ".json"); }

void dead_once_caught(const checker::Report& r, const std::string& message) {
  INFO(describe(r));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::UseAfterFree);
  CHECK(r.violation->check == "dead_once");
  CHECK(r.violation->message.find(message) == 0);
}

}  // namespace

// Counted in alloc_fail_dynamic_cluster.json: success, or a failure at kzalloc(ci_dyn),
// vswap_cluster_alloc_vtable or xa_alloc.
TEST_CASE("vswap alloc_failure: growing a cluster fails at each GFP_ATOMIC allocation, and swap-out falls back") {
  SwapScenario sc = vswap_file("states/alloc_fail_dynamic_cluster");
  // Where each run's page went: the swap type its PTE names at the end.
  auto types = std::make_shared<std::map<int, int>>();
  const auto swap_out = sc.threads.at(0).body;
  sc.threads.at(0).body = [swap_out, types](SwapModel& m) {
    swap_out(m);
    const std::uint64_t p = m.mm(0).pte[0].peek();
    ++(*types)[is_swap_pte(p) ? swp_type(pte_to_swp_entry(p)) : -1];
  };
  const checker::Report r = explore_dpor(std::move(sc));
  INFO(describe(r));
  CHECK(r.verdict == checker::Verdict::Pass);
  CHECK(r.exhaustive);
  CHECK(r.executions == 4);
  // Once to a new vswap cluster, three times (one per failure) directly to the physical device.
  const std::map<int, int> want = {{0, 3}, {kVswapType, 1}};
  CHECK(*types == want);
}

TEST_CASE("vswap dead_once: vswap_free_cluster records the cluster's death, once") {
  Sequential s(vswap_config(true));
  Folio& f = setup_anon_folio(setup_mm(2), 0, 0, 2, 1);
  setup_swap_out(f);
  vswap::VswapCluster& d = s.v().cluster(2);
  CHECK(!d.death.dead);
  zap_pte_range(s.m().mm(0), 0, 1);
  CHECK(d.death.dead);
  CHECK(d.death.thread == "setup");
  // Allocating from it, listing it or retiring it again is refused where it happens (in setup
  // the kfree_rcu has already run, so this asks the check itself, not the freed lock).
  CHECK_THROWS_AS(vswap::check_cluster_not_retired(d.ci, "allocated from"), checker::SetupFailure);
  // The header cluster at index 0 is never retired.
  CHECK_NOTHROW(vswap::check_cluster_not_retired(s.v().cluster(1).ci, "allocated from"));
}

TEST_CASE("vswap dead_once: cluster_reclaim_range's stale relock retires a retired cluster again") {
  const checker::Report r = explore_dpor(vswap_file("reclaim_range_relocks_stale"));
  dead_once_caught(r, "vswap cluster ci_dyn2 (index 1): retired again after it died at step");
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->threads[static_cast<std::size_t>(r.counterexample->violating_thread)] == "reclaim");
  // Twin: the re-lookup of seed 004 P1 finds no cluster and the allocation moves on.
  const checker::Report ok = explore_dpor(vswap_file("scan_reclaims_vswap"));
  CHECK(ok.verdict == checker::Verdict::Pass);
}

TEST_CASE("vswap dead_once: zswap writeback's -EIO path stores back an entry folio_realloc_swap freed") {
  dead_once_caught(explore_dpor(vswap_file("realloc_releases_backing")),
                   "zswap_entry1: stored in a vswap slot's virtual_table after it died (freed) at step");
  const checker::Report ok = explore_dpor(vswap_file("realloc_releases_backing_faithful"));
  INFO(describe(ok));
  CHECK(ok.verdict == checker::Verdict::Pass);
  CHECK(ok.exhaustive);
  // With every invariant checked, the mutation loses the page first (data_preserved).
  SwapScenario all = vswap_file("realloc_releases_backing");
  all.invariants.clear();
  const checker::Report lost = explore_dpor(std::move(all));
  REQUIRE(lost.violation);
  CHECK(lost.violation->check == "data_preserved");
}
