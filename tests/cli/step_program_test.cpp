// The step language of scenario threads (model/cli/step_program.h, docs/scenario-format.md
// "Steps"), run through the real swapcheck commands on the swap model: results bound and passed
// on, if/else, goto, retry with its bound, assertions, and every bad reference refused with its
// file:line:column (tests/cli/steps_malformed/, one file per mistake, as tests/cli/malformed/).
//
// Most scenarios here have one thread, so they run exactly one execution, and `search.events`
// counts the scheduling points that execution took: a skipped step or an extra loop iteration
// shows there.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "json_schema_check.h"
#include "tests/swap_cli.h"

namespace fs = std::filesystem;
using nlohmann::json;
using swaptest::cli;
using swaptest::CliResult;

namespace {

const fs::path kSource = fs::path(SWAPCHECK_SOURCE_DIR);

// The state every scenario here starts from: mm0's PTE 0 holds swp(0,1), count 1, nothing in the
// swap cache; memcg 2 owns it.
const char* const kState = R"(
  "config": {"memcgs": 1},
  "state": [
    {"op": "new_mm", "memcg": 2},
    {"op": "map_anon", "mm": 0, "idx": 0, "memcg": 2},
    {"op": "swap_out", "mm": 0, "idx": 0}
  ],)";

// This process's scratch directory, removed when the process ends.
fs::path scratch() {
  struct Dir {
    fs::path path = fs::temp_directory_path() / ("swapcheck_step_program_" + std::to_string(::getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  };
  static const Dir dir;
  return dir.path;
}

// Writes a scenario named `name` with these threads (JSON text) on kState; returns its path.
std::string scenario(const std::string& name, const std::string& threads,
                     const std::string& expect = R"({"verdict": "pass"})") {
  const fs::path file = scratch() / (name + ".json");
  std::ofstream(file) << "{\n  \"name\": \"" << name << "\",\n  \"expect\": " << expect << "," << kState
                      << "\n  \"threads\": " << threads << "\n}\n";
  return file.string();
}

std::string one_thread(const std::string& steps) { return R"([{"name": "t", "steps": [)" + steps + "]}]"; }

// `run FILE --format json`: the one result.
json run_json(const std::string& file) {
  const CliResult r = cli({"run", file, "--format", "json", "--no-minimize"});
  INFO(r.out << r.err);
  REQUIRE((r.code == 0 || r.code == 1));
  return json::parse(r.out).at("results").at(0);
}

std::uint64_t events_of(const std::string& file) {
  const json r = run_json(file);
  REQUIRE(r["search"]["executions"] == 1);
  return r["search"]["events"].get<std::uint64_t>();
}

std::string verdict_of(const json& result) { return result["verdict"]["kind"].get<std::string>(); }

std::vector<std::string> malformed_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kSource / "tests/cli/steps_malformed"))
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string expected_error(const std::string& file) {
  std::ifstream in(file);
  std::string first;
  std::getline(in, first);
  const std::string marker = "// expect: ";
  REQUIRE(first.starts_with(marker));
  return first.substr(marker.size());
}

}  // namespace

TEST_CASE("steps: a bound folio id is passed to later steps and compared") {
  // The thread allocates a folio into the swap cache (its id is not written anywhere in the
  // file), reads it in, looks the entry up again, and asserts that the lookup found the same
  // folio; then drops both references through the bound ids.
  const std::string steps = R"(
    {"op": "swap_cache_alloc_folio", "offset": 1, "memcg": 2, "as": "folio"},
    {"assert": ["$folio", ">=", 0]},
    {"op": "swap_read_folio", "folio": "$folio"},
    {"op": "swap_cache_get_folio", "offset": 1, "as": "found"},
    {"assert": ["$found", "==", "$folio"]},
    {"op": "folio_put", "folio": "$found"},
    {"op": "folio_put", "folio": "$folio"})";
  const json same = run_json(scenario("bind_same", one_thread(steps)));
  CHECK(verdict_of(same) == "pass");
  CHECK(same["search"]["exhaustive"] == true);

  // The same with the opposite assertion fails, and the message shows both bound values.
  std::string wrong = steps;
  wrong.replace(wrong.find(R"(["$found", "==", "$folio"])"), 26, R"(["$found", "!=", "$folio"])");
  const json differ = run_json(scenario("bind_differ", one_thread(wrong)));
  CHECK(verdict_of(differ) == "assertion");
  const std::string message = differ["verdict"]["message"];
  CHECK(std::regex_search(message, std::regex(R"(^assert \$found != \$folio failed: \$found is (\d+), \$folio is \1 )")));
}

