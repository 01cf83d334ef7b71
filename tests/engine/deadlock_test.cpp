// ABBA: two threads take two locks in opposite orders.
#include <catch2/catch.hpp>

#include "checker/explore.h"
#include "checker/lock.h"

using namespace checker;

namespace {

struct Locks {
  SpinLock a{ObjectName{"A"}};
  SpinLock b{ObjectName{"B"}};
};

Program two_lockers(bool same_order) {
  return Program{[=](Execution& ex) {
    auto& l = ex.keep(std::make_unique<Locks>());
    ex.spawn("ab", [&l] {
      l.a.lock();
      l.b.lock();
      l.b.unlock();
      l.a.unlock();
    });
    ex.spawn("ba", [&l, same_order] {
      SpinLock& first = same_order ? l.a : l.b;
      SpinLock& second = same_order ? l.b : l.a;
      first.lock();
      second.lock();
      second.unlock();
      first.unlock();
    });
  }};
}

}  // namespace

TEST_CASE("ABBA deadlock is found; one lock order passes") {
  for (Strategy s : {Strategy::Dfs, Strategy::Dpor, Strategy::Bounded}) {
    INFO(strategy_name(s));
    Bounds b;
    b.strategy = s;
    Report bad = explore(two_lockers(false), b);
    CHECK(bad.verdict == Verdict::Deadlock);
    REQUIRE(bad.violation);
    CHECK(bad.violation->message == "no thread can run: ab waits for B (held by ba); ba waits for A (held by ab)");
    Report good = explore(two_lockers(true), b);
    CHECK(good.verdict == Verdict::Pass);
    CHECK(good.exhaustive);
  }
}
