// A scenario made ready to run: read, parsed, its generic keys checked and its model sections
// turned into a program by the model. A scenario is a plain file, or one case of a matrix file
// named "FILE#case" (scenario_matrix.h). All failures are ScenarioError (exit code 2).
#pragma once

#include <memory>
#include <optional>
#include <vector>
#include <string>

#include "checker/cli/json_document.h"
#include "checker/cli/scenario.h"
#include "checker/model_interface.h"

namespace checker {

struct LoadedScenario {
  std::string file;  // as given on the command line: FILE, or FILE#case for a matrix case
  std::string path;  // the file on disk
  std::optional<std::string> case_name;  // a matrix case
  std::string hash;  // content_hash() of the file's bytes, recorded in traces
  std::string text;  // the file's bytes (the whole matrix file for a case), embedded in traces
  std::unique_ptr<ScenarioDocument> doc;  // the file, or the case built from it
  GenericScenario generic;
  ModelScenario model;
};

// `file` is FILE or FILE#case. A matrix file without a case is refused (scenario_cases() names
// them all).
LoadedScenario load_scenario(const std::string& file, const ModelInterface& model);
// The same, from the text of the file already in memory (tests, fuzzing).
LoadedScenario load_scenario_text(const std::string& file, std::string text, const ModelInterface& model);

// The scenarios a file holds, as load_scenario() takes them: {FILE} for a plain file,
// FILE#case for each case of a matrix file; {FILE#case} when `file` already names a case.
// Throws ScenarioError when the file cannot be read or its matrix is wrong.
std::vector<std::string> scenario_cases(const std::string& file);

// "fnv1a64:" and 16 hex digits: FNV-1a over the bytes. It detects a changed file; it is not a
// defence against someone forging one.
std::string content_hash(std::string_view bytes);

}  // namespace checker
