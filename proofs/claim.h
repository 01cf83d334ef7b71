// What a modelled atomic step claims, and the obligations derived from it.
//
// A step is encoded once (StepEncoding) as constraints over a symbolic pre-state, the step's
// inputs and a post-state that is a function of them. Its claim reads:
//
//     hypotheses(pre) /\ context /\ preconditions  ==>  goal(post)      for every goal
//
// where hypotheses are the design's invariants on the pre-state (and on any snapshot the step
// read earlier), context is the step's own domain (the branch the code checks, input ranges),
// and preconditions are the lock discipline the kernel relies on. Each goal is one proof
// obligation ("design.step.goal", expected proved). Each precondition p gives one refutation
// obligation ("design.step.without_p", expected refuted): the same claim without p, for all
// goals at once; Z3 must find a state the lock would have excluded and that breaks a goal.
//
// A known finding (a goal that fails even with every precondition, e.g. a stale hint the
// kernel tolerates) is declared on the claim with the reason; its obligation is then expected
// refuted and says why.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proofs/scenario.h"
#include "proofs/smt.h"

namespace swapproofs {

// An assumption with a name: the name is what an unsat core reports and what obligation names use.
struct Labelled {
  std::string name;
  std::string why;  // one line: the invariant, or the lock that makes the precondition true
  z3::expr holds;
};

struct StepEncoding {
  Fields shown;                         // pre-state, inputs, post-state: what a counterexample prints
  std::vector<z3::expr> context;        // always assumed, never reported
  std::vector<Labelled> hypotheses;     // invariants assumed of the pre-state (and of snapshots)
  std::vector<Labelled> preconditions;  // lock discipline; each one removable
  std::vector<Labelled> goals;          // invariants required of the post-state
  std::vector<z3::expr> minimize;       // counterexample terms to make small, in priority order
};

// Vacuous: the claim's assumptions (context, hypotheses and preconditions) cannot hold together,
// so any goal would be "proved"; never expected, an error naming the claim.
enum class Outcome { Proved, Refuted, Unknown, Vacuous };
const char* outcome_name(Outcome o);

struct ClaimDef {
  std::string design;  // "table" (seed 000 swap table), "desc" (seed 001), "vswap" (seed 004), "memcg"
  std::string step;
  std::string doc;     // the kernel function(s) the step models, one line
  std::function<StepEncoding(z3::context&)> encode;
  // goal -> why it is expected to fail although every precondition holds
  std::map<std::string, std::string> findings;
  // precondition -> how its refutation becomes a scenario the explorer runs; also a finding's
  // goal -> the scenario in which the faithful model shows it
  std::map<std::string, ScenarioBuilder> scenarios;
  // why a refutation has no scenario (when `scenarios` lacks the precondition)
  std::string no_scenario;
};

struct Obligation {
  std::string name;     // design.step.goal, or design.step.without_<precondition>
  const ClaimDef* claim = nullptr;
  std::string goal;     // proof obligations: the goal checked
  std::string removed;  // refutation obligations: the precondition left out
  Outcome expected = Outcome::Proved;
  std::string expected_why;  // for a finding: why it is refuted
};

// The obligations of a claim, in a fixed order: its goals, then one refutation per precondition.
std::vector<Obligation> obligations_of(const ClaimDef& claim, const StepEncoding& enc);

}  // namespace swapproofs
