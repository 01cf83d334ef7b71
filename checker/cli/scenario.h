// The generic half of a scenario file: the keys the runner owns. Everything else at the top
// level is a model section (ModelInterface::model_sections()) and is read by the model.
//
//   "name":       string, required; names the case in reports and JUnit
//   "purpose":    string, optional; one sentence for people
//   "bounds":     object, optional; see BoundsSpec (unset fields take the engine's defaults)
//   "invariants": array of invariant names, optional; default: every invariant of the model
//   "expect":     object, required; {"verdict": "pass"} or {"verdict": KIND, "check": NAME}, or
//                 several acceptable verdicts: {"verdict": ["pass", "data_race"]}
//
// docs/scenario-format.md describes the format for people, docs/scenario.schema.json for
// tools. Reading never guesses: any key, type or name it does not know is a ScenarioError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/explore.h"
#include "checker/model_interface.h"

namespace checker {

// The search bounds a file (and then the command line) asks for; an unset field keeps the
// engine's default (checker/explore.h, Bounds).
struct BoundsSpec {
  std::optional<Strategy> strategy;
  std::optional<std::uint32_t> preemptions;  // bounded: the largest preemption bound tried
  std::optional<std::uint64_t> max_executions;  // 0: no limit
  std::optional<double> time_limit;             // seconds; 0: no limit
  std::optional<std::uint32_t> step_bound;      // per thread
  std::optional<std::uint64_t> seed;            // random, pct
  std::optional<std::uint32_t> pct_depth;
  std::optional<bool> detect_data_races;
  std::optional<bool> lock_aware;
  std::optional<MemoryModel> memory_model;  // "sc" or "kernel" (MemoryModel::C11)

  // Fields set in `flags` replace ours.
  void override_with(const BoundsSpec& flags);
  Bounds resolve() const;
};

// The accepted ranges, shared by the file reader, the command-line flags and the schema test.
struct BoundsLimits {
  static constexpr std::uint32_t kMaxPreemptions = 64;
  static constexpr double kMaxTimeLimit = 1e6;
  static constexpr std::uint32_t kMaxStepBound = 10'000'000;
  static constexpr std::uint32_t kMaxPctDepth = 64;
};

// Reads a bounds object (the scenario's "bounds", or a trace's recorded bounds).
BoundsSpec read_bounds(const ScenarioDocument& doc, const nlohmann::json::json_pointer& at);

// Resolved bounds as recorded in outputs and trace metadata (every field, fixed key order).
nlohmann::json bounds_to_json(const Bounds& b);

struct Expectation {
  Verdict verdict = Verdict::Pass;   // the verdict the file lists first
  std::vector<Verdict> alternatives;  // the others of a list ("verdict": ["pass", "data_race"])
  // The invariant or engine check that must fail, for the one violation kind listed; any when
  // unset.
  std::optional<std::string> check;

  // Every acceptable verdict, in the file's order.
  std::vector<Verdict> verdicts() const;
};

// "pass", "deadlock", "invariant [no_lost_update]", "pass or data_race"
std::string describe(const Expectation& e);
// Whether a search that found `found` (nothing: a pass) meets the expectation.
bool meets(const Expectation& e, const std::optional<Violation>& found);

struct GenericScenario {
  std::string name;
  std::string purpose;
  BoundsSpec bounds;
  std::vector<std::string> invariants;  // resolved: the file's list, or every invariant
  Expectation expect;
};

// Reads the generic keys and rejects top-level keys that are neither generic nor a section of
// `model`. Throws ScenarioError.
GenericScenario read_generic_sections(const ScenarioDocument& doc, const ModelInterface& model);

// The generic top-level keys, the strategy names and the verdict kinds an expect block accepts.
const std::vector<std::string>& generic_keys();
std::vector<std::string> strategy_names();
// A scenario's memory models: "sc" (MemoryModel::Sc, the default) and "kernel" (MemoryModel::C11,
// which the model reaches through checker/kernel_order.h).
std::vector<std::string> memory_model_names();
const char* scenario_memory_model_name(MemoryModel m);
std::optional<MemoryModel> memory_model_from_name(std::string_view name);
std::vector<std::string> expectable_verdict_names();

}  // namespace checker
