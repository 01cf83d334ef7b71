// The page-table side of swap (mm/memory.c): the swap-in fault, zap, fork's PTE copy, and a
// user write to a mapped page.
//
// Locking: every PTE write holds the PTL of its table. The fault reads the PTE without the PTL
// first (vmf->orig_pte) and re-checks it under the PTL before mapping (pte_same). fork holds
// the child's PTL and, nested, the parent's. mmap_lock is not modelled: scenarios pair
// operations that the kernel lets run concurrently (a fault and MADV_DONTNEED on one mm, fork
// of one mm and a zap of another).
#pragma once

#include "model/pagetable.h"

namespace swapmodel {

struct Folio;
struct SwapDevice;

inline constexpr int VM_FAULT_OOM = 1;
inline constexpr int VM_FAULT_SIGBUS = 2;

// do_swap_page (phase IV, seed 003): swap in the page the swap PTE at `idx` names and map it.
// Returns 0 (done, or raced and to be retried), VM_FAULT_OOM or VM_FAULT_SIGBUS. A PTE that is
// not a swap entry when read is left alone (handle_pte_fault would not get here).
// ra_win > 1: a device without SWP_SYNCHRONOUS_IO swaps in through swapin_readahead's VMA
// readahead (swap_readahead.h) over that many PTEs around idx; 1: the target entry only.
int do_swap_page(MmStruct& mm, int idx, bool write, int ra_win = 1);
// zap_pte_range: unmap [idx, idx + nr) (MADV_DONTNEED / munmap), putting swap entries directly.
void zap_pte_range(MmStruct& mm, int idx, int nr);
// copy_pte_range: fork copies [idx, idx + nr) of `src` into `dst`, duplicating swap entries.
int copy_pte_range(MmStruct& dst, MmStruct& src, int idx, int nr);
// --- the steps of the paths above (scenario threads call them one by one, registry.h) ------
// do_swap_page: the large orders worth trying at `idx` (bit 1: order 1), read without the PTL.
unsigned thp_swapin_suitable_orders(MmStruct& mm, int idx, std::uint64_t orig_pte);
// do_swap_page's mapping (PTL held, folio locked in the swap cache, uptodate, pte_same checked):
// the folio's pages at their PTEs (the whole folio when its PTEs hold its consecutive entries,
// else the page for `entry`), folio_put_swap for them; returns the number of pages mapped.
int do_swap_page_map(MmStruct& mm, int idx, Folio& folio, swp_entry_t entry);
// should_try_to_free_swap after mapping `extra_refs` pages (folio locked).
bool should_try_to_free_swap(SwapDevice& si, Folio& folio, bool write, int extra_refs);
// zap_present_ptes for one PTE holding `pte`, a present page (PTL held).
void zap_present_ptes(MmStruct& mm, int idx, std::uint64_t pte);
// swap_pte_batch: PTEs from idx (at most max_nr) holding consecutive entries from `entry` within
// its cluster (PTL held).
int swap_pte_batch(MmStruct& mm, int idx, int max_nr, swp_entry_t entry);
// clear_not_present_full_ptes: nr PTEs from idx become none (PTL held).
void clear_not_present_full_ptes(MmStruct& mm, int idx, int nr);

// A user store to the page at `idx`: faults it in if swapped out, then writes a new version of
// its content (all zeros when `zero`). The page must be exclusively mapped (copy-on-write is
// not modelled).
void write_page(MmStruct& mm, int idx, bool zero = false);

}  // namespace swapmodel
