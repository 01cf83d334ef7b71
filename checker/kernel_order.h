// The Linux kernel's ordering primitives (the LKMM, tools/memory-model) mapped onto the memory
// orders of Atomic<T> and fence() (weak_memory.h). A model written with these reads like the
// kernel and runs unchanged in both memory models: under MemoryModel::Sc every one of them is a
// sequentially consistent access (a fence is nothing), under MemoryModel::C11 they order as
// follows.
//
//   READ_ONCE / WRITE_ONCE, atomic_read / atomic_set   relaxed load / store (of an Atomic, or of
//                                                       a Var: its marked access, var.h)
//   smp_load_acquire / smp_store_release               acquire load / release store
//   rcu_dereference / rcu_assign_pointer               acquire load / release store (the kernel
//                                                       orders a dereference by its address
//                                                       dependency; an acquire orders more)
//   smp_mb, smp_mb__before_atomic, smp_mb__after_atomic,
//   smp_mb__after_spinlock                             seq_cst fence (an event)
//   smp_rmb                                            acquire fence (no event)
//   smp_wmb                                            release fence (no event)
//   value-returning atomics (xchg, cmpxchg, atomic_*_return, atomic_fetch_*, test_and_set_bit,
//   atomic_dec_and_test ...)                           fully ordered: seq_cst fence, relaxed
//                                                       read-modify-write, seq_cst fence; a
//                                                       failed cmpxchg skips the second fence
//   atomic_add_unless                                   fully ordered when it adds; one that
//                                                       reads `unless` first is unordered
//   refcount_add_not_zero (refcount_inc_not_zero)       relaxed read-modify-write (a control
//                                                       dependency only, which the search's
//                                                       missing load buffering gives anyway)
//   their _relaxed / _acquire / _release forms          that order, no fence
//   void atomics (atomic_add, atomic_inc, set_bit ...)  relaxed read-modify-write
//   spin_lock / spin_unlock                             SpinLock (lock.h): acquire / release
//
// Where this disagrees with the LKMM is listed in checker/README.md ("Kernel orderings").
#pragma once

#include <source_location>

#include "checker/atomic.h"
#include "checker/var.h"
#include "checker/weak_memory.h"

