// Matrix scenario files (checker/cli/scenario_matrix.h) through the real commands of the toy
// CLI: the cases a matrix expands into and their stable names, each case reported on its own by
// suite (text, JSON, JUnit), run of a whole matrix file or of FILE#case, a case's
// counterexample replayed, and errors placed in the matrix text.
#include <catch2/catch.hpp>

#include <filesystem>

#include "checker/cli/json_document.h"
#include "checker/cli/scenario_loader.h"
#include "checker/cli/scenario_matrix.h"
#include "cli_harness.h"

using namespace clitest;

namespace {

const std::string kIncrements = "tests/cli/matrix/increments.json";
const std::string kVariants = "tests/cli/matrix/lock_variants.json";

std::vector<std::string> names_of(const std::string& text) {
  return checker::matrix_case_names(*checker::JsonDocument::parse("m.json", text));
}

// The case `name` of a matrix given as text.
nlohmann::json case_of(const std::string& text, const std::string& name) {
  return checker::matrix_case(checker::JsonDocument::parse("m.json", text), name)->root();
}

// The message of the ScenarioError that expanding the text throws ("line:column: message").
std::string error_of(const std::string& text, const std::string& name = "") {
  try {
    const std::shared_ptr<const checker::JsonDocument> doc = checker::JsonDocument::parse("m.json", text);
    if (name.empty())
      checker::matrix_case_names(*doc);
    else
      checker::matrix_case(doc, name);
  } catch (const checker::ScenarioError& e) {
    return checker::format_error(e);
  }
  return "no error";
}

// Three paths a, b, c: choose picks every multiset in list order.
const char* kChoose = R"({"name": "t_{p}", "matrix": {"axes": [
  {"axis": "p", "choose": 2, "values": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}]}})";

}  // namespace

TEST_CASE("matrix: choose names every multiset of values in list order, the first axis outermost") {
  CHECK(names_of(kChoose) == std::vector<std::string>{"t_a_a", "t_a_b", "t_a_c", "t_b_b", "t_b_c", "t_c_c"});
  CHECK(names_of(R"({"name": "t_{p}", "matrix": {"axes": [{"axis": "p", "choose": 2, "repeat": false, "join": "+",
        "values": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}]}})") ==
        std::vector<std::string>{"t_a+b", "t_a+c", "t_b+c"});
  // A value whose vars are a list is picked at most that many times.
  CHECK(names_of(R"({"name": "{p}", "matrix": {"axes": [{"axis": "p", "choose": 3, "values": [
        {"name": "a", "vars": [{"x": 1}]}, {"name": "b"}]}]}})") ==
        std::vector<std::string>{"a_b_b", "b_b_b"});
  CHECK(names_of(R"({"name": "{v}-{p}", "matrix": {"axes": [{"axis": "v", "values": [{"name": "x"}, {"name": "y"}]},
        {"axis": "p", "choose": 1, "values": [{"name": "a"}, {"name": "b"}]}], "exclude": ["y-a"]}})") ==
        std::vector<std::string>{"x-a", "x-b", "y-b"});
  CHECK(checker::scenario_cases(source_path(kIncrements)) ==
        std::vector<std::string>{source_path(kIncrements) + "#inc_locked_vs_locked",
                                 source_path(kIncrements) + "#inc_locked_vs_racy",
                                 source_path(kIncrements) + "#inc_racy_vs_racy"});
}

TEST_CASE("matrix: a case adds its values to the file, resolves placeholders and keeps their types") {
  const char* text = R"({"name": "c_{p}", "purpose": "{p} from {n}", "config": {"k": 1}, "list": [0],
    "matrix": {"axes": [{"axis": "p", "choose": 2, "values": [
      {"name": "a", "vars": [{"n": 1}, {"n": 2}], "add": {"list": ["a{copy}", "{n}"], "config": {"k": 1}}},
      {"name": "b", "add": {"list": ["b{copy}"], "config": {"b": {"n": "{n}"}}}}]}],
     "vars": {"n": 7}}})";
  const nlohmann::json aa = case_of(text, "c_a_a");
  CHECK(aa == nlohmann::json::parse(R"({"name": "c_a_a", "purpose": "a_a from 7", "config": {"k": 1},
                                        "list": [0, "a0", 1, "a1", 2]})"));
  const nlohmann::json ab = case_of(text, "c_a_b");
  CHECK(ab == nlohmann::json::parse(R"({"name": "c_a_b", "purpose": "a_b from 7", "config": {"k": 1, "b": {"n": 7}},
                                        "list": [0, "a", 1, "b"]})"));
}

