// Use after free and double free, as KASAN reports them (mm/kasan/report.c): the bad access with
// the task and its call trace, then where the object was allocated, where it was freed and, for
// an RCU-deferred free, where the free was queued ("Last potentially related work creation").
#include "checker/cli/report_kinds.h"

#include "checker/cli/report_format.h"

namespace checker::report {

namespace {

constexpr const char* kRule = "==================================================================\n";

std::string life_event(const ReportContext& c, const char* header, const HeapEventEvidence& e) {
  const std::string who = e.thread < 0 ? std::string(" in setup") : " by task " + task(c.trace, e.thread) + at_step(e.step);
  return header + who + ":\n" + frames(e.stack) + "\n";
}

// The violating access: the trace's last event, by the violating thread.
const TraceEvent* access(const Trace& t) {
  if (t.violating_step < 0 || t.events.empty()) return nullptr;
  return &t.events[static_cast<std::size_t>(t.violating_step)];
}

}  // namespace

std::string kasan_report(const ReportContext& c) {
  const Trace& t = c.trace;
  const Evidence& ev = c.evidence;
  const bool double_free = t.violation.verdict == Verdict::DoubleFree;
  const TraceEvent* e = access(t);
  const std::string object = !ev.object.empty() ? ev.object : (e != nullptr ? e->object : std::string("?"));
  std::string out = kRule;
  out += std::string("BUG: KASAN: ") + (double_free ? "double-free" : "slab-use-after-free") + " in " + where(ev.stack) + "\n";
  if (double_free) {
    out += "Free of " + object;
  } else {
    out += std::string(e != nullptr && op_writes(e->op) ? "Write" : "Read") + " of " + object;
  }
  out += " by task " + task(t, t.violating_thread) + at_step(t.violating_step) + "\n\n";
  out += dump_stack(c, t.violating_thread, ev.stack) + "\n";
  if (ev.heap) {
    const HeapEvidence& h = *ev.heap;
    out += life_event(c, "Allocated", h.allocated);
    if (h.freed) out += life_event(c, "Freed", *h.freed);
    if (h.retired)
      out += life_event(c, "Last potentially related work creation (kfree_rcu)", *h.retired);
    out += "The buggy address belongs to the object " + h.object + "\n";
    if (h.object != object) out += " and is its field " + object + "\n";
    if (h.freed) out += " freed" + at_step(h.freed->step) + "\n";
  }
  out += "\n" + t.violation.check + ": " + t.violation.message + "\n";
  out += kRule;
  return out;
}

}  // namespace checker::report
