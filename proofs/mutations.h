// The model's mutation knobs as the proofs see them (issue 14). The claims are built for a set
// of knobs (claims_for, knobs.h); a knob that changes a shared transition a claim runs changes
// that claim's encoding, and the mutated model's code is then what Z3 checks. For each knob of
// the model's registry this catalogue says which obligation fails under it, or why none can:
// most knobs put back a lifetime, RCU or termination bug that lives in the explorer's state
// (heap objects, grace periods, loops), not in a slot's counts.
#pragma once

#include <string>
#include <vector>

#include "proofs/claim.h"
#include "proofs/knobs.h"

namespace swapproofs {

struct MutationView {
  std::string knob;        // the name in the model's mutation registry
  std::string fails;  // an obligation that does not come out as expected under it; empty when none can
  std::string why;    // when none can: why the per-slot claims cannot see it (or a note on what they see)
};

const std::vector<MutationView>& mutation_views();

// The model's fix knobs (config.h Fixes) the same way: a fix that closes a finding some claim
// states turns that finding's obligation (expected refuted in the faithful model) into a proof;
// every other fix is listed with what the claims see of it, or why they see nothing.
struct FixView {
  std::string knob;    // the name in the model's fix registry
  std::string proves;  // a finding's obligation that the fix proves; empty when none
  std::string why;     // when none: what the claims see of it, or why nothing
};

const std::vector<FixView>& fix_views();

// The claims ("design.step") whose encoding under `k` differs from the faithful one: the ones
// whose shared transitions read a knob `k` sets.
std::vector<std::string> claims_changed_by(const Knobs& k);

}  // namespace swapproofs
