// The scenario files of scenarios/vswap/ (seed 004, CONFIG_VSWAP), each loaded and run as
// `swapcheck run` does, without the fewest-preemption search: every file must meet its own
// expect block (a mutation caught, a faithful or fixed twin passing exhaustively, a finding
// shown), and a passing file must have been explored exhaustively. One test case per file so
// that CTest times each one.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "checker/cli/run_scenario.h"
#include "checker/cli/scenario_loader.h"
#include "model/cli/swap_interface.h"

namespace {

checker::RunOutcome run_file(const std::string& name) {
  const std::filesystem::path p = std::filesystem::path(SWAPCHECK_SOURCE_DIR) / "scenarios" / "vswap" / (name + ".json");
  const swapmodel::SwapModelInterface model;
  const checker::LoadedScenario s = checker::load_scenario(p.string(), model);
  checker::RunOptions o;
  o.minimize = false;
  return checker::run_scenario(s, model, o);
}

void as_expected(const std::string& name) {
  const checker::RunOutcome r = run_file(name);
  INFO(name << ": " << checker::verdict_name(r.report.verdict)
            << (r.report.violation ? " " + r.report.violation->check + ": " + r.report.violation->message : std::string()));
  CHECK(r.as_expected);
  if (!r.report.violation) CHECK(r.report.exhaustive);
  if (r.report.violation) CHECK(r.replay.identical);
}

}  // namespace

#define VSWAP_SCENARIO(file) \
  TEST_CASE("scenarios/vswap/" file ".json meets its expect block") { as_expected(file); }

// Mutations (each with its faithful twin).
VSWAP_SCENARIO("no_dead_recheck")
VSWAP_SCENARIO("free_cluster_no_dead_flag")
VSWAP_SCENARIO("swapin_vs_zap_fixed")
VSWAP_SCENARIO("reclaim_range_no_rcu")
VSWAP_SCENARIO("free_cluster")
VSWAP_SCENARIO("free_cluster_plain_kfree")
VSWAP_SCENARIO("clear_cache_only")
VSWAP_SCENARIO("no_clear_cache_only")
VSWAP_SCENARIO("realloc_charge_fail")
VSWAP_SCENARIO("realloc_no_charge_rollback")
// Findings and their fixed twins.
VSWAP_SCENARIO("swapin_vs_zap")
VSWAP_SCENARIO("zswap_writeback_vs_zap")
VSWAP_SCENARIO("zswap_writeback_vs_zap_fixed")
VSWAP_SCENARIO("swapout_vs_zap")
VSWAP_SCENARIO("swapout_vs_zap_fixed")
VSWAP_SCENARIO("publish_before_lock")
VSWAP_SCENARIO("publish_before_lock_fixed")
// Pairs of vswap paths.
VSWAP_SCENARIO("swapout_vs_fault")
VSWAP_SCENARIO("swapout_vs_zap_zswap")
VSWAP_SCENARIO("zswap_writeback_vs_fault")
VSWAP_SCENARIO("phys_reclaim_vs_swapin")
VSWAP_SCENARIO("reclaim_full_clusters_vs_swapin")
VSWAP_SCENARIO("swapoff_vs_fault")
VSWAP_SCENARIO("memcg_v1_swapin_vs_zap")
VSWAP_SCENARIO("memcg_v1_swapout_vs_zap")
VSWAP_SCENARIO("thp_swapout_vs_fault")

TEST_CASE("every file of scenarios/vswap/ has its test case here") {
  const std::filesystem::path dir = std::filesystem::path(SWAPCHECK_SOURCE_DIR) / "scenarios" / "vswap";
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json") ++n;
  CHECK(n == 26);
}
