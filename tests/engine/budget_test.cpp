// A run stopped by a budget is reported as bounded, never as an exhaustive pass.
#include <catch2/catch.hpp>

#include "bench/workloads.h"

using namespace checker;

TEST_CASE("an execution budget stops the search and marks it not exhaustive") {
  for (Strategy s : {Strategy::Dpor, Strategy::Dfs, Strategy::Bounded}) {
    INFO(strategy_name(s));
    Bounds b;
    b.strategy = s;
    b.max_executions = 10;
    Report r = explore(workloads::refcnt(5), b);
    CHECK(r.verdict == Verdict::Pass);
    CHECK(r.stop == StopReason::ExecutionBudget);
    CHECK_FALSE(r.exhaustive);
    CHECK(r.executions == 10);
  }
}

TEST_CASE("a time budget stops the search and marks it not exhaustive") {
  Bounds b;
  b.time_limit_seconds = 1e-9;
  Report r = explore(workloads::refcnt(6), b);
  CHECK(r.stop == StopReason::TimeBudget);
  CHECK_FALSE(r.exhaustive);
  CHECK(r.verdict == Verdict::Pass);
}

TEST_CASE("random and pct sample 1000 executions by default and never claim exhaustiveness") {
  for (Strategy s : {Strategy::Random, Strategy::Pct}) {
    Bounds b;
    b.strategy = s;
    Report r = explore(workloads::refcnt(3), b);
    CHECK(r.executions == 1000);
    CHECK(r.stop == StopReason::ExecutionBudget);
    CHECK_FALSE(r.exhaustive);
  }
}

TEST_CASE("the same seed gives the same random exploration") {
  for (Strategy s : {Strategy::Random, Strategy::Pct}) {
    Bounds b;
    b.strategy = s;
    b.seed = 7;
    b.max_executions = 50;
    std::vector<std::string> first, second;
    explore(workloads::refcnt(4), b, [&](const Execution& ex) { first.push_back(trace_to_json(trace_of(ex, "x")).dump()); });
    explore(workloads::refcnt(4), b, [&](const Execution& ex) { second.push_back(trace_to_json(trace_of(ex, "x")).dump()); });
    CHECK(first == second);
    b.seed = 8;
    std::vector<std::string> other;
    explore(workloads::refcnt(4), b, [&](const Execution& ex) { other.push_back(trace_to_json(trace_of(ex, "x")).dump()); });
    CHECK(other != first);
  }
}
