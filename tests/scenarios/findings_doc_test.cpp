// docs/findings.md stays true (issue 13, deliverable 6): every scenario file it names exists and
// still gives the verdict the page states (a line "- `scenarios/F.json`: verdict `V`", or
// "`V CHECK`"), run through the real `run` command; every fix of the fix registry is named on the
// page with its registry scenario, so a new finding cannot be left out; and every swimlane block
// (a code block whose first line is "$ swapcheck run ARGS") is what that command prints, line for
// line, "..." standing for lines the page leaves out.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/registry.h"
#include "tests/scenarios/shown_output.h"

namespace fs = std::filesystem;

namespace {

using swaptest::read_file;
using swaptest::trimmed_lines_of;

const fs::path kSource(SWAPCHECK_SOURCE_DIR);
const fs::path kDoc = kSource / "docs/findings.md";

std::vector<std::string> split_words(const std::string& command) {
  std::vector<std::string> out;
  std::istringstream in(command);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// A verdict the page states for a scenario: the kind, and the check when the page names one.
struct Stated {
  std::string path;  // scenarios/F.json or scenarios/F.json#case
  std::string kind, check;
  std::size_t line = 0;
};

// The lines of the page outside code blocks, with their numbers (1-based).
std::vector<std::pair<std::size_t, std::string>> prose_lines(const std::vector<std::string>& page) {
  std::vector<std::pair<std::size_t, std::string>> out;
  bool in_code = false;
  for (std::size_t i = 0; i < page.size(); ++i) {
    if (page[i].starts_with("```")) {
      in_code = !in_code;
      continue;
    }
    if (!in_code) out.emplace_back(i + 1, page[i]);
  }
  return out;
}

const std::regex kPathRe(R"(scenarios/[A-Za-z0-9_./-]+\.json(#[A-Za-z0-9_]+)?)");
const std::regex kStatedRe(R"(`(scenarios/[A-Za-z0-9_./-]+\.json(?:#[A-Za-z0-9_]+)?)`: verdict `([a-z_]+)(?: ([A-Za-z0-9_]+))?`)");

std::vector<Stated> stated_verdicts(const std::vector<std::string>& page) {
  std::vector<Stated> out;
  for (const auto& [n, line] : prose_lines(page))
    for (std::sregex_iterator it(line.begin(), line.end(), kStatedRe), end; it != end; ++it)
      out.push_back(Stated{(*it)[1], (*it)[2], (*it)[3], n});
  return out;
}

// Every scenario path the page names anywhere (prose and code blocks).
std::set<std::string> named_paths(const std::string& page) {
  std::set<std::string> out;
  for (std::sregex_iterator it(page.begin(), page.end(), kPathRe), end; it != end; ++it) out.insert((*it)[0]);
  return out;
}

// A code block whose first line is "$ swapcheck run ...": the command's words and the lines shown.
struct Shown {
  std::vector<std::string> args;
  std::vector<std::string> lines;
  std::size_t line = 0;
};

std::vector<Shown> shown_runs(const std::vector<std::string>& page) {
  std::vector<Shown> out;
  for (std::size_t i = 0; i < page.size(); ++i) {
    if (!page[i].starts_with("```")) continue;
    const std::size_t open = i;
    std::vector<std::string> body;
    for (++i; i < page.size() && !page[i].starts_with("```"); ++i) body.push_back(page[i]);
    if (body.empty() || !body[0].starts_with("$ swapcheck run ")) continue;
    Shown s;
    s.args = split_words(body[0].substr(std::string("$ swapcheck ").size()));
    s.lines.assign(body.begin() + 1, body.end());
    s.line = open + 2;
    out.push_back(std::move(s));
  }
  return out;
}

// `swapcheck ARGS` in a scratch directory that sees scenarios/ (shown_output.h). Each distinct
// command runs once per test case.
class Runner {
 public:
  const swaptest::CliResult& run(const std::vector<std::string>& args) {
    auto it = cache_.find(args);
    if (it == cache_.end()) it = cache_.emplace(args, dir_.run(args)).first;
    return it->second;
  }

 private:
  swaptest::ScenarioWorkdir dir_{"swapcheck_findings_"};
  std::map<std::vector<std::string>, swaptest::CliResult> cache_;
};

// The shown lines appear in `out`: each run of lines between "..." lines consecutively, the runs
// in order. A block that starts without "..." starts at the swimlane's header.
void check_shown(const Shown& s, const std::string& out) {
  const std::vector<std::string> actual = trimmed_lines_of(out);
  const bool any_start = s.lines.empty() || s.lines.front() == "...";
  std::size_t at = 0;
  if (!any_start)
    while (at < actual.size() && !actual[at].starts_with("step  ")) ++at;
  swaptest::check_shown_lines(actual, at, any_start, s.lines,
                              "docs/findings.md:" + std::to_string(s.line) + ": shown line", out);
}

}  // namespace

TEST_CASE("findings: every fix of the registry is named with its scenario") {
  const std::string page = read_file(kDoc);
  REQUIRE(!page.empty());
  const std::set<std::string> paths = named_paths(page);
  for (const swapmodel::FixEntry& f : swapmodel::fix_registry()) {
    INFO("fix " << f.name << " (model/registry.cpp): docs/findings.md must name it and its scenario");
    CHECK(page.find("`" + f.name + "`") != std::string::npos);
    CHECK(paths.count("scenarios/" + f.scenario) == 1);
  }
}

// The two cases that run scenarios check the page against the model, not memory safety: the
// suite's findings tier runs the same scenarios under the sanitizers (tests/CMakeLists.txt).
TEST_CASE("findings: every scenario named states its verdict, exists, and run still gives it", "[normal-build-only]") {
  const std::vector<std::string> page = trimmed_lines_of(read_file(kDoc));
  std::string text;
  for (const std::string& l : page) text += l + "\n";
  const std::vector<Stated> stated = stated_verdicts(page);
  std::set<std::string> with_verdict;
  for (const Stated& s : stated) with_verdict.insert(s.path);
  for (const std::string& p : named_paths(text)) {
    INFO(p << " is named in docs/findings.md without a line stating its verdict (\"`" << p << "`: verdict `...`\")");
    CHECK(with_verdict.count(p) == 1);
  }
  // A scenario and a fixed twin per fix, but the one fix with no violating scenario
  // (desc_non_swapcache_batch_fixed), whose entry names its neighbour's: never a vacuous pass.
  CHECK(stated.size() >= 2 * swapmodel::fix_registry().size() - 2);

  Runner runner;
  for (const Stated& s : stated) {
    const std::string file = s.path.substr(0, s.path.find('#'));
    INFO("docs/findings.md:" << s.line << ": " << s.path << " stated verdict " << s.kind << " " << s.check);
    REQUIRE(fs::is_regular_file(kSource / file));
    const swaptest::CliResult& r = runner.run({"run", s.path, "--format", "json"});
    INFO(r.out << r.err);
    CHECK(r.code == (s.kind == "pass" ? 0 : 1));
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    REQUIRE(doc.at("results").size() == 1);
    const nlohmann::json& result = doc.at("results")[0];
    // run compares what it found with the file's expect block: the file must still agree.
    CHECK(result.at("as_expected") == true);
    CHECK(result.at("verdict").at("kind") == s.kind);
    if (!s.check.empty()) CHECK(result.at("verdict").at("check") == s.check);
  }

}

TEST_CASE("findings: every swimlane is what run prints for a scenario the page gives a verdict for",
          "[normal-build-only]") {
  const std::vector<std::string> page = trimmed_lines_of(read_file(kDoc));
  std::set<std::string> with_verdict;
  for (const Stated& s : stated_verdicts(page)) with_verdict.insert(s.path);
  Runner runner;
  std::size_t blocks = 0;
  for (const Shown& s : shown_runs(page)) {
    INFO("docs/findings.md:" << s.line);
    REQUIRE(s.args.size() >= 2);
    CHECK(with_verdict.count(s.args[1]) == 1);
    const swaptest::CliResult& r = runner.run(s.args);
    CHECK(r.code == 1);
    check_shown(s, r.out);
    ++blocks;
  }
  CHECK(blocks >= swapmodel::fix_registry().size() - 1);  // a swimlane per violating finding
}
