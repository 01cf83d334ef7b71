// Kernel locks as the scheduler sees them.
//
// SpinLock (spin_lock, spin_lock_nested, spin_trylock): a thread waiting for a held spinlock is
// disabled, never a busy loop. Holding one puts the thread in atomic context.
// SleepLock (the folio lock: folio_lock, folio_trylock): the same, but taking it in atomic
// context or inside an RCU read-side section is a SleepInAtomic violation.
// RwLock (read_lock/write_lock): readers share, writers exclude.
//
// Lock classes work as lockdep's: taking a lock while holding another of the same class is a
// LockNesting violation unless the nesting level (subclass) differs, as spin_lock_nested with
// SINGLE_DEPTH_NESTING declares. Unlocking a lock the thread does not hold is BadUnlock.
//
// For partial-order reduction every lock operation writes the lock, except a trylock that
// failed, which only read it (see Atomic's failed compare-exchange). A release records the
// acquire that began its holding period (the lock taken while free): reversing the race
// between that release and a later blocked acquire means running the acquire before the
// holding period began, where it is enabled.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>

#include "checker/object.h"

namespace checker {

class LockBase : public Object, public Blocker {
 public:
  ThreadId holder() const { return holder_; }
  bool held() const { return holder_ != kNoThread; }
  bool held_by_me() const { return holder_ != kNoThread && holder_ == ex_->self(); }
  // lockdep_assert_held: a Precondition violation when the caller does not hold the lock.
  void assert_held(std::source_location loc = std::source_location::current()) const;

  bool blocks(ThreadId) const override { return holder_ != kNoThread; }
  std::string waiting_for() const override;

  // wait_on_bit / folio_wait_locked: blocks until nobody holds the lock, without taking it. One
  // event that reads the lock; an await whose race with the release that let it through is
  // reversed where that holding period began.
  void wait_until_free(std::source_location loc = std::source_location::current());

 protected:
  LockBase(ObjectName name, const char* lock_class, bool spinning);
  void do_lock(int subclass, std::source_location loc);
  bool do_trylock(std::source_location loc);
  void do_unlock(std::source_location loc);

 private:
  void take(int subclass);

  const char* class_;
  bool spinning_;
  ThreadId holder_ = kNoThread;
  std::uint32_t period_start_ = 0;
  VectorClock sync_;
};

class SpinLock : public LockBase {
 public:
  explicit SpinLock(ObjectName name, const char* lock_class = nullptr) : LockBase(name, lock_class, true) {}
  void lock(std::source_location loc = std::source_location::current()) { do_lock(0, loc); }
  void lock_nested(int subclass, std::source_location loc = std::source_location::current()) {
    do_lock(subclass, loc);
  }
  bool trylock(std::source_location loc = std::source_location::current()) { return do_trylock(loc); }
  void unlock(std::source_location loc = std::source_location::current()) { do_unlock(loc); }
};

class SleepLock : public LockBase {
 public:
  explicit SleepLock(ObjectName name, const char* lock_class = nullptr) : LockBase(name, lock_class, false) {}
  void lock(std::source_location loc = std::source_location::current()) { do_lock(0, loc); }
  bool trylock(std::source_location loc = std::source_location::current()) { return do_trylock(loc); }
  void unlock(std::source_location loc = std::source_location::current()) { do_unlock(loc); }
};

class RwLock : public Object {
 public:
  explicit RwLock(ObjectName name);
  void read_lock(std::source_location loc = std::source_location::current());
  void read_unlock(std::source_location loc = std::source_location::current());
  void write_lock(std::source_location loc = std::source_location::current());
  void write_unlock(std::source_location loc = std::source_location::current());
  int readers() const { return readers_; }
  ThreadId writer() const { return writer_; }

 private:
  struct ReadBlocker final : Blocker {
    const RwLock* l;
    bool blocks(ThreadId) const override { return l->writer_ != kNoThread; }
    std::string waiting_for() const override { return "read_lock " + l->name(); }
  };
  struct WriteBlocker final : Blocker {
    const RwLock* l;
    bool blocks(ThreadId) const override { return l->writer_ != kNoThread || l->readers_ > 0; }
    std::string waiting_for() const override { return "write_lock " + l->name(); }
  };
  void release(std::source_location loc, bool reader);

  ReadBlocker read_blocker_;
  WriteBlocker write_blocker_;
  int readers_ = 0;
  std::vector<std::uint32_t> read_holds_;  // per thread: read locks held
  ThreadId writer_ = kNoThread;
  std::uint32_t period_start_ = 0;
  VectorClock sync_;
};

// Holds a SpinLock or SleepLock for a scope.
template <class L>
class Guard {
 public:
  explicit Guard(L& l) : l_(l) { l_.lock(); }
  ~Guard() { l_.unlock(); }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;

 private:
  L& l_;
};

}  // namespace checker
