// The descriptor design under exhaustive DPOR: the pairs of paths issue 5 names (faithful model
// passes; scenarios/desc/races/), mutation desc_dup_no_add_unless caught in its smallest setup
// (buggy and faithful twins), and the races the faithful model exposes with their fixes
// (scenarios/desc/findings/).
#include <catch2/catch.hpp>

#include "checker/trace.h"
#include "desc_harness.h"
#include "model/desc/paths.h"
#include "tests/scenario_file.h"

using namespace desctest;

namespace {

// Passes, and the pair really interleaves.
void passes(SwapScenario sc) { CHECK(check_passes(std::move(sc)).executions > 1); }

SwapScenario synchronous(SwapScenario sc) {
  sc.cfg.devices.front().synchronous_io = true;
  return sc;
}

SwapScenario with_fix(SwapScenario sc, const char* fix) {
  REQUIRE(set_fix(sc.cfg, fix));
  return sc;
}

SwapScenario swapin_vs_zap() { return scenario_file("desc/findings/desc_swapin_vs_zap.json"); }
// Two threads of one mm fault on the same swap PTE of a SWP_SYNCHRONOUS_IO device.
SwapScenario two_direct_faults_on_one_pte() { return scenario_file("desc/findings/desc_direct_swapin_vs_swapin.json"); }
SwapScenario thp_swapin_vs_zap() { return scenario_file("desc/findings/desc_thp_swapin_vs_zap.json"); }

// The faithful model dereferences a NULL si in do_swap_page (see the finding below).
void null_si(SwapScenario sc) {
  const checker::Report r = explore_dpor(std::move(sc));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Assertion);
  CHECK(r.violation->check == "do_swap_page");
  CHECK(r.violation->message == "do_swap_page: NULL pointer dereference of si->flags (trylock_swapoff succeeded without a device)");
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->threads[static_cast<std::size_t>(r.counterexample->violating_thread)].rfind("fault", 0) == 0);
}

}  // namespace

// Finding (seed 001 trylock_swapoff + v6.15 do_swap_page). The fault reads its PTE without the
// PTL (vmf->orig_pte = swap(vswap(1))); the zap takes the PTL, drops the last reference and
// vswap_free erases vswap(1) and frees its slot; the fault's trylock_swapoff then finds no
// descriptor, sets si = NULL and still returns true ("in the virtual swap implementation, we do
// not need to do anything to guard against concurrent swapoff"), swap_cache_get_folio misses,
// and do_swap_page reads si->flags & SWP_SYNCHRONOUS_IO through NULL. No zap is needed: two
// threads faulting on one PTE do the same when the first one's direct swap-in frees the entry.
TEST_CASE("desc finding: swap-in vs zap dereferences a NULL si; fix desc_swapin_checks_si") {
  null_si(swapin_vs_zap());
  null_si(synchronous(swapin_vs_zap()));
  null_si(two_direct_faults_on_one_pte());
}
TEST_CASE("desc races: swap-in vs zap") { passes(with_fix(swapin_vs_zap(), "desc_swapin_checks_si")); }
TEST_CASE("desc races: direct swap-in vs zap") {
  passes(with_fix(synchronous(swapin_vs_zap()), "desc_swapin_checks_si"));
}
TEST_CASE("desc races: swap-in vs swap-in") { passes(scenario_file("desc/races/swapin_vs_swapin.json")); }
TEST_CASE("desc races: direct swap-in vs direct swap-in on one PTE") {
  passes(with_fix(two_direct_faults_on_one_pte(), "desc_swapin_checks_si"));
}
TEST_CASE("desc races: fork vs zap") { passes(scenario_file("desc/races/fork_vs_zap.json")); }
TEST_CASE("desc races: swap-out vs swap-in") { passes(scenario_file("desc/races/swapout_vs_swapin.json")); }

TEST_CASE("desc mutation desc_dup_no_add_unless: a late dup revives a descriptor whose refs reached 0") {
  passes(scenario_file("desc/mutations/desc_dup_no_add_unless_faithful.json"));
  SwapScenario sc = scenario_file("desc/mutations/desc_dup_no_add_unless_faithful.json");
  REQUIRE(set_mutation(sc.cfg, "desc_dup_no_add_unless"));
  const checker::Report r = explore_dpor(std::move(sc));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Invariant);
  CHECK(r.violation->check == "swap_refs_consistent");
  CHECK(r.violation->message == "desc0 (vswap(1)) swap_refs is 2 after it reached 0: a freed descriptor was revived");
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->threads[static_cast<std::size_t>(r.counterexample->violating_thread)] == "dup");
}

// Finding (seed 001 swapcache_prepare over a range with a freed first entry). With
// non_swapcache_batch testing what its comment says, the direct swap-in of a
// SWP_SYNCHRONOUS_IO device picks an order-1 folio for vswap(2..3) under the PTL; the zap of
// page 0 then frees vswap(2); swapcache_prepare(vswap(2), 2)'s walk skips the NULL index, pins
// vswap(3) and counts i = 1; its undo, swapcache_clear(vswap(2), 1), walks [2, 2] and clears
// nothing. vswap(3) keeps a cache pin nobody owns: its refs never reach 0 again and every later
// swapcache_prepare on it says -EEXIST.
TEST_CASE("desc finding: order-1 direct swap-in vs zap leaves a stale cache pin; fix desc_walk_stops_at_hole") {
  const checker::Report r = explore_dpor(thp_swapin_vs_zap());
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Invariant);
  CHECK(r.violation->check == "swap_refs_consistent");
  CHECK(r.violation->message ==
        "desc1 (vswap(3)) swap_refs is 3 but 1 PTE(s) name it and it is not in the swap cache (want 2): a stale cache pin");
  REQUIRE(r.counterexample);
  // The zap runs between the fault's choice of an order-1 folio (under the PTL) and its
  // swapcache_prepare; the fault is the thread that pinned vswap(3).
  CHECK(r.counterexample->preemptions == 1);
  UNSCOPED_INFO(checker::trace_to_text(*r.counterexample));

  SwapScenario fixed = thp_swapin_vs_zap();
  REQUIRE(set_fix(fixed.cfg, "desc_walk_stops_at_hole"));
  passes(std::move(fixed));
  // Seed 001 as posted never swaps in an order-1 folio here (its non_swapcache_batch stops at
  // the first entry that is not cached), so the same threads pass.
  SwapScenario seed = thp_swapin_vs_zap();
  REQUIRE(set_fix(seed.cfg, "desc_non_swapcache_batch_fixed", false));
  passes(std::move(seed));
}

// The engine's memory-safety checks cover the descriptors: a field read after the RCU grace
// period that follows vswap_free is a use-after-free (here a thread that kept a pointer to the
// descriptor outside any read-side section).
TEST_CASE("desc memory safety: a descriptor read after its kfree_rcu grace period is a use-after-free") {
  SwapScenario sc = swapin_vs_zap();
  sc.threads = {SwapThread{"zap",
                           [](SwapModel& m) {
                             SwpDesc& d = m.vswap_desc->desc(0);
                             desc::zap_pte_range(m.mm(0), 0, 1);
                             d.swap_refs.load();
                           },
                           0, -1}};
  const checker::Report r = explore_dpor(std::move(sc));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::UseAfterFree);
  CHECK(r.violation->message.find("desc0.swap_refs inside desc0") != std::string::npos);
}
