// `suite`: one line per case in a fixed order, the summary, exit codes for mismatches and bad
// input, JUnit XML, --jobs giving the same bytes, and every counterexample replaying.
#include <catch2/catch.hpp>
#include <filesystem>

#include "cli_harness.h"

using namespace clitest;

namespace {

const std::string kScenarios = "tests/cli/scenarios";

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// A directory holding one passing case and one whose expect block is wrong.
std::string mismatch_dir() {
  const std::string dir = scratch_dir("mismatch");
  write_file(dir + "/a_ok.json", read_file(source_path(kScenarios + "/locked_increments.json")));
  write_file(dir + "/b_wrong.json",
             R"({"name": "wrong", "threads": [{"name": "x", "steps": ["racy_increment"]},
                 {"name": "y", "steps": ["racy_increment"]}], "expect": {"verdict": "pass"}})");
  return dir;
}

}  // namespace

TEST_CASE("suite runs every scenario in sorted order and exits 0 when all are as expected") {
  const CliResult r = toycheck({"suite", source_path(kScenarios)});
  CHECK(r.code == 0);
  const std::string prefix = "ok     " + source_path(kScenarios) + "/";
  CHECK(r.out.find(prefix + "abba_deadlock.json  abba_deadlock: deadlock [deadlock] as expected (dpor, ") == 0);
  CHECK(r.out.find(prefix + "abba_deadlock.json") < r.out.find(prefix + "data_race.json"));
  CHECK(r.out.find(prefix + "data_race.json") < r.out.find(prefix + "locked_increments.json"));
  const std::size_t cases = count_of(r.out, "\nok     ") + 1;
  CHECK(r.out.find("suite: " + std::to_string(cases) + " cases: " + std::to_string(cases) +
                   " as expected, 0 mismatched, 0 errors\n") != std::string::npos);
  CHECK(output_problems(toycheck({"suite", source_path(kScenarios), "--format", "json"}).out).empty());
}

TEST_CASE("suite output is the same bytes with any number of jobs") {
  const CliResult one = toycheck({"suite", source_path(kScenarios), "--jobs", "1"});
  const CliResult four = toycheck({"suite", source_path(kScenarios), "--jobs", "4"});
  CHECK(one.code == four.code);
  CHECK(one.out == four.out);
  const CliResult json_one = toycheck({"suite", source_path(kScenarios), "--format", "json"});
  const CliResult json_four = toycheck({"suite", source_path(kScenarios), "--format", "json", "-j", "3"});
  CHECK(json_one.out == json_four.out);
}

TEST_CASE("a case not as expected fails the suite with exit 1 and shows its counterexample") {
  const std::string dir = mismatch_dir();
  const CliResult r = toycheck({"suite", dir});
  CHECK(r.code == 1);
  CHECK(r.out.find("FAIL   " + dir + "/b_wrong.json  wrong: expected pass, got invariant [no_lost_update]: "
                   "counters add up to 1, expected 2 (dpor, ") != std::string::npos);
  CHECK(r.out.find("       violation: invariant [no_lost_update]") != std::string::npos);
  CHECK(r.out.find("suite: 2 cases: 1 as expected, 1 mismatched, 0 errors\n") != std::string::npos);
  const nlohmann::json doc = nlohmann::json::parse(toycheck({"suite", dir, "--format", "json"}).out);
  CHECK(doc["cases"][1]["status"] == "mismatch");
  CHECK(doc["summary"]["mismatched"] == 1);
}

TEST_CASE("bad input in a suite is an error case and exits 2, even beside mismatches") {
  const std::string dir = mismatch_dir();
  write_file(dir + "/c_bad.json", "{\"name\": \"bad\", \"expect\": {\"verdict\": \"pass\"}, \"threds\": []}");
  const CliResult r = toycheck({"suite", dir});
  CHECK(r.code == 2);
  CHECK(r.out.find("ERROR  " + dir + "/c_bad.json:1:48: unknown key \"threds\"") != std::string::npos);
  CHECK(r.err.find(dir + "/c_bad.json:1:48: unknown key \"threds\"") != std::string::npos);
  CHECK(toycheck({"suite", scratch_dir("empty")}).code == 2);
  CHECK(toycheck({"suite", "/no/such/dir"}).code == 2);
}

