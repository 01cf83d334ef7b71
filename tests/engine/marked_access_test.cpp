// Marked accesses of a Var (read_once / write_once, the kernel's READ_ONCE / WRITE_ONCE) under
// KCSAN's rule: a data race needs two unordered conflicting accesses of which at least one is
// plain. Marked accesses are still scheduling points that DPOR orders both ways.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "checker/explore.h"
#include "checker/lock.h"
#include "checker/var.h"

using namespace checker;

namespace {

struct Shared {
  Var<int> x{ObjectName{"x"}};
  SpinLock lock{ObjectName{"lock"}};
};

using Body = std::function<void(Shared&)>;

// One thread per body, all on one Shared.
Program threads(std::vector<Body> bodies) {
  return Program{[bodies](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Shared>());
    for (std::size_t i = 0; i < bodies.size(); ++i)
      ex.spawn("t" + std::to_string(i), [&s, b = bodies[i]] { b(s); });
  }};
}

Report run(const Program& p, Strategy strategy = Strategy::Dpor, const ExecutionObserver& obs = {}) {
  Bounds b;
  b.strategy = strategy;
  b.lock_aware = false;
  return explore(p, b, obs);
}

const Body kWriteOnce1 = [](Shared& s) { s.x.write_once(1); };
const Body kWriteOnce2 = [](Shared& s) { s.x.write_once(2); };
const Body kWriteOnce3 = [](Shared& s) { s.x.write_once(3); };
const Body kReadOnce = [](Shared& s) { (void)s.x.read_once(); };
const Body kRead = [](Shared& s) { (void)s.x.read(); };
const Body kWrite = [](Shared& s) { s.x.write(1); };

}  // namespace

TEST_CASE("marked accesses: two marked writes never race, and DPOR explores both orders") {
  for (Strategy st : {Strategy::Dfs, Strategy::Dpor}) {
    INFO(strategy_name(st));
    Report r = run(threads({kWriteOnce1, kWriteOnce2}), st);
    CHECK(r.verdict == Verdict::Pass);
    CHECK(r.exhaustive);
    if (st == Strategy::Dpor) CHECK(r.executions == 2);
  }
}

TEST_CASE("marked accesses: a marked write and a marked read are two traces, both values seen") {
  std::set<int> seen;
  Program p{[&seen](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Shared>());
    ex.spawn("w", [&s] { s.x.write_once(1); });
    ex.spawn("r", [&s, &seen] { seen.insert(s.x.read_once()); });
  }};
  Report r = run(p);
  CHECK(r.verdict == Verdict::Pass);
  CHECK(r.executions == 2);
  CHECK(seen == std::set<int>{0, 1});
}

TEST_CASE("marked accesses: N marked writes of one Var are N! traces, none a race") {
  Report r = run(threads({kWriteOnce1, kWriteOnce2, kWriteOnce3}));
  CHECK(r.verdict == Verdict::Pass);
  CHECK(r.executions == 6);
}

TEST_CASE("marked accesses: marked reads do not conflict with each other") {
  Report r = run(threads({kReadOnce, kReadOnce}));
  CHECK(r.verdict == Verdict::Pass);
  CHECK(r.executions == 1);
}

TEST_CASE("marked accesses: a marked write races with an unordered plain read") {
  for (Strategy st : {Strategy::Dfs, Strategy::Dpor, Strategy::Bounded}) {
    INFO(strategy_name(st));
    Report r = run(threads({kWriteOnce1, kRead}), st);
    CHECK(r.verdict == Verdict::DataRace);
  }
  // In the first execution the write runs first: the read reports it, marked.
  Report r = run(threads({kWriteOnce1, kRead}));
  REQUIRE(r.violation);
  CHECK(r.violation->message == "read of x by t1 races with a write (marked) by t0");
  REQUIRE(r.counterexample);
  REQUIRE(r.counterexample->events.size() >= 2);
  const auto& ev = r.counterexample->events;
  CHECK(std::any_of(ev.begin(), ev.end(), [](const TraceEvent& e) { return e.op == "write_once" && e.object == "x"; }));
  CHECK(ev.back().op == "read");
}

TEST_CASE("marked accesses: a marked read races with an unordered plain write") {
  Report r = run(threads({kReadOnce, kWrite}));
  CHECK(r.verdict == Verdict::DataRace);
  REQUIRE(r.violation);
  CHECK(r.violation->message == "write of x by t1 races with a read (marked) by t0");
}

TEST_CASE("marked accesses: a marked write races with an unordered plain write") {
  Report r = run(threads({kWrite, kWriteOnce2}));
  CHECK(r.verdict == Verdict::DataRace);
  REQUIRE(r.violation);
  CHECK(r.violation->message == "write (marked) of x by t1 races with a write by t0");
}

TEST_CASE("marked accesses: plain against plain is still a race") {
  CHECK(run(threads({kWrite, kRead})).verdict == Verdict::DataRace);
  CHECK(run(threads({kWrite, kWrite})).verdict == Verdict::DataRace);
  CHECK(run(threads({kRead, kRead})).verdict == Verdict::Pass);
}

TEST_CASE("marked accesses: a lock orders a marked write before a plain read") {
  auto locked = [](Body b) { return Body{[b](Shared& s) { s.lock.lock(); b(s); s.lock.unlock(); }}; };
  Report r = run(threads({locked(kWriteOnce1), locked(kRead)}));
  CHECK(r.verdict == Verdict::Pass);
}

TEST_CASE("marked accesses: a plain read races with any unordered marked write, not only the last") {
  // t1's marked write is ordered before t2's read by the lock; t0's is not. With one epoch for
  // the last write, t0's write would be forgotten once t1 wrote.
  const Body unlocked = kWriteOnce1;
  const Body locked_write = [](Shared& s) { s.lock.lock(); s.x.write_once(2); s.lock.unlock(); };
  const Body locked_read = [](Shared& s) { s.lock.lock(); (void)s.x.read(); s.lock.unlock(); };
  Report r = run(threads({unlocked, locked_write, locked_read}));
  CHECK(r.verdict == Verdict::DataRace);
  // The schedule t0, t1, t2 (the first DPOR runs) is exactly that case.
  REQUIRE(r.violation);
  CHECK(r.violation->message == "read of x by t2 races with a write (marked) by t0");
}

TEST_CASE("marked accesses: a data_race() read races with nothing, but is still ordered both ways") {
  std::set<int> seen;
  Program p{[&seen](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Shared>());
    ex.spawn("w", [&s] { s.x.write(1); });
    ex.spawn("r", [&s, &seen] { seen.insert(s.x.read_data_race()); });
  }};
  Report r = run(p);
  CHECK(r.verdict == Verdict::Pass);
  CHECK(r.executions == 2);
  CHECK(seen == std::set<int>{0, 1});
}
