// `replay`: identical replays exit 0; a trace that no longer matches what the model does
// exits 1 (nondeterminism); a trace or scenario that is not what it claims exits 2.
#include <catch2/catch.hpp>
#include <functional>

#include "cli_harness.h"

using namespace clitest;

namespace {

struct Recorded {
  std::string dir;
  std::string scenario;
  std::string trace;
};

// Copies lost_update.json to a scratch directory and records its counterexample.
Recorded record(const std::string& name) {
  Recorded r;
  r.dir = scratch_dir(name);
  r.scenario = r.dir + "/lost_update.json";
  r.trace = r.dir + "/lost_update.trace.json";
  write_file(r.scenario, read_file(source_path("tests/cli/scenarios/lost_update.json")));
  REQUIRE(toycheck({"run", r.scenario, "--trace-out", r.trace}).code == 1);
  return r;
}

void edit_trace(const std::string& path, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = nlohmann::json::parse(read_file(path));
  edit(j);
  write_file(path, j.dump(2));
}

}  // namespace

TEST_CASE("a recorded counterexample replays identically, as a swimlane") {
  const Recorded rec = record("replay_ok");
  const CliResult r = toycheck({"replay", rec.trace});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: lost_update (" + rec.scenario + ")\nreplay:   identical to the recording\n") !=
        std::string::npos);
  CHECK(r.out.find("violation: invariant [no_lost_update]") != std::string::npos);
  CHECK(toycheck({"replay", rec.trace}).out == r.out);
  const CliResult run = toycheck({"run", rec.scenario, "--trace-out", rec.trace});
  CHECK(run.out.find("trace:    " + rec.trace + " (replay it: toycheck replay " + rec.trace + ")\n") !=
        std::string::npos);
}

TEST_CASE("a trace whose events differ from what the model does is reported as diverging") {
  const Recorded rec = record("replay_diverge");
  edit_trace(rec.trace, [](nlohmann::json& j) { j["events"][2]["after"] = "7"; });
  const CliResult r = toycheck({"replay", rec.trace});
  CHECK(r.code == 1);
  CHECK(r.out.find("replay:   DIVERGED: step 2: recorded [") != std::string::npos);
  const nlohmann::json doc = nlohmann::json::parse(toycheck({"replay", rec.trace, "--format", "json"}).out);
  CHECK(doc["identical"] == false);
  CHECK(doc["divergence"].get<std::string>().starts_with("step 2"));
  CHECK(output_problems(doc.dump()).empty());
}

TEST_CASE("a changed or moved scenario is caught before replaying") {
  const Recorded rec = record("replay_changed");
  write_file(rec.scenario, read_file(rec.scenario) + "\n// an edit\n");
  CliResult r = toycheck({"replay", rec.trace});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with(rec.scenario + ": changed since the trace was recorded (fnv1a64:"));
  const Recorded moved = record("replay_moved");
  const std::string elsewhere = scratch_dir("replay_moved_to") + "/renamed.json";
  write_file(elsewhere, read_file(moved.scenario));
  write_file(moved.scenario, "{}");
  CHECK(toycheck({"replay", moved.trace}).code == 2);
  CHECK(toycheck({"replay", moved.trace, "--scenario", elsewhere}).code == 0);
}

TEST_CASE("traces that are not swapcheck traces are bad input, located in the trace file") {
  const Recorded rec = record("replay_bad");
  write_file(rec.trace, "{\"format\": \"swapcheck-trace\",\n \"version\": 1,");
  CliResult r = toycheck({"replay", rec.trace});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with(rec.trace + ":2:15: invalid JSON"));

  const Recorded rec2 = record("replay_field");
  edit_trace(rec2.trace, [](nlohmann::json& j) { j["events"][1]["op"] = 5; });
  r = toycheck({"replay", rec2.trace});
  CHECK(r.code == 2);
  CHECK(r.err.find("not a swapcheck trace: $.events[1].op: expected a string") != std::string::npos);
  const std::string located = rec2.trace + ":";
  CHECK(r.err.starts_with(located));
  CHECK(r.err.substr(located.size(), 2) != "0:");  // carries a line

  const Recorded rec3 = record("replay_model");
  edit_trace(rec3.trace, [](nlohmann::json& j) { j["meta"]["model"] = "swap"; });
  r = toycheck({"replay", rec3.trace});
  CHECK(r.code == 2);
  CHECK(r.err.find("meta.model: the trace was recorded with model \"swap\", this is \"toy\"") != std::string::npos);

  const Recorded rec4 = record("replay_meta");
  edit_trace(rec4.trace, [](nlohmann::json& j) { j["meta"] = nlohmann::json::object(); });
  r = toycheck({"replay", rec4.trace});
  CHECK(r.code == 2);
  CHECK(r.err.find("missing key \"model\" in the trace's meta") != std::string::npos);
  CHECK(toycheck({"replay", "/no/such/trace.json"}).code == 2);
}
