// A swap scenario as the engine runs it: configuration, initial state, threads (each on a model
// CPU, optionally with a folio budget), and the invariants to check. make_program() turns it
// into a checker::Program whose setup builds a fresh SwapModel for every execution.
//
// This is the in-C++ form of a scenario file's "config", "state" and "threads" sections; the
// JSON binding (ModelInterface) maps each onto these fields through the op registry.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "checker/explore.h"
#include "model/config.h"

namespace swapmodel {

class SwapModel;

struct SwapThread {
  std::string name;
  std::function<void(SwapModel&)> body;
  int cpu = 0;
  int folio_budget = -1;  // folios the thread may allocate; -1 unlimited
};

struct SwapScenario {
  SwapConfig cfg;
  std::function<void(SwapModel&)> setup;  // builds the initial state (setup.h helpers, ops)
  std::vector<SwapThread> threads;
  std::vector<std::string> invariants;    // empty: all of them
  // Tests: judge every step invariant incrementally and whole, and fail where they disagree
  // (install_cross_checked_invariants).
  bool cross_check_invariants = false;
};

checker::Program make_program(SwapScenario scenario);

}  // namespace swapmodel
