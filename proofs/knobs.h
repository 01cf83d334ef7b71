// The model's mutation and fix knobs, as the claims are built for them. The shared transitions
// take the knobs they depend on (model/vswap/vswap_steps.h, model/desc/swap_refs.h, ...), so a
// claim built with a knob set proves or refutes the mutated model's own code.
#pragma once

#include "model/config.h"

namespace swapproofs {

struct Knobs {
  swapmodel::Mutations mutations;
  swapmodel::Fixes fixes;
};

}  // namespace swapproofs
