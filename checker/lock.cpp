#include "checker/lock.h"

#include <cstring>
#include <stdexcept>

namespace checker {

ViolationSubject Object::refused(OpKind op, std::source_location loc) const {
  ViolationSubject subject;
  subject.object = id_;
  subject.refused = true;
  subject.op = op;
  subject.site = loc.function_name();
  return subject;
}

LockBase::LockBase(ObjectName name, const char* lock_class, bool spinning)
    : Object(name), class_(lock_class ? lock_class : name.base), spinning_(spinning) {}

std::string LockBase::waiting_for() const {
  std::string s = name();
  if (holder_ != kNoThread && holder_ < ex_->thread_count()) s += " (held by " + ex_->thread(holder_).name + ")";
  return s;
}

namespace {

// The wait of wait_until_free: enabled while the lock is free.
struct FreeWaiter final : Blocker {
  explicit FreeWaiter(const LockBase& l) : lock(l) {}
  const LockBase& lock;
  bool blocks(ThreadId) const override { return lock.held(); }
  std::string waiting_for() const override { return "the unlock of " + lock.name(); }
  bool is_await() const override { return true; }
  // Walks the lock's events backwards (the trace records 1 for held, 0 for free, before and after
  // each): the latest one before which the lock was free is where the wait could have run.
  std::uint32_t await_reversal_point(const Execution& ex, std::uint32_t until, int word) const override {
    if (word != 0) return kReverseInPlace;  // acc[1]: the heap object the lock lives in
    const auto& events = ex.events();
    const auto& steps = ex.steps();
    for (std::uint32_t k = until; k-- > 0;)
      if (events[k].acc[0].obj == lock.id() && steps[k].has_values && steps[k].before == 0) return k;
    return kNoPosition;
  }
};

}  // namespace

void LockBase::wait_until_free(std::source_location loc) {
  const FreeWaiter w(*this);
  if (!ex_->in_model_thread()) {
    if (held()) throw std::logic_error("setup would block waiting for " + name());
    return;
  }
  // Under C11 the wait acquires what the unlock it waited for released, as folio_wait_locked's
  // test of the bit after the waker's clear_bit_unlock does: a caller that waits for a lock
  // holder to finish (the model's stand-in for a spin on the holder's stores) sees its stores.
  if (begin(OpKind::Custom, AccessMode::Read, loc, &w) && ex_->memory_model() == MemoryModel::C11) ex_->acquire(sync_);
}

void LockBase::assert_held(std::source_location loc) const {
  if (!ex_->live() || held_by_me() || !ex_->in_model_thread()) return;
  ViolationSubject subject;
  subject.object = id_;
  subject.site = loc.function_name();
  ex_->fail(Verdict::Precondition, bare_function_name(loc.function_name()), name() + " is not held", subject);
}

void LockBase::do_lock(int subclass, std::source_location loc) {
  if (!spinning_ && ex_->live() && ex_->in_model_thread()) {
    const ModelThread& me = ex_->self_thread();
    if (me.spin_depth > 0 || me.rcu_depth > 0)
      ex_->fail(Verdict::SleepInAtomic, "sleep_in_atomic",
                "sleeping lock " + name() + " taken " +
                    (me.spin_depth > 0 ? "while holding a spinlock" : "inside an RCU read-side section"),
                refused(OpKind::LockAcquire, loc));
  }
  if (!begin(OpKind::LockAcquire, AccessMode::Write, loc, this)) return;
  if (ex_->in_model_thread()) {
    for (const HeldLock& h : ex_->self_thread().held)
      if (h.lock == id_ || (std::strcmp(h.lock_class, class_) == 0 && h.subclass == subclass)) {
        ViolationSubject subject;
        subject.object = id_;
        subject.other_object = h.lock;
        ex_->fail(Verdict::LockNesting, "lock_nesting",
                  name() + " taken while holding " + ex_->object_name(h.lock) + " of the same class without a nesting annotation",
                  subject);
      }
  }
  if (held()) {
    // Only reachable in setup, where nothing can release it.
    ex_->fail(Verdict::Deadlock, "deadlock", name() + " taken twice in setup");
  }
  ex_->observe_acquire(id_, sync_);  // a blocking acquire may begin a leaf section
  take(subclass);
}

bool LockBase::do_trylock(std::source_location loc) {
  EventDesc d = describe(OpKind::LockTry, AccessMode::Write);
  d.update_if = UpdateIf::LockFree;
  if (!begin(d, loc)) return false;
  if (held()) {
    ex_->record_values(1, 1);
    ex_->step_failed_update();
    return false;
  }
  take(0);
  return true;
}

void LockBase::take(int subclass) {
  holder_ = ex_->in_model_thread() ? ex_->self() : kNoThread;
  if (holder_ == kNoThread) holder_ = static_cast<ThreadId>(kNoThread - 1);  // setup holds it
  period_start_ = ex_->position() == 0 ? 0 : ex_->position() - 1;
  ex_->acquire(sync_);
  ex_->record_values(0, 1);
  if (ex_->in_model_thread()) {
    ModelThread& me = ex_->self_thread();
    me.held.push_back(HeldLock{id_, class_, subclass, spinning_, ex_->position() - 1});
    if (spinning_) ++me.spin_depth;
  }
}

void LockBase::do_unlock(std::source_location loc) {
  const bool mine = ex_->in_model_thread() ? held_by_me() : held();
  if (!mine) {
    if (!ex_->live()) return;
    ex_->fail(Verdict::BadUnlock, "bad_unlock",
              name() + " unlocked by " + (ex_->in_model_thread() ? ex_->self_thread().name : std::string("setup")) +
                  (held() ? ", which does not hold it" : ", which is not locked"),
              refused(OpKind::LockRelease, loc));
  }
  if (!begin(OpKind::LockRelease, AccessMode::Write, loc, nullptr, 0, period_start_)) {
    holder_ = kNoThread;
    return;
  }
  ex_->observe_release(id_, sync_);
  ex_->release(sync_);
  ex_->record_values(1, 0);
  holder_ = kNoThread;
  if (ex_->in_model_thread()) {
    ModelThread& me = ex_->self_thread();
    for (auto it = me.held.rbegin(); it != me.held.rend(); ++it) {
      if (it->lock != id_) continue;
      me.held.erase(std::next(it).base());
      break;
    }
    if (spinning_) --me.spin_depth;
  }
}

RwLock::RwLock(ObjectName name) : Object(name) {
  read_blocker_.l = this;
  write_blocker_.l = this;
}

void RwLock::read_lock(std::source_location loc) {
  EventDesc d = describe(OpKind::LockAcquire, AccessMode::Write);
  d.shared = true;
  if (!begin(d, loc, &read_blocker_)) return;
  if (readers_ == 0) period_start_ = ex_->position() == 0 ? 0 : ex_->position() - 1;
  ++readers_;
  const ThreadId me = ex_->self();
  if (me != kNoThread) {
    if (me >= read_holds_.size()) read_holds_.resize(me + 1, 0);
    ++read_holds_[me];
    ++ex_->self_thread().spin_depth;
  }
  ex_->acquire(sync_);
}

void RwLock::write_lock(std::source_location loc) {
  if (!begin(OpKind::LockAcquire, AccessMode::Write, loc, &write_blocker_)) return;
  period_start_ = ex_->position() == 0 ? 0 : ex_->position() - 1;
  writer_ = ex_->self();
  if (ex_->in_model_thread()) ++ex_->self_thread().spin_depth;
  ex_->observe_acquire(id(), sync_);
  ex_->acquire(sync_);
}

void RwLock::read_unlock(std::source_location loc) { release(loc, true); }
void RwLock::write_unlock(std::source_location loc) { release(loc, false); }

void RwLock::release(std::source_location loc, bool reader) {
  const ThreadId me = ex_->self();
  if (me == kNoThread) {  // setup
    if (reader) --readers_; else writer_ = kNoThread;
    return;
  }
  const bool ok = reader ? (me < read_holds_.size() && read_holds_[me] > 0) : (writer_ == me && writer_ != kNoThread);
  if (!ok) {
    if (!ex_->live()) return;
    ex_->fail(Verdict::BadUnlock, "bad_unlock",
              name() + (reader ? " read_unlock without read_lock" : " write_unlock by a thread not holding it"),
              refused(OpKind::LockRelease, loc));
  }
  EventDesc d = describe(OpKind::LockRelease, AccessMode::Write);
  d.period_start = period_start_;
  d.shared = reader;
  if (!begin(d, loc)) return;
  ex_->observe_release(id(), sync_);
  ex_->release(sync_);
  if (reader) {
    --read_holds_[me];
    --readers_;
  } else {
    writer_ = kNoThread;
  }
  if (ex_->in_model_thread()) --ex_->self_thread().spin_depth;
}

}  // namespace checker
