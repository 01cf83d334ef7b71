// Kernel-style reports of a counterexample: plain text shaped like the report the kernel itself
// prints for that kind of bug, so that it reads as familiar and can be pasted into a mail reply
// to the patch under review.
//
//   use after free, double free        KASAN   "BUG: KASAN: slab-use-after-free in f", the
//                                              access, "Allocated by task", "Freed by task"
//   data race                          KCSAN   "BUG: KCSAN: data-race in f / g", both accesses
//   deadlock, lock misuse              lockdep "WARNING: possible circular locking dependency
//                                              detected", held locks, "*** DEADLOCK ***"
//   invariant, hint, assertion, ...    WARN    "------------[ cut here ]------------", the step
//                                              and the objects it changed
//
// Each thread is a task named "<thread>/<id>" (its id in the trace), call traces list the model
// functions innermost first as the kernel does (evidence.h, from the shadow stacks), and there are
// no addresses or offsets: the model has objects with names instead. The report ends with the
// scenario and the command that replays the counterexample. Deterministic: the same trace and
// evidence give the same bytes.
#pragma once

#include <string>

#include "checker/evidence.h"
#include "checker/trace.h"

namespace checker {

struct ReportContext {
  const Trace& trace;
  const Evidence& evidence;
  std::string scenario;        // "scenarios/x.json (x)"
  std::string replay_command;  // how to replay or reproduce it, exactly
};

// The report of the trace's violation; "" for a trace without one.
std::string kernel_report(const ReportContext& c);

}  // namespace checker
