// The critical sections of one finished execution, for lock-aware partial-order reduction
// (the idea of LAPOR: Kokologiannakis, Raad, Vafeiadis, "Effective lock handling in stateless
// model checking", OOPSLA 2019, carried over to sequentially consistent optimal DPOR).
//
// Two critical sections of one lock whose events do not conflict commute: running them in the
// other order reads and writes the same values, so DPOR need not try both. Their acquires and
// releases are then independent for race analysis; the sections of a lock that do conflict stay
// ordered by their lock events as before.
//
// Only leaf sections get this: a section that waits on a word or for a grace period, that takes
// a lock that is not terminal, or that began with a trylock, a reader's read_lock, or is still
// held when the execution ends, conflicts with every other section of its lock. A lock is
// terminal when every section of it in the execution is a leaf (least fixpoint: a lock whose
// sections take no lock at all is terminal, then a lock whose sections take only those, ...).
// A thread inside a leaf section waits at most for a terminal lock, whose holder waits at most
// for a lower one, so leaf sections take no part in a deadlock, and the orders that deadlock
// detection and lock-order checks need are still explored (locks taken in both orders are never
// terminal). Trylocks and releases inside a section never wait.
//
// Under the C11 memory model the order of two sections also decides what the later one's thread
// acquires, and so which stale stores it may still read: there two leaf sections commute only
// when, besides sharing no conflicting event, no later access observed which came first
// (section_observers.h). That judgement is the caller's (build()'s `order_observed`); everything
// below treats an observed pair exactly as a conflicting one.
//
// Independent lock events make a wakeup sequence (the events after the reversal point that do
// not depend on it, then the racing event) possibly unexecutable: it can ask for a lock another
// thread holds there. feasible_order() says whether it is executable, reorders it when that
// suffices, and otherwise names the acquire of the section in the way: the race is then reversed
// before that section began.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "checker/types.h"

namespace checker {

// Whether the event took a lock: an acquire, or a trylock that succeeded.
inline bool takes_lock(const EventDesc& e) {
  return e.kind == OpKind::LockAcquire || (e.kind == OpKind::LockTry && !e.failed_update);
}

class CriticalSections {
 public:
  static constexpr std::uint32_t kNone = ~0u;

  // Whether a later access observed the order of two sections of one lock: the acquire of the
  // later one, the release of the earlier one.
  using OrderObserved = std::function<bool(std::uint32_t acquire, std::uint32_t release)>;

  // Finds the sections of events[0, executed). `peeks`: reads without an event (Execution::peeks),
  // each with the event whose step made it; they count as reads inside the sections open then.
  // `order_observed`: under C11, which pairs of sections a later access tells apart (empty: none).
  void build(const std::vector<EventDesc>& events, std::size_t executed, std::size_t threads,
             const std::vector<std::pair<std::uint32_t, ObjectId>>& peeks, OrderObserved order_observed = {});

  // Whether lock events i and j (each the acquire or release of a leaf section, of one lock)
  // belong to sections whose events conflict, or whose order was observed. Events that are not
  // such lock events: true.
  bool sections_conflict(std::uint32_t i, std::uint32_t j);
  bool is_leaf_lock_event(std::uint32_t i) const { return i < section_of_.size() && section_of_[i] != kNone; }

  // `seq`: indices of a wakeup sequence in execution order (its last element the racing event),
  // to be run from just before event e. On return, either true with seq reordered (respecting
  // `before`, the happens-before of the execution) so that no acquire meets a lock held by
  // another thread; or false with *blocked_by set to the acquire of a section held at e that is
  // in the way (kNone when no earlier point would help either).
  bool feasible_order(std::uint32_t e, std::vector<std::uint32_t>& seq,
                      const std::function<bool(std::uint32_t, std::uint32_t)>& before, std::uint32_t* blocked_by);

 private:
  struct Section {
    ThreadId thread = kNoThread;
    ObjectId lock = kNoObject;
    std::uint32_t acquire = kNone;
    std::uint32_t release = kNone;  // kNone: still held at the end
    bool leaf = true;
    std::vector<std::uint32_t> inside;  // the holder's events between acquire and release
    std::vector<ObjectId> nested;       // locks it acquires (LockAcquire) inside
    std::vector<ObjectId> peeked;       // objects its holder read without an event while holding it
  };
  struct Holder {
    ThreadId thread;
    std::uint32_t acquire;
  };
  // Locks held, each with its holder: a handful at a time, so a flat list searched in order.
  using HeldLocks = std::vector<std::pair<ObjectId, Holder>>;
  // A memo entry of sections_conflict; current while `generation` is generation_.
  struct MemoEntry {
    std::uint64_t key = 0;
    std::uint32_t generation = 0;
    bool conflict = false;
  };

  bool writes_peeked(const Section& writer, const Section& reader) const;
  void settle_nested_acquires();
  bool acquires(std::uint32_t i) const;
  bool releases(std::uint32_t i) const;
  // A fresh section at the end of this execution's, reusing the storage of an earlier one.
  Section& new_section();
  std::span<Section> sections() { return {sections_.data(), count_}; }
  MemoEntry* memo_find(std::uint64_t key);
  void memo_insert(std::uint64_t key, bool conflict);
  // The first event of `order` that is an acquire meeting a lock held by another thread (its
  // holder in *in_the_way), or order.size(); the locks held at e are held_at_e_.
  std::size_t first_block(const std::vector<std::uint32_t>& order, Holder* in_the_way);

  // Everything below is rebuilt for each execution, in place: an explorer runs thousands of
  // executions, and allocating these afresh each time (a node per memo entry, three vectors per
  // section) was a tenth of the search's time in malloc and free.
  const std::vector<EventDesc>* events_ = nullptr;
  OrderObserved order_observed_;
  std::vector<Section> sections_;  // this execution's are the first count_; the rest are spare
  std::size_t count_ = 0;
  std::vector<std::uint32_t> section_of_;  // acquire and release events of leaf sections
  std::vector<std::uint32_t> opened_by_;   // every section's acquire -> the section
  std::vector<MemoEntry> memo_;            // open addressing, size a power of two (or 0)
  std::size_t memo_used_ = 0;
  std::uint32_t generation_ = 0;           // of this execution's memo entries
  std::vector<std::vector<std::uint32_t>> open_;  // scratch: per thread, open sections
  // Scratch for settle_nested_acquires and feasible_order.
  std::vector<char> candidate_;
  std::vector<std::pair<ObjectId, bool>> terminal_;
  HeldLocks held_at_e_, held_;
  std::vector<char> in_seq_release_;
  std::vector<std::pair<ObjectId, int>> finished_left_;
  std::vector<std::uint32_t> out_;
  std::vector<char> placed_;
};

}  // namespace checker
