// The closed set of outcomes an execution can end in. Every check in the engine and every
// invariant the model registers maps to exactly one of these.
#pragma once

#include <optional>
#include <string>
#include <vector>
#include <string_view>

namespace checker {

enum class Verdict {
  Pass,             // no violation in the executions explored
  Assertion,        // a check() in model code failed
  Precondition,     // an operation was called outside its documented context
  Invariant,        // a registered safety invariant failed
  Hint,             // a registered advisory invariant failed (a stale hint, not a safety bug)
  Deadlock,         // unfinished threads, none enabled
  NonTermination,   // a thread exceeded its step bound
  UseAfterFree,     // access to a freed tracked object
  DoubleFree,       // a tracked object freed twice
  BadUnlock,        // unlock of a lock the thread does not hold
  SleepInAtomic,    // a sleeping lock or synchronize_rcu under a spinlock or in an RCU section
  LockNesting,      // same lock class taken twice without a declared nesting level
  DataRace,         // conflicting plain accesses not ordered by happens-before
  Nondeterminism,   // a replay diverged from its recorded events
};

const char* verdict_name(Verdict v);
std::optional<Verdict> verdict_from_name(std::string_view name);

// A violation as found: what class, which named check (an invariant's name, or the engine
// check's own name), and a human sentence.
struct Violation {
  Verdict verdict = Verdict::Pass;
  std::string check;
  std::string message;
};

// Appends v to `all` unless a violation with the same verdict, check and message is there.
void add_distinct(std::vector<Violation>& all, const Violation& v);

}  // namespace checker
