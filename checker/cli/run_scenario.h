// Runs one loaded scenario: the search its bounds (and the command line) ask for; then, when
// it found a violation, a bounded search for one with fewer preemptions (minimize.h); then a
// replay of the reported counterexample to confirm it reproduces byte for byte.
//
// Deterministic: with the same scenario, flags and seed the outcome is the same, except when a
// time limit stops a search (the clock decides how far it got).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "checker/cli/minimize.h"
#include "checker/cli/scenario_loader.h"
#include "checker/evidence.h"

namespace checker {

struct RunOptions {
  BoundsSpec overrides;              // command-line flags; they win over the file
  bool minimize = true;              // look for the fewest preemptions
  std::uint64_t minimize_budget = 100'000;  // executions for that search, all passes together
  unsigned threads = 0;              // dpor: Bounds::threads (0: one classic search)
  std::optional<std::uint64_t> split_after;  // dpor: Bounds::dpor_pilot, when not the default
  std::optional<std::uint32_t> estimate_probes;  // dpor: Bounds::estimate_probes (unset: kCliEstimateProbes)
  bool verify_replay = true;         // replay the counterexample once
  ExecutionObserver observer;        // sees every execution of every search (progress line)
};

struct ReplayCheck {
  bool done = false;
  bool identical = false;
  std::string divergence;  // the first difference when not identical
};

struct RunOutcome {
  Bounds bounds;           // resolved: file, then flags, then engine defaults
  Report report;           // the main search
  std::optional<Trace> counterexample;  // the reported one, meta filled in
  std::optional<Evidence> evidence;     // its call stacks and more, from the replay (evidence.h)
  MinimizeResult minimized;
  ReplayCheck replay;
  bool as_expected = false;  // the main search's verdict meets the scenario's expect block
};

// Throws ScenarioError when the initial state itself breaks a check (bad input: exit 2).
RunOutcome run_scenario(const LoadedScenario& s, const ModelInterface& model, const RunOptions& options);

// The bounds run_scenario searches with: the file's, then the flags', then the engine's defaults.
Bounds resolve_bounds(const LoadedScenario& s, const RunOptions& options);
// run_scenario after its search, for a report reached another way (shards merged): the setup
// check, the expect block, minimisation and the replay of the counterexample.
RunOutcome finish_run(const LoadedScenario& s, const ModelInterface& model, const RunOptions& options, const Bounds& bounds,
                      Report report);

// "exhaustive", "violation", "execution_budget", "time_budget", "preemption_bound", ...
const char* stop_reason_name(StopReason r);
// True when the search ended without a violation and without covering the whole space.
bool is_partial(const Report& r);
// Why a partial search stopped: "stopped by the execution budget (100 executions)", "stopped
// by the time limit (2 s)", "complete up to 3 preemptions (the preemption bound)".
std::string partial_reason(const RunOutcome& o);

}  // namespace checker
