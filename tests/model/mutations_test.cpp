// Every mutation is caught in its smallest setup, with the exact verdict and check, and the
// faithful model passes that same setup exhaustively (shuttle's buggy/fixed twins). The setups
// are the faithful twins of scenarios/table/mutations/, with the mutation switched on here.
#include <catch2/catch.hpp>

#include "checker/replay.h"
#include "harness.h"
#include "tests/scenario_file.h"

using namespace swaptest;

namespace {

SwapScenario dup_without_ptl_setup() { return scenario_file("table/mutations/dup_without_ptl_faithful.json"); }
SwapScenario swap_cache_alloc_no_recheck_setup() {
  return scenario_file("table/mutations/swap_cache_alloc_no_recheck_faithful.json");
}
SwapScenario fallback_loop_v4_setup() { return scenario_file("table/mutations/fallback_loop_v4_faithful.json"); }
SwapScenario swapin_without_device_ref_setup() {
  return scenario_file("table/mutations/swapin_without_device_ref_faithful.json");
}

}  // namespace

TEST_CASE("mutation dup_without_ptl: a zap between the swap PTE and its dup underflows the count") {
  const checker::Report r = explore_mutated(dup_without_ptl_setup(), "dup_without_ptl");
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Invariant);
  CHECK(r.violation->check == "count_nonnegative");
  CHECK(r.violation->message.find("swp(0,1) count is -1") != std::string::npos);
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->threads[static_cast<std::size_t>(r.counterexample->violating_thread)] == "zap");
  check_passes(dup_without_ptl_setup());
}

TEST_CASE("mutation swap_cache_alloc_no_recheck: a second fault overwrites the first one's swap cache") {
  const checker::Report r = explore_mutated(swap_cache_alloc_no_recheck_setup(), "swap_cache_alloc_no_recheck");
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Invariant);
  CHECK(r.violation->check == "swapcache_changed_under_folio_lock");
  check_passes(swap_cache_alloc_no_recheck_setup());
}

TEST_CASE("mutation fallback_loop_v4: the order-0 -ENOMEM retries for ever without THP") {
  const checker::Report r = explore_mutated(fallback_loop_v4_setup(), "fallback_loop_v4", 300);
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::NonTermination);
  CHECK(r.violation->check == "step_bound");
  check_passes(fallback_loop_v4_setup(), 300);
  // With THP on, next_order() clears the failed order and v4's loop ends too.
  SwapScenario thp = fallback_loop_v4_setup();
  thp.cfg.thp = true;
  REQUIRE(set_mutation(thp.cfg, "fallback_loop_v4"));
  check_passes(thp, 300);
}

TEST_CASE("mutation swapin_without_device_ref: swapoff frees the clusters under the fault") {
  const checker::Report r = explore_mutated(swapin_without_device_ref_setup(), "swapin_without_device_ref");
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::UseAfterFree);
  CHECK(r.violation->message.find("si0.cluster_info") != std::string::npos);
  check_passes(swapin_without_device_ref_setup());
}

// Each strategy finds the mutation, and the faithful model passes under the same bounds. Which
// symptom a strategy meets first depends on its schedule: the zap that runs between the PTE
// install and the dup underflows the count (count_nonnegative), or, later in the same schedule,
// the cache or the folio's references.
TEST_CASE("mutations are found by every exploring strategy") {
  for (checker::Strategy s : {checker::Strategy::Dpor, checker::Strategy::Bounded, checker::Strategy::Pct}) {
    INFO(checker::strategy_name(s));
    checker::Bounds b;
    b.strategy = s;
    b.max_executions = 5000;
    SwapScenario sc = dup_without_ptl_setup();
    REQUIRE(set_mutation(sc.cfg, "dup_without_ptl"));
    const checker::Report r = checker::explore(make_program(std::move(sc)), b);
    REQUIRE(r.violation);
    INFO(r.violation->check << ": " << r.violation->message);
    CHECK((r.violation->check == "count_nonnegative" || r.violation->check == "swapcache_consistent" ||
           r.violation->check == "folio_put_refs"));
    const checker::Report faithful = checker::explore(make_program(dup_without_ptl_setup()), b);
    CHECK_FALSE(faithful.violation);
  }
}

TEST_CASE("a mutation's counterexample replays to the same violation") {
  SwapScenario sc = dup_without_ptl_setup();
  REQUIRE(set_mutation(sc.cfg, "dup_without_ptl"));
  const checker::Program p = make_program(std::move(sc));
  checker::Bounds b;
  const checker::Report r = checker::explore(p, b);
  REQUIRE(r.counterexample);
  const checker::ReplayResult again = checker::replay(p, *r.counterexample, b);
  INFO(again.divergence);
  CHECK(again.identical);
  CHECK(again.trace.violation.check == "count_nonnegative");
}

TEST_CASE("unknown mutation names are refused") {
  SwapConfig cfg;
  CHECK(!set_mutation(cfg, "no_such_bug"));
  CHECK(set_mutation(cfg, "dup_without_ptl"));
  CHECK(cfg.mutations.dup_without_ptl);
}
