// Counterexamples as scenario files the explorer runs (docs/scenario-format.md).
//
// A refuted obligation comes back from Z3 as values of the step's shown fields. A
// ScenarioBuilder turns those values into a swap-model scenario ("config", "state", "threads")
// that drives the model's operations into the same situation:
//   - when the model has a way to break the precondition (a mutation that drops the lock, or an
//     operation called without the context the kernel caller provides), the scenario expects the
//     violation Z3 found; it "reproduces";
//   - when it does not (the model always takes that lock), the scenario is the faithful twin:
//     the same race with the lock in place, expected to pass. It shows the lock is what excludes
//     the counterexample, within the explorer's bounds.
// Builders read only the counterexample's values, so a minimised (canonical) counterexample
// gives the same file byte for byte.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace swapproofs {

using Json = nlohmann::ordered_json;

// The values of a counterexample's shown fields, as printed ("3", "-1", "true").
class Counterexample {
 public:
  void add(std::string name, std::string value) { values_.emplace_back(std::move(name), std::move(value)); }
  const std::vector<std::pair<std::string, std::string>>& values() const { return values_; }
  std::optional<std::int64_t> integer(const std::string& name) const;
  bool flag(const std::string& name) const;  // false when absent
  std::string text(const std::string& indent) const;  // "name=value" lines

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

struct ScenarioFile {
  Json doc;                   // the scenario; "name" is set by the writer
  std::string comment;        // leading comment (may span lines; each becomes a // line)
  bool reproduces = false;    // expects the violation (true) or a pass of the faithful model
};

using ScenarioBuilder = std::function<ScenarioFile(const Counterexample&)>;

// The file's text: the comment as // lines, then the JSON, then a newline.
std::string scenario_text(const ScenarioFile& f);

// Small builders for the swap model's sections.
Json step(const std::string& op, Json args = Json::object());
Json thread(const std::string& name, std::vector<Json> steps);
Json expect_violation(const std::string& check);
Json expect_pass();
// A swap-model scenario: purpose, expect, config, state and threads ("name" is left for the writer).
ScenarioFile make_scenario(const std::string& purpose, const std::string& comment, Json config, std::vector<Json> state,
                           std::vector<Json> threads, Json expect, bool reproduces);

}  // namespace swapproofs