TEST_CASE("steps: a PTE value is taken apart by pure steps that add no scheduling point") {
  // pte_read is the one event; pte_to_swp_entry, swp_type and swp_offset compute on the bound
  // value, so the offset the PTE names reaches a later step without being written in the file.
  const std::string read = R"({"op": "pte_read", "mm": 0, "idx": 0, "as": "pte"})";
  const std::string split = read + R"(,
    {"op": "pte_none", "pte": "$pte", "as": "none"},
    {"op": "pte_present", "pte": "$pte", "as": "present"},
    {"op": "pte_to_swp_entry", "pte": "$pte", "as": "swp"},
    {"op": "swp_type", "swp": "$swp", "as": "type"},
    {"op": "swp_offset", "swp": "$swp", "as": "off"},
    {"assert": "!$none"}, {"assert": "!$present"},
    {"assert": ["$type", "==", 0]}, {"assert": ["$off", "==", 1]})";
  const json r = run_json(scenario("pte_split", one_thread(split)));
  CHECK(verdict_of(r) == "pass");
  CHECK(events_of(scenario("pte_split_events", one_thread(split))) == events_of(scenario("pte_read_only", one_thread(read))));
  // The offset found that way is an offset: the slot's count is read through it.
  const std::string use = split + R"(,
    {"op": "swap_table_get", "type": "$type", "offset": "$off", "as": "tb"},
    {"op": "swp_tb_get_count", "tb": "$tb", "as": "count"},
    {"assert": ["$count", "==", 1]})";
  CHECK(verdict_of(run_json(scenario("pte_split_use", one_thread(use)))) == "pass");
}

TEST_CASE("steps: if runs then when its condition holds and else when it does not") {
  // Both branches write the PTE without the PTL, which fails that step's precondition: the
  // report names the branch that ran.
  const auto branch = [](int offset, const char* cond) {
    return one_thread(R"({"op": "pte_same", "mm": 0, "idx": 0, "offset": )" + std::to_string(offset) +
                      R"(, "as": "same"},
      {"if": )" + std::string(cond) + R"(,
       "then": [{"op": "pte_set_swap", "mm": 0, "idx": 0, "offset": 0}],
       "else": [{"op": "pte_set_swap", "mm": 0, "idx": 0, "offset": 1}]})");
  };
  const struct {
    int offset;
    const char* cond;
    const char* ran;
  } cases[] = {
      {1, R"("$same")", "/threads/0/steps/1/then/0 pte_set_swap"},
      {2, R"("$same")", "/threads/0/steps/1/else/0 pte_set_swap"},
      {1, R"("!$same")", "/threads/0/steps/1/else/0 pte_set_swap"},
      {2, R"("!$same")", "/threads/0/steps/1/then/0 pte_set_swap"},
      {1, R"(["$same", "==", 1])", "/threads/0/steps/1/then/0 pte_set_swap"},
      {2, R"(["$same", ">", 0])", "/threads/0/steps/1/else/0 pte_set_swap"},
      {2, R"([0, "<=", "$same"])", "/threads/0/steps/1/then/0 pte_set_swap"},
  };
  int n = 0;
  for (const auto& c : cases) {
    INFO(c.offset << " " << c.cond);
    const json r = run_json(scenario("branch" + std::to_string(n++), branch(c.offset, c.cond)));
    CHECK(verdict_of(r) == "precondition");
    CHECK(r["verdict"]["message"] == std::string("mm0.ptl is not held (at ") + c.ran + ")");
  }
}