namespace checker::lkmm {

using Loc = std::source_location;

template <class T>
T read_once(Atomic<T>& a, Loc loc = Loc::current()) {
  return a.load(MemoryOrder::Relaxed, loc);
}
template <class T>
void write_once(Atomic<T>& a, T v, Loc loc = Loc::current()) {
  a.store(v, MemoryOrder::Relaxed, loc);
}
// Of plain data (a Var): Var::read_once / write_once, relaxed under C11 as well.
template <class T>
T read_once(Var<T>& v, Loc loc = Loc::current()) {
  return v.read_once(loc);
}
template <class T>
void write_once(Var<T>& v, T value, Loc loc = Loc::current()) {
  v.write_once(std::move(value), loc);
}
template <class T>
T smp_load_acquire(Atomic<T>& a, Loc loc = Loc::current()) {
  return a.load(MemoryOrder::Acquire, loc);
}
template <class T>
void smp_store_release(Atomic<T>& a, T v, Loc loc = Loc::current()) {
  a.store(v, MemoryOrder::Release, loc);
}
template <class T>
T rcu_dereference(Atomic<T>& a, Loc loc = Loc::current()) {
  return a.load(MemoryOrder::Acquire, loc);
}
template <class T>
void rcu_assign_pointer(Atomic<T>& a, T v, Loc loc = Loc::current()) {
  a.store(v, MemoryOrder::Release, loc);
}

inline void smp_mb(Loc loc = Loc::current()) { fence(MemoryOrder::SeqCst, loc); }
inline void smp_rmb(Loc loc = Loc::current()) { fence(MemoryOrder::Acquire, loc); }
inline void smp_wmb(Loc loc = Loc::current()) { fence(MemoryOrder::Release, loc); }
inline void smp_mb__before_atomic(Loc loc = Loc::current()) { fence(MemoryOrder::SeqCst, loc); }
inline void smp_mb__after_atomic(Loc loc = Loc::current()) { fence(MemoryOrder::SeqCst, loc); }
inline void smp_mb__after_spinlock(Loc loc = Loc::current()) { fence(MemoryOrder::SeqCst, loc); }

// atomic_add_unless (folio_try_get's page_ref_add_unless, ...): true when it added, fully ordered
// then; when it finds `unless` it is not ordered at all (Documentation/atomic_t.txt). The kernel's
// generic atomic_fetch_add_unless (include/linux/atomic/atomic-arch-fallback.h) is an atomic_read
// that gives up on `unless`, then a fully ordered try_cmpxchg loop: the C11 model runs that read
// (relaxed, so it may read an older store, and a give-up there orders nothing), then the full
// fence, the add (Atomic::add_unless, relaxed: the loop's retries collapse into the one
// read-modify-write that reads the latest store) and the second fence. An add that finds
// `unless` after the read did not keeps the first fence, as a failed cmpxchg does here. Under Sc
// the read would be an event that decides nothing, so only the add runs.
template <class T>
bool atomic_add_unless_rmw(Atomic<T>& a, T add, T unless, Loc loc = Loc::current());
template <class T>
bool atomic_add_unless(Atomic<T>& a, T add, T unless, Loc loc = Loc::current()) {
  if (a.execution().memory_model() == MemoryModel::C11 && read_once(a, loc) == unless) return false;
  return atomic_add_unless_rmw(a, add, unless, loc);
}
// atomic_add_unless past its first read: the fully ordered try_cmpxchg loop alone, for a caller
// that retries where the kernel's loop would spin on a stale read (folio_try_get_retry).
template <class T>
bool atomic_add_unless_rmw(Atomic<T>& a, T add, T unless, Loc loc) {
  smp_mb(loc);
  if (!a.add_unless(add, unless, MemoryOrder::Relaxed, MemoryOrder::Relaxed, loc)) return false;
  smp_mb(loc);
  return true;
}

// Fully ordered value-returning atomics: the old value (xchg, atomic_fetch_add, ...). Each is
// its relaxed read-modify-write between two full fences.
template <class Op>
auto fully_ordered(Loc loc, Op relaxed_rmw) {
  smp_mb(loc);
  const auto old = relaxed_rmw();
  smp_mb(loc);
  return old;
}
template <class T>
T xchg(Atomic<T>& a, T v, Loc loc = Loc::current()) {
  return fully_ordered(loc, [&] { return a.exchange(v, MemoryOrder::Relaxed, loc); });
}
// cmpxchg: returns the value found; it stored `desired` when that equals `old`.
template <class T>
T cmpxchg(Atomic<T>& a, T old, T desired, Loc loc = Loc::current()) {
  smp_mb(loc);
  T found = old;
  if (a.compare_exchange(found, desired, MemoryOrder::Relaxed, loc)) {
    smp_mb(loc);
    return old;
  }
  return found;  // a failed cmpxchg is not ordered after
}
// atomic_try_cmpxchg: true when it stored `desired`; otherwise `old` receives the value found.
template <class T>
bool try_cmpxchg(Atomic<T>& a, T& old, T desired, Loc loc = Loc::current()) {
  smp_mb(loc);
  if (!a.compare_exchange(old, desired, MemoryOrder::Relaxed, loc)) return false;
  smp_mb(loc);
  return true;
}
template <class T>
T atomic_fetch_add(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return fully_ordered(loc, [&] { return a.fetch_add(d, MemoryOrder::Relaxed, loc); });
}
template <class T>
T atomic_add_return(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return static_cast<T>(atomic_fetch_add(a, d, loc) + d);
}
template <class T>
T atomic_fetch_or(Atomic<T>& a, T m, Loc loc = Loc::current()) {
  return fully_ordered(loc, [&] { return a.fetch_or(m, MemoryOrder::Relaxed, loc); });
}
template <class T>
T atomic_fetch_and(Atomic<T>& a, T m, Loc loc = Loc::current()) {
  return fully_ordered(loc, [&] { return a.fetch_and(m, MemoryOrder::Relaxed, loc); });
}
template <class T>
T atomic_fetch_sub(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return fully_ordered(loc, [&] { return a.fetch_sub(d, MemoryOrder::Relaxed, loc); });
}
template <class T>
T atomic_sub_return(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return static_cast<T>(atomic_fetch_sub(a, d, loc) - d);
}
// atomic_dec_and_test: true when the count reached zero.
template <class T>
bool atomic_dec_and_test(Atomic<T>& a, Loc loc = Loc::current()) {
  return atomic_add_return(a, static_cast<T>(-1), loc) == 0;
}
// test_and_clear_bit: the bit's old value (fully ordered, as every value-returning atomic).
template <class T>
bool test_and_clear_bit_mask(Atomic<T>& a, T m, Loc loc = Loc::current()) {
  return (atomic_fetch_and(a, static_cast<T>(~m), loc) & m) != 0;
}
// test_and_set_bit: the bit's old value.
template <class T>
bool test_and_set_bit(Atomic<T>& a, int bit, Loc loc = Loc::current()) {
  const T m = static_cast<T>(T{1} << bit);
  return (atomic_fetch_or(a, m, loc) & m) != 0;
}

// The ordered forms of a value-returning atomic, without the full fences.
template <class T>
T atomic_fetch_add_relaxed(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return a.fetch_add(d, MemoryOrder::Relaxed, loc);
}
template <class T>
T atomic_fetch_add_acquire(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return a.fetch_add(d, MemoryOrder::Acquire, loc);
}
template <class T>
T atomic_fetch_add_release(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return a.fetch_add(d, MemoryOrder::Release, loc);
}
template <class T>
T atomic_fetch_sub_relaxed(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return a.fetch_sub(d, MemoryOrder::Relaxed, loc);
}
template <class T>
T xchg_relaxed(Atomic<T>& a, T v, Loc loc = Loc::current()) {
  return a.exchange(v, MemoryOrder::Relaxed, loc);
}
template <class T>
T xchg_acquire(Atomic<T>& a, T v, Loc loc = Loc::current()) {
  return a.exchange(v, MemoryOrder::Acquire, loc);
}
template <class T>
T xchg_release(Atomic<T>& a, T v, Loc loc = Loc::current()) {
  return a.exchange(v, MemoryOrder::Release, loc);
}

// Void atomics: unordered read-modify-writes.
template <class T>
T atomic_read(Atomic<T>& a, Loc loc = Loc::current()) {
  return read_once(a, loc);
}
template <class T>
void atomic_set(Atomic<T>& a, T v, Loc loc = Loc::current()) {
  write_once(a, v, loc);
}
template <class T>
void atomic_add(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  a.add(d, MemoryOrder::Relaxed, loc);  // an add that may commute (Atomic::let_adds_commute)
}
template <class T>
void atomic_inc(Atomic<T>& a, Loc loc = Loc::current()) {
  atomic_add(a, T{1}, loc);
}
template <class T>
void atomic_dec(Atomic<T>& a, Loc loc = Loc::current()) {
  atomic_add(a, static_cast<T>(-1), loc);
}
// atomic_or / atomic_and (atomic_long_or ...): the void bitwise forms, a relaxed fetch_or /
// fetch_and whose old value is dropped.
template <class T>
void atomic_or(Atomic<T>& a, T m, Loc loc = Loc::current()) {
  (void)a.fetch_or(m, MemoryOrder::Relaxed, loc);
}
template <class T>
void atomic_and(Atomic<T>& a, T m, Loc loc = Loc::current()) {
  (void)a.fetch_and(m, MemoryOrder::Relaxed, loc);
}
template <class T>
void set_bit(Atomic<T>& a, int bit, Loc loc = Loc::current()) {
  (void)a.fetch_or(static_cast<T>(T{1} << bit), MemoryOrder::Relaxed, loc);
}
template <class T>
void clear_bit(Atomic<T>& a, int bit, Loc loc = Loc::current()) {
  (void)a.fetch_and(static_cast<T>(~(T{1} << bit)), MemoryOrder::Relaxed, loc);
}

// --- Helpers for the swap model's remaining lockless words (issue 15 item 3) ---------------------

// refcount_add_not_zero / refcount_inc_not_zero (lib/refcount.c, include/linux/refcount.h): adds
// unless the count is 0, a relaxed read and a relaxed try_cmpxchg loop in the kernel.
// Documentation/core-api/refcount-vs-atomic.rst lists these inc_not_zero operations as giving,
// where the atomic_t form is fully ordered, only a control dependency when they succeed (later
// stores stay after them): the search never runs a load after a later store of its thread (no
// load buffering), so a relaxed read-modify-write gives that already. The kernel's first read may
// read an older store, but 0 is final for a refcount (nothing adds to it again), so an older 0
// is the latest store and the one read-modify-write fails exactly when the kernel's loop does.
template <class T>
bool refcount_add_not_zero(Atomic<T>& a, T add, Loc loc = Loc::current()) {
  return a.add_unless(add, T{0}, MemoryOrder::Relaxed, MemoryOrder::Relaxed, loc);
}

// this_cpu_add (this_cpu_inc / this_cpu_dec): a per-CPU add, atomic against interrupts on its
// own CPU and unordered. Returns the old value, for the model's checks only.
template <class T>
T this_cpu_add(Atomic<T>& a, T d, Loc loc = Loc::current()) {
  return a.fetch_add(d, MemoryOrder::Relaxed, loc);
}

// rcu_dereference / rcu_assign_pointer of a word that is plain data (a Var): the XArray slots
// xa_load and xas_store read and publish. The dereference is the Var's marked read followed by
// an acquire fence (smp_rmb's), and the assignment a release fence (smp_wmb's) before its marked
// store: the kernel orders the reader by the address dependency of what it then reads through
// the entry (consume), which the engine does not model and takes as an acquire, as for an
// Atomic above. Under Sc both are the marked access alone (the fences are nothing).
template <class T>
T rcu_dereference(Var<T>& v, Loc loc = Loc::current()) {
  T value = v.read_once(loc);
  smp_rmb(loc);
  return value;
}
template <class T>
void rcu_assign_pointer(Var<T>& v, T value, Loc loc = Loc::current()) {
  smp_wmb(loc);
  v.write_once(std::move(value), loc);
}

}  // namespace checker::lkmm
