// The swap model behind the generic swapcheck CLI (checker/model_interface.h): it reads the
// scenario's swap sections through the registries of model/registry.h and builds a
// SwapScenario program.
//
// Sections (docs/scenario-format.md for the generic keys):
//   "config":  {"count_max": 3, "thp": 1, "memcg": "v2", ...,             optional; keys are
//               "mutations": ["dup_without_ptl"],                          the config knobs
//               "fixes": ["zero_writeout_drops_zswap"],                    (list config); flags
//               "memcg_limits": [{"memcg": 2, "swap_max": 1, "charge_fails": 0}]}   are 0 or 1
//   "state":   [{"op": "new_mm", "memcg": 2}, {"op": "map_anon", "mm": 0, "idx": 0},
//               {"op": "swap_out", "mm": 0, "idx": 0}]                     optional; run in setup
//   "threads": [{"name": "fault", "cpu": 0, "folio_budget": -1,           cpu defaults to the
//                "steps": [{"op": "do_swap_page", "mm": 0, "idx": 0}]}]    thread's index
// A step names an operation and gives its arguments as sibling keys. Operations, their
// arguments and defaults are listed by `swapcheck list ops`. An argument naming something that
// does not exist when the step runs (an mm id, a folio id) fails the step's precondition.
// `swapcheck list all` documents every key, operation and step (swap_reference.h), and
// `swapcheck state FILE` shows the objects a setup builds (state_view.h).
// Thread steps are the step language of step_program.h: results bound with "as" and passed as
// "$name", if/then/else, goto, retry with a bound, assert.
//
// Stateless: build() captures everything it read by value in the program.
#pragma once

#include "checker/model_interface.h"
#include "model/program.h"

namespace swapmodel {

// The swap sections of a scenario document as a SwapScenario (tests read scenario files this way
// and may change the configuration before they explore). `normalised_config`, when given,
// receives the configuration as traces record it. Throws checker::ScenarioError.
SwapScenario read_swap_scenario(const checker::ScenarioDocument& doc, const std::vector<std::string>& invariants,
                                bool cross_check_invariants = false, nlohmann::json* normalised_config = nullptr);

class SwapModelInterface final : public checker::ModelInterface {
 public:
  // cross_check_invariants: the programs judge every step invariant incrementally and whole
  // (SwapScenario::cross_check_invariants); for tests.
  explicit SwapModelInterface(bool cross_check_invariants = false) : cross_check_(cross_check_invariants) {}
  std::string name() const override { return "swap"; }
  std::vector<std::string> model_sections() const override { return {"config", "state", "threads"}; }
  std::vector<checker::RegistryEntry> operations() const override;
  std::vector<checker::RegistryEntry> invariants() const override;
  std::vector<checker::RegistryEntry> mutations() const override;
  checker::ModelScenario build(const checker::ScenarioDocument& doc,
                               const std::vector<std::string>& invariants) const override;
  // swap_reference.h: config, ops, steps, invariants, mutations, fixes.
  std::vector<checker::ReferenceSection> reference() const override;
  // state_view.h.
  std::optional<checker::StateView> initial_state(const checker::ScenarioDocument& doc) const override;

 private:
  bool cross_check_;
};

}  // namespace swapmodel
