// Engine benchmark: the workloads of workloads.h under optimal DPOR and, where it finishes,
// naive DFS. Figures, not pass/fail: compare within one run.
//
// Per run: complete executions, sleep-set-blocked executions (Report::blocked), wall time,
// executions/s and events/s. Per workload, the trace count derived by hand under today's
// dependence ("derived") and, where issue 16 asks for a coarser equivalence, the count under
// it ("target": lock-aware, or a failed CAS read as a read, which is GenMC's count). DFS rows
// also give the distinct Mazurkiewicz traces among the executions DFS ran ("traces", today's
// dependence) and the same with a failed compare-exchange as a read ("traces*"): measured
// checks of both derivations. DPOR is optimal on a workload when its executions equal
// "traces" and it has no blocked executions.
//
//   engine_bench                 the standard set
//   engine_bench --quick         a smaller set (used as a demo)
//   engine_bench [--quick] NAME  only the workloads whose label starts with NAME (repeatable)
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench/trace_count.h"
#include "bench/workloads.h"

using namespace checker;

namespace {

struct Workload {
  std::string label;
  Program program;
  std::uint64_t derived = 0;  // traces under today's dependence, by hand (workloads.h)
  std::uint64_t target = 0;   // under the coarser equivalence issue 16 asks for; 0: none
  const char* target_kind = "";
  std::uint64_t dfs_budget = 0;  // 0: DPOR only
  MemoryModel model = MemoryModel::Sc;  // C11: the weak-memory rows (label ends in "c11")
  bool races = true;                    // the data-race detector on
};

// ---- hand-derived counts (derivations in workloads.h) ----

std::uint64_t factorial(int n) { return n <= 1 ? 1 : static_cast<std::uint64_t>(n) * factorial(n - 1); }

std::uint64_t power(std::uint64_t b, int e) { return e == 0 ? 1 : b * power(b, e - 1); }

std::uint64_t binomial(int n, int k) { return factorial(n) / (factorial(k) * factorial(n - k)); }

std::uint64_t lockslots_lock_aware(int n, int m) {
  std::uint64_t r = 1;
  for (int s = 0; s < m; ++s) r *= factorial(n / m + (s < n % m ? 1 : 0));
  return r;
}

// refkill(N) = sum_k C(N, k) 5^(N-k) f(k); f(k) for k <= 4 as enumerated in workloads.h.
std::uint64_t refkill_traces(int n) {
  static const std::uint64_t f[] = {1, 2, 22, 576, 27288};
  if (n > 4) return 0;
  std::uint64_t r = 0;
  for (int k = 0; k <= n; ++k) r += binomial(n, k) * power(5, n - k) * f[k];
  return r;
}

std::uint64_t casrot_reads(int n) {
  std::uint64_t r = 1;
  for (int k = 1; k < n; ++k) r += static_cast<std::uint64_t>(k) * power(k + 1, n - k - 1);
  return r;
}

std::uint64_t wcas_reads(int n) { return static_cast<std::uint64_t>(n) * power(2, n - 1) + 1; }

// (N!)^2 H_N, summed as N (N-1)! N!/w over the winner's store position w.
std::uint64_t casw_reads(int n) {
  std::uint64_t r = 0;
  for (int w = 1; w <= n; ++w) r += static_cast<std::uint64_t>(n) * factorial(n - 1) * (factorial(n) / w);
  return r;
}

// ---- measuring ----

struct Run {
  Report report;
  std::uint64_t traces = 0;
  std::uint64_t traces_cas_read = 0;
};

Run measure(const Workload& w, Strategy s, std::uint64_t budget) {
  Bounds b;
  b.strategy = s;
  b.max_executions = budget;
  b.memory_model = w.model;
  b.detect_data_races = w.races;
  Run run;
  if (s == Strategy::Dfs) {
    workloads::TraceCounter today(false);
    workloads::TraceCounter cas_read(true);
    run.report = explore(w.program, b, [&](const Execution& ex) {
      today.add(ex);
      cas_read.add(ex);
    });
    run.traces = today.traces();
    run.traces_cas_read = cas_read.traces();
  } else {
    run.report = explore(w.program, b);
  }
  return run;
}

std::string count(std::uint64_t n, bool partial = false) {
  if (n == 0) return "-";
  return std::to_string(n) + (partial ? "+" : "");
}

void print_header() {
  std::printf("%-20s %-5s %11s %9s %9s %9s %9s %-24s %9s %10s %11s\n", "workload", "strat", "executions", "blocked",
              "traces", "traces*", "derived", "target", "time s", "exec/s", "events/s");
}

void print_run(const Workload& w, const Run& run, bool first) {
  const Report& r = run.report;
  const double secs = r.seconds > 0 ? r.seconds : 1e-9;
  const bool partial = !r.exhaustive;
  std::string target = w.target == 0 ? "-" : std::to_string(w.target) + " " + w.target_kind;
  std::printf("%-20s %-5s %11s %9llu %9s %9s %9s %-24s %9.3f %10.0f %11.0f\n", first ? w.label.c_str() : "",
              strategy_name(r.strategy), count(r.executions, partial).c_str(),
              static_cast<unsigned long long>(r.blocked), count(run.traces, partial).c_str(),
              count(run.traces_cas_read, partial).c_str(), first ? count(w.derived).c_str() : "",
              first ? target.c_str() : "", r.seconds, static_cast<double>(r.executions) / secs,
              static_cast<double>(r.events) / secs);
}

void bench(const Workload& w) {
  print_run(w, measure(w, Strategy::Dpor, 0), true);
  if (w.dfs_budget != 0) print_run(w, measure(w, Strategy::Dfs, w.dfs_budget), false);
  std::fflush(stdout);
}

std::string label(const char* name, int n) { return std::string(name) + " N=" + std::to_string(n); }

std::vector<Workload> standard_set(bool quick) {
  constexpr std::uint64_t kDfs = 2000000;
  std::vector<Workload> ws;
  for (int n = 2; n <= (quick ? 5 : 8); ++n)
    ws.push_back({label("refcnt", n), workloads::refcnt(n), factorial(n), 0, "", n <= 5 ? kDfs : 0});
  for (int n = 2; n <= (quick ? 3 : 5); ++n)
    ws.push_back({label("lockcnt", n), workloads::lockcnt(n), factorial(2 * n) >> n, 0, "", n <= 3 ? kDfs : 0});
  const int lockslots_sizes[][2] = {{2, 1}, {2, 2}, {3, 1}, {3, 3}, {4, 1}, {4, 2}, {4, 4}, {6, 1},
                                    {6, 2}, {6, 3}, {6, 4}, {6, 6}, {8, 1}, {8, 2}, {8, 4}, {8, 8}};
  for (const auto& [n, m] : lockslots_sizes) {
    if (quick && n > 4) continue;
    ws.push_back({label("lockslots", n) + " M=" + std::to_string(m), workloads::lockslots(n, m), factorial(n),
                  lockslots_lock_aware(n, m), "lock-aware", kDfs});
  }
  for (int n = 1; n <= (quick ? 3 : 5); ++n)
    ws.push_back({label("rcusync", n), workloads::rcusync(n), power(7, n), 0, "", n <= 2 ? kDfs : 0});
  for (int n = 1; n <= (quick ? 2 : 4); ++n)
    ws.push_back({label("refkill", n), workloads::refkill(n), refkill_traces(n), 0, "", n <= 2 ? kDfs : 0});
  for (int n = 2; n <= (quick ? 5 : 8); ++n)
    ws.push_back({label("casrot", n), workloads::casrot(n), factorial(n), casrot_reads(n), "failed CAS reads",
                  n <= 7 ? kDfs : 0});
  for (int n = 2; n <= (quick ? 4 : 7); ++n)
    ws.push_back({label("wcas", n), workloads::wcas(n), factorial(n + 1), wcas_reads(n), "failed CAS reads",
                  n <= 6 ? kDfs : 0});
  for (int n = 2; n <= (quick ? 3 : 5); ++n)
    ws.push_back({label("casw", n), workloads::casw(n), factorial(2 * n) >> n, casw_reads(n), "failed CAS reads",
                  n <= 4 ? kDfs : 0});
  ws.push_back({"sb", workloads::sb(), 3, 0, "", kDfs});
  ws.push_back({"mp", workloads::mp(), 3, 0, "", kDfs});
  // Weak memory (workloads.h): the same shapes under the C11 model. "derived" is DPOR's count
  // (one execution per trace and choice), "target" GenMC's (one per consistent graph, --rc11).
  const auto c11 = [](Workload w) {
    w.model = MemoryModel::C11;
    return w;
  };
  for (int n = 2; n <= (quick ? 5 : 8); ++n) {
    ws.push_back(c11({label("refcnt", n) + " acq_rel c11", workloads::refcnt(n, MemoryOrder::AcqRel), factorial(n),
                      0, "", 0}));
    Workload relaxed = c11({label("refcnt", n) + " relaxed c11", workloads::refcnt(n, MemoryOrder::Relaxed),
                            factorial(n), 0, "", 0});
    relaxed.races = false;  // the payload races once the fetch_subs are relaxed
    ws.push_back(relaxed);
  }
  for (int n = 2; n <= (quick ? 3 : 5); ++n) {
    ws.push_back({label("lockcnt_atomic", n), workloads::lockcnt_atomic(n), factorial(2 * n) >> n, 0, "", 0});
    ws.push_back(c11({label("lockcnt_atomic", n) + " c11", workloads::lockcnt_atomic(n), factorial(2 * n) >> n, 0,
                      "", 0}));
  }
  ws.push_back(c11({"sb relaxed c11", workloads::sb(MemoryOrder::Relaxed), 8, 4, "graphs, by hand", kDfs}));
  ws.push_back(c11({"sb rel/acq c11", workloads::sb(MemoryOrder::AcqRel), 8, 4, "GenMC --rc11", kDfs}));
  ws.push_back(c11({"sb seq_cst c11", workloads::sb(MemoryOrder::SeqCst), 3, 3, "GenMC --sc", kDfs}));
  ws.push_back(c11({"mp relaxed c11", workloads::mp(MemoryOrder::Relaxed), 7, 4, "graphs, by hand", kDfs}));
  ws.push_back(c11({"mp rel/acq c11", workloads::mp(MemoryOrder::AcqRel), 6, 3, "GenMC --rc11", kDfs}));
  ws.push_back(c11({"mp seq_cst c11", workloads::mp(MemoryOrder::SeqCst), 3, 3, "GenMC --sc", kDfs}));
  return ws;
}

bool selected(const std::string& label, const std::vector<std::string>& names) {
  if (names.empty()) return true;
  for (const std::string& n : names)
    if (label.rfind(n, 0) == 0) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::vector<std::string> names;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0)
      quick = true;
    else
      names.emplace_back(argv[i]);
  }
  std::printf("(a '+' after a count: the run stopped at its execution budget, not exhaustive)\n");
  std::printf("(traces: distinct Mazurkiewicz traces among DFS's executions; traces*: the same with a failed\n"
              " compare-exchange as a read; derived/target: by hand, see bench/workloads.h)\n");
  print_header();
  for (const Workload& w : standard_set(quick))
    if (selected(w.label, names)) bench(w);
  return 0;
}
