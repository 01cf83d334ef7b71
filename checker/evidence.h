// What a report of a counterexample needs beyond its trace: where each thread was, in the
// model's function names (shadow_stack.h), at every step and at the end; the history of the heap
// object a memory-safety violation is about (allocated, retired, freed: by whom, where); the
// locks each thread held; what each blocked thread waits for; and what the failing check named
// as its subject (the earlier access of a data race, the lock of a lock misuse).
//
// Built from an execution that recorded its stacks (ExecutionConfig::record_stacks), which only
// the replay of a counterexample does: the search never pays for it. Thread ids and step numbers
// are the trace's (trace_of), so evidence and trace of one execution index each other.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/trace.h"

namespace checker {

class Execution;

// Function names, outermost first; the innermost is where the operation is.
using CallStack = std::vector<std::string>;

struct HeldLockEvidence {
  std::string lock;        // object name ("ci[0].lock")
  std::string lock_class;  // lockdep's class ("ci->lock")
  int subclass = 0;
  std::int64_t step = -1;  // the acquire's step; -1: taken in setup
  CallStack stack;         // where it was taken
};

struct ThreadEvidence {
  std::string name;
  int cpu = 0;
  bool finished = false;
  // Unfinished at the end and its next operation cannot run (a deadlock's threads).
  bool blocked = false;
  // The operation the thread would run next (when unfinished): op kind, object, and what it
  // waits for when blocked ("ci[0].lock (held by zap)").
  std::string pending_op;
  std::string pending_object;
  std::string waits_for;
  std::int64_t waits_for_thread = -1;  // blocked on a lock: its holder
  CallStack stack;  // where the thread is at the end (blocked: at its pending operation)
  std::vector<HeldLockEvidence> held;  // in the order taken
  int spin_depth = 0;  // spinlocks and rwlocks held (atomic context)
  int rcu_depth = 0;   // RCU read-side nesting
};

// One point in a heap object's life.
struct HeapEventEvidence {
  std::int64_t thread = -1;  // -1: the setup
  std::int64_t step = -1;    // -1: in setup, before step 0
  CallStack stack;
};

struct HeapEvidence {
  std::string object;  // the heap object's name
  HeapEventEvidence allocated;
  std::optional<HeapEventEvidence> retired;  // kfree_rcu / call_rcu
  std::optional<HeapEventEvidence> freed;
};

struct Evidence {
  std::vector<CallStack> step_stacks;   // per trace event: the stack of its operation
  std::vector<ThreadEvidence> threads;  // per trace thread id
  // The failing check's subject (ViolationSubject), names and steps resolved:
  std::string object;            // the object accessed, or the lock taken or released
  std::string other_object;      // lock nesting: the lock of the same class already held
  std::int64_t other_step = -1;  // data race: the earlier access it races with
  std::optional<HeapEvidence> heap;  // use after free, double free
  // The failing operation never became an event (refused before it ran: an unlock of a lock not
  // held, a sleeping lock in atomic context, a failed assertion between operations): its
  // description, and where it was. For every other thread-raised violation `stack` is the
  // violating step's.
  bool refused = false;
  std::string refused_op;
  bool at_quiescence = false;  // an invariant checked once every thread had finished
  CallStack stack;  // the violating thread's stack at the violation (empty: none, a deadlock)
};

// Requires an execution run with ExecutionConfig::record_stacks.
Evidence evidence_of(const Execution& ex);

// The innermost function of a stack, or "" for an empty one.
std::string innermost(const CallStack& s);

}  // namespace checker
