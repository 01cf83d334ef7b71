// The invariant checks themselves (internal to model/; invariants.h is the interface).
//
// A step check takes `const StepDirty* d`: nullptr judges every unit, otherwise only the units
// the step could have changed (step_invariant.h). Quiescence checks run once per execution and
// judge everything.
#pragma once

#include <memory>
#include <vector>

#include "model/invariant_util.h"
#include "model/step_dirty.h"

namespace swapmodel::inv {

// Every step.
Result count_nonnegative(SwapModel& m, const StepDirty* d);
Result cluster_count_consistent(SwapModel& m, const StepDirty* d);
Result charge_nonnegative(SwapModel& m, const StepDirty* d);
Result swapcache_consistent(SwapModel& m, const StepDirty* d);
Result data_preserved(SwapModel& m, const StepDirty* d);

// At quiescence.
Result count_matches_references(SwapModel& m);
Result no_slot_leak(SwapModel& m);
Result charge_balanced(SwapModel& m);
Result folio_ref_balanced(SwapModel& m);
Result kernel_warning(SwapModel& m);
Result dead_once(SwapModel& m);  // invariants_dead_once.cpp

// count_within_limit keeps the bound it judged against: the bound is ghost state (hibernation
// slots) that changes without an event, so a change of it judges every slot again.
class CountLimit {
 public:
  Result check(SwapModel& m, const StepDirty* d);

 private:
  long bound_ = -1;
};

// swapcache_changed_under_folio_lock keeps the previous step's view of every folio: a signature
// of its PG_swapcache bit, folio->swap and the slots naming it (invariants_cache_change.cpp).
class CacheChangeTracker {
 public:
  explicit CacheChangeTracker(SwapModel& m);  // the baseline: the state after setup
  Result check(SwapModel& m, const StepDirty* d);
  // The signature of a folio outside the swap cache (for folios allocated after the baseline).
  static std::uint64_t signatures_default();

 private:
  Result judge_all(SwapModel& m);
  Result judge_marked(SwapModel& m, const StepDirty& d);
  void rescan(SwapModel& m, std::vector<std::uint64_t>& seen, const SwapDevice& si, SwapCluster& ci, bool visible);

  // Per folio: signature_ = own_ + slots_ (mod 2^64): own_ hashes PG_swapcache and folio->swap,
  // slots_ sums a hash of each slot naming the folio.
  std::vector<std::uint64_t> signature_, own_, slots_;
  // Per cluster, the words last seen in its table (empty while for_each_slot does not visit it):
  // physical clusters by StepDirty key, vswap clusters by id.
  std::vector<std::vector<std::uint64_t>> phys_seen_, vswap_seen_;
  std::vector<std::uint32_t> touched_;  // folios whose signature a step may have changed
};

}  // namespace swapmodel::inv