TEST_CASE("matrix: what the matrix gets wrong is an error at its place in the file") {
  CHECK(error_of(R"({"name": "x", "matrix": {"axes": [{"axis": "p", "values": [{"name": "a"}, {"name": "b"}]}]}})") ==
        "m.json:1:10: name: two cases would both be named \"x\"; put every axis in the name, as {p}");
  CHECK(error_of(R"({"name": "{p}", "matrix": {"axes": [{"axis": "p", "values": [{"name": "a"}]}],
        "cases": {"b": {}}}})") ==
        "m.json:2:19: cases: the matrix has no case \"b\" (did you mean \"a\"?)");
  CHECK(error_of(R"({"name": "{p}", "threads": "{q}", "matrix": {"axes": [{"axis": "p", "values": [{"name": "a"}]}]}})",
                 "a") == "m.json:1:28: threads: unknown placeholder {q}; this case has {p} (did you mean \"{p}\"?)");
  CHECK(error_of(R"({"name": "{p}", "config": {"k": 1},
        "matrix": {"axes": [{"axis": "p", "values": [{"name": "a", "add": {"config": {"k": 2}}}]}]}})",
                 "a") == "m.json:2:92: config.k: the matrix adds the number 2 where the case already has the "
                         "number 1 (m.json:1:33); values are added, never replaced");
  CHECK(error_of(R"({"name": "{p}", "matrix": {"axes": [{"axis": "p", "choos": 2, "values": [{"name": "a"}]}]}})") ==
        "m.json:1:51: unknown key \"choos\" in a matrix axis; expected axis, choose, join, repeat or values "
        "(did you mean \"choose\"?)");
  CHECK(error_of(kChoose, "t_a_d").starts_with("m.json: no case \"t_a_d\" in this matrix file (did you mean \"t_a_a\"?); "
                                               "its cases are t_a_a, t_a_b,"));
}

TEST_CASE("suite reports each case of a matrix file on its own: text, JSON and JUnit") {
  const std::string file = source_path(kIncrements);
  const CliResult r = toycheck({"suite", file, source_path(kVariants)});
  CHECK(r.code == 0);
  CHECK(r.out.find("ok     " + file + "#inc_locked_vs_locked  inc_locked_vs_locked: pass as expected (dpor, ") == 0);
  CHECK(r.out.find("ok     " + file + "#inc_racy_vs_racy  inc_racy_vs_racy: invariant [no_lost_update] as expected (dfs, ") !=
        std::string::npos);
  CHECK(r.out.find("#locked_drop_lock  locked_drop_lock: invariant [no_lost_update] as expected") != std::string::npos);
  CHECK(r.out.find("suite: 5 cases: 5 as expected, 0 mismatched, 0 errors\n") != std::string::npos);

  const CliResult j = toycheck({"suite", file, "--format", "json"});
  CHECK(output_problems(j.out).empty());
  const nlohmann::json doc = nlohmann::json::parse(j.out);
  REQUIRE(doc["cases"].size() == 3);
  CHECK(doc["cases"][1]["file"] == file + "#inc_locked_vs_racy");
  CHECK(doc["cases"][1]["case"] == "inc_locked_vs_racy");
  CHECK(doc["cases"][1]["result"]["name"] == "inc_locked_vs_racy");
  CHECK(doc["cases"][1]["result"]["purpose"] == "two increments at once: locked_vs_racy");
  const CliResult plain = toycheck({"suite", source_path("tests/cli/scenarios/lost_update.json"), "--format", "json"});
  CHECK(nlohmann::json::parse(plain.out)["cases"][0]["case"].is_null());

  const std::string junit = scratch_dir("matrix_junit") + "/suite.xml";
  REQUIRE(toycheck({"suite", file, "--junit", junit}).code == 0);
  const std::string xml = read_file(junit);
  CHECK(xml.find("tests=\"3\" failures=\"0\" errors=\"0\"") != std::string::npos);
  std::string cls = file.substr(0, file.size() - 5);
  for (char& c : cls)
    if (c == '/') c = '.';
  while (cls.starts_with(".")) cls.erase(0, 1);
  CHECK(xml.find("<testcase classname=\"" + cls + "\" name=\"inc_racy_vs_racy\" file=\"" + file + "\">") !=
        std::string::npos);
}

