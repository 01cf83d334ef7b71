// Var<T>: plain shared data (relacy's rl::var). Each read and write is a scheduling point; two
// accesses from different threads, at least one a write, that are not ordered by
// happens-before (locks, atomics, RCU grace periods, thread creation) are a data race.
//
// Marked accesses (read_once / write_once: the kernel's READ_ONCE / WRITE_ONCE, and what is
// built on them and not modelled as an Atomic, such as ptep_get and set_pte) follow KCSAN's rule: a data race
// needs at least one plain access, so two marked accesses never race with each other, while a
// marked access still races with an unordered conflicting plain one. A marked access is a
// scheduling point like any other and, for partial-order reduction, the read or write it is:
// two marked accesses of one Var, one a write, are dependent and both orders are explored. It
// does not synchronise (READ_ONCE is not an acquire): ordering through the word itself is an
// Atomic's job.
//
// The detector keeps, per thread, the clock of its last plain and last marked read and write
// (FastTrack's epochs, split by marking: marked writes need not be ordered with each other, so
// the last write alone no longer stands for all of them).
//
// Values under the memory models (Bounds::memory_model; checker/README.md, "Memory models"):
//   - Sc (the default): every access reads and writes the one current value.
//   - C11: a marked access is a relaxed atomic access of the Var (weak_memory.h): read_once and
//     read_data_race read any store of the Var that coherence and happens-before allow (a data
//     choice, choice 0 the latest store, what Sc reads), write_once takes any place in the Var's
//     modification order after the stores its thread has seen (choice 0 appends). Neither
//     synchronises by itself; a release fence before a write_once (smp_wmb) and an acquire fence
//     after a read_once (smp_rmb) do, as for relaxed atomics. A plain access reads and writes the
//     latest value, which is exact for every plain access that is not a data race: a plain read
//     that races with no write has every store of the Var ordered before it by happens-before,
//     so coherence leaves it the latest one alone; a plain write that races with no access has
//     every earlier access ordered before it, and every later access that does not race with it
//     is ordered after it, so it is the store every later access sees first (the Var starts a
//     new history from it). A racy plain access is reported as a data race and ends the
//     execution. With the detector off (Bounds::detect_data_races), plain accesses keep this
//     behaviour: an approximation that only hides stale reads of racy plain accesses.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <memory>
#include <source_location>
#include <string>
#include <type_traits>
#include <vector>

#include "checker/object.h"
#include "checker/weak_memory.h"

namespace checker {

template <class T>
class Var : public Object {
 public:
  explicit Var(ObjectName name, T init = T{}, ValueFormatter fmt = default_formatter())
      : Object(name, fmt), v_(std::move(init)) {}

