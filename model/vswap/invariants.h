// Invariants of seed 004's vswap device (SEMANTICS I5, I12-I17; issue 5), registered in the
// model's invariant registry. Each holds trivially when CONFIG_VSWAP is off.
//
// Step invariants judge a vswap cluster only while its lock is free. Relations between objects
// guarded by different locks (a vswap slot's vtable and the physical Pointer entry naming it,
// a memcg counter and the slots charged to it) are checked at quiescence: DPOR runs one
// interleaving per trace, and those relations hold only once the steps that update both sides
// are all done (see checker/README.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/invariants.h"
#include "model/kernel.h"
#include "model/pagetable.h"

namespace swapmodel {
class SwapModel;
}

namespace swapmodel::vswap {

void add_invariant_entries(std::vector<InvariantEntry>& r);
// data_preserved for a PTE naming a vswap entry: what swap-in would read (the cached folio, the
// zero flag, the zswap entry, or the physical slot) is the page's last version.
std::optional<std::string> check_swapped_page(SwapModel& m, swp_entry_t e, std::uint64_t want, const PteRef& where);

}  // namespace swapmodel::vswap
