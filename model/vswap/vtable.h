// Seed 004's per-slot vswap state as pure functions: the virtual_table word (mm/vswap.h, P2/P3)
// and the SWP_RMAP_CACHE_ONLY bit of a physical Pointer entry (mm/swap_table.h, P3).
//
// Nothing here touches model state. The instrumented code (model/vswap/*.cpp) reads a slot,
// calls these and writes the result back, so a differential test can compare each step with
// the Z3 encoding of proofs/vswap_slot.h on concrete states.
//
// virtual_table word (P2 encoding), tag in the low three bits:
//   NONE      0
//   SWAPFILE  phys_entry.val << 3 | 1
//   ZSWAP     zswap_entry pointer | 2   (the model stores the entry id << 3)
// VSWAP_ZERO and VSWAP_FOLIO are never stored: __vswap_check_backing derives them from the zero
// flag and the PFN format of the swap-table word.
#pragma once

#include <cstdint>

#include "model/swap_table.h"

namespace swapmodel::vt {

enum Type : std::uint8_t { VSWAP_NONE = 0, VSWAP_SWAPFILE = 1, VSWAP_ZSWAP = 2, VSWAP_ZERO = 3, VSWAP_FOLIO = 4 };

inline constexpr unsigned kTagBits = 3;
inline constexpr std::uint64_t kTagMask = (1ull << kTagBits) - 1;

constexpr Type type(std::uint64_t w) { return static_cast<Type>(w & kTagMask); }
constexpr std::uint64_t payload(std::uint64_t w) { return w >> kTagBits; }
constexpr std::uint64_t mk_none() { return 0; }
// vtable_mk_phys
constexpr std::uint64_t mk_phys(std::uint64_t phys_entry) { return (phys_entry << kTagBits) | VSWAP_SWAPFILE; }
// (unsigned long)ze | VSWAP_ZSWAP
constexpr std::uint64_t mk_zswap(std::uint32_t zswap_id) { return (static_cast<std::uint64_t>(zswap_id) << kTagBits) | VSWAP_ZSWAP; }
constexpr std::uint64_t to_phys(std::uint64_t w) { return payload(w); }
constexpr std::uint32_t to_zswap(std::uint64_t w) { return static_cast<std::uint32_t>(payload(w)); }

// The effective type of one slot (__vswap_check_backing's per-slot step): the zero flag wins
// over a cached folio, which wins over nothing.
constexpr Type effective_type(std::uint64_t vtw, std::uint64_t swp_tb) {
  if (type(vtw) != VSWAP_NONE) return type(vtw);
  if (tb::zero(swp_tb)) return VSWAP_ZERO;
  if (tb::is_folio(swp_tb)) return VSWAP_FOLIO;
  return VSWAP_NONE;
}

// The per-slot part of __vswap_release_backing: the new vtable word and swap-table word.
struct Release {
  std::uint64_t vt = 0;
  std::uint64_t tb = 0;
  bool frees_zswap = false;  // zswap_entry_free(vtable_to_zswap(vt))
  bool frees_phys = false;   // the slot joins the batched physical free
  bool uncharges = false;    // counted in batch_nr_swapfile (v2 uncharge)
};
constexpr Release release(std::uint64_t vtw, std::uint64_t swp_tb) {
  Release r{mk_none(), tb::zero(swp_tb) ? tb::with_zero(swp_tb, false) : swp_tb, false, false, false};
  r.frees_zswap = type(vtw) == VSWAP_ZSWAP;
  r.frees_phys = type(vtw) == VSWAP_SWAPFILE;
  r.uncharges = r.frees_phys;
  return r;
}

// vswap_zswap_store on one slot: release whatever backing it had, then point it at the entry.
constexpr std::uint64_t zswap_store(std::uint32_t zswap_id) { return mk_zswap(zswap_id); }
// folio_realloc_swap's install: SWAPFILE without releasing the previous contents.
constexpr std::uint64_t realloc_install(std::uint64_t phys_entry) { return mk_phys(phys_entry); }

// --- the physical Pointer entry's cache-only bit (swap_rmap_{mark,clear}_cache_only) -----------

constexpr std::uint64_t mark_cache_only(std::uint64_t ptr) { return ptr | tb::kPointerCacheOnly; }
constexpr std::uint64_t clear_cache_only(std::uint64_t ptr) { return ptr & ~tb::kPointerCacheOnly; }
constexpr bool is_cache_only(std::uint64_t ptr) { return tb::is_pointer(ptr) && (ptr & tb::kPointerCacheOnly) != 0; }

// vswap_mark_cache_only's condition (from swap_put_entries_cluster): the vswap slot is PFN with
// count 1 (about to reach 0) and backed by a physical slot.
constexpr bool mark_applies(std::uint64_t vswap_tb, std::uint64_t vtw) {
  return tb::is_folio(vswap_tb) && tb::get_count(vswap_tb) == 1 && type(vtw) == VSWAP_SWAPFILE;
}
// vswap_clear_cache_only's condition (end of a successful dup): PFN with count 1 now.
constexpr bool clear_applies(std::uint64_t vswap_tb, std::uint64_t vtw) {
  return tb::is_folio(vswap_tb) && tb::get_count(vswap_tb) == 1 && type(vtw) == VSWAP_SWAPFILE;
}

}  // namespace swapmodel::vt
