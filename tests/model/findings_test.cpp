// Races the faithful model exposes in the seed code, each kept as the default behaviour with a
// named fix knob: the test expects the violation with the fix off and an exhaustive pass with it
// on (issue 3: "Where the faithful model shows a real race...").
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "harness.h"
#include "model/catalog.h"
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
  const checker::Report r = explore_dpor(stale_zswap_after_zero_writeout());
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Invariant);
  CHECK(r.violation->check == "data_preserved");
  CHECK(r.violation->message ==
        "mm0.pte[0] names swp(0,1): swap-in would read p1v1 from swap-cache folio1, but the page was zero");
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->preemptions == 1);  // the fault's lookup between zswap_store and the freeze

  SwapScenario fixed = stale_zswap_after_zero_writeout();
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
  const checker::Report r = explore_dpor(fork_at_limit_vs_fork(), 400);
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::NonTermination);
  REQUIRE(r.counterexample);
  std::size_t frees = 0;
  for (const checker::TraceEvent& e : r.counterexample->events)
    frees += e.function == "swap_extend_table_try_free" && e.op == "free" ? 1 : 0;
  CHECK(frees >= 10);  // round after round

  SwapScenario fixed = fork_at_limit_vs_fork();
  REQUIRE(set_fix(fixed.cfg, "dup_enomem_keeps_extend_table"));
  const checker::Report ok = explore_dpor(std::move(fixed), 400);
  INFO((ok.violation ? ok.violation->check + ": " + ok.violation->message : std::string()));
  CHECK(ok.verdict == checker::Verdict::Pass);
  CHECK(ok.exhaustive);
}

// The "name" of every scenario file under scenarios/.
std::set<std::string> scenario_file_names() {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    const nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (doc.is_object() && doc.contains("name") && doc["name"].is_string()) names.insert(doc["name"].get<std::string>());
  }
  return names;
}

TEST_CASE("every fix names a scenario (catalog or scenario file) and a known knob") {
  const std::set<std::string> files = scenario_file_names();
  for (const FixEntry& f : fix_registry()) {
    bool found = files.count(f.scenario) > 0;
    for (const CatalogEntry& c : scenario_catalog()) found |= c.name == f.scenario;
    INFO(f.name << " names " << f.scenario);
    CHECK(found);
    SwapConfig cfg;
    CHECK(set_fix(cfg, f.name));
    SwapConfig by_key;
    set_config(by_key, f.name, std::int64_t{1});
    CHECK(by_key.fixes.zero_writeout_drops_zswap == cfg.fixes.zero_writeout_drops_zswap);
  }
}
