// RCU as the scheduler sees it: rcu_read_lock/unlock (nesting allowed), synchronize_rcu and
// call_rcu.
//
// A grace period waits only for the read-side sections in progress when it starts (a reader
// that enters afterwards does not hold it up). call_rcu snapshots those sections and spawns a
// callback pseudo-thread (named "rcu") whose first event, the end of the grace period, is
// enabled once every snapshotted section has ended; the explorer then chooses when it runs, so
// both early and late frees are explored.
//
// Dependence: each thread's read-side state is one cell of the domain object, written by its
// outermost lock and unlock; grace-period starts and ends read every cell. The end of a grace
// period happens after the end of each section it waited for and of every section that had
// ended before it started (RCU's fundamental guarantee: a section that precedes the start of a
// grace period in any part precedes its end in whole), and after nothing else: a reader's later
// sections are not ordered before it, so a stale pointer used in one of them races the free.
// Under the C11 memory model the guarantee's other half holds too: a section that begins after
// a grace period started is not waited for, so it follows that start in whole and sees every
// store the starter made before it (the xa_erase before a kfree_rcu, which a lookup the grace
// period does not wait for must not undo): the outermost rcu_read_lock acquires the clock of
// every grace-period start so far. Under Sc atomics read the latest store anyway, and the
// data-race verdicts stay what they were.
#pragma once

#include <deque>
#include <functional>
#include <source_location>
#include <string>
#include <utility>
#include <vector>

#include "checker/object.h"

namespace checker {

class Rcu : public Object {
 public:
  explicit Rcu(ObjectName name = ObjectName{"rcu"});

  void read_lock(std::source_location loc = std::source_location::current());
  void read_unlock(std::source_location loc = std::source_location::current());
  void synchronize(std::source_location loc = std::source_location::current());
  // call_rcu: fn runs in a callback thread after a grace period. In setup it runs at once.
  void call(std::function<void()> fn, std::source_location loc = std::source_location::current());
  // kfree_rcu's first half: in one event, retire `cell` (a second free of it is a double free)
  // and queue `fn` (which frees it) behind a grace period.
  void retire(HeapCell* cell, std::function<void()> fn, std::source_location loc = std::source_location::current());
  // rcu_read_lock_held() for the calling thread.
  bool read_lock_held() const;

 private:
  struct GracePeriod final : Blocker {
    const Rcu* rcu = nullptr;
    std::vector<std::pair<ThreadId, std::uint32_t>> readers;  // (thread, section) at the start
    std::vector<VectorClock> section_ends;  // per reader: its clock at that section's end
    VectorClock ended_before;  // every section that had ended when the grace period started
    bool blocks(ThreadId) const override;
    std::string waiting_for() const override;
  };
  GracePeriod& start_grace_period();
  void end_grace_period(GracePeriod& gp);
  void queue_callback(std::function<void()> fn);

  std::deque<GracePeriod> grace_periods_;  // stable addresses: blocked threads point at them
  std::vector<GracePeriod*> pending_;       // the ones not ended yet: unlocks record into them
  VectorClock ended_sections_;              // joined at every outermost rcu_read_unlock
  VectorClock starts_;                      // C11: joined at every grace-period start (its starter's clock)
};

}  // namespace checker
