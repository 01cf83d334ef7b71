// Scenario builders of seed 004's refutations (vswap_scenarios.h).
#include "proofs/vswap_scenarios.h"

#include <string>
#include <vector>

namespace swapproofs {

namespace {

constexpr int kVswapType = 30;  // model/kernel.h
constexpr int kFirstVswapSlot = 4;  // xarray index 1, slot 0 (cluster 0 holds the Bad header)

// zswap off: a swap-out gives the vswap slot physical backing swp(0,1).
Json config(bool zswap, const std::vector<std::string>& fixes = {}) {
  Json c = Json::object();
  c["memcgs"] = 1;
  c["vswap"] = 1;
  c["zswap"] = zswap ? 1 : 0;
  if (!fixes.empty()) c["fixes"] = fixes;
  return c;
}

std::vector<Json> mapped_page() {
  return {step("new_mm", {{"memcg", 2}}), step("map_anon", {{"mm", 0}, {"idx", 0}, {"memcg", 2}})};
}

Json swap_out(int idx = 0) { return step("swap_out", {{"mm", 0}, {"idx", idx}}); }
Json zap(int mm) { return step("zap", {{"mm", mm}, {"idx", 0}}); }
Json fault(int mm) { return step("do_swap_page", {{"mm", mm}, {"idx", 0}}); }
Json shrink(int folio) { return step("shrink_folio", {{"folio", folio}}); }

// mm0's page swapped out to vswap(30,4): count 1, Shadow.
std::vector<Json> swapped_page() {
  std::vector<Json> s = mapped_page();
  s.push_back(swap_out());
  return s;
}

// ... faulted back in (folio 1): cached, count 0, mapped; with zswap off the physical backing
// is kept for reuse and its rmap word is marked SWP_RMAP_CACHE_ONLY.
std::vector<Json> faulted_back() {
  std::vector<Json> s = swapped_page();
  s.push_back(fault(0));
  return s;
}

ScenarioFile twin(const std::string& lock, const std::string& race, Json cfg, std::vector<Json> state, std::vector<Json> threads,
                  const std::vector<std::string>& invariants = {}) {
  ScenarioFile f = make_scenario(race + ", " + lock + " kept: passes",
                                 "Faithful twin: the model always takes " + lock + " here, so the explorer checks\n"
                                 "that the race Z3 needs the missing precondition for does not happen with it.",
                                 std::move(cfg), std::move(state), std::move(threads), expect_pass(), false);
  if (!invariants.empty()) f.doc["invariants"] = invariants;
  return f;
}

}  // namespace

// --- reproducing ----------------------------------------------------------------------------------

ScenarioFile scenario_vswap_put_without_reference(const Counterexample&) {
  return make_scenario("seed 004: folio_put_swap on a vswap slot for a swap PTE that was zapped meanwhile: the count goes below zero",
                       "In words: the put runs on a slot with count 0 (Z3's smallest is a free slot); the PTL\n"
                       "would have kept the swap PTE whose reference it drops. Here the fault's folio is in the\n"
                       "swap cache and locked (folio 1), the PTE is zapped (count 1 -> 0, the slot stays cached),\n"
                       "then folio_put_swap runs anyway.",
                       config(true), swapped_page(),
                       {thread("fault", {step("swap_cache_alloc_folio", {{"type", kVswapType}, {"offset", kFirstVswapSlot}, {"memcg", 2}}),
                                         zap(0), step("folio_put_swap", {{"folio", 1}})})},
                       expect_violation("count_nonnegative"), true);
}

ScenarioFile scenario_vswap_evict_unwritten(const Counterexample&) {
  Json cfg = config(false);
  cfg["memcg_limits"] = Json::array({Json{{"memcg", 2}, {"swap_max", 0}}});
  return make_scenario("seed 004: a vswap folio leaves the swap cache before any backend holds its data: the page is lost",
                       "In words: the slot has a count (the swap PTE) and no backend (vt NONE, no zero flag)\n"
                       "when the folio is deleted. Here swap_writeout could not back it (memcg 2 may not use\n"
                       "physical swap, zswap off: folio_realloc_swap's charge fails and the folio stays cached\n"
                       "and dirty), and the folio is deleted from the swap cache anyway.",
                       cfg, swapped_page(),
                       {thread("stray_del", {step("folio_lock", {{"folio", 0}}), step("swap_cache_del_folio", {{"folio", 0}}),
                                             step("folio_unlock", {{"folio", 0}})})},
                       expect_violation("data_preserved"), true);
}

ScenarioFile scenario_vswap_realloc_with_zero(const Counterexample&) {
  std::vector<Json> state = mapped_page();
  state.push_back(step("write", {{"mm", 0}, {"idx", 0}, {"zero", 1}}));
  state.push_back(swap_out());
  return make_scenario("seed 004: folio_realloc_swap on a zero-flagged vswap slot: SWAPFILE and the zero flag at once",
                       "In words: swap_writeout clears the zero flag before folio_realloc_swap; without that\n"
                       "the slot ends with a backend and Z (two copies of the data that can disagree). Here a\n"
                       "zero-filled page is swapped out (Z set, no backend), read into the swap cache (folio 1,\n"
                       "locked) and given physical backing directly.",
                       config(false), state,
                       {thread("swapin", {step("swap_cache_alloc_folio", {{"type", kVswapType}, {"offset", kFirstVswapSlot}, {"memcg", 2}}),
                                          step("vswap_realloc", {{"folio", 1}})})},
                       expect_violation("vtable_state_valid"), true);
}

// --- faithful twins -------------------------------------------------------------------------------

ScenarioFile scenario_vswap_dup_vs_put(const Counterexample&) {
  return twin("the vswap ci->lock", "reclaim's unmap dups a cache-only, physically backed vswap slot (clearing "
              "SWP_RMAP_CACHE_ONLY) while a zap puts it (marking it)",
              config(false), faulted_back(), {thread("reclaim", {swap_out()}), thread("zap", {zap(0)})});
}

ScenarioFile scenario_vswap_zap_vs_zap_shared(const Counterexample&) {
  std::vector<Json> state = swapped_page();
  state.push_back(step("new_mm", {{"memcg", 2}}));
  state.push_back(step("fork", {{"dst", 1}, {"src", 0}, {"idx", 0}, {"nr", 1}}));
  return twin("the vswap ci->lock", "both sharers of a physically backed vswap entry are zapped at once", config(false), state,
              {thread("zap0", {zap(0)}), thread("zap1", {zap(1)})});
}

ScenarioFile scenario_vswap_reclaim_vs_reclaim(const Counterexample&) {
  return twin("the folio lock", "two reclaimers of the same folio, each reaching folio_realloc_swap", config(false), mapped_page(),
              {thread("reclaim0", {shrink(0)}), thread("reclaim1", {shrink(0)})});
}

ScenarioFile scenario_vswap_zswap_load_vs_zap(const Counterexample&) {
  return twin("the folio lock", "a fault loads a zswap-backed vswap page (releasing the backing) while the page is zapped",
              config(true, {"vswap_backend_flag_rcu"}), swapped_page(), {thread("fault", {fault(0)}), thread("zap", {zap(0)})});
}

ScenarioFile scenario_vswap_zswap_store_vs_fault(const Counterexample&) {
  return twin("the folio lock", "reclaim stores a page to zswap through the vswap device while a fault on it runs", config(true),
              mapped_page(), {thread("reclaim", {swap_out()}), thread("fault", {fault(0)})});
}

ScenarioFile scenario_vswap_zero_writeout_vs_fault(const Counterexample&) {
  std::vector<Json> state = mapped_page();
  state.push_back(step("write", {{"mm", 0}, {"idx", 0}, {"zero", 1}}));
  return twin("the folio lock", "reclaim writes a zero-filled page out (release, then the zero flag) while a fault on it runs",
              config(false), state, {thread("reclaim", {swap_out()}), thread("fault", {fault(0)})});
}

ScenarioFile scenario_vswap_record_race(const Counterexample&) {
  std::vector<Json> state = mapped_page();
  state.push_back(step("map_anon", {{"mm", 0}, {"idx", 1}, {"memcg", 2}}));
  return twin("the vswap ci->lock", "two swap-outs through the vswap device record memcg 2 at once (ids only on fresh slots)",
              config(true), state, {thread("reclaim0", {swap_out(0)}), thread("reclaim1", {swap_out(1)})}, {"charge_balanced"});
}

ScenarioFile scenario_vswap_recharge_race(const Counterexample&) {
  return twin("the folio lock", "two reclaimers of a faulted-back folio whose vswap slot keeps its physical backing (no second charge)",
              config(false), faulted_back(), {thread("reclaim0", {shrink(1)}), thread("reclaim1", {shrink(1)})}, {"charge_balanced"});
}

ScenarioFile scenario_vswap_uncharge_race(const Counterexample&) {
  Json cfg = config(false);
  cfg["clusters"] = 1;
  cfg["ptes_per_mm"] = 1;
  return twin("the vswap ci->lock", "swapoff releases a vswap page's physical backing (uncharging it) while the page is zapped",
              cfg, swapped_page(), {thread("swapoff", {step("swapoff", {{"type", 0}})}), thread("zap", {zap(0)})},
              {"charge_balanced"});
}

ScenarioFile scenario_vswap_id_put_race(const Counterexample&) {
  return twin("the vswap ci->lock", "a zap frees a physically backed vswap slot (release, then the id put) while a fault reads it",
              config(false, {"vswap_backend_flag_rcu"}), swapped_page(), {thread("fault", {fault(0)}), thread("zap", {zap(0)})},
              {"charge_balanced"});
}

}  // namespace swapproofs
