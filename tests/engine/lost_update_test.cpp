#include <catch2/catch.hpp>

#include "checker/atomic.h"
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

}  // namespace

TEST_CASE("lost update on Var increments is found by every exhaustive explorer") {
  for (Strategy s : {Strategy::Dfs, Strategy::Dpor, Strategy::Bounded}) {
    Bounds b;
    b.strategy = s;
    b.detect_data_races = false;
    Report r = explore(increments(2, false), b);
    INFO(strategy_name(s));
    CHECK(r.verdict == Verdict::Invariant);
    REQUIRE(r.violation);
    CHECK(r.violation->check == "no_lost_update");
    CHECK(r.violation->message == "counter is 1");
  }
}
