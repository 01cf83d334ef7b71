#include "checker/cli/minimize.h"

namespace checker {

namespace {

bool same_violation(const Violation& a, const Violation& b) { return a.verdict == b.verdict && a.check == b.check; }

bool budget_stop(const Report& r) {
  return r.stop == StopReason::ExecutionBudget || r.stop == StopReason::TimeBudget;
}

Bounds bounded(const Bounds& base, std::uint32_t bound, std::uint64_t budget, bool stop_on_violation) {
  Bounds b = base;
  b.strategy = Strategy::Bounded;
  b.preemption_bound = bound;
  b.max_executions = budget;
  b.stop_on_violation = stop_on_violation;
  return b;
}

// Passes start..last, collecting every violation: the first execution that breaks `target`.
void rerun_collecting(const Program& program, const Bounds& base, const Violation& target, std::uint32_t start,
                      std::uint32_t last, std::uint64_t budget, const ExecutionObserver& observer,
                      MinimizeResult& out) {
  for (std::uint32_t k = start; k <= last; ++k) {
    if (out.executions >= budget) return;
    std::optional<Trace> match;
    const ExecutionObserver capture = [&](const Execution& ex) {
      if (observer) observer(ex);
      if (!match && ex.violation() && same_violation(*ex.violation(), target))
        match = trace_of(ex, strategy_name(Strategy::Bounded));
    };
    const Report r = explore(program, bounded(base, k, budget - out.executions, false), capture);
    out.executions += r.executions + r.blocked;
    if (match) {
      out.trace = std::move(match);
      out.proven = true;
      return;
    }
    if (budget_stop(r)) return;
    if (r.exhaustive) break;  // no execution has more than k preemptions
  }
  out.proven = true;  // no matching execution within last preemptions
}

}  // namespace

MinimizeResult minimize_preemptions(const Program& program, const Bounds& base, const Trace& found,
                                    std::uint64_t budget, const ExecutionObserver& observer) {
  MinimizeResult out;
  out.from = out.to = found.preemptions;
  out.attempted = true;
  const Report r = explore(program, bounded(base, found.preemptions, budget, true), observer);
  out.executions = r.executions + r.blocked;
  if (r.violation && same_violation(*r.violation, found.violation)) {
    out.trace = r.counterexample;
    out.proven = true;
  } else if (r.violation) {
    rerun_collecting(program, base, found.violation, r.preemption_bound_reached, found.preemptions, budget,
                     observer, out);
  } else {
    out.proven = !budget_stop(r);
  }
  if (out.trace && out.trace->preemptions <= found.preemptions) {
    out.to = out.trace->preemptions;
  } else {
    out.trace.reset();
  }
  return out;
}

}  // namespace checker
