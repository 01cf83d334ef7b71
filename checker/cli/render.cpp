#include "checker/cli/render.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "checker/cli/scenario_reader.h"

namespace checker {

using nlohmann::json;

namespace {

std::string plural(std::uint64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string number_text(double x) { return json(x).dump(); }

std::string coverage(const RunOutcome& o) {
  const Report& r = o.report;
  if (r.exhaustive) return "exhaustive";
  switch (r.stop) {
    case StopReason::Violation: return "stopped at the first violation";
    case StopReason::ExecutionBudget:
      return "PARTIAL: stopped by the execution budget (" + plural(o.bounds.max_executions, "execution") + ")";
    case StopReason::TimeBudget: return "PARTIAL: stopped by the time limit (" + number_text(o.bounds.time_limit_seconds) + " s)";
    case StopReason::PreemptionBound:
      return "PARTIAL: complete up to " + plural(o.bounds.preemption_bound, "preemption") + " (the preemption bound)";
    default: return "PARTIAL";
  }
}

std::string counterexample_summary(const RunOutcome& o) {
  const MinimizeResult& m = o.minimized;
  std::string s = plural(m.to, "preemption");
  if (m.to == 0) return s;
  if (!m.attempted) {
    if (o.bounds.strategy == Strategy::Bounded) return s + ", the fewest possible (preemption-bounded search)";
    return s + " (not minimised)";
  }
  const std::string spent = "bounded search: " + plural(m.executions, "execution");
  if (!m.proven) return s + " (maybe not the fewest: the " + spent + ", stopped by its budget)";
  if (m.to < m.from) return s + ", the fewest possible (the search's first had " + std::to_string(m.from) + "; " + spent + ")";
  return s + ", the fewest possible (" + spent + " found none with fewer)";
}

}  // namespace

std::uint64_t total_executions(const RunOutcome& o) {
  return o.report.executions + o.report.blocked + o.minimized.executions;
}

std::string search_summary(const RunOutcome& o) {
  std::string s = std::string(strategy_name(o.bounds.strategy)) + ", " + plural(o.report.executions, "execution");
  if (o.report.blocked > 0) s += " (and " + std::to_string(o.report.blocked) + " cut short)";
  return s + ", " + coverage(o);
}

std::string verdict_summary(const std::optional<Violation>& v) {
  if (!v) return "pass";
  std::string s = verdict_name(v->verdict);
  if (!v->check.empty()) s += " [" + v->check + "]";
  if (!v->message.empty()) s += ": " + v->message;
  return s;
}

std::string timing_summary(const Timing& t) {
  char text[96];
  const double rate = t.seconds > 0 ? static_cast<double>(t.executions) / t.seconds : 0;
  std::snprintf(text, sizeof text, "%.3f s, %.0f executions/s", t.seconds, rate);
  return text;
}

namespace {

// The search flags that make `run` find this counterexample again: those whose value differs
// from the scenario file's bounds.
std::string search_flags(const CaseRender& c) {
  const Bounds file = c.scenario.generic.bounds.resolve();
  const Bounds& b = c.outcome.bounds;
  std::string f;
  auto flag = [&f](bool differs, const std::string& text) {
    if (differs) f += " " + text;
  };
  flag(b.strategy != file.strategy, std::string("--strategy ") + strategy_name(b.strategy));
  flag(b.preemption_bound != file.preemption_bound, "--preemptions " + std::to_string(b.preemption_bound));
  flag(b.max_executions != file.max_executions, "--max-executions " + std::to_string(b.max_executions));
  flag(b.time_limit_seconds != file.time_limit_seconds, "--time-limit " + number_text(b.time_limit_seconds));
  flag(b.step_bound != file.step_bound, "--step-bound " + std::to_string(b.step_bound));
  flag(b.seed != file.seed, "--seed " + std::to_string(b.seed));
  flag(b.pct_depth != file.pct_depth, "--pct-depth " + std::to_string(b.pct_depth));
  flag(b.detect_data_races != file.detect_data_races, "--no-data-races");
  flag(b.lock_aware != file.lock_aware, b.lock_aware ? "--lock-aware" : "--no-lock-aware");
  flag(b.memory_model != file.memory_model, std::string("--memory-model ") + scenario_memory_model_name(b.memory_model));
  const MinimizeResult& m = c.outcome.minimized;
  flag(!m.attempted && b.strategy != Strategy::Bounded && m.to > 0, "--no-minimize");
  return f;
}

std::string replay_command(const CaseRender& c) {
  if (c.trace_file) return c.program + " replay " + *c.trace_file;
  const std::string trace = c.scenario.generic.name + ".trace.json";
  return c.program + " run " + c.scenario.file + search_flags(c) + " --trace-out " + trace + " && " + c.program +
         " replay " + trace;
}

}  // namespace

std::string case_report(const CaseRender& c) {
  const RunOutcome& o = c.outcome;
  if (!o.counterexample || !o.evidence) return "";
  const ReportContext r{*o.counterexample, *o.evidence, c.scenario.file + " (" + c.scenario.generic.name + ")",
                        replay_command(c)};
  return kernel_report(r);
}

std::string run_result_text(const CaseRender& c) {
  const RunOutcome& o = c.outcome;
  const GenericScenario& g = c.scenario.generic;
  std::ostringstream out;
  out << "scenario: " << g.name << " (" << c.scenario.file << ")\n";
  if (!g.purpose.empty()) out << "purpose:  " << g.purpose << "\n";
  out << "search:   " << search_summary(o) << "\n";
  if (o.report.violation)
    out << "verdict:  VIOLATION " << verdict_summary(o.report.violation) << "\n";
  else
    out << "verdict:  " << (is_partial(o.report) ? "pass so far (the search was incomplete)" : "pass") << "\n";
  out << "expected: " << describe(g.expect) << (o.as_expected ? ", as expected" : ", NOT as expected") << "\n";
  if (c.timing) out << "time:     " << timing_summary(*c.timing) << "\n";
  if (!o.counterexample) return out.str();
  out << "counterexample: " << counterexample_summary(o) << "\n\n";
  out << swimlane(*o.counterexample, o.evidence ? &*o.evidence : nullptr) << "\n";
  if (o.replay.done)
    out << "replay:   " << (o.replay.identical ? "identical" : "DIVERGED: " + o.replay.divergence) << "\n";
  if (c.trace_file) out << "trace:    " << *c.trace_file << " (replay it: " << c.program << " replay " << *c.trace_file << ")\n";
  if (c.chrome_file) out << "trace:    " << *c.chrome_file << " (Chrome trace-event JSON: open it in ui.perfetto.dev or chrome://tracing)\n";
  if (const std::string report = case_report(c); !report.empty()) out << "\n" << report;
  return out.str();
}

json violation_json(const std::optional<Violation>& v) {
  if (!v) return {{"kind", "pass"}, {"check", ""}, {"message", ""}};
  return {{"kind", verdict_name(v->verdict)}, {"check", v->check}, {"message", v->message}};
}

json expectation_json(const Expectation& e) {
  // One verdict as its name; several ("verdict": ["pass", "data_race"]) as the list.
  json verdict = verdict_name(e.verdict);
  if (!e.alternatives.empty()) {
    verdict = json::array();
    for (Verdict v : e.verdicts()) verdict.push_back(verdict_name(v));
  }
  return {{"verdict", verdict}, {"check", e.check ? json(*e.check) : json(nullptr)}};
}

json run_result_json(const CaseRender& c) {
  const RunOutcome& o = c.outcome;
  const GenericScenario& g = c.scenario.generic;
  json j;
  j["file"] = c.scenario.file;
  j["name"] = g.name;
  j["purpose"] = g.purpose;
  j["hash"] = c.scenario.hash;
  j["bounds"] = bounds_to_json(o.bounds);
  j["search"] = {{"strategy", strategy_name(o.bounds.strategy)}, {"executions", o.report.executions},
                 {"cut", o.report.blocked},  {"events", o.report.events},
                 {"exhaustive", o.report.exhaustive}, {"stop", stop_reason_name(o.report.stop)},
                 {"partial", is_partial(o.report)}, {"estimate", std::round(o.report.probe_estimate)},
                 {"estimate_probes", o.report.probes_kept}, {"estimate_dropped", o.report.probes_dropped},
                 {"estimate_path", std::round(o.report.estimate)}};
  j["verdict"] = violation_json(o.report.violation);
  j["expected"] = expectation_json(g.expect);
  j["as_expected"] = o.as_expected;
  if (o.counterexample) {
    const MinimizeResult& m = o.minimized;
    j["counterexample"] = {
        {"preemptions", o.counterexample->preemptions},
        {"minimization",
         {{"attempted", m.attempted}, {"from", m.from}, {"to", m.to}, {"executions", m.executions}, {"proven", m.proven}}},
        {"replay",
         {{"checked", o.replay.done}, {"identical", o.replay.identical},
          {"divergence", o.replay.done && !o.replay.identical ? json(o.replay.divergence) : json(nullptr)}}},
        {"trace_file", c.trace_file ? json(*c.trace_file) : json(nullptr)},
        {"chrome_trace_file", c.chrome_file ? json(*c.chrome_file) : json(nullptr)},
        {"report", o.evidence ? json(case_report(c)) : json(nullptr)},
        {"trace", trace_to_json(*o.counterexample)}};
  } else {
    j["counterexample"] = nullptr;
  }
  if (c.timing) {
    j["seconds"] = c.timing->seconds;
    j["executions_per_second"] = c.timing->seconds > 0 ? static_cast<double>(c.timing->executions) / c.timing->seconds : 0.0;
  }
  return j;
}

}  // namespace checker
