#include "checker/cli/scenario.h"

#include <algorithm>
#include <limits>

#include "checker/cli/scenario_reader.h"

namespace checker {

using nlohmann::json;

namespace {

constexpr auto kU64Max = std::numeric_limits<std::uint64_t>::max();

std::vector<std::string> names_of(const std::vector<RegistryEntry>& entries) {
  std::vector<std::string> out;
  for (const RegistryEntry& e : entries) out.push_back(e.name);
  return out;
}

}  // namespace

BoundsSpec read_bounds(const ScenarioDocument& doc, const JsonPointer& at) {
  const ObjectReader r(doc, at,
                       {"strategy", "preemptions", "max_executions", "time_limit", "step_bound", "seed", "pct_depth",
                        "detect_data_races", "lock_aware", "memory_model"},
                       "bounds");
  using L = BoundsLimits;
  BoundsSpec b;
  if (r.has("strategy")) b.strategy = strategy_from_name(r.name("strategy", strategy_names(), "strategy"));
  if (r.has("preemptions")) b.preemptions = static_cast<std::uint32_t>(r.unsigned_integer("preemptions", 0, L::kMaxPreemptions));
  if (r.has("max_executions")) b.max_executions = r.unsigned_integer("max_executions", 0, kU64Max);
  if (r.has("time_limit")) b.time_limit = r.number("time_limit", 0, L::kMaxTimeLimit);
  if (r.has("step_bound")) b.step_bound = static_cast<std::uint32_t>(r.unsigned_integer("step_bound", 1, L::kMaxStepBound));
  if (r.has("seed")) b.seed = r.unsigned_integer("seed", 0, kU64Max);
  if (r.has("pct_depth")) b.pct_depth = static_cast<std::uint32_t>(r.unsigned_integer("pct_depth", 1, L::kMaxPctDepth));
  if (r.has("detect_data_races")) b.detect_data_races = r.boolean("detect_data_races");
  if (r.has("lock_aware")) b.lock_aware = r.boolean("lock_aware");
  if (r.has("memory_model"))
    b.memory_model = memory_model_from_name(r.name("memory_model", memory_model_names(), "memory model"));
  return b;
}

namespace {

std::vector<std::string> read_invariants(const ScenarioDocument& doc, const std::vector<std::string>& known) {
  if (!doc.root().contains("invariants")) return known;
  const JsonPointer at("/invariants");
  const json& list = read_array(doc, at);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonPointer item = at / i;
    std::string name = read_name(doc, item, known, "invariant");
    if (std::find(out.begin(), out.end(), name) != out.end())
      doc.fail(item, describe_pointer(item) + ": invariant \"" + name + "\" is listed twice");
    out.push_back(std::move(name));
  }
  return out;
}

// One verdict name at `at`, as an expect block accepts it.
Verdict read_expected_verdict(const ScenarioDocument& doc, const JsonPointer& at) {
  if (doc.root().at(at) == verdict_name(Verdict::Nondeterminism))
    doc.fail(at, "expect.verdict: \"nondeterminism\" is what a replay reports when it diverges, not an "
                 "outcome a scenario can expect; expected " + join_names(expectable_verdict_names()));
  return *verdict_from_name(read_name(doc, at, expectable_verdict_names(), "verdict"));
}

Expectation read_expect(const ScenarioDocument& doc, const std::vector<std::string>& known_invariants,
                        const std::vector<std::string>& checked) {
  const ObjectReader r(doc, JsonPointer("/expect"), {"verdict", "check"}, "expect");
  Expectation e;
  r.require("verdict");
  if (doc.root().at(r.at("verdict")).is_array()) {
    // Several acceptable verdicts: a race the search may or may not reach under its budget, or
    // that a fix may or may not close.
    const json& list = read_array(doc, r.at("verdict"), 1, 16);
    std::vector<Verdict> all;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Verdict v = read_expected_verdict(doc, r.at("verdict") / i);
      if (std::find(all.begin(), all.end(), v) != all.end())
        doc.fail(r.at("verdict") / i, "expect.verdict: \"" + std::string(verdict_name(v)) + "\" is listed twice");
      all.push_back(v);
    }
    e.verdict = all.front();
    e.alternatives.assign(all.begin() + 1, all.end());
  } else {
    e.verdict = read_expected_verdict(doc, r.at("verdict"));
  }
  if (!r.has("check")) return e;
  const JsonPointer at = r.at("check");
  std::vector<Verdict> violations;
  for (Verdict v : e.verdicts())
    if (v != Verdict::Pass) violations.push_back(v);
  if (violations.empty()) doc.fail_key(at, "a \"pass\" expectation names no check; remove \"check\"");
  if (violations.size() > 1)
    doc.fail_key(at, "expect.check names the check of one violation kind, and \"verdict\" lists " +
                         std::to_string(violations.size()) + "; remove \"check\" or list one violation kind");
  if (violations.front() == Verdict::Invariant || violations.front() == Verdict::Hint) {
    const std::string name = read_name(doc, at, known_invariants, "invariant");
    if (std::find(checked.begin(), checked.end(), name) == checked.end())
      doc.fail(at, "expect.check: invariant \"" + name + "\" is not checked by this scenario (see \"invariants\")");
    e.check = name;
  } else {
    e.check = read_string(doc, at);
  }
  return e;
}

}  // namespace

