// Invariant and hint violations, failed assertions and preconditions, and non-termination, as
// the kernel's WARN, BUG and soft-lockup reports look: the "cut here" line, the title, the task's
// call trace, then what the model adds: the step that broke the invariant and the objects
// involved, with their values before and after that step.
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

// The objects involved: the one the step wrote, and every one that more than one task wrote (the
// shared state the threads raced on); each with its value before the step and after it, and the
// steps that wrote it, the last few of them.
std::string involved_objects(const Trace& t, std::int64_t step) {
  struct History {
    std::string before, after;  // around `step`
    std::vector<const TraceEvent*> writes;
  };
  std::vector<std::string> order;
  std::map<std::string, History> objects;
  for (const TraceEvent& e : t.events) {
    if (e.object.empty() || !op_writes(e.op) || static_cast<std::int64_t>(e.step) > step) continue;
    auto [it, fresh] = objects.try_emplace(e.object);
    if (fresh) order.push_back(e.object);
    History& h = it->second;
    if (!e.before.empty() && h.writes.empty()) h.before = e.before;
    if (!e.after.empty() && static_cast<std::int64_t>(e.step) < step) h.before = e.after;
    if (!e.after.empty()) h.after = e.after;
    h.writes.push_back(&e);
  }
  const std::string stepped = step >= 0 ? t.events[static_cast<std::size_t>(step)].object : "";
  std::string out;
  for (const std::string& name : order) {
    const History& h = objects[name];
    bool shared = false;
    for (const TraceEvent* w : h.writes) shared = shared || w->thread != h.writes.front()->thread;
    if (name != stepped && !shared) continue;
    out += " " + name + ": " + (h.before == h.after ? h.after + " (unchanged)" : h.before + " -> " + h.after) +
           "; written at step";
    const std::size_t shown = std::min<std::size_t>(h.writes.size(), 6);
    out += h.writes.size() > 1 ? "s " : " ";
    if (shown < h.writes.size()) out += "..., ";
    for (std::size_t k = h.writes.size() - shown; k < h.writes.size(); ++k)
      out += std::to_string(h.writes[k]->step) + " (" + task(t, h.writes[k]->thread) + ")" +
             (k + 1 < h.writes.size() ? ", " : "");
    out += "\n";
  }
  return out.empty() ? out : "Objects involved (before the step -> after it):\n" + out;
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
             t.violation.message + "\nWARNING: " + (c.evidence.at_quiescence ? "at quiescence" : cpu_pid + " at " + at) +
             "\n";
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
      out += "The step " + std::to_string(t.violating_step) + " by task " + task(t, t.violating_thread) + ": " +
             step_text(t.events[static_cast<std::size_t>(t.violating_step)]) + "\n";
  }
  if (invariant) out += involved_objects(t, t.violating_step);
  return out + "---[ end trace ]---\n";
}

}  // namespace checker::report
