// Counterexample trace files: what the CLI writes with --trace-out / --trace-dir and reads back
// in `replay`. The body is the engine's trace format (checker/trace.h, docs/trace.schema.json);
// the CLI fills its "meta" object with what a replay needs to rebuild the program:
//
//   "meta": { "model": "swap",                       // ModelInterface::name()
//             "scenario": {"file": "scenarios/x.json",  // as given: FILE or FILE#case
//                          "name": "x", "hash": "fnv1a64:...",   // content_hash() of "text"
//                          "case": null,                // the matrix case ("x_vs_y"), or null
//                          "text": "..."},              // the file's bytes (all of a matrix file)
//             "config": {...},                       // the model's normalised configuration
//             "invariants": ["count", ...],          // the invariants checked
//             "bounds": {...},                       // bounds_to_json(): step bound, data races, ...
//             "found_by": "dpor",                    // the strategy of the search
//             "minimized": true }                    // re-found with fewer preemptions
//
// Nothing in it depends on the clock or the machine, so the same run writes the same bytes.
// The embedded text makes a trace self-contained: replay rebuilds the program from it, in any
// folder and on any machine. Traces written before it was embedded have no "case" and "text";
// replay then reads the file the trace names, as it always did.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/cli/json_document.h"
#include "checker/cli/scenario_loader.h"
#include "checker/trace.h"

namespace checker {

nlohmann::json make_trace_meta(const LoadedScenario& s, const std::string& model_name, const Bounds& bounds,
                               Strategy found_by, bool minimized);

// A trace file read back: the trace and its origin. Errors are ScenarioError at the offending
// value of the trace file.
struct LoadedTrace {
  std::unique_ptr<JsonDocument> doc;
  Trace trace;
};
LoadedTrace load_trace(const std::string& path);
LoadedTrace load_trace_text(const std::string& file, std::string text);

struct TraceOrigin {
  std::string model;
  std::string scenario_file;
  std::string scenario_name;
  std::string scenario_hash;
  std::optional<std::string> scenario_case;  // the matrix case, when the trace says
  std::optional<std::string> scenario_text;  // the embedded scenario (absent in older traces)
  nlohmann::json config;
  std::vector<std::string> invariants;
  Bounds bounds;
};
// Reads the meta object; a trace without one (not written by this CLI) is a ScenarioError, and
// so is an embedded text whose hash is not the recorded one (the trace was edited).
TraceOrigin read_trace_origin(const LoadedTrace& t);

// Writes the trace as pretty-printed JSON ending in a newline. Throws ScenarioError when the
// file cannot be written.
void write_trace_file(const std::string& path, const Trace& t);
std::string trace_file_text(const Trace& t);

}  // namespace checker
