// Exact execution counts of optimal DPOR, each derived by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "bench/workloads.h"
#include "checker/atomic.h"
#include "checker/explore.h"
#include "checker/lock.h"
#include "tests/engine/programs.h"

using namespace checker;

namespace {

std::uint64_t factorial(int n) { return n <= 1 ? 1 : n * factorial(n - 1); }

// `b` three ways: one search (no cells), and split into cells after a pilot of 2 executions on
// one thread and on two. The complete executions are the same three times (each is one trace,
// found in exactly one cell) and the two split searches report the same; a split search may
// cut short a few executions more (a cell whose asleep thread is never woken), so the counts of
// cut executions are the whole search's. With `repeats`, the split search may explore some
// traces twice (cell_search.h: a race that reaches a node after a branch it would have
// extended there was explored), never fewer than the whole search.
Report three_ways(const Program& p, Bounds b, bool repeats = false) {
  b.dpor_pilot = 0;
  const Report whole = explore(p, b);
  b.dpor_pilot = 2;
  b.threads = 1;
  const Report one = explore(p, b);
  b.threads = 2;
  const Report two = explore(p, b);
  if (repeats) {
    CHECK(one.executions >= whole.executions);
  } else {
    CHECK(one.executions == whole.executions);
  }
  CHECK(two.executions == one.executions);
  CHECK(two.blocked == one.blocked);
  CHECK(two.events == one.events);
  CHECK(one.exhaustive == whole.exhaustive);
  CHECK(two.exhaustive == whole.exhaustive);
  return whole;
}

// Classic optimal DPOR, whose counts these are (one execution per Mazurkiewicz trace); the
// lock-aware default has its own counts below.
Report dpor(const Program& p, bool split_repeats = false) {
  Bounds b;
  b.strategy = Strategy::Dpor;
  b.lock_aware = false;
  return three_ways(p, b, split_repeats);
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
    // Split, from N = 4 on, some fetch_sub orders are explored twice (42 executions for 24).
    Report r = dpor(workloads::refcnt(n), true);
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

// A failed compare-exchange reads the value it compared and writes nothing (as in GenMC): it
// conflicts with writes only. The counts below are the numbers of such traces, derived in
// bench/workloads.h, and equal GenMC v0.10.3's on its programs of the same shape.
TEST_CASE("DPOR: casrot(N) explores one execution per trace with failed CASes as reads") {
  // sum_{k=1}^{N-1} k (k+1)^(N-k-1) + 1
  const std::uint64_t expected[] = {0, 0, 2, 5, 14, 43, 144};
  for (int n = 2; n <= 6; ++n) {
    Report r = dpor(workloads::casrot(n));
    INFO("N = " << n);
    CHECK(r.exhaustive);
    CHECK(r.executions == expected[n]);
    CHECK(r.blocked == 0);
  }
}

TEST_CASE("DPOR: wcas(N) explores N 2^(N-1) + 1 executions") {
  for (int n = 2; n <= 6; ++n) {
    Report r = dpor(workloads::wcas(n));
    INFO("N = " << n);
    CHECK(r.executions == static_cast<std::uint64_t>(n) * (1u << (n - 1)) + 1);
    CHECK(r.blocked == 0);
  }
}

TEST_CASE("DPOR: casw(N) explores (N!)^2 H_N executions") {
  const std::uint64_t expected[] = {0, 0, 6, 66, 1200};
  for (int n = 2; n <= 4; ++n) {
    Report r = dpor(workloads::casw(n));
    INFO("N = " << n);
    CHECK(r.executions == expected[n]);
    CHECK(r.blocked == 0);
  }
}

namespace {

Report lock_aware(const Program& p) {
  Bounds b;
  b.strategy = Strategy::Dpor;
  b.lock_aware = true;
  return three_ways(p, b);
}

}  // namespace

TEST_CASE("lock-aware DPOR: N threads each locking one lock to write its own slot is one execution") {
  // lockslots(N, N): every critical section touches its own slot, so no two conflict and every
  // order of them is the same trace; plain DPOR orders them by the lock: N!.
  for (int n = 2; n <= 6; ++n) {
    INFO("N = " << n);
    CHECK(lock_aware(workloads::lockslots(n, n)).executions == 1);
    CHECK(dpor(workloads::lockslots(n, n)).executions == factorial(n));
  }
}

TEST_CASE("lock-aware DPOR: critical sections that all touch one slot keep every order") {
  // lockslots(N, 1): every pair of sections conflicts: N! orders, as without lock-awareness.
  // lockcnt(N): each thread's two sections increment one counter: (2N)!/2^N.
  for (int n = 2; n <= 5; ++n) {
    INFO("N = " << n);
    CHECK(lock_aware(workloads::lockslots(n, 1)).executions == factorial(n));
  }
  for (int n = 2; n <= 4; ++n) {
    INFO("N = " << n);
    const Report r = lock_aware(workloads::lockcnt(n));
    CHECK(r.executions == factorial(2 * n) >> n);
    CHECK(r.blocked == 0);
  }
}

TEST_CASE("lock-aware DPOR: two locks taken in opposite orders still deadlock") {
  // A section that takes another lock is not a leaf: it is ordered against every section of
  // its lock, so the ABBA interleaving is still explored.
  const std::vector<programs::Named> buggy = programs::buggy();
  const auto abba = std::find_if(buggy.begin(), buggy.end(), [](const programs::Named& p) { return p.name == "abba"; });
  REQUIRE(abba != buggy.end());
  const Report r = lock_aware(abba->program);
  REQUIRE(r.violation);
  CHECK(r.violation->verdict == Verdict::Deadlock);
}

namespace {

// N threads; each takes `outer`, then `inner` inside it (always in that order), tries its own
// lock `mine[t]` there, and writes its own slot.
Program nested_slots(int n) {
  struct State {
    SpinLock outer{ObjectName{"outer"}};
    SpinLock inner{ObjectName{"inner"}};
    std::vector<std::unique_ptr<SpinLock>> mine;
    std::vector<std::unique_ptr<Atomic<int>>> slots;
  };
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<State>());
    for (int t = 0; t < n; ++t) {
      s.mine.push_back(std::make_unique<SpinLock>(ObjectName{"mine#", t}));
      s.slots.push_back(std::make_unique<Atomic<int>>(ObjectName{"slot#", t}));
    }
    for (int t = 0; t < n; ++t)
      ex.spawn("t" + std::to_string(t), [&s, t] {
        s.outer.lock();
        s.inner.lock();
        if (s.mine[static_cast<std::size_t>(t)]->trylock()) s.mine[static_cast<std::size_t>(t)]->unlock();
        s.slots[static_cast<std::size_t>(t)]->store(1);
        s.inner.unlock();
        s.outer.unlock();
      });
  }};
}

}  // namespace

