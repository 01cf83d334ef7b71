#include "toy_model.h"

#include <algorithm>
#include <memory>

#include "checker/atomic.h"
#include "checker/cli/scenario_reader.h"
#include "checker/lock.h"
#include "checker/var.h"

namespace toy {

using namespace checker;
using nlohmann::json;

namespace {

struct Op {
  const char* name;
  const char* doc;
  int increments;  // how much the op adds to the counters when it completes
};

constexpr Op kOps[] = {
    {"locked_increment", "counter_lock; counter = counter + 1; unlock (the fixed path)", 1},
    {"unlocked_increment", "counter = counter + 1 on the plain counter without the lock (a data race)", 1},
    {"racy_increment", "acounter.load then acounter.store(v + 1): a lost update without a data race", 1},
    {"atomic_increment", "acounter.fetch_add(1)", 1},
    {"lock_ab", "take lock A then lock B, release both", 0},
    {"lock_ba", "take lock B then lock A, release both (with lock_ab: ABBA deadlock)", 0},
    {"set_flag", "flag.store(1)", 0},
    {"wait_flag", "spin on flag.load() until it is 1 (non-termination when nobody sets it)", 0},
    {"unlock_unheld", "unlock counter_lock without holding it (bad unlock)", 0},
    {"assert_zero", "check(acounter.load() == 0) (an assertion)", 0},
    {"publish_relaxed", "acounter.store(1) then flag.store(1), both relaxed (message passing without release)", 1},
    {"consume_relaxed",
     "if flag.load() == 1 (relaxed), check(acounter.load() == 1) (relaxed): fails only when a load may read an older "
     "store (memory_model kernel)",
     0},
};

const Op* find_op(const std::string& name) {
  for (const Op& op : kOps)
    if (name == op.name) return &op;
  return nullptr;
}

std::vector<std::string> op_names() {
  std::vector<std::string> out;
  for (const Op& op : kOps) out.push_back(op.name);
  return out;
}

struct ThreadSpec {
  std::string name;
  std::vector<std::string> steps;  // expanded: repeats unrolled
};

// Everything build() read: captured by value in the program.
struct Spec {
  bool drop_counter_lock = false;
  std::vector<std::string> mutations;
  int initial = 0;
  std::vector<ThreadSpec> threads;
  std::vector<std::string> invariants;
  int increments = 0;
};

struct State {
  explicit State(int initial) : counter(ObjectName{"counter"}, initial) {}
  Var<int> counter;
  Atomic<int> acounter{ObjectName{"acounter"}, 0};
  Atomic<int> flag{ObjectName{"flag"}, 0};
  SpinLock counter_lock{ObjectName{"counter_lock"}};
  SpinLock a{ObjectName{"A"}};
  SpinLock b{ObjectName{"B"}};
};

// One function per op, named as the op, so traces say which op an event belongs to.
void locked_increment(State& s, bool drop_lock) {
  if (!drop_lock) s.counter_lock.lock();
  const int v = s.counter.read();
  s.counter.write(v + 1);
  if (!drop_lock) s.counter_lock.unlock();
}

void unlocked_increment(State& s) {
  const int v = s.counter.read();
  s.counter.write(v + 1);
}

void racy_increment(State& s) {
  const int v = s.acounter.load();
  s.acounter.store(v + 1);
}

void atomic_increment(State& s) { s.acounter.fetch_add(1); }

void lock_pair(SpinLock& first, SpinLock& second) {
  first.lock();
  second.lock();
  second.unlock();
  first.unlock();
}

void set_flag(State& s) { s.flag.store(1); }

void wait_flag(State& s) {
  while (s.flag.load() == 0) {
  }
}

void unlock_unheld(State& s) { s.counter_lock.unlock(); }

void assert_zero(State& s) { check(s.acounter.load() == 0, "acounter is zero"); }

void publish_relaxed(State& s) {
  s.acounter.store(1, MemoryOrder::Relaxed);
  s.flag.store(1, MemoryOrder::Relaxed);
}

void consume_relaxed(State& s) {
  if (s.flag.load(MemoryOrder::Relaxed) == 1) check(s.acounter.load(MemoryOrder::Relaxed) == 1, "published acounter seen");
}

void run_op(State& s, const Spec& spec, const std::string& op) {
  if (op == "locked_increment") locked_increment(s, spec.drop_counter_lock);
  else if (op == "unlocked_increment") unlocked_increment(s);
  else if (op == "racy_increment") racy_increment(s);
  else if (op == "atomic_increment") atomic_increment(s);
  else if (op == "lock_ab") lock_pair(s.a, s.b);
  else if (op == "lock_ba") lock_pair(s.b, s.a);
  else if (op == "set_flag") set_flag(s);
  else if (op == "wait_flag") wait_flag(s);
  else if (op == "unlock_unheld") unlock_unheld(s);
  else if (op == "assert_zero") assert_zero(s);
  else if (op == "publish_relaxed") publish_relaxed(s);
  else if (op == "consume_relaxed") consume_relaxed(s);
}

void add_invariants(Execution& ex, const State& s, const Spec& spec) {
  const int expected = spec.initial + spec.increments;
  auto total = [&s] { return s.counter.peek() + s.acounter.peek(); };
  for (const std::string& name : spec.invariants) {
    if (name == "no_lost_update")
      ex.add_invariant({name, Verdict::Invariant, CheckWhen::Quiescence, [total, expected]() -> std::optional<std::string> {
                          if (total() == expected) return std::nullopt;
                          return "counters add up to " + std::to_string(total()) + ", expected " +
                                 std::to_string(expected);
                        }});
    else if (name == "counter_in_range")
      ex.add_invariant({name, Verdict::Invariant, CheckWhen::EveryStep, [total, expected]() -> std::optional<std::string> {
                          if (total() <= expected) return std::nullopt;
                          return "counters add up to " + std::to_string(total()) + ", more than " +
                                 std::to_string(expected);
                        }});
    else if (name == "flag_clear")
      ex.add_invariant({name, Verdict::Hint, CheckWhen::Quiescence, [&s]() -> std::optional<std::string> {
                          if (s.flag.peek() == 0) return std::nullopt;
                          return "flag was left set";
                        }});
  }
}

Program program_of(std::shared_ptr<const Spec> spec) {
  return Program{[spec](Execution& ex) {
    // An initial state the toy cannot start from, so the CLI's handling of a setup that breaks
    // a precondition (exit 2) can be tested.
    require(spec->initial <= 500, "the counter starts at most at 500");
    State& s = ex.keep(std::make_unique<State>(spec->initial));
    for (const ThreadSpec& t : spec->threads)
      ex.spawn(t.name, [&s, spec, &t] {
        for (const std::string& op : t.steps) run_op(s, *spec, op);
      });
    add_invariants(ex, s, *spec);
  }};
}

void read_config(const ScenarioDocument& doc, Spec& spec, const std::vector<std::string>& mutation_names) {
  if (!doc.root().contains("config")) return;
  const ObjectReader config(doc, JsonPointer("/config"), {"mutations"}, "config");
  if (!config.has("mutations")) return;
  const json& list = config.array("mutations");
  for (std::size_t i = 0; i < list.size(); ++i)
    spec.mutations.push_back(read_name(doc, config.at("mutations") / i, mutation_names, "mutation"));
  std::sort(spec.mutations.begin(), spec.mutations.end());
  spec.mutations.erase(std::unique(spec.mutations.begin(), spec.mutations.end()), spec.mutations.end());
  spec.drop_counter_lock = !spec.mutations.empty();
}

void read_steps(const ScenarioDocument& doc, const JsonPointer& at, ThreadSpec& t, int& increments) {
  const json& steps = read_array(doc, at, 1, 64);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const JsonPointer step = at / i;
    std::string op;
    std::int64_t repeat = 1;
    if (steps[i].is_object()) {
      const ObjectReader r(doc, step, {"op", "repeat"}, "a step");
      op = r.name("op", op_names(), "operation");
      repeat = r.integer_or("repeat", 1, 16, 1);
    } else {
      if (!steps[i].is_string())
        doc.fail(step, describe_pointer(step) + ": expected an operation name or {\"op\": ..., \"repeat\": n}, got " +
                           describe_value(steps[i]));
      op = read_name(doc, step, op_names(), "operation");
    }
    for (std::int64_t k = 0; k < repeat; ++k) {
      t.steps.push_back(op);
      increments += find_op(op)->increments;
    }
  }
}

void read_threads(const ScenarioDocument& doc, Spec& spec) {
  if (!doc.root().contains("threads")) doc.fail(JsonPointer(), "missing key \"threads\" in the scenario");
  const JsonPointer at("/threads");
  const json& threads = read_array(doc, at, 1, 8);
  for (std::size_t i = 0; i < threads.size(); ++i) {
    const ObjectReader r(doc, at / i, {"name", "steps"}, "a thread");
    ThreadSpec t;
    t.name = r.string("name");
    for (const ThreadSpec& other : spec.threads)
      if (other.name == t.name) doc.fail(r.at("name"), "threads: two threads are named \"" + t.name + "\"");
    r.require("steps");
    read_steps(doc, r.at("steps"), t, spec.increments);
    spec.threads.push_back(std::move(t));
  }
}

json normalised(const Spec& spec) {
  json threads = json::array();
  for (const ThreadSpec& t : spec.threads) threads.push_back({{"name", t.name}, {"steps", t.steps}});
  return {{"mutations", spec.mutations}, {"counter", spec.initial}, {"threads", threads}};
}

std::vector<std::string> names(const std::vector<RegistryEntry>& entries) {
  std::vector<std::string> out;
  for (const RegistryEntry& e : entries) out.push_back(e.name);
  return out;
}

}  // namespace

