// Lost update: two unsynchronised read-increment-write sequences on a plain Var.
#include <catch2/catch.hpp>

#include "checker/explore.h"
#include "checker/lock.h"
#include "checker/var.h"

using namespace checker;

namespace {

struct Counter {
  Var<int> value{ObjectName{"counter"}};
  SpinLock lock{ObjectName{"lock"}};
};

Program increments(int threads, bool locked) {
  return Program{[=](Execution& ex) {
    auto& c = ex.keep(std::make_unique<Counter>());
    for (int i = 0; i < threads; ++i)
      ex.spawn("t" + std::to_string(i), [&c, locked] {
        if (locked) c.lock.lock();
        const int v = c.value.read();
        c.value.write(v + 1);
        if (locked) c.lock.unlock();
      });
    ex.add_invariant(InvariantDef{"no_lost_update", Verdict::Invariant, CheckWhen::Quiescence,
                                  [&c, threads]() -> std::optional<std::string> {
                                    if (c.value.peek() == threads) return std::nullopt;
                                    return "counter is " + std::to_string(c.value.peek());
                                  }});
  }};
}

Report run(const Program& p, Strategy s, bool races) {
  Bounds b;
  b.strategy = s;
  b.detect_data_races = races;
  return explore(p, b);
}

}  // namespace

TEST_CASE("lost update on Var increments is found by every exhaustive explorer") {
  for (Strategy s : {Strategy::Dfs, Strategy::Dpor, Strategy::Bounded}) {
    INFO(strategy_name(s));
    Report r = run(increments(2, false), s, false);
    CHECK(r.verdict == Verdict::Invariant);
    REQUIRE(r.violation);
    CHECK(r.violation->check == "no_lost_update");
    CHECK(r.violation->message == "counter is 1");
  }
}

TEST_CASE("the unlocked increments are reported as a data race when the detector is on") {
  for (Strategy s : {Strategy::Dfs, Strategy::Dpor, Strategy::Bounded}) {
    INFO(strategy_name(s));
    Report r = run(increments(2, false), s, true);
    CHECK(r.verdict == Verdict::DataRace);
  }
}

TEST_CASE("with a SpinLock the increments pass exhaustively") {
  // Two threads, each lock/read/write/unlock: the only freedom is which critical section runs
  // first, so DPOR needs 2 executions; DFS sees the same 2 (a blocked thread has no choices).
  for (int n = 2; n <= 3; ++n) {
    for (Strategy s : {Strategy::Dfs, Strategy::Dpor, Strategy::Bounded}) {
      Report r = run(increments(n, true), s, true);
      INFO(strategy_name(s) << " with " << n << " threads: " << r.executions << " executions");
      CHECK(r.verdict == Verdict::Pass);
      CHECK(r.exhaustive);
      CHECK(r.executions == (n == 2 ? 2u : 6u));
    }
  }
}