TEST_CASE("lock-aware DPOR: sections that take a terminal lock inside commute when their data does") {
  // Every section of `inner` takes no lock (it is terminal), so the sections of `outer` that take
  // it are leaves too; each touches its own slot and its own trylock: one trace. Plain DPOR
  // orders the sections of `outer`: N!.
  for (int n = 2; n <= 4; ++n) {
    INFO("N = " << n);
    const Report r = lock_aware(nested_slots(n));
    CHECK(r.executions == 1);
    CHECK(r.blocked == 0);
    CHECK(dpor(nested_slots(n)).executions == factorial(n));
  }
}

TEST_CASE("lock-aware DPOR: a word peeked under the lock orders its section against one that writes it") {
  // The reader's section has no event but its lock's: it reads the pointer with peek(), as the
  // model reads ci->table under ci->lock. The writer's section stores the pointer. Both orders
  // are different traces (the reader sees 0 or 1); counted as a read inside the reader's section,
  // the peek keeps them ordered, where the sections would otherwise look independent.
  struct State {
    SpinLock lock{ObjectName{"lock"}};
    Atomic<int> ptr{ObjectName{"ptr"}};
    int seen = -1;
  };
  std::set<int> seen;
  Program p{[&seen](Execution& ex) {
    auto& s = ex.keep(std::make_unique<State>());
    ex.spawn("reader", [&s] {
      s.lock.lock();
      s.seen = s.ptr.peek();
      s.lock.unlock();
    });
    ex.spawn("writer", [&s] {
      s.lock.lock();
      s.ptr.store(1);
      s.lock.unlock();
    });
    ex.add_invariant(InvariantDef{"record", Verdict::Invariant, CheckWhen::Quiescence, [&s, &seen]() -> std::optional<std::string> {
                                    seen.insert(s.seen);
                                    return std::nullopt;
                                  }});
  }};
  const Report r = lock_aware(p);
  CHECK(r.executions == 2);
  CHECK(seen == std::set<int>{0, 1});
}

