#include "fuzz_inputs.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "checker/cli/json_positions.h"
#include "checker/cli/scenario_loader.h"
#include "checker/cli/scenario_matrix.h"
#include "checker/cli/trace_file.h"
#include "toy_model.h"

namespace fuzzing {

namespace {

[[noreturn]] void broken(const char* property) {
  std::fprintf(stderr, "fuzz property broken: %s\n", property);
  std::abort();
}

void expect_named(const checker::ScenarioError& e, const std::string& file) {
  if (e.location.file != file) broken("a ScenarioError names the file");
  if (e.location.line < 0 || e.location.column < 0) broken("lines and columns are not negative");
  if (std::string(e.what()).empty()) broken("a ScenarioError says what was expected");
}

// Every value of a document that loaded is located at a real line.
void expect_located(const checker::ScenarioDocument& doc, const nlohmann::json& v,
                    const nlohmann::json::json_pointer& at) {
  if (doc.location(at).line < 1) broken("every value of a loaded document has a line");
  if (v.is_object())
    for (const auto& [key, child] : v.items()) expect_located(doc, child, at / key);
  if (v.is_array())
    for (std::size_t i = 0; i < v.size(); ++i) expect_located(doc, v[i], at / i);
}

}  // namespace

void scenario_input(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)checker::JsonPositions::scan(text, 16);
  const std::string file = "fuzz.json";
  try {
    auto doc = checker::JsonDocument::parse(file, text);
    expect_located(*doc, doc->root(), nlohmann::json::json_pointer());
  } catch (const checker::ScenarioError& e) {
    expect_named(e, file);
    if (std::string(e.what()) == "could not locate the values of this JSON text")
      broken("the scanner follows all JSON that nlohmann accepts");
  }
  try {
    const checker::LoadedScenario s = checker::load_scenario_text(file, text, toy::ToyModel{});
    if (!s.model.program.setup) broken("a loaded scenario has a program");
  } catch (const checker::ScenarioError& e) {
    expect_named(e, file);
  }
  // A matrix file: its first cases, each a document whose values are all located in the file.
  try {
    const std::shared_ptr<const checker::JsonDocument> doc = checker::JsonDocument::parse(file, text);
    if (!checker::is_matrix(*doc)) return;
    const std::vector<std::string> names = checker::matrix_case_names(*doc);
    for (std::size_t i = 0; i < names.size() && i < 4; ++i) {
      const auto c = checker::matrix_case(doc, names[i]);
      expect_located(*c, c->root(), nlohmann::json::json_pointer());
    }
  } catch (const checker::ScenarioError& e) {
    expect_named(e, file);
  }
}

void trace_input(const std::uint8_t* data, std::size_t size) {
  const std::string file = "fuzz.trace.json";
  checker::LoadedTrace t;
  try {
    t = checker::load_trace_text(file, std::string(reinterpret_cast<const char*>(data), size));
  } catch (const checker::ScenarioError& e) {
    expect_named(e, file);
    return;
  }
  (void)checker::trace_to_text(t.trace);
  (void)checker::trace_file_text(t.trace);
  const checker::Trace again = checker::trace_from_json(checker::trace_to_json(t.trace));
  if (checker::trace_to_json(again) != checker::trace_to_json(t.trace)) broken("trace JSON round-trips");
  try {
    (void)checker::read_trace_origin(t);
  } catch (const checker::ScenarioError& e) {
    expect_named(e, file);
  }
}

}  // namespace fuzzing
