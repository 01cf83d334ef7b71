// What to check, with what bounds, and what came out: the engine's entry point.
//
// A Program is a setup function run at the start of every execution: it builds the model state,
// spawns threads and registers invariants. explore() runs it under the chosen strategy until the
// search is exhausted, a violation is found (unless asked to collect them all), or a budget runs
// out; a run stopped by a budget is reported as bounded, never as a pass of the whole space.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/execution.h"
#include "checker/trace.h"
#include "checker/verdict.h"

namespace checker {

enum class Strategy { Dpor, Dfs, Bounded, Random, Pct };
const char* strategy_name(Strategy s);
std::optional<Strategy> strategy_from_name(std::string_view name);

// With Bounds::threads above 1, setup (and everything the executions it builds run) is called
// on several threads at once: what it shares across executions must be guarded.
struct Program {
  std::function<void(Execution&)> setup;
};

struct Bounds {
  Strategy strategy = Strategy::Dpor;
  std::uint64_t max_executions = 0;  // 0: no limit (random and pct default to 1000)
  double time_limit_seconds = 0;     // 0: no limit
  std::uint32_t step_bound = 2000;   // per thread
  std::uint32_t preemption_bound = 3;  // bounded: the largest bound tried (0, 1, ... this)
  std::uint64_t seed = 1;            // random and pct
  std::uint32_t pct_depth = 3;
  bool detect_data_races = true;
  bool stop_on_violation = true;     // false: keep exploring and collect every distinct violation
  // dpor: critical sections of one lock that touch no common data are not reordered
  // (critical_sections.h). The default since its evidence held: the lock-heavy soundness corpus
  // against DFS, and the whole suite with the same verdicts and counterexamples. Ignored under
  // the C11 memory model (dpor.cpp says why).
  bool lock_aware = true;
  // Sc: every atomic access sequentially consistent, memory orders ignored. C11: the orders and
  // fences of weak_memory.h, where a load may read an older store (an opt-in: it multiplies the
  // executions).
  MemoryModel memory_model = MemoryModel::Sc;
  // dpor: 0 runs one classic search. 1 or more splits a search its pilot of dpor_pilot
  // executions does not finish into cells (cells.h) explored on that many OS threads; the report
  // is the same for every number of threads, but a split search may run more executions than
  // the classic one (cell_search.h). Tests set the pilot low to put small programs through
  // cells. should_stop, when set, is asked before every execution and ends the search as
  // cancelled.
  unsigned threads = 0;
  std::uint64_t dpor_pilot = 2000;
  // dpor: random probes run before the search to estimate its size (size_probe.h); 0: none.
  // They run once, whatever the search (classic or split), and count in no figure of it. The
  // engine runs none unless asked (a program's setup then runs only for the search, as tests
  // that count setups or executions through side effects expect); the CLI asks for
  // kCliEstimateProbes unless --estimate-probes says otherwise.
  std::uint32_t estimate_probes = 0;
  std::function<bool()> should_stop;
};

// Cancelled: a cell of a split search, stopped because an earlier cell found a violation; it
// never reaches a report of the whole search.
enum class StopReason { Exhausted, Violation, ExecutionBudget, TimeBudget, PreemptionBound, SetupFailed, Cancelled };

struct Report {
  Strategy strategy = Strategy::Dpor;
  Verdict verdict = Verdict::Pass;
  std::optional<Violation> violation;   // the first (reported) violation
  std::string setup_context;            // SetupFailed: where the setup was (Execution::set_context)
  std::optional<Trace> counterexample;  // its trace
  std::vector<Violation> all_violations;  // distinct, when stop_on_violation is false
  StopReason stop = StopReason::Exhausted;
  bool exhaustive = false;  // the whole space (within the step bound) was covered
  std::uint64_t executions = 0;  // complete executions (ended at quiescence or a violation)
  std::uint64_t blocked = 0;     // executions cut by the strategy (sleep-set blocked)
  std::uint64_t events = 0;
  std::uint32_t preemption_bound_reached = 0;  // bounded: the bound of the last pass
  double seconds = 0;
  // dpor: the estimated number of executions (complete and cut short) of the whole search, as
  // it stood when the search stopped: the count itself when it is exhaustive. 0 for the others.
  double estimate = 0;
  // dpor: Knuth's estimate from Bounds::estimate_probes random probes run before the search
  // (size_probe.h): the number of Mazurkiewicz traces, which optimal DPOR runs as its complete
  // executions. probes_kept are the probes it is the mean of; probes_dropped those too large to
  // count (their trace's interleavings overran the counter's cap). 0, 0, 0 when none ran.
  double probe_estimate = 0;
  std::uint32_t probes_kept = 0;
  std::uint32_t probes_dropped = 0;
  // dpor: the cells the search was explored in (1: it was not split).
  std::size_t cells = 1;
};

// Called after every execution, before it is destroyed (tests use it to collect final states).
using ExecutionObserver = std::function<void(const Execution&)>;

Report explore(const Program& program, const Bounds& bounds, const ExecutionObserver& observer = {});

// Called from an ExecutionObserver: the running search's executions so far (complete and cut
// short, the observed one included) and its estimate of their total, as of the execution before
// the one being observed.
// The estimate is 0 when the strategy gives none (only dpor does; see DporExplorer::estimate())
// or no search runs on this thread.
// `traces` is the probes' estimate of the complete executions (Report::probe_estimate), 0 when
// none ran; unlike `estimate` it is known from the first execution on, and also in a split search.
struct SearchSize {
  double done = 0;
  double estimate = 0;
  double traces = 0;
};
SearchSize search_size();

}  // namespace checker
