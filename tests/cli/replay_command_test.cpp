// `replay`: identical replays exit 0; a trace that no longer matches what the model does
// exits 1 (nondeterminism); a trace or scenario that is not what it claims exits 2. A trace
// embeds its scenario, so it replays alone; --scenario replays it against another copy.
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>

#include "checker/cli/scenario_loader.h"
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

// Runs the commands of a scope in another current directory, and comes back.
class Cwd {
 public:
  explicit Cwd(const std::string& dir) : old_(std::filesystem::current_path()) { std::filesystem::current_path(dir); }
  ~Cwd() { std::filesystem::current_path(old_); }
  Cwd(const Cwd&) = delete;
  Cwd& operator=(const Cwd&) = delete;

 private:
  std::filesystem::path old_;
};

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
  CHECK(r.out.find("scenario: lost_update (" + rec.scenario +
                   ", the copy embedded in the trace)\nreplay:   identical to the recording\n") != std::string::npos);
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

TEST_CASE("a trace embeds its scenario: replay ignores the file it came from") {
  const Recorded rec = record("replay_changed");
  const nlohmann::json meta = nlohmann::json::parse(read_file(rec.trace))["meta"]["scenario"];
  CHECK(meta["text"] == read_file(rec.scenario));
  CHECK(meta["case"].is_null());
  CHECK(meta["hash"] == checker::content_hash(read_file(rec.scenario)));
  write_file(rec.scenario, "{}");  // gone bad: the embedded copy is what replays
  const CliResult r = toycheck({"replay", rec.trace});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: lost_update (" + rec.scenario + ", the copy embedded in the trace)\n"
                   "replay:   identical to the recording\n") != std::string::npos);
  const nlohmann::json doc = nlohmann::json::parse(toycheck({"replay", rec.trace, "--format", "json"}).out);
  CHECK(doc["scenario_source"] == "embedded");
  CHECK(output_problems(doc.dump()).empty());
}

TEST_CASE("a trace replays alone, copied to another folder and run from a third") {
  const std::string rec_dir = scratch_dir("replay_alone_rec");
  const std::string copy_dir = scratch_dir("replay_alone_copy");
  const std::string elsewhere = scratch_dir("replay_alone_cwd");
  write_file(rec_dir + "/lost_update.json", read_file(source_path("tests/cli/scenarios/lost_update.json")));
  const std::string matrix = read_file(source_path("tests/cli/matrix/increments.json"));
  write_file(rec_dir + "/increments.json", matrix);
  {
    const Cwd in(rec_dir);  // a relative path, as people type it
    REQUIRE(toycheck({"run", "lost_update.json", "--trace-out", "t.trace.json"}).code == 1);
    REQUIRE(toycheck({"run", "increments.json#inc_racy_vs_racy", "--trace-out", "m.trace.json"}).code == 1);
  }
  write_file(copy_dir + "/t.trace.json", read_file(rec_dir + "/t.trace.json"));
  write_file(copy_dir + "/m.trace.json", read_file(rec_dir + "/m.trace.json"));
  std::filesystem::remove_all(rec_dir);
  const Cwd in(elsewhere);
  CliResult r = toycheck({"replay", copy_dir + "/t.trace.json"});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: lost_update (lost_update.json, the copy embedded in the trace)\n"
                   "replay:   identical to the recording\n") != std::string::npos);
  const nlohmann::json meta = nlohmann::json::parse(read_file(copy_dir + "/m.trace.json"))["meta"]["scenario"];
  CHECK(meta["file"] == "increments.json#inc_racy_vs_racy");
  CHECK(meta["case"] == "inc_racy_vs_racy");
  CHECK(meta["text"] == matrix);  // the whole matrix file
  r = toycheck({"replay", copy_dir + "/m.trace.json"});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: inc_racy_vs_racy (increments.json#inc_racy_vs_racy, the copy embedded in the trace)\n"
                   "replay:   identical to the recording\n") != std::string::npos);
}

TEST_CASE("replay refuses when the model no longer reads the embedded scenario as it did") {
  const Recorded rec = record("replay_model_changed");
  // A model that normalises the scenario differently now: its recorded config no longer matches.
  edit_trace(rec.trace, [](nlohmann::json& j) { j["meta"]["config"]["initial"] = 41; });
  CliResult r = toycheck({"replay", rec.trace});
  CHECK(r.code == 2);
  CHECK(r.err == rec.scenario + ": the model no longer matches the trace: it reads the recorded scenario differently "
                                "from when the trace was recorded (its normalised configuration or invariants "
                                "changed); run the scenario again for a fresh trace\n");
  // A model that lost an operation the scenario uses.
  const Recorded rec2 = record("replay_model_lost_op");
  edit_trace(rec2.trace, [](nlohmann::json& j) {
    std::string text = j["meta"]["scenario"]["text"];
    text.replace(text.find("\"racy_increment\""), 16, "\"gone_increment\"");
    j["meta"]["scenario"]["text"] = text;
    j["meta"]["scenario"]["hash"] = checker::content_hash(text);
  });
  r = toycheck({"replay", rec2.trace});
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.starts_with(rec2.scenario + ":6:29: the scenario embedded in the trace no longer loads in model \"toy\" "
                                          "(the model changed since it was recorded): "));
  CHECK(r.err.find("gone_increment") != std::string::npos);
  // An embedded copy edited without its hash is a broken trace, located in the trace file.
  const Recorded rec3 = record("replay_text_edited");
  edit_trace(rec3.trace, [](nlohmann::json& j) { j["meta"]["scenario"]["text"] = "{}"; });
  r = toycheck({"replay", rec3.trace});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with(rec3.trace + ":"));
  CHECK(r.err.find("meta.scenario.text: the embedded scenario's hash is fnv1a64:") != std::string::npos);
  CHECK(r.err.find("; the trace file was edited\n") != std::string::npos);
}

