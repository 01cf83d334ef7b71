// The size estimates a DPOR search reports. Report::estimate (DPOR's own, along its path): exact
// on trees whose branching is known where it is first met, exact at the end of every exhaustive
// search, and an estimate of the whole when a budget stops the search. Report::probe_estimate
// (random probes before the search, size_probe.h): exact on uniform trees, unbiased elsewhere.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "checker/atomic.h"
#include "checker/execution.h"
#include "checker/explore.h"
#include "checker/lock.h"
#include "checker/race_analysis.h"
#include "checker/size_probe.h"
#include "checker/var.h"

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

// ---- the probes' estimate (size_probe.h) ----

namespace {

// `n` threads each storing to a word of its own: one trace, which every probe lands in:
// P = 1, 1/P = 1.
Program independent(int n) {
  return Program{[n](Execution& ex) {
    auto& words = ex.keep(std::make_unique<std::vector<Word>>(static_cast<std::size_t>(n)));
    for (int i = 0; i < n; ++i) ex.spawn("t" + std::to_string(i), [&words, i] { words[static_cast<std::size_t>(i)].x.store(i); });
  }};
}

// `n` threads each adding to the one word: n! traces, each one interleaving (the adds are
// totally ordered), drawn with probability 1/n! (each thread has one event, so the draw is
// uniform): 1/P = n!.
Program adders(int n) {
  return Program{[n](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Word>());
    for (int i = 0; i < n; ++i) ex.spawn("t" + std::to_string(i), [&w] { (void)w.x.fetch_add(1); });
  }};
}

struct Slots {
  explicit Slots(int m) {
    for (int k = 0; k < m; ++k) slots.emplace_back(std::make_unique<Var<int>>(ObjectName{"slot#", k}));
  }
  SpinLock lock{ObjectName{"lock"}};
  std::vector<std::unique_ptr<Var<int>>> slots;
};

// `n` threads each locking one lock to add to slot t % m (bench's lockslots). With m = n (each
// its own slot), lock-aware, one trace: P = 1, 1/P = 1. Without lock-aware the lock events order
// the sections: n! traces, one per order of the sections; the holder alone is enabled inside a
// section, and between sections the threads left have all their events to come, so the next
// section is drawn uniformly: P = 1/n!, 1/P = n!.
Program lockslots(int n, int m) {
  return Program{[n, m](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Slots>(m));
    for (int t = 0; t < n; ++t)
      ex.spawn("t" + std::to_string(t), [&s, slot = s.slots[static_cast<std::size_t>(t % m)].get()] {
        s.lock.lock();
        slot->write(slot->read() + 1);
        s.lock.unlock();
      });
  }};
}

ProbeEstimate probe(const Program& p, std::uint32_t probes, bool lock_aware = true) {
  Bounds b = dpor();
  b.lock_aware = lock_aware;
  return estimate_by_probes(p, b, ProbeOptions{.probes = probes});
}

double factorial(int n) { return n <= 1 ? 1.0 : n * factorial(n - 1); }

// Mean and standard error of the samples.
std::pair<double, double> mean_and_error(const std::vector<double>& s) {
  double sum = 0, squares = 0;
  for (double x : s) sum += x;
  const double mean = sum / static_cast<double>(s.size());
  for (double x : s) squares += (x - mean) * (x - mean);
  return {mean, std::sqrt(squares / static_cast<double>(s.size() - 1) / static_cast<double>(s.size()))};
}

}  // namespace

