// Base of every instrumented primitive: a stable identity, a display name, the tracked heap
// object it lives in (if any), and begin(), which turns an access into a scheduling point.
//
// Primitives are created inside an execution (setup or a model thread) and must not outlive
// it. Their peek() accessors read state without an event, for invariants and tests only.
#pragma once

#include <source_location>
#include <string>

#include "checker/execution.h"

namespace checker {

class Object {
 public:
  ObjectId id() const { return id_; }
  std::string name() const { return ex_->object_name(id_); }
  Execution& execution() const { return *ex_; }

 protected:
  explicit Object(ObjectName name, ValueFormatter fmt = nullptr);
  ~Object() = default;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  // Declares an access of the calling thread and waits to be scheduled. Returns false when
  // the execution is being torn down (the caller then returns without effect). Reports a
  // use-after-free when the owning heap object is freed.
  bool begin(OpKind kind, AccessMode mode, std::source_location loc, const Blocker* blocker = nullptr,
             std::uint16_t cell = 0, std::uint32_t period_start = ~0u);
  // The same for an event the primitive described itself (describe(), then its own fields).
  bool begin(const EventDesc& d, std::source_location loc, const Blocker* blocker = nullptr);
  EventDesc describe(OpKind kind, AccessMode mode, std::uint16_t cell = 0) const;
  void check_owner_live() const;
  // The subject of a violation that refuses operation `op` on this object before its event.
  ViolationSubject refused(OpKind op, std::source_location loc) const;

  Execution* ex_;
  ObjectId id_;
  HeapCell* owner_;
};

// While alive, primitives constructed on this thread belong to `cell`: accessing them after the
// cell is freed is a use-after-free.
class OwnerScope {
 public:
  explicit OwnerScope(HeapCell* cell);
  ~OwnerScope();
  OwnerScope(const OwnerScope&) = delete;
  OwnerScope& operator=(const OwnerScope&) = delete;

 private:
  Execution& ex_;
  HeapCell* saved_;
};

}  // namespace checker
