// Model benchmark: a fixed set of suite scenarios under fixed execution budgets, each loaded
// through the library path the CLI uses (checker::load_scenario with the swap model's
// interface) and searched with the strategy its file names. Prints executions/s and events/s
// per case and for the whole set, beside the engine's own refcnt(8) and lockcnt(5) under DPOR.
// Figures, not pass/fail.
//
//   model_bench [--root DIR] [--runs N] [--json] [--baseline FILE] [--model-only] [--case TEXT]
//     --root DIR       the repository whose scenarios/ to run (default: this source tree)
//     --runs N         measure each case N times and keep the fastest (default 3): a busy
//                      machine only ever makes a run slower
//     --json           print the figures as JSON instead of a table
//     --baseline FILE  the --json output of another build (bench/compare.sh: the commit before
//                      a change): print both builds' events/s per case and their ratio
//     --model-only     skip the engine's refcnt and lockcnt (for profiling the model cases alone)
//     --case TEXT      only the cases whose file name contains TEXT (implies --model-only)
//
// The set: the suite's four cases that stop at their budget (PARTIAL), with smaller budgets,
// and exhaustive cases of the three designs (swap table, vswap, descriptor). The small
// descriptor cases are searched several times over so that each takes measurable time; an
// exhaustive case's budget is above its size, so it is searched to the end.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/workloads.h"
#include "checker/cli/scenario_loader.h"
#include "model/cli/swap_interface.h"

using nlohmann::json;

