// DPOR soundness against the naive oracle: on generated corpora of small programs
// (random_programs.h: a plain one with atomics, spinlocks, data choices and assertions, and one
// that blocks on sleeping locks, trylocks, waits and grace periods), optimal DPOR must reach
// exactly the same set of final states and the same set of violations as naive DFS.
#include <catch2/catch.hpp>

#include <algorithm>
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
  std::uint64_t split = 0, cells = 0;  // programs whose search was split, and their cells
  std::uint64_t lock_aware_fewer = 0;  // programs where the lock-aware search ran fewer executions
};

// The default search split into cells after a pilot of 2 executions, on `threads` threads.
Outcome explore_split(const Spec& spec, unsigned threads) {
  Bounds b = with(Strategy::Dpor);
  b.dpor_pilot = 2;
  b.threads = threads;
  return explore_all(spec, b);
}

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
  // Split into cells, on one thread and on two: the same traces, and the same report.
  Outcome split1 = explore_split(spec, 1);
  Outcome split2 = explore_split(spec, 2);
  REQUIRE(split1.report.exhaustive);
  CHECK(split1.finals == dfs.finals);
  CHECK(split1.violations == dfs.violations);
  CHECK(split2.finals == dfs.finals);
  CHECK(split2.violations == dfs.violations);
  CHECK(split2.report.executions == split1.report.executions);
  CHECK(split2.report.blocked == split1.report.blocked);
  CHECK(split2.report.events == split1.report.events);
  CHECK(split2.report.cells == split1.report.cells);
  CHECK(split2.report.all_violations.size() == split1.report.all_violations.size());
  if (split1.report.cells > 1) {
    ++totals.split;
    totals.cells += split1.report.cells;
  }
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
  totals.lock_aware_fewer += lock_aware.report.executions < dpor.report.executions ? 1 : 0;
  totals.with_violations += dfs.violations.empty() ? 0 : 1;
}

void print(const char* corpus, int programs, const Totals& t) {
  std::cout << corpus << ": " << programs << " programs (" << t.with_violations << " with violations), DFS " << t.dfs
            << " executions, DPOR " << t.dpor << " (+" << t.blocked << " sleep-set blocked), reduction "
            << static_cast<double>(t.dfs) / static_cast<double>(t.dpor) << "x; lock-aware DPOR " << t.lock_aware
            << " (+" << t.lock_aware_blocked << "); split into cells: " << t.split << " programs, " << t.cells
            << " cells\n";
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
  const Totals totals = corpus_against_dfs(Profile::Plain, "DPOR soundness corpus");
  CHECK(totals.split > 50);  // the cells were put to the test (data choices on a path keep it whole)
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

TEST_CASE("DPOR matches naive DFS on 200 programs with nested locks, with and without lock-awareness") {
  // Sections that take further locks in one order commute when their data does (the inner
  // locks are terminal); taken in both orders they stay ordered, and the ABBA deadlocks of the
  // corpus are found by both searches.
  const Totals totals = corpus_against_dfs(Profile::NestedLocks, "DPOR nested-locks corpus");
  CHECK(totals.lock_aware <= totals.dpor);
  CHECK(totals.lock_aware_blocked * 20 < totals.lock_aware);
}

TEST_CASE("DPOR matches naive DFS on 200 programs whose counters' adds commute") {
  // Adds that learn at most a clamp of the old value are not reordered while no clamp, and no
  // step invariant reading the words through their visible range, can tell the orders apart;
  // loads, stores, compare-exchanges and adds that could tell still order them.
  const Totals totals = corpus_against_dfs(Profile::Counters, "DPOR counters corpus");
  CHECK(totals.blocked * 20 < totals.dpor);
}

TEST_CASE("DPOR matches naive DFS on 200 programs with weak atomics under the C11 memory model") {
  // Each load's choice of store is a data choice of its event; DPOR must reach the final states
  // (which include every value each load read) and violations of the naive search over every
  // interleaving and every choice.
  const Totals totals = corpus_against_dfs(Profile::Weak, "DPOR weak-memory corpus");
  CHECK(totals.dpor < totals.dfs);
  // The corpus exercises weak behaviour: in some programs (33 of the 200) loads and stores pick
  // stores and places sequential consistency does not allow, and the final states are a strict
  // superset of Sc's; in every program they include Sc's.
  int weaker = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Spec spec = generate(seed, Profile::Weak);
    Spec as_sc = spec;
    as_sc.profile = Profile::Plain;  // explored under the default memory model
    const Outcome c11 = explore_all(spec, with(Strategy::Dpor));
    const Outcome sc = explore_all(as_sc, with(Strategy::Dpor));
    CHECK(std::includes(c11.finals.begin(), c11.finals.end(), sc.finals.begin(), sc.finals.end()));
    weaker += c11.finals.size() > sc.finals.size() ? 1 : 0;
  }
  std::cout << "weak-memory corpus: " << weaker << " of 200 programs reach states sequential consistency does not\n";
  CHECK(weaker >= 25);
}

