// Races the faithful model exposes in the seed code, each kept as the default behaviour with a
// named fix knob: the test expects the violation with the fix off and an exhaustive pass with it
// on (issue 3: "Where the faithful model shows a real race...").
#include <catch2/catch.hpp>

#include <string>

#include "harness.h"
#include "tests/scenario_file.h"
#include "checker/cli/scenario_loader.h"
#include "model/cli/swap_interface.h"
#include "model/registry.h"

using namespace swaptest;

// Finding: swap_writeout's zero-filled path sets the zero flag without erasing a zswap entry
// stored for the same slots before the folio was redirtied (every other path erases it:
// zswap_store replaces it, or check_old erases it on failure). The folio can stay in the swap
// cache after its zswap store when a fault takes a reference before reclaim freezes it. Once
// the zeroed folio leaves the cache, zswap writeback finds the stale entry still in the tree,
// decompresses the page's old data into a new swap-cache folio and marks it uptodate; a fault
// then maps it. swap-in alone would read the zero flag first, so only writeback exposes it.
TEST_CASE("finding: a stale zswap entry behind a zero-filled writeout resurrects old data") {
  const SwapScenario finding = scenario_file("table/findings/stale_zswap_after_zero_writeout.json");
  const checker::Report r = explore_dpor(finding);
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Invariant);
  CHECK(r.violation->check == "data_preserved");
  CHECK(r.violation->message ==
        "mm0.pte[0] names swp(0,1): swap-in would read p1v1 from swap-cache folio1, but the page was zero");
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->preemptions == 1);  // the fault's lookup between zswap_store and the freeze

  SwapScenario fixed = finding;
  REQUIRE(set_fix(fixed.cfg, "zero_writeout_drops_zswap"));
  const checker::Report ok = explore_dpor(std::move(fixed));
  INFO((ok.violation ? ok.violation->check + ": " + ok.violation->message : std::string()));
  CHECK(ok.verdict == checker::Verdict::Pass);
  CHECK(ok.exhaustive);
}

// Finding (liveness): two forks at the count limit with GFP_ATOMIC failing. Each dup returns
// -ENOMEM and its error path runs extend_table_try_free, which frees the empty extend table the
// other fork attached with its sleeping allocation before retrying. Only an unfair schedule
// repeats it for ever, which the step bound reports.
TEST_CASE("finding: two forks at the count limit free each other's extend table (livelock)") {
  const SwapScenario finding = scenario_file("table/findings/fork_at_limit_vs_fork.json");
  const checker::Report r = explore_dpor(finding, 400);
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::NonTermination);
  REQUIRE(r.counterexample);
  std::size_t frees = 0;
  for (const checker::TraceEvent& e : r.counterexample->events)
    frees += e.function == "swap_extend_table_try_free" && e.op == "free" ? 1 : 0;
  CHECK(frees >= 10);  // round after round

  SwapScenario fixed = finding;
  REQUIRE(set_fix(fixed.cfg, "dup_enomem_keeps_extend_table"));
  const checker::Report ok = explore_dpor(std::move(fixed), 400);
  INFO((ok.violation ? ok.violation->check + ": " + ok.violation->message : std::string()));
  CHECK(ok.verdict == checker::Verdict::Pass);
  CHECK(ok.exhaustive);
}

// Each fix names the scenario file that shows its race (a violation is expected there).
TEST_CASE("every fix names a scenario file that shows the race, and a known knob") {
  const SwapModelInterface model;
  for (const FixEntry& f : fix_registry()) {
    INFO(f.name << " names " << f.scenario);
    const checker::LoadedScenario sc = checker::load_scenario(scenario_path(f.scenario), model);
    CHECK(sc.generic.expect.verdict != checker::Verdict::Pass);
    SwapConfig cfg;
    CHECK(set_fix(cfg, f.name));
    SwapConfig by_key;
    set_config(by_key, f.name, std::int64_t{1});
    CHECK(by_key.fixes.zero_writeout_drops_zswap == cfg.fixes.zero_writeout_drops_zswap);
  }
}
