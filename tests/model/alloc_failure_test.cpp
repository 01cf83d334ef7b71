// Allocation failure as a data choice (issue 13 item 3, model/alloc_failure.h): the sites a
// scenario names fail in some runs, the search explores both outcomes of each, the error paths
// follow the seed, and an unnamed site never fails (the suite's searches are unchanged).
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "harness.h"
#include "model/alloc_failure.h"
#include "model/registry.h"
#include "tests/scenario_file.h"
#include "tests/swap_cli.h"

using namespace swaptest;

namespace {

SwapScenario populate_alone() { return scenario_file("table/states/alloc_fail_populate.json"); }

void set_sites(SwapConfig& cfg, std::initializer_list<AllocSite> sites) {
  cfg.alloc_failure = 0;
  for (AllocSite s : sites) cfg.alloc_failure |= alloc_site_bit(s);
}

}  // namespace

TEST_CASE("alloc_failure: every site has a unique name and says where it is") {
  std::set<std::string> names;
  for (const AllocSiteInfo& s : alloc_site_registry()) {
    INFO(s.name);
    CHECK(names.insert(s.name).second);
    CHECK(alloc_site_from_name(s.name) == s.site);
    CHECK(std::string(alloc_site_name(s.site)) == s.name);
    CHECK(!std::string(s.where).empty());
  }
  CHECK(alloc_site_registry().size() == static_cast<std::size_t>(AllocSite::Count));
  CHECK(!alloc_site_from_name("kmalloc"));
  // The GFP_KERNEL sites are the ones that may sleep.
  CHECK(alloc_site_registry()[static_cast<std::size_t>(AllocSite::SwapTableSleep)].may_sleep);
  CHECK(!alloc_site_registry()[static_cast<std::size_t>(AllocSite::SwapTable)].may_sleep);
  CHECK(!alloc_site_registry()[static_cast<std::size_t>(AllocSite::XaAlloc)].may_sleep);
}

TEST_CASE("alloc_failure: nothing fails in setup, and gfp_atomic_fails still forces its two sites") {
  SwapConfig cfg = small_config();
  cfg.alloc_failure = ~0u;
  Sequential s(cfg);
  for (const AllocSiteInfo& site : alloc_site_registry()) CHECK(!alloc_fails(site.site));
  SwapConfig forced = small_config();
  forced.gfp_atomic_fails = true;
  Sequential f(forced);
  CHECK(alloc_fails(AllocSite::ExtendTable, /*gfp_atomic_knob=*/true));
  CHECK(alloc_fails(AllocSite::MemcgTable, /*gfp_atomic_knob=*/true));
  CHECK(!alloc_fails(AllocSite::MemcgTable));  // swap_cluster_alloc_table's: not the knob's
  CHECK(!alloc_fails(AllocSite::ExtendTableSleep));
}

// Counted by hand in alloc_fail_populate.json: the first attempt succeeds, or fails at its
// table or its memcg_table; after a failure the retry succeeds or fails at one of its two.
TEST_CASE("alloc_failure: swap_cluster_populate's outcomes are explored, each once") {
  const checker::Report all = explore_dpor(populate_alone());
  CHECK(all.verdict == checker::Verdict::Pass);
  CHECK(all.exhaustive);
  CHECK(all.executions == 1 + 2 * 3);

  SwapScenario atomic_only = populate_alone();
  set_sites(atomic_only.cfg, {AllocSite::SwapTable});  // the retry always succeeds
  const checker::Report r2 = explore_dpor(atomic_only);
  CHECK(r2.verdict == checker::Verdict::Pass);
  CHECK(r2.executions == 2);

  SwapScenario both_tables = populate_alone();
  set_sites(both_tables.cfg, {AllocSite::SwapTable, AllocSite::SwapTableSleep});
  CHECK(explore_dpor(both_tables).executions == 1 + 2);

  SwapScenario none = populate_alone();
  none.cfg.alloc_failure = 0;  // as before alloc_failure existed: one run, no choice
  CHECK(explore_dpor(none).executions == 1);
}