TEST_CASE("replay --scenario replays against another copy, edited or not") {
  const Recorded rec = record("replay_override");
  const std::string moved = scratch_dir("replay_override_to") + "/renamed.json";
  write_file(moved, read_file(rec.scenario));
  CliResult r = toycheck({"replay", rec.trace, "--scenario", moved});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: lost_update (" + moved + ")\nreplay:   identical to the recording\n") != std::string::npos);
  // An edit that changes nothing the model reads still reproduces.
  write_file(moved, read_file(rec.scenario) + "\n// an edit\n");
  r = toycheck({"replay", rec.trace, "--scenario", moved});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: lost_update (" + moved + ", edited since the trace was recorded)\n"
                   "replay:   identical to the recording\n") != std::string::npos);
  // An edit that fixes the race: the schedule no longer does what it did.
  std::string fixed = read_file(rec.scenario);
  for (std::size_t at; (at = fixed.find("\"racy_increment\"")) != std::string::npos;)
    fixed.replace(at, 16, "\"locked_increment\"");
  write_file(moved, fixed);
  r = toycheck({"replay", rec.trace, "--scenario", moved});
  CHECK(r.code == 1);
  CHECK(r.out.find("scenario: lost_update (" + moved + ", edited since the trace was recorded)\n"
                   "replay:   the edited scenario does not reproduce the recording: ") != std::string::npos);
  const nlohmann::json doc = nlohmann::json::parse(toycheck({"replay", rec.trace, "--scenario", moved, "--format", "json"}).out);
  CHECK(doc["scenario_source"] == "edited");
  CHECK(doc["identical"] == false);
  CHECK(output_problems(doc.dump()).empty());
  // A matrix file given without its case replays the recorded case.
  const std::string dir = scratch_dir("replay_override_matrix");
  write_file(dir + "/m.json", read_file(source_path("tests/cli/matrix/increments.json")));
  REQUIRE(toycheck({"run", dir + "/m.json#inc_racy_vs_racy", "--trace-out", dir + "/m.trace.json"}).code == 1);
  r = toycheck({"replay", dir + "/m.trace.json", "--scenario", dir + "/m.json"});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: inc_racy_vs_racy (" + dir + "/m.json#inc_racy_vs_racy)\n") != std::string::npos);
}

TEST_CASE("a trace written before traces embedded their scenario reads the file it names, or says why not") {
  const Recorded rec = record("replay_old");
  edit_trace(rec.trace, [](nlohmann::json& j) {
    j["meta"]["scenario"].erase("text");
    j["meta"]["scenario"].erase("case");
  });
  CliResult r = toycheck({"replay", rec.trace});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: lost_update (" + rec.scenario + ")\nreplay:   identical to the recording\n") !=
        std::string::npos);
  write_file(rec.scenario, read_file(rec.scenario) + "\n// an edit\n");
  r = toycheck({"replay", rec.trace});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with(rec.scenario + ": changed since the trace was recorded (fnv1a64:"));
  std::filesystem::remove(rec.scenario);
  r = toycheck({"replay", rec.trace});
  CHECK(r.code == 2);
  CHECK(r.err == rec.scenario + ": no such file: this trace was written before traces embedded their scenario, and "
                                "names it by this path, relative to the folder it was recorded in; replay it from "
                                "there, or pass --scenario FILE\n");
  // An older trace of a matrix case: --scenario FILE alone means the case its FILE#case named.
  const std::string dir = scratch_dir("replay_old_matrix");
  write_file(dir + "/m.json", read_file(source_path("tests/cli/matrix/increments.json")));
  REQUIRE(toycheck({"run", dir + "/m.json#inc_racy_vs_racy", "--trace-out", dir + "/m.trace.json"}).code == 1);
  edit_trace(dir + "/m.trace.json", [](nlohmann::json& j) {
    j["meta"]["scenario"].erase("text");
    j["meta"]["scenario"].erase("case");
  });
  const std::string moved = scratch_dir("replay_old_matrix_moved") + "/moved.json";
  write_file(moved, read_file(dir + "/m.json"));
  std::filesystem::remove(dir + "/m.json");
  r = toycheck({"replay", dir + "/m.trace.json", "--scenario", moved});
  CHECK(r.code == 0);
  CHECK(r.out.find("scenario: inc_racy_vs_racy (" + moved + "#inc_racy_vs_racy)\nreplay:   identical") != std::string::npos);
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
  INFO(r.err);
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
