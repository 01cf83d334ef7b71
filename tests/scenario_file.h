// Scenario files as the model tests read them. A scenario is a JSON file of scenarios/ and
// nothing else: a test that explores one reads its file (a case of a matrix file as
// "FILE#case"), and may then change its configuration (a mutation or a fix switched on) before
// it explores.
#pragma once

#include <string>

#include "checker/cli/scenario_loader.h"
#include "model/cli/swap_interface.h"

namespace swaptest {

// scenarios/<rel>.
inline std::string scenario_path(const std::string& rel) { return std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios/" + rel; }

// scenarios/<rel> (FILE or FILE#case), read and checked as `swapcheck run` reads it.
inline swapmodel::SwapScenario scenario_file(const std::string& rel) {
  const swapmodel::SwapModelInterface model;
  const checker::LoadedScenario s = checker::load_scenario(scenario_path(rel), model);
  return swapmodel::read_swap_scenario(*s.doc, s.generic.invariants);
}

}  // namespace swaptest
