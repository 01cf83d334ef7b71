// The regression suite: finds the scenario files, runs them (on several threads if asked) and
// judges each against its expect block. Results are delivered in file order whatever the
// number of threads, so the suite's output is the same with --jobs 1 and --jobs 8.
//
// A case is as expected when its verdict meets the expect block and, when it has a
// counterexample, that counterexample replays byte for byte. A pass whose search a budget
// stopped (max_executions, time_limit, the preemption bound) is only partial: as expected as
// far as the search got, and a mismatch under fail_partial. A file that does not load, or
// whose initial state fails, is an error (bad input).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/cli/render.h"
#include "checker/cli/run_scenario.h"

namespace checker {

// Every path, in argument order; a directory contributes its *.json files, recursively, in
// sorted order, leaving out *.trace.json (counterexample traces kept beside scenarios). A path
// may also name one case of a matrix file (FILE#case). Throws ScenarioError for a path that
// does not exist, a directory with no scenario, or a file name with '#' in it.
std::vector<std::string> collect_scenario_files(const std::vector<std::string>& paths);

// The cases of those files, in order: a plain file is one case, a matrix file one per case
// (FILE#case, scenario_loader.h). A file that cannot be read or expanded stays one case, which
// then fails to load as an error.
std::vector<std::string> collect_scenario_cases(const std::vector<std::string>& files);

// DIR/<file stem>.trace.json for each case (DIR/<file stem>.<case>.trace.json for a matrix
// case); a name used twice gets "-2", "-3", ... in order.
std::vector<std::string> trace_file_names(const std::vector<std::string>& files, const std::string& dir);

struct SuiteCase {
  // Partial: as expected, but the search was stopped by a budget before it covered every
  // interleaving (so a pass is a pass so far).
  enum class Status { AsExpected, Partial, Mismatch, Error };
  std::string file;  // FILE, or FILE#case
  Status status = Status::Error;
  std::optional<LoadedScenario> scenario;  // when the file loaded
  std::optional<RunOutcome> outcome;       // when it ran
  std::optional<ScenarioError> error;      // Status::Error
  std::string reason;                      // Status::Mismatch: what differed
  std::optional<std::string> partial;      // why the search was incomplete (partial_reason)
  std::optional<std::string> trace_file;   // where its counterexample was written
  Timing timing;
};

struct SuiteOptions {
  RunOptions run;  // its observer is used only with jobs == 1 (it is not thread-safe)
  unsigned jobs = 1;
  std::optional<std::string> trace_dir;  // must exist
  bool fail_partial = false;             // a partial case is a mismatch (--fail-partial)
};

// Runs every case (collect_scenario_cases); `done` is called on the calling thread for each
// case, in order, as soon as it and all cases before it have finished.
std::vector<SuiteCase> run_suite(const std::vector<std::string>& files, const ModelInterface& model,
                                 const SuiteOptions& options, const std::function<void(const SuiteCase&)>& done);

}  // namespace checker
