// Estimate benchmark: the probes' size estimate (checker/size_probe.h) against the executions the
// search then runs, and what the probes cost next to the search. Figures, not pass/fail.
//
// Per case: the estimate from the default 24 probes and from 400, the classic search's complete
// executions (lock-aware, the default: it may run more than the traces it estimates, see
// checker/README.md), the probes' wall time and the search's, and their ratio. Under the
// default bounds; the swap scenarios as the suite runs them.
//
//   estimate_bench
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/workloads.h"
#include "checker/cli/scenario_loader.h"
#include "checker/size_probe.h"
#include "model/cli/swap_interface.h"

namespace {

const std::vector<std::string> kScenarios = {
    "scenarios/table/races/swapin_vs_swapoff.json",
    "scenarios/vswap/swapoff_vs_fault.json",
    "scenarios/table/triples/swapin_zap_swapoff.json",
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void row(const std::string& label, const checker::Program& p, checker::Bounds b) {
  const checker::ProbeEstimate few = checker::estimate_by_probes(p, b, checker::ProbeOptions{.probes = 24});
  const checker::ProbeEstimate many = checker::estimate_by_probes(p, b, checker::ProbeOptions{.probes = 400});
  b.estimate_probes = 0;
  const auto start = std::chrono::steady_clock::now();
  const checker::Report r = checker::explore(p, b);
  const double search = seconds_since(start);
  std::printf("%-50s %12.4g %12.4g %10llu %5u %9.3f %9.3f %8.3f\n", label.c_str(), few.estimate, many.estimate,
              static_cast<unsigned long long>(r.executions), few.dropped + many.dropped, few.seconds, search,
              search > 0 ? few.seconds / search : 0.0);
}

}  // namespace

int main() {
  std::printf("%-50s %12s %12s %10s %5s %9s %9s %8s\n", "case", "est (24)", "est (400)", "executions", "drop",
              "probes s", "search s", "ratio");
  const checker::Bounds engine;
  row("engine refcnt(6)", workloads::refcnt(6), engine);
  row("engine lockcnt(4)", workloads::lockcnt(4), engine);
  checker::Bounds classic = engine;
  classic.lock_aware = false;
  row("engine lockcnt(4), not lock-aware", workloads::lockcnt(4), classic);
  row("engine lockslots(6, 3)", workloads::lockslots(6, 3), engine);
  row("engine lockslots(6, 3), not lock-aware", workloads::lockslots(6, 3), classic);
  const swapmodel::SwapModelInterface model;
  for (const std::string& file : kScenarios) {
    const checker::LoadedScenario s = checker::load_scenario(std::string(SWAPCHECK_SOURCE_DIR) + "/" + file, model);
    row(file, s.model.program, s.generic.bounds.resolve());
  }
  return 0;
}
