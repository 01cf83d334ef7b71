// Exact execution counts of optimal DPOR, each derived by hand.
#include <catch2/catch.hpp>

#include "bench/workloads.h"
#include "checker/atomic.h"
#include "checker/explore.h"

using namespace checker;

namespace {

std::uint64_t factorial(int n) { return n <= 1 ? 1 : n * factorial(n - 1); }

Report dpor(const Program& p) {
  Bounds b;
  b.strategy = Strategy::Dpor;
  return explore(p, b);
}

struct Vars {
  explicit Vars(int n) {
    for (int i = 0; i < n; ++i) words.push_back(std::make_unique<Atomic<int>>(ObjectName{"x#", i}));
  }
  std::vector<std::unique_ptr<Atomic<int>>> words;
};

// N threads; thread i stores to words[distinct ? i : 0].
Program writers(int n, bool distinct) {
  return Program{[=](Execution& ex) {
    auto& v = ex.keep(std::make_unique<Vars>(n));
    for (int i = 0; i < n; ++i) ex.spawn("w" + std::to_string(i), [&v, i, distinct] { v.words[distinct ? i : 0]->store(i); });
  }};
}

}  // namespace

TEST_CASE("DPOR: N threads writing N distinct variables is one trace") {
  // No two events conflict: every interleaving is equivalent to every other.
  for (int n = 2; n <= 5; ++n) {
    Report r = dpor(writers(n, true));
    CHECK(r.exhaustive);
    CHECK(r.executions == 1);
    CHECK(r.blocked == 0);
  }
}

TEST_CASE("DPOR: N threads writing one variable is N! traces") {
  // All N stores conflict pairwise, and each order of them is its own trace.
  for (int n = 2; n <= 4; ++n) {
    Report r = dpor(writers(n, false));
    CHECK(r.exhaustive);
    CHECK(r.executions == factorial(n));
    CHECK(r.blocked == 0);
  }
}

TEST_CASE("DPOR: refcnt(N) explores exactly N! executions") {
  // The payload reads commute with each other; each thread's read precedes its fetch_sub, and
  // the clearing write follows the last fetch_sub, which follows every other fetch_sub, so the
  // write is ordered after every read. The only freedom left is the order of the N fetch_subs.
  for (int n = 2; n <= 6; ++n) {
    Report r = dpor(workloads::refcnt(n));
    INFO("N = " << n);
    CHECK(r.verdict == Verdict::Pass);
    CHECK(r.exhaustive);
    CHECK(r.executions == factorial(n));
    CHECK(r.blocked == 0);
  }
}

TEST_CASE("DPOR: lockcnt(N) explores exactly (2N)!/2^N executions") {
  // A trace is an order of the 2N critical sections in which each thread's first section
  // precedes its second: (2N)! orders, halved once per thread.
  for (int n = 2; n <= 4; ++n) {
    const std::uint64_t expected = factorial(2 * n) >> n;
    Report r = dpor(workloads::lockcnt(n));
    INFO("N = " << n);
    CHECK(r.verdict == Verdict::Pass);
    CHECK(r.exhaustive);
    CHECK(r.executions == expected);
    CHECK(r.blocked == 0);
  }
}
