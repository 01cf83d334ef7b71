#include "checker/cli/scenario_loader.h"

#include <cstdio>

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

LoadedScenario load_scenario_text(const std::string& file, std::string text, const ModelInterface& model) {
  LoadedScenario s;
  s.file = file;
  s.hash = content_hash(text);
  s.doc = JsonDocument::parse(file, std::move(text));
  s.generic = read_generic_sections(*s.doc, model);
  try {
    s.model = model.build(*s.doc, s.generic.invariants);
  } catch (const ScenarioError&) {
    throw;
  } catch (const std::exception& e) {
    // A model that lets a library exception escape still must not crash the run: the input
    // is what it could not handle, so it is reported as bad input, without a position.
    throw ScenarioError({file}, "model \"" + model.name() + "\" could not read this scenario: " + e.what());
  }
  if (!s.model.program.setup) throw ScenarioError({file}, "model \"" + model.name() + "\" built no program");
  return s;
}

LoadedScenario load_scenario(const std::string& path, const ModelInterface& model) {
  return load_scenario_text(path, read_text_file(path, JsonDocument::kMaxBytes), model);
}

}  // namespace checker
