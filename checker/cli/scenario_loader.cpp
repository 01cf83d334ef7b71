#include "checker/cli/scenario_loader.h"

#include <cstdio>

#include "checker/cli/scenario_matrix.h"
#include "checker/cli/scenario_reader.h"

namespace checker {

std::string content_hash(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string("fnv1a64:") + hex;
}

namespace {

// The document the scenario `handle` names in the parsed file `source`.
std::unique_ptr<ScenarioDocument> scenario_document(std::unique_ptr<JsonDocument> source, const ScenarioHandle& handle) {
  if (handle.case_name) {
    if (!is_matrix(*source))
      throw ScenarioError({handle.path}, "names case \"" + *handle.case_name + "\", but this file has no \"matrix\"; "
                                         "FILE#case names a case of a matrix file");
    return matrix_case(std::move(source), *handle.case_name);
  }
  if (is_matrix(*source)) {
    const std::vector<std::string> names = matrix_case_names(*source);
    source->fail(JsonPointer("/matrix"), "this matrix file holds " + std::to_string(names.size()) +
                                             " cases; name one as " + handle.path + "#" + names.front() +
                                             " (run and suite take the file and run them all)");
  }
  return source;
}

}  // namespace

LoadedScenario load_scenario_text(const std::string& file, std::string text, const ModelInterface& model) {
  const ScenarioHandle handle = parse_handle(file);
  LoadedScenario s;
  s.file = file;
  s.path = handle.path;
  s.case_name = handle.case_name;
  s.hash = content_hash(text);
  s.text = text;
  s.doc = scenario_document(JsonDocument::parse(handle.path, std::move(text)), handle);
  try {
    s.generic = read_generic_sections(*s.doc, model);
    s.model = model.build(*s.doc, s.generic.invariants);
  } catch (const ScenarioError& e) {
    if (!handle.case_name) throw;
    // The place is in the matrix text that every case shares: say which case it broke.
    throw ScenarioError(e.location, "case \"" + *handle.case_name + "\": " + e.what());
  } catch (const std::exception& e) {
    // A model that lets a library exception escape still must not crash the run: the input
    // is what it could not handle, so it is reported as bad input, without a position.
    throw ScenarioError({handle.path}, "model \"" + model.name() + "\" could not read this scenario: " + e.what());
  }
  if (!s.model.program.setup) throw ScenarioError({handle.path}, "model \"" + model.name() + "\" built no program");
  return s;
}

LoadedScenario load_scenario(const std::string& file, const ModelInterface& model) {
  return load_scenario_text(file, read_text_file(parse_handle(file).path, JsonDocument::kMaxBytes), model);
}

std::vector<std::string> scenario_cases(const std::string& file) {
  const ScenarioHandle handle = parse_handle(file);
  if (handle.case_name) return {file};
  const std::unique_ptr<JsonDocument> doc = JsonDocument::load(handle.path);
  if (!is_matrix(*doc)) return {file};
  std::vector<std::string> out;
  for (const std::string& name : matrix_case_names(*doc)) out.push_back(handle.path + "#" + name);
  return out;
}

}  // namespace checker