TEST_CASE("alloc_failure: a failed retry puts the cluster back and the swap-out keeps its folio") {
  // What each run leaves behind, read by the thread itself once its swap-out returned.
  auto outcomes = std::make_shared<std::map<std::string, int>>();
  SwapScenario sc = populate_alone();
  const auto swap_out = sc.threads.at(0).body;
  sc.threads.at(0).body = [swap_out, outcomes](SwapModel& m) {
    swap_out(m);
    SwapCluster& ci1 = m.devices.at(0).clusters.at(1);
    const bool swapped = is_swap_pte(m.mm(0).pte[0].peek());
    const std::string o = std::string(swapped ? "swapped" : "kept") + ", cluster 1 " + format_cluster_flag(ci1.flags.peek()) +
                          (ci1.table.peek() != 0 ? " with" : " without") + " a table";
    ++(*outcomes)[o];
  };
  const checker::Report r = explore_dpor(std::move(sc));
  CHECK(r.verdict == checker::Verdict::Pass);
  CHECK(r.executions == 7);
  // Page 0 went to cluster 1 after the first attempt or the retry (3 runs); when the retry
  // failed too (4 runs) the cluster is back on the free list with no table and no leak.
  const std::map<std::string, int> want = {{"kept, cluster 1 FREE without a table", 4},
                                           {"swapped, cluster 1 FRAG with a table", 3}};
  std::string seen;
  for (const auto& [o, n] : *outcomes) seen += o + " x" + std::to_string(n) + "; ";
  INFO(seen);
  CHECK(*outcomes == want);
}

TEST_CASE("alloc_failure: a sleeping allocation under a spinlock is sleep_in_atomic") {
  const checker::Report r = explore_dpor(scenario_file("table/steps/folio_alloc_under_ptl.json"));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::SleepInAtomic);
  CHECK(r.violation->message.find("sleeping allocation (folio) while holding a spinlock") == 0);
}

TEST_CASE("alloc_failure: the config names sites; an unknown one is refused where it is written") {
  const SwapScenario sc = populate_alone();
  CHECK(sc.cfg.alloc_failure == (alloc_site_bit(AllocSite::SwapTable) | alloc_site_bit(AllocSite::MemcgTable) |
                                 alloc_site_bit(AllocSite::SwapTableSleep) | alloc_site_bit(AllocSite::MemcgTableSleep)));
  const std::string file = std::string(SWAPCHECK_SOURCE_DIR) + "/tests/model/bad_scenarios/unknown_alloc_site.json";
  const CliResult r = cli({"run", file});
  CHECK(r.code == 2);
  INFO(r.err);
  CHECK(r.err.find("unknown_alloc_site.json:4:32:") != std::string::npos);
  CHECK(r.err.find("swap_tabel") != std::string::npos);
  CHECK(r.err.find("swap_table") != std::string::npos);  // the suggestion
}

// Finding populate_retry_vs_stale_percpu: the seed's retry publishes ci->table with ci->lock
// dropped; a CPU with a stale percpu offset fills the isolated cluster, frees it, and
// __free_cluster frees its table before populate relocks it and scans it.
TEST_CASE("finding: swap_cluster_populate's unlocked retry hands out a cluster a stale CPU freed") {
  const SwapScenario finding = scenario_file("table/findings/populate_retry_vs_stale_percpu.json");
  checker::Bounds no_races;  // as the file's bounds say: the data race of the same window is below
  no_races.detect_data_races = false;
  const checker::Report r = checker::explore(make_program(finding), no_races);
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Assertion);
  CHECK(r.violation->check == "__swap_table_get");
  CHECK(r.violation->message.find("__swap_table_get on a cluster without a table") == 0);
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->preemptions == 1);
  CHECK(r.counterexample->threads[static_cast<std::size_t>(r.counterexample->violating_thread)] == "populate");
  bool freed_by_stale = false;
  for (const checker::TraceEvent& e : r.counterexample->events)
    freed_by_stale |= e.function == "swap_cluster_free_table" && e.op == "call_rcu" &&
                      r.counterexample->threads[static_cast<std::size_t>(e.thread)] == "stale";
  CHECK(freed_by_stale);

  // The same window with data races reported: populate's unlocked ci->memcg_table store.
  const checker::Report race = explore_dpor(scenario_file("table/findings/populate_retry_memcg_table_race.json"));
  REQUIRE(race.violation);
  CHECK(race.verdict == checker::Verdict::DataRace);
  CHECK(race.violation->message.find("ci1.memcg_table_ptr") != std::string::npos);

  // The retry's publication after the relock closes the window.
  SwapScenario fixed = scenario_file("table/findings/populate_retry_memcg_table_race.json");
  REQUIRE(set_fix(fixed.cfg, "populate_publishes_under_lock"));
  const checker::Report ok = explore_dpor(std::move(fixed));
  INFO(describe(ok));
  CHECK(ok.verdict == checker::Verdict::Pass);
  CHECK(ok.exhaustive);
}
