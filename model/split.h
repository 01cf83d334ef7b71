// Split of a large swap-cache folio (mm/huge_memory.c: __folio_split, __split_unmapped_folio;
// the swap table's __swap_cache_replace_folio, mm/swap_state.c): an order-1 folio in the swap
// cache becomes two order-0 folios, and the table word of its second slot stops naming the
// old folio and names the new one.
//
// Locking: the splitter holds the folio lock and a reference; it freezes the count at exactly
// its own reference plus the swap cache's (a holder of any other reference makes the split fail
// with -EAGAIN), then takes the cluster lock of the folio's entry and changes the folio and the
// table words under it. A lockless lookup (swap_cache_get_folio) that meets the frozen folio
// waits for its lock holder and looks again, finding the new folio for the second slot. The new
// folio comes out locked (PG_locked is copied) and is unlocked and released at the end.
//
// Only a folio no PTE maps is split here: a mapped one would first be unmapped to migration
// entries (unmap_folio -> try_to_migrate) and remapped after, which the model does not have.
#pragma once

namespace swapmodel {

struct Folio;

// The outcome when the folio is mapped: unmap_folio is not modelled.
inline constexpr int kSplitMappedNotModelled = 1;

// __folio_split to order 0, folio locked with a reference held: 0 split; -EAGAIN (another
// reference: the count did not freeze), -EINVAL (not large), or kSplitMappedNotModelled.
int __folio_split(Folio& folio);
// A caller's split of a swap-cache folio by id: folio_try_get, folio_lock, __folio_split if it is
// still in the swap cache (-EBUSY otherwise), unlock, put.
int split_swapcache_folio(Folio& folio);

}  // namespace swapmodel
