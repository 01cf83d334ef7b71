// The toycheck binary as a shell sees it: real exit codes, streams kept apart, and no
// progress line when stderr is not a terminal (here it is a file).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <sys/wait.h>

#include "cli_harness.h"

using namespace clitest;

namespace {

struct Process {
  int code = -1;
  std::string out;
  std::string err;
};

Process run_toycheck(const std::string& args) {
  const std::string dir = scratch_dir("process");
  const std::string command =
      std::string(TOYCHECK_PATH) + " " + args + " >" + dir + "/out 2>" + dir + "/err </dev/null";
  const int status = std::system(command.c_str());
  Process p;
  p.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  p.out = read_file(dir + "/out");
  p.err = read_file(dir + "/err");
  return p;
}

}  // namespace

TEST_CASE("toycheck exits 0, 1 and 2 as documented") {
  const std::string scenarios = source_path("tests/cli/scenarios/");
  const Process pass = run_toycheck("run " + scenarios + "locked_increments.json");
  CHECK(pass.code == 0);
  CHECK(pass.out.find("verdict:  pass\n") != std::string::npos);
  const Process violation = run_toycheck("run " + scenarios + "abba_deadlock.json");
  CHECK(violation.code == 1);
  const Process bad = run_toycheck("run " + source_path("tests/cli/malformed/duplicate_key.json"));
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("duplicate_key.json:5:3: duplicate key \"name\"") != std::string::npos);
  CHECK(run_toycheck("--version-that-does-not-exist").code == 2);
  CHECK(run_toycheck("--help").code == 0);
}

TEST_CASE("with stderr redirected to a file there is no progress line, only the timing summary") {
  const Process p = run_toycheck("run " + source_path("tests/cli/scenarios/mutation_drop_lock.json") +
                                 " --strategy random --max-executions 20000 --no-minimize");
  CHECK(p.err.find('\r') == std::string::npos);
  CHECK(p.err.find("mutation_drop_lock: ") == 0);
}