  T read(std::source_location loc = std::source_location::current()) { return do_read(false, loc); }
  void write(T v, std::source_location loc = std::source_location::current()) { do_write(std::move(v), false, loc); }
  // READ_ONCE / WRITE_ONCE: marked accesses (see above).
  T read_once(std::source_location loc = std::source_location::current()) { return do_read(true, loc); }
  void write_once(T v, std::source_location loc = std::source_location::current()) {
    do_write(std::move(v), true, loc);
  }
  // data_race(x): a read the kernel tells KCSAN to ignore. A scheduling point and a read for
  // partial-order reduction, but neither checked nor remembered by the race detector.
  T read_data_race(std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::VarReadRacy, AccessMode::Read, loc)) return T{};
    if (weak_values()) return weak_read();
    record(v_, v_);
    return v_;
  }

  // Without an event; a model thread that peeks records a hidden read (Execution::peeks).
  const T& peek() const {
    ex_->note_peek(id_);
    return v_;
  }

 private:
  static ValueFormatter default_formatter() {
    if constexpr (std::is_signed_v<T> || std::is_enum_v<T>) return format_signed;
    return format_unsigned;
  }
  T do_read(bool marked, std::source_location loc) {
    if (!begin(marked ? OpKind::VarReadOnce : OpKind::VarRead, AccessMode::Read, loc)) return T{};
    check_race(false, marked);
    note(false, marked);
    if (marked && weak_values()) return weak_read();
    record(v_, v_);
    return v_;
  }
  void do_write(T v, bool marked, std::source_location loc) {
    if (!begin(marked ? OpKind::VarWriteOnce : OpKind::VarWrite, AccessMode::Write, loc)) return;
    check_race(true, marked);
    note(true, marked);
    if (marked && weak_values()) return weak_write(std::move(v));
    if (weak_) weak_->restart(v);  // a plain write: every later access sees it first (above)
    record(v_, v);
    v_ = std::move(v);
  }

  // C11 model, in a model thread: the Var's stores in modification order (WeakLocation, whose
  // store values index `values`), made at its first marked access from the latest value.
  struct WeakValues {
    explicit WeakValues(const T& v) : loc(0), values{v} {}
    void restart(const T& v) {
      values.assign(1, v);
      loc.reset(0);
    }
    WeakLocation loc;
    std::vector<T> values;  // by store: the value each wrote
  };
  bool weak_values() const { return ex_->memory_model() == MemoryModel::C11 && ex_->in_model_thread(); }
  WeakValues& weak() {
    if (!weak_) weak_ = std::make_unique<WeakValues>(v_);
    return *weak_;
  }
  // read_once / read_data_race: a relaxed load.
  T weak_read() {
    WeakValues& w = weak();
    const T v = w.values[weak_load(*ex_, w.loc, MemoryOrder::Relaxed, false)];
    record(v, v);
    return v;
  }
  // write_once: a relaxed store; placed before a newer store, it leaves the latest value as is.
  void weak_write(T v) {
    WeakValues& w = weak();
    w.values.push_back(v);
    if (!weak_store(*ex_, w.loc, w.values.size() - 1, MemoryOrder::Relaxed, false)) {
      record(v, v);
      ex_->step_stale();
      return;
    }
    record(v_, v);
    v_ = std::move(v);
  }
  void record(const T& before, const T& after) {
    if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
      ex_->record_values(static_cast<std::uint64_t>(before), static_cast<std::uint64_t>(after));
  }
  // One thread's last accesses, as its own clock then (0: none since the last plain write).
  struct Last {
    std::uint32_t read = 0, read_once = 0, write = 0, write_once = 0;
  };
  void check_race(bool is_write, bool marked) {
    const VectorClock* mine = ex_->self_clock();
    if (mine == nullptr || !ex_->detect_data_races()) return;
    const ThreadId me = ex_->self();
    // The check reads this thread's clock, which the order of two critical sections or of
    // commuting adds may change under C11: an observer of both, before it can fail.
    ex_->observe_var_access(this);
    auto unordered = [&](ThreadId t, std::uint32_t c) { return c != 0 && !mine->covers(t, c); };
    // Writes first, so a read reports the write it races with, as before the split.
    for (ThreadId t = 0; t < last_.size(); ++t) {
      if (t == me) continue;
      const Last& l = last_[t];
      if (unordered(t, l.write)) return report(t, is_write, marked, true, false);
      if (!marked && unordered(t, l.write_once)) return report(t, is_write, marked, true, true);
    }
    if (!is_write) return;
    for (ThreadId t = 0; t < last_.size(); ++t) {
      if (t == me) continue;
      const Last& l = last_[t];
      if (unordered(t, l.read)) return report(t, is_write, marked, false, false);
      if (!marked && unordered(t, l.read_once)) return report(t, is_write, marked, false, true);
    }
  }
  void note(bool is_write, bool marked) {
    const ThreadId me = ex_->self();
    if (me == kNoThread) return;
    const std::uint32_t now = ex_->self_clock()->get(me);
    // A plain write that did not race is ordered after every access so far: they can race with
    // nothing later that it does not race with too.
    if (is_write && !marked) last_.clear();
    if (me >= last_.size()) last_.resize(me + 1);
    Last& l = last_[me];
    (is_write ? (marked ? l.write_once : l.write) : (marked ? l.read_once : l.read)) = now;
  }
  void report(ThreadId other, bool is_write, bool marked, bool other_write, bool other_marked) {
    auto what = [](bool w, bool m) { return std::string(w ? "write" : "read") + (m ? " (marked)" : ""); };
    ViolationSubject subject;
    subject.object = id_;
    subject.other_thread = other;
    subject.other_write = other_write;
    subject.other_marked = other_marked;
    ex_->fail(Verdict::DataRace, "data_race",
              what(is_write, marked) + " of " + name() + " by " + ex_->thread(ex_->self()).name + " races with a " +
                  what(other_write, other_marked) + " by " + ex_->thread(other).name,
              subject);
  }

  T v_;  // the latest value (the last store in modification order under C11)
  // Inline for the usual few threads: a Var is rebuilt with every execution.
  boost::container::small_vector<Last, 4> last_;
  std::unique_ptr<WeakValues> weak_;  // C11 model: made at the first marked access
};

}  // namespace checker