TEST_CASE("DPOR matches naive DFS on 200 fence-heavy programs under the C11 memory model") {
  // Mostly three threads, several seq_cst fences each (smp_mb, fully ordered xchg, fetch_add and
  // cmpxchg), READ_ONCE / WRITE_ONCE whose floors observe what the fences passed on (or touch
  // other words, and do not), flags, smp_rmb / smp_wmb, sections and assertions. Race analysis
  // reverses the race of two fences only when a later access observes it (FenceObservers,
  // weak_memory.h); DPOR must still reach exactly the final states (every value each access
  // read) and violations of the naive search over every interleaving and every choice.
  const Totals totals = corpus_against_dfs(Profile::Fences, "DPOR fences corpus");
  CHECK(totals.dpor < totals.dfs);
  // The corpus is what it says: fence pairs across three threads.
  int three_threads = 0, fenced_pairs = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Spec spec = generate(seed, Profile::Fences);
    three_threads += spec.threads.size() == 3 ? 1 : 0;
    int fenced = 0;
    for (const auto& t : spec.threads) {
      int n = 0;
      for (const Op& op : t)
        n += op.type == OpType::Fence && op.order == MemoryOrder::SeqCst ? 1
             : op.type == OpType::FullXchg || op.type == OpType::FullFetchAdd || op.type == OpType::FullCmpxchg ? 2
                                                                                                                : 0;
      fenced += n >= 2 ? 1 : 0;
    }
    fenced_pairs += fenced >= 2 ? 1 : 0;
  }
  std::cout << "fences corpus: " << three_threads << " of 200 programs have 3 threads, " << fenced_pairs
            << " have two threads with 2 or more seq_cst fences each\n";
  CHECK(three_threads >= 100);
  CHECK(fenced_pairs >= 50);
}

TEST_CASE("DPOR matches naive DFS on 200 programs whose counters' adds commute under the C11 memory model") {
  // Relaxed, fully ordered and seq_cst adds of words whose adds commute, with loads, flags and
  // Var accesses that observe their order or not. Race analysis leaves two adds of a segment
  // unordered only when nothing observed their order (weak_adds.h); DPOR must still reach
  // exactly the final states (every value each access read) and violations (assertions, data
  // races, negative counters) of the naive search over every interleaving and every choice.
  const Totals totals = corpus_against_dfs(Profile::WeakCounters, "DPOR weak-counters corpus");
  CHECK(totals.dpor < totals.dfs);
  // The corpus is what it says: two threads adding to one counter in most programs.
  int shared = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Spec spec = generate(seed, Profile::WeakCounters);
    std::set<int> adders;
    for (std::size_t t = 0; t < spec.threads.size(); ++t)
      for (const Op& op : spec.threads[t])
        if (op.type == OpType::Add || op.type == OpType::FullAdd || op.type == OpType::AddClamped ||
            op.type == OpType::SubClamped || op.type == OpType::FullAddUnless)
          adders.insert(static_cast<int>(t) * 4 + op.obj);
    std::set<int> threads_per_counter[2];
    for (int a : adders) threads_per_counter[a % 4].insert(a / 4);
    shared += threads_per_counter[0].size() >= 2 || threads_per_counter[1].size() >= 2 ? 1 : 0;
  }
  std::cout << "weak-counters corpus: " << shared << " of 200 programs have two threads adding to one counter\n";
  CHECK(shared >= 100);
}

