// A data race, as KCSAN reports one (kernel/kcsan/report.c): the two functions in the title in
// alphabetical order, then the earlier access and the later one, each with its task, CPU and call
// trace, and the value the write changed.
#include <algorithm>

#include "checker/cli/report_format.h"
#include "checker/cli/report_kinds.h"

namespace checker::report {

namespace {

constexpr const char* kRule = "==================================================================\n";

struct Access {
  const TraceEvent* event = nullptr;
  CallStack stack;
};

std::string describe(const ReportContext& c, const Access& a, const std::string& object) {
  const std::string kind = a.event != nullptr && op_writes(a.event->op) ? "write" : "read";
  const std::int64_t thread = a.event != nullptr ? a.event->thread : -1;
  return kind + " to " + object + " by task " + task(c.trace, thread) + " on cpu " + std::to_string(cpu(c, thread)) +
         (a.event != nullptr ? at_step(a.event->step) : std::string()) + ":\n" + frames(a.stack);
}

}  // namespace

std::string kcsan_report(const ReportContext& c) {
  const Trace& t = c.trace;
  const Evidence& ev = c.evidence;
  Access later;
  if (t.violating_step >= 0) later = Access{&t.events[static_cast<std::size_t>(t.violating_step)], ev.stack};
  Access earlier;
  if (ev.other_step >= 0 && static_cast<std::size_t>(ev.other_step) < t.events.size())
    earlier = Access{&t.events[static_cast<std::size_t>(ev.other_step)], ev.step_stacks[static_cast<std::size_t>(ev.other_step)]};
  const std::string object = !ev.object.empty() ? ev.object : (later.event != nullptr ? later.event->object : "?");
  std::string f = where(earlier.stack), g = where(later.stack);
  if (g < f) std::swap(f, g);
  std::string out = kRule;
  out += "BUG: KCSAN: data-race in " + f + " / " + g + "\n\n";
  out += describe(c, earlier, object) + "\n";
  out += describe(c, later, object) + "\n";
  const TraceEvent* write = earlier.event != nullptr && op_writes(earlier.event->op) ? earlier.event
                            : later.event != nullptr && op_writes(later.event->op)   ? later.event
                                                                                       : nullptr;
  if (write != nullptr && !write->before.empty()) {
    out += write->before == write->after ? "value unchanged: " + write->after
                                         : "value changed: " + write->before + " -> " + write->after;
    out += "\n\n";
  }
  out += "Reported by Kernel Concurrency Sanitizer on:\n";
  out += "CPU: " + std::to_string(cpu(c, t.violating_thread)) + " PID: " + std::to_string(std::max<std::int64_t>(t.violating_thread, 0)) +
         " Comm: " + comm(t, t.violating_thread) + "\n";
  out += "\n" + t.violation.check + ": " + t.violation.message + "\n";
  out += kRule;
  return out;
}

}  // namespace checker::report
