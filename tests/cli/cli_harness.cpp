#include "cli_harness.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "checker/cli/cli.h"
#include "toy_model.h"

namespace clitest {

namespace fs = std::filesystem;

CliResult toycheck(const std::vector<std::string>& args, bool err_is_terminal) {
  std::ostringstream out, err;
  std::vector<std::string> argv{"toycheck"};
  argv.insert(argv.end(), args.begin(), args.end());
  CliResult r;
  r.code = checker::run_cli(argv, toy::ToyModel{}, checker::CliStreams{out, err, err_is_terminal});
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string source_path(const std::string& relative) { return std::string(SWAPCHECK_SOURCE_DIR) + "/" + relative; }

namespace {

// This process's scratch area, removed when the process exits.
const fs::path& scratch_root() {
  struct Root {
    fs::path path = fs::temp_directory_path() / ("swapcheck-cli-test-" + std::to_string(::getpid()));
    ~Root() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Root root;
  return root.path;
}

}  // namespace

std::string scratch_dir(const std::string& name) {
  const fs::path dir = scratch_root() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

const SchemaChecker& output_schema() {
  static const SchemaChecker s = SchemaChecker::from_file(source_path("docs/output.schema.json"));
  return s;
}

const SchemaChecker& scenario_schema() {
  static const SchemaChecker s = SchemaChecker::from_file(source_path("docs/scenario.schema.json"));
  return s;
}

std::vector<std::string> output_problems(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return {std::string("not JSON: ") + e.what()};
  }
  return output_schema().check(j);
}

}  // namespace clitest
