// `replay TRACE`: rebuilds the program from the scenario the trace's meta names (refusing if
// the file or the model's reading of it changed since), re-executes the recorded schedule and
// compares the result with the recording byte for byte. Exit 0 when identical, 1 when the
// execution diverged (the model is nondeterministic), 2 on bad input.
#include "checker/cli/chrome_trace.h"
#include "checker/cli/commands.h"
#include "checker/cli/json_output.h"
#include "checker/cli/render.h"
#include "checker/cli/scenario_reader.h"
#include "checker/cli/trace_file.h"
#include "checker/replay.h"

namespace checker {

using nlohmann::json;

namespace {

struct Prepared {
  LoadedTrace trace;
  TraceOrigin origin;
  LoadedScenario scenario;
};

// Loads the trace and its scenario and checks that they still belong together.
Prepared prepare(const ReplayArgs& a, const ModelInterface& model) {
  Prepared p;
  p.trace = load_trace(a.trace);
  p.origin = read_trace_origin(p.trace);
  if (p.origin.model != model.name())
    p.trace.doc->fail(JsonPointer("/meta/model"),
                      "meta.model: the trace was recorded with model \"" + p.origin.model + "\", this is \"" +
                          model.name() + "\"");
  const std::string file = a.scenario.value_or(p.origin.scenario_file);
  p.scenario = load_scenario(file, model);
  if (p.scenario.hash != p.origin.scenario_hash)
    throw ScenarioError({file}, "changed since the trace was recorded (" + p.origin.scenario_hash + " then, " +
                                    p.scenario.hash + " now); run it again for a fresh trace");
  if (p.scenario.model.config != p.origin.config || p.scenario.generic.invariants != p.origin.invariants)
    throw ScenarioError({file}, "the model reads this scenario differently from when the trace was recorded "
                                "(its normalised configuration or invariants changed); run it again for a fresh trace");
  return p;
}

}  // namespace

int replay_command(const ReplayArgs& a, const ModelInterface& model, const CliStreams& io) {
  Prepared p;
  try {
    p = prepare(a, model);
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }
  const ReplayResult r = replay(p.scenario.model.program, p.trace.trace, p.origin.bounds);
  const std::optional<Violation> found =
      r.trace.violation.verdict == Verdict::Pass ? std::nullopt : std::optional(r.trace.violation);
  const std::string command = a.common.program + " replay " + a.trace + (a.scenario ? " --scenario " + *a.scenario : "");
  const std::string report =
      r.evidence ? kernel_report({r.trace, *r.evidence, p.scenario.file + " (" + p.scenario.generic.name + ")", command}) : "";
  try {
    if (a.trace_out && a.chrome_trace)
      write_chrome_trace_file(*a.trace_out, r.trace, r.evidence ? &*r.evidence : nullptr, p.scenario.file);
    else if (a.trace_out)
      write_trace_file(*a.trace_out, r.trace);
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }
  if (a.common.format == OutputFormat::Json) {
    json doc = output_document("swapcheck-replay");
    doc["model"] = model.name();
    doc["trace_file"] = a.trace;
    doc["scenario"] = {{"file", p.scenario.file}, {"name", p.scenario.generic.name}, {"hash", p.scenario.hash}};
    doc["identical"] = r.identical;
    doc["verdict"] = violation_json(found);
    doc["divergence"] = r.identical ? json(nullptr) : json(r.divergence);
    doc["replayed"] = trace_to_json(r.trace);
    doc["report"] = report.empty() ? json(nullptr) : json(report);
    io.out << json_text(doc);
  } else {
    io.out << "trace:    " << a.trace << "\n";
    io.out << "scenario: " << p.scenario.generic.name << " (" << p.scenario.file << ")\n";
    io.out << "replay:   " << (r.identical ? "identical to the recording" : "DIVERGED: " + r.divergence) << "\n\n";
    io.out << swimlane(r.trace, r.evidence ? &*r.evidence : nullptr);
    if (!report.empty()) io.out << "\n" << report;
  }
  return r.identical ? kExitOk : kExitViolation;
}

}  // namespace checker