TEST_CASE("run runs every case of a matrix file, FILE#case one, and an unknown case is bad input") {
  const std::string file = source_path(kIncrements);
  const CliResult all = toycheck({"run", file, "--format", "json"});
  CHECK(all.code == 1);  // inc_racy_vs_racy loses an update
  CHECK(output_problems(all.out).empty());
  CHECK(nlohmann::json::parse(all.out)["results"].size() == 3);

  const CliResult one = toycheck({"run", file + "#inc_locked_vs_racy"});
  CHECK(one.code == 0);
  CHECK(one.out.find("scenario: inc_locked_vs_racy (" + file + "#inc_locked_vs_racy)\n") == 0);

  const CliResult none = toycheck({"run", file + "#inc_racy"});
  CHECK(none.code == 2);
  CHECK(none.err == file + ": no case \"inc_racy\" in this matrix file; its cases are inc_locked_vs_locked, "
                           "inc_locked_vs_racy or inc_racy_vs_racy\n");
  const CliResult plain = toycheck({"run", source_path("tests/cli/scenarios/lost_update.json#x")});
  CHECK(plain.code == 2);
  CHECK(plain.err.find("names case \"x\", but this file has no \"matrix\"") != std::string::npos);
}

TEST_CASE("a matrix case's counterexample names FILE#case and replays from its trace") {
  const std::string dir = scratch_dir("matrix_replay");
  const std::string handle = source_path(kIncrements) + "#inc_racy_vs_racy";
  REQUIRE(toycheck({"run", handle, "--trace-out", dir + "/t.json"}).code == 1);
  const nlohmann::json trace = nlohmann::json::parse(read_file(dir + "/t.json"));
  CHECK(trace["meta"]["scenario"]["file"] == handle);
  const CliResult r = toycheck({"replay", dir + "/t.json"});
  CHECK(r.code == 0);
  CHECK(r.out.find("replay:   identical to the recording") != std::string::npos);

  // suite --trace-dir: one trace per case, named after the file and the case.
  const std::string traces = scratch_dir("matrix_traces");
  REQUIRE(toycheck({"suite", source_path(kIncrements), "--trace-dir", traces}).code == 0);
  CHECK(std::filesystem::exists(traces + "/increments.inc_racy_vs_racy.trace.json"));
  CHECK(toycheck({"replay", traces + "/increments.inc_racy_vs_racy.trace.json"}).code == 0);
}

TEST_CASE("a model's error in one case points into the matrix text and names the case") {
  const std::string dir = scratch_dir("matrix_bad_case");
  write_file(dir + "/m.json", R"({"name": "m_{p}", "expect": {"verdict": "pass"},
  "matrix": {"axes": [{"axis": "p", "values": [
    {"name": "good", "add": {"threads": [{"name": "a", "steps": ["atomic_increment"]}]}},
    {"name": "bad", "add": {"threads": [{"name": "a", "steps": ["no_such_op"]}]}}]}]}})");
  const CliResult r = toycheck({"suite", dir});
  CHECK(r.code == 2);
  CHECK(r.out.find("ok     " + dir + "/m.json#m_good  m_good: pass as expected") == 0);
  CHECK(r.out.find("ERROR  " + dir + "/m.json:4:65: case \"m_bad\": threads[0].steps[0]: unknown operation \"no_such_op\"") != std::string::npos);
}
