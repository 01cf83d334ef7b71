// Atomic<T>: an atomic word (the kernel's atomic_t / atomic_long_t and the READ_ONCE/WRITE_ONCE
// words of the model). Every operation is one scheduling point.
// Memory orders: every operation takes an optional MemoryOrder (seq_cst when left out). In the
// default memory model (MemoryModel::Sc) orders are ignored and every operation is sequentially
// consistent, exactly as if none were given. In the C11 model (Bounds::memory_model) a load
// reads one of the stores coherence allows, chosen by the search, and synchronises as its order
// says (weak_memory.h); read-modify-writes read the latest store.
// For partial-order reduction loads are reads and stores and read-modify-writes are writes; a
// compare-exchange or add_unless that fails changed nothing, and race analysis treats it as a
// read of the value it compared (as GenMC does), so failed ones on one word do not race with
// each other (EventDesc::failed_update). A word may let its adds commute (let_adds_commute,
// commuting_adds.h): then adds whose callers learn at most a clamp of the old value are not
// reordered against each other while nothing can tell their orders apart. In the C11 model such
// an add is still the read-modify-write its order says (it reads the latest store and
// synchronises), and race analysis leaves two of one segment unordered only when nothing in the
// execution observed their order (weak_adds.h). For the data-race detector every operation
// synchronises like a seq_cst access in the Sc model, except that commuting adds of one segment
// do not synchronise with each other; in the C11 model, as its order says.
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <source_location>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "checker/commuting_adds.h"
#include "checker/object.h"
#include "checker/weak_adds.h"
#include "checker/weak_memory.h"

namespace checker {

template <class T>
class Atomic : public Object {
  static_assert(std::is_integral_v<T> || std::is_enum_v<T>, "Atomic<T> holds integers and enums");

 public:
  explicit Atomic(ObjectName name, T init = T{}, ValueFormatter fmt = default_formatter())
      : Object(name, fmt), v_(init) {
    if (ex_->memory_model() == MemoryModel::C11) weak_ = std::make_unique<WeakLocation>(bits(init));
  }

  // Lets adds of this word commute (commuting_adds.h). The model promises that whatever reads
  // the word without an event (step invariants, peeks) depends on it only through its clamp to
  // [visible_lo, visible_hi]; add(), fetch_add_clamped(), fetch_sub_clamped() and a successful
  // add_unless() then commute with each other while that clamp, and what each of them learns,
  // is the same in every order. Call it in setup, before the first event on the word.
  void let_adds_commute(T visible_lo, T visible_hi) {
    static_assert(std::is_integral_v<T> && std::is_signed_v<T>, "commuting adds need a signed integer word");
    adds_ = std::make_unique<CommutingAdds>(visible_lo, visible_hi);
    ex_->register_commuting_adds(id_, adds_.get());
  }

