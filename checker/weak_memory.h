// Weak memory for Atomic<T>: memory orders, fences, and which store a load reads, in the
// opt-in C11 mode (Bounds::memory_model). The default mode, Sc, ignores every order: each word
// holds one value and every operation reads the latest store, as before this file existed.
//
// The C11 mode is an operational model in the style of Relacy and CDSChecker:
//   - a store takes its place in a word's modification order (mo) after every store of the word
//     its thread has seen (see below), and, among the places left, where the search chooses (a
//     data choice of the store event; choice 0 appends, as sequential consistency does); a
//     read-modify-write goes last, right after the store it read;
//   - a load reads any store of its word that has already run and that coherence does not hide
//     from it: not older than a store or a read of the word its thread has seen. A thread has
//     seen what happens before it (its clock, the data-race detector's happens-before, built by
//     release/acquire pairs, release sequences, release and acquire fences, locks, RCU) and
//     what seq_cst fences showed it (its fence view);
//   - which store it reads is a data choice of the load event (Execution::choose): choice k
//     reads the k-th newest candidate, so choice 0 is the store sequential consistency reads;
//   - read-modify-writes, successful or failed, read the latest store (atomicity);
//   - a seq_cst load reads no store older than the latest seq_cst store of its word (C11 lets it
//     read some older non-seq_cst stores too: not explored);
//   - seq_cst fences are events dependent on each other (they all write one "sc_order"
//     object; race analysis orders two only when a later access observes their order,
//     FenceObservers below): a fence joins its thread's knowledge into a global view and takes that view back,
//     as the Promising semantics does (Kang et al., POPL 2017), which RC11 (Lahav et al., PLDI
//     2017) agrees with on the litmus tests of tests/engine/litmus_test.cpp. Acquire, release and
//     acq_rel fences change only their thread's state and are not scheduling points;
//   - release sequences are those of C++20: a release store and the read-modify-writes after it.
// Not covered: a load never reads a store that has not run yet (load buffering, LB):
// checker/README.md says more.
//
// Why DPOR stays sound: a load's candidates (and a store's places) depend on the stores of its
// word that ran before it and their places (dependent events: their order is fixed in a trace,
// their places are their own data choices), on its thread's clock and fence view
// (changed only by its own events, by the stores it reads, and by seq_cst fences, which are
// ordered with each other unless their order is unobserved: checker/README.md), and on reads of
// the word that happen before it (ordered before it
// in every interleaving). Two independent events therefore commute in every state: the
// candidate set, and with it the data choice, is the same in every interleaving of a trace.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <source_location>
#include <vector>

#include "checker/types.h"
#include "checker/vector_clock.h"

namespace checker {

class Execution;

enum class MemoryModel : std::uint8_t {
  Sc,   // every operation sequentially consistent, orders ignored (the default)
  C11,  // memory orders and fences as described above
};

enum class MemoryOrder : std::uint8_t { Relaxed, Acquire, Release, AcqRel, SeqCst };

inline bool acquires(MemoryOrder o) {
  return o == MemoryOrder::Acquire || o == MemoryOrder::AcqRel || o == MemoryOrder::SeqCst;
}
inline bool releases(MemoryOrder o) {
  return o == MemoryOrder::Release || o == MemoryOrder::AcqRel || o == MemoryOrder::SeqCst;
}

const char* memory_model_name(MemoryModel m);

// One thread's weak-memory state beyond its happens-before clock (ModelThread::clock).
struct ThreadView {
  VectorClock fence_view;  // events whose stores and reads seq_cst fences made visible to it
  // What the stores read by its non-acquire loads released: an acquire fence takes it.
  VectorClock pending_hb, pending_view;
  // At its last release fence: what its later non-release stores release.
  bool fenced = false;
  VectorClock fenced_hb, fenced_view;
};

// One store of a word.
struct StoreRecord {
  std::uint64_t value = 0;
  ThreadId thread = kNoThread;  // kNoThread: the initial value (or a setup store), seen by all
  std::uint32_t epoch = 0;      // the store's event: thread's clock entry at it
  bool sc = false;
  bool rmw = false;       // the write of a read-modify-write: right after the store it read, always
  bool releases = false;  // an acquire reading it synchronises with hb and view
  VectorClock hb, view;
};

// The weak state of one word: its stores (by id, in the order they ran), their modification
// order (ranks), and the reads of them.
class WeakLocation {
 public:
  explicit WeakLocation(std::uint64_t init) { reset(init); }
  // A store outside the threads (setup): the word starts again from v, seen by every thread.
  void reset(std::uint64_t v);
  // The lowest rank in modification order a thread with these clocks may still read, or place
  // a store after: that of the newest store it has seen or seen read (and, seq_cst, of the
  // latest seq_cst store).
  std::uint32_t floor(const VectorClock& hb, const VectorClock& view, bool sc) const;
  std::uint32_t latest_rank() const { return static_cast<std::uint32_t>(mo_.size() - 1); }
  std::uint32_t id_at(std::uint32_t rank) const { return mo_[rank]; }
  const StoreRecord& at(std::uint32_t rank) const { return stores_[mo_[rank]]; }
  // The ranks a new store may take above `floor`, the end (appending) last: not between a
  // read-modify-write and the store it read.
  void store_ranks(std::uint32_t floor, std::vector<std::uint32_t>& out) const;
  void insert(StoreRecord r, std::uint32_t rank);
  void add_read(ThreadId t, std::uint32_t epoch, std::uint32_t id) { reads_.push_back(Read{t, epoch, id}); }

