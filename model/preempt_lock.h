// A spinlock whose holder runs with preemption off, and so is an RCU reader.
//
// Since the RCU flavours were consolidated (v4.20) a grace period also waits for regions with
// preemption disabled, and on PREEMPT_RT spin_lock() and local_lock() take rcu_read_lock()
// themselves. So whatever is passed to kfree_rcu() stays allocated while any CPU that could
// still see it holds a spinlock or a local lock, even without an explicit rcu_read_lock().
// checker::Rcu knows only explicit read-side sections: this lock opens one before it spins and
// closes it after the release.
//
// The model makes a lock an RCU reader only where something it protects or reaches is freed by
// kfree_rcu (seed 004's vswap clusters); elsewhere the reader section would only add events.
// Leaving it out is the pessimistic choice: a grace period may then end earlier than it could
// in the kernel, never later.
#pragma once

#include <source_location>

#include "checker/lock.h"

namespace swapmodel {

class PreemptOffLock : public checker::SpinLock {
 public:
  PreemptOffLock(checker::ObjectName name, const char* lock_class, bool rcu_reader)
      : checker::SpinLock(name, lock_class), rcu_reader_(rcu_reader) {}
  void lock(std::source_location loc = std::source_location::current());
  void lock_nested(int subclass, std::source_location loc = std::source_location::current());
  bool trylock(std::source_location loc = std::source_location::current());
  void unlock(std::source_location loc = std::source_location::current());

 private:
  bool rcu_reader_;
};

}  // namespace swapmodel