namespace {

struct Case {
  const char* file;        // relative to the root
  std::uint64_t budget;    // executions per search (0: none)
  int repeat;              // searches
};

const Case kCases[] = {
    // PARTIAL in the suite.
    {"scenarios/vswap/swapoff_vs_fault.json", 5000, 1},
    {"scenarios/table/variants.json#thp_swapout_vs_swapoff|scenarios/table/variants/thp_swapout_vs_swapoff.json", 1000, 1},
    {"scenarios/table/variants.json#thp_zap_vs_swapoff|scenarios/table/variants/thp_zap_vs_swapoff.json", 1000, 1},
    {"scenarios/table/variants.json#thp_swapin_vs_swapoff|scenarios/table/variants/thp_swapin_vs_swapoff.json", 1000, 1},
    // Exhaustive: swap table.
    {"scenarios/table/races/reclaim_cache_only_vs_dup.json", 100000, 1},
    {"scenarios/table/variants.json#memcg_v1_swapout_vs_swapoff|scenarios/table/variants/memcg_v1_swapout_vs_swapoff.json", 100000, 1},
    {"scenarios/table/pairs.json#pair_swapin_vs_swapoff|scenarios/table/pairs/pair_swapin_vs_swapoff.json", 100000, 2},
    // Exhaustive: vswap.
    {"scenarios/vswap/free_cluster.json", 100000, 1},
    {"scenarios/vswap/memcg_v1_swapin_vs_zap.json", 100000, 1},
    // Exhaustive: descriptor.
    {"scenarios/desc/pairs.json#desc_pair_swapout_vs_swapout|scenarios/desc/pairs/desc_pair_swapout_vs_swapout.json", 100000, 20},
    {"scenarios/desc/pairs.json#desc_pair_swapin_vs_swapin|scenarios/desc/pairs/desc_pair_swapin_vs_swapin.json", 100000, 20},
    {"scenarios/desc/pairs.json#desc_pair_swapout_vs_write|scenarios/desc/pairs/desc_pair_swapout_vs_write.json", 100000, 20},
};

struct Figures {
  std::string name;
  std::uint64_t executions = 0;
  std::uint64_t events = 0;
  double seconds = 0;
  bool exhaustive = false;
  double exec_rate() const { return seconds > 0 ? executions / seconds : 0; }
  double event_rate() const { return seconds > 0 ? events / seconds : 0; }
};

// The fastest of `runs` measurements (the work is the same every time: the search is
// deterministic).
template <class Measure>
Figures fastest(int runs, Measure measure) {
  Figures best = measure();
  for (int i = 1; i < runs; ++i) {
    const Figures f = measure();
    if (f.seconds < best.seconds) best = f;
  }
  return best;
}

// A case may name its file two ways, "NEW|OLD": as this tree has it (a matrix file's case,
// FILE#case) and as commits before the matrix files had it (a plain file, with the op names of
// then). The first whose file exists under `root` is run, so compare.sh can run each commit on
// its own scenario files.
std::string case_file(const std::string& root, const std::string& names) {
  std::size_t from = 0;
  for (;;) {
    const std::size_t bar = names.find('|', from);
    const std::string name = names.substr(from, bar == std::string::npos ? std::string::npos : bar - from);
    if (bar == std::string::npos || std::ifstream(root + "/" + name.substr(0, name.find('#'))).good()) return name;
    from = bar + 1;
  }
}

Figures run_case(const std::string& root, const Case& c, int runs) {
  const swapmodel::SwapModelInterface model;
  const checker::LoadedScenario s = checker::load_scenario(root + "/" + case_file(root, c.file), model);
  checker::Bounds b = s.generic.bounds.resolve();
  b.max_executions = c.budget;
  b.time_limit_seconds = 0;
  return fastest(runs, [&] {
    Figures f;
    f.name = c.file;
    f.exhaustive = true;
    for (int i = 0; i < c.repeat; ++i) {
      const checker::Report r = checker::explore(s.model.program, b);
      f.executions += r.executions;
      f.events += r.events;
      f.seconds += r.seconds;
      f.exhaustive = f.exhaustive && r.exhaustive;
    }
    return f;
  });
}

Figures run_engine(const char* name, const checker::Program& p, int runs) {
  checker::Bounds b;
  b.strategy = checker::Strategy::Dpor;
  return fastest(runs, [&] {
    const checker::Report r = checker::explore(p, b);
    Figures f;
    f.name = name;
    f.executions = r.executions;
    f.events = r.events;
    f.seconds = r.seconds;
    f.exhaustive = r.exhaustive;
    return f;
  });
}

json to_json(const Figures& f) {
  return json{{"name", f.name},       {"executions", f.executions}, {"events", f.events},
              {"seconds", f.seconds}, {"exhaustive", f.exhaustive}};
}

Figures from_json(const json& j) {
  Figures f;
  f.name = j.at("name").get<std::string>();
  f.executions = j.at("executions").get<std::uint64_t>();
  f.events = j.at("events").get<std::uint64_t>();
  f.seconds = j.at("seconds").get<double>();
  f.exhaustive = j.at("exhaustive").get<bool>();
  return f;
}

struct Run {
  std::vector<Figures> cases;
  Figures total;  // every model case together
  Figures refcnt, lockcnt;
};

Run measure(const std::string& root, int runs, bool model_only, const std::string& only) {
  Run run;
  run.total.name = "model (all cases)";
  for (const Case& c : kCases) {
    if (!only.empty() && std::string(c.file).find(only) == std::string::npos) continue;
    const Figures f = run_case(root, c, runs);
    run.total.executions += f.executions;
    run.total.events += f.events;
    run.total.seconds += f.seconds;
    run.cases.push_back(f);
  }
  if (model_only) return run;
  run.refcnt = run_engine("engine refcnt(8)", workloads::refcnt(8), runs);
  run.lockcnt = run_engine("engine lockcnt(5)", workloads::lockcnt(5), runs);
  return run;
}

json run_to_json(const Run& r) {
  json cases = json::array();
  for (const Figures& f : r.cases) cases.push_back(to_json(f));
  return json{{"cases", cases}, {"total", to_json(r.total)}, {"refcnt", to_json(r.refcnt)}, {"lockcnt", to_json(r.lockcnt)}};
}

Run run_from_json(const json& j) {
  Run r;
  for (const json& c : j.at("cases")) r.cases.push_back(from_json(c));
  r.total = from_json(j.at("total"));
  r.refcnt = from_json(j.at("refcnt"));
  r.lockcnt = from_json(j.at("lockcnt"));
  return r;
}

void print_row(const Figures& f) {
  std::printf("%-58s %9llu%s %11llu %8.3f s %9.0f %11.0f\n", f.name.c_str(), static_cast<unsigned long long>(f.executions),
              f.exhaustive ? " " : "+", static_cast<unsigned long long>(f.events), f.seconds, f.exec_rate(), f.event_rate());
}

void print_table(const Run& r) {
  std::printf("%-58s %10s %11s %10s %9s %11s\n", "case ('+': stopped by its budget)", "executions", "events", "time",
              "exec/s", "events/s");
  for (const Figures& f : r.cases) print_row(f);
  print_row(r.total);
  if (r.lockcnt.executions == 0) return;  // --model-only
  print_row(r.refcnt);
  print_row(r.lockcnt);
  std::printf("model events/s / lockcnt events/s: %.2f\n", r.total.event_rate() / r.lockcnt.event_rate());
}

// Both builds side by side: events/s of the baseline, of this build, and this / baseline.
void print_comparison(const Run& base, const Run& now) {
  std::printf("%-58s %13s %13s %7s\n", "case", "base events/s", "new events/s", "ratio");
  auto row = [](const Figures& b, const Figures& n) {
    const char* note = b.events == n.events && b.executions == n.executions ? "" : "  (different work: events differ)";
    std::printf("%-58s %13.0f %13.0f %6.2fx%s\n", n.name.c_str(), b.event_rate(), n.event_rate(),
                n.event_rate() / b.event_rate(), note);
  };
  for (std::size_t i = 0; i < now.cases.size() && i < base.cases.size(); ++i) row(base.cases[i], now.cases[i]);
  row(base.total, now.total);
  row(base.refcnt, now.refcnt);
  row(base.lockcnt, now.lockcnt);
  const double base_rel = base.total.event_rate() / base.lockcnt.event_rate();
  const double now_rel = now.total.event_rate() / now.lockcnt.event_rate();
  std::printf("model events/s / lockcnt events/s: base %.2f, new %.2f\n", base_rel, now_rel);
  // If the machine was busier for one build than for the other, lockcnt shows it too.
  std::printf("model speedup measured against each run's own lockcnt: %.2fx\n", now_rel / base_rel);
}

}  // namespace