namespace {

// A counter word whose adds commute (Atomic::let_adds_commute), starting at `initial`, visible
// in [visible_lo, visible_hi]; each of n threads runs `body` on it.
template <class Body>
Program counter(int n, int initial, int visible_lo, int visible_hi, bool commute, Body body) {
  return Program{[=](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Atomic<int>>(ObjectName{"count"}, initial));
    if (commute) w.let_adds_commute(visible_lo, visible_hi);
    for (int t = 0; t < n; ++t) ex.spawn("t" + std::to_string(t), [&w, t, body] { body(w, t); });
  }};
}

}  // namespace

TEST_CASE("DPOR: N threads each adding to one word without looking at it is one trace") {
  // atomic_inc with the result unused: every order ends with the same value, and the word is
  // visible as one value (0..0) whatever it holds, so the adds commute. Without
  // let_adds_commute each order of the N read-modify-writes is its own trace.
  for (int n = 2; n <= 5; ++n) {
    INFO("N = " << n);
    auto inc = [](Atomic<int>& w, int) { w.add(1); };
    const Report r = dpor(counter(n, 0, 0, 0, true, inc));
    CHECK(r.exhaustive);
    CHECK(r.executions == 1);
    CHECK(r.blocked == 0);
    CHECK(dpor(counter(n, 0, 0, 0, false, inc)).executions == factorial(n));
  }
}

TEST_CASE("DPOR: get/put pairs that never reach the last reference are one trace") {
  // The count starts at 1 (a reference nobody drops) and is visible as 0 or "at least 1"; each
  // thread gets (learning "was it 0": clamp to 0..1) and puts (learning "was it the last":
  // clamp to 0..2). Every order keeps the count at 1 or more, every get sees "at least 1" and
  // every put "at least 2": one trace. Ordered, the 2N read-modify-writes are (2N)!/2^N traces.
  for (int n = 2; n <= 4; ++n) {
    INFO("N = " << n);
    auto get_put = [](Atomic<int>& w, int) {
      check(w.fetch_add_clamped(1, 0, 1) == 1, "get on a dead count");
      check(w.fetch_sub_clamped(1, 0, 2) == 2, "put of the last reference");
    };
    const Report r = dpor(counter(n, 1, 0, 1, true, get_put));
    CHECK(r.verdict == Verdict::Pass);
    CHECK(r.executions == 1);
    CHECK(r.blocked == 0);
    CHECK(dpor(counter(n, 1, 0, 1, false, get_put)).executions == factorial(2 * n) >> n);
  }
}

TEST_CASE("DPOR: a load still orders every add of the word") {
  // Two adds and a load: the load sees 0 (before both), 1 (after either one: two traces) or 2
  // (after both), and the adds need no order among themselves: 4 traces, not 3! = 6.
  auto prog = [](bool commute) {
    return Program{[commute](Execution& ex) {
      auto& w = ex.keep(std::make_unique<Atomic<int>>(ObjectName{"count"}, 0));
      if (commute) w.let_adds_commute(0, 0);
      ex.spawn("a", [&w] { w.add(1); });
      ex.spawn("b", [&w] { w.add(1); });
      ex.spawn("reader", [&w] { (void)w.load(); });
    }};
  };
  const Report r = dpor(prog(true));
  CHECK(r.executions == 4);
  CHECK(r.blocked == 0);
  CHECK(dpor(prog(false)).executions == 6);
}

