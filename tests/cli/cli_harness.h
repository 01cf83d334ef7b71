// Shared helpers of the CLI tests: run the toy CLI in-process and capture what it prints,
// locate test inputs, make scratch directories, and check JSON against the docs/ schemas.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "json_schema_check.h"

namespace clitest {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs `toycheck args...` in this process with stdout and stderr captured.
CliResult toycheck(const std::vector<std::string>& args, bool err_is_terminal = false);

// A path under the source tree ("tests/cli/scenarios/lost_update.json").
std::string source_path(const std::string& relative);
// A fresh, empty directory for one test (removed and recreated on each call).
std::string scratch_dir(const std::string& name);
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

const SchemaChecker& output_schema();    // docs/output.schema.json
const SchemaChecker& scenario_schema();  // docs/scenario.schema.json

// Parses `text` as JSON and returns the schema problems (a parse failure is one problem).
std::vector<std::string> output_problems(const std::string& text);

}  // namespace clitest