TEST_CASE("suite writes JUnit XML with one testcase per scenario, failures and errors counted") {
  const std::string dir = mismatch_dir();
  write_file(dir + "/c_bad.json", "{\"name\": 1}");
  const std::string xml_path = scratch_dir("junit") + "/report.xml";
  toycheck({"suite", dir, "--junit", xml_path});
  const std::string xml = read_file(xml_path);
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"swapcheck\" tests=\"3\" "
                        "failures=\"1\" errors=\"1\">"));
  CHECK(count_of(xml, "<testcase ") == 3);
  CHECK(count_of(xml, "<failure message=\"expected pass, got invariant [no_lost_update]") == 1);
  CHECK(count_of(xml, "<error message=") == 1);
  CHECK(xml.find(" time=") == std::string::npos);  // deterministic unless --timing
  CHECK(xml.ends_with("</testsuite>\n</testsuites>\n"));
  // Same inputs, same bytes.
  const std::string again = scratch_dir("junit2") + "/report.xml";
  toycheck({"suite", dir, "--junit", again, "--jobs", "2"});
  CHECK(read_file(again) == xml);
}

TEST_CASE("every counterexample a suite writes replays byte for byte") {
  const std::string traces = scratch_dir("traces");
  const CliResult r = toycheck({"suite", source_path(kScenarios), "--trace-dir", traces});
  CHECK(r.code == 0);
  std::size_t replayed = 0;
  for (const auto& e : std::filesystem::directory_iterator(traces)) {
    const std::string trace = e.path().string();
    INFO(trace);
    CHECK(trace.ends_with(".trace.json"));
    CHECK(output_problems(read_file(trace)).empty());
    const CliResult text = toycheck({"replay", trace});
    CHECK(text.code == 0);
    CHECK(text.out.find("replay:   identical to the recording\n") != std::string::npos);
    const CliResult json = toycheck({"replay", trace, "--format", "json"});
    CHECK(output_problems(json.out).empty());
    const nlohmann::json doc = nlohmann::json::parse(json.out);
    CHECK(doc["identical"] == true);
    CHECK(doc["replayed"] == nlohmann::json::parse(read_file(trace)));
    ++replayed;
  }
  CHECK(replayed >= 4);
  // Trace files left beside scenarios are not mistaken for scenarios.
  const std::string mixed = scratch_dir("mixed");
  write_file(mixed + "/x.json", read_file(source_path(kScenarios + "/lost_update.json")));
  CHECK(toycheck({"suite", mixed, "--trace-dir", mixed}).code == 0);
  CHECK(toycheck({"suite", mixed}).code == 0);
}

namespace {

// One exhaustive pass and one pass that a budget of one execution stops early.
std::string partial_dir() {
  const std::string dir = scratch_dir("partial");
  write_file(dir + "/a_full.json", read_file(source_path(kScenarios + "/locked_increments.json")));
  write_file(dir + "/b_budget.json",
             R"({"name": "budget", "bounds": {"max_executions": 1},
                 "threads": [{"name": "x", "steps": ["locked_increment"]},
                             {"name": "y", "steps": ["locked_increment"]}],
                 "expect": {"verdict": "pass"}})");
  return dir;
}

}  // namespace

TEST_CASE("a pass stopped by a budget is partial, not ok, in text, JSON and JUnit") {
  const std::string dir = partial_dir();
  const std::string xml_path = scratch_dir("partial_junit") + "/report.xml";
  const CliResult r = toycheck({"suite", dir, "--junit", xml_path});
  CHECK(r.code == 0);
  CHECK(r.out.find("ok     " + dir + "/a_full.json  locked_increments: pass as expected (dpor, ") == 0);
  CHECK(r.out.find("\npartial " + dir +
                   "/b_budget.json  budget: pass as expected so far (dpor, 1 execution, PARTIAL: stopped by the "
                   "execution budget (1 execution))\n") != std::string::npos);
  CHECK(count_of(r.out, "\nok     ") == 0);  // only the first line is ok
  CHECK(r.out.find("suite: 2 cases: 2 as expected, 0 mismatched, 0 errors (1 PARTIAL: stopped by a budget)\n") !=
        std::string::npos);

  const CliResult j = toycheck({"suite", dir, "--format", "json"});
  CHECK(output_problems(j.out).empty());
  const nlohmann::json doc = nlohmann::json::parse(j.out);
  CHECK(doc["cases"][0]["status"] == "as_expected");
  CHECK(doc["cases"][0]["partial"].is_null());
  CHECK(doc["cases"][1]["status"] == "partial");
  CHECK(doc["cases"][1]["partial"] == "stopped by the execution budget (1 execution)");
  CHECK(doc["cases"][1]["reason"].is_null());
  CHECK(doc["summary"]["partial"] == 1);
  CHECK(doc["summary"]["as_expected"] == 2);

  const std::string xml = read_file(xml_path);
  CHECK(xml.find("<testsuite name=\"toy\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\">") != std::string::npos);
  CHECK(count_of(xml, "<skipped ") == 1);
  CHECK(xml.find("      <properties>\n        <property name=\"partial\" value=\"stopped by the execution budget (1 "
                 "execution)\"/>\n      </properties>\n      <skipped message=\"PARTIAL: pass as far as the search got; "
                 "stopped by the execution budget (1 execution)\"/>\n") != std::string::npos);
  CHECK(xml.find("<failure") == std::string::npos);
}

