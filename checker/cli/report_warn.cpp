// Invariant and hint violations, failed assertions and preconditions, and non-termination, as
// the kernel's WARN, BUG and soft-lockup reports look: the "cut here" line, the title, the task's
// call trace, then what the model adds: the step that broke the invariant, and every object the
// counterexample wrote, with its value at the start, just before that step and after it.
#include <algorithm>
#include <map>

#include "checker/cli/report_format.h"
#include "checker/cli/report_kinds.h"

namespace checker::report {

namespace {

constexpr const char* kCutHere = "------------[ cut here ]------------\n";

std::string step_text(const TraceEvent& e) {
  std::string s = e.op + (e.object.empty() ? std::string() : " " + e.object);
  if (!e.before.empty() || !e.after.empty()) s += e.before == e.after ? " = " + e.before : ": " + e.before + " -> " + e.after;
  return s;
}

// Objects the trace wrote (valued writes), in the order first written: the value before the first
// write, before step `step` and after it.
std::string written_objects(const Trace& t, std::int64_t step) {
  struct Values {
    std::string initial, before, after;
    std::vector<std::string> writers;
  };
  std::vector<std::string> order;
  std::map<std::string, Values> values;
  for (const TraceEvent& e : t.events) {
    if (e.object.empty() || e.before.empty() || e.before == e.after || !op_writes(e.op)) continue;
    auto [it, fresh] = values.try_emplace(e.object);
    if (fresh) {
      order.push_back(e.object);
      it->second.initial = it->second.before = e.before;
    }
    if (static_cast<std::int64_t>(e.step) < step) it->second.before = e.after;
    if (static_cast<std::int64_t>(e.step) <= step) it->second.after = e.after;
    const std::string who = comm(t, e.thread) + "/" + std::to_string(e.thread);
    if (std::find(it->second.writers.begin(), it->second.writers.end(), who) == it->second.writers.end())
      it->second.writers.push_back(who);
  }
  if (order.empty()) return "";
  std::string out = "Objects the counterexample wrote (at the start, before the step -> after it; written by):\n";
  for (const std::string& name : order) {
    Values& v = values[name];
    if (v.after.empty()) v.after = v.before;
    out += " " + name + ": " + v.initial + ", " + v.before + " -> " + v.after + "; ";
    for (std::size_t i = 0; i < v.writers.size(); ++i) out += (i ? ", " : "") + v.writers[i];
    out += "\n";
  }
  return out;
}

std::string title(const ReportContext& c) {
  const Trace& t = c.trace;
  const std::string at = where(c.evidence.stack);
  const std::string cpu_pid = "CPU: " + std::to_string(cpu(c, t.violating_thread)) + " PID: " +
                              std::to_string(std::max<std::int64_t>(t.violating_thread, 0));
  switch (t.violation.verdict) {
    case Verdict::Assertion: return kCutHere + std::string("kernel BUG at ") + at + "!\n" + t.violation.message + "\n";
    case Verdict::NonTermination:
      return "watchdog: BUG: soft lockup - CPU#" + std::to_string(cpu(c, t.violating_thread)) + " stuck [" +
             task(t, t.violating_thread) + "]\n" + t.violation.message + "\n";
    case Verdict::Invariant:
    case Verdict::Hint:
      return kCutHere + std::string(verdict_name(t.violation.verdict)) + " " + t.violation.check + ": " +
             t.violation.message + "\nWARNING: " + cpu_pid + " at " + at + "\n";
    default:
      return kCutHere + t.violation.message + "\nWARNING: " + cpu_pid + " at " + at + " (" + t.violation.check + ")\n";
  }
}

}  // namespace

std::string warn_report(const ReportContext& c) {
  const Trace& t = c.trace;
  const Evidence& ev = c.evidence;
  std::string out = title(c);
  const bool invariant = t.violation.verdict == Verdict::Invariant || t.violation.verdict == Verdict::Hint;
  if (invariant && ev.at_quiescence) {
    out += "Found at quiescence: every thread finished and every RCU callback ran; the last step was " +
           std::to_string(t.violating_step) + ".\n";
  } else {
    out += dump_stack(c, t.violating_thread, ev.stack);
    if (invariant && t.violating_step >= 0)
      out += "The step" + at_step(t.violating_step) + " by task " + task(t, t.violating_thread) + ": " +
             step_text(t.events[static_cast<std::size_t>(t.violating_step)]) + "\n";
  }
  if (invariant) out += written_objects(t, t.violating_step);
  return out + "---[ end trace ]---\n";
}

}  // namespace checker::report
