// StepWrites and InvariantDef::check_step (execution.h): what the engine tells incremental
// invariants about each step, and when it asks them instead of the whole check.
#include <catch2/catch.hpp>

#include <deque>
#include <memory>
#include <vector>

#include "checker/atomic.h"
#include "checker/explore.h"
#include "checker/lock.h"
#include "checker/var.h"

using namespace checker;

namespace {

struct World {
  SpinLock lock{ObjectName{"lock"}};
  Var<int> v{ObjectName{"v"}};
  Atomic<int> a{ObjectName{"a"}};
  std::deque<Atomic<int>> made;  // created by the thread
};

// What one execution's step invariant saw: {kNoObject} for a check() call, else the written
// ids; and the ids of the world's objects (the world is gone once the execution is).
struct Seen {
  std::vector<std::vector<ObjectId>> steps;
  ObjectId lock = kNoObject, v = kNoObject, a = kNoObject, made = kNoObject;
};

Program recording(std::shared_ptr<Seen> seen, bool filter_everything) {
  return Program{[seen, filter_everything](Execution& ex) {
    World& w = ex.keep(std::make_unique<World>());
    seen->steps.clear();
    seen->lock = w.lock.id();
    seen->v = w.v.id();
    seen->a = w.a.id();
    // One thread, one schedule: read, lock, write, unlock, load (then create an object in the
    // thread-local code after it), store.
    ex.spawn("t", [&w, seen] {
      (void)w.v.read();
      w.lock.lock();
      w.v.write(1);
      w.lock.unlock();
      (void)w.a.load();
      seen->made = w.made.emplace_back(ObjectName{"made"}, 0).id();
      w.a.store(2);
    });
    InvariantDef d{"record", Verdict::Invariant, CheckWhen::EveryStep, [seen] {
                     seen->steps.push_back({kNoObject});  // whole
                     return std::optional<std::string>();
                   }};
    d.check_step = [seen](const StepWrites& s) {
      seen->steps.emplace_back(s.objects.begin(), s.objects.end());
      return std::optional<std::string>();
    };
    ex.add_invariant(std::move(d));
    if (filter_everything) ex.set_step_filter([](const StepWrites&) { return false; });
  }};
}

}  // namespace

TEST_CASE("step writes: each step reports what its event wrote and what it created; the first check is whole") {
  auto seen = std::make_shared<Seen>();
  Bounds b;
  b.strategy = Strategy::Dfs;
  const Report r = explore(recording(seen, false), b);
  REQUIRE(r.verdict == Verdict::Pass);
  REQUIRE(r.executions == 1);
  const Seen& w = *seen;
  // A read writes nothing, but the first check of an execution is whole; a lock acquisition and
  // a release both write the lock; a load writes nothing, and the object made after it in the
  // same step is written by that step.
  const std::vector<std::vector<ObjectId>> want = {
      {kNoObject}, {w.lock}, {w.v}, {w.lock}, {w.made}, {w.a},
  };
  CHECK(seen->steps == want);
}

TEST_CASE("step writes: a step filter that finds nothing changed skips every check_step") {
  auto seen = std::make_shared<Seen>();
  Bounds b;
  b.strategy = Strategy::Dfs;
  REQUIRE(explore(recording(seen, true), b).verdict == Verdict::Pass);
  // Only the first (whole) check ran.
  CHECK(seen->steps == std::vector<std::vector<ObjectId>>{{kNoObject}});
}

TEST_CASE("step writes: after a violation the engine judges whole again") {
  // Collecting every violation, the execution runs on after its first one: every check after
  // the failing check_step is whole. Recorded per call: 'w' / 's' for a whole / incremental
  // check that passed, upper case for one that failed.
  auto calls = std::make_shared<std::string>();
  Program p{[calls](Execution& ex) {
    calls->clear();
    auto& a = ex.keep(std::make_unique<Atomic<int>>(ObjectName{"a"}));
    auto& c = ex.keep(std::make_unique<Atomic<int>>(ObjectName{"c"}));
    ex.spawn("t", [&a] {
      a.store(1);
      a.store(2);
      a.store(3);
    });
    ex.spawn("u", [&c] { c.store(1); });
    auto judge = [calls, &a](char kind) -> std::optional<std::string> {
      const bool fails = a.peek() >= 2;
      calls->push_back(fails ? static_cast<char>(kind - 'a' + 'A') : kind);
      return fails ? std::optional<std::string>("a is " + std::to_string(a.peek())) : std::nullopt;
    };
    InvariantDef d{"a_below_2", Verdict::Invariant, CheckWhen::EveryStep, [judge] { return judge('w'); }};
    d.check_step = [judge](const StepWrites&) { return judge('s'); };
    ex.add_invariant(std::move(d));
  }};
  Bounds b;
  b.strategy = Strategy::Dfs;
  b.max_executions = 1;
  b.stop_on_violation = false;
  const Report r = explore(p, b);
  REQUIRE(r.verdict == Verdict::Invariant);
  CHECK(r.violation->message == "a is 2");
  INFO(*calls);
  REQUIRE(calls->size() >= 3);
  CHECK(calls->front() == 'w');
  const std::size_t failed = calls->find('S');
  REQUIRE(failed != std::string::npos);
  CHECK(calls->find_first_not_of("wW", failed + 1) == std::string::npos);
  CHECK(calls->find_first_not_of("s", 1) == failed);
}
