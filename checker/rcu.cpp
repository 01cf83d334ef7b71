#include "checker/rcu.h"

namespace checker {

Rcu::Rcu(ObjectName name) : Object(name) {}

bool Rcu::read_lock_held() const { return ex_->in_model_thread() && ex_->thread(ex_->self()).rcu_depth > 0; }

void Rcu::read_lock(std::source_location loc) {
  if (!ex_->in_model_thread()) return;
  if (ex_->self_thread().rcu_depth > 0) {
    ++ex_->self_thread().rcu_depth;
    return;
  }
  if (!begin(OpKind::RcuReadLock, AccessMode::Write, loc, nullptr, static_cast<std::uint16_t>(ex_->self()))) return;
  ModelThread& me = ex_->self_thread();
  me.rcu_depth = 1;
  if (ex_->memory_model() == MemoryModel::C11) ex_->acquire(starts_);
  ++me.rcu_section;
  me.rcu_lock_event = ex_->position() - 1;
}

void Rcu::read_unlock(std::source_location loc) {
  if (!ex_->in_model_thread()) return;
  ModelThread& me0 = ex_->self_thread();
  if (me0.rcu_depth == 0) {
    if (!ex_->live()) return;
    ex_->fail(Verdict::BadUnlock, "bad_unlock", "rcu_read_unlock without rcu_read_lock in " + me0.name,
              refused(OpKind::RcuReadUnlock, loc));
  }
  if (me0.rcu_depth > 1) {
    --me0.rcu_depth;
    return;
  }
  // The section's start rides on the unlock event: race analysis needs it to tell whether a
  // grace period waited for this section.
  if (!begin(OpKind::RcuReadUnlock, AccessMode::Write, loc, nullptr, static_cast<std::uint16_t>(ex_->self()),
             me0.rcu_lock_event))
    return;
  ModelThread& me = ex_->self_thread();
  me.rcu_depth = 0;
  ended_sections_.join(me.clock);
  // Grace periods waiting for this section: they end after this point.
  for (GracePeriod* gp : pending_)
    for (std::size_t i = 0; i < gp->readers.size(); ++i)
      if (gp->readers[i].first == me.id && gp->readers[i].second == me.rcu_section) gp->section_ends[i] = me.clock;
}

Rcu::GracePeriod& Rcu::start_grace_period() {
  GracePeriod& gp = grace_periods_.emplace_back();
  gp.rcu = this;
  for (ThreadId t = 0; t < ex_->thread_count(); ++t) {
    const ModelThread& th = ex_->thread(t);
    if (th.exists && !th.finished && th.rcu_depth > 0) gp.readers.emplace_back(t, th.rcu_section);
  }
  gp.section_ends.resize(gp.readers.size());
  gp.ended_before = ended_sections_;
  if (ex_->memory_model() == MemoryModel::C11)
    if (const VectorClock* c = ex_->self_clock()) starts_.join(*c);
  pending_.push_back(&gp);
  return gp;
}

void Rcu::end_grace_period(GracePeriod& gp) {
  ex_->acquire(gp.ended_before);
  for (const VectorClock& c : gp.section_ends) ex_->acquire(c);
  std::erase(pending_, &gp);
}

bool Rcu::GracePeriod::blocks(ThreadId) const {
  const Execution& ex = rcu->execution();
  for (const auto& [t, section] : readers) {
    const ModelThread& th = ex.thread(t);
    if (th.rcu_depth > 0 && th.rcu_section == section) return true;
  }
  return false;
}

std::string Rcu::GracePeriod::waiting_for() const {
  std::string s = "a grace period (readers:";
  const Execution& ex = rcu->execution();
  for (const auto& [t, section] : readers) {
    const ModelThread& th = ex.thread(t);
    if (th.rcu_depth > 0 && th.rcu_section == section) s += " " + th.name;
  }
  return s + ")";
}

void Rcu::synchronize(std::source_location loc) {
  if (!ex_->in_model_thread()) return;  // setup: no readers
  const ModelThread& me = ex_->self_thread();
  if (me.spin_depth > 0 || me.rcu_depth > 0) {
    if (!ex_->live()) return;
    ex_->fail(Verdict::SleepInAtomic, "sleep_in_atomic",
              std::string("synchronize_rcu called ") +
                  (me.rcu_depth > 0 ? "inside an RCU read-side section" : "while holding a spinlock"),
              refused(OpKind::RcuSyncStart, loc));
  }
  if (!begin(OpKind::RcuSyncStart, AccessMode::Read, loc, nullptr, kAllCells)) return;
  GracePeriod& gp = start_grace_period();
  if (!begin(OpKind::RcuGraceWait, AccessMode::Read, loc, &gp, kAllCells)) return;
  end_grace_period(gp);
}

void Rcu::call(std::function<void()> fn, std::source_location loc) {
  if (!ex_->in_model_thread()) {
    fn();
    return;
  }
  if (!begin(OpKind::RcuRetire, AccessMode::Read, loc, nullptr, kAllCells)) return;
  queue_callback(std::move(fn));
}

void Rcu::retire(HeapCell* cell, std::function<void()> fn, std::source_location loc) {
  if (!ex_->in_model_thread()) {
    cell->state = HeapCell::State::Retired;
    fn();
    return;
  }
  EventDesc d = describe(OpKind::RcuRetire, AccessMode::Read, kAllCells);
  d.acc[1] = Access{cell->id, 0, AccessMode::Write};
  if (!ex_->schedule(d, nullptr, cell->id, loc)) return;
  if (cell->state != HeapCell::State::Live) {
    ViolationSubject subject;
    subject.object = subject.heap = cell->id;
    ex_->fail(Verdict::DoubleFree, "double_free",
              cell->name.str() + " passed to kfree_rcu after it was " +
                  (cell->state == HeapCell::State::Retired ? "already passed to kfree_rcu" : "freed"),
              subject);
  }
  cell->state = HeapCell::State::Retired;
  queue_callback(std::move(fn));
}

void Rcu::queue_callback(std::function<void()> fn) {
  GracePeriod& gp = start_grace_period();
  ex_->spawn_callback("rcu", describe(OpKind::RcuGraceWait, AccessMode::Read, kAllCells), &gp,
                      [this, &gp, fn = std::move(fn)] {
                        end_grace_period(gp);
                        fn();
                      });
}

}  // namespace checker
