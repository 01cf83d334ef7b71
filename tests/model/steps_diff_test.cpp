// Every kernel path is also its single steps (issue 11 item 2): each scenario of
// scenarios/table/steps/ and scenarios/vswap/steps/ that writes a whole path out as its steps
// (do_swap_page, zap_pte_range's swap branch, reclaim, the memcg charge, zswap writeback,
// swapoff's try_to_unuse loop down to unuse_pte) is explored next to its twin: the same file
// with that thread's steps replaced by the whole path. Both must reach the same set of final
// states (model/state_digest.h: page tables, folios, devices, clusters and their slots, memcgs,
// zswap, vswap), with the same verdict, in the same number of executions and events: the steps
// call the model functions the whole path calls, in the same order, and add no scheduling point.
//
// The comparison can fail: a step cut (__swap_cache_alloc's re-check) gives a violation the
// whole path does not have, and a step changed or dropped without any invariant noticing (the
// shadow reclaim leaves, the fault's folio_free_swap) still gives other final states.
#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "checker/cli/scenario_loader.h"
#include "checker/explore.h"
#include "model/cli/swap_interface.h"
#include "model/model.h"
#include "model/state_digest.h"

namespace {

using nlohmann::json;

const std::string kScenarios = std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios/";

struct FinalStates {
  checker::Report report;
  std::set<std::string> states;  // state_digest at every execution's quiescence
};

// Explores a scenario (its own bounds) and collects the final state of every execution that
// reached quiescence.
FinalStates explore_final_states(const std::string& file, const std::string& text) {
  const swapmodel::SwapModelInterface model;
  const checker::LoadedScenario s = checker::load_scenario_text(file, text, model);
  auto states = std::make_shared<std::set<std::string>>();
  const checker::Program inner = s.model.program;
  const checker::Program p{[inner, states](checker::Execution& ex) {
    inner.setup(ex);
    ex.add_invariant(checker::InvariantDef{"final_state", checker::Verdict::Invariant, checker::CheckWhen::Quiescence, [states] {
                                             states->insert(swapmodel::state_digest(swapmodel::model()));
                                             return std::optional<std::string>{};
                                           }});
  }};
  FinalStates out{checker::explore(p, s.generic.bounds.resolve()), {}};
  out.states = *states;
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json parse(const std::string& text) { return json::parse(text, nullptr, true, /*ignore_comments=*/true); }

// The scenario with thread `thread`'s steps replaced by `steps` (JSON).
std::string with_thread_steps(const std::string& text, std::size_t thread, const std::string& steps) {
  json d = parse(text);
  d["threads"].at(thread)["steps"] = parse(steps);
  return d.dump(2);
}

// Removes every step (at any depth) calling `op`, and an "if" left with nothing to do; returns
// how many calls it removed.
int remove_op(json& steps, const std::string& op) {
  int removed = 0;
  json kept = json::array();
  for (json& s : steps) {
    if (s.contains("op") && s["op"] == op && !s.contains("label")) {
      ++removed;
      continue;
    }
    for (const char* branch : {"then", "else"})
      if (s.contains(branch)) removed += remove_op(s[branch], op);
    if (s.contains("else") && s["else"].empty()) s.erase("else");
    if (s.contains("if") && s["then"].empty() && !s.contains("else") && !s.contains("label")) continue;
    kept.push_back(s);
  }
  steps = kept;
  return removed;
}

std::string describe(const FinalStates& f) {
  std::string s = std::string(checker::verdict_name(f.report.verdict)) + ", " + std::to_string(f.report.executions) +
                  " executions, " + std::to_string(f.states.size()) + " final states";
  if (f.report.violation) s += ": " + f.report.violation->check + ": " + f.report.violation->message;
  return s;
}

// The first final state one side has and the other lacks, for the failure message.
std::string first_difference(const FinalStates& a, const FinalStates& b) {
  for (const std::string& s : a.states)
    if (!b.states.count(s)) return "only with the steps:\n" + s;
  for (const std::string& s : b.states)
    if (!a.states.count(s)) return "only with the whole path:\n" + s;
  return "";
}

struct Twin {
  const char* file;     // under scenarios/
  std::size_t thread;   // the thread written out as steps
  const char* whole;    // the whole path it spells
};

// Each steps scenario and the whole path its thread spells.
const Twin kTwins[] = {
    {"table/steps/fault_as_steps_vs_zap.json", 0, R"([{"op": "do_swap_page", "mm": 0, "idx": 0}])"},
    {"table/steps/fault_as_steps_vs_swapoff.json", 0, R"([{"op": "do_swap_page", "mm": 0, "idx": 0}])"},
    {"table/steps/fault_as_steps_vs_fault.json", 0, R"([{"op": "do_swap_page", "mm": 0, "idx": 0}])"},
    {"table/steps/fault_charge_fails_as_steps_vs_zap.json", 0, R"([{"op": "do_swap_page", "mm": 0, "idx": 0}])"},
    {"table/steps/zap_as_steps_vs_fault.json", 1, R"([{"op": "zap", "mm": 1, "idx": 0}])"},
    {"table/steps/zap_as_steps_vs_fault_same_pte.json", 0, R"([{"op": "zap", "mm": 0, "idx": 0}])"},
    {"table/steps/swapout_as_steps_vs_zap.json", 0, R"([{"op": "swap_out", "mm": 0, "idx": 1}])"},
    {"table/steps/swapout_memcg_steps_vs_memcg_off.json", 0, R"([{"op": "swap_out", "mm": 0, "idx": 1}])"},
    {"table/steps/swapout_memcg_steps_at_limit_vs_memcg_off.json", 0, R"([{"op": "swap_out", "mm": 0, "idx": 1}])"},
    {"table/steps/zswap_wb_as_steps_vs_fault.json", 1, R"([{"op": "zswap_shrink"}])"},
    {"table/steps/swapoff_as_steps_vs_fault.json", 1, R"([{"op": "swapoff"}])"},
    {"table/steps/swapoff_as_steps_vs_zap.json", 1, R"([{"op": "swapoff"}])"},
    {"table/steps/swapoff_unuse_steps_vs_fault.json", 1, R"([{"op": "swapoff"}])"},
    {"vswap/steps/fault_as_steps_vs_zap.json", 0, R"([{"op": "do_swap_page", "mm": 0, "idx": 0}])"},
    {"vswap/steps/fault_as_steps_vs_swapout.json", 0, R"([{"op": "do_swap_page", "mm": 0, "idx": 0}])"},
    {"vswap/steps/zap_as_steps_vs_fault.json", 1, R"([{"op": "zap", "mm": 0, "idx": 0}])"},
    {"vswap/steps/swapout_as_steps_vs_fault.json", 1, R"([{"op": "swap_out", "mm": 0, "idx": 1}])"},
    {"vswap/steps/zswap_wb_as_steps_vs_swapoff.json", 0, R"([{"op": "zswap_shrink"}])"},
    {"vswap/steps/swapoff_as_steps_vs_zswap_wb.json", 1, R"([{"op": "swapoff", "type": 0}])"},
    {"vswap/steps/swapoff_as_steps_vs_zap.json", 1, R"([{"op": "swapoff", "type": 0}])"},
};

const Twin& twin(const std::string& file) {
  for (const Twin& t : kTwins)
    if (file == t.file) return t;
  FAIL("no twin for " << file);
  return kTwins[0];
}

// The steps file and its whole twin, both explored.
std::pair<FinalStates, FinalStates> explore_pair(const Twin& t, const std::string& steps_text) {
  const std::string whole_text = with_thread_steps(steps_text, t.thread, t.whole);
  return {explore_final_states(std::string(t.file), steps_text), explore_final_states(std::string(t.file) + " (whole)", whole_text)};
}

}  // namespace

TEST_CASE("steps: each path written out as its steps reaches the whole path's final states") {
  for (const Twin& t : kTwins) {
    const std::string text = read_file(kScenarios + t.file);
    const auto [steps, whole] = explore_pair(t, text);
    INFO(t.file << "\n  steps: " << describe(steps) << "\n  whole: " << describe(whole) << "\n"
                << first_difference(steps, whole));
    CHECK(whole.report.verdict == checker::Verdict::Pass);
    CHECK(whole.report.exhaustive);
    CHECK(steps.report.verdict == whole.report.verdict);
    CHECK(steps.report.exhaustive);
    CHECK(!whole.states.empty());
    CHECK(steps.states == whole.states);
    // The steps add no scheduling point and remove none: the same search.
    CHECK(steps.report.executions == whole.report.executions);
    CHECK(steps.report.events == whole.report.events);
  }
}

TEST_CASE("steps: the pairs reach more than one final state, so the comparison is not trivial") {
  // The interleavings matter in these: a comparison of one state each would show little.
  for (const char* file : {"table/steps/fault_as_steps_vs_swapoff.json", "table/steps/zap_as_steps_vs_fault_same_pte.json",
                           "table/steps/fault_as_steps_vs_fault.json", "vswap/steps/zswap_wb_as_steps_vs_swapoff.json"}) {
    const Twin& t = twin(file);
    const auto [steps, whole] = explore_pair(t, read_file(kScenarios + t.file));
    INFO(file << ": " << describe(steps));
    CHECK(steps.states.size() > 1);
  }
}

TEST_CASE("steps: cutting __swap_cache_alloc's re-check is a violation the whole fault does not have") {
  // scenarios/table/steps/fault_without_recheck_vs_fault.json is fault_as_steps_vs_fault.json
  // without the __swap_cache_add_check under the cluster lock (seed 002): the mutation
  // swap_cache_alloc_no_recheck written as a missing step.
  const std::string text = read_file(kScenarios + "table/steps/fault_without_recheck_vs_fault.json");
  const std::string with_recheck = read_file(kScenarios + "table/steps/fault_as_steps_vs_fault.json");
  json cut = parse(with_recheck)["threads"][0]["steps"];
  CHECK(remove_op(cut, "__swap_cache_add_check") == 2);  // order 1 and order 0
  CHECK(parse(text)["threads"][0]["steps"].dump().find("__swap_cache_add_check") == std::string::npos);

  const Twin t{"table/steps/fault_without_recheck_vs_fault.json", 0, R"([{"op": "do_swap_page", "mm": 0, "idx": 0}])"};
  const auto [steps, whole] = explore_pair(t, text);
  INFO("steps: " << describe(steps) << "\nwhole: " << describe(whole));
  CHECK(whole.report.verdict == checker::Verdict::Pass);
  REQUIRE(steps.report.violation);
  CHECK(steps.report.verdict == checker::Verdict::Invariant);
  CHECK(steps.report.violation->check == "swapcache_changed_under_folio_lock");
}

TEST_CASE("steps: a step changed or dropped without a violation still changes the final states") {
  SECTION("reclaim deletes its folio from the swap cache with shadow 0 instead of the workingset's 1") {
    const Twin& t = twin("table/steps/swapout_as_steps_vs_zap.json");
    std::string text = read_file(kScenarios + t.file);
    const std::string from = R"("shadow": 1)";
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), R"("shadow": 0)");
    const auto [steps, whole] = explore_pair(t, text);
    INFO("steps: " << describe(steps) << "\nwhole: " << describe(whole));
    CHECK(steps.report.verdict == checker::Verdict::Pass);
    CHECK(whole.report.verdict == checker::Verdict::Pass);
    CHECK(steps.states != whole.states);
  }
  SECTION("the fault keeps the swap cache: should_try_to_free_swap's folio_free_swap is dropped") {
    // A write fault frees the swap cache after mapping when it is the only user.
    const Twin& t = twin("table/steps/fault_as_steps_vs_zap.json");
    json d = parse(read_file(kScenarios + t.file));
    json& steps = d["threads"][0]["steps"];
    for (json& s : steps)
      if (s.contains("op") && s["op"] == "should_try_to_free_swap") s["write"] = 1;
    const std::string write_fault = d.dump(2);
    const Twin w{t.file, t.thread, R"([{"op": "do_swap_page", "mm": 0, "idx": 0, "write": 1}])"};
    const auto [same, whole] = explore_pair(w, write_fault);
    INFO("write fault as steps: " << describe(same) << "\nwhole: " << describe(whole));
    CHECK(same.states == whole.states);  // the write fault written out is still the same
    CHECK(remove_op(steps, "folio_free_swap") == 1);
    const auto [cut, whole2] = explore_pair(w, d.dump(2));
    INFO("without folio_free_swap: " << describe(cut));
    CHECK(cut.report.verdict == checker::Verdict::Pass);
    CHECK(cut.states != whole2.states);
  }
}