TEST_CASE("seq_cst everywhere under the C11 memory model is the Sc model: same states, same executions") {
  // The plain corpus uses no memory order (seq_cst): a load has one candidate, the latest store,
  // so no data choice is added and DPOR runs the same executions.
  std::uint64_t executions = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    INFO("program seed " << seed);
    const Spec spec = generate(seed, Profile::Plain);
    Bounds sc = with(Strategy::Dpor);
    Bounds c11 = sc;
    c11.memory_model = MemoryModel::C11;
    const Outcome a = explore_all(spec, sc);
    const Outcome b = explore_all(spec, c11);
    CHECK(a.finals == b.finals);
    CHECK(a.violations == b.violations);
    CHECK(a.report.executions == b.report.executions);
    CHECK(a.report.blocked == b.report.blocked);
    executions += a.report.executions;
  }
  CHECK(executions > 1000);
}

TEST_CASE("DPOR matches naive DFS on 200 programs with weak marked Var accesses under the C11 memory model") {
  // READ_ONCE / WRITE_ONCE of a Var are relaxed accesses under C11: a marked read's choice of
  // store and a marked write's place in modification order are data choices like an atomic's;
  // plain accesses read and write the latest value, and a racy one is a data-race violation,
  // which both searches must report alike.
  const Totals totals = corpus_against_dfs(Profile::WeakVars, "DPOR weak-vars corpus");
  CHECK(totals.dpor < totals.dfs);
  CHECK(totals.with_violations >= 20);  // racy plain accesses
  // Marked reads see stale values: some programs reach states Sc does not; all reach Sc's. (With
  // the race detector off: relaxed atomics order less than Sc's, so under C11 a race may end an
  // execution whose Sc twin completes.)
  int weaker = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Spec spec = generate(seed, Profile::WeakVars);
    Spec as_sc = spec;
    as_sc.profile = Profile::Plain;  // explored under the default memory model
    Bounds quiet = with(Strategy::Dpor);
    quiet.detect_data_races = false;
    const Outcome c11 = explore_all(spec, quiet);
    const Outcome sc = explore_all(as_sc, quiet);
    CHECK(std::includes(c11.finals.begin(), c11.finals.end(), sc.finals.begin(), sc.finals.end()));
    weaker += c11.finals.size() > sc.finals.size() ? 1 : 0;
  }
  std::cout << "weak-vars corpus: " << weaker << " of 200 programs reach states sequential consistency does not\n";
  CHECK(weaker >= 25);
}

TEST_CASE("DPOR matches naive DFS on 200 programs with critical sections over weak accesses under the C11 memory model") {
  // Short sections of one or two locks over three atomics and a Var, and outside them relaxed
  // loads and stores of the same words. Under C11 the lock-aware search lets two sections that
  // share no data commute only when no later access observed their order (a load or a plain store
  // of a word whose floor the later section's acquire raised: section_observers.h); DPOR must
  // still reach exactly the final states (every value each access read) and violations of the
  // naive search, with and without the lock-aware search, whole and split.
  const Totals totals = corpus_against_dfs(Profile::WeakLocks, "DPOR weak-locks corpus");
  CHECK(totals.dpor < totals.dfs);
  // Sections commute in some programs (their order unobserved) and not in others.
  CHECK(totals.lock_aware < totals.dpor);
  std::cout << "weak-locks corpus: the lock-aware search runs fewer executions on " << totals.lock_aware_fewer
            << " of 200 programs\n";
  CHECK(totals.lock_aware_fewer >= 20);
}
