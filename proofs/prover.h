// Discharging obligations with Z3, by refutation.
//
// For each claim the step is encoded once and asserted into one solver: context constraints
// plainly, every hypothesis and precondition as `label => assumption` with a Boolean label.
// Each obligation then runs inside push/pop: assert the negated goal (for a refutation, the
// negation of all goals at once) and check under the labels it may use (a refutation leaves its
// removed precondition's label out).
//   unsat   -> proved; the unsat core names the hypotheses and preconditions that were needed.
//   sat     -> refuted; the model is minimised field by field (smallest absolute values, false
//              before true, in the encoding's `minimize` order) so the counterexample is
//              canonical, then printed with the goals it breaks.
//   unknown -> unknown (a timeout; never expected).
// Before any obligation, the claim's assumptions are checked satisfiable together (context,
// every hypothesis, every precondition; a refutation's set is a subset). When they are not,
// every obligation of the claim is Vacuous, with a reason naming the claim and the unsat core.
// The encoding runs under a CoverageScope: each result lists the model functions whose shared
// transitions it instantiated (what the obligation covers).
//
// Not thread-safe: a Prover owns its Z3 context and is used by one thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "proofs/claim.h"

namespace swapproofs {

struct ProofResult {
  Obligation obligation;
  Outcome outcome = Outcome::Unknown;
  std::vector<std::string> core;      // proved: labels the proof needed ("inv:...", "pre:...")
  Counterexample counterexample;      // refuted: the shown fields
  std::vector<std::string> violated;  // refuted: goals false in the counterexample
  std::string reason;                 // unknown: Z3's reason; vacuous: the claim and its core
  std::vector<std::string> covers;    // model functions whose shared transitions the claim runs
  bool as_expected() const { return outcome == obligation.expected; }
};

class Prover {
 public:
  explicit Prover(unsigned timeout_ms = 20000) : timeout_ms_(timeout_ms) {}

  // Every obligation of `claim`, in obligations_of() order.
  std::vector<ProofResult> run(const ClaimDef& claim);
  // Only the obligations whose names `wanted` accepts.
  std::vector<ProofResult> run(const ClaimDef& claim, const std::function<bool(const std::string&)>& wanted);

  z3::context& context() { return ctx_; }

 private:
  z3::context ctx_;
  unsigned timeout_ms_;
};

}  // namespace swapproofs
