// The shipped schemas: every test scenario is valid against docs/scenario.schema.json, the
// generic mistakes are invalid, and the checker used for the output schema checks what it
// claims.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "cli_harness.h"

using namespace clitest;

namespace {

// Scenario files may carry comments: nlohmann strips them for the schema check.
nlohmann::json scenario_json(const std::string& path) {
  return nlohmann::json::parse(read_file(path), nullptr, true, /*ignore_comments=*/true);
}

}  // namespace

TEST_CASE("every test scenario is valid against the scenario schema") {
  for (const auto& e : std::filesystem::directory_iterator(source_path("tests/cli/scenarios"))) {
    INFO(e.path());
    const auto problems = scenario_schema().check(scenario_json(e.path().string()));
    CHECK(problems.empty());
  }
}

TEST_CASE("the generic mistakes among the malformed files are caught by the schema too") {
  // Mistakes inside model sections, in names only the model knows, or in JSON syntax are the
  // runner's job alone; these are the generic ones the schema can see.
  for (const char* name : {"bounds_fraction", "bounds_negative", "bounds_not_object", "bounds_out_of_range",
                           "bounds_wrong_type", "unknown_bounds_key", "unknown_strategy", "unknown_memory_model", "time_limit_wrong_type",
                           "missing_name", "name_not_string", "empty_name", "missing_expect", "unknown_verdict",
                           "verdict_nondeterminism", "pass_with_check", "expect_unknown_key", "expect_verdict_twice", "invariant_listed_twice",
                           "invariants_not_array", "top_level_array", "unicode_columns"}) {
    INFO(name);
    const auto j = scenario_json(source_path(std::string("tests/cli/malformed/") + name + ".json"));
    CHECK_FALSE(scenario_schema().check(j).empty());
  }
}

TEST_CASE("the schema checker rejects what it should and refuses keywords it does not know") {
  const SchemaChecker s(nlohmann::json::parse(R"({
    "type": "object", "required": ["n"], "additionalProperties": false,
    "properties": {"n": {"type": "integer", "minimum": 0, "maximum": 18446744073709551615},
                   "s": {"type": "string", "pattern": "^a+$"},
                   "l": {"type": "array", "items": {"enum": [1, 2]}, "uniqueItems": true},
                   "o": {"oneOf": [{"type": "null"}, {"const": 3}]}}})"));
  CHECK(s.check(nlohmann::json::parse(R"({"n": 18446744073709551615, "s": "aa", "l": [1, 2], "o": 3})")).empty());
  CHECK(s.check(nlohmann::json::parse(R"({"n": -1})")).size() == 1);
  CHECK(s.check(nlohmann::json::parse(R"({"n": 1.5})")).size() == 1);
  CHECK(s.check(nlohmann::json::parse(R"({"n": 1, "s": "b"})")).size() == 1);
  CHECK(s.check(nlohmann::json::parse(R"({"n": 1, "l": [1, 1]})")).size() == 1);
  CHECK(s.check(nlohmann::json::parse(R"({"n": 1, "l": [3]})")).size() == 1);
  CHECK(s.check(nlohmann::json::parse(R"({"n": 1, "o": 4})")).size() == 1);
  CHECK(s.check(nlohmann::json::parse(R"({"n": 1, "x": 0})")).size() == 1);
  CHECK(s.check(nlohmann::json::parse(R"({})")).size() == 1);
  const SchemaChecker unknown(nlohmann::json::parse(R"({"type": "object", "maxProperties": 1})"));
  CHECK(unknown.check(nlohmann::json::object()).size() == 1);
}
