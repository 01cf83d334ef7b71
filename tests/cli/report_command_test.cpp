// Kernel-style reports of the generic CLI on the toy model (checker/cli/report.h): the kinds the
// swap model's scenarios do not produce (a data race) and the shapes every model gets (KCSAN,
// lockdep for a deadlock between two threads, BUG for an assertion, a soft lockup for a thread
// that never finishes), and the report in JSON. tests/scenarios/report_test.cpp covers the swap
// model's scenarios.
#include <catch2/catch.hpp>

#include <sstream>

#include "cli_harness.h"

using namespace clitest;

namespace {

std::string scenario(const std::string& name) { return source_path("tests/cli/scenarios/" + name + ".json"); }

// The lines of `text` from the first that starts with `first`.
std::string from_line(const std::string& text, const std::string& first) {
  const std::size_t at = text.find("\n" + first);
  REQUIRE(at != std::string::npos);
  return text.substr(at + 1);
}

}  // namespace

TEST_CASE("report: a data race reads as KCSAN's, with both accesses and the value the write changed") {
  const CliResult r = toycheck({"run", scenario("data_race")});
  REQUIRE(r.code == 1);
  const std::string report = from_line(r.out, "==================================================================");
  CHECK(report.starts_with("==================================================================\n"
                           "BUG: KCSAN: data-race in unlocked_increment / unlocked_increment\n"
                           "\n"
                           "write to counter by task a/0 on cpu 0 at step 1:\n"
                           " unlocked_increment\n"
                           "\n"
                           "read to counter by task b/1 on cpu 0 at step 2:\n"
                           " unlocked_increment\n"
                           "\n"
                           "value changed: 0 -> 1\n"
                           "\n"
                           "Reported by Kernel Concurrency Sanitizer on:\n"
                           "CPU: 0 PID: 1 Comm: b\n"
                           "\n"
                           "data_race: read of counter by b races with a write by a\n"
                           "==================================================================\n"
                           "\n"
                           "scenario: "));
  CHECK(report.find("\nreplay:   toycheck run ") != std::string::npos);
  // The swimlane marks the racing read, the step that failed.
  CHECK(r.out.find("\n2     |                                           !! unlocked_increment: read counter\n") !=
        std::string::npos);
}

TEST_CASE("report: an ABBA deadlock of two threads reads as lockdep's, whatever the model") {
  const CliResult r = toycheck({"run", scenario("abba_deadlock")});
  REQUIRE(r.code == 1);
  const std::string report = from_line(r.out, "WARNING: possible circular locking dependency detected");
  for (const char* line : {"ab/0 is trying to acquire lock:\n B, at: lock_pair\n",
                           "but task is already holding lock:\n A, at: lock_pair at step 0\n",
                           "  lock(A);\n                                 lock(B);\n                                 lock(A);\n  lock(B);\n",
                           " *** DEADLOCK ***\n", "1 lock held by ab/0:\n #0: A, at: lock_pair at step 0\n"}) {
    INFO(line);
    CHECK(report.find(line) != std::string::npos);
  }
  // Both blocked threads' pending steps are in the swimlane, marked.
  CHECK(r.out.find("\n--    !! lock_pair: lock B (blocked: waits for B\n") != std::string::npos);
  CHECK(r.out.find("\n--    |                                           !! lock_pair: lock A (blocked: waits for A\n") !=
        std::string::npos);
}

TEST_CASE("report: an assertion reads as a kernel BUG, a thread that never finishes as a soft lockup") {
  const std::string dir = scratch_dir("report_kinds");
  write_file(dir + "/assert.json",
             R"({"name": "assert", "threads": [{"name": "x", "steps": ["atomic_increment"]}, {"name": "y", "steps": ["assert_zero"]}], "expect": {"verdict": "assertion"}})");
  write_file(dir + "/spin.json",
             R"({"name": "spin", "threads": [{"name": "x", "steps": ["wait_flag"]}], "bounds": {"step_bound": 10}, "expect": {"verdict": "non_termination"}})");
  const CliResult bug = toycheck({"run", dir + "/assert.json"});
  REQUIRE(bug.code == 1);
  CHECK(bug.out.find("------------[ cut here ]------------\nkernel BUG at assert_zero!\nacounter is zero\n"
                     "CPU: 0 PID: 1 Comm: y\nCall Trace:\n <TASK>\n assert_zero\n </TASK>\n") != std::string::npos);
  const CliResult spin = toycheck({"run", dir + "/spin.json"});
  REQUIRE(spin.code == 1);
  CHECK(spin.out.find("watchdog: BUG: soft lockup - CPU#0 stuck [x/0]\nx did not finish within 10 steps\n") !=
        std::string::npos);
}

TEST_CASE("report: JSON results carry the report") {
  const CliResult text = toycheck({"run", scenario("data_race")});
  const CliResult r = toycheck({"run", scenario("data_race"), "--format", "json"});
  REQUIRE(r.code == 1);
  CHECK(output_problems(r.out).empty());
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  const std::string report = doc["results"][0]["counterexample"]["report"];
  CHECK(text.out.ends_with(report));
  CHECK(doc["results"][0]["counterexample"]["chrome_trace_file"].is_null());
}
