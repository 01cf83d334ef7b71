// Var<T>: plain shared data (relacy's rl::var). Each read and write is a scheduling point; two
// accesses from different threads, at least one a write, that are not ordered by
// happens-before (locks, atomics, RCU grace periods, thread creation) are a data race.
// The detector keeps the last write's epoch and each thread's last read epoch (FastTrack).
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <source_location>
#include <type_traits>

#include "checker/object.h"

namespace checker {

template <class T>
class Var : public Object {
 public:
  explicit Var(ObjectName name, T init = T{}, ValueFormatter fmt = default_formatter())
      : Object(name, fmt), v_(std::move(init)) {}

  T read(std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::VarRead, AccessMode::Read, loc)) return T{};
    check_race(false);
    note_read();
    record(v_, v_);
    return v_;
  }
  void write(T v, std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::VarWrite, AccessMode::Write, loc)) return;
    check_race(true);
    note_write();
    record(v_, v);
    v_ = std::move(v);
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
  void record(const T& before, const T& after) {
    if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
      ex_->record_values(static_cast<std::uint64_t>(before), static_cast<std::uint64_t>(after));
  }
  struct Epoch {
    ThreadId thread = kNoThread;
    std::uint32_t clock = 0;
  };
  void check_race(bool is_write) {
    const VectorClock* mine = ex_->self_clock();
    if (mine == nullptr || !ex_->detect_data_races()) return;
    const ThreadId me = ex_->self();
    if (write_.thread != kNoThread && write_.thread != me && !mine->covers(write_.thread, write_.clock))
      report(write_.thread, is_write ? "write" : "read", "write");
    if (!is_write) return;
    for (ThreadId t = 0; t < reads_.size(); ++t)
      if (t != me && reads_[t] != 0 && !mine->covers(t, reads_[t])) report(t, "write", "read");
  }
  void note_read() {
    const ThreadId me = ex_->self();
    if (me == kNoThread) return;
    if (me >= reads_.size()) reads_.resize(me + 1, 0);
    reads_[me] = ex_->self_clock()->get(me);
  }
  void note_write() {
    const ThreadId me = ex_->self();
    if (me == kNoThread) return;
    write_ = Epoch{me, ex_->self_clock()->get(me)};
    reads_.clear();
  }
  void report(ThreadId other, const char* mine, const char* theirs) {
    ViolationSubject subject;
    subject.object = id_;
    subject.other_thread = other;
    subject.other_write = theirs[0] == 'w';
    ex_->fail(Verdict::DataRace, "data_race",
              std::string(mine) + " of " + name() + " by " + ex_->thread(ex_->self()).name + " races with a " +
                  theirs + " by " + ex_->thread(other).name,
              subject);
  }

  T v_;
  Epoch write_;
  // Per thread: clock of its last read since the last write. Inline for the usual few threads:
  // a Var is rebuilt with every execution, and most are read.
  boost::container::small_vector<std::uint32_t, 4> reads_;
};

}  // namespace checker