TEST_CASE("probes: every probe exact on uniform trees (hand-derived 1/P)") {
  for (int n = 1; n <= 5; ++n) {
    INFO("n " << n);
    struct Case {
      const char* name;
      Program program;
      bool lock_aware;
      double traces;
    };
    const Case cases[] = {
        {"independent", independent(n), true, 1},
        {"adders", adders(n), true, factorial(n)},
        {"lockslots, lock-aware", lockslots(n, n), true, 1},
        {"lockslots, not lock-aware", lockslots(n, n), false, factorial(n)},
    };
    for (const Case& c : cases) {
      INFO(c.name);
      const ProbeEstimate e = probe(c.program, 16, c.lock_aware);
      CHECK(e.probes == 16);
      CHECK(e.dropped == 0);
      for (double x : e.samples) CHECK(x == Approx(c.traces).epsilon(1e-12));
      CHECK(e.estimate == Approx(c.traces).epsilon(1e-12));
      // The search itself runs one execution per trace on these (optimal, lock-aware optimal).
      Bounds b = dpor();
      b.lock_aware = c.lock_aware;
      b.estimate_probes = 24;
      const Report r = explore(c.program, b);
      CHECK(static_cast<double>(r.executions) == c.traces);
      CHECK(r.probe_estimate == Approx(c.traces).epsilon(1e-12));
      CHECK(r.probes_kept == b.estimate_probes);
    }
  }
}

// Three threads in a ring, each writing its word and then reading the next one's: 1/P differs
// between probes (a thread with two events stays enabled for a varying number of steps).
Program ring() {
  return Program{[](Execution& ex) {
    auto& words = ex.keep(std::make_unique<std::vector<Word>>(3));
    for (std::size_t i = 0; i < 3; ++i)
      ex.spawn("t" + std::to_string(i), [&words, i] {
        words[i].x.store(1);
        (void)words[(i + 1) % 3].x.load();
      });
  }};
}

// Lock-heavy and not uniform: n threads each store to a word of their own, lock one lock to add
// to slot t % 2, unlock, and add to one shared counter.
Program lockmix(int n) {
  struct State {
    explicit State(int n) : slots(2), own(static_cast<std::size_t>(n)) {}
    Slots slots;
    std::vector<Word> own;
    Word shared;
  };
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<State>(n));
    for (int t = 0; t < n; ++t)
      ex.spawn("t" + std::to_string(t), [&s, t] {
        s.own[static_cast<std::size_t>(t)].x.store(1);
        Var<int>& slot = *s.slots.slots[static_cast<std::size_t>(t % 2)];
        s.slots.lock.lock();
        slot.write(slot.read() + 1);
        s.slots.lock.unlock();
        (void)s.shared.x.fetch_add(1);
      });
  }};
}

// Not uniform: 1/P differs between probes, and only the mean is right. 3000 probes, fixed seeds;
// the tolerance is four standard errors of the mean, computed from the samples themselves (a
// correct estimator lands outside it with probability about 6e-5; the seeds fix the outcome).
// Without lock-aware, DPOR is optimal and its complete executions are the traces.
TEST_CASE("probes: the mean of many probes is close to the exact count on non-uniform programs") {
  struct Case {
    const char* name;
    Program program;
  };
  const Case cases[] = {{"ring", ring()}, {"lockmix(3)", lockmix(3)}};
  for (const Case& c : cases) {
    INFO(c.name);
    Bounds b = dpor();
    b.lock_aware = false;
    b.estimate_probes = 0;
    const Report r = explore(c.program, b);
    REQUIRE(r.exhaustive);
    const ProbeEstimate e = probe(c.program, 3000, false);
    CHECK(e.dropped == 0);
    const auto [mean, error] = mean_and_error(e.samples);
    INFO("exact " << r.executions << ", mean " << mean << ", standard error " << error);
    CHECK(std::abs(mean - static_cast<double>(r.executions)) <= 4 * error);
    // Not uniform indeed: the samples differ.
    CHECK(*std::min_element(e.samples.begin(), e.samples.end()) < *std::max_element(e.samples.begin(), e.samples.end()));
  }
}

