// Atomic<T>: a sequentially consistent atomic word (the kernel's atomic_t / atomic_long_t and
// the READ_ONCE/WRITE_ONCE words of the model). Every operation is one scheduling point.
// For partial-order reduction loads are reads and stores and read-modify-writes are writes; a
// compare-exchange or add_unless that fails changed nothing, and race analysis treats it as a
// read of the value it compared (as GenMC does), so failed ones on one word do not race with
// each other (EventDesc::failed_update). For the data-race detector every operation
// synchronises like a seq_cst access.
#pragma once

#include <cstdint>
#include <source_location>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "checker/object.h"

namespace checker {

template <class T>
class Atomic : public Object {
  static_assert(std::is_integral_v<T> || std::is_enum_v<T>, "Atomic<T> holds integers and enums");

 public:
  explicit Atomic(ObjectName name, T init = T{}, ValueFormatter fmt = default_formatter())
      : Object(name, fmt), v_(init) {}

  T load(std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::AtomicLoad, AccessMode::Read, loc)) return T{};
    ex_->acquire(sync_);
    ex_->record_values(bits(v_), bits(v_));
    return v_;
  }
  void store(T v, std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::AtomicStore, AccessMode::Write, loc)) return;
    set(v);
  }
  T exchange(T v, std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::AtomicRmw, AccessMode::Write, loc)) return T{};
    return set(v);
  }
  // Strong compare-exchange; on failure `expected` receives the current value.
  bool compare_exchange(T& expected, T desired, std::source_location loc = std::source_location::current()) {
    if (!begin_update(OpKind::AtomicCmpxchg, UpdateIf::Equal, expected, loc)) return false;
    if (v_ == expected) {
      set(desired);
      return true;
    }
    ex_->acquire(sync_);
    ex_->record_values(bits(v_), bits(v_));
    ex_->step_failed_update();
    expected = v_;
    return false;
  }
  T fetch_add(T d, std::source_location loc = std::source_location::current()) {
    return rmw([d](T x) { return static_cast<T>(x + d); }, loc);
  }
  T fetch_sub(T d, std::source_location loc = std::source_location::current()) {
    return rmw([d](T x) { return static_cast<T>(x - d); }, loc);
  }
  T fetch_or(T m, std::source_location loc = std::source_location::current()) {
    return rmw([m](T x) { return static_cast<T>(x | m); }, loc);
  }
  T fetch_and(T m, std::source_location loc = std::source_location::current()) {
    return rmw([m](T x) { return static_cast<T>(x & m); }, loc);
  }
  // atomic_add_unless: adds a unless the value is u; true when it added.
  bool add_unless(T a, T u, std::source_location loc = std::source_location::current()) {
    if (!begin_update(OpKind::AtomicRmw, UpdateIf::NotEqual, u, loc)) return false;
    if (v_ == u) {
      ex_->acquire(sync_);
      ex_->record_values(bits(v_), bits(v_));
      ex_->step_failed_update();
      return false;
    }
    set(static_cast<T>(v_ + a));
    return true;
  }

  // wait_event(wq, pred(word)): blocks until pred(value) holds, then loads the word (another
  // thread may have changed it again in between, as after any wake-up) and returns what it read.
  // The wait is one scheduling point, disabled while pred is false (waiting is blocking, never a
  // busy loop, and a wait nobody can satisfy is a deadlock); the load is a second one. For partial-order reduction the wait reads the
  // word and is an await (EventDesc::await): its race with the write that satisfied pred is
  // reversed at the latest earlier write before which pred already held.
  template <class Pred>
  T wait_until(Pred pred, const char* what, std::source_location loc = std::source_location::current()) {
    const Waiter<Pred> w(*this, pred, what);
    if (!ex_->in_model_thread()) {
      // Setup runs sequentially: a wait there must already be satisfied.
      if (w.blocks(kNoThread)) throw std::logic_error(std::string("setup would block: ") + what);
      return v_;
    }
    if (!begin(OpKind::AtomicLoad, AccessMode::Read, loc, &w)) return T{};
    return load(loc);
  }

  // Without an event: for invariants, setup and tests. A model thread that peeks (a pointer it
  // reads under the lock that guards it) records a hidden read (Execution::peeks).
  T peek() const {
    ex_->note_peek(id_);
    return v_;
  }

 private:
  static ValueFormatter default_formatter() {
    if constexpr (std::is_signed_v<T>) return format_signed;
    return format_unsigned;
  }
  static std::uint64_t bits(T v) {
    if constexpr (std::is_enum_v<T>) {
      return static_cast<std::uint64_t>(static_cast<std::underlying_type_t<T>>(v));
    } else {
      return static_cast<std::uint64_t>(v);
    }
  }
  bool begin_update(OpKind kind, UpdateIf cond, T compare, std::source_location loc) {
    EventDesc d = describe(kind, AccessMode::Write);
    d.update_if = cond;
    d.compare = bits(compare);
    return begin(d, loc);
  }
  template <class F>
  T rmw(F f, std::source_location loc) {
    if (!begin(OpKind::AtomicRmw, AccessMode::Write, loc)) return T{};
    return set(f(v_));
  }
  T set(T v) {
    const T old = v_;
    ex_->acquire(sync_);
    ex_->release(sync_);
    ex_->record_values(bits(old), bits(v));
    v_ = v;
    return old;
  }

  template <class Pred>
  struct Waiter final : Blocker {
    Waiter(const Atomic& w, Pred& p, const char* what) : word(w), pred(p), what(what) {}
    const Atomic& word;
    Pred& pred;
    const char* what;
    bool blocks(ThreadId) const override { return !pred(word.v_); }
    std::string waiting_for() const override { return std::string(what) + " on " + word.name(); }
    bool is_await() const override { return true; }
    // Walks the word's writes backwards from the wait, undoing each (the trace records the value
    // before it): the first write that pred already held before is where the wait could have run.
    std::uint32_t await_reversal_point(const Execution& ex, std::uint32_t until, int access) const override {
      if (access != 0) return kReverseInPlace;  // acc[1]: the heap object the word lives in
      const auto& events = ex.events();
      const auto& steps = ex.steps();
      for (std::uint32_t k = until; k-- > 0;) {
        const Access& a = events[k].acc[0];
        if (a.obj != word.id_ || a.mode != AccessMode::Write || events[k].failed_update || !steps[k].has_values)
          continue;
        if (pred(from_bits(steps[k].before))) return k;
      }
      return kNoPosition;
    }
  };
  static T from_bits(std::uint64_t b) {
    if constexpr (std::is_enum_v<T>) {
      return static_cast<T>(static_cast<std::underlying_type_t<T>>(b));
    } else {
      return static_cast<T>(b);
    }
  }

  T v_;
  VectorClock sync_;  // written-through clocks: what a later access of this word synchronises with
  template <class A, class B, class Ready>
  friend void wait_until_either(Atomic<A>& a, Atomic<B>& b, Ready ready, const char* what,
                                std::source_location loc);
};

