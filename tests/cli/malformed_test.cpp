// Every file under tests/cli/malformed/ is bad input of one kind. Its first line says what the
// CLI must answer: "// expect: LINE:COLUMN: MESSAGE". The run must exit 2, print exactly
// "FILE:LINE:COLUMN: MESSAGE" on stderr, nothing on stdout, and with --format json a
// swapcheck-error document carrying the same place and message.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "cli_harness.h"

using namespace clitest;

namespace {

std::vector<std::string> malformed_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(source_path("tests/cli/malformed")))
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string expected_error(const std::string& file) {
  const std::string text = read_file(file);
  const std::string marker = "// expect: ";
  REQUIRE(text.starts_with(marker));
  return text.substr(marker.size(), text.find('\n') - marker.size());
}

}  // namespace

TEST_CASE("there are at least 20 malformed scenario files, each with its expected message") {
  CHECK(malformed_files().size() >= 20);
}

TEST_CASE("each malformed scenario exits 2 naming the file, line, column and what was expected") {
  for (const std::string& file : malformed_files()) {
    INFO(file);
    const std::string expected = file + ":" + expected_error(file) + "\n";
    const CliResult r = toycheck({"run", file});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == expected);
  }
}

TEST_CASE("with --format json a malformed scenario prints a schema-valid error document") {
  for (const std::string& file : malformed_files()) {
    INFO(file);
    const CliResult r = toycheck({"run", file, "--format", "json"});
    CHECK(r.code == 2);
    CHECK(output_problems(r.out).empty());
    const auto doc = nlohmann::json::parse(r.out);
    const std::string expected = expected_error(file);
    const auto& e = doc["errors"].at(0);
    CHECK(e["file"] == file);
    CHECK(std::to_string(e["line"].get<int>()) + ":" + std::to_string(e["column"].get<int>()) + ": " +
              e["message"].get<std::string>() ==
          expected);
  }
}

TEST_CASE("suite reports each malformed file as an error case and exits 2") {
  const CliResult r = toycheck({"suite", source_path("tests/cli/malformed")});
  CHECK(r.code == 2);
  const std::size_t n = malformed_files().size();
  CHECK(r.out.find("suite: " + std::to_string(n) + " cases: 0 as expected, 0 mismatched, " + std::to_string(n) +
                   " errors") != std::string::npos);
  for (const std::string& file : malformed_files())
    CHECK(r.err.find(file + ":" + expected_error(file) + "\n") != std::string::npos);
}

TEST_CASE("a missing file, a directory and an unreadable path are bad input too") {
  CliResult r = toycheck({"run", "/no/such/scenario.json"});
  CHECK(r.code == 2);
  CHECK(r.err == "/no/such/scenario.json: cannot read: no such file\n");
  const std::string dir = scratch_dir("a_directory.json");
  r = toycheck({"run", dir});
  CHECK(r.code == 2);
  CHECK(r.err == dir + ": cannot read: is a directory, expected a file\n");
}
