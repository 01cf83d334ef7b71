// The happens-before of one finished execution under the dependence relation of EventDesc,
// and its reversible races, for DPOR. Buffers are reused across executions.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "checker/critical_sections.h"
#include "checker/execution.h"

namespace checker {

class RaceAnalyzer {
 public:
  // Lock-aware: critical sections of one lock that do not conflict are not ordered by their
  // lock events, so their races are not reversed (critical_sections.h).
  void set_lock_aware(bool on) { lock_aware_ = on; }

  // Calls f(e, v) for each reversible race e < e' of the execution, where e is the position at
  // which the race is reversed and v = notdep(e).e' is the wakeup sequence to insert there.
  void for_each_reversible_race(const Execution& ex,
                                const std::function<void(std::uint32_t, std::span<const EventDesc>)>& f);

  // The happens-before of ex's executed events alone, for counting the interleavings of its
  // trace (size_probe.h): afterwards clock_of(i)[t], for i < ex.events().size(), is the number of
  // thread t's events that happen before or at event i.
  void analyze(const Execution& ex) { build(ex); }
  std::span<const std::uint32_t> clock_of(std::uint32_t i) const { return {clock(i), threads_}; }

 private:
  void build(const Execution& ex);
  void add_event_clock(const Execution& ex, std::uint32_t i);
  void scan_predecessors(std::uint32_t i);
  std::uint32_t reversal_point(std::uint32_t e, std::uint32_t e2) const;
  // notdep(e).e2 as indices into events_ (seq_), executable from just before e: lock-aware, e
  // moves back before a section in the way. Returns the reversal point, or kNone.
  std::uint32_t wakeup_sequence(std::uint32_t e, std::uint32_t e2);
  bool lock_events_conflict(std::uint32_t j, std::uint32_t i);
  // The end of a grace period and the rcu_read_lock or unlock of a section that began after the
  // grace period did: the grace period does not wait for that section, and the section does not
  // look at the grace period, so they commute (a stale pointer used in such a section conflicts
  // with the free itself, through the freed object).
  bool section_not_waited_for(std::uint32_t j, std::uint32_t i) const;
  // The rcu_read_unlock of a section that began before a grace period did, and that grace
  // period's start (synchronize_rcu or call_rcu): in either order the grace period ends after the
  // section does (it waits for the section, or the section had ended before it started), so the
  // two commute. Only the start of the section is ordered against the grace period's start.
  bool section_ends_before_grace_period_either_way(std::uint32_t j, std::uint32_t i) const;
  std::uint32_t grace_period_start(std::uint32_t g) const;
  // A conditional update (compare-exchange, add_unless, trylock) that a wakeup sequence moves
  // before the write it raced with reads what the events before its new place left: the event
  // it becomes there, succeeding or failing, is the one the wakeup tree must hold.
  void reevaluate_last(const Execution& ex, std::uint32_t e);
  // A commuting add moved there joins the segment it meets there, or not (add_context.h).
  void relabel_last_add(const Execution& ex, std::uint32_t e);
  bool before(std::uint32_t j, std::uint32_t i) const { return covers(clock(i), j); }
  const std::uint32_t* clock(std::uint32_t i) const { return vc_.data() + std::size_t{i} * threads_; }
  std::uint32_t* clock(std::uint32_t i) { return vc_.data() + std::size_t{i} * threads_; }
  bool covers(const std::uint32_t* c, std::uint32_t j) const { return c[(*ev_)[j].thread] >= po_[j] + 1; }
  void join(std::uint32_t* c, std::uint32_t j);

  // The executed events, then one hypothetical event per thread left unfinished (its pending
  // operation, usually blocked on a lock held by a deadlocked or frozen thread): it never ran,
  // but its races with what did run must be reversed all the same.
  std::vector<EventDesc> events_;
  std::size_t executed_ = 0;
  const std::vector<EventDesc>* ev_ = &events_;
  std::size_t threads_ = 0;
  std::vector<std::uint32_t> vc_;    // flat: clock(i)[t] = events of t that happen before or at i
  std::vector<std::uint32_t> po_;    // index of event i among its thread's events
  std::vector<std::uint32_t> prev_;  // previous event of the same thread
  std::vector<std::uint32_t> spawned_at_;  // per thread: the call_rcu that queued it (callbacks)
  std::vector<std::vector<std::uint32_t>> by_object_;  // events touching each object, in order
  std::vector<std::vector<std::uint32_t>> writes_of_;  // events writing each object, in order
  std::vector<std::vector<std::uint32_t>> all_cells_of_;  // events touching every cell of an object
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cell_lists_;  // events touching one cell
  static std::uint64_t cell_key(const Access& a) { return (std::uint64_t{a.obj} << 16) | a.cell; }
  std::vector<ObjectId> touched_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> races_;
  std::vector<EventDesc> sequence_;
  std::vector<std::uint32_t> seq_;
  bool lock_aware_ = false;
  CriticalSections sections_;
  const Execution* exec_ = nullptr;  // the execution build() reads (its unobserved fence races)
  std::vector<std::uint32_t> last_of_thread_;   // scratch for build()
  std::vector<std::uint32_t> count_of_thread_;
};

}  // namespace checker
