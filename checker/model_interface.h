// The contract between the generic half (checker/: CLI, scenario runner, suite, traces) and a
// model (model/: the swap subsystem). checker/ knows nothing about swap: the model registers
// itself through this interface, parses its own scenario sections and names its operations,
// invariants and mutations. main() lives on the model side and hands the model to the CLI.
//
// Scenario file (JSON, comments allowed). The generic runner owns these top-level keys:
//   "name", "purpose", "bounds", "invariants", "expect"
// and hands every other top-level key to the model, which must reject the ones it does not know
// (model_sections() lists the ones it accepts; "config", "state" and "threads" for swap).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "checker/explore.h"

namespace checker {

// A place in a scenario file, for error messages ("file:line:column: message").
struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based
};

// Bad input: always names the file, line and column and what was expected there.
struct ScenarioError : std::runtime_error {
  ScenarioError(SourceLocation where, const std::string& what)
      : std::runtime_error(what), location(std::move(where)) {}
  SourceLocation location;
};

// A parsed scenario file: its JSON and where each value came from.
class ScenarioDocument {
 public:
  virtual ~ScenarioDocument() = default;
  virtual const std::string& file() const = 0;
  virtual const nlohmann::json& root() const = 0;
  // Location of the value at a JSON pointer ("/threads/1/steps/3"). A pointer to something the
  // file does not contain (a missing key) resolves to its nearest enclosing value that exists,
  // which is where a "missing key" error belongs.
  virtual SourceLocation location(const nlohmann::json::json_pointer& at) const = 0;
  // Location of the key of an object member (for "unknown key" errors); of the value otherwise.
  virtual SourceLocation key_location(const nlohmann::json::json_pointer& at) const = 0;
  // Throw ScenarioError at the value `at` points to, or at its key.
  [[noreturn]] void fail(const nlohmann::json::json_pointer& at, const std::string& what) const {
    throw ScenarioError(location(at), what);
  }
  [[noreturn]] void fail_key(const nlohmann::json::json_pointer& at, const std::string& what) const {
    throw ScenarioError(key_location(at), what);
  }
};

// One entry of a model registry, for `swapcheck list` and for validating names.
struct RegistryEntry {
  std::string name;
  std::string doc;  // one line
};

// What the model makes of a scenario: a program to explore and its configuration in a
// normalised form (recorded in trace metadata and hashed with the scenario).
struct ModelScenario {
  Program program;
  nlohmann::json config = nlohmann::json::object();
};

// Threading: the suite runs scenarios on several OS threads at once (--jobs), so build() and
// the programs it returns must not share mutable state between calls (the determinism rule
// already forbids globals). checker/cli/scenario_reader.h has typed readers for model sections
// that report errors at the right file:line:column.
class ModelInterface {
 public:
  virtual ~ModelInterface() = default;
  virtual std::string name() const = 0;
  virtual std::vector<std::string> model_sections() const = 0;
  virtual std::vector<RegistryEntry> operations() const = 0;  // kernel paths and single steps
  virtual std::vector<RegistryEntry> invariants() const = 0;
  virtual std::vector<RegistryEntry> mutations() const = 0;
  // Builds the program for a scenario. `invariants` are the names to check (already validated
  // against invariants(); all of them when the file does not say). Throws ScenarioError.
  virtual ModelScenario build(const ScenarioDocument& doc, const std::vector<std::string>& invariants) const = 0;
};

}  // namespace checker
