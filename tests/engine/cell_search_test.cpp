// A split search (cell_search.h) reports the same whatever the number of threads: on every
// program of the plain corpus, stopped at its first violation, the verdict, the counterexample,
// the executions run and the cells are those of one thread, and the violation is one DFS finds.
#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "checker/atomic.h"
#include "checker/explore.h"
#include "checker/rcu.h"
#include "random_programs.h"

using namespace checker;
using namespace random_programs;

namespace {

Report split(const Spec& spec, unsigned threads) {
  Bounds b;
  b.strategy = Strategy::Dpor;
  b.dpor_pilot = 2;
  b.threads = threads;
  std::set<std::string> finals;
  return explore(program_of(spec, finals), b);
}

}  // namespace

TEST_CASE("a split search stopped at its first violation reports the same on 1, 2 and 4 threads") {
  int violating = 0, split_violating = 0;
  for (std::uint64_t seed = 1; seed <= 120; ++seed) {
    INFO("program seed " << seed);
    const Spec spec = generate(seed, Profile::Blocking);
    Bounds dfs;
    dfs.strategy = Strategy::Dfs;
    const Outcome all = explore_all(spec, dfs);
    const Report one = split(spec, 1);
    CHECK(one.violation.has_value() == !all.violations.empty());
    if (!one.violation) continue;
    ++violating;
    if (one.cells > 1) ++split_violating;
    CHECK(all.violations.count(std::string(verdict_name(one.violation->verdict)) + "|" + one.violation->check + "|" +
                               one.violation->message) == 1);
    for (unsigned threads : {2u, 4u}) {
      INFO(threads << " threads");
      const Report r = split(spec, threads);
      REQUIRE(r.violation.has_value());
      CHECK(r.violation->message == one.violation->message);
      CHECK(r.executions == one.executions);
      CHECK(r.blocked == one.blocked);
      CHECK(r.cells == one.cells);
      REQUIRE(r.counterexample.has_value());
      CHECK(r.counterexample->schedule == one.counterexample->schedule);
      CHECK(r.counterexample->events == one.counterexample->events);
    }
  }
  CHECK(violating > 40);
  CHECK(split_violating >= 8);  // violations found past a split, not only in the first pilot
}

namespace {

// Three threads each create an object and queue a call_rcu callback while they run, so that
// executions create them in different orders: the ids a cell's prefix and sleep set were written
// with are those of the search that cut it (identities.h), not first-come numbers of the cell's
// own search. (Before cells carried the numbering, a cell replaying a prefix in which thread 1's
// callback was created first named it by the pilot's number, a thread the cell did not have.)
struct Finals {  // a split search on two threads records from both
  std::mutex lock;
  std::set<std::string> states;
};

Program runtime_identities(Finals& finals) {
  return Program{[&finals](Execution& ex) {
    struct Shared {
      Atomic<int> order{ObjectName{"order"}};
      Atomic<int> count{ObjectName{"count"}};
      Rcu rcu;
      std::vector<std::unique_ptr<Atomic<int>>> made;
    };
    auto& s = ex.keep(std::make_unique<Shared>());
    for (int i = 0; i < 3; ++i)
      ex.spawn("t" + std::to_string(i), [&s, i] {
        const int seen = s.count.load();
        s.made.push_back(std::make_unique<Atomic<int>>(ObjectName{"made", i}));
        s.made.back()->store(seen);
        s.count.store(seen + 1);
        s.rcu.call([&s, i] { s.order.store(s.order.load() * 4 + i + 1); });
      });
    ex.add_invariant(InvariantDef{"record", Verdict::Invariant, CheckWhen::Quiescence,
                                  [&s, &finals]() -> std::optional<std::string> {
                                    const std::lock_guard<std::mutex> g(finals.lock);
                                    finals.states.insert(std::to_string(s.order.peek()) + "/" +
                                                         std::to_string(s.count.peek()));
                                    return std::nullopt;
                                  }});
  }};
}

}  // namespace

TEST_CASE("a split search numbers the threads and objects created at run time as the search that cut it") {
  Finals classic_finals;
  Bounds classic;
  classic.strategy = Strategy::Dpor;
  const Report whole = explore(runtime_identities(classic_finals), classic);
  REQUIRE(whole.exhaustive);
  REQUIRE(whole.executions > 100);
  for (std::uint64_t pilot : {1u, 7u, 50u}) {
    INFO("pilot " << pilot);
    Bounds b = classic;
    b.dpor_pilot = pilot;
    b.threads = 1;
    Finals one_finals, two_finals;
    const Report one = explore(runtime_identities(one_finals), b);
    CHECK(one.exhaustive);
    CHECK(one.cells > 1);
    CHECK(one_finals.states == classic_finals.states);
    b.threads = 2;
    const Report two = explore(runtime_identities(two_finals), b);
    CHECK(two_finals.states == classic_finals.states);
    CHECK(two.executions == one.executions);
    CHECK(two.cells == one.cells);
  }
}
