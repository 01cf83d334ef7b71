// Scenario builders of the memcg refutations (memcg_scenarios.h).
#include "proofs/memcg_scenarios.h"

#include <string>
#include <vector>

namespace swapproofs {

namespace {

Json config(const Counterexample& cx) {
  Json c = Json::object();
  c["memcgs"] = 1;
  if (cx.flag("v1")) c["memcg"] = "v1";
  if (const auto max = cx.integer("swap_max"); max && *max >= 0)
    c["memcg_limits"] = Json::array({Json{{"memcg", 2}, {"swap_max", *max}}});
  return c;
}

std::vector<Json> pages(int n) {
  std::vector<Json> s{step("new_mm", {{"memcg", 2}})};
  for (int i = 0; i < n; ++i) s.push_back(step("map_anon", {{"mm", 0}, {"idx", i}, {"memcg", 2}}));
  return s;
}

ScenarioFile twin(const std::string& race, const std::string& lock, Json cfg, std::vector<Json> state, std::vector<Json> threads) {
  ScenarioFile f = make_scenario(race + ", " + lock + ": passes",
                                 "Faithful twin: the model keeps " + lock + ", so the explorer checks that the\n"
                                 "double count Z3 finds without it does not happen with it.",
                                 std::move(cfg), std::move(state), std::move(threads), expect_pass(), false);
  f.doc["invariants"] = Json::array({"charge_balanced"});
  return f;
}

Json swap_out(int idx) { return step("swap_out", {{"mm", 0}, {"idx", idx}}); }

}  // namespace

ScenarioFile scenario_charge_race(const Counterexample& cx) {
  return twin("two swap-outs charge memcg 2 at once", "ids recorded only on freshly allocated slots", config(cx), pages(2),
              {thread("reclaim0", {swap_out(0)}), thread("reclaim1", {swap_out(1)})});
}

ScenarioFile scenario_uncharge_race(const Counterexample& cx) {
  std::vector<Json> state = pages(1);
  state.push_back(swap_out(0));
  state.push_back(step("new_mm", {{"memcg", 2}}));
  state.push_back(step("fork", {{"dst", 1}, {"src", 0}, {"idx", 0}, {"nr", 1}}));
  return twin("both sharers of a swapped-out page are zapped at once", "each slot's id cleared once under ci->lock",
              config(cx), state,
              {thread("zap0", {step("zap", {{"mm", 0}, {"idx", 0}})}), thread("zap1", {step("zap", {{"mm", 1}, {"idx", 0}})})});
}

ScenarioFile scenario_swapout_v1_race(const Counterexample& cx) {
  return twin("a cgroup v1 swap-out races a fault on its page", "ids recorded only on freshly allocated slots", config(cx),
              pages(1), {thread("reclaim", {swap_out(0)}), thread("fault", {step("do_swap_page", {{"mm", 0}, {"idx", 0}})})});
}

}  // namespace swapproofs
