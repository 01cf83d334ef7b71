// The invariant checks themselves (internal to model/; invariants.h is the interface).
#pragma once

#include <memory>

#include "model/invariant_util.h"

namespace swapmodel::inv {

Result count_nonnegative(SwapModel& m);
Result count_within_limit(SwapModel& m);
Result count_matches_references(SwapModel& m);
Result no_slot_leak(SwapModel& m);
Result cluster_count_consistent(SwapModel& m);
Result charge_nonnegative(SwapModel& m);
Result charge_balanced(SwapModel& m);
Result folio_ref_balanced(SwapModel& m);
Result swapcache_consistent(SwapModel& m);
Result data_preserved(SwapModel& m);
Result kernel_warning(SwapModel& m);

// swapcache_changed_under_folio_lock keeps the previous step's view of every folio.
class CacheChangeTracker {
 public:
  explicit CacheChangeTracker(SwapModel& m);  // the baseline: the state after setup
  Result check(SwapModel& m);
  // The signature of a folio outside the swap cache (for folios allocated after the baseline).
  static std::uint64_t signatures_default();

 private:
  std::vector<std::uint64_t> signature_;  // per folio
};

}  // namespace swapmodel::inv