TEST_CASE("steps: goto skips to its label, inside or outside an if") {
  // The skipped step would break set_pte_at's precondition; skipped, the run passes with the
  // events of the steps before and after it only.
  const std::string skipped = R"({"op": "pte_set_swap", "mm": 0, "idx": 0, "offset": 0})";
  const std::string direct = one_thread(R"({"op": "pte_read", "mm": 0, "idx": 0}, {"goto": "out"}, )" + skipped +
                                        R"(, {"label": "out", "op": "pte_read", "mm": 0, "idx": 0})");
  const std::string from_if = one_thread(R"({"op": "pte_same", "mm": 0, "idx": 0, "offset": 2, "as": "same"},
      {"if": "!$same", "then": [{"goto": "out_unlock"}]}, )" + skipped +
                                         R"(, {"label": "out_unlock"}, {"op": "pte_read", "mm": 0, "idx": 0})");
  const std::string plain = one_thread(R"({"op": "pte_read", "mm": 0, "idx": 0}, {"op": "pte_read", "mm": 0, "idx": 0})");
  CHECK(verdict_of(run_json(scenario("goto_direct", direct))) == "pass");
  CHECK(verdict_of(run_json(scenario("goto_from_if", from_if))) == "pass");
  CHECK(events_of(scenario("goto_direct", direct)) == events_of(scenario("goto_plain", plain)));
  CHECK(events_of(scenario("goto_from_if", from_if)) == events_of(scenario("goto_plain", plain)));

  // Without the goto the step runs and fails.
  const json r = run_json(scenario("goto_none", one_thread(skipped)));
  CHECK(verdict_of(r) == "precondition");
}

TEST_CASE("steps: a retry whose bound is reached goes on after max jumps back") {
  // Nothing is cached at swp(0,1), so every lookup fails: the loop runs 1 + max times, then the
  // thread goes on to the assertion.
  const auto loop = [](int max) {
    return one_thread(R"({"label": "again", "op": "swap_cache_get_folio", "offset": 1, "as": "folio"},
      {"if": ["$folio", "<", 0], "then": [{"retry": "again", "max": )" + std::to_string(max) + R"(}]},
      {"assert": ["$folio", ">=", 0], "message": "no folio after the retries"})");
  };
  std::vector<std::uint64_t> events;
  for (int max : {1, 2, 3, 5}) {
    const json r = run_json(scenario("retry_reached" + std::to_string(max), loop(max)));
    CHECK(verdict_of(r) == "assertion");
    CHECK(r["verdict"]["check"] == "assert");
    CHECK(r["verdict"]["message"].get<std::string>().starts_with(
        "no folio after the retries: assert $folio >= 0 failed: $folio is -1 (at /threads/0/steps/2 assert, line "));
    events.push_back(r["search"]["events"].get<std::uint64_t>());
  }
  // Each lookup costs the same events: 2, 3, 4 and 6 lookups.
  const std::uint64_t per_lookup = events[1] - events[0];
  CHECK(per_lookup > 0);
  CHECK(events[2] - events[1] == per_lookup);
  CHECK(events[3] - events[2] == 2 * per_lookup);
}

TEST_CASE("steps: a retry whose condition clears before its bound stops looping") {
  // The first lookup misses, the thread allocates the folio into the swap cache and retries;
  // the second lookup finds it and the loop ends, whatever the bound.
  const auto loop = [](int max) {
    return one_thread(R"({"label": "again", "op": "swap_cache_get_folio", "offset": 1, "as": "folio"},
      {"if": ["$folio", "<", 0], "then": [
        {"op": "swap_cache_alloc_folio", "offset": 1, "memcg": 2, "as": "new"},
        {"op": "swap_read_folio", "folio": "$new"},
        {"op": "folio_put", "folio": "$new"},
        {"retry": "again", "max": )" + std::to_string(max) + R"(}]},
      {"assert": ["$folio", ">=", 0], "message": "found on the second look"},
      {"op": "folio_put", "folio": "$folio"})");
  };
  const json once = run_json(scenario("retry_clears1", loop(1)));
  CHECK(verdict_of(once) == "pass");
  CHECK(events_of(scenario("retry_clears1", loop(1))) == events_of(scenario("retry_clears7", loop(7))));
}

TEST_CASE("steps: a failed assertion is an assertion violation at its step, with its line and column") {
  const std::string file = scenario(
      "assert_fails", one_thread(R"({"op": "swap_cache_alloc_folio", "offset": 1, "memcg": 2, "as": "err"},
      {"op": "swap_cache_alloc_folio", "offset": 1, "memcg": 2, "as": "err"},
      {"assert": ["$err", "==", 0], "message": "second insert"}, {"op": "pte_read", "mm": 0, "idx": 0})"),
      R"({"verdict": "assertion", "check": "assert"})");
  // The assertion is the thread's third step, on line 12 of the written file at column 7.
  const CliResult r = cli({"run", file, "--no-minimize"});
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK(r.out.find("assertion [assert]: second insert: assert $err == 0 failed: $err is -17 (-EEXIST) "
                   "(at /threads/0/steps/2 assert, line 12, column 7)") != std::string::npos);
  // The suite takes it as expected, and its trace replays.
  const fs::path traces = scratch() / "assert_traces";
  const CliResult s = cli({"suite", file, "--trace-dir", traces.string()});
  INFO(s.out << s.err);
  CHECK(s.code == 0);
  const CliResult rr = cli({"replay", (traces / "assert_fails.trace.json").string()});
  INFO(rr.out << rr.err);
  CHECK(rr.code == 0);
}