TEST_CASE("DPOR: puts down to zero are one trace per thread that drops the last reference") {
  // The count starts at N, one reference per thread, and is visible as 0 or "at least 1"; each
  // thread puts its reference and learns whether it was the last (clamp to 0..2). The first
  // N - 1 puts of any order commute (the count stays at 1 or more and each sees "at least 2");
  // the last one sees 1 and takes the count to 0, so it is ordered after all of them: the traces
  // are told apart by which thread is last, N of them, against N! when every put is ordered.
  for (int n = 2; n <= 5; ++n) {
    INFO("N = " << n);
    auto put = [](Atomic<int>& w, int) { (void)w.fetch_sub_clamped(1, 0, 2); };
    const Report r = dpor(counter(n, n, 0, 1, true, put));
    CHECK(r.executions == static_cast<std::uint64_t>(n));
    CHECK(r.blocked == 0);
    CHECK(dpor(counter(n, n, 0, 1, false, put)).executions == factorial(n));
  }
}

namespace {

// Two sections of one lock that share no data, under the C11 memory model: t0 stores x, runs its
// section (a), stores y; t1 runs its section (b), then loads y and a third word w, all relaxed.
// With w = x, t1 reads x = 0 after y = 1 only if its section ran first: the lock order is
// observed (section_observers.h). With w = z, nothing t1 loads after its acquire was touched by
// t0 before its release: the order is unobserved.
struct SectionsOverWeak {
  Atomic<int> x{ObjectName{"x"}}, y{ObjectName{"y"}}, z{ObjectName{"z"}}, a{ObjectName{"a"}}, b{ObjectName{"b"}};
  SpinLock lock{ObjectName{"lock"}};
  int r0 = -1, r1 = -1;
};

Program sections_over_weak(bool observed, std::set<std::string>& outcomes) {
  return Program{[observed, &outcomes](Execution& ex) {
    auto& s = ex.keep(std::make_unique<SectionsOverWeak>());
    ex.spawn("t0", [&s] {
      s.x.store(1, MemoryOrder::Relaxed);
      s.lock.lock();
      s.a.store(1, MemoryOrder::Relaxed);
      s.lock.unlock();
      s.y.store(1, MemoryOrder::Relaxed);
    });
    ex.spawn("t1", [&s, observed] {
      s.lock.lock();
      s.b.store(1, MemoryOrder::Relaxed);
      s.lock.unlock();
      s.r0 = s.y.load(MemoryOrder::Relaxed);
      s.r1 = (observed ? s.x : s.z).load(MemoryOrder::Relaxed);
    });
    ex.add_invariant(InvariantDef{"record", Verdict::Invariant, CheckWhen::Quiescence, [&s, &outcomes] {
                                    outcomes.insert("r0=" + std::to_string(s.r0) + " r1=" + std::to_string(s.r1));
                                    return std::optional<std::string>{};
                                  }});
  }};
}

Report c11(const Program& p, Strategy s, bool lock_aware) {
  Bounds b;
  b.strategy = s;
  b.memory_model = MemoryModel::C11;
  b.lock_aware = lock_aware;
  b.dpor_pilot = 0;
  return explore(p, b);
}

Report dpor_c11(const Program& p) {
  Bounds b;
  b.strategy = Strategy::Dpor;
  b.lock_aware = false;
  b.memory_model = MemoryModel::C11;
  // Split, 4 relaxed read-modify-writes of a word whose adds do not commute (which weak_adds.h
  // does not touch) run some traces twice under C11 (42 executions against 24): the counts
  // below are the whole search's.
  return three_ways(p, b, true);
}

}  // namespace

TEST_CASE("lock-aware DPOR under C11: sections whose order no later access observes commute") {
  // lockslots(N, N): each section reads and writes its own plain slot; no weak access, and no Var
  // that another thread's race check looks at: 1 execution, as under Sc (N! without).
  for (int n = 2; n <= 5; ++n) {
    INFO("N = " << n);
    CHECK(c11(workloads::lockslots(n, n), Strategy::Dpor, true).executions == 1);
    CHECK(c11(workloads::lockslots(n, n), Strategy::Dpor, false).executions == factorial(n));
  }
  // sections_over_weak with t1 loading z: y.load and y.store are the only dependent pair. y.load
  // before y.store reads 0; after it, 1 or (stale, nothing orders them) 0: 3 traces. Without
  // lock-awareness each order of the sections gives those 3 (t1's section after t0's takes
  // t0's clock at its release, which does not cover the store of y): 6.
  std::set<std::string> dfs, la, classic;
  c11(sections_over_weak(false, dfs), Strategy::Dfs, true);
  CHECK(c11(sections_over_weak(false, la), Strategy::Dpor, true).executions == 3);
  CHECK(c11(sections_over_weak(false, classic), Strategy::Dpor, false).executions == 6);
  CHECK(la == dfs);
  CHECK(classic == dfs);
}

