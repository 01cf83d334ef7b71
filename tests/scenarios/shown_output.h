// What the tests that hold pages and reports to the real commands' output share
// (report_test, tutorial_test, findings_doc_test): reading a file, splitting text into lines,
// running `swapcheck` from a scratch directory that sees the source tree's scenarios/, and
// matching the lines a page shows, with "..." for those it leaves out, against the output.
#pragma once

#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/swap_cli.h"

namespace swaptest {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The lines without trailing spaces and '\r': a page's code block and the output it shows
// compare equal however an editor left the ends of the lines.
inline std::vector<std::string> trimmed_lines_of(const std::string& text) {
  std::vector<std::string> out = lines_of(text);
  for (std::string& l : out)
    while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) l.pop_back();
  return out;
}

// A scratch directory (removed again) with a scenarios/ link to the source tree's, so that
// commands name the files as a user at the repository root does and the traces they write stay
// out of the tree.
class ScenarioWorkdir {
 public:
  explicit ScenarioWorkdir(const std::string& prefix)
      : dir_(std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::filesystem::create_directory_symlink(std::filesystem::path(SWAPCHECK_SOURCE_DIR) / "scenarios",
                                              dir_ / "scenarios");
  }
  ~ScenarioWorkdir() { std::filesystem::remove_all(dir_); }
  ScenarioWorkdir(const ScenarioWorkdir&) = delete;
  ScenarioWorkdir& operator=(const ScenarioWorkdir&) = delete;

  CliResult run(const std::vector<std::string>& args) const {
    const std::filesystem::path back = std::filesystem::current_path();
    std::filesystem::current_path(dir_);
    CliResult r = cli(args);
    std::filesystem::current_path(back);
    return r;
  }
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }

 private:
  std::filesystem::path dir_;
};

// Every shown line appears in `actual` from line `at` on, in order, each run of lines between
// "..." lines consecutively; a "..." stands for any lines, and so does the start when
// `any_start`. A failure names the line as `what` and prints `out`, the whole output.
inline void check_shown_lines(const std::vector<std::string>& actual, std::size_t at, bool any_start,
                              const std::vector<std::string>& shown, const std::string& what,
                              const std::string& out) {
  bool skipping = any_start;
  for (const std::string& want : shown) {
    if (want == "...") {
      skipping = true;
      continue;
    }
    INFO(what << ": " << want << "\noutput:\n" << out);
    if (skipping)
      while (at < actual.size() && actual[at] != want) ++at;
    REQUIRE(at < actual.size());
    CHECK(actual[at] == want);
    ++at;
    skipping = false;
  }
}

}  // namespace swaptest
