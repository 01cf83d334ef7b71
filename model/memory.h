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

inline constexpr int VM_FAULT_OOM = 1;
inline constexpr int VM_FAULT_SIGBUS = 2;

// do_swap_page (phase IV, seed 003): swap in the page the swap PTE at `idx` names and map it.
// Returns 0 (done, or raced and to be retried), VM_FAULT_OOM or VM_FAULT_SIGBUS. A PTE that is
// not a swap entry when read is left alone (handle_pte_fault would not get here).
int do_swap_page(MmStruct& mm, int idx, bool write);
// zap_pte_range: unmap [idx, idx + nr) (MADV_DONTNEED / munmap), putting swap entries directly.
void zap_pte_range(MmStruct& mm, int idx, int nr);
// copy_pte_range: fork copies [idx, idx + nr) of `src` into `dst`, duplicating swap entries.
int copy_pte_range(MmStruct& dst, MmStruct& src, int idx, int nr);
// A user store to the page at `idx`: faults it in if swapped out, then writes a new version of
// its content (all zeros when `zero`). The page must be exclusively mapped (copy-on-write is
// not modelled).
void write_page(MmStruct& mm, int idx, bool zero = false);

}  // namespace swapmodel
