// swapcheck-prove: runs the Z3 obligations of proofs/ (claims.h) and reports one line each.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>

#include "proofs/claims.h"
#include "proofs/coverage.h"
#include "proofs/report.h"
#include "proofs/runner.h"

namespace {

constexpr const char* kDescription =
    "Proves with Z3 that the count, charge and rmap-hint invariants of the swap model are inductive for\n"
    "each modelled atomic step on one slot (or one memcg's counters), for unbounded counts, every\n"
    "SWP_TB_COUNT_MAX in 2..15 and batches of 1..512 pages, under the step's lock discipline; and that\n"
    "each precondition of that discipline is needed: without it Z3 finds a counterexample, printed as\n"
    "the smallest state (and, with --scenario-dir, written as a scenario file for `swapcheck run`).\n"
    "Designs: table (seed 000 swap table), desc (seed 001 swap_refs), vswap (seed 004 virtual_table and\n"
    "rmap cache-only bit), memcg (direct and seed 004 split charges).";

constexpr const char* kFooter =
    "NAME selects an obligation or every obligation under a dot-separated prefix (table, table.put,\n"
    "table.put.without_ptl_held); none selects all. Obligations are named design.step.invariant (expected\n"
    "proved) and design.step.without_<precondition> (expected refuted); a few are expected refuted as\n"
    "documented findings and say why. Each line ends with the model functions it covers: the steps are the\n"
    "model's own transition functions (model/*_steps.h, model/desc/swap_refs.h) instantiated on Z3 terms.\n"
    "A claim whose assumptions cannot hold together is reported vacuous (an error naming the claim).\n"
    "Exit codes: 0 every selected obligation came out as expected; 1 one did not (or Z3 answered\n"
    "unknown, or a claim is vacuous); 2 bad usage (unknown option or NAME, unwritable --scenario-dir).\n"
    "Standard output depends only on the selection: the total proof time goes to stderr.";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(kDescription, "swapcheck-prove");
  app.footer(kFooter);
  std::vector<std::string> names;
  std::string format = "text";
  std::string scenario_dir;
  bool list = false;
  bool coverage = false;
  app.add_option("NAME", names, "obligations to run (default: all)");
  app.add_option("--format", format, "output on stdout: text (one line per obligation) or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--scenario-dir", scenario_dir, "write each refutation's scenario file to DIR/<obligation>.json");
  app.add_flag("--list", list, "print the obligation names and exit");
  app.add_flag("--coverage", coverage,
               "list the model's transition functions that no claim covers (none of its obligations instantiates the "
               "function's shared transition), and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  const auto& claims = swapproofs::all_claims();
  try {
    if (coverage) {
      std::cout << swapproofs::coverage_report(claims);
      return 0;
    }
    if (list) {
      for (const std::string& n : swapproofs::obligation_names(claims)) std::cout << n << "\n";
      return 0;
    }
    const std::vector<std::string> bad = swapproofs::unmatched(claims, names);
    if (!bad.empty()) {
      for (const std::string& n : bad) std::cerr << "swapcheck-prove: no obligation is named " << n << " (see --list)\n";
      return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<swapproofs::Entry> entries = swapproofs::run_selected(claims, names);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (!scenario_dir.empty()) {
      try {
        swapproofs::write_scenarios(entries, scenario_dir);
      } catch (const std::exception& e) {
        std::cerr << "swapcheck-prove: " << e.what() << "\n";
        return 2;
      }
    }
    std::cout << (format == "json" ? swapproofs::json_report(entries) : swapproofs::text_report(entries));
    std::fprintf(stderr, "swapcheck-prove: %zu obligations in %.2f s\n", entries.size(), took.count());
    return swapproofs::all_as_expected(entries) ? 0 : 1;
  } catch (const z3::exception& e) {
    std::cerr << "swapcheck-prove: Z3 error: " << e.msg() << "\n";
    return 1;
  }
}
