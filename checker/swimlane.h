// A counterexample as a swimlane for people: one column per thread (RCU callbacks share one
// "rcu" column), one row per step, `*` beside a step that preempted another thread, and `!!` on
// the step that failed: the violating operation, the step after which an invariant broke, or, in
// a deadlock, each blocked thread's pending operation (a row of its own, numbered "--"). Cells
// are never cut: a long one wraps onto the next lines of its column.
//
// With evidence (evidence.h, from the replay that recorded stacks) a cell names the kernel
// function the operation ran in (the innermost shadow frame: `pte_same`, `swap_cluster_lock`)
// rather than the C++ function around the instrumented call, an operation refused before it ran
// (an unlock of a lock not held) gets its own `!!` row, and a deadlock shows every blocked
// thread's pending step. Without evidence (a trace read from a file, say) the cells use the
// trace's function names and the violating thread's last step carries the mark.
#pragma once

#include <string>

#include "checker/evidence.h"
#include "checker/trace.h"

namespace checker {

std::string swimlane(const Trace& t, const Evidence* evidence = nullptr);

}  // namespace checker
