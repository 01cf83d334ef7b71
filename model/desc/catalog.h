// Named scenarios of the descriptor design (design "vswap_desc"): the concurrent pairs issue 5
// asks to explore exhaustively, the smallest setup for mutation desc_dup_no_add_unless, and the
// race the faithful model exposes. The model's scenario catalog (model/catalog.h) lists them.
//
// Layout: one device of two 4-slot clusters (8 physical slots, 7 usable; the same number of
// virtual indices), one memcg (the root), mm ids in creation order. A page swapped out in
// setup gets virtual entry vswap(1) and physical slot 1.
#pragma once

#include "model/program.h"

namespace swapmodel::desc {

SwapConfig desc_config();

// The concurrent pairs.
SwapScenario swapin_vs_zap();     // do_swap_page on a swapped-out page vs zap of its PTE
                                  // (finding: NULL si in do_swap_page; fix desc_swapin_checks_si)
SwapScenario swapin_vs_swapin();  // two faults on two PTEs sharing one entry (fork in setup)
SwapScenario fork_vs_zap();       // fork of a PTE sharing an entry vs zap of the other sharer
SwapScenario swapout_vs_swapin(); // reclaim of a mapped page vs a fault on its PTE

// Mutation desc_dup_no_add_unless: zap of the last reference vs a transient dup of the entry.
SwapScenario dup_no_add_unless_setup();

// Finding: with the documented non_swapcache_batch (fix desc_non_swapcache_batch_fixed), an
// order-1 direct swap-in races a zap of the range's first PTE and leaves a stale cache pin.
SwapScenario thp_swapin_vs_zap();

}  // namespace swapmodel::desc
