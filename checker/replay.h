// Replays a recorded schedule and checks that the execution does exactly what the trace says.
// Any difference (another thread enabled, another event, another verdict) means the model is
// nondeterministic, which is reported as its own verdict naming the first differing step.
#pragma once

#include <optional>
#include <string>

#include "checker/evidence.h"
#include "checker/explore.h"
#include "checker/trace.h"

namespace checker {

struct ReplayResult {
  Verdict verdict = Verdict::Pass;  // Nondeterminism when the replay diverged
  bool identical = false;           // byte-identical JSON to the recorded trace
  std::string divergence;           // the first difference, for people
  Trace trace;                      // what the replay produced
  // The replay records its call stacks: what a report of the trace needs (evidence.h).
  std::optional<Evidence> evidence;
};

ReplayResult replay(const Program& program, const Trace& recorded, const Bounds& bounds);

}  // namespace checker