 private:
  struct Read {
    ThreadId thread;
    std::uint32_t epoch;
    std::uint32_t id;  // the store read
  };
  std::vector<StoreRecord> stores_;  // by id: the order they ran
  std::vector<std::uint32_t> mo_;    // ids in modification order
  std::vector<std::uint32_t> rank_;  // by id: its place in mo_
  std::vector<Read> reads_;
  std::uint32_t last_sc_ = 0;  // id of the latest seq_cst store (the initial value counts as one)
};

// The weak accesses of an execution and the gains being watched: what a thread's clock or view
// grew by at a synchronisation (a seq_cst fence, an acquire of a lock ...), as the words that the
// weak accesses within the gain touched. Views act on nothing but floors (WeakLocation::floor),
// so a thread that lacks a gain behaves differently only at a later access whose floor decides
// what it reads or where it goes (a load, a store outside a read-modify-write) of one of those
// words: such an access observes the gain (checker/README.md, "Races between seq_cst fences").
class GainWatch {
 public:
  using Handle = std::uint32_t;
  // A weak access of `word` by thread t at its event numbered `epoch` (its clock entry);
  // `observes`: a floor decided it.
  void access(ThreadId t, std::uint32_t epoch, const void* word, bool observes);
  // Appends to `words`, without repeats, the words of the logged accesses of each thread u whose
  // epoch is above every `had` clock's entry for u and at most gain's: those `gain` covers and
  // none of `had` does.
  void gain_words(const VectorClock& gain, std::initializer_list<const VectorClock*> had,
                  std::vector<const void*>& words) const;
  // Watches `words` from now on; an access by `excluded` (a thread that has the gain itself, or
  // kNoThread) does not observe them. No words: never observed.
  Handle watch(std::vector<const void*> words, ThreadId excluded);
  bool observed(Handle h) const { return watches_[h].observed; }

 private:
  struct Logged {
    std::uint32_t epoch;
    const void* word;
  };
  struct Watch {
    ThreadId excluded;
    bool observed;
    std::vector<const void*> words;
  };
  std::vector<std::vector<Logged>> log_;  // by thread: its weak accesses, in epoch order
  std::vector<Watch> watches_;
  std::vector<Handle> watching_;  // watches not yet observed, with words
};

// Which races between two seq_cst fences need reversing (checker/README.md, "Races between
// seq_cst fences"). Seq_cst fence F2 of thread T2 and an older fence F1 of another thread T1,
// with no fence between them that race analysis orders F2 after: F2's gain from F1 is what the
// global view before F2 covers and neither the global view before F1 nor T2's own view at F2 did
// (the contributions of F1 and of every fence after it). The order F2 first differs only in that
// T2, and every fence run between F2 and F1, lacks (part of) the gain, while the threads of F1 and
// the fences after it take more (which only removes behaviours): it can reach a new behaviour
// only if a later access observes the gain (GainWatch), by any thread but T1 when F1 is the fence
// right before F2 (T1 has that gain itself), by any thread otherwise; race analysis neither races
// nor orders an unobserved pair (nor any pair of an execution cut short, whose later accesses are
// unknown).
class FenceObservers {
 public:
  // The seq_cst fence whose event is at `pos`, of thread t, whose clock and fence view are `hb`
  // and `view` once its acquire half ran, with the global view `global` before it joins it.
  void fence(GainWatch& watch, std::uint32_t pos, ThreadId t, const VectorClock& hb, const VectorClock& view,
             const VectorClock& global);
  // True when the fence at `pos` is judged against the older fence at `older` (one of the
  // kChain latest fences of other threads before it) and no later access observed its gain.
  bool unobserved(const GainWatch& watch, std::uint32_t pos, std::uint32_t older) const;

  static constexpr int kChain = 8;

 private:
  struct Fence {
    std::uint32_t pos;
    ThreadId thread;
    VectorClock before;  // the global view before it joined
  };
  struct Gain {
    std::uint32_t fence;  // F2's event
    std::uint32_t older;  // F1's event
    GainWatch::Handle watch;
  };
  std::vector<Fence> fences_;  // every seq_cst fence so far, in order
  std::vector<Gain> gains_;    // by fence, in order of events
};

// The operations, for the running thread of `ex` (in setup they act at once on the latest value).
// A load: chooses the store it reads among the candidates, synchronises as `o` says, and records
// the step's values (`record`: a Var whose store values are indexes into its own history records
// them itself). Returns the value read.
std::uint64_t weak_load(Execution& ex, WeakLocation& w, MemoryOrder o, bool record = true);
// The read half of a read-modify-write (or of a failed conditional update): reads the latest store.
void weak_read_latest(Execution& ex, WeakLocation& w, MemoryOrder o);
// A store of v; `rmw`: it is the write half of a read-modify-write, which continues the release
// sequence of the store it read (the latest) and goes last in modification order. A plain
// store chooses its place in modification order among those coherence allows (the end first).
// Returns whether it went last (the word's latest value is now v).
bool weak_store(Execution& ex, WeakLocation& w, std::uint64_t v, MemoryOrder o, bool rmw);

// atomic_thread_fence(o). Sc mode: nothing. C11: a seq_cst fence is an event (a scheduling
// point); the others act on the calling thread at once.
void fence(MemoryOrder o, std::source_location loc = std::source_location::current());

}  // namespace checker
