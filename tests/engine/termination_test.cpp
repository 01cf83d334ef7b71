#include <catch2/catch.hpp>

#include "checker/atomic.h"
#include "checker/explore.h"

using namespace checker;

TEST_CASE("a thread spinning on a flag nobody sets is reported as non-termination") {
  struct Flag {
    Atomic<int> set{ObjectName{"flag"}};
  };
  Program p{[](Execution& ex) {
    auto& f = ex.keep(std::make_unique<Flag>());
    ex.spawn("spinner", [&f] {
      while (f.set.load() == 0) {
      }
    });
  }};
  for (Strategy s : {Strategy::Dfs, Strategy::Dpor, Strategy::Bounded, Strategy::Random, Strategy::Pct}) {
    INFO(strategy_name(s));
    Bounds b;
    b.strategy = s;
    b.step_bound = 50;
    Report r = explore(p, b);
    CHECK(r.verdict == Verdict::NonTermination);
    REQUIRE(r.violation);
    CHECK(r.violation->message == "spinner did not finish within 50 steps");
    REQUIRE(r.counterexample);
    CHECK(r.counterexample->events.size() == 50);
  }
}
