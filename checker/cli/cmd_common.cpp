#include "checker/cli/commands.h"
#include "checker/cli/json_document.h"
#include "checker/cli/json_output.h"

namespace checker {

using nlohmann::json;

json output_document(const char* format) {
  json j = json::object();
  j["format"] = format;
  j["version"] = 1;
  return j;
}

int report_errors(const std::vector<ScenarioError>& errors, const CommonArgs& common, const CliStreams& io) {
  for (const ScenarioError& e : errors) io.err << format_error(e) << "\n";
  if (common.format == OutputFormat::Json) {
    json doc = output_document("swapcheck-error");
    json list = json::array();
    for (const ScenarioError& e : errors)
      list.push_back({{"file", e.location.file},
                      {"line", e.location.line},
                      {"column", e.location.column},
                      {"message", e.what()}});
    doc["errors"] = std::move(list);
    io.out << json_text(doc);
  }
  return kExitBadInput;
}

}  // namespace checker
