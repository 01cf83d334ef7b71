// docs/tutorial.md stays true: its scenario files are the ones in scenarios/tutorial/ (a block
// marked <!-- file: PATH --> is that file, one marked <!-- from: PATH --> is a part of it), they
// meet their expect blocks, the counterexample replays, and every command the page shows
// ("$ swapcheck ...") runs, from the repository root as the page says, and prints the lines
// shown under it, in order ("..." skips lines).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/scenarios/shown_output.h"

namespace fs = std::filesystem;

namespace {

using swaptest::read_file;
using swaptest::trimmed_lines_of;

const fs::path kSource(SWAPCHECK_SOURCE_DIR);

struct Block {
  std::string marker;  // the <!-- ... --> line just before the fence, if any
  std::vector<std::string> lines;
};

std::vector<Block> code_blocks(const std::string& markdown) {
  std::vector<Block> out;
  const std::vector<std::string> lines = trimmed_lines_of(markdown);
  std::string marker;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].starts_with("<!--")) {
      marker = lines[i];
      continue;
    }
    if (!lines[i].starts_with("```")) {
      if (!lines[i].empty()) marker.clear();
      continue;
    }
    Block b{marker, {}};
    for (++i; i < lines.size() && !lines[i].starts_with("```"); ++i) b.lines.push_back(lines[i]);
    out.push_back(std::move(b));
    marker.clear();
  }
  return out;
}

std::vector<std::string> split_words(const std::string& command) {
  std::vector<std::string> out;
  std::istringstream in(command);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Every shown line appears in `out`, in order; "..." stands for any lines.
void check_shown(const std::vector<std::string>& shown, const std::string& out) {
  swaptest::check_shown_lines(trimmed_lines_of(out), 0, false, shown, "shown line", out);
}

}  // namespace

TEST_CASE("tutorial: the scenario blocks are the files of scenarios/tutorial") {
  std::size_t files = 0, parts = 0;
  for (const Block& b : code_blocks(read_file(kSource / "docs/tutorial.md"))) {
    const bool whole = b.marker.starts_with("<!-- file: ");
    if (!whole && !b.marker.starts_with("<!-- from: ")) continue;
    const std::string path = b.marker.substr(11, b.marker.find(" -->") - 11);
    INFO(path);
    const std::vector<std::string> file = trimmed_lines_of(read_file(kSource / path));
    if (whole) {
      CHECK(b.lines == file);
      ++files;
      continue;
    }
    // A part: its lines are consecutive lines of the file.
    bool found = false;
    for (std::size_t i = 0; i + b.lines.size() <= file.size() && !found; ++i)
      found = std::equal(b.lines.begin(), b.lines.end(), file.begin() + static_cast<long>(i));
    CHECK(found);
    ++parts;
  }
  CHECK(files >= 1);
  CHECK(parts >= 1);
}

TEST_CASE("tutorial: every command shown runs and prints what the page shows") {
  const swaptest::ScenarioWorkdir dir("swapcheck_tutorial_");
  std::size_t commands = 0;
  for (const Block& b : code_blocks(read_file(kSource / "docs/tutorial.md"))) {
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
      if (!b.lines[i].starts_with("$ swapcheck ")) continue;
      std::vector<std::string> args = split_words(b.lines[i].substr(12));
      std::vector<std::string> shown;
      for (std::size_t j = i + 1; j < b.lines.size() && !b.lines[j].starts_with("$ "); ++j) shown.push_back(b.lines[j]);
      INFO(b.lines[i]);
      const swaptest::CliResult r = dir.run(args);
      INFO(r.err);
      // run of the racy file exits 1 (a violation found); everything else exits 0.
      const bool racy_run = args[0] == "run" && args[1] == "scenarios/tutorial/swapin_pin_too_late.json";
      CHECK(r.code == (racy_run ? 1 : 0));
      check_shown(shown, r.out);
      ++commands;
    }
  }
  CHECK(commands == 4);  // run (racy), run (fixed), suite, replay
  CHECK(fs::exists(dir.path("pin.trace.json")));
}
