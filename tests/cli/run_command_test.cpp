// `run`: exit codes, every verdict the toy can produce, bounds from the file and the flags,
// partial searches, fewest preemptions, byte-identical output, schema-valid JSON.
#include <catch2/catch.hpp>

#include "cli_harness.h"

using namespace clitest;

namespace {

std::string scenario(const std::string& name) { return source_path("tests/cli/scenarios/" + name + ".json"); }

// Writes a scenario with the given threads (JSON array text) and extra top-level members.
std::string make_scenario(const std::string& dir, const std::string& name, const std::string& threads,
                          const std::string& expect, const std::string& extra = "") {
  const std::string path = dir + "/" + name + ".json";
  write_file(path, "{\"name\": \"" + name + "\", \"threads\": " + threads + ", \"expect\": " + expect +
                       (extra.empty() ? "" : ", " + extra) + "}\n");
  return path;
}

nlohmann::json json_of(const CliResult& r) {
  INFO(r.out);
  REQUIRE(output_problems(r.out).empty());
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("run exits 0 on a pass and 1 on a violation, and says so") {
  CliResult pass = toycheck({"run", scenario("locked_increments")});
  CHECK(pass.code == 0);
  CHECK(pass.out.find("search:   dpor, 3 executions, exhaustive\nverdict:  pass\nexpected: pass, as expected\n") !=
        std::string::npos);
  CliResult bad = toycheck({"run", scenario("lost_update")});
  CHECK(bad.code == 1);
  CHECK(bad.out.find("verdict:  VIOLATION invariant [no_lost_update]: counters add up to 1, expected 2\n") !=
        std::string::npos);
  // The swimlane, and the invariant it broke: checked at quiescence, no step is marked.
  CHECK(bad.out.find("\n3     racy_increment: store acounter = 1\n") != std::string::npos);
  CHECK(bad.out.find("violation: invariant [no_lost_update] at quiescence\n") != std::string::npos);
  CHECK(bad.out.find("!!") == bad.out.find("!! marks"));
  CHECK(bad.out.find("replay:   identical\n") != std::string::npos);
  // Time and rate go to stderr, never to stdout.
  CHECK(bad.out.find("executions/s") == std::string::npos);
  CHECK(bad.err.find("lost_update: ") == 0);
  CHECK(bad.err.find("executions/s") != std::string::npos);
}

TEST_CASE("usage errors exit 2 and help exits 0, naming every command and the exit codes") {
  CHECK(toycheck({}).code == 2);
  CHECK(toycheck({"frobnicate"}).code == 2);
  CHECK(toycheck({"run"}).code == 2);
  CHECK(toycheck({"run", scenario("lost_update"), "--strategy", "bfs"}).code == 2);
  CHECK(toycheck({"run", scenario("lost_update"), "--preemptions", "65"}).code == 2);
  CHECK(toycheck({"run", scenario("lost_update"), "--max-executions", "-3"}).code == 2);
  CHECK(toycheck({"run", scenario("lost_update"), "--format", "xml"}).code == 2);
  CHECK(toycheck({"list", "everything"}).code == 2);
  const CliResult two = toycheck({"run", scenario("lost_update"), scenario("abba_deadlock"), "--trace-out", "x"});
  CHECK(two.code == 2);
  CHECK(two.err.find("--trace-out takes a single FILE") != std::string::npos);
  const CliResult help = toycheck({"--help"});
  CHECK(help.code == 0);
  for (const char* word : {"run", "suite", "replay", "list", "Exit codes: 0", "stderr"})
    CHECK(help.out.find(word) != std::string::npos);
  const CliResult run_help = toycheck({"run", "--help"});
  CHECK(run_help.code == 0);
  for (const char* flag : {"--strategy", "--preemptions", "--max-executions", "--time-limit", "--seed",
                           "--step-bound", "--trace-out", "--format", "--no-minimize", "--timing"})
    CHECK(run_help.out.find(flag) != std::string::npos);
}

TEST_CASE("every verdict kind the toy can produce is reported and matches its expect block") {
  const std::string dir = scratch_dir("verdicts");
  struct Case {
    const char* name;
    const char* threads;
    const char* expect;
    const char* extra;
  };
  const Case cases[] = {
      {"deadlock", R"([{"name": "x", "steps": ["lock_ab"]}, {"name": "y", "steps": ["lock_ba"]}])",
       R"({"verdict": "deadlock"})", ""},
      {"race", R"([{"name": "x", "steps": ["unlocked_increment"]}, {"name": "y", "steps": ["unlocked_increment"]}])",
       R"({"verdict": "data_race"})", ""},
      {"spin", R"([{"name": "x", "steps": ["wait_flag"]}])", R"({"verdict": "non_termination"})",
       R"("bounds": {"step_bound": 10})"},
      {"unlock", R"([{"name": "x", "steps": ["unlock_unheld"]}])", R"({"verdict": "bad_unlock"})", ""},
      {"assertion", R"([{"name": "x", "steps": ["atomic_increment"]}, {"name": "y", "steps": ["assert_zero"]}])",
       R"({"verdict": "assertion"})", ""},
      {"hint", R"([{"name": "x", "steps": ["set_flag"]}])", R"({"verdict": "hint", "check": "flag_clear"})", ""},
      {"invariant_subset", R"([{"name": "x", "steps": ["racy_increment"]}, {"name": "y", "steps": ["racy_increment"]}])",
       R"({"verdict": "pass"})", R"("invariants": ["counter_in_range"])"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string file = make_scenario(dir, c.name, c.threads, c.expect, c.extra);
    const CliResult r = toycheck({"run", file, "--format", "json"});
    const nlohmann::json doc = json_of(r);
    const nlohmann::json& result = doc["results"][0];
    CHECK(result["as_expected"] == true);
    CHECK(result["verdict"]["kind"] == result["expected"]["verdict"]);
    CHECK(r.code == (result["verdict"]["kind"] == "pass" ? 0 : 1));
  }
}

TEST_CASE("the same run twice prints the same bytes, under every strategy") {
  for (const char* strategy : {"dpor", "dfs", "bounded", "random", "pct"}) {
    INFO(strategy);
    for (const char* file : {"lost_update", "locked_increments", "mutation_drop_lock"}) {
      const std::vector<std::string> args{"run", scenario(file), "--strategy", strategy, "--seed", "7"};
      const CliResult a = toycheck(args), b = toycheck(args);
      CHECK(a.code == b.code);
      CHECK(a.out == b.out);
      std::vector<std::string> json_args = args;
      json_args.insert(json_args.end(), {"--format", "json"});
      const CliResult ja = toycheck(json_args), jb = toycheck(json_args);
      CHECK(ja.out == jb.out);
      CHECK(output_problems(ja.out).empty());
    }
  }
}

TEST_CASE("flags override the file's bounds; a budget stop is labelled partial and still exits 0") {
  const CliResult r = toycheck({"run", scenario("locked_increments"), "--max-executions", "1", "--format", "json"});
  CHECK(r.code == 0);
  const nlohmann::json result = json_of(r)["results"][0];
  CHECK(result["bounds"]["max_executions"] == 1);
  CHECK(result["search"]["stop"] == "execution_budget");
  CHECK(result["search"]["partial"] == true);
  CHECK(result["search"]["exhaustive"] == false);
  const CliResult text = toycheck({"run", scenario("locked_increments"), "--max-executions", "1"});
  CHECK(text.out.find("search:   dpor, 1 execution, PARTIAL: stopped by the execution budget (1 execution)\n"
                      "verdict:  pass so far (the search was incomplete)\n") != std::string::npos);
  const CliResult dfs = toycheck({"run", scenario("lost_update"), "--strategy", "dfs", "--step-bound", "50"});
  CHECK(dfs.out.find("search:   dfs, ") != std::string::npos);
  const CliResult bounded = toycheck({"run", scenario("locked_increments"), "--strategy", "bounded",
                                      "--preemptions", "0", "--format", "json"});
  CHECK(json_of(bounded)["results"][0]["search"]["stop"] == "preemption_bound");
}

TEST_CASE("bounds.memory_model: sc by default, kernel from the file, --memory-model over both, in results and traces") {
  const std::string dir = scratch_dir("memory_model");
  const std::string threads = R"([{"name": "a", "steps": ["racy_increment"]}, {"name": "b", "steps": ["racy_increment"]}])";
  const std::string expect = R"({"verdict": "invariant", "check": "no_lost_update"})";
  const std::string kernel = make_scenario(dir, "kernel", threads, expect, R"("bounds": {"memory_model": "kernel"})");
  CHECK(json_of(toycheck({"run", scenario("lost_update"), "--format", "json"}))["results"][0]["bounds"]["memory_model"] ==
        "sc");
  const std::string trace = dir + "/kernel.trace.json";
  const CliResult r = toycheck({"run", kernel, "--format", "json", "--trace-out", trace});
  CHECK(r.code == 1);
  CHECK(json_of(r)["results"][0]["bounds"]["memory_model"] == "kernel");
  // The trace records the model, and replay runs under it unless told otherwise.
  CHECK(nlohmann::json::parse(read_file(trace))["meta"]["bounds"]["memory_model"] == "kernel");
  CHECK(toycheck({"replay", trace}).code == 0);
  const CliResult over = toycheck({"run", kernel, "--memory-model", "sc", "--format", "json"});
  CHECK(json_of(over)["results"][0]["bounds"]["memory_model"] == "sc");
  const CliResult bad = toycheck({"run", kernel, "--memory-model", "c11"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--memory-model") != std::string::npos);
}

TEST_CASE("a counterexample only the kernel memory model has replays under it and diverges under sc") {
  // Message passing with relaxed stores and loads: the consumer sees the flag and an older
  // acounter only when its load may read an older store. 7 executions under kernel (the engine's
  // MP count, checker/README.md), 3 under sc, all passing.
  const std::string dir = scratch_dir("memory_model_mp");
  const std::string threads =
      R"([{"name": "writer", "steps": ["publish_relaxed"]}, {"name": "reader", "steps": ["consume_relaxed"]}])";
  const std::string mp = make_scenario(dir, "mp", threads, R"({"verdict": "assertion"})",
                                       R"("bounds": {"memory_model": "kernel"}, "invariants": ["no_lost_update"])");
  const std::string trace = dir + "/mp.trace.json";
  const CliResult r = toycheck({"run", mp, "--trace-out", trace, "--format", "json"});
  CHECK(r.code == 1);
  CHECK(json_of(r)["results"][0]["verdict"]["check"] == "consume_relaxed");
  const nlohmann::json t = nlohmann::json::parse(read_file(trace));
  bool stale = false;  // some load of the counterexample read an older store (a choice above 0)
  for (const auto& step : t["schedule"])
    for (const auto& c : step["choices"]) stale = stale || c.get<int>() > 0;
  CHECK(stale);
  CHECK(toycheck({"replay", trace}).code == 0);
  const CliResult sc = toycheck({"replay", trace, "--memory-model", "sc"});
  CHECK(sc.code == 1);  // the recorded choice does not exist under sc
  const CliResult pass = toycheck({"run", mp, "--memory-model", "sc", "--format", "json"});
  CHECK(json_of(pass)["results"][0]["verdict"]["kind"] == "pass");
}

TEST_CASE("the counterexample reported has the fewest preemptions unless --no-minimize") {
  // Random schedules switch threads freely: the first lost update a random walk meets has
  // more preemptions than needed, and one preemption suffices (a: load, b: load+store, a: store).
  const std::string dir = scratch_dir("minimize");
  const std::string file = make_scenario(
      dir, "many_racy",
      R"([{"name": "a", "steps": [{"op": "racy_increment", "repeat": 4}]}, {"name": "b", "steps": [{"op": "racy_increment", "repeat": 4}]}])",
      R"({"verdict": "invariant", "check": "no_lost_update"})");
  const auto run_json = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"run", file, "--strategy", "random", "--seed", "3", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return json_of(toycheck(args))["results"][0];
  };
  const nlohmann::json plain = run_json({"--no-minimize"});
  const nlohmann::json minimal = run_json({});
  const unsigned found = plain["counterexample"]["preemptions"];
  INFO("the random walk's counterexample had " << found << " preemptions");
  REQUIRE(found > 1);
  CHECK(plain["counterexample"]["minimization"]["attempted"] == false);
  CHECK(minimal["counterexample"]["minimization"]["from"] == found);
  CHECK(minimal["counterexample"]["minimization"]["to"] == 1);
  CHECK(minimal["counterexample"]["minimization"]["proven"] == true);
  CHECK(minimal["counterexample"]["preemptions"] == 1);
  CHECK(minimal["counterexample"]["trace"]["meta"]["minimized"] == true);
  CHECK(minimal["counterexample"]["trace"]["meta"]["found_by"] == "random");
  CHECK(minimal["verdict"] == plain["verdict"]);
}

TEST_CASE("the --timing flag puts time and rate on stdout instead of stderr") {
  const CliResult r = toycheck({"run", scenario("lost_update"), "--timing"});
  CHECK(r.out.find("time:     ") != std::string::npos);
  CHECK(r.err.empty());
  const CliResult j = toycheck({"run", scenario("lost_update"), "--timing", "--format", "json"});
  const nlohmann::json result = json_of(j)["results"][0];
  CHECK(result.contains("seconds"));
  CHECK(result.contains("executions_per_second"));
}

TEST_CASE("a progress line never reaches stdout, and stderr has none when it is not a terminal") {
  const std::vector<std::string> args{"run", scenario("mutation_drop_lock"), "--strategy", "random",
                                      "--max-executions", "3000", "--no-minimize"};
  const CliResult quiet = toycheck(args, false);
  const CliResult terminal = toycheck(args, true);
  CHECK(quiet.err.find('\r') == std::string::npos);
  CHECK(quiet.out == terminal.out);
  CHECK(terminal.out.find('\r') == std::string::npos);
}

TEST_CASE("several files run in order; one bad file stops all before any search") {
  const CliResult both = toycheck({"run", scenario("locked_increments"), scenario("abba_deadlock")});
  CHECK(both.code == 1);
  CHECK(both.out.find("scenario: locked_increments") < both.out.find("scenario: abba_deadlock"));
  const CliResult bad =
      toycheck({"run", scenario("locked_increments"), source_path("tests/cli/malformed/missing_name.json")});
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
}
