// Atomic<T>: a sequentially consistent atomic word (the kernel's atomic_t / atomic_long_t and
// the READ_ONCE/WRITE_ONCE words of the model). Every operation is one scheduling point.
// Loads are reads and everything else, including a failing compare-exchange, is a write for
// partial-order reduction (a conservative choice that keeps dependence static). For the data-race
// detector every operation synchronises like a seq_cst access.
#pragma once

#include <cstdint>
#include <source_location>
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
    if (!begin(OpKind::AtomicCmpxchg, AccessMode::Write, loc)) return false;
    if (v_ == expected) {
      set(desired);
      return true;
    }
    ex_->acquire(sync_);
    ex_->record_values(bits(v_), bits(v_));
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
    if (!begin(OpKind::AtomicRmw, AccessMode::Write, loc)) return false;
    if (v_ == u) {
      ex_->acquire(sync_);
      ex_->record_values(bits(v_), bits(v_));
      return false;
    }
    set(static_cast<T>(v_ + a));
    return true;
  }

  // Without an event: for invariants, setup and tests.
  T peek() const { return v_; }

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

  T v_;
  VectorClock sync_;  // written-through clocks: what a later access of this word synchronises with
};

}  // namespace checker
