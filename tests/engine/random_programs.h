// Small random concurrent programs for the DPOR-vs-naive soundness tests: a generator of
// program specs, the interpreter that runs a spec as a Program, and a search that records
// every final state and every violation.
//
// Two profiles. Plain: 2 to 4 threads of 2 to 6 operations over 1 to 3 atomics and up to 2
// spinlocks, with nested critical sections, data choices and assertions. Blocking: the same
// threads, plus everything that makes a thread wait: sleeping locks, trylocks, reader-writer
// locks, waits for a condition on a word (wait_event) or for a lock to be free, RCU read-side
// sections, synchronize_rcu and call_rcu callbacks. Lock-heavy: 2 to 4 threads whose operations
// are mostly short critical sections of one or two spinlocks over 2 to 5 words, some nested,
// some accesses outside any lock, trylocks and waits: the programs where critical sections that
// touch different words commute (the lock-aware search). Nested locks: 2 or 3 threads whose
// critical sections take further locks inside, mostly in one global order (so that the inner
// locks are terminal and the outer sections commute when their data does) and now and then in
// any order (ABBA deadlocks), with trylocks inside sections. Counters: 2 to 4 threads updating
// one or two counter words whose adds may commute (Atomic::let_adds_commute, visible range
// -1..2): blind adds, adds that learn a clamp of the old value, add_unless, beside loads, stores,
// compare-exchanges and short critical sections; a step invariant reads each word through its
// visible range (negative or not). Weak: 2 or 3 threads of 2 to 5 loads, stores,
// fetch-adds, compare-exchanges and fences over 1 to 3 atomics, each with a memory order drawn
// from relaxed to seq_cst, now and then a short critical section or an assertion, explored under
// the C11 memory model (a load's choice of store is a data choice). Weak vars: the same over 1
// or 2 atomics and 1 or 2 Vars: READ_ONCE / WRITE_ONCE (Var::read_once / write_once, relaxed
// under C11), data_race() reads, plain reads and writes (alone, or inside a short critical
// section where they race with nothing), the kernel's barriers as fences, and atomic flags with
// memory orders; a plain access that races is a data-race violation. Fences: 3 threads (now and
// then 2) of 2 to 4 kernel operations (kernel_order.h) over 2 or 3 atomics, several seq_cst fences
// per thread: smp_mb, fully ordered value-returning atomics (xchg, atomic_fetch_add, cmpxchg:
// a fence on each side), READ_ONCE / WRITE_ONCE whose floors observe what the fences passed on,
// smp_load_acquire / smp_store_release flags, smp_rmb / smp_wmb, now and then a short critical
// section or an assertion, under the C11 memory model (the races between fences, observed and
// not, FenceObservers in weak_memory.h). Weak locks: 2 or 3 threads over 3 atomics, a Var and one
// spinlock, each thread one or two relaxed accesses (mostly stores), a short critical section
// (one or two accesses: an atomic's load, store or fetch-add with a memory order, or the Var's
// plain read or write), one or two relaxed accesses (mostly loads), now and then a second
// section; READ_ONCE / WRITE_ONCE of the Var and smp_mb now and then outside: the message-passing
// shape, under the C11 memory model, in which a later load can tell which of two sections that
// share no data ran first through a stale read, or touches other words and cannot
// (section_observers.h). Weak counters: 2 or 3 threads of 2 to 4 operations on one
// or two words whose adds commute (visible range -1..2) under the C11 memory model: relaxed void
// adds (folio_get's atomic_inc), fully ordered adds (smp_mb, relaxed add, smp_mb: folio_put) and
// add_unless (folio_try_get), seq_cst clamped adds, relaxed and acquire loads of the counters that
// observe the adds' order or not, a flag word with release / acquire, plain and marked accesses
// of a Var whose races the adds' synchronisation hides or not, seq_cst fences and assertions (the
// adds' races, observed and not: weak_adds.h). A seed always gives the same spec.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "checker/explore.h"

namespace random_programs {

enum class Profile { Plain, Blocking, LockHeavy, NestedLocks, Counters, Weak, WeakVars, Fences, WeakLocks, WeakCounters };

enum class OpType {
  Load, Store, FetchAdd, Cmpxchg, ChooseStore, Assert, Locked,  // plain
  SleepLocked, TryLocked, AwaitValue, WaitLockFree, RcuRead, Synchronize, CallRcu,  // blocking
  ReadLocked, WriteLocked,
  Add, AddClamped, SubClamped, AddUnless,  // counters
  Fence,  // weak
  VarRead, VarWrite, VarReadOnce, VarWriteOnce, VarReadRacy,  // weak vars
  FullXchg, FullFetchAdd, FullCmpxchg,  // fences: fully ordered, a seq_cst fence on each side
  FullAdd, FullAddUnless,               // weak counters: folio_put's and folio_try_get's shapes
};

struct Op {
  OpType type = OpType::Load;
  int obj = 0;
  int value = 0;
  int lock = 0;
  int lo = 0, hi = 0;  // AddClamped, SubClamped: what the caller learns of the old value
  checker::MemoryOrder order = checker::MemoryOrder::SeqCst;  // weak: the access's or fence's order
  std::vector<Op> body;  // Locked, SleepLocked, TryLocked, RcuRead, ReadLocked, WriteLocked: the section
};

struct Spec {
  Profile profile = Profile::Plain;
  int objects = 1;
  int vars = 0;  // weak vars: Var<int> words (Op::obj picks one for the Var ops)
  int counters = 0;  // weak counters: the first `counters` words let their adds commute
  int locks = 0;
  int initial = 0;  // every word's initial value
  std::vector<std::vector<Op>> threads;
};

Spec generate(std::uint64_t seed, Profile profile = Profile::Plain);

struct Outcome {
  std::set<std::string> finals;
  std::set<std::string> violations;
  checker::Report report;
};

// The spec as a program; each final state it reaches is added to `finals` (thread-safe).
checker::Program program_of(const Spec& spec, std::set<std::string>& finals);

// Explores the spec collecting every violation (stop_on_violation off) under `bounds`
// (strategy and any other setting the caller wants).
Outcome explore_all(const Spec& spec, checker::Bounds bounds);

}  // namespace random_programs
