// Atomic adds that commute (the idea of Nidhugg's observers, Aronis, Jonsson, Lang, Sagonas,
// "Optimal dynamic partial order reduction with observers", TACAS 2018, for fetch-add): two
// adds on one word reach the same value in either order, so they need not be reordered unless
// something tells the orders apart. What can: the value each add returns, every other access of
// the word (a load, a store, a compare-exchange), and whatever reads the word without an event
// (step invariants, the model's own peeks).
//
// A word opts in with the range of values the rest of the model may distinguish: it promises
// that everything that reads it without an event, and everything its adds' callers learn,
// depends on the value only through its clamp to that range (a folio's reference count: -1 to
// nr, so 0, "fewer than the swap cache holds" and "at least that" stay visible). Each add says
// what its caller learns of the old value, again a clamp ([lo, hi]; lo == hi: nothing).
//
// The adds between two other accesses of the word form a segment. An add joins the current
// segment, and is then independent of the segment's other adds for race analysis, when in every
// order of the segment's adds that keeps each thread's own adds in program order, every value
// the word passes through has the clamp the segment's start value has, and every add's old value
// has the clamp it had. Each thread's adds in the segment form a chain; the values the word can
// take are its start value plus a prefix sum of every chain, so the condition is checked on the
// sum of the chains' smallest and largest prefix sums (a superset of the orders that can happen,
// so the check is sufficient). An add that does not fit is ordered after the whole segment, like
// any other access, and a new segment starts after it.
//
// The hb relation this gives is fixed by the events before each add (a prefix of an execution
// decides its own adds), is the same for every linearization (each linearization's segments hold
// the same adds, with each thread's chain in order, so every add fits again), and only grows more
// ordered when adds are inserted (the bounds only widen), which is what optimal DPOR needs of a
// happens-before assignment (Abdulla et al., JACM 2017, section 3). Only race analysis uses it:
// sleep sets and wakeup trees order every two adds of a word (EventDesc::dependent), which is
// conservative (they may explore more, never less).
//
// For the data-race detector an add in a segment synchronises with the segment's start only,
// and the next other access of the word with every add of the segment: the adds of one segment
// are unordered, as they are for the search.
//
// Under the C11 memory model the adds run as real read-modify-writes and their events carry no
// commuting_add: the segment decides only which of them race analysis may leave unordered, and
// weak_adds.h what else must hold (nothing observed their order).
#pragma once

#include <cstdint>
#include <vector>

#include "checker/types.h"
#include "checker/vector_clock.h"

namespace checker {

class CommutingAdds {
 public:
  CommutingAdds(std::int64_t visible_lo, std::int64_t visible_hi) : visible_lo_(visible_lo), visible_hi_(visible_hi) {}

  // An add of `delta` by `thread` to a word holding `old`, whose caller learns clamp(old, lo,
  // hi): true when it joins the current segment, false when it must be ordered after it (the
  // segment then ends, and the next one starts after this add).
  bool join(ThreadId thread, std::int64_t old, std::int64_t delta, std::int64_t lo, std::int64_t hi);
  // Any other access of the word: the segment ends.
  void close() {
    adds_.clear();
    chains_.clear();
  }
  bool open() const { return !adds_.empty(); }
  // Whether an add would join the segment as it stands (nothing changes).
  bool would_join(ThreadId thread, std::int64_t old, std::int64_t delta, std::int64_t lo, std::int64_t hi) const {
    CommutingAdds copy = *this;
    return copy.join(thread, old, delta, lo, hi);
  }
  std::int64_t visible_lo() const { return visible_lo_; }
  std::int64_t visible_hi() const { return visible_hi_; }
  // What the adds of the open segment released (the data-race detector's clocks).
  VectorClock& released() { return released_; }

 private:
  struct Chain {
    ThreadId thread = kNoThread;
    std::int64_t sum = 0, low = 0, high = 0;  // of the thread's adds so far: total, smallest and largest prefix sum
  };
  struct Add {
    std::size_t chain = 0;
    std::int64_t before = 0;  // the thread's prefix sum before this add
    std::int64_t lo = 0, hi = 0;
  };
  bool fits() const;

  std::int64_t visible_lo_, visible_hi_;
  std::int64_t start_ = 0;  // the value when the segment began
  std::vector<Chain> chains_;
  std::vector<Add> adds_;
  VectorClock released_;
};

}  // namespace checker