// Lock-aware, the estimate is of the traces of the coarser equivalence, which the lock-aware
// search does not always reach with one execution each. lockslots(4, 2): the sections run one
// after another, the next drawn uniformly (the threads left have all their events to come),
// and each of the 4 traces (two orders per slot) holds 4! / (2! 2!) = 6 of the 24 orders of the
// sections: P = 1/4, 1/P = 4.
// The search runs 9 (checker/README.md). On lockmix the lock-aware mean stays below the
// classic count (fewer traces) and at most the lock-aware search's count.
TEST_CASE("probes: lock-aware, the mean is the number of traces of the coarser equivalence") {
  const ProbeEstimate e = probe(lockslots(4, 2), 16, true);
  for (double x : e.samples) CHECK(x == Approx(4).epsilon(1e-12));
  CHECK(explore(lockslots(4, 2), dpor()).executions == 9);

  Bounds classic = dpor();
  classic.lock_aware = false;
  const Report aware = explore(lockmix(3), dpor());
  const Report plain = explore(lockmix(3), classic);
  const ProbeEstimate m = probe(lockmix(3), 3000, true);
  const auto [mean, error] = mean_and_error(m.samples);
  INFO("lock-aware mean " << mean << " (error " << error << "), lock-aware search " << aware.executions
                          << ", classic " << plain.executions);
  CHECK(mean + 4 * error < static_cast<double>(plain.executions));
  CHECK(mean - 4 * error <= static_cast<double>(aware.executions));
}

// The probability the count gives each trace is right: summed over the traces DPOR runs (one
// execution each, without lock-aware, where it is optimal), the probabilities of a uniform
// random schedule landing in them make 1. (Lock-aware, the search may run one trace of the
// coarser equivalence several times, and the sum exceeds 1.)
TEST_CASE("probes: the trace probabilities over DPOR's executions sum to 1") {
  struct Case {
    const char* name;
    Program program;
  };
  const Case cases[] = {{"ring", ring()}, {"lockmix(3)", lockmix(3)}, {"writers(4)", writers(4)}, {"lockslots(4, 2)", lockslots(4, 2)}};
  for (const Case& c : cases) {
    INFO(c.name);
    Bounds b = dpor();
    b.lock_aware = false;
    b.estimate_probes = 0;
    RaceAnalyzer hb;
    long double sum = 0;
    std::size_t traces = 0;
    const Report r = explore(c.program, b, [&](const Execution& ex) {
      if (ex.end() == ExecutionEnd::Cut) return;
      hb.analyze(ex);
      const long double p = trace_probability(ex, hb, 100000, {});
      CHECK(p > 0);
      sum += p;
      ++traces;
    });
    REQUIRE(r.exhaustive);
    CHECK(r.blocked == 0);
    CHECK(traces == r.executions);
    CHECK(static_cast<double>(sum) == Approx(1).epsilon(1e-9));
  }
}

TEST_CASE("probes: a level over the cap drops the probe and says so") {
  Bounds b = dpor();
  // independent(6): the middle level holds C(6, 3) = 20 downsets.
  const ProbeEstimate capped = estimate_by_probes(independent(6), b, ProbeOptions{.probes = 4, .frontier_cap = 19});
  CHECK(capped.probes == 0);
  CHECK(capped.dropped == 4);
  CHECK(capped.estimate == 0);
  const ProbeEstimate fits = estimate_by_probes(independent(6), b, ProbeOptions{.probes = 4, .frontier_cap = 20});
  CHECK(fits.probes == 4);
  CHECK(fits.dropped == 0);
}

TEST_CASE("probes: they change nothing the search reports, and none run when asked for none") {
  Bounds with = dpor();
  with.estimate_probes = 24;
  Bounds without = dpor();  // the engine's default: none
  const Report a = explore(lockslots(4, 2), with);
  const Report b = explore(lockslots(4, 2), without);
  CHECK(a.executions == b.executions);
  CHECK(a.blocked == b.blocked);
  CHECK(a.events == b.events);
  CHECK(a.estimate == b.estimate);
  CHECK(a.probes_kept == 24);
  CHECK(b.probes_kept == 0);
  CHECK(b.probe_estimate == 0);
  // Deterministic: the same figure every time.
  CHECK(explore(lockslots(4, 2), with).probe_estimate == a.probe_estimate);
  // The observer sees the figure from the first execution on; none for other strategies.
  std::vector<double> seen;
  explore(adders(4), with, [&](const Execution&) { seen.push_back(search_size().traces); });
  REQUIRE(seen.size() == 24);
  for (double t : seen) CHECK(t == Approx(24).epsilon(1e-12));
  Bounds dfs = with;
  dfs.strategy = Strategy::Dfs;
  CHECK(explore(adders(3), dfs).probes_kept == 0);
}
