// A scenario file made ready to run: read, parsed, its generic keys checked and its model
// sections turned into a program by the model. All failures are ScenarioError (exit code 2).
#pragma once

#include <memory>
#include <string>

#include "checker/cli/json_document.h"
#include "checker/cli/scenario.h"
#include "checker/model_interface.h"

namespace checker {

struct LoadedScenario {
  std::string file;  // as given on the command line
  std::string hash;  // content_hash() of the file's bytes, recorded in traces
  std::unique_ptr<JsonDocument> doc;
  GenericScenario generic;
  ModelScenario model;
};

LoadedScenario load_scenario(const std::string& path, const ModelInterface& model);
// The same, from text already in memory (tests, fuzzing).
LoadedScenario load_scenario_text(const std::string& file, std::string text, const ModelInterface& model);

// "fnv1a64:" and 16 hex digits: FNV-1a over the bytes. It detects a changed file; it is not a
// defence against someone forging one.
std::string content_hash(std::string_view bytes);

}  // namespace checker
