// Commuting adds under the C11 memory model (checker/README.md, "Commuting adds"): which adds of
// a word whose adds may commute (Atomic::let_adds_commute) race analysis may leave unordered.
//
// Under C11 an add is a real read-modify-write: it reads the latest store, goes last in
// modification order and synchronises as its order says. Two orders A,B and B,A of adds of
// one segment (the adds between two other accesses of the word, whose clamps fit:
// commuting_adds.h) differ in three things:
//   1. the values the adds learn: the segment's clamp condition makes them the same;
//   2. the intermediate stores in modification order (s+a against s+b): a later load, or a store
//      that is not a read-modify-write, of the word whose floor lets it read or be placed among
//      them tells the orders apart. One by a thread that has seen (happens-before or fence
//      view, as WeakLocation::floor counts it) every add of the segment cannot: in every order
//      its floor is at or above the segment's last store. "Its floor was at the top" is not
//      enough: the order itself moves floors (a thread that saw only B is at the top in A,B and
//      in the middle in B,A);
//   3. what each add's read releases to its thread: in A,B thread T2 takes A's release (if A
//      releases, or follows a release fence of T1), in B,A T1 takes B's. The segment's last
//      store carries every add's release in any order, so what reads it is the same. Let D be,
//      over every two adds p, n of different threads, what n's store releases that p's thread
//      had not seen before its add, nor the segment's start store released, and the same the
//      other way round: with the same schedule and picks, every clock and view of the two
//      orders differs only on events of D (they enter only through the adds' reads, and pass
//      on through releases). Clocks and views decide only floors (WeakLocation::floor) and the
//      data-race checks of Var accesses; a floor of word w, or a check of Var v, differs only
//      if an event of D (of a thread other than the deciding one: a thread always sees its own
//      events) touched w or v. Unlike the fences' gains (FenceObservers) both directions count:
//      a larger clock hides a data race, and a race ends its thread, so the order with more is
//      not a subset of the order with less.
// So the tracker keeps each segment's adds and the words D touched (by origin thread, from the
// GainWatch log, where Var accesses are logged too), and records every floor-deciding access
// and every race-checked Var access (position, thread, word). A segment is observed when an
// access of its word by a thread that has not seen all its adds follows it (2), or when an
// access after its first add, by a thread other than the origin, touches a word of D (3); for
// a floor, only if its thread may have seen such an event in the execution as run: a floor moves
// down in the other order only if its thread lacks there an event it had here (views and clocks
// only raise floors), while a race check counts either way. Race
// analysis leaves two adds of one unobserved segment unordered (no race, no happens-before
// edge, as for unobserved fences); an execution cut short has no unobserved segment.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/types.h"
#include "checker/vector_clock.h"
#include "checker/weak_memory.h"

namespace checker {

class Execution;

// C11: the add of a word whose adds may commute, by the running thread of `ex`: a
// read-modify-write like any other (it reads the latest store, synchronises as `o` says and
// writes v last in modification order), recorded in the word's segment when `joins` (its clamps
// fit: CommutingAdds::join), or ending the segment otherwise.
void weak_commuting_add(Execution& ex, WeakLocation& w, std::uint64_t v, MemoryOrder o, bool joins);

class WeakAdds {
 public:
  // The add at `pos` by thread t (its clock entry `epoch`) of the weak word `word` joined the
  // word's segment: `hb` and `view` are its thread's before it read, `read` the store it read
  // and `wrote` the store it wrote; `log` holds the weak and Var accesses so far.
  // `threads`: the execution's threads so far.
  void add(const GainWatch& log, ThreadId threads, std::uint32_t pos, const void* word, ThreadId t,
           std::uint32_t epoch, const VectorClock& hb, const VectorClock& view, const StoreRecord& read,
           const StoreRecord& wrote);
  // Any other access of the word, or an add that did not fit: its segment ends.
  void close(const void* word);
  // An access at `pos` by thread t that a floor decides (a load, a store that is not a
  // read-modify-write; hb and view are the clocks the floor was computed with), or a Var access
  // the data-race detector checks (hb and view null).
  void access(std::uint32_t pos, ThreadId t, const void* word, const VectorClock* hb, const VectorClock* view);
  // Whether the adds at positions a and b belong to one segment of adds of two or more threads
  // that nothing observed (the execution ran to its end).
  bool unordered(std::uint32_t a, std::uint32_t b) const;
  // Whether the add at `pos` belongs to such a segment.
  bool in_unobserved(std::uint32_t pos) const;

 private:
  static constexpr std::uint32_t kNone = ~0u;
  struct Add {
    ThreadId thread;
    std::uint32_t epoch;
    VectorClock had;  // its thread's clock joined with its view, before it read
    VectorClock own;  // what its store released (clock joined with view), empty if nothing
  };
  struct Origin {
    ThreadId thread;  // whose event touched the word
    const void* word;
    std::uint32_t after;  // those events of the thread are above this epoch
  };
  struct Segment {
    const void* word;
    std::uint32_t first;  // position of its first add
    VectorClock start;    // what the store it started from released
    std::vector<Add> adds;
    std::vector<Origin> gained;  // the words D touched
      bool several = false;  // adds of two or more threads
    mutable bool observed = false;
  };
  struct Seen {
    std::uint32_t pos;
    ThreadId thread;
    const void* word;
    bool floor;        // a floor decided it (else a Var's race check)
    VectorClock seen;  // floor: its thread's clock joined with its view then
  };
  void gain(const GainWatch& log, ThreadId threads, Segment& s, const Add& to, const Add& from);
  const Segment* segment_at(std::uint32_t pos) const;
  void judge() const;

  std::vector<Segment> segments_;
  std::vector<std::uint32_t> open_;      // segments_ still open (one per word at most)
  std::vector<std::uint32_t> watching_;  // closed segments of several threads, not yet observed
  std::vector<std::uint32_t> segment_of_;  // by event position: index in segments_, or kNone
  std::vector<Seen> accesses_;             // in order of position
  mutable bool judged_ = false;
};

}  // namespace checker
