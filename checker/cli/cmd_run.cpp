// `run FILE...`: every file is loaded (and rejected, exit 2, if any is bad) before any search
// starts; then each is explored and reported in the order given. A matrix file runs each of its
// cases; FILE#case runs one.
#include <chrono>

#include "checker/cli/chrome_trace.h"
#include "checker/cli/commands.h"
#include "checker/cli/json_output.h"
#include "checker/cli/progress.h"
#include "checker/cli/render.h"
#include "checker/cli/trace_file.h"

namespace checker {

using nlohmann::json;

namespace {

struct RunReport {
  json results = json::array();  // --format json: printed as one document at the end
  std::size_t printed = 0;       // text: reports printed so far (streamed as each ends)
  bool violation = false;
};

// Explores one scenario and appends its report. Throws ScenarioError (setup failure, trace
// file not writable).
void run_one(const LoadedScenario& s, const RunArgs& a, const ModelInterface& model, const CliStreams& io,
             ProgressLine& progress, RunReport& report) {
  RunOptions options;
  options.overrides = a.search.overrides;
  options.minimize = a.search.minimize;
  options.minimize_budget = a.search.minimize_budget;
  options.threads = a.search.threads;
  options.split_after = a.search.split_after;
  options.estimate_probes = a.search.estimate_probes;
  options.observer = progress.observer();
  progress.start(s.generic.name);
  const auto start = std::chrono::steady_clock::now();
  const RunOutcome o = run_scenario(s, model, options);
  const Timing timing{std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                      total_executions(o)};
  progress.clear();
  std::optional<std::string> trace_file, chrome_file;
  if (o.counterexample && a.trace_out && a.chrome_trace) {
    write_chrome_trace_file(*a.trace_out, *o.counterexample, o.evidence ? &*o.evidence : nullptr, s.file);
    chrome_file = a.trace_out;
  } else if (o.counterexample && a.trace_out) {
    write_trace_file(*a.trace_out, *o.counterexample);
    trace_file = a.trace_out;
  }
  const CaseRender r{s, o, trace_file, a.common.program, a.common.timing ? std::optional(timing) : std::nullopt, chrome_file};
  if (a.common.format == OutputFormat::Json) {
    report.results.push_back(run_result_json(r));
  } else {
    io.out << (report.printed++ > 0 ? "\n" : "") << run_result_text(r) << std::flush;
  }
  if (!a.common.timing) io.err << s.generic.name << ": " << timing_summary(timing) << "\n";
  report.violation = report.violation || o.report.violation.has_value();
}

}  // namespace

int run_command(const RunArgs& a, const ModelInterface& model, const CliStreams& io) {
  std::vector<LoadedScenario> scenarios;
  std::vector<ScenarioError> errors;
  for (const std::string& file : a.files) {
    try {
      for (const std::string& c : scenario_cases(file)) {
        try {
          scenarios.push_back(load_scenario(c, model));
        } catch (const ScenarioError& e) {
          errors.push_back(e);
        }
      }
    } catch (const ScenarioError& e) {
      errors.push_back(e);
    }
  }
  if (!errors.empty()) return report_errors(errors, a.common, io);

  ProgressLine progress(io.err, io.err_is_terminal);
  RunReport report;
  for (const LoadedScenario& s : scenarios) {
    try {
      run_one(s, a, model, io, progress, report);
    } catch (const ScenarioError& e) {
      progress.clear();
      return report_errors({e}, a.common, io);
    }
  }
  if (a.common.format == OutputFormat::Json) {
    json doc = output_document("swapcheck-run");
    doc["model"] = model.name();
    doc["results"] = std::move(report.results);
    io.out << json_text(doc);
  }
  return report.violation ? kExitViolation : kExitOk;
}

}  // namespace checker
