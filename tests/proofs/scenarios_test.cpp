// The counterexample scenarios checked in under scenarios/proofs/ are exactly what
// swapcheck-prove writes today, and the explorer (checker::explore on the swap model's program
// for each file) meets every file's expectation: the reproducing ones find the violation Z3
// found, the faithful twins pass.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "checker/cli/scenario_loader.h"
#include "model/cli/swap_interface.h"
#include "proofs/claims.h"
#include "proofs/runner.h"

using namespace swapproofs;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(SWAPCHECK_SOURCE_DIR) / "scenarios" / "proofs";

const std::vector<Entry>& refutations() {
  static const std::vector<Entry> all = [] {
    std::vector<Entry> out;
    for (Entry& e : run_selected(all_claims(), {}))
      if (e.scenario) out.push_back(std::move(e));
    return out;
  }();
  return all;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

checker::Report explore(const checker::LoadedScenario& s) {
  checker::Bounds b = s.generic.bounds.resolve();
  return checker::explore(s.model.program, b);
}

}  // namespace

TEST_CASE("scenarios/proofs holds the current counterexample scenarios (regenerate: swapcheck-prove --scenario-dir scenarios/proofs)") {
  std::set<std::string> want;
  for (const Entry& e : refutations()) {
    const std::string file = e.result.obligation.name + ".json";
    want.insert(file);
    INFO(file);
    REQUIRE(fs::exists(kDir / file));
    CHECK(read(kDir / file) == scenario_text(*e.scenario));
  }
  std::set<std::string> have;
  for (const auto& f : fs::directory_iterator(kDir))
    if (f.path().extension() == ".json") have.insert(f.path().filename().string());
  CHECK(have == want);
}

TEST_CASE("every counterexample scenario meets its expectation under the explorer") {
  const swapmodel::SwapModelInterface model;
  std::size_t reproduced = 0;
  for (const Entry& e : refutations()) {
    const std::string path = (kDir / (e.result.obligation.name + ".json")).string();
    INFO(path);
    const checker::LoadedScenario s = checker::load_scenario(path, model);
    const checker::Report r = explore(s);
    INFO((r.violation ? r.violation->check + ": " + r.violation->message : std::string("pass")));
    CHECK(checker::meets(s.generic.expect, r.violation));
    CHECK(e.scenario->reproduces == (s.generic.expect.verdict != checker::Verdict::Pass));
    if (!e.scenario->reproduces) CHECK(r.exhaustive);
    if (e.scenario->reproduces && r.violation) ++reproduced;
  }
  CHECK(reproduced >= 10);
}

// Every refutation of a removed precondition, seed 004's included, writes a scenario: none is
// left with a "no scenario" reason.
TEST_CASE("every refuted precondition has a counterexample scenario") {
  std::size_t refuted = 0;
  for (const Entry& e : run_selected(all_claims(), {})) {
    if (e.result.obligation.removed.empty() || e.result.outcome != Outcome::Refuted) continue;
    INFO(e.result.obligation.name << ": " << e.no_scenario);
    ++refuted;
    CHECK(e.scenario.has_value());
    CHECK(e.no_scenario.empty());
  }
  CHECK(refuted == 45);
}

// A known finding's goal can carry a scenario too: desc.prepare_walk's (finding 9) runs the
// faithful walk in fault vs zap and reproduces.
TEST_CASE("the walk's finding writes a reproducing scenario of the faithful model") {
  const std::vector<Entry> r = run_selected(all_claims(), {"desc.prepare_walk.second.swap_refs_consistent"});
  REQUIRE(r.size() == 1);
  CHECK(r[0].result.outcome == Outcome::Refuted);
  CHECK(r[0].result.obligation.removed.empty());
  REQUIRE(r[0].scenario);
  CHECK(r[0].scenario->reproduces);
  CHECK(r[0].scenario->doc["config"].dump().find("desc_walk_stops_at_hole") == std::string::npos);
  // Written under scenarios/proofs like a precondition's (the files test checks its text).
  CHECK(fs::exists(kDir / "desc.prepare_walk.second.swap_refs_consistent.json"));
}

// The example, spelled out: Z3 refutes put_direct without the swap-out holding the
// PTL, and the scenario it writes (mutation dup_without_ptl) underflows the count in the
// explorer, in the zap, at -1.
TEST_CASE("the refuted dup-without-PTL obligation reproduces as a count underflow in the explorer") {
  const std::vector<Entry> r = run_selected(all_claims(), {"table.put_direct.without_unmap_under_ptl"});
  REQUIRE(r.size() == 1);
  REQUIRE(r[0].scenario);
  CHECK(r[0].scenario->reproduces);
  const swapmodel::SwapModelInterface model;
  const checker::LoadedScenario s =
      checker::load_scenario_text("table.put_direct.without_unmap_under_ptl.json", scenario_text(*r[0].scenario), model);
  const checker::Report rep = explore(s);
  REQUIRE(rep.violation);
  CHECK(rep.verdict == checker::Verdict::Invariant);
  CHECK(rep.violation->check == "count_nonnegative");
  CHECK(rep.violation->message.find("swp(0,1) count is -1") != std::string::npos);
  REQUIRE(rep.counterexample);
  CHECK(rep.counterexample->threads[static_cast<std::size_t>(rep.counterexample->violating_thread)] == "zap");
}
