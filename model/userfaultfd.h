// UFFDIO_MOVE of a swapped-out page (mm/userfaultfd.c, seed 003): move_pages_ptes' swap branch
// and move_swap_pte move a swap PTE to another address of the same mm, taking the swap-cache
// folio's rmap (its index) along when the entry is cached.
//
// Locking: the PTEs are mapped under RCU (pte_offset_map: no folio lock may be taken there),
// read under their PTLs, and moved under both (double_pt_lock, in address order, the second
// nested). The swap device is held against swapoff (tryget_swap_entry) while the swap cache is
// looked at; a cached folio is trylocked, and on contention everything is dropped (the PTE maps,
// the device reference: seed 003 resets swapoff_locked there) to sleep on its lock and retry.
//
// An mm has one page table and one PTL here, so double_pt_lock takes that one lock. Model swap
// PTEs carry no exclusive bit: scenarios move only entries no fork shares (pte_swp_exclusive
// holds).
#pragma once

#include <cstdint>

#include "model/kernel.h"

namespace swapmodel {

struct Folio;
struct MmStruct;

// The result of moving one present page: move_present_pte is not modelled; the op stops there.
inline constexpr int kMovePresentNotModelled = 1;

// move_pages_ptes moving the page at mm[src_idx] to mm[dst_idx] (UFFDIO_MOVE of one page,
// retried while -EAGAIN as move_pages does): 0 when moved; -EEXIST (dst not none), -ENOENT (src none), -EBUSY (a large
// cached folio), -EFAULT (src a non-swap entry); kMovePresentNotModelled when src is (or became)
// a present page.
int move_pages(MmStruct& mm, int dst_idx, int src_idx);
// One pass of move_pages_ptes; -EAGAIN asks the caller to retry.
int move_pages_ptes(MmStruct& mm, int dst_idx, int src_idx);
// move_swap_pte: with the cached folio (or null) locked by the caller, recheck it, take the PTL,
// check that both PTEs still hold what the caller read, and move the swap PTE (and the folio's
// rmap); 0 or -EAGAIN.
int move_swap_pte(MmStruct& mm, int dst_idx, int src_idx, std::uint64_t orig_dst_pte, std::uint64_t orig_src_pte,
                  Folio* src_folio, swp_entry_t entry);

}  // namespace swapmodel
