#include "checker/cli/run_scenario.h"

#include "checker/cli/trace_file.h"
#include "checker/replay.h"
#include "checker/size_probe.h"

namespace checker {

const char* stop_reason_name(StopReason r) {
  switch (r) {
    case StopReason::Exhausted: return "exhausted";
    case StopReason::Violation: return "violation";
    case StopReason::ExecutionBudget: return "execution_budget";
    case StopReason::TimeBudget: return "time_budget";
    case StopReason::PreemptionBound: return "preemption_bound";
    case StopReason::SetupFailed: return "setup_failed";
    case StopReason::Cancelled: return "cancelled";
  }
  return "?";
}

bool is_partial(const Report& r) { return !r.exhaustive && r.stop != StopReason::Violation; }

std::string partial_reason(const RunOutcome& o) {
  const auto plural = [](std::uint64_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  switch (o.report.stop) {
    case StopReason::ExecutionBudget:
      return "stopped by the execution budget (" + plural(o.bounds.max_executions, "execution") + ")";
    case StopReason::TimeBudget:
      return "stopped by the time limit (" + nlohmann::json(o.bounds.time_limit_seconds).dump() + " s)";
    case StopReason::PreemptionBound:
      return "complete up to " + plural(o.bounds.preemption_bound, "preemption") + " (the preemption bound)";
    default: return "stopped before the search space was covered";
  }
}

Bounds resolve_bounds(const LoadedScenario& s, const RunOptions& options) {
  BoundsSpec spec = s.generic.bounds;
  spec.override_with(options.overrides);
  Bounds b = spec.resolve();
  b.threads = options.threads;
  if (options.split_after) b.dpor_pilot = *options.split_after;
  b.estimate_probes = options.estimate_probes.value_or(kCliEstimateProbes);
  return b;
}

RunOutcome run_scenario(const LoadedScenario& s, const ModelInterface& model, const RunOptions& options) {
  const Bounds bounds = resolve_bounds(s, options);
  Report report = explore(s.model.program, bounds, options.observer);
  return finish_run(s, model, options, bounds, std::move(report));
}

RunOutcome finish_run(const LoadedScenario& s, const ModelInterface& model, const RunOptions& options, const Bounds& bounds,
                      Report report) {
  RunOutcome out;
  out.bounds = bounds;
  out.report = std::move(report);
  const Program& program = s.model.program;
  if (out.report.stop == StopReason::SetupFailed) {
    const Violation& v = out.report.violation.value();
    // A setup context that starts with a JSON pointer ("/state/3 op") names the failing part of
    // the file; anything else, or a pointer the file lacks, points at the file's start.
    nlohmann::json::json_pointer where;
    const std::string& ctx = out.report.setup_context;
    if (!ctx.empty() && ctx[0] == '/') {
      try {
        nlohmann::json::json_pointer p(ctx.substr(0, ctx.find(' ')));
        if (s.doc->root().contains(p)) where = p;
      } catch (const nlohmann::json::exception&) {
      }
    }
    throw ScenarioError(s.doc->location(where), std::string("the initial state breaks a check: ") + verdict_name(v.verdict) +
                                                    " [" + v.check + "] " + v.message +
                                                    (ctx.empty() ? std::string() : " (at " + ctx + ")"));
  }
  out.as_expected = meets(s.generic.expect, out.report.violation);
  if (!out.report.counterexample) return out;

  Trace trace = *out.report.counterexample;
  if (options.minimize && out.bounds.strategy != Strategy::Bounded) {
    out.minimized = minimize_preemptions(program, out.bounds, trace, options.minimize_budget, options.observer);
    if (out.minimized.trace) trace = *out.minimized.trace;
  } else {
    out.minimized.from = out.minimized.to = trace.preemptions;
    out.minimized.proven = out.bounds.strategy == Strategy::Bounded || trace.preemptions == 0;
  }
  out.minimized.trace.reset();
  trace.meta = make_trace_meta(s, model.name(), out.bounds, out.bounds.strategy, out.minimized.to < out.minimized.from);
  if (options.verify_replay) {
    const ReplayResult r = replay(program, trace, out.bounds);
    out.replay = ReplayCheck{true, r.identical, r.divergence};
    if (r.identical) out.evidence = r.evidence;
  }
  out.counterexample = std::move(trace);
  return out;
}

}  // namespace checker
