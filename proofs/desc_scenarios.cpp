// Scenario builders of seed 001's refutations (desc_scenarios.h).
#include "proofs/desc_scenarios.h"

#include <string>
#include <vector>

namespace swapproofs {

namespace {

Json config(const std::vector<std::string>& mutations = {}) {
  Json c = Json::object();
  c["design"] = "vswap_desc";
  if (!mutations.empty()) c["mutations"] = mutations;
  return c;
}

// mm0's page swapped out to vswap(1): swap_refs 2 (one PTE, no pin).
std::vector<Json> swapped_page() {
  return {step("new_mm"), step("map_anon", {{"mm", 0}, {"idx", 0}}), step("swap_out", {{"mm", 0}, {"idx", 0}})};
}

// ... and forked into mm1: swap_refs 4.
std::vector<Json> shared_swapped_page() {
  std::vector<Json> s = swapped_page();
  s.push_back(step("new_mm"));
  s.push_back(step("fork", {{"dst", 1}, {"src", 0}, {"idx", 0}, {"nr", 1}}));
  return s;
}

Json entry_op(const std::string& op) { return step(op, {{"offset", 1}, {"nr", 1}}); }

}  // namespace

ScenarioFile scenario_desc_dup_plain_add(const Counterexample&) {
  return make_scenario("seed 001: swap_duplicate_nr with a plain add instead of atomic_add_unless revives a freed descriptor",
              "In words: the test for 0 read a live swap_refs, the add landed after the last\n"
              "reference was dropped (refs 0, vswap_free done) and made it 2 again.",
              config({"desc_dup_no_add_unless"}), swapped_page(),
              {thread("dup", {step("swap_dup_and_put", {{"offset", 1}})}),
               thread("zap", {step("zap", {{"mm", 0}, {"idx", 0}})})},
              expect_violation("swap_refs_consistent"), true);
}

ScenarioFile scenario_desc_free_cache_only(const Counterexample&) {
  return make_scenario("seed 001: swap_free_nr for a PTE reference the caller does not hold: swap_refs goes wrong",
              "In words: the sub_and_test(2) runs with no PTE reference left (ptes=0); here a\n"
              "second holder frees vswap(1)'s reference after (or before) the zap of its only PTE.",
              config(), swapped_page(),
              {thread("zap", {step("zap", {{"mm", 0}, {"idx", 0}})}), thread("stray_free", {entry_op("swap_free_nr")})},
              expect_violation("swap_refs_consistent"), true);
}

ScenarioFile scenario_desc_clear_without_pin(const Counterexample&) {
  return make_scenario("seed 001: swapcache_clear without holding the cache pin takes a PTE's reference away",
              "In words: dec_and_test on a descriptor with no pin (pins=0): refs becomes odd,\n"
              "claiming a pin nobody holds, and the PTE's count is short by one.",
              config(), swapped_page(), {thread("clear", {entry_op("swapcache_clear")})},
              expect_violation("swap_refs_consistent"), true);
}

ScenarioFile scenario_desc_walk_hole(const Counterexample&) {
  // The faithful walk; fix desc_non_swapcache_batch_fixed only lets do_swap_page reach the
  // large direct swap-in that calls swapcache_prepare(entry, 2) (finding 10: the seed's test
  // never gives a batch of 2).
  Json c = config();
  c["synchronous_io"] = 1;
  c["fixes"] = std::vector<std::string>{"desc_non_swapcache_batch_fixed"};
  return make_scenario(
      "seed 001: swapcache_prepare's walk skips the range's freed first entry and keeps the second's pin after -ENOENT",
      "In words: an order-1 page swapped out as vswap(1), vswap(2); the fault picks its order-1 folio,\n"
      "a zap frees vswap(1) (a hole in vswap_map), xas_for_each pins vswap(2) as if it were the\n"
      "first entry (i = 1), and swapcache_clear(entry, 1) walks vswap(1)'s index only: -ENOENT with\n"
      "vswap(2)'s pin kept, nobody's (finding 9; fix desc_walk_stops_at_hole,\n"
      "scenarios/desc/findings/desc_thp_swapin_vs_zap_fixed.json).",
      c,
      {step("new_mm"), step("map_anon", {{"mm", 0}, {"idx", 0}, {"order", 1}}), step("swap_out", {{"mm", 0}, {"idx", 0}})},
      {thread("fault", {step("do_swap_page", {{"mm", 0}, {"idx", 1}})}), thread("zap", {step("zap", {{"mm", 0}, {"idx", 0}})})},
      expect_violation("swap_refs_consistent"), true);
}

ScenarioFile scenario_desc_prepare_race(const Counterexample&) {
  return make_scenario("two faults race through swapcache_prepare's cmpxchg loop on one entry, cmpxchg kept: passes",
              "Faithful twin: the model's swapcache_prepare always loops on atomic_try_cmpxchg, so the\n"
              "explorer checks that the lost pin Z3 finds without it does not happen with it.",
              config(), shared_swapped_page(),
              {thread("fault0", {step("do_swap_page", {{"mm", 0}, {"idx", 0}})}),
               thread("fault1", {step("do_swap_page", {{"mm", 1}, {"idx", 0}})})},
              expect_pass(), false);
}

}  // namespace swapproofs
