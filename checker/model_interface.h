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
#include <optional>
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

// The reference of one name a scenario may use, for `list` and docs/model-reference.md: a
// configuration key, an operation, a mutation, ... with its value or arguments, defaults and
// the kernel code it follows.
struct ReferenceParam {
  std::string name;
  std::string type;      // what it takes: "integer 2..64", "0 or 1", "folio id", "list of fix names"
  std::string fallback;  // its default, as a scenario writes it; "" when it must be given
  std::string doc;
};

struct ReferenceEntry {
  std::string name;
  std::string doc;                    // what it is or does
  std::string type;                   // a key's value ("integer 1..4"); "" for a callable or a name
  std::string fallback;               // a key's default; "" when it has none or must be given
  std::string kernel;                 // the kernel function, file and seed it follows; "" when none
  std::vector<ReferenceParam> params;  // an operation's arguments, an object's keys
  std::vector<std::string> notes;      // more facts, one sentence each
};

// One kind of name (`list KIND`): "config", "ops", "steps", ...
struct ReferenceSection {
  std::string kind;
  std::string title;  // "Configuration keys"
  std::string intro;  // a paragraph: where these names go in a scenario
  std::vector<ReferenceEntry> entries;
};

// The initial state a scenario's setup builds, as the model shows it (`state FILE`): text for
// people and the same as JSON, with the ids the scenario's steps use.
struct StateView {
  std::string text;
  nlohmann::json json;
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

  // The model's reference: every kind of name its sections take. By default the three lists
  // above, one line each; a model overrides it to document keys, arguments, defaults and the
  // kernel code each follows.
  virtual std::vector<ReferenceSection> reference() const {
    const auto section = [](std::string kind, std::string title, const std::vector<RegistryEntry>& list) {
      ReferenceSection s{std::move(kind), std::move(title), "", {}};
      for (const RegistryEntry& e : list) s.entries.push_back(ReferenceEntry{e.name, e.doc, "", "", "", {}, {}});
      return s;
    };
    return {section("ops", "Operations", operations()), section("invariants", "Invariants", invariants()),
            section("mutations", "Mutations", mutations())};
  }

  // The state the setup of a scenario (already read by build(), so valid) builds before any
  // thread runs; nullopt when the model cannot show it. Throws ScenarioError when the setup
  // itself fails.
  virtual std::optional<StateView> initial_state(const ScenarioDocument& doc) const {
    (void)doc;
    return std::nullopt;
  }
};

}  // namespace checker