std::vector<RegistryEntry> ToyModel::operations() const {
  std::vector<RegistryEntry> out;
  for (const Op& op : kOps) out.push_back({op.name, op.doc});
  return out;
}

std::vector<RegistryEntry> ToyModel::invariants() const {
  return {{"no_lost_update", "at quiescence the counters add up to the start value plus every increment"},
          {"counter_in_range", "after every step the counters never exceed that sum"},
          {"flag_clear", "(hint) at quiescence the flag is clear"}};
}

std::vector<RegistryEntry> ToyModel::mutations() const {
  return {{"drop_counter_lock", "locked_increment forgets to take counter_lock"}};
}

ModelScenario ToyModel::build(const ScenarioDocument& doc, const std::vector<std::string>& invariants) const {
  auto spec = std::make_shared<Spec>();
  read_config(doc, *spec, names(mutations()));
  if (doc.root().contains("state")) {
    const ObjectReader state(doc, JsonPointer("/state"), {"counter"}, "state");
    spec->initial = static_cast<int>(state.integer_or("counter", 0, 1000, 0));
  }
  read_threads(doc, *spec);
  spec->invariants = invariants;
  ModelScenario out;
  out.config = normalised(*spec);
  out.program = program_of(spec);
  return out;
}

std::optional<checker::StateView> ToyModel::initial_state(const ScenarioDocument& doc) const {
  const ModelScenario built = build(doc, {});
  const int counter = built.config["counter"];
  if (counter > 500) doc.fail(JsonPointer("/state/counter"), "the setup fails: the counter starts at most at 500");
  std::string text = "counter " + std::to_string(counter) + ", acounter 0, flag 0\n";
  for (const json& t : built.config["threads"]) {
    text += "thread " + t["name"].get<std::string>() + ":";
    for (const json& step : t["steps"]) text += " " + step.get<std::string>();
    text += "\n";
  }
  return checker::StateView{text, {{"counter", counter}, {"acounter", 0}, {"flag", 0}, {"threads", built.config["threads"]}}};
}

}  // namespace toy