  T load(std::source_location loc = std::source_location::current()) { return load(MemoryOrder::SeqCst, loc); }
  T load(MemoryOrder o, std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::AtomicLoad, AccessMode::Read, loc)) return T{};
    settle();
    if (weak_) return from_bits(weak_load(*ex_, *weak_, o));
    ex_->acquire(sync_);
    ex_->record_values(bits(v_), bits(v_));
    return v_;
  }
  void store(T v, std::source_location loc = std::source_location::current()) { store(v, MemoryOrder::SeqCst, loc); }
  void store(T v, MemoryOrder o, std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::AtomicStore, AccessMode::Write, loc)) return;
    set(v, o, false);
  }
  T exchange(T v, std::source_location loc = std::source_location::current()) {
    return exchange(v, MemoryOrder::SeqCst, loc);
  }
  T exchange(T v, MemoryOrder o, std::source_location loc = std::source_location::current()) {
    if (!begin(OpKind::AtomicRmw, AccessMode::Write, loc)) return T{};
    return set(v, o);
  }
  // Strong compare-exchange; on failure `expected` receives the current value. In the C11 model
  // it reads the latest store whether it succeeds or fails, and a failed one synchronises as `o`
  // says (one order for both outcomes).
  bool compare_exchange(T& expected, T desired, std::source_location loc = std::source_location::current()) {
    return compare_exchange(expected, desired, MemoryOrder::SeqCst, loc);
  }
  bool compare_exchange(T& expected, T desired, MemoryOrder o,
                        std::source_location loc = std::source_location::current()) {
    if (!begin_update(OpKind::AtomicCmpxchg, UpdateIf::Equal, expected, loc)) return false;
    if (v_ == expected) {
      set(desired, o);
      return true;
    }
    settle();
    read_latest(o);
    ex_->record_values(bits(v_), bits(v_));
    ex_->step_failed_update();
    expected = v_;
    return false;
  }
  T fetch_add(T d, MemoryOrder o = MemoryOrder::SeqCst, std::source_location loc = std::source_location::current()) {
    return rmw([d](T x) { return static_cast<T>(x + d); }, o, loc);
  }
  T fetch_sub(T d, MemoryOrder o = MemoryOrder::SeqCst, std::source_location loc = std::source_location::current()) {
    return rmw([d](T x) { return static_cast<T>(x - d); }, o, loc);
  }
  T fetch_or(T m, MemoryOrder o = MemoryOrder::SeqCst, std::source_location loc = std::source_location::current()) {
    return rmw([m](T x) { return static_cast<T>(x | m); }, o, loc);
  }
  T fetch_and(T m, MemoryOrder o = MemoryOrder::SeqCst, std::source_location loc = std::source_location::current()) {
    return rmw([m](T x) { return static_cast<T>(x & m); }, o, loc);
  }
  T fetch_add(T d, std::source_location loc) { return fetch_add(d, MemoryOrder::SeqCst, loc); }
  T fetch_sub(T d, std::source_location loc) { return fetch_sub(d, MemoryOrder::SeqCst, loc); }
  T fetch_or(T m, std::source_location loc) { return fetch_or(m, MemoryOrder::SeqCst, loc); }
  T fetch_and(T m, std::source_location loc) { return fetch_and(m, MemoryOrder::SeqCst, loc); }
  // atomic_add / atomic_sub: an add whose caller learns nothing of the old value.
  void add(T d, std::source_location loc = std::source_location::current()) { add(d, MemoryOrder::SeqCst, loc); }
  void add(T d, MemoryOrder o, std::source_location loc = std::source_location::current()) {
    (void)add_clamped(d, T{}, T{}, loc, o);
  }
  // An add whose caller learns only the old value clamped to [lo, hi] (what it returns), as
  // folio_put_testzero learns whether the count was the last reference: it commutes with the
  // word's other such adds (let_adds_commute) while their clamps cannot tell their orders apart.
  T fetch_add_clamped(T d, T lo, T hi, std::source_location loc = std::source_location::current()) {
    return add_clamped(d, lo, hi, loc);
  }
  T fetch_sub_clamped(T d, T lo, T hi, std::source_location loc = std::source_location::current()) {
    return add_clamped(static_cast<T>(-d), lo, hi, loc);
  }

  // atomic_add_unless: adds a unless the value is u; true when it added. One that added learns
  // that the value was not u: on a word whose adds commute it commutes with them while the
  // value cannot be u in any of their orders. In the C11 model it reads the latest store either
  // way, and synchronises as `success` says when it adds and as `failure` says when it does not
  // (a failed one stored nothing, so a release in `failure` releases nothing).
  bool add_unless(T a, T u, std::source_location loc = std::source_location::current()) {
    return add_unless(a, u, MemoryOrder::SeqCst, MemoryOrder::SeqCst, loc);
  }
  bool add_unless(T a, T u, MemoryOrder success, MemoryOrder failure,
                  std::source_location loc = std::source_location::current()) {
    EventDesc d = describe(OpKind::AtomicRmw, AccessMode::Write);
    d.update_if = UpdateIf::NotEqual;
    d.compare = bits(u);
    if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      describe_add(d, a, std::int64_t{u} - 1, std::int64_t{u} + 1);
    }
    if (!begin(d, loc)) return false;
    if (v_ == u) {
      settle();
      read_latest(failure);
      ex_->record_values(bits(v_), bits(v_));
      ex_->step_failed_update();
      return false;
    }
    if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      if (joins_segment(a, std::int64_t{u} - 1, std::int64_t{u} + 1, success)) return true;
    }
    set(static_cast<T>(v_ + a), success);
    return true;
  }

  // wait_event(wq, pred(word)): blocks until pred(value) holds, then loads the word (another
  // thread may have changed it again in between, as after any wake-up) and returns what it read.
  // Under the C11 model both read the latest store.
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
    settle();
    if (!weak_) return load(loc);
    // C11 model: the woken thread reads the latest store (the one that satisfied pred, or a
    // later one), as a seq_cst load that cannot read an older store: a wait never returns a
    // value its own condition rejects.
    if (!begin(OpKind::AtomicLoad, AccessMode::Read, loc)) return T{};
    settle();
    read_latest(MemoryOrder::SeqCst);
    ex_->record_values(bits(v_), bits(v_));
    return v_;
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
  T rmw(F f, MemoryOrder o, std::source_location loc) {
    if (!begin(OpKind::AtomicRmw, AccessMode::Write, loc)) return T{};
    return set(f(v_), o);
  }
  T add_clamped(T d, T lo, T hi, std::source_location loc, MemoryOrder o = MemoryOrder::SeqCst) {
    static_assert(std::is_integral_v<T> && std::is_signed_v<T>, "clamped adds need a signed integer word");
    EventDesc desc = describe(OpKind::AtomicRmw, AccessMode::Write);
    describe_add(desc, d, lo, hi);
    if (!begin(desc, loc)) return T{};
    const T old = v_;
    if (!joins_segment(d, lo, hi, o)) set(static_cast<T>(old + d), o);
    return std::clamp(old, lo, hi);
  }
  // An add of d whose caller learns clamp(old, lo, hi), on a word whose adds commute: race
  // analysis needs to know what it adds and learns to tell where it would commute. Not under
  // C11: there the event stays the write it is for sleep sets, wakeup trees and AddContext
  // (conservative), and race analysis asks the execution instead (weak_adds.h).
  void describe_add(EventDesc& e, T d, std::int64_t lo, std::int64_t hi) const {
    constexpr std::int64_t kMin = INT32_MIN, kMax = INT32_MAX;
    const auto fits = [](std::int64_t v) { return v >= kMin && v <= kMax; };
    if (!adds_ || weak_ || !fits(static_cast<std::int64_t>(d)) || !fits(lo) || !fits(hi)) return;
    e.commutable = true;
    e.add_delta = static_cast<std::int32_t>(d);
    e.add_lo = static_cast<std::int32_t>(lo);
    e.add_hi = static_cast<std::int32_t>(hi);
  }
  // Runs the add of d as a commuting add when the word's segment takes it (the caller learns
  // clamp(old, lo, hi)); false when it must run as an ordinary write. Under C11 it always runs
  // here, as the read-modify-write it is (weak_adds.h): whether it joined decides only how race
  // analysis orders it.
  bool joins_segment(T d, std::int64_t lo, std::int64_t hi, MemoryOrder o) {
    if (!adds_ || !ex_->in_model_thread()) return false;
    if (weak_) {
      const T old = v_;
      const bool joins = adds_->join(ex_->self(), static_cast<std::int64_t>(old), static_cast<std::int64_t>(d), lo, hi);
      v_ = static_cast<T>(old + d);
      weak_commuting_add(*ex_, *weak_, bits(v_), o, joins);
      ex_->record_values(bits(old), bits(v_));
      return true;
    }
    if (!ex_->events().back().commutable) return false;
    const T old = v_;
    if (!adds_->join(ex_->self(), static_cast<std::int64_t>(old), static_cast<std::int64_t>(d), lo, hi)) return false;
    ex_->acquire(sync_);  // the segment's start, not its other adds
    ex_->release(adds_->released());
    v_ = static_cast<T>(old + d);
    ex_->record_values(bits(old), bits(v_));
    ex_->step_commuting_add();
    return true;
  }
  // Any access of the word other than a commuting add ends the segment, and is ordered after all
  // of its adds.
  void settle() {
    if (!adds_) return;
    sync_.join(adds_->released());
    adds_->close();
    if (weak_) ex_->weak_adds().close(weak_.get());
  }
  // Writes v; `rmw`: the write half of a read-modify-write, which read the latest store.
  T set(T v, MemoryOrder o = MemoryOrder::SeqCst, bool rmw = true) {
    settle();
    const T old = v_;
    if (weak_) {
      if (rmw) read_latest(o);
      if (!weak_store(*ex_, *weak_, bits(v), o, rmw)) {
        // Placed before a newer store in modification order: the word keeps its latest value.
        ex_->record_values(bits(v), bits(v));
        ex_->step_stale();
        return old;
      }
    } else {
      ex_->acquire(sync_);
      ex_->release(sync_);
    }
    ex_->record_values(bits(old), bits(v));
    v_ = v;
    return old;
  }
  // The read of a read-modify-write or of a failed conditional update.
  void read_latest(MemoryOrder o) {
    if (weak_) {
      weak_read_latest(*ex_, *weak_, o);
    } else {
      ex_->acquire(sync_);
    }
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
        if (a.obj != word.id_ || a.mode != AccessMode::Write || events[k].failed_update || !steps[k].has_values ||
            steps[k].stale)
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
  std::unique_ptr<CommutingAdds> adds_;  // null unless let_adds_commute
  std::unique_ptr<WeakLocation> weak_;   // C11 model only: the word's stores and reads
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
        if (w.obj != obj || w.mode != AccessMode::Write || ex.events()[k].failed_update || !s.has_values || s.stale)
          continue;
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
  if (!ex.schedule(d, &w, a.id(), loc)) return;
  a.settle();
  b.settle();
}

}  // namespace checker
