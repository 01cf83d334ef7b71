// DPOR soundness against the naive oracle: on a generated corpus of small programs (2 to 4
// threads, 2 to 6 operations each, over 1 to 3 atomics and up to 2 spinlocks, with nested
// critical sections, data choices and assertions), optimal DPOR must reach exactly the same
// set of final states and the same set of violations as naive DFS.
#include <catch2/catch.hpp>

#include <iostream>
#include <random>
#include <set>
#include <sstream>

#include "checker/atomic.h"
#include "checker/explore.h"
#include "checker/lock.h"

using namespace checker;

namespace {

enum class OpType { Load, Store, FetchAdd, Cmpxchg, ChooseStore, Assert, Locked };

struct Op {
  OpType type;
  int obj = 0;
  int value = 0;
  int lock = 0;
  std::vector<Op> body;  // Locked: the critical section
};

struct Spec {
  int objects = 1;
  int locks = 0;
  std::vector<std::vector<Op>> threads;
};

struct State {
  std::vector<std::unique_ptr<Atomic<int>>> words;
  std::vector<std::unique_ptr<SpinLock>> locks;
  std::vector<std::string> logs;  // per thread, written only by that thread
};

std::size_t event_count(const std::vector<Op>& ops) {
  std::size_t n = 0;
  for (const Op& o : ops) n += o.type == OpType::Locked ? 2 + event_count(o.body) : 1;
  return n;
}

Op random_op(std::mt19937_64& rng, const Spec& s, int depth) {
  Op op;
  op.obj = static_cast<int>(rng() % s.objects);
  op.value = 1 + static_cast<int>(rng() % 3);
  const int kinds = s.locks > 0 && depth < 2 ? 7 : 6;
  op.type = static_cast<OpType>(rng() % kinds);
  if (op.type == OpType::Locked) {
    op.lock = static_cast<int>(rng() % s.locks);
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) op.body.push_back(random_op(rng, s, depth + 1));
  }
  return op;
}

double interleavings(const Spec& s) {
  // Multinomial bound on the number of interleavings of the threads' events.
  double total = 1;
  std::size_t placed = 0;
  for (const auto& t : s.threads) {
    const std::size_t k = event_count(t);
    for (std::size_t i = 1; i <= k; ++i) total = total * static_cast<double>(placed + i) / static_cast<double>(i);
    placed += k;
  }
  return total;
}

Spec generate(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (;;) {
    Spec s;
    s.objects = 1 + static_cast<int>(rng() % 3);
    s.locks = static_cast<int>(rng() % 3);
    const int threads = 2 + static_cast<int>(rng() % 3);
    for (int t = 0; t < threads; ++t) {
      std::vector<Op> ops;
      const int n = 2 + static_cast<int>(rng() % 5);
      for (int i = 0; i < n; ++i) ops.push_back(random_op(rng, s, 0));
      s.threads.push_back(std::move(ops));
    }
    if (interleavings(s) <= 6000) return s;  // keeps the naive oracle affordable
  }
}

void run_ops(State& st, int t, const std::vector<Op>& ops) {
  for (const Op& op : ops) {
    Atomic<int>& w = *st.words[op.obj];
    std::string& log = st.logs[t];
    switch (op.type) {
      case OpType::Load: log += std::to_string(w.load()) + ","; break;
      case OpType::Store: w.store(op.value); break;
      case OpType::FetchAdd: log += std::to_string(w.fetch_add(op.value)) + ","; break;
      case OpType::Cmpxchg: {
        int expected = 0;
        log += w.compare_exchange(expected, op.value) ? "ok," : "no,";
        break;
      }
      case OpType::ChooseStore: w.store(op.value + static_cast<int>(current_execution()->choose(2))); break;
      case OpType::Assert: check(w.load() != 3, "a word reached 3"); break;
      case OpType::Locked:
        st.locks[op.lock]->lock();
        run_ops(st, t, op.body);
        st.locks[op.lock]->unlock();
        break;
    }
  }
}

Program program_of(const Spec& spec, std::set<std::string>& finals) {
  return Program{[&spec, &finals](Execution& ex) {
    auto& st = ex.keep(std::make_unique<State>());
    for (int i = 0; i < spec.objects; ++i) st.words.push_back(std::make_unique<Atomic<int>>(ObjectName{"x#", i}));
    for (int i = 0; i < spec.locks; ++i) st.locks.push_back(std::make_unique<SpinLock>(ObjectName{"L#", i}));
    st.logs.resize(spec.threads.size());
    for (std::size_t t = 0; t < spec.threads.size(); ++t)
      ex.spawn("t" + std::to_string(t), [&st, &spec, t] { run_ops(st, static_cast<int>(t), spec.threads[t]); });
    ex.add_invariant(InvariantDef{"record_final_state", Verdict::Invariant, CheckWhen::Quiescence,
                                  [&st, &finals]() -> std::optional<std::string> {
                                    std::ostringstream s;
                                    for (const auto& w : st.words) s << w->peek() << " ";
                                    for (const auto& l : st.logs) s << "| " << l;
                                    finals.insert(s.str());
                                    return std::nullopt;
                                  }});
  }};
}

struct Outcome {
  std::set<std::string> finals;
  std::set<std::string> violations;
  Report report;
};

Outcome explore_all(const Spec& spec, Strategy s) {
  Outcome o;
  Bounds b;
  b.strategy = s;
  b.stop_on_violation = false;
  o.report = explore(program_of(spec, o.finals), b);
  for (const Violation& v : o.report.all_violations)
    o.violations.insert(std::string(verdict_name(v.verdict)) + "|" + v.check + "|" + v.message);
  return o;
}

}  // namespace

TEST_CASE("DPOR reaches exactly the final states and violations of naive DFS on 200 programs") {
  std::uint64_t dfs_total = 0, dpor_total = 0, blocked = 0, with_violations = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Spec spec = generate(seed);
    Outcome dfs = explore_all(spec, Strategy::Dfs);
    Outcome dpor = explore_all(spec, Strategy::Dpor);
    INFO("program seed " << seed);
    REQUIRE(dfs.report.exhaustive);
    REQUIRE(dpor.report.exhaustive);
    CHECK(dpor.finals == dfs.finals);
    CHECK(dpor.violations == dfs.violations);
    // Collecting every violation, DPOR explores past a violation and DFS does not; otherwise
    // DPOR never needs more executions than the naive search.
    if (dfs.violations.empty()) CHECK(dpor.report.executions <= dfs.report.executions);
    dfs_total += dfs.report.executions;
    dpor_total += dpor.report.executions;
    blocked += dpor.report.blocked;
    with_violations += dfs.violations.empty() ? 0 : 1;
  }
  std::cout << "DPOR soundness corpus: 200 programs (" << with_violations << " with violations), DFS " << dfs_total
            << " executions, DPOR " << dpor_total << " (+" << blocked << " sleep-set blocked), reduction "
            << static_cast<double>(dfs_total) / static_cast<double>(dpor_total) << "x\n";
}
