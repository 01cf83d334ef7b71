#include "checker/object.h"

#include <stdexcept>

namespace checker {

namespace {
Execution& require_execution() {
  Execution* ex = current_execution();
  if (ex == nullptr) throw std::logic_error("instrumented primitives exist only inside an execution");
  return *ex;
}
}  // namespace

Object::Object(ObjectName name, ValueFormatter fmt) : ex_(&require_execution()) {
  id_ = ex_->register_object(name, fmt);
  owner_ = ex_->current_owner();
}

EventDesc Object::describe(OpKind kind, AccessMode mode, std::uint16_t cell) const {
  EventDesc d;
  d.kind = kind;
  d.acc[0] = Access{id_, cell, mode};
  if (owner_ != nullptr) d.acc[1] = Access{owner_->id, 0, AccessMode::Read};
  return d;
}

bool Object::begin(OpKind kind, AccessMode mode, std::source_location loc, const Blocker* blocker,
                   std::uint16_t cell, std::uint32_t period_start) {
  // Outside a model thread (setup, which runs whole kernel paths to build the initial state, or
  // teardown) nothing is scheduled and the event is never read.
  static const EventDesc kUnscheduled{};
  if (!ex_->in_model_thread()) return begin(kUnscheduled, loc, blocker);
  EventDesc d = describe(kind, mode, cell);
  d.period_start = period_start;
  return begin(d, loc, blocker);
}

bool Object::begin(const EventDesc& d, std::source_location loc, const Blocker* blocker) {
  if (!ex_->schedule(d, blocker, id_, loc)) return false;
  check_owner_live();
  return true;
}

void Object::check_owner_live() const {
  if (owner_ == nullptr || owner_->state != HeapCell::State::Freed) return;
  const std::string who = owner_->freed_by == kNoThread ? std::string("setup")
                                                         : ex_->thread(owner_->freed_by).name;
  ViolationSubject subject;
  subject.object = id_;
  subject.heap = owner_->id;
  ex_->fail(Verdict::UseAfterFree, "use_after_free",
            "access to " + name() + " inside " + owner_->name.str() + ", freed at step " +
                std::to_string(owner_->freed_at) + " by " + who,
            subject);
}

OwnerScope::OwnerScope(HeapCell* cell) : ex_(require_execution()), saved_(ex_.current_owner()) {
  ex_.set_current_owner(cell);
}

OwnerScope::~OwnerScope() { ex_.set_current_owner(saved_); }

}  // namespace checker
