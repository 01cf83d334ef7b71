// The size estimate DPOR reports (Report::estimate, search_size() for progress displays): exact
// on trees whose branching is known where it is first met, exact at the end of every exhaustive
// search, and an estimate of the whole when a budget stops the search.
#include <catch2/catch.hpp>

#include <vector>

#include "checker/atomic.h"
#include "checker/execution.h"
#include "checker/explore.h"

using namespace checker;

namespace {

struct Word {
  Atomic<int> x{ObjectName{"x"}};
};

// One thread making `k` binary data choices, one after each of its stores: 2^k executions, a
// uniform tree whose every branch is known when its node is reached.
Program choices(int k) {
  return Program{[k](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Word>());
    ex.spawn("t", [&w, k] {
      for (int i = 0; i < k; ++i) {
        w.x.store(i);
        current_execution()->choose(2);
      }
    });
  }};
}

// `n` threads each storing to the one word: n! executions.
Program writers(int n) {
  return Program{[n](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Word>());
    for (int i = 0; i < n; ++i) ex.spawn("w" + std::to_string(i), [&w, i] { w.x.store(i); });
  }};
}

// The estimates the search gave while it ran, one per observed execution.
std::vector<SearchSize> sizes_seen(const Program& p, Bounds b, Report& report) {
  std::vector<SearchSize> seen;
  report = explore(p, b, [&](const Execution&) { seen.push_back(search_size()); });
  return seen;
}

Bounds dpor() {
  Bounds b;
  b.strategy = Strategy::Dpor;
  return b;
}

}  // namespace

TEST_CASE("estimate: exact from the first execution on a uniform tree of data choices") {
  for (int k = 1; k <= 6; ++k) {
    Report r;
    const std::vector<SearchSize> seen = sizes_seen(choices(k), dpor(), r);
    const double size = static_cast<double>(1u << k);
    REQUIRE(r.exhaustive);
    CHECK(r.executions == (1u << k));
    CHECK(r.estimate == size);
    // The first observer call comes before any estimate; every later one sees the exact size.
    REQUIRE(seen.size() == (1u << k));
    CHECK(seen.front().estimate == 0);
    for (std::size_t i = 1; i < seen.size(); ++i) {
      INFO("k " << k << ", execution " << i);
      CHECK(seen[i].estimate == Approx(size).epsilon(1e-12));
      CHECK(seen[i].done == static_cast<double>(i + 1));  // the observed execution included
    }
  }
}

TEST_CASE("estimate: two writers of one word, known to be two orders after the first") {
  Report r;
  const std::vector<SearchSize> seen = sizes_seen(writers(2), dpor(), r);
  REQUIRE(seen.size() == 2);
  CHECK(seen[1].estimate == 2);
  CHECK(r.estimate == 2);
}

TEST_CASE("estimate: the count itself when the search is exhaustive, less than it while branches are unknown") {
  for (int n = 3; n <= 5; ++n) {
    Report r;
    const std::vector<SearchSize> seen = sizes_seen(writers(n), dpor(), r);
    REQUIRE(r.exhaustive);
    CHECK(r.estimate == static_cast<double>(r.executions));
    // DPOR learns the orders of a node from races found later: the first estimates fall short
    // of n! and never exceed it on this tree.
    CHECK(seen[1].estimate < static_cast<double>(r.executions));
    for (const SearchSize& s : seen) CHECK(s.estimate <= static_cast<double>(r.executions) * (1 + 1e-9));
  }
}

TEST_CASE("estimate: a budget stops the search with an estimate of the whole") {
  Bounds b = dpor();
  b.max_executions = 40;
  const Report r = explore(choices(8), b);
  CHECK_FALSE(r.exhaustive);
  CHECK(r.executions == 40);
  CHECK(r.estimate == 256);
  CHECK(search_size().estimate == 0);  // no search runs now
}