namespace {

// One thread on one mapped page (folio 0 at mm0[0], memcg 2), explored (one execution).
std::string one_page(const std::string& name, const std::string& steps) {
  return R"({"name": ")" + name + R"(", "expect": {"verdict": "pass"}, "config": {"memcgs": 2},
    "state": [{"op": "new_mm", "memcg": 2}, {"op": "map_anon", "mm": 0, "idx": 0, "memcg": 2}],
    "threads": [{"name": "t", "steps": [)" + steps + "]}]}";
}

}  // namespace

TEST_CASE("steps: the allocator's scan as its steps puts the folio in the swap cache at the slot it scanned") {
  // alloc_swap_scan_cluster's steps on cluster 0 under the local lock: cluster_scan_range finds
  // slot 1 free, __swap_cluster_alloc_entries adds the folio there, relocate_cluster; then the
  // charge as folio_alloc_swap makes it.
  const std::string steps = R"(
    {"op": "folio_trylock", "folio": 0, "as": "locked"}, {"assert": "$locked"},
    {"op": "percpu_swap_cluster_lock"},
    {"op": "cluster_lock", "offset": 1, "as": "ci"}, {"assert": "$ci"},
    {"op": "cluster_is_usable", "offset": 1, "as": "usable"}, {"assert": "$usable"},
    {"op": "cluster_scan_range", "offset": 1, "nr": 1, "as": "free"}, {"assert": ["$free", "==", 1]},
    {"op": "__swap_cluster_alloc_entries", "offset": 1, "folio": 0, "as": "ok"}, {"assert": "$ok"},
    {"op": "relocate_cluster", "offset": 1},
    {"op": "cluster_unlock", "offset": 1},
    {"op": "percpu_swap_cluster_unlock"},
    {"op": "folio_swap", "folio": 0, "as": "swp"},
    {"op": "swp_offset", "swp": "$swp", "as": "off"}, {"assert": ["$off", "==", 1]},
    {"op": "mem_cgroup_try_charge_swap", "folio": 0, "as": "err"}, {"assert": ["$err", "==", 0]},
    {"op": "swap_table_get", "offset": 1, "as": "tb"},
    {"op": "swp_tb_is_folio", "tb": "$tb", "as": "cached"}, {"assert": "$cached"},
    {"op": "swp_tb_get_count", "tb": "$tb", "as": "count"}, {"assert": ["$count", "==", 0]},
    {"op": "folio_unlock", "folio": 0})";
  const FinalStates f = explore_final_states("alloc_scan_steps", one_page("alloc_scan_steps", steps));
  INFO(describe(f));
  CHECK(f.report.verdict == checker::Verdict::Pass);
  CHECK(f.states.size() == 1);
}

