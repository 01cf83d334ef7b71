// The scenario suite (issue 4 "The suite"): each directory of scenarios/ runs through the real
// `suite` command, every case must meet its expect block, and every counterexample the suite
// writes must replay byte for byte through the real `replay` command. One test case per
// directory, so that CTest runs them in parallel and times each.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "checker/cli/scenario_loader.h"
#include "tests/swap_cli.h"

namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(SWAPCHECK_SOURCE_DIR) / "scenarios";

// The directories (and matrix files) the suite is made of; a scenario file anywhere else fails
// the coverage case. A directory's case runs the files below it that no deeper entry of the
// list claims (scenarios/vswap's own files, not vswap/triples').
const std::vector<std::string> kDirs = {
    "table/pairs.json", "table/variants.json", "table/mutations", "table/races",     "table/findings",
    "table/steps",      "table/states",        "table/triples",   "table/sequences", "desc/pairs.json",
    "desc/races",       "desc/mutations",      "desc/findings",   "vswap",           "vswap/states",
    "vswap/triples",    "vswap/sequences",     "vswap/steps",     "designs",         "proofs",
    "tutorial",         "table/callers",       "desc/reclaim",    "kernel_memory",
    "desc/swapoff",     "desc/memcg",
};

using swaptest::CliResult;
using swaptest::cli;

// The directory of kDirs a scenario file belongs to: the deepest one containing it ("" if none).
std::string owning_dir(const fs::path& file) {
  std::string best;
  for (const std::string& d : kDirs) {
    const fs::path rel = file.lexically_relative(kScenarios / d);
    if (!rel.empty() && *rel.begin() != ".." && d.size() > best.size()) best = d;
  }
  return best;
}

// The scenario files `dir`'s case runs, sorted.
std::vector<std::string> scenario_files(const std::string& dir) {
  if (fs::is_regular_file(kScenarios / dir)) return {(kScenarios / dir).string()};
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(kScenarios / dir))
    if (e.path().extension() == ".json" && owning_dir(e.path()) == dir) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

void suite_of(const std::string& dir) {
  const fs::path traces = fs::temp_directory_path() / ("swapcheck_suite_" + std::to_string(::getpid()));
  const fs::path out_dir = traces / dir;
  fs::remove_all(out_dir);
  fs::create_directories(out_dir);
  const std::vector<std::string> files = scenario_files(dir);
  std::size_t cases = 0;  // a matrix file holds several
  for (const std::string& f : files) cases += checker::scenario_cases(f).size();
  REQUIRE(cases > 0);

  std::vector<std::string> args{"suite"};
  args.insert(args.end(), files.begin(), files.end());
  // One classic search per case: the split search (the default, on every core) runs more
  // executions, and on CI's two cores, shared with the other tests, it made the vswap triples
  // take three times as long. That a split search prints what the classic one does is tested
  // on suite scenarios by interface_test and shard_test, and in the engine by cell_search_test.
  args.insert(args.end(), {"--trace-dir", out_dir.string(), "--threads", "0"});
  const CliResult r = cli(args);
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
// The largest tiers (most of the suite's time) run in the normal build only (tests/CMakeLists.txt).
#define SUITE_DIR_NORMAL_BUILD_ONLY(dir)                                                          \
  TEST_CASE("suite: scenarios/" dir " meets every expect block and its counterexamples replay", \
            "[normal-build-only]") {                                                             \
    suite_of(dir);                                                                               \
  }

SUITE_DIR("table/pairs.json")
SUITE_DIR_NORMAL_BUILD_ONLY("table/variants.json")
SUITE_DIR("table/mutations")
SUITE_DIR("table/races")
SUITE_DIR("table/findings")
SUITE_DIR("table/steps")
SUITE_DIR("table/states")
SUITE_DIR_NORMAL_BUILD_ONLY("table/triples")
SUITE_DIR_NORMAL_BUILD_ONLY("table/sequences")
SUITE_DIR("desc/pairs.json")
SUITE_DIR("desc/races")
SUITE_DIR("desc/mutations")
SUITE_DIR("desc/findings")
SUITE_DIR("vswap")
SUITE_DIR("vswap/states")
SUITE_DIR_NORMAL_BUILD_ONLY("vswap/triples")
SUITE_DIR_NORMAL_BUILD_ONLY("vswap/sequences")
SUITE_DIR("vswap/steps")
SUITE_DIR("designs")
SUITE_DIR("proofs")
SUITE_DIR("tutorial")
SUITE_DIR("table/callers")
SUITE_DIR("desc/reclaim")
SUITE_DIR("kernel_memory")
SUITE_DIR("desc/swapoff")
SUITE_DIR("desc/memcg")

TEST_CASE("suite: every scenario file lies in a directory the suite runs") {
  for (const auto& e : fs::recursive_directory_iterator(kScenarios)) {
    if (e.path().extension() != ".json") continue;
    INFO(e.path().string());
    CHECK(!owning_dir(e.path()).empty());
  }
}
