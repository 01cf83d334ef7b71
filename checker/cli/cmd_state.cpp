// `state FILE`: the initial state a scenario's setup builds, before any thread runs, as the
// model shows it (ModelInterface::initial_state): the objects with the ids the scenario's steps
// name. FILE may be FILE#case of a matrix file. Exit 0, or 2 on bad input (a setup that fails
// included) or a model that cannot show its state.
#include "checker/cli/commands.h"
#include "checker/cli/json_output.h"
#include "checker/cli/scenario_loader.h"

namespace checker {

using nlohmann::json;

int state_command(const StateArgs& a, const ModelInterface& model, const CliStreams& io) {
  LoadedScenario s;
  std::optional<StateView> view;
  try {
    s = load_scenario(a.file, model);
    view = model.initial_state(*s.doc);
    if (!view) throw ScenarioError({s.path}, "model \"" + model.name() + "\" cannot show its initial state");
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }
  if (a.common.format == OutputFormat::Json) {
    json doc = output_document("swapcheck-state");
    doc["model"] = model.name();
    doc["scenario"] = {{"file", s.file}, {"name", s.generic.name}, {"hash", s.hash}};
    doc["state"] = view->json;
    io.out << json_text(doc);
  } else {
    io.out << "scenario: " << s.generic.name << " (" << s.file << ")\n\n" << view->text;
  }
  return kExitOk;
}

}  // namespace checker