void BoundsSpec::override_with(const BoundsSpec& flags) {
  if (flags.strategy) strategy = flags.strategy;
  if (flags.preemptions) preemptions = flags.preemptions;
  if (flags.max_executions) max_executions = flags.max_executions;
  if (flags.time_limit) time_limit = flags.time_limit;
  if (flags.step_bound) step_bound = flags.step_bound;
  if (flags.seed) seed = flags.seed;
  if (flags.pct_depth) pct_depth = flags.pct_depth;
  if (flags.detect_data_races) detect_data_races = flags.detect_data_races;
  if (flags.lock_aware) lock_aware = flags.lock_aware;
  if (flags.memory_model) memory_model = flags.memory_model;
}

Bounds BoundsSpec::resolve() const {
  Bounds b;
  if (strategy) b.strategy = *strategy;
  if (preemptions) b.preemption_bound = *preemptions;
  if (max_executions) b.max_executions = *max_executions;
  if (time_limit) b.time_limit_seconds = *time_limit;
  if (step_bound) b.step_bound = *step_bound;
  if (seed) b.seed = *seed;
  if (pct_depth) b.pct_depth = *pct_depth;
  if (detect_data_races) b.detect_data_races = *detect_data_races;
  if (lock_aware) b.lock_aware = *lock_aware;
  if (memory_model) b.memory_model = *memory_model;
  return b;
}

json bounds_to_json(const Bounds& b) {
  json j = json::object();
  j["strategy"] = strategy_name(b.strategy);
  j["preemptions"] = b.preemption_bound;
  j["max_executions"] = b.max_executions;
  j["time_limit"] = b.time_limit_seconds;
  j["step_bound"] = b.step_bound;
  j["seed"] = b.seed;
  j["pct_depth"] = b.pct_depth;
  j["detect_data_races"] = b.detect_data_races;
  j["lock_aware"] = b.lock_aware;
  j["memory_model"] = scenario_memory_model_name(b.memory_model);
  return j;
}

std::vector<Verdict> Expectation::verdicts() const {
  std::vector<Verdict> all{verdict};
  all.insert(all.end(), alternatives.begin(), alternatives.end());
  return all;
}

std::string describe(const Expectation& e) {
  std::string s;
  for (Verdict v : e.verdicts()) {
    if (!s.empty()) s += " or ";
    s += verdict_name(v);
    if (e.check && v != Verdict::Pass) s += " [" + *e.check + "]";
  }
  return s;
}

bool meets(const Expectation& e, const std::optional<Violation>& found) {
  const std::vector<Verdict> all = e.verdicts();
  const Verdict got = found ? found->verdict : Verdict::Pass;
  if (std::find(all.begin(), all.end(), got) == all.end()) return false;
  return !found || !e.check || *e.check == found->check;
}

const std::vector<std::string>& generic_keys() {
  static const std::vector<std::string> keys{"name", "purpose", "bounds", "invariants", "expect"};
  return keys;
}

std::vector<std::string> strategy_names() {
  std::vector<std::string> out;
  for (Strategy s : {Strategy::Dpor, Strategy::Dfs, Strategy::Bounded, Strategy::Random, Strategy::Pct})
    out.push_back(strategy_name(s));
  return out;
}

// The scenario's names: "kernel" is the engine's C11 model, which the model reaches through the
// kernel's primitives (checker/kernel_order.h), so a scenario names it for what it checks.
const char* scenario_memory_model_name(MemoryModel m) { return m == MemoryModel::C11 ? "kernel" : "sc"; }

std::vector<std::string> memory_model_names() { return {"sc", "kernel"}; }

std::optional<MemoryModel> memory_model_from_name(std::string_view name) {
  if (name == "sc") return MemoryModel::Sc;
  if (name == "kernel") return MemoryModel::C11;
  return std::nullopt;
}

std::vector<std::string> expectable_verdict_names() {
  // Every verdict but nondeterminism, which only a replay can produce.
  std::vector<std::string> out;
  // The enum is dense from Pass; verdict_name() answers "?" past its end.
  for (int i = 0; std::string_view(verdict_name(static_cast<Verdict>(i))) != "?"; ++i) {
    const auto v = static_cast<Verdict>(i);
    if (v != Verdict::Nondeterminism) out.push_back(verdict_name(v));
  }
  return out;
}

GenericScenario read_generic_sections(const ScenarioDocument& doc, const ModelInterface& model) {
  std::vector<std::string> top = generic_keys();
  for (const std::string& s : model.model_sections()) top.push_back(s);
  const ObjectReader root(doc, JsonPointer(""), top, "the scenario");
  GenericScenario g;
  g.name = root.string("name");
  if (g.name.empty()) doc.fail(root.at("name"), "name: expected a non-empty string");
  g.purpose = root.string_or("purpose", "");
  if (root.has("bounds")) g.bounds = read_bounds(doc, root.at("bounds"));
  const std::vector<std::string> known = names_of(model.invariants());
  g.invariants = read_invariants(doc, known);
  root.require("expect");
  g.expect = read_expect(doc, known, g.invariants);
  return g;
}

}  // namespace checker
