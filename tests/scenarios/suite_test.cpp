// The scenario suite (issue 4 "The suite"): each directory of scenarios/ runs through the real
// `suite` command, every case must meet its expect block, and every counterexample the suite
// writes must replay byte for byte through the real `replay` command. One test case per
// directory, so that CTest runs them in parallel and times each.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/swap_cli.h"

namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(SWAPCHECK_SOURCE_DIR) / "scenarios";

// The directories the suite is made of; a scenario file anywhere else fails the coverage case.
const std::vector<std::string> kDirs = {
    "table/pairs", "table/variants", "table/mutations", "table/races", "table/findings",
    "table/steps", "desc/pairs",     "desc/mutations",  "desc/findings", "vswap", "proofs",
};

using swaptest::CliResult;
using swaptest::cli;

std::size_t scenario_files(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.path().extension() == ".json" ? 1 : 0;
  return n;
}

void suite_of(const std::string& dir) {
  const fs::path traces = fs::temp_directory_path() / ("swapcheck_suite_" + std::to_string(::getpid()));
  const fs::path out_dir = traces / dir;
  fs::remove_all(out_dir);
  fs::create_directories(out_dir);
  const std::size_t cases = scenario_files(kScenarios / dir);
  REQUIRE(cases > 0);

  const CliResult r = cli({"suite", (kScenarios / dir).string(), "--trace-dir", out_dir.string()});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find("suite: " + std::to_string(cases) + " cases: " + std::to_string(cases) + " as expected") !=
        std::string::npos);

  // Every counterexample replays identically; a case expecting a violation left a trace.
  std::size_t replayed = 0;
  for (const auto& e : fs::directory_iterator(out_dir)) {
    const CliResult rr = cli({"replay", e.path().string()});
    INFO(e.path().string() << "\n" << rr.out << rr.err);
    CHECK(rr.code == 0);
    ++replayed;
  }
  std::size_t expected_violations = 0;
  std::istringstream lines(r.out);
  for (std::string l; std::getline(lines, l);)
    expected_violations += l.rfind("ok ", 0) == 0 && l.find(": pass as expected") == std::string::npos ? 1 : 0;
  CHECK(replayed == expected_violations);
  fs::remove_all(traces);  // this process's own directory: its cases run one after another
}

}  // namespace

#define SUITE_DIR(dir) \
  TEST_CASE("suite: scenarios/" dir " meets every expect block and its counterexamples replay") { suite_of(dir); }

SUITE_DIR("table/pairs")
SUITE_DIR("table/variants")
SUITE_DIR("table/mutations")
SUITE_DIR("table/races")
SUITE_DIR("table/findings")
SUITE_DIR("table/steps")
SUITE_DIR("desc/pairs")
SUITE_DIR("desc/mutations")
SUITE_DIR("desc/findings")
SUITE_DIR("vswap")
SUITE_DIR("proofs")

TEST_CASE("suite: every scenario file lies in a directory the suite runs") {
  std::set<fs::path> covered;
  for (const std::string& d : kDirs) covered.insert(kScenarios / d);
  for (const auto& e : fs::recursive_directory_iterator(kScenarios)) {
    if (e.path().extension() != ".json") continue;
    bool in = false;
    for (fs::path p = e.path().parent_path(); p != kScenarios && !p.empty() && p != p.root_path(); p = p.parent_path())
      in |= covered.count(p) > 0;
    INFO(e.path().string());
    CHECK(in);
  }
}
