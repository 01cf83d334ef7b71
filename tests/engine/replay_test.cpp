// Every violation the engine finds replays to byte-identical JSON, under every strategy that
// finds it, and a nondeterministic model is caught on replay.
#include <catch2/catch.hpp>

#include "checker/atomic.h"
#include "checker/rcu.h"
#include "checker/replay.h"
#include "tests/engine/programs.h"

using namespace checker;

TEST_CASE("replay: every violation found replays to byte-identical JSON") {
  for (const auto& p : programs::buggy()) {
    for (Strategy s : {Strategy::Dpor, Strategy::Dfs, Strategy::Bounded, Strategy::Random, Strategy::Pct}) {
      INFO(p.name << " under " << strategy_name(s));
      Bounds b;
      b.strategy = s;
      b.step_bound = 40;
      Report r = explore(p.program, b);
      REQUIRE(r.verdict == p.expected);
      REQUIRE(r.counterexample);
      const Trace& t = *r.counterexample;
      const std::string recorded = trace_to_json(t).dump();
      // The JSON round trip is lossless.
      CHECK(trace_to_json(trace_from_json(nlohmann::json::parse(recorded))).dump() == recorded);
      ReplayResult again = replay(p.program, trace_from_json(nlohmann::json::parse(recorded)), b);
      CHECK(again.identical);
      CHECK(again.verdict == p.expected);
      CHECK(trace_to_json(again.trace).dump() == recorded);
      CHECK(again.divergence.empty());
    }
  }
}

TEST_CASE("replay: a model that behaves differently on the second run is reported as nondeterministic") {
  static int runs = 0;  // deliberately outside the execution: the bug under test
  runs = 0;
  struct Word {
    Atomic<int> a{ObjectName{"a"}};
    Atomic<int> b{ObjectName{"b"}};
  };
  Program p{[](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Word>());
    const bool second = runs++ > 0;
    ex.spawn("t", [&w, second] {
      w.a.store(1);
      if (second) w.b.store(1); else w.a.store(2);
      check(false, "stop here");
    });
  }};
  Bounds b;
  Report r = explore(p, b);
  REQUIRE(r.counterexample);
  ReplayResult again = replay(p, *r.counterexample, b);
  CHECK_FALSE(again.identical);
  CHECK(again.verdict == Verdict::Nondeterminism);
  // The first differing step, both versions of it.
  CHECK_THAT(again.divergence, Catch::Matchers::StartsWith("step 1: recorded [thread 0 "));
  CHECK_THAT(again.divergence, Catch::Matchers::Contains("store a 1 -> 2], replayed [thread 0 "));
  CHECK_THAT(again.divergence, Catch::Matchers::EndsWith("store b 0 -> 1]"));
}

TEST_CASE("replay: a trace with a malformed field is rejected with its JSON path") {
  Report r = explore(programs::buggy().front().program, Bounds{});
  REQUIRE(r.counterexample);
  nlohmann::json j = trace_to_json(*r.counterexample);
  j["schedule"][1]["thread"] = "zero";
  CHECK_THROWS_WITH(trace_from_json(j), "$.schedule[1].thread: expected an integer");
  j = trace_to_json(*r.counterexample);
  j["verdict"]["kind"] = "meltdown";
  CHECK_THROWS_WITH(trace_from_json(j), "$.verdict.kind: unknown verdict \"meltdown\"");
  j = trace_to_json(*r.counterexample);
  j["schedule"][0]["choices"] = nlohmann::json::array({std::uint64_t{1} << 33});
  CHECK_THROWS_WITH(trace_from_json(j), "$.schedule[0].choices[0]: out of range [0, 4294967295]");
}

TEST_CASE("the text trace is a swimlane with the violation at the bottom") {
  Report r = explore(programs::buggy()[2].program, Bounds{});  // abba
  REQUIRE(r.counterexample);
  const std::string text = trace_to_text(*r.counterexample);
  CHECK(text.find("step  ab") == 0);
  CHECK(text.find("ba") != std::string::npos);
  CHECK(text.find("violation: deadlock [deadlock]") != std::string::npos);
  CHECK(text.find("no thread can run:") != std::string::npos);
}

// Regression (found on seed 001's THP swap-in scenario): callback threads took their ids from the
// exploration's registry, in the order the exploration first met them, so a counterexample whose
// call_rcu order differed from the first execution's did not replay in a fresh process.
TEST_CASE("replay: callback thread ids in a trace do not depend on the exploration's history") {
  struct Word {
    Rcu rcu;
    Atomic<int> a{ObjectName{"a"}};
    Atomic<int> b{ObjectName{"b"}};
  };
  Program p{[](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Word>());
    // The first execution runs "first" to its end, so its callback is the first the exploration
    // meets. The violation needs "second"'s call_rcu before "first" reads b, hence before
    // "first"'s call_rcu: in the counterexample the spawn order is the other one.
    ex.spawn("first", [&w] {
      const int seen = w.b.load();
      w.rcu.call([&w, seen] { check(seen == 0, "first saw second's store"); });
    });
    ex.spawn("second", [&w] {
      w.rcu.call([&w] { w.a.store(1); });
      w.b.store(1);
    });
  }};
  for (Strategy s : {Strategy::Dpor, Strategy::Dfs}) {
    INFO(strategy_name(s));
    Bounds b;
    b.strategy = s;
    Report r = explore(p, b);
    REQUIRE(r.counterexample);
    const Trace& t = *r.counterexample;
    CHECK(t.threads == std::vector<std::string>{"first", "second", "rcu", "rcu"});
    const std::string recorded = trace_to_json(t).dump();
    ReplayResult again = replay(p, trace_from_json(nlohmann::json::parse(recorded)), b);
    CHECK(again.divergence == "");
    CHECK(again.identical);
  }
}

TEST_CASE("replay: a weak-memory counterexample (C11, a stale load) replays to byte-identical JSON") {
  // MP with relaxed accesses: the reader sees the flag but not the data, which only a load
  // choosing an older store (a data choice recorded in the trace) can do.
  struct Words {
    Atomic<int> data{ObjectName{"data"}};
    Atomic<int> flag{ObjectName{"flag"}};
  };
  Program p{[](Execution& ex) {
    auto& w = ex.keep(std::make_unique<Words>());
    ex.spawn("writer", [&w] {
      w.data.store(1, MemoryOrder::Relaxed);
      w.flag.store(1, MemoryOrder::Relaxed);
    });
    ex.spawn("reader", [&w] {
      if (w.flag.load(MemoryOrder::Relaxed) == 1) check(w.data.load(MemoryOrder::Relaxed) == 1, "data published");
    });
  }};
  for (Strategy s : {Strategy::Dpor, Strategy::Dfs, Strategy::Bounded, Strategy::Random}) {
    INFO(strategy_name(s));
    Bounds b;
    b.strategy = s;
    b.memory_model = MemoryModel::C11;
    const Report r = explore(p, b);
    REQUIRE(r.verdict == Verdict::Assertion);
    REQUIRE(r.counterexample);
    const std::string recorded = trace_to_json(*r.counterexample).dump();
    const ReplayResult again = replay(p, trace_from_json(nlohmann::json::parse(recorded)), b);
    CHECK(again.identical);
    CHECK(again.verdict == Verdict::Assertion);
    // Under the default model the same program passes: the stale load is the C11 model's.
    CHECK(explore(p, Bounds{}).verdict == Verdict::Pass);
  }
}
