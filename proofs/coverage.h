// Which of the model's transition functions the claims cover (issue 14).
//
// A claim covers a model function when its encoding instantiates that function's shared
// transition (model/pure_value.h: every shared transition notes the kernel function it follows;
// the prover records the notes while it encodes the claim). model_transitions() is the catalogue
// of the model functions that change per-slot or per-section state: those whose transition is
// shared with proofs/ (the header it lives in), and those whose step the model still writes
// inline (with why), which no claim can cover. A test checks that every note names a catalogued
// function and that every shared one is noted by its header.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "proofs/claim.h"

namespace swapproofs {

struct ModelTransition {
  std::string function;  // the kernel function the model follows
  std::string where;     // the model file the function lives in
  std::string shared;    // the header of its shared transition; empty when the model writes it inline
  std::string why;       // for an inline one: why it is not shared (what it does)
};

const std::vector<ModelTransition>& model_transitions();

// For each model function, the claims ("design.step") whose encoding covers it.
std::map<std::string, std::vector<std::string>> coverage(const std::vector<ClaimDef>& claims);

// The catalogued functions no claim covers, in catalogue order.
std::vector<ModelTransition> uncovered(const std::vector<ClaimDef>& claims);

// swapcheck-prove --coverage: one line per uncovered function and a summary.
std::string coverage_report(const std::vector<ClaimDef>& claims);

}  // namespace swapproofs
