// The descriptor design's invariants (SEMANTICS I19; issue 5), and the views of its state that
// the shared invariants (data_preserved, swapcache_consistent, count_matches_references) use
// for virtual entries. Everything here reads state with peek() only.
//
//   swap_refs_consistent  every step, per descriptor (one word and the ghost record written in
//                         the same step as it): swap_refs >= 0; at most one *_and_test reached 0,
//                         after which swap_refs stays 0 (0 is terminal); vswap_free ran at most
//                         once. At quiescence: each live descriptor is in vswap_map at its index
//                         with swap_refs == 2 x (PTEs naming it) + (a swap-cache folio at it);
//                         each one whose swap_refs reached 0 was freed by exactly one vswap_free,
//                         erased and freed after its grace period; every swap PTE and every
//                         swap-cache slot names a live descriptor.
//   vswap_rmap_consistent at quiescence: a physical slot is SWAP_MAP_ALLOCATED iff a live
//                         descriptor links it, and vswap_rmap names exactly that descriptor's
//                         entry (no physical slot leaked or freed under a live entry).
// Both are no-ops in a model of another design.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/folio.h"
#include "model/invariants.h"
#include "model/kernel.h"
#include "model/pagetable.h"

namespace swapmodel {
class SwapModel;
}

namespace swapmodel::desc {

// The registry entries above, appended to the model's invariant registry.
void add_invariant_entries(std::vector<InvariantEntry>& out);

// data_preserved for a swap PTE `where` naming virtual entry `e` whose page was last `want`:
// a message when the page cannot be read back as `want`.
std::optional<std::string> check_swapped_page(SwapModel& m, swp_entry_t e, std::uint64_t want, const PteRef& where);
// swapcache_consistent for a folio in the swap cache of a vswap_desc model (judged while the
// folio is unlocked: its cache state changes only under its lock).
std::optional<std::string> check_cached_folio(SwapModel& m, Folio& f);

}  // namespace swapmodel::desc
