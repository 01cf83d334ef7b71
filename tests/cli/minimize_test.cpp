// Fewest preemptions (checker/cli/minimize.h), on toy scenarios loaded as the CLI loads them.
#include <catch2/catch.hpp>

#include "checker/cli/minimize.h"
#include "checker/cli/scenario_loader.h"
#include "toy_model.h"

using namespace checker;

namespace {

LoadedScenario load(const std::string& threads) {
  return load_scenario_text("m.json",
                            "{\"name\": \"m\", \"threads\": " + threads +
                                ", \"expect\": {\"verdict\": \"pass\"}, \"bounds\": {\"detect_data_races\": false}}",
                            toy::ToyModel{});
}

// The first seed whose random walk ends in `check` with at least `min_preemptions`.
std::optional<Trace> random_counterexample(const Program& p, const std::string& check, std::uint32_t min_preemptions) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    Bounds b;
    b.strategy = Strategy::Random;
    b.seed = seed;
    b.max_executions = 200;
    const Report r = explore(p, b);
    if (r.violation && r.violation->check == check && r.counterexample->preemptions >= min_preemptions)
      return r.counterexample;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("a lost update found with many preemptions is re-found with one") {
  const LoadedScenario s = load(R"([{"name": "a", "steps": [{"op": "racy_increment", "repeat": 3}]},
                                    {"name": "b", "steps": [{"op": "racy_increment", "repeat": 3}]}])");
  const auto found = random_counterexample(s.model.program, "no_lost_update", 3);
  REQUIRE(found);
  const MinimizeResult m = minimize_preemptions(s.model.program, Bounds{}, *found, 100'000, {});
  CHECK(m.attempted);
  CHECK(m.proven);
  CHECK(m.from == found->preemptions);
  CHECK(m.to == 1);
  REQUIRE(m.trace);
  CHECK(m.trace->preemptions == 1);
  CHECK(m.trace->violation.check == "no_lost_update");
  CHECK(m.trace->strategy == "bounded");
}

TEST_CASE("when a different violation needs fewer preemptions, the same one is still looked for") {
  // c's assertion fails with no preemption at all (run a or b first); the lost update between a
  // and b needs one. Minimising the lost update must not settle for the assertion.
  const LoadedScenario s = load(R"([{"name": "a", "steps": [{"op": "racy_increment", "repeat": 2}]},
                                    {"name": "b", "steps": [{"op": "racy_increment", "repeat": 2}]},
                                    {"name": "c", "steps": ["assert_zero"]}])");
  const auto found = random_counterexample(s.model.program, "no_lost_update", 2);
  REQUIRE(found);
  Bounds first_bounded;
  first_bounded.strategy = Strategy::Bounded;
  first_bounded.preemption_bound = found->preemptions - 1;
  REQUIRE(explore(s.model.program, first_bounded).violation->verdict == Verdict::Assertion);
  const MinimizeResult m = minimize_preemptions(s.model.program, Bounds{}, *found, 100'000, {});
  CHECK(m.proven);
  REQUIRE(m.trace);
  CHECK(m.trace->violation.check == "no_lost_update");
  CHECK(m.to == 1);
}

TEST_CASE("a minimisation that runs out of budget says the count is not proven") {
  const LoadedScenario s = load(R"([{"name": "a", "steps": [{"op": "racy_increment", "repeat": 3}]},
                                    {"name": "b", "steps": [{"op": "racy_increment", "repeat": 3}]}])");
  const auto found = random_counterexample(s.model.program, "no_lost_update", 3);
  REQUIRE(found);
  const MinimizeResult m = minimize_preemptions(s.model.program, Bounds{}, *found, 1, {});
  CHECK(m.attempted);
  CHECK_FALSE(m.proven);
  CHECK(m.executions == 1);
  CHECK(m.to == m.from);
  CHECK_FALSE(m.trace);
}