TEST_CASE("steps: control steps add no scheduling points") {
  // zap_by_hand_vs_fault with its pte_same test, and the same threads with extra control steps
  // that change nothing (a goto to the next step, an assertion that holds, an if whose branches
  // run no operation): the same executions and events.
  const std::string fault = R"({"name": "fault", "steps": [{"op": "do_swap_page", "mm": 0, "idx": 0}]})";
  const std::string zap = R"({"name": "zap", "steps": [
      {"op": "ptl_lock", "mm": 0},
      {"op": "pte_same", "mm": 0, "idx": 0, "offset": 1, "as": "same"},
      {"if": "!$same", "then": [{"goto": "out_unlock"}]},
      {"op": "swap_put_entries_direct", "offset": 1},
      {"op": "pte_set_swap", "mm": 0, "idx": 0, "offset": 0},
      {"label": "out_unlock", "op": "ptl_unlock", "mm": 0}]})";
  const std::string busy_zap = R"({"name": "zap", "steps": [
      {"goto": "start"}, {"label": "start"},
      {"op": "ptl_lock", "mm": 0},
      {"op": "pte_same", "mm": 0, "idx": 0, "offset": 1, "as": "same"},
      {"assert": ["$same", ">=", 0]},
      {"if": "!$same", "then": [{"goto": "out_unlock"}], "else": [{"assert": "$same"}]},
      {"if": "$same", "then": [{"label": "nothing"}]},
      {"op": "swap_put_entries_direct", "offset": 1},
      {"op": "pte_set_swap", "mm": 0, "idx": 0, "offset": 0},
      {"label": "out_unlock", "op": "ptl_unlock", "mm": 0}]})";
  const json a = run_json(scenario("zap_plain", "[" + zap + ", " + fault + "]"));
  const json b = run_json(scenario("zap_busy", "[" + busy_zap + ", " + fault + "]"));
  CHECK(verdict_of(a) == "pass");
  CHECK(verdict_of(b) == "pass");
  CHECK(a["search"]["exhaustive"] == true);
  CHECK(a["search"]["executions"] == b["search"]["executions"]);
  CHECK(a["search"]["events"] == b["search"]["events"]);
}

TEST_CASE("steps: each bad reference exits 2 naming the file, line, column and the mistake") {
  const std::vector<std::string> files = malformed_files();
  CHECK(files.size() >= 15);
  for (const std::string& file : files) {
    INFO(file);
    const CliResult r = cli({"run", file});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == file + ":" + expected_error(file) + "\n");
  }
}

TEST_CASE("steps: every scenario of the suite is valid against the swap scenario schema") {
  // docs/scenario.schema.json#/$defs/swap_scenario, selected the way a validator is pointed at
  // a definition: a root that refers to it.
  const json schema = json::parse(std::ifstream(kSource / "docs/scenario.schema.json"));
  const clitest::SchemaChecker swap(json{{"$ref", "#/$defs/swap_scenario"}, {"$defs", schema["$defs"]}});
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(kSource / "scenarios")) {
    if (e.path().extension() != ".json") continue;
    INFO(e.path().string());
    std::ifstream in(e.path());
    const json doc = json::parse(in, nullptr, true, /*ignore_comments=*/true);
    const auto problems = swap.check(doc);
    INFO((problems.empty() ? std::string() : problems.front()));
    CHECK(problems.empty());
    ++n;
  }
  CHECK(n > 100);
  // What the schema can see of the step language's mistakes.
  for (const char* name : {"retry_without_bound", "goto_a_value", "unknown_comparison", "unknown_errno",
                           "argument_not_a_value", "binding_in_state", "value_in_state"}) {
    INFO(name);
    std::ifstream in(kSource / "tests/cli/steps_malformed" / (std::string(name) + ".json"));
    CHECK_FALSE(swap.check(json::parse(in, nullptr, true, true)).empty());
  }
}
