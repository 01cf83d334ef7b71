// DPOR soundness against the naive oracle: on generated corpora of small programs
// (random_programs.h: a plain one with atomics, spinlocks, data choices and assertions, and one
// that blocks on sleeping locks, trylocks, waits and grace periods), optimal DPOR must reach
// exactly the same set of final states and the same set of violations as naive DFS.
#include <catch2/catch.hpp>

#include <iostream>

#include "checker/explore.h"
#include "random_programs.h"

using namespace checker;
using namespace random_programs;

namespace {

Bounds with(Strategy s) {
  Bounds b;
  b.strategy = s;
  return b;
}

struct Totals {
  std::uint64_t dfs = 0, dpor = 0, blocked = 0, lock_aware = 0, lock_aware_blocked = 0, with_violations = 0;
};

// DPOR, plain and lock-aware, against naive DFS on one generated program.
void compare_with_dfs(const Spec& spec, Totals& totals) {
  Outcome dfs = explore_all(spec, with(Strategy::Dfs));
  Bounds classic = with(Strategy::Dpor);
  classic.lock_aware = false;
  Outcome dpor = explore_all(spec, classic);
  Bounds la = with(Strategy::Dpor);
  la.lock_aware = true;
  Outcome lock_aware = explore_all(spec, la);
  REQUIRE(dfs.report.exhaustive);
  REQUIRE(dpor.report.exhaustive);
  REQUIRE(lock_aware.report.exhaustive);
  CHECK(dpor.finals == dfs.finals);
  CHECK(dpor.violations == dfs.violations);
  CHECK(lock_aware.finals == dfs.finals);
  CHECK(lock_aware.violations == dfs.violations);
  // Collecting every violation, DPOR explores past a violation and DFS does not; otherwise
  // DPOR never needs more executions than the naive search.
  if (dfs.violations.empty()) CHECK(dpor.report.executions <= dfs.report.executions);
  totals.dfs += dfs.report.executions;
  totals.dpor += dpor.report.executions;
  totals.blocked += dpor.report.blocked;
  totals.lock_aware += lock_aware.report.executions;
  totals.lock_aware_blocked += lock_aware.report.blocked;
  totals.with_violations += dfs.violations.empty() ? 0 : 1;
}

void print(const char* corpus, int programs, const Totals& t) {
  std::cout << corpus << ": " << programs << " programs (" << t.with_violations << " with violations), DFS " << t.dfs
            << " executions, DPOR " << t.dpor << " (+" << t.blocked << " sleep-set blocked), reduction "
            << static_cast<double>(t.dfs) / static_cast<double>(t.dpor) << "x; lock-aware DPOR " << t.lock_aware
            << " (+" << t.lock_aware_blocked << ")\n";
}

// Every program of seeds 1 to 200 of `profile` against DFS; prints the totals as `corpus`.
Totals corpus_against_dfs(Profile profile, const char* corpus) {
  Totals totals;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    INFO(corpus << ", program seed " << seed);
    compare_with_dfs(generate(seed, profile), totals);
  }
  print(corpus, 200, totals);
  return totals;
}

}  // namespace

TEST_CASE("DPOR reaches exactly the final states and violations of naive DFS on 200 programs") {
  corpus_against_dfs(Profile::Plain, "DPOR soundness corpus");
}

TEST_CASE("DPOR matches naive DFS on 200 programs that block: sleeping locks, trylocks, waits, grace periods") {
  const Totals totals = corpus_against_dfs(Profile::Blocking, "DPOR blocking corpus");
  // Blocking-aware race reversal: waits are reversed where they were enabled, so almost no
  // execution is cut short by its sleep set.
  CHECK(totals.blocked * 20 < totals.dpor);
}

TEST_CASE("DPOR matches naive DFS on 200 lock-heavy programs, with and without lock-awareness") {
  const Totals totals = corpus_against_dfs(Profile::LockHeavy, "DPOR lock-heavy corpus");
  CHECK(totals.lock_aware <= totals.dpor);
  CHECK(totals.lock_aware_blocked * 20 < totals.lock_aware);
}
