#include "model/preempt_lock.h"

#include "model/model.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

// In setup there are no read-side sections (checker::Rcu frees at once), so the model counts
// the preempt-off locks setup holds itself: vswap clusters retired meanwhile are freed when the
// last one is released (vswap::flush_setup_deferred_free).
namespace {
void enter(std::source_location loc) {
  SwapModel& m = model();
  m.rcu.read_lock(loc);
  if (!checker::current_execution()->in_model_thread()) ++m.setup_preempt_off;
}
void leave(std::source_location loc) {
  SwapModel& m = model();
  m.rcu.read_unlock(loc);
  if (!checker::current_execution()->in_model_thread()) --m.setup_preempt_off;
  vswap::flush_setup_deferred_free();
}
}  // namespace

void PreemptOffLock::lock(std::source_location loc) {
  if (rcu_reader_) enter(loc);
  SpinLock::lock(loc);
}

void PreemptOffLock::lock_nested(int subclass, std::source_location loc) {
  if (rcu_reader_) enter(loc);
  SpinLock::lock_nested(subclass, loc);
}

bool PreemptOffLock::trylock(std::source_location loc) {
  if (rcu_reader_) enter(loc);
  const bool ok = SpinLock::trylock(loc);
  if (!ok && rcu_reader_) leave(loc);
  return ok;
}

void PreemptOffLock::unlock(std::source_location loc) {
  SpinLock::unlock(loc);
  if (rcu_reader_) leave(loc);
}

}  // namespace swapmodel
