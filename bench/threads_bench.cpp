// Threads benchmark: exhaustive searches run as one classic search, then split into cells
// (checker/cell_search.h) on one thread and on two. Prints executions, cut short, wall time, the
// 1-vs-2-thread speedup of the split search, and the speedup of two threads over the classic
// search. Figures, not pass/fail; run it on an otherwise idle machine. The CPU time (user+sys of the
// whole process) of the split search on one thread and on two is printed too: two threads doing
// the same work should spend the same CPU, and "cpu 2/1" above 1 is what sharing one process
// costs (allocator, caches), which busy machines disturb far less than the wall-clock ratios.
//
// The cases: the engine's refcnt(8) and lockcnt(5) (40,320 and 113,400 executions), and suite
// scenarios. Since the reach work, the suite's two-thread cases and most triples take fewer than
// 20,000 executions; the two vswap triples that take more (244,125 and 526,646, minutes each)
// run with --large.
//
//   threads_bench [--runs N] [--large] [--only TEXT]
//     measure each way N times and keep the fastest (default 3); --only: the cases whose name
//     contains TEXT (several --only: any of them)
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/workloads.h"
#include "checker/cli/scenario_loader.h"
#include "model/cli/swap_interface.h"

namespace {

const std::vector<std::string> kScenarios = {
    "scenarios/vswap/swapoff_vs_fault.json",
    "scenarios/table/triples/swapout_swapout_free.json",
    "scenarios/table/triples/swapin_zap_swapoff.json",
};
const std::vector<std::string> kLargeScenarios = {
    "scenarios/vswap/triples/zswap_wb_swapoff_swapin.json",
    "scenarios/vswap/triples/swapoff_swapin_zap.json",
};

struct Way {
  checker::Report report;
  double seconds = 1e300;
  double cpu_seconds = 1e300;  // the process's CPU time, all threads
};

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

Way measure(const checker::Program& program, checker::Bounds b, unsigned threads, int runs) {
  b.max_executions = 0;
  b.time_limit_seconds = 0;
  b.threads = threads;
  Way w;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = process_cpu_seconds();
    w.report = checker::explore(program, b);
    w.cpu_seconds = std::min(w.cpu_seconds, process_cpu_seconds() - cpu_start);
    w.seconds = std::min(w.seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return w;
}

// Measures one search three ways and prints its row; false when the split search's count
// differs between one thread and two (it must not).
bool row(const std::string& name, const checker::Program& program, const checker::Bounds& bounds, int runs) {
  const Way classic = measure(program, bounds, 0, runs), one = measure(program, bounds, 1, runs),
            two = measure(program, bounds, 2, runs);
  if (two.report.executions != one.report.executions || two.report.blocked != one.report.blocked) {
    std::fprintf(stderr, "%s: the split search differs between 1 and 2 threads\n", name.c_str());
    return false;
  }
  char a[32], b[32];
  std::snprintf(a, sizeof a, "%llu(%llu)", static_cast<unsigned long long>(classic.report.executions),
                static_cast<unsigned long long>(classic.report.blocked));
  std::snprintf(b, sizeof b, "%llu(%llu)", static_cast<unsigned long long>(one.report.executions),
                static_cast<unsigned long long>(one.report.blocked));
  std::printf("%-58s %19s %19s %7zu %6.2fs %6.2fs %6.2fs %8.2fx %8.2fx %6.2fs %6.2fs %7.3f\n", name.c_str(), a, b,
              one.report.cells, classic.seconds, one.seconds, two.seconds, one.seconds / two.seconds,
              classic.seconds / two.seconds, one.cpu_seconds, two.cpu_seconds, two.cpu_seconds / one.cpu_seconds);
  std::fflush(stdout);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  bool large = false;
  std::vector<std::string> only;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--large") == 0) {
      large = true;
    } else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      only.emplace_back(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: threads_bench [--runs N] [--large] [--only TEXT]...\n");
      return 2;
    }
  }
  std::printf("%-58s %19s %19s %7s %7s %7s %7s %9s %9s %7s %7s %7s\n", "case", "classic execs(cut)",
              "split execs(cut)", "cells", "classic", "1 thr", "2 thr", "1->2 thr", "classic->2", "cpu 1", "cpu 2",
              "cpu 2/1");
  auto wanted = [&only](const std::string& name) {
    return only.empty() || std::any_of(only.begin(), only.end(),
                                       [&name](const std::string& o) { return name.find(o) != std::string::npos; });
  };
  const checker::Bounds engine_bounds;
  if (wanted("engine refcnt(8)") && !row("engine refcnt(8)", workloads::refcnt(8), engine_bounds, runs)) return 1;
  if (wanted("engine lockcnt(5)") && !row("engine lockcnt(5)", workloads::lockcnt(5), engine_bounds, runs)) return 1;
  const swapmodel::SwapModelInterface model;
  std::vector<std::string> files = kScenarios;
  if (large) files.insert(files.end(), kLargeScenarios.begin(), kLargeScenarios.end());
  for (const std::string& file : files) {
    if (!wanted(file)) continue;
    const checker::LoadedScenario s = checker::load_scenario(std::string(SWAPCHECK_SOURCE_DIR) + "/" + file, model);
    if (!row(file, s.model.program, s.generic.bounds.resolve(), runs)) return 1;
  }
  return 0;
}
