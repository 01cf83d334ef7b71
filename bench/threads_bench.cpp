// Threads benchmark: exhaustive suite searches of 20,000+ executions run as one classic search,
// then split into cells (checker/cell_search.h) on one thread and on two. Prints executions, cut
// short, wall time, the 1-vs-2-thread speedup of the split search, and the speedup of two threads
// over the classic search. Figures, not pass/fail; run it on an otherwise idle machine.
//
//   threads_bench [--runs N]    measure each way N times and keep the fastest (default 3)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "checker/cli/scenario_loader.h"
#include "model/cli/swap_interface.h"

namespace {

const std::vector<std::string> kCases = {
    "scenarios/vswap/swapoff_vs_fault.json",
    "scenarios/table/triples/swapout_swapout_free.json",
    "scenarios/table/sequences/zap_then_swapout_vs_swapoff.json",
    "scenarios/table/triples/swapin_zap_swapoff.json",
};

struct Way {
  checker::Report report;
  double seconds = 1e300;
};

Way measure(const checker::LoadedScenario& s, unsigned threads, int runs) {
  checker::Bounds b = s.generic.bounds.resolve();
  b.max_executions = 0;
  b.time_limit_seconds = 0;
  b.threads = threads;
  Way w;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    w.report = checker::explore(s.model.program, b);
    w.seconds = std::min(w.seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: threads_bench [--runs N]\n");
      return 2;
    }
  }
  const swapmodel::SwapModelInterface model;
  std::printf("%-58s %19s %19s %7s %7s %7s %7s %9s %9s\n", "case", "classic execs(cut)", "split execs(cut)", "cells",
              "classic", "1 thr", "2 thr", "1->2 thr", "classic->2");
  for (const std::string& file : kCases) {
    const checker::LoadedScenario s = checker::load_scenario(std::string(SWAPCHECK_SOURCE_DIR) + "/" + file, model);
    const Way classic = measure(s, 0, runs), one = measure(s, 1, runs), two = measure(s, 2, runs);
    if (two.report.executions != one.report.executions || two.report.blocked != one.report.blocked) {
      std::fprintf(stderr, "%s: the split search differs between 1 and 2 threads\n", file.c_str());
      return 1;
    }
    char a[32], b[32];
    std::snprintf(a, sizeof a, "%llu(%llu)", static_cast<unsigned long long>(classic.report.executions),
                  static_cast<unsigned long long>(classic.report.blocked));
    std::snprintf(b, sizeof b, "%llu(%llu)", static_cast<unsigned long long>(one.report.executions),
                  static_cast<unsigned long long>(one.report.blocked));
    std::printf("%-58s %19s %19s %7zu %6.2fs %6.2fs %6.2fs %8.2fx %8.2fx\n", file.c_str(), a, b, one.report.cells,
                classic.seconds, one.seconds, two.seconds, one.seconds / two.seconds, classic.seconds / two.seconds);
  }
  return 0;
}
