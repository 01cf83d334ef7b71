// Scenario builders of the swap-table refutations (table_scenarios.h).
#include "proofs/table_scenarios.h"

#include <string>
#include <vector>

namespace swapproofs {

namespace {

// SWP_TB_COUNT_MAX of the counterexample (the model accepts 2..15, as the encoding does).
Json config(const Counterexample& cx, const std::vector<std::string>& mutations = {}) {
  Json c = Json::object();
  c["count_max"] = cx.integer("max").value_or(3);
  c["memcgs"] = 1;
  if (!mutations.empty()) c["mutations"] = mutations;
  return c;
}

std::vector<Json> mapped_page() {
  return {step("new_mm", {{"memcg", 2}}), step("map_anon", {{"mm", 0}, {"idx", 0}, {"memcg", 2}})};
}

// mm0's page swapped out to swp(0,1): count 1, Shadow.
std::vector<Json> swapped_page() {
  std::vector<Json> s = mapped_page();
  s.push_back(step("swap_out", {{"mm", 0}, {"idx", 0}}));
  return s;
}

// ... and forked into mm1: count 2.
std::vector<Json> shared_swapped_page() {
  std::vector<Json> s = swapped_page();
  s.push_back(step("new_mm", {{"memcg", 2}}));
  s.push_back(step("fork", {{"dst", 1}, {"src", 0}, {"idx", 0}, {"nr", 1}}));
  return s;
}

Json zap(int mm) { return step("zap", {{"mm", mm}, {"idx", 0}}); }
Json fault(int mm) { return step("do_swap_page", {{"mm", mm}, {"idx", 0}}); }

// A faithful twin: the race of the refuted obligation, run with the lock the model keeps.
ScenarioFile twin(const std::string& lock, const std::string& race, const Counterexample& cx, std::vector<Json> state,
                  std::vector<Json> threads) {
  return make_scenario(race + ", " + lock + " kept: passes",
              "Faithful twin: the model always takes " + lock + " here, so the explorer checks\n"
              "that the race Z3 needs the missing lock for does not happen with it.",
              config(cx), std::move(state), std::move(threads), expect_pass(), false);
}

}  // namespace

// --- reproducing ----------------------------------------------------------------------------------

ScenarioFile scenario_dup_without_ptl(const Counterexample& cx) {
  return make_scenario("seed 000: swap-out publishes the swap PTE before counting it, without the PTL; the zap's put underflows",
              "In words: a cached slot with count 0 and one swap PTE in flight (pending=1);\n"
              "the zap drops that PTE's count before swap-out has taken it.",
              config(cx, {"dup_without_ptl"}), mapped_page(),
              {thread("reclaim", {step("shrink_folio", {{"folio", 0}})}), thread("zap", {zap(0)})},
              expect_violation("count_nonnegative"), true);
}

ScenarioFile scenario_double_put(const Counterexample& cx) {
  return make_scenario("a put of a reference the caller does not hold: the slot's count goes below zero",
              "In words: the put runs with no reference left (refs=0) because nothing locks the\n"
              "swap PTE it read; here a second holder puts swp(0,1) after the zap dropped its only reference.",
              config(cx), swapped_page(),
              {thread("zap", {zap(0)}),
               thread("stray_put", {step("swap_put_entries_direct", {{"type", 0}, {"offset", 1}, {"nr", 1}})})},
              expect_violation("count_nonnegative"), true);
}

ScenarioFile scenario_put_without_reference(const Counterexample& cx) {
  return make_scenario("folio_put_swap for a swap PTE that was zapped meanwhile: the count goes below zero",
              "In words: the cached folio's slot has count 0 (refs=0) when the fault's put runs;\n"
              "the PTL would have kept the swap PTE the fault replaces. Here the fault's folio is in the swap\n"
              "cache and locked (folio 1), the PTE is zapped, then the put runs anyway.",
              config(cx), swapped_page(),
              {thread("fault", {step("swap_cache_alloc_folio", {{"type", 0}, {"offset", 1}, {"memcg", 2}}), zap(0),
                                step("folio_put_swap", {{"folio", 1}})})},
              expect_violation("count_nonnegative"), true);
}

ScenarioFile scenario_cache_add_no_recheck(const Counterexample& cx) {
  return make_scenario("seed 002: the swap-cache insert without the re-check under ci->lock: two faults both insert a folio",
              "In words: the add's check saw a Shadow but the slot already holds another folio\n"
              "(cachers=2 after the add).",
              config(cx, {"swap_cache_alloc_no_recheck"}), shared_swapped_page(),
              {thread("fault0", {fault(0)}), thread("fault1", {fault(1)})},
              expect_violation("swapcache_changed_under_folio_lock"), true);
}

// --- faithful twins -------------------------------------------------------------------------------

ScenarioFile scenario_alloc_race(const Counterexample& cx) {
  std::vector<Json> state = mapped_page();
  state.push_back(step("map_anon", {{"mm", 0}, {"idx", 1}, {"memcg", 2}}));
  return twin("ci->lock", "two swap-outs allocating slots at once", cx, state,
              {thread("reclaim0", {step("swap_out", {{"mm", 0}, {"idx", 0}})}),
               thread("reclaim1", {step("swap_out", {{"mm", 0}, {"idx", 1}})})});
}

ScenarioFile scenario_hibernation_race(const Counterexample& cx) {
  return twin("ci->lock", "a hibernation slot allocated while a swap-out allocates", cx, mapped_page(),
              {thread("hibernate", {step("hibernate_alloc", {{"type", 0}})}),
               thread("reclaim", {step("swap_out", {{"mm", 0}, {"idx", 0}})})});
}

ScenarioFile scenario_unmap_race(const Counterexample& cx) {
  std::vector<Json> state = mapped_page();
  state.push_back(step("new_mm", {{"memcg", 2}}));
  state.push_back(step("fork", {{"dst", 1}, {"src", 0}, {"idx", 0}, {"nr", 1}}));
  return twin("ci->lock", "swap-out dups a folio mapped twice while one mapping is zapped", cx, state,
              {thread("reclaim", {step("shrink_folio", {{"folio", 0}})}), thread("zap", {zap(1)})});
}

ScenarioFile scenario_fork_race(const Counterexample& cx) {
  std::vector<Json> state = shared_swapped_page();
  state.push_back(step("new_mm", {{"memcg", 2}}));
  return twin("ci->lock", "fork dups a shared swap entry while another sharer is zapped", cx, state,
              {thread("fork", {step("fork", {{"dst", 2}, {"src", 0}, {"idx", 0}, {"nr", 1}})}), thread("zap", {zap(1)})});
}

ScenarioFile scenario_fault_vs_zap_shared(const Counterexample& cx) {
  return twin("ci->lock", "a swap-in fault puts a shared entry while the other sharer is zapped", cx,
              shared_swapped_page(), {thread("fault", {fault(0)}), thread("zap", {zap(1)})});
}

ScenarioFile scenario_fault_vs_unlocked_swapout(const Counterexample& cx) {
  ScenarioFile f = make_scenario("swap-out publishes its swap PTE without the PTL (mutation dup_without_ptl), a fault races it: "
                        "the fault's folio lock still excludes the window, passes",
                        "Faithful twin of folio_put_swap without the folio lock: swap-out holds the folio lock\n"
                        "from set_pte to folio_dup_swap, so even with its PTL dropped the fault, which must lock\n"
                        "the folio before folio_put_swap, never sees the swap PTE uncounted.",
                        config(cx, {"dup_without_ptl"}), mapped_page(),
                        {thread("reclaim", {step("shrink_folio", {{"folio", 0}})}), thread("fault", {fault(0)})},
                        expect_pass(), false);
  f.doc["invariants"] = Json::array({"count_nonnegative", "count_matches_references"});
  return f;
}

ScenarioFile scenario_zap_vs_zap_shared(const Counterexample& cx) {
  return twin("ci->lock", "both sharers of a swap entry are zapped at once", cx, shared_swapped_page(),
              {thread("zap0", {zap(0)}), thread("zap1", {zap(1)})});
}

ScenarioFile scenario_reclaim_vs_fork(const Counterexample& cx) {
  std::vector<Json> state = mapped_page();
  state.push_back(step("new_mm", {{"memcg", 2}}));
  return twin("ci->lock", "reclaim deletes a folio from the swap cache while fork dups its entry", cx, state,
              {thread("reclaim", {step("shrink_folio", {{"folio", 0}})}),
               thread("fork", {step("fork", {{"dst", 1}, {"src", 0}, {"idx", 0}, {"nr", 1}})})});
}

ScenarioFile scenario_reclaim_vs_reclaim(const Counterexample& cx) {
  return twin("the folio lock", "two reclaimers of the same folio", cx, mapped_page(),
              {thread("reclaim0", {step("shrink_folio", {{"folio", 0}})}),
               thread("reclaim1", {step("shrink_folio", {{"folio", 0}})})});
}

ScenarioFile scenario_zap_vs_fault(const Counterexample& cx) {
  return twin("ci->lock", "a zap frees a count-1 slot (the checked free) while a fault adds it to the swap cache", cx,
              swapped_page(), {thread("zap", {zap(0)}), thread("fault", {fault(0)})});
}

ScenarioFile scenario_forks_at_limit(const Counterexample& cx) {
  std::vector<Json> state = shared_swapped_page();
  state.push_back(step("new_mm", {{"memcg", 2}}));
  return twin("ci->lock", "fork needs the extend table while the other sharer is zapped", cx, state,
              {thread("fork", {step("fork", {{"dst", 2}, {"src", 0}, {"idx", 0}, {"nr", 1}})}), thread("zap", {zap(1)})});
}

}  // namespace swapproofs
