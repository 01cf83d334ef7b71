// Pieces the kernel-style reports (report.h) share: how a task, a call trace, a held lock and a
// step are printed. Internal to report_*.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "checker/cli/report.h"

namespace checker::report {

// "fault/1": the thread's name and its id in the trace; "setup" for -1.
std::string task(const Trace& t, std::int64_t thread);
// "fault" (the kernel's Comm).
std::string comm(const Trace& t, std::int64_t thread);
int cpu(const ReportContext& c, std::int64_t thread);

// One line per function, innermost first, each indented by `indent`; "(no model frames)" for an
// empty stack.
std::string frames(const CallStack& s, const char* indent = " ");
// "CPU: 1 PID: 1 Comm: fault" and a Call Trace between <TASK> markers, as a dump_stack() prints.
std::string dump_stack(const ReportContext& c, std::int64_t thread, const CallStack& s);

// " at step 14" (" in setup" for -1).
std::string at_step(std::int64_t step);
// The function an operation ran in: the innermost frame, else "?".
std::string where(const CallStack& s);

// "ci[0].lock (ci->lock)": a lock and its class (lockdep's name for it), the class left out
// when it is the lock's own name.
std::string lock_name(const std::string& lock, const std::string& lock_class);
// lockdep's "N locks held by task:" with one " #i: lock, at: function" line per lock.
std::string held_locks(const ReportContext& c, std::int64_t thread);

// "Read" or "Write": whether a trace op (load, store, lock, ...) reads or writes its object.
bool op_writes(const std::string& op);

// The closing lines every report ends with: the scenario and the replay command.
std::string footer(const ReportContext& c);

}  // namespace checker::report
