#include "checker/heap.h"

namespace checker {

namespace {

Execution& ex() { return *current_execution(); }

EventDesc heap_event(OpKind kind, const HeapCell* cell, AccessMode mode) {
  EventDesc d;
  d.kind = kind;
  if (cell != nullptr) d.acc[0] = Access{cell->id, 0, mode};
  return d;
}

std::string freer(const HeapCell* cell) {
  return cell->freed_by == kNoThread ? std::string("setup") : ex().thread(cell->freed_by).name;
}

void mark_freed(HeapCell* cell) {
  cell->state = HeapCell::State::Freed;
  cell->freed_at = ex().position() == 0 ? 0 : ex().position() - 1;
  cell->freed_by = ex().in_model_thread() ? ex().self() : kNoThread;
}

void free_now(HeapCell* cell, bool from_rcu, std::source_location loc) {
  if (!ex().schedule(heap_event(OpKind::HeapFree, cell, AccessMode::Write), nullptr, cell->id, loc)) return;
  const bool twice = cell->state == HeapCell::State::Freed || (cell->state == HeapCell::State::Retired && !from_rcu);
  ViolationSubject subject;
  subject.object = subject.heap = cell->id;
  if (twice)
    ex().fail(Verdict::DoubleFree, "double_free",
              cell->name.str() + (cell->state == HeapCell::State::Retired ? " freed after it was passed to kfree_rcu"
                                                                           : " freed twice (first at step " +
                                                                                 std::to_string(cell->freed_at) +
                                                                                 " by " + freer(cell) + ")"),
              subject);
  mark_freed(cell);
}

}  // namespace

// Not a scheduling point: a fresh cell conflicts with nothing, so a switch here would only add
// interleavings. Worse, models allocate inside constructors that emplace into shared containers;
// a switch in the middle of one emplace let another thread's emplace into the same container
// run, and the container ended up with an element never constructed (found by the bounded
// explorer on two forks that both allocate an extend table).
HeapCell* heap_alloc(ObjectName name, std::source_location loc) {
  HeapCell* cell = ex().new_heap_cell(name);
  ex().note_alloc(cell, loc.function_name());
  return cell;
}

void heap_free(HeapCell* cell, std::source_location loc) { free_now(cell, false, loc); }

void heap_free_rcu(Rcu& rcu, HeapCell* cell, std::source_location loc) {
  rcu.retire(cell, [cell] { free_now(cell, true, std::source_location::current()); }, loc);
}

void heap_access(HeapCell* cell, std::source_location loc) {
  if (!ex().schedule(heap_event(OpKind::HeapAccess, cell, AccessMode::Read), nullptr, cell->id, loc)) return;
  if (cell->state != HeapCell::State::Freed) return;
  ViolationSubject subject;
  subject.object = subject.heap = cell->id;
  ex().fail(Verdict::UseAfterFree, "use_after_free",
            "access to " + cell->name.str() + ", freed at step " + std::to_string(cell->freed_at) + " by " + freer(cell),
            subject);
}

}  // namespace checker