TEST_CASE("suite --fail-partial makes a pass stopped by a budget fail the suite") {
  const std::string dir = partial_dir();
  const std::string xml_path = scratch_dir("fail_partial_junit") + "/report.xml";
  const CliResult r = toycheck({"suite", dir, "--fail-partial", "--junit", xml_path});
  CHECK(r.code == 1);
  CHECK(r.out.find("\nFAIL   " + dir +
                   "/b_budget.json  budget: pass, but the search was incomplete (stopped by the execution budget (1 "
                   "execution)) and --fail-partial counts that as a failure (dpor, ") != std::string::npos);
  CHECK(r.out.find("suite: 2 cases: 1 as expected, 1 mismatched, 0 errors (1 PARTIAL: stopped by a budget)\n") !=
        std::string::npos);
  const nlohmann::json doc = nlohmann::json::parse(toycheck({"suite", dir, "--fail-partial", "--format", "json"}).out);
  CHECK(doc["cases"][1]["status"] == "mismatch");
  CHECK(doc["cases"][1]["partial"] == "stopped by the execution budget (1 execution)");
  const std::string xml = read_file(xml_path);
  CHECK(xml.find("failures=\"1\" errors=\"0\" skipped=\"0\"") != std::string::npos);
  CHECK(count_of(xml, "<failure message=\"pass, but the search was incomplete") == 1);
  CHECK(xml.find("<property name=\"partial\"") != std::string::npos);
  // An exhaustive suite is untouched by the flag.
  CHECK(toycheck({"suite", source_path(kScenarios), "--fail-partial"}).code == 0);
}

TEST_CASE("an expect block may list several acceptable verdicts") {
  const std::string dir = scratch_dir("verdict_list");
  const std::string racy = R"("threads": [{"name": "x", "steps": ["racy_increment"]}, {"name": "y", "steps": ["racy_increment"]}])";
  const std::string locked =
      R"("threads": [{"name": "x", "steps": ["locked_increment"]}, {"name": "y", "steps": ["locked_increment"]}])";
  write_file(dir + "/a_racy.json", R"({"name": "racy", )" + racy +
                                       R"(, "expect": {"verdict": ["pass", "invariant"], "check": "no_lost_update"}})");
  write_file(dir + "/b_locked.json", R"({"name": "locked", )" + locked +
                                         R"(, "expect": {"verdict": ["pass", "invariant"], "check": "no_lost_update"}})");
  write_file(dir + "/c_wrong.json", R"({"name": "wrong", )" + racy + R"(, "expect": {"verdict": ["pass", "deadlock"]}})");
  const CliResult r = toycheck({"suite", dir});
  CHECK(r.code == 1);
  CHECK(r.out.find("ok     " + dir + "/a_racy.json  racy: invariant [no_lost_update] as expected (dpor, ") == 0);
  CHECK(r.out.find("\nok     " + dir + "/b_locked.json  locked: pass as expected (dpor, ") != std::string::npos);
  CHECK(r.out.find("\nFAIL   " + dir + "/c_wrong.json  wrong: expected pass or deadlock, got invariant [no_lost_update]: ") !=
        std::string::npos);
  const CliResult run = toycheck({"run", dir + "/a_racy.json"});
  CHECK(run.out.find("expected: pass or invariant [no_lost_update], as expected\n") != std::string::npos);
  const CliResult j = toycheck({"run", dir + "/a_racy.json", "--format", "json"});
  CHECK(output_problems(j.out).empty());
  CHECK(nlohmann::json::parse(j.out)["results"][0]["expected"] ==
        nlohmann::json::parse(R"({"verdict": ["pass", "invariant"], "check": "no_lost_update"})"));
  for (const char* f : {"/a_racy.json", "/b_locked.json", "/c_wrong.json"}) {
    INFO(f);
    CHECK(scenario_schema().check(nlohmann::json::parse(read_file(dir + f))).empty());
  }
}
