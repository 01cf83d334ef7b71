// A split search (cell_search.h) reports the same whatever the number of threads: on every
// program of the plain corpus, stopped at its first violation, the verdict, the counterexample,
// the executions run and the cells are those of one thread, and the violation is one DFS finds.
#include <catch2/catch.hpp>

#include "checker/explore.h"
#include "random_programs.h"

using namespace checker;
using namespace random_programs;

namespace {

Report split(const Spec& spec, unsigned threads) {
  Bounds b;
  b.strategy = Strategy::Dpor;
  b.dpor_pilot = 2;
  b.threads = threads;
  std::set<std::string> finals;
  return explore(program_of(spec, finals), b);
}

}  // namespace

TEST_CASE("a split search stopped at its first violation reports the same on 1, 2 and 4 threads") {
  int violating = 0, split_violating = 0;
  for (std::uint64_t seed = 1; seed <= 120; ++seed) {
    INFO("program seed " << seed);
    const Spec spec = generate(seed, Profile::Blocking);
    Bounds dfs;
    dfs.strategy = Strategy::Dfs;
    const Outcome all = explore_all(spec, dfs);
    const Report one = split(spec, 1);
    CHECK(one.violation.has_value() == !all.violations.empty());
    if (!one.violation) continue;
    ++violating;
    if (one.cells > 1) ++split_violating;
    CHECK(all.violations.count(std::string(verdict_name(one.violation->verdict)) + "|" + one.violation->check + "|" +
                               one.violation->message) == 1);
    for (unsigned threads : {2u, 4u}) {
      INFO(threads << " threads");
      const Report r = split(spec, threads);
      REQUIRE(r.violation.has_value());
      CHECK(r.violation->message == one.violation->message);
      CHECK(r.executions == one.executions);
      CHECK(r.blocked == one.blocked);
      CHECK(r.cells == one.cells);
      REQUIRE(r.counterexample.has_value());
      CHECK(r.counterexample->schedule == one.counterexample->schedule);
      CHECK(r.counterexample->events == one.counterexample->events);
    }
  }
  CHECK(violating > 40);
  CHECK(split_violating >= 8);  // violations found past a split, not only in the first pilot
}
