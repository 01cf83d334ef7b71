#include <catch2/catch.hpp>

#include "checker/atomic.h"
#include "checker/explore.h"

using namespace checker;

namespace {

// The check fails only if `observer` runs between the writer's two stores: with the writer
// first that is a switch away from a runnable writer, one preemption; with the observer first
// it never sees 1.
Program needs_one_preemption() {
  struct Word {
    Atomic<int> a{ObjectName{"a"}};
  };
  return Program{[](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Word>());
    ex.spawn("writer", [&w] {
      w.a.store(1);
      w.a.store(0);
    });
    ex.spawn("observer", [&w] { check(w.a.load() == 0, "observer saw the transient 1"); });
  }};
}

}  // namespace

TEST_CASE("preemption bounding finds a one-preemption bug at bound 1 and not at bound 0") {
  Bounds b;
  b.strategy = Strategy::Bounded;
  b.preemption_bound = 0;
  Report zero = explore(needs_one_preemption(), b);
  CHECK(zero.verdict == Verdict::Pass);
  CHECK_FALSE(zero.exhaustive);
  CHECK(zero.stop == StopReason::PreemptionBound);
  CHECK(zero.executions == 2);  // writer then observer, observer then writer

  b.preemption_bound = 3;
  Report one = explore(needs_one_preemption(), b);
  CHECK(one.verdict == Verdict::Assertion);
  CHECK(one.preemption_bound_reached == 1);
  REQUIRE(one.counterexample);
  CHECK(one.counterexample->preemptions == 1);
  CHECK(one.violation->message == "observer saw the transient 1");
}
