// swapcheck-prove end to end: exit codes, the text and JSON reports, name selection, the
// scenario directory, and that stdout does not depend on the run.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct Run {
  int code = -1;
  std::string out;
};

// Runs swapcheck-prove with `args` (shell words), stdout captured, stderr dropped.
Run prove(const std::string& args) {
  const std::string cmd = std::string(SWAPCHECK_PROVE_PATH) + " " + args + " 2>/dev/null";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  for (std::size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("prove cli: every obligation as expected exits 0, one line each and a summary") {
  const Run r = prove("");
  CHECK(r.code == 0);
  const Run list = prove("--list");
  CHECK(list.code == 0);
  CHECK(lines(r.out) == lines(list.out) + 1);
  CHECK(r.out.find("all as expected") != std::string::npos);
  CHECK(r.out.find("UNEXPECTED") == std::string::npos);
  CHECK(r.out.find("refuted  table.put_direct.without_unmap_under_ptl  breaks count_nonnegative") != std::string::npos);
  CHECK(r.out.find("proved   table.put_direct.count_nonnegative  needs ") != std::string::npos);
  // Deterministic: no times on stdout.
  CHECK(prove("").out == r.out);
}

TEST_CASE("prove cli: --format json reports each obligation with its outcome and counterexample") {
  const Run r = prove("--format json table.put_direct");
  CHECK(r.code == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j["obligations"].size() == 8);
  CHECK(j["summary"]["all_as_expected"] == true);
  for (const auto& o : j["obligations"]) {
    CHECK(o["as_expected"] == true);
    CHECK(o["design"] == "table");
    if (o["kind"] == "refutation") {
      CHECK(o["outcome"] == "refuted");
      CHECK(o["counterexample"].contains("pre.f"));
      CHECK(o.contains("scenario"));
    } else {
      CHECK(o["outcome"] == "proved");
      CHECK(o["needs"].is_array());
    }
  }
}

TEST_CASE("prove cli: --scenario-dir writes one scenario per refutation that has one") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "swapcheck_prove_cli_test";
  std::filesystem::remove_all(dir);
  const Run r = prove("--scenario-dir " + dir.string() + " table.put desc.free");
  CHECK(r.code == 0);
  CHECK(std::filesystem::exists(dir / "table.put.without_ptl_held.json"));
  CHECK(std::filesystem::exists(dir / "table.put.without_folio_locked.json"));
  CHECK(std::filesystem::exists(dir / "desc.free.without_holds_pte_ref.json"));
  CHECK(r.out.find("scenario " + (dir / "table.put.without_ptl_held.json").string() + " (reproduces)") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("prove cli: bad usage exits 2, --help exits 0") {
  CHECK(prove("no.such.obligation").code == 2);
  CHECK(prove("--format yaml").code == 2);
  CHECK(prove("--bogus").code == 2);
  CHECK(prove("--scenario-dir /proc/no/such/dir table.put").code == 2);
  const Run help = prove("--help");
  CHECK(help.code == 0);
  CHECK(help.out.find("Exit codes: 0") != std::string::npos);
}
