// `replay TRACE`: rebuilds the program from the scenario the trace embeds (or, for a trace
// written before traces embedded it, from the file its meta names; or from --scenario FILE),
// re-executes the recorded schedule and compares the result with the recording byte for byte.
// Exit 0 when identical, 1 when the execution diverged, 2 on bad input: among it a model that
// no longer reads the recorded scenario as it did.
#include <filesystem>

#include "checker/cli/chrome_trace.h"
#include "checker/cli/commands.h"
#include "checker/cli/json_output.h"
#include "checker/cli/render.h"
#include "checker/cli/scenario_matrix.h"
#include "checker/cli/scenario_reader.h"
#include "checker/cli/trace_file.h"
#include "checker/replay.h"

namespace checker {

using nlohmann::json;

namespace {

// Where the replayed scenario came from.
enum class Source {
  Embedded,  // the copy in the trace
  File,      // a file with the recorded bytes (an older trace's path, or --scenario)
  Edited,    // --scenario FILE whose bytes differ from the recorded ones
};

const char* source_name(Source s) {
  switch (s) {
    case Source::Embedded: return "embedded";
    case Source::File: return "file";
    case Source::Edited: return "edited";
  }
  return "?";
}

struct Prepared {
  LoadedTrace trace;
  TraceOrigin origin;
  LoadedScenario scenario;
  Source source = Source::Embedded;
};

// --scenario FILE for a trace of a matrix case: FILE alone means the recorded case of FILE.
std::string override_handle(const std::string& file, const TraceOrigin& origin) {
  if (!origin.scenario_case || parse_handle(file).case_name) return file;
  const std::vector<std::string> cases = scenario_cases(file);
  const bool matrix = cases.size() != 1 || cases.front() != file;
  return matrix ? file + "#" + *origin.scenario_case : file;
}

// The embedded copy, loaded as the recorded FILE or FILE#case (so errors point into its text
// by the name it had); a model that no longer takes it is bad input saying so.
LoadedScenario load_embedded(const TraceOrigin& origin, const ModelInterface& model) {
  std::string handle = origin.scenario_file;
  if (origin.scenario_case && !parse_handle(handle).case_name) handle += "#" + *origin.scenario_case;
  try {
    return load_scenario_text(handle, *origin.scenario_text, model);
  } catch (const ScenarioError& e) {
    throw ScenarioError(e.location, std::string("the scenario embedded in the trace no longer loads in model \"") +
                                        model.name() + "\" (the model changed since it was recorded): " + e.what());
  }
}

// A trace written before traces embedded their scenario: the file its meta names, which must
// still hold the recorded bytes.
LoadedScenario load_named(const TraceOrigin& origin, const ModelInterface& model) {
  const std::string& file = origin.scenario_file;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(parse_handle(file).path, ec))
    throw ScenarioError({file}, "no such file: this trace was written before traces embedded their scenario, and names "
                                "it by this path, relative to the folder it was recorded in; replay it from there, or "
                                "pass --scenario FILE");
  LoadedScenario s = load_scenario(file, model);
  if (s.hash != origin.scenario_hash)
    throw ScenarioError({file}, "changed since the trace was recorded (" + origin.scenario_hash + " then, " + s.hash +
                                    " now); run it again for a fresh trace, or pass --scenario FILE to replay against it");
  return s;
}

// Loads the trace and its scenario and checks that they still belong together.
Prepared prepare(const ReplayArgs& a, const ModelInterface& model) {
  Prepared p;
  p.trace = load_trace(a.trace);
  p.origin = read_trace_origin(p.trace);
  if (p.origin.model != model.name())
    p.trace.doc->fail(JsonPointer("/meta/model"),
                      "meta.model: the trace was recorded with model \"" + p.origin.model + "\", this is \"" +
                          model.name() + "\"");
  if (a.scenario) {
    // An override may be edited: the schedule then runs against the new program, and the
    // replay says whether it still does what it did.
    p.scenario = load_scenario(override_handle(*a.scenario, p.origin), model);
    p.source = p.scenario.hash == p.origin.scenario_hash ? Source::File : Source::Edited;
    if (p.source == Source::Edited) return p;
  } else if (p.origin.scenario_text) {
    p.scenario = load_embedded(p.origin, model);
    p.source = Source::Embedded;
  } else {
    p.scenario = load_named(p.origin, model);
    p.source = Source::File;
  }
  if (p.scenario.model.config != p.origin.config || p.scenario.generic.invariants != p.origin.invariants)
    throw ScenarioError({p.scenario.file},
                        "the model no longer matches the trace: it reads the recorded scenario differently from when "
                        "the trace was recorded (its normalised configuration or invariants changed); run the scenario "
                        "again for a fresh trace");
  return p;
}

std::string source_text(const Prepared& p) {
  switch (p.source) {
    case Source::Embedded: return p.scenario.file + ", the copy embedded in the trace";
    case Source::File: return p.scenario.file;
    case Source::Edited: return p.scenario.file + ", edited since the trace was recorded";
  }
  return p.scenario.file;
}

}  // namespace

int replay_command(const ReplayArgs& a, const ModelInterface& model, const CliStreams& io) {
  Prepared p;
  try {
    p = prepare(a, model);
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }
  Bounds bounds = p.origin.bounds;
  if (a.memory_model) bounds.memory_model = *a.memory_model;
  const ReplayResult r = replay(p.scenario.model.program, p.trace.trace, bounds);
  const std::optional<Violation> found =
      r.trace.violation.verdict == Verdict::Pass ? std::nullopt : std::optional(r.trace.violation);
  const std::string command = a.common.program + " replay " + a.trace + (a.scenario ? " --scenario " + *a.scenario : "") +
                              (a.memory_model ? std::string(" --memory-model ") + scenario_memory_model_name(*a.memory_model) : "");
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
    doc["scenario_source"] = source_name(p.source);
    doc["identical"] = r.identical;
    doc["verdict"] = violation_json(found);
    doc["divergence"] = r.identical ? json(nullptr) : json(r.divergence);
    doc["replayed"] = trace_to_json(r.trace);
    doc["report"] = report.empty() ? json(nullptr) : json(report);
    io.out << json_text(doc);
  } else {
    io.out << "trace:    " << a.trace << "\n";
    io.out << "scenario: " << p.scenario.generic.name << " (" << source_text(p) << ")\n";
    const std::string differs = p.source == Source::Edited ? "the edited scenario does not reproduce the recording: "
                                                           : "DIVERGED: ";
    io.out << "replay:   " << (r.identical ? "identical to the recording" : differs + r.divergence) << "\n\n";
    io.out << swimlane(r.trace, r.evidence ? &*r.evidence : nullptr);
    if (!report.empty()) io.out << "\n" << report;
  }
  return r.identical ? kExitOk : kExitViolation;
}

}  // namespace checker
