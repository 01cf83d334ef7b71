// The swap model behind the generic CLI: scenario files with swap sections, run by the real
// `suite` and `run` commands.
#include <catch2/catch.hpp>

#include <sstream>

#include "tests/swap_cli.h"

namespace {

using swaptest::CliResult;
using swaptest::cli;

const std::string kDir = std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios/table/mutations";

}  // namespace

TEST_CASE("interface: the swap scenarios run as their expect blocks say") {
  const CliResult r = cli({"suite", kDir, "--no-minimize"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find("17 cases: 17 as expected") != std::string::npos);
}

TEST_CASE("interface: registries are listed") {
  const CliResult ops = cli({"list", "ops"});
  CHECK(ops.code == 0);
  CHECK(ops.out.find("do_swap_page") != std::string::npos);
  const CliResult invs = cli({"list", "invariants"});
  CHECK(invs.out.find("swapcache_changed_under_folio_lock") != std::string::npos);
  const CliResult muts = cli({"list", "mutations"});
  CHECK(muts.out.find("fallback_loop_v4") != std::string::npos);
}

TEST_CASE("interface: bad swap sections are refused with their position") {
  const std::string file = std::string(SWAPCHECK_SOURCE_DIR) + "/tests/model/bad_scenarios/unknown_op.json";
  const CliResult r = cli({"run", file});
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown_op.json:6:") != std::string::npos);
  CHECK(r.err.find("do_swap_pages") != std::string::npos);
  const std::string bad_arg = std::string(SWAPCHECK_SOURCE_DIR) + "/tests/model/bad_scenarios/missing_arg.json";
  const CliResult r2 = cli({"run", bad_arg});
  CHECK(r2.code == 2);
  CHECK(r2.err.find("missing argument \"idx\"") != std::string::npos);
}

TEST_CASE("interface: a step that breaks a precondition is reported with its thread and step index") {
  const std::string file = std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios/table/steps/pte_write_without_ptl.json";
  const CliResult r = cli({"run", file, "--no-minimize"});
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK(r.out.find("precondition [set_pte_at]") != std::string::npos);
  CHECK(r.out.find("mm0.ptl is not held (at /threads/0/steps/0 pte_set_swap)") != std::string::npos);
}

TEST_CASE("interface: after a failed pte_same a thread's goto out_unlock skips to its unlock") {
  // zap_by_hand_vs_fault passes exhaustively only if the zap skips its put and PTE write when
  // the fault has mapped the page first (else the count would underflow): its steps say so with
  // {"if": "!$same", "then": [{"goto": "out_unlock"}]} (tests/cli/step_program_test.cpp has the rest).
  const std::string file = std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios/table/steps/zap_by_hand_vs_fault.json";
  const CliResult r = cli({"run", file});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find("exhaustive") != std::string::npos);
}

TEST_CASE("interface: an impossible initial state is refused at the state step that breaks it") {
  const std::string file = std::string(SWAPCHECK_SOURCE_DIR) + "/tests/model/bad_scenarios/impossible_state_step.json";
  const CliResult r = cli({"run", file});
  INFO(r.out << r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find("impossible_state_step.json:7:5: the initial state breaks a check: precondition") != std::string::npos);
  CHECK(r.err.find("no mm 3 (at /state/1 zap)") != std::string::npos);
}

TEST_CASE("interface: a split search prints the same bytes on one thread and on two") {
  // 4,808 executions: past the 2000 of the first pilot, so the search is split into cells.
  const std::string file = std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios/table/triples/hibernate_free_swapout.json";
  const auto one = swaptest::cli({"run", file, "--format", "json", "--threads", "1"});
  const auto two = swaptest::cli({"run", file, "--format", "json", "--threads", "2"});
  REQUIRE(one.code == 0);
  CHECK(two.code == 0);
  CHECK(two.out == one.out);
  CHECK(one.out.find("\"exhaustive\": true") != std::string::npos);
  // Without --threads the search is split on every core: the same bytes again.
  CHECK(swaptest::cli({"run", file, "--format", "json"}).out == one.out);
  const auto classic = swaptest::cli({"run", file, "--format", "json", "--threads", "0"});
  CHECK(classic.code == 0);
  CHECK(classic.out.find("\"exhaustive\": true") != std::string::npos);
}