// wait_event on a condition over two words: blocks until ready(a, b) holds. One event that
// reads both words, so that partial-order reduction orders it against every write of either;
// an await like Atomic::wait_until, whose race with the write that satisfied the condition is
// reversed at the latest earlier write of either word before which it already held.
template <class A, class B, class Ready>
void wait_until_either(Atomic<A>& a, Atomic<B>& b, Ready ready, const char* what, std::source_location loc) {
  struct Waiter final : Blocker {
    Atomic<A>* a;
    Atomic<B>* b;
    Ready* ready;
    const char* what;
    bool blocks(ThreadId) const override { return !(*ready)(a->v_, b->v_); }
    std::string waiting_for() const override { return std::string(what) + " on " + a->name() + " and " + b->name(); }
    bool is_await() const override { return true; }
    std::uint32_t await_reversal_point(const Execution& ex, std::uint32_t until, int word) const override {
      A va = a->v_;
      B vb = b->v_;
      const ObjectId obj = word == 0 ? a->id_ : b->id_;
      for (std::uint32_t k = until; k-- > 0;) {
        const Access& w = ex.events()[k].acc[0];
        const StepRecord& s = ex.steps()[k];
        if (w.obj != obj || w.mode != AccessMode::Write || ex.events()[k].failed_update || !s.has_values) continue;
        if (word == 0) {
          va = Atomic<A>::from_bits(s.before);
        } else {
          vb = Atomic<B>::from_bits(s.before);
        }
        if ((*ready)(va, vb)) return k;
      }
      return kNoPosition;
    }
  };
  Waiter w;
  w.a = &a;
  w.b = &b;
  w.ready = &ready;
  w.what = what;
  Execution& ex = a.execution();
  if (!ex.in_model_thread()) {
    if (w.blocks(kNoThread)) throw std::logic_error(std::string("setup would block: ") + what);
    return;
  }
  EventDesc d;
  d.kind = OpKind::Custom;
  d.acc[0] = Access{a.id(), 0, AccessMode::Read};
  d.acc[1] = Access{b.id(), 0, AccessMode::Read};
  ex.schedule(d, &w, a.id(), loc);
}

}  // namespace checker
