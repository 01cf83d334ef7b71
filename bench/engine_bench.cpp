// Engine benchmark: the refcnt(N) and lockcnt(N) workloads under optimal DPOR and, where it
// finishes, naive DFS. Prints executions, wall time, executions/s and events/s per run, and
// the DPOR/DFS execution ratio. Figures, not pass/fail: compare ratios within one run.
//
//   engine_bench            the standard set (refcnt 2..8, lockcnt 2..5)
//   engine_bench --quick    a smaller set (used as a demo)
#include <cstdio>
#include <cstring>
#include <string>

#include "bench/workloads.h"

using namespace checker;

namespace {

Report measure(const char* name, int n, const Program& p, Strategy s, std::uint64_t budget) {
  Bounds b;
  b.strategy = s;
  b.max_executions = budget;
  Report r = explore(p, b);
  const double secs = r.seconds > 0 ? r.seconds : 1e-9;
  std::printf("%-8s N=%d  %-5s  executions %9llu%s  time %8.3f s  %10.0f exec/s  %12.0f events/s\n", name, n,
              strategy_name(s), static_cast<unsigned long long>(r.executions), r.exhaustive ? "  " : "+ ", r.seconds,
              r.executions / secs, r.events / secs);
  return r;
}

void workload(const char* name, int n, const Program& p, std::uint64_t dfs_budget) {
  Report d = measure(name, n, p, Strategy::Dpor, 0);
  if (dfs_budget == 0) return;
  Report f = measure(name, n, p, Strategy::Dfs, dfs_budget);
  if (f.exhaustive)
    std::printf("%-8s N=%d  reduction: DFS explores %.1fx the executions of DPOR\n", name, n,
                static_cast<double>(f.executions) / static_cast<double>(d.executions));
  else
    std::printf("%-8s N=%d  reduction: DFS stopped at its budget of %llu executions (> %.1fx DPOR)\n", name, n,
                static_cast<unsigned long long>(dfs_budget),
                static_cast<double>(f.executions) / static_cast<double>(d.executions));
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::printf("(a '+' after the count: stopped by the execution budget, not exhaustive)\n");
  const int refcnt_max = quick ? 5 : 8;
  const int lockcnt_max = quick ? 3 : 5;
  for (int n = 2; n <= refcnt_max; ++n) workload("refcnt", n, workloads::refcnt(n), n <= 5 ? 2000000 : 0);
  for (int n = 2; n <= lockcnt_max; ++n) workload("lockcnt", n, workloads::lockcnt(n), n <= 3 ? 2000000 : 0);
  return 0;
}