int main(int argc, char** argv) {
  std::string root = SWAPCHECK_SOURCE_DIR;
  bool as_json = false;
  bool model_only = false;
  std::string only;
  int runs = 3;
  std::string baseline;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
      root = argv[++i];
    } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--model-only") == 0) {
      model_only = true;
    } else if (std::strcmp(argv[i], "--case") == 0 && i + 1 < argc) {
      only = argv[++i];
      model_only = true;
    } else if (std::strcmp(argv[i], "--json") == 0) {
      as_json = true;
    } else if (std::strcmp(argv[i], "--baseline") == 0 && i + 1 < argc) {
      baseline = argv[++i];
    } else {
      std::fprintf(stderr, "usage: model_bench [--root DIR] [--runs N] [--json] [--baseline FILE] [--model-only] [--case TEXT]\n");
      return 2;
    }
  }
  try {
    const Run now = measure(root, runs, model_only, only);
    if (as_json) {
      std::printf("%s\n", run_to_json(now).dump(2).c_str());
    } else if (!baseline.empty()) {
      std::ifstream in(baseline);
      if (!in) throw std::runtime_error("cannot read " + baseline);
      print_table(now);
      std::printf("\n");
      print_comparison(run_from_json(json::parse(in)), now);
    } else {
      print_table(now);
    }
  } catch (const checker::ScenarioError& e) {
    std::fprintf(stderr, "%s:%d:%d: %s\n", e.location.file.c_str(), e.location.line, e.location.column, e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "model_bench: %s\n", e.what());
    return 2;
  }
  return 0;
}