TEST_CASE("lock-aware DPOR under C11: sections whose order a later load observes keep both orders") {
  // sections_over_weak with t1 loading x: t1's section first, t1 never takes t0's clock, so each of
  // its loads that runs after the store of its word reads 1 or 0. Loads before both stores: 1;
  // y.load before y.store and x.load after x.store: 2; both after: 4 (y.load after y.store with
  // x.load before x.store breaks program order); 7. t0's section first: x.load comes after the
  // store of x and t1 took t0's clock, which covers it: it reads 1; y.load before y.store 1, after
  // it 2: 3. 10 traces, as without lock-awareness, and among them r0 = 1 with r1 = 0, which only
  // t1's section first allows: a search that let the sections commute found 4 executions and
  // missed it.
  std::set<std::string> dfs, la, classic;
  c11(sections_over_weak(true, dfs), Strategy::Dfs, true);
  CHECK(c11(sections_over_weak(true, la), Strategy::Dpor, true).executions == 10);
  CHECK(c11(sections_over_weak(true, classic), Strategy::Dpor, false).executions == 10);
  CHECK(dfs.count("r0=1 r1=0") == 1);
  CHECK(la == dfs);
  CHECK(classic == dfs);
}

TEST_CASE("DPOR under C11: adds whose order nothing observes are one trace (weak_adds.h)") {
  // atomic_inc (relaxed) and a fully ordered add (smp_mb, relaxed add, smp_mb) by each of N
  // threads, nothing reading the word: in every order the adds learn nothing, the word ends at
  // N, no thread loads it, and no add releases anything another thread's floor or race check
  // then uses, so race analysis leaves them (and the fences) unordered: one trace. Ordered, each
  // of the N! orders of the adds is a trace of its own.
  for (int n = 2; n <= 4; ++n) {
    INFO("N = " << n);
    auto relaxed = [](Atomic<int>& w, int) { w.add(1, MemoryOrder::Relaxed); };
    auto fully_ordered = [](Atomic<int>& w, int) {
      fence(MemoryOrder::SeqCst);
      w.add(1, MemoryOrder::Relaxed);
      fence(MemoryOrder::SeqCst);
    };
    CHECK(dpor_c11(counter(n, 0, 0, 0, true, relaxed)).executions == 1);
    CHECK(dpor_c11(counter(n, 0, 0, 0, false, relaxed)).executions == factorial(n));
    CHECK(dpor_c11(counter(n, 0, 0, 0, true, fully_ordered)).executions == 1);
    CHECK(dpor_c11(counter(n, 0, 0, 0, false, fully_ordered)).executions == factorial(n));
  }
}

TEST_CASE("DPOR under C11: a load that may read between two adds orders them") {
  // Threads a and b add 1 (relaxed), r loads the word (relaxed) and may read any store its floor
  // allows. Ordered, the 3! interleavings are traces, and r's choices multiply them: r first
  // reads 0 (2 orders of the adds x 1), between the adds 0 or the first (2 x 2), last 0, 1 or 2
  // (2 x 3): 12. Commuting, r first leaves the two adds a segment nobody observes (1 trace); r
  // between them splits them into two segments of one add each (4); r last has seen neither add,
  // and may read the intermediate store, s+a or s+b by the order: observed, 6. 11 in all.
  auto prog = [](bool commute) {
    return Program{[commute](Execution& ex) {
      auto& w = ex.keep(std::make_unique<Atomic<int>>(ObjectName{"count"}, 0));
      if (commute) w.let_adds_commute(0, 0);
      ex.spawn("a", [&w] { w.add(1, MemoryOrder::Relaxed); });
      ex.spawn("b", [&w] { w.add(1, MemoryOrder::Relaxed); });
      ex.spawn("r", [&w] { (void)w.load(MemoryOrder::Relaxed); });
    }};
  };
  CHECK(dpor_c11(prog(true)).executions == 11);
  CHECK(dpor_c11(prog(false)).executions == 12);
}
