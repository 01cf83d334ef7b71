// Deadlocks and lock misuse, as lockdep (kernel/locking/lockdep.c) and the hung-task detector
// report them. A deadlock whose blocked threads wait for each other's locks is a circular locking
// dependency: the lock the first of them tries to take, the one it holds, the chain of the
// others, the unsafe scenario drawn one column per task, and every task's held locks and stack.
// A deadlock without such a cycle (a wait for a grace period, say) is reported per blocked task as
// the hung-task detector does. Recursive locking, bad unlock balance and a sleeping function in
// atomic context keep lockdep's and might_sleep()'s titles.
#include <algorithm>
#include <optional>

#include "checker/cli/report_format.h"
#include "checker/cli/report_kinds.h"

namespace checker::report {

namespace {

const ThreadEvidence* thread_of(const ReportContext& c, std::int64_t t) {
  const auto& th = c.evidence.threads;
  return t >= 0 && static_cast<std::size_t>(t) < th.size() ? &th[static_cast<std::size_t>(t)] : nullptr;
}

const HeldLockEvidence* held_lock(const ThreadEvidence& e, const std::string& lock) {
  for (const HeldLockEvidence& h : e.held)
    if (h.lock == lock) return &h;
  return nullptr;
}

// The class of a lock some thread holds ("" when nobody does).
std::string class_of(const ReportContext& c, const std::string& lock) {
  for (const ThreadEvidence& e : c.evidence.threads)
    if (const HeldLockEvidence* h = held_lock(e, lock)) return h->lock_class;
  return "";
}

// The blocked threads that wait for each other's locks, starting at the lowest id among them, in
// wait order (each waits for a lock the next one holds); empty when there is no such cycle.
std::vector<std::int64_t> lock_cycle(const ReportContext& c) {
  const auto& th = c.evidence.threads;
  for (std::size_t start = 0; start < th.size(); ++start) {
    std::vector<std::int64_t> path;
    std::int64_t t = static_cast<std::int64_t>(start);
    while (t >= 0 && std::find(path.begin(), path.end(), t) == path.end()) {
      const ThreadEvidence* e = thread_of(c, t);
      if (e == nullptr || !e->blocked) break;
      path.push_back(t);
      t = e->waits_for_thread;
    }
    if (t < 0 || path.empty() || std::find(path.begin(), path.end(), t) == path.end()) continue;
    std::vector<std::int64_t> cycle(std::find(path.begin(), path.end(), t), path.end());
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    return cycle;
  }
  return {};
}

std::string pad_to(std::string s, std::size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

// lockdep's "Possible unsafe locking scenario", one column per task of the cycle: each takes the
// lock it holds, then, in reverse order, each tries the lock it waits for.
std::string unsafe_scenario(const ReportContext& c, const std::vector<std::int64_t>& cycle) {
  const std::size_t n = cycle.size();
  std::vector<std::string> holds(n), tries(n), heads(n);
  std::size_t width = 31;
  for (std::size_t i = 0; i < n; ++i) {
    const ThreadEvidence& e = *thread_of(c, cycle[i]);
    const ThreadEvidence& prev = *thread_of(c, cycle[(i + n - 1) % n]);
    holds[i] = "lock(" + prev.pending_object + ");";
    tries[i] = "lock(" + e.pending_object + ");";
    heads[i] = task(c.trace, cycle[i]);
    width = std::max({width, holds[i].size() + 4, tries[i].size() + 4, heads[i].size() + 4});
  }
  auto row = [&](std::size_t col, const std::string& text) {
    return "  " + std::string(col * width, ' ') + text + "\n";
  };
  std::string out = " Possible unsafe locking scenario:\n\n";
  std::string head = "  ", rule = "  ";
  for (std::size_t i = 0; i < n; ++i) {
    head += pad_to(heads[i], i + 1 == n ? 0 : width);
    rule += pad_to(std::string(heads[i].size(), '-'), i + 1 == n ? 0 : width);
  }
  out += head + "\n" + rule + "\n";
  for (std::size_t i = 0; i < n; ++i) out += row(i, holds[i]);
  for (std::size_t i = n; i-- > 0;) out += row(i, tries[i]);
  return out + "\n *** DEADLOCK ***\n\n";
}

std::string circular(const ReportContext& c, const std::vector<std::int64_t>& cycle) {
  const std::size_t n = cycle.size();
  const ThreadEvidence& a = *thread_of(c, cycle[0]);
  const ThreadEvidence& last = *thread_of(c, cycle[n - 1]);
  const HeldLockEvidence* holding = held_lock(a, last.pending_object);
  std::string out = "======================================================\n"
                    "WARNING: possible circular locking dependency detected\n"
                    "------------------------------------------------------\n";
  out += task(c.trace, cycle[0]) + " is trying to acquire lock:\n " +
         lock_name(a.pending_object, class_of(c, a.pending_object)) + ", at: " + where(a.stack) + "\n\n";
  out += "but task is already holding lock:\n ";
  out += holding != nullptr ? lock_name(holding->lock, holding->lock_class) + ", at: " + where(holding->stack) + at_step(holding->step)
                            : last.pending_object;
  out += "\n\nwhich lock already depends on the new lock.\n\n";
  out += "the existing dependency chain (in reverse order) is:\n";
  for (std::size_t k = n; k-- > 0;) {
    const ThreadEvidence& e = *thread_of(c, cycle[k]);
    out += "\n-> #" + std::to_string(k) + " " + lock_name(e.pending_object, class_of(c, e.pending_object)) + ":\n";
    out += "       wanted by " + task(c.trace, cycle[k]) + ", held by " + task(c.trace, e.waits_for_thread) + "\n";
    out += frames(e.stack, "       ");
  }
  out += "\nother info that might help us debug this:\n\n" + unsafe_scenario(c, cycle);
  for (std::int64_t t : cycle) out += held_locks(c, t);
  out += "\nstack backtrace:\n";
  for (std::int64_t t : cycle) out += dump_stack(c, t, thread_of(c, t)->stack);
  return out;
}

// The hung-task detector's report of one blocked task.
std::string hung_task(const ReportContext& c, std::int64_t t) {
  const ThreadEvidence& e = *thread_of(c, t);
  return "INFO: task " + task(c.trace, t) + " blocked forever on " + e.pending_op +
         (e.pending_object.empty() ? std::string() : " " + e.pending_object) + ", waiting for " + e.waits_for + "\n" +
         dump_stack(c, t, e.stack) + "\n";
}

std::string recursive(const ReportContext& c, std::int64_t t, const std::string& lock, const HeldLockEvidence* held,
                      const CallStack& stack, std::int64_t step);

// A thread waiting for a lock it holds itself is recursive locking; threads waiting for each
// other's locks a circular dependency; any other blocked thread (a wait for a grace period, an
// await) is a hung task, and then every lock held in the system is listed, as the hung-task
// detector does.
std::string deadlock(const ReportContext& c) {
  const std::vector<std::int64_t> cycle = lock_cycle(c);
  std::string out;
  if (cycle.size() == 1) {
    const ThreadEvidence& e = *thread_of(c, cycle[0]);
    out = recursive(c, cycle[0], e.pending_object, held_lock(e, e.pending_object), e.stack, -1) + "\n";
  } else if (!cycle.empty()) {
    out = circular(c, cycle) + "\n";
  }
  bool hung = false;
  for (std::size_t t = 0; t < c.evidence.threads.size(); ++t) {
    const auto id = static_cast<std::int64_t>(t);
    if (!c.evidence.threads[t].blocked || std::find(cycle.begin(), cycle.end(), id) != cycle.end()) continue;
    out += hung_task(c, id);
    hung = true;
  }
  if (!hung) return out;
  out += "Showing all locks held in the system:\n";
  for (std::size_t t = 0; t < c.evidence.threads.size(); ++t)
    if (!c.evidence.threads[t].held.empty()) out += held_locks(c, static_cast<std::int64_t>(t));
  return out;
}

// Thread t takes `lock` (at `stack`, step `step`; -1: it is blocked there) while holding `held`
// of the same class.
std::string recursive(const ReportContext& c, std::int64_t t, const std::string& lock, const HeldLockEvidence* held,
                      const CallStack& stack, std::int64_t step) {
  const std::string cls = held != nullptr ? held->lock_class : lock;
  std::string out = "============================================\n"
                    "WARNING: possible recursive locking detected\n"
                    "--------------------------------------------\n";
  out += task(c.trace, t) + " is trying to acquire lock:\n " + lock_name(lock, cls) + ", at: " + where(stack) +
         (step >= 0 ? at_step(step) : std::string()) + "\n\n";
  out += "but task is already holding lock:\n ";
  out += held != nullptr ? lock_name(held->lock, held->lock_class) + ", at: " + where(held->stack) + at_step(held->step)
                         : lock;
  out += "\n\nother info that might help us debug this:\n Possible unsafe locking scenario:\n\n"
         "       CPU0\n       ----\n  lock(" + cls + ");\n  lock(" + cls + ");\n\n *** DEADLOCK ***\n\n"
         " May be due to missing lock nesting notation\n\n";
  out += held_locks(c, t) + "\nstack backtrace:\n" + dump_stack(c, t, stack);
  return out;
}

std::string lock_nesting(const ReportContext& c) {
  const std::int64_t t = c.trace.violating_thread;
  const ThreadEvidence* e = thread_of(c, t);
  const HeldLockEvidence* held = e != nullptr ? held_lock(*e, c.evidence.other_object) : nullptr;
  return recursive(c, t, c.evidence.object, held, c.evidence.stack, c.trace.violating_step);
}

std::string bad_unlock(const ReportContext& c) {
  const std::int64_t t = c.trace.violating_thread;
  std::string out = "=====================================\n"
                    "WARNING: bad unlock balance detected!\n"
                    "-------------------------------------\n";
  out += task(c.trace, t) + " is trying to release lock (" + c.evidence.object + ") at:\n" + where(c.evidence.stack) +
         "\nbut there are no more locks to release!\n\nother info that might help us debug this:\n";
  out += held_locks(c, t) + "\nstack backtrace:\n" + dump_stack(c, t, c.evidence.stack);
  return out;
}

std::string sleep_in_atomic(const ReportContext& c) {
  const std::int64_t t = c.trace.violating_thread;
  const ThreadEvidence* e = thread_of(c, t);
  const int spin = e != nullptr ? e->spin_depth : 0, rcu = e != nullptr ? e->rcu_depth : 0;
  std::string out = "BUG: sleeping function called from invalid context at " + where(c.evidence.stack) + "\n";
  out += "in_atomic(): " + std::to_string(spin > 0 ? 1 : 0) + ", irqs_disabled(): 0, non_block: 0, pid: " +
         std::to_string(std::max<std::int64_t>(t, 0)) + ", name: " + comm(c.trace, t) + "\n";
  out += "preempt_count: " + std::to_string(spin) + ", expected: 0\nRCU nest depth: " + std::to_string(rcu) +
         ", expected: 0\n";
  out += held_locks(c, t) + dump_stack(c, t, c.evidence.stack);
  return out;
}

}  // namespace

std::string lockdep_report(const ReportContext& c) {
  std::string out;
  switch (c.trace.violation.verdict) {
    case Verdict::Deadlock: out = deadlock(c); break;
    case Verdict::LockNesting: out = lock_nesting(c); break;
    case Verdict::BadUnlock: out = bad_unlock(c); break;
    default: out = sleep_in_atomic(c); break;
  }
  return out + "\n" + c.trace.violation.check + ": " + c.trace.violation.message + "\n";
}

}  // namespace checker::report
