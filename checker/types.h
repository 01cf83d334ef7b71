// The engine's vocabulary: thread and object identities, the kinds of instrumented operation,
// and the access descriptor that partial-order reduction reads to decide dependence.
//
// Identities are stable across executions of one exploration: initial threads are numbered in
// spawn order, objects made by the setup in construction order, and anything created while the
// model runs (RCU callback threads, heap objects, primitives inside them) by the pair (creating
// thread, its creation counter). Stateless exploration depends on this: a wakeup sequence
// recorded in one execution names threads and objects of the next one.
#pragma once

#include <cstdint>
#include <limits>

namespace checker {

using ThreadId = std::uint32_t;
using ObjectId = std::uint32_t;

inline constexpr ThreadId kNoThread = std::numeric_limits<ThreadId>::max();
inline constexpr ObjectId kNoObject = std::numeric_limits<ObjectId>::max();

// Sub-object selector of an access. Most objects have one cell (sub 0). The RCU domain has one
// cell per thread (its reader state); grace-period events read every cell at once (kAllCells).
inline constexpr std::uint16_t kAllCells = 0xffff;

enum class AccessMode : std::uint8_t { Read, Write };

// When a conditional update writes its object: a compare-exchange if the value equals the
// compared one, add_unless if it does not, a trylock if the lock is free. Anything else that
// writes, always.
enum class UpdateIf : std::uint8_t { Always, Equal, NotEqual, LockFree };

// An await's race with a write of something other than a word its condition reads (the heap
// object the word lives in) is reversed at the write itself, as any race.
inline constexpr std::uint32_t kReverseInPlace = std::numeric_limits<std::uint32_t>::max() - 1;

// One object touched by an event. Two accesses conflict when they name the same object, the
// same cell (or one names every cell) and at least one writes.
struct Access {
  ObjectId obj = kNoObject;
  std::uint16_t cell = 0;
  AccessMode mode = AccessMode::Read;

  bool valid() const { return obj != kNoObject; }
  bool conflicts(const Access& o) const {
    if (!valid() || obj != o.obj) return false;
    if (cell != o.cell && cell != kAllCells && o.cell != kAllCells) return false;
    return mode == AccessMode::Write || o.mode == AccessMode::Write;
  }
};

enum class OpKind : std::uint8_t {
  ThreadStart,
  AtomicLoad,
  AtomicStore,
  AtomicRmw,
  AtomicCmpxchg,
  VarRead,
  VarWrite,
  VarReadOnce,   // a marked read of a Var (READ_ONCE): races only with plain writes
  VarWriteOnce,  // a marked write of a Var (WRITE_ONCE): races only with plain accesses
  VarReadRacy,   // a data_race() read of a Var: races with nothing
  LockAcquire,
  LockTry,
  LockRelease,
  RcuReadLock,
  RcuReadUnlock,
  RcuSyncStart,
  RcuGraceWait,
  RcuRetire,
  HeapAlloc,
  HeapFree,
  HeapAccess,
  Custom,
  Fence,  // a seq_cst fence (C11 memory model only)
};

const char* op_kind_name(OpKind k);

// What partial-order reduction needs to know about one event (executed or pending): who does
// it, what it touches, and the two facts about blocking operations that make a race
// non-reversible (see race_analysis.cpp).
struct EventDesc {
  ThreadId thread = kNoThread;
  OpKind kind = OpKind::ThreadStart;
  // An await: a wait for a condition on the words it reads (wait_event, a wait for a lock to be
  // free). Its race with the write that satisfied the condition cannot be reversed there; it is
  // reversed at period_start, the latest earlier write before which the condition already held
  // (kNone-like ~0u: before none of them).
  bool await = false;
  // A read_lock or read_unlock of an RwLock: readers do not block readers.
  bool shared = false;
  // A conditional update (update_if) that failed: it read its object and changed nothing, so it
  // conflicts with writes only, and failed ones do not conflict with each other (as GenMC treats
  // a failed CAS). Pending, an update is declared as succeeding; the event is what it turns out
  // to be once it runs, and race analysis works out what a racing update moved earlier becomes.
  bool failed_update = false;
  // An add that joined its word's segment of commuting adds (commuting_adds.h): race analysis
  // does not order it against the segment's other adds. Set once the add has run; everything
  // else (sleep sets, wakeup trees) treats it as the write it is.
  bool commuting_add = false;
  // An add on a word whose adds may commute: what it adds, and the clamp [add_lo, add_hi] of the
  // old value its caller learns. Declared with the event (commuting_adds.h).
  bool commutable = false;
  UpdateIf update_if = UpdateIf::Always;
  std::int32_t add_delta = 0, add_lo = 0, add_hi = 0;
  std::uint64_t compare = 0;  // Equal, NotEqual: the value compared with
  Access acc[2];
  // For a LockRelease: index (in the execution) of the acquire that took the lock while it was
  // free, i.e. the start of the holding period this release belongs to. The race between this
  // release and a later acquire is reversed at that point, where the lock is free. For an
  // await: where its race with the last write of acc[0]'s word is reversed (see `await`), and
  // in second_start, of acc[1]'s.
  std::uint32_t period_start = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t second_start = std::numeric_limits<std::uint32_t>::max();

  // Whether one of this event's accesses conflicts with `a`.
  bool dependent_on(const Access& a) const { return access(0).conflicts(a) || access(1).conflicts(a); }

  // A failed update's own access, read as the read it was.
  Access access(int k) const {
    Access a = acc[k];
    if (k == 0 && failed_update) a.mode = AccessMode::Read;
    return a;
  }

  bool dependent(const EventDesc& o) const {
    if (thread == o.thread) return true;
    for (int k = 0; k < 2; ++k)
      for (int l = 0; l < 2; ++l)
        if (access(k).conflicts(o.access(l))) return true;
    return false;
  }

  // Dependence for race analysis: the same, except that two commuting adds of one segment do not
  // conflict on their word.
  bool races_with(const EventDesc& o) const {
    if (thread == o.thread) return true;
    for (int k = 0; k < 2; ++k)
      for (int l = 0; l < 2; ++l)
        if (access(k).conflicts(o.access(l)) && !(k == 0 && l == 0 && commuting_add && o.commuting_add)) return true;
    return false;
  }
};

}  // namespace checker
