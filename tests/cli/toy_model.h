// A toy model for testing the generic CLI end to end without the swap model: a shared counter
// incremented with or without a lock, two locks taken in either order, a flag to wait on.
// It implements checker::ModelInterface exactly as a real model would, reading its sections
// with checker/cli/scenario_reader.h.
//
// Sections:
//   "config":  {"mutations": ["drop_counter_lock"]}          optional
//   "state":   {"counter": 0}          optional; the counter's start (0..1000; above 500 the setup
//                                      fails its precondition, to test that path)
//   "threads": [{"name": "a", "steps": ["locked_increment", {"op": "racy_increment", "repeat": 2}]}]
//
// The ops, invariants and mutations are listed (with one-line docs) by operations(),
// invariants() and mutations(). Stateless and thread-safe: build() captures the parsed scenario
// by value in the program.
#pragma once

#include "checker/model_interface.h"

namespace toy {

class ToyModel final : public checker::ModelInterface {
 public:
  std::string name() const override { return "toy"; }
  std::vector<std::string> model_sections() const override { return {"config", "state", "threads"}; }
  std::vector<checker::RegistryEntry> operations() const override;
  std::vector<checker::RegistryEntry> invariants() const override;
  std::vector<checker::RegistryEntry> mutations() const override;
  checker::ModelScenario build(const checker::ScenarioDocument& doc,
                               const std::vector<std::string>& invariants) const override;
  // The counter's start and each thread's steps; a start above 500 fails as the setup does.
  std::optional<checker::StateView> initial_state(const checker::ScenarioDocument& doc) const override;
};

}  // namespace toy