TEST_CASE("steps: the memcg steps undo each other: id get and charge, then uncharge") {
  // mem_cgroup_uncharge_swap is what the free path does for a slot recording memcg 2: it drops
  // what mem_cgroup_private_id_get_online and page_counter_try_charge took, so the final state
  // is the one without any of them. Without the uncharge the charge recorded by no slot is
  // charge_balanced's violation.
  const std::string nothing = R"({"op": "folio_memcg", "folio": 0, "as": "memcg"})";
  const std::string get = nothing + R"(,
    {"op": "mem_cgroup_private_id_get_online", "memcg": "$memcg", "nr": 1, "as": "id"}, {"assert": ["$id", "==", 2]},
    {"op": "page_counter_try_charge", "memcg": "$id", "nr": 1, "as": "ok"}, {"assert": "$ok"})";
  const std::string undone = get + R"(, {"op": "mem_cgroup_uncharge_swap", "memcg": "$id", "nr": 1})";
  const FinalStates base = explore_final_states("nothing", one_page("nothing", nothing));
  const FinalStates charged = explore_final_states("charged", one_page("charged", get));
  const FinalStates back = explore_final_states("undone", one_page("undone", undone));
  INFO(describe(base) << "\n" << describe(charged) << "\n" << describe(back));
  CHECK(base.report.verdict == checker::Verdict::Pass);
  CHECK(back.report.verdict == checker::Verdict::Pass);
  CHECK(back.states == base.states);
  REQUIRE(charged.report.violation);
  CHECK(charged.report.violation->check == "charge_balanced");
}
