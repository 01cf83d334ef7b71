#include "checker/cli/trace_file.h"

#include <fstream>

#include "checker/cli/json_output.h"
#include "checker/cli/scenario_matrix.h"
#include "checker/cli/scenario_reader.h"

namespace checker {

using nlohmann::json;

namespace {

// trace_from_json names the bad field as "$.events[3].op: what"; turn the path into a JSON
// pointer so the error can carry the field's line and column.
JsonPointer pointer_of_trace_path(const std::string& path) {
  std::string pointer;
  std::size_t i = path.starts_with("$") ? 1 : 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      const std::size_t end = path.find_first_of(".[", i + 1);
      pointer = append_pointer(pointer, path.substr(i + 1, end - i - 1));
      i = end == std::string::npos ? path.size() : end;
    } else if (path[i] == '[') {
      const std::size_t end = path.find(']', i);
      if (end == std::string::npos) break;
      pointer = append_pointer(pointer, path.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      break;
    }
  }
  try {
    return JsonPointer(pointer);
  } catch (const json::exception&) {
    return JsonPointer();
  }
}

}  // namespace

json make_trace_meta(const LoadedScenario& s, const std::string& model_name, const Bounds& bounds, Strategy found_by,
                     bool minimized) {
  json meta = json::object();
  meta["model"] = model_name;
  meta["scenario"] = {{"file", s.file},
                      {"name", s.generic.name},
                      {"hash", s.hash},
                      {"case", s.case_name ? json(*s.case_name) : json(nullptr)},
                      {"text", s.text}};
  meta["config"] = s.model.config;
  meta["invariants"] = s.generic.invariants;
  meta["bounds"] = bounds_to_json(bounds);
  meta["found_by"] = strategy_name(found_by);
  meta["minimized"] = minimized;
  return meta;
}

LoadedTrace load_trace_text(const std::string& file, std::string text) {
  LoadedTrace t;
  t.doc = JsonDocument::parse(file, std::move(text));
  try {
    t.trace = trace_from_json(t.doc->root());
  } catch (const TraceFormatError& e) {
    const std::string what = e.what();
    const std::size_t colon = what.find(": ");
    const JsonPointer at = pointer_of_trace_path(colon == std::string::npos ? "" : what.substr(0, colon));
    t.doc->fail(at, "not a swapcheck trace: " + what);
  } catch (const json::exception& e) {
    t.doc->fail(JsonPointer(), std::string("not a swapcheck trace: ") + e.what());
  }
  return t;
}

LoadedTrace load_trace(const std::string& path) {
  return load_trace_text(path, read_text_file(path, JsonDocument::kMaxBytes));
}

TraceOrigin read_trace_origin(const LoadedTrace& t) {
  const JsonDocument& doc = *t.doc;
  const ObjectReader meta(doc, JsonPointer("/meta"),
                          {"model", "scenario", "config", "invariants", "bounds", "found_by", "minimized"},
                          "the trace's meta (written by the run that found it)");
  TraceOrigin o;
  o.model = meta.string("model");
  meta.require("scenario");
  const ObjectReader scenario(doc, meta.at("scenario"), {"file", "name", "hash", "case", "text"}, "meta.scenario");
  o.scenario_file = scenario.string("file");
  o.scenario_name = scenario.string("name");
  o.scenario_hash = scenario.string("hash");
  if (scenario.has("case") && !doc.root().at(scenario.at("case")).is_null())
    o.scenario_case = read_string(doc, scenario.at("case"));
  else if (!scenario.has("case"))
    o.scenario_case = parse_handle(o.scenario_file).case_name;  // an older trace: FILE#case says it
  if (scenario.has("text")) {
    o.scenario_text = read_string(doc, scenario.at("text"));
    if (content_hash(*o.scenario_text) != o.scenario_hash)
      doc.fail(scenario.at("text"), "meta.scenario.text: the embedded scenario's hash is " +
                                        content_hash(*o.scenario_text) + ", not the recorded " + o.scenario_hash +
                                        "; the trace file was edited");
  }
  meta.require("config");
  o.config = doc.root().at(meta.at("config"));
  const json& invariants = meta.array("invariants");
  for (std::size_t i = 0; i < invariants.size(); ++i) o.invariants.push_back(read_string(doc, meta.at("invariants") / i));
  meta.require("bounds");
  o.bounds = read_bounds(doc, meta.at("bounds")).resolve();
  return o;
}

std::string trace_file_text(const Trace& t) { return json_text(trace_to_json(t)); }

void write_trace_file(const std::string& path, const Trace& t) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << trace_file_text(t);
  out.close();
  if (!out) throw ScenarioError({path}, "cannot write the trace file");
}

}  // namespace checker
