// Dead-once: ghost deaths and the checks at revivals (lifetime.h).
#include "model/lifetime.h"

#include "checker/execution.h"

namespace swapmodel {

namespace {

std::string thread_name(const checker::Execution& ex, checker::ThreadId t) {
  return t == checker::kNoThread ? std::string("setup") : ex.thread(t).name;
}

void report(const std::string& what, const std::string& action, const std::string& when) {
  checker::Execution* ex = checker::current_execution();
  if (!ex->live()) return;
  ex->fail(checker::Verdict::UseAfterFree, kDeadOnce, what + ": " + action + " after it died " + when);
}

}  // namespace

std::string Death::str() const { return "at step " + std::to_string(step) + " by " + thread; }

void note_death(Death& d) {
  if (d.dead) return;
  const checker::Execution* ex = checker::current_execution();
  d.dead = true;
  d.step = ex->position() == 0 ? 0 : ex->position() - 1;  // the event being run (as a heap free records it)
  d.thread = ex->in_model_thread() ? thread_name(*ex, ex->self()) : std::string("setup");
}

void check_not_dead(const Death& d, const std::string& what, const std::string& action) {
  if (d.dead) report(what, action, d.str());
}

void check_cell_not_dead(const checker::HeapCell* cell, const std::string& what, const std::string& action) {
  if (cell->state != checker::HeapCell::State::Freed) return;
  report(what, action,
         "(freed) at step " + std::to_string(cell->freed_at) + " by " + thread_name(*checker::current_execution(), cell->freed_by));
}

}  // namespace swapmodel
