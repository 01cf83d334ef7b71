// What `run` and `suite` print about one scenario, as text for people and as JSON for tools
// (docs/output.schema.json, "run_result"). Both are pure functions of the outcome: no clock,
// no addresses, so the same run prints the same bytes. Wall-clock time and rate appear only
// when a Timing is passed (the --timing flag); otherwise the commands put them on stderr.
#pragma once

#include <optional>
#include <string>

#include "checker/cli/report.h"
#include "checker/cli/run_scenario.h"
#include "checker/swimlane.h"

namespace checker {

struct Timing {
  double seconds = 0;
  std::uint64_t executions = 0;  // every search of the case, minimisation included
};

// Executions of every search of an outcome (main, minimisation), cut ones included.
std::uint64_t total_executions(const RunOutcome& o);
// "dpor, 4 executions, stopped at the first violation"
std::string search_summary(const RunOutcome& o);
// "pass", or "invariant [no_lost_update]: counters add up to 1, expected 2"
std::string verdict_summary(const std::optional<Violation>& v);
// "0.012 s, 416 executions/s"
std::string timing_summary(const Timing& t);

struct CaseRender {
  const LoadedScenario& scenario;
  const RunOutcome& outcome;
  std::optional<std::string> trace_file;  // where the counterexample was written
  std::string program;                    // argv[0], for the replay hint
  std::optional<Timing> timing;           // only with --timing
  std::optional<std::string> chrome_file;  // where it was written as a Chrome trace instead
};

// The kernel-style report of the outcome's counterexample (report.h), ending with the command
// that replays it (the trace file's, or the run that writes one); "" without a counterexample
// or without its evidence.
std::string case_report(const CaseRender& c);

std::string run_result_text(const CaseRender& c);
nlohmann::json run_result_json(const CaseRender& c);
nlohmann::json violation_json(const std::optional<Violation>& v);
nlohmann::json expectation_json(const Expectation& e);

}  // namespace checker
