// Seed 004's per-slot vswap state as pure functions: the virtual_table word (mm/vswap.h, P2/P3)
// and the SWP_RMAP_CACHE_ONLY bit of a physical Pointer entry (mm/swap_table.h, P3).
//
// Nothing here touches model state. The instrumented code (model/vswap/*.cpp) reads a slot,
// calls these and writes the result back. The decisions are vswap_steps.h's, shared with the Z3
// proofs (issue 14); this file packs the words around them.
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
#include "model/vswap/vswap_steps.h"

namespace swapmodel::vt {

enum Type : std::uint8_t { VSWAP_NONE = 0, VSWAP_SWAPFILE = 1, VSWAP_ZSWAP = 2, VSWAP_ZERO = 3, VSWAP_FOLIO = 4 };
static_assert(VSWAP_NONE == step::kNoneTag && VSWAP_SWAPFILE == step::kSwapfileTag && VSWAP_ZSWAP == step::kZswapTag);

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

// The effective type of one slot (__vswap_check_backing's per-slot step): step::effective_type.
inline Type effective_type(std::uint64_t vtw, std::uint64_t swp_tb) {
  return static_cast<Type>(step::effective_type(pure::Machine{}, static_cast<std::int64_t>(type(vtw)), tb::decode(swp_tb)));
}

// The per-slot part of __vswap_release_backing (step::release): the new vtable word and
// swap-table word.
struct Release {
  std::uint64_t vt = 0;
  std::uint64_t tb = 0;
  bool frees_zswap = false;  // zswap_entry_free(vtable_to_zswap(vt))
  bool frees_phys = false;   // the slot joins the batched physical free
  bool uncharges = false;    // counted in batch_nr_swapfile (v2 uncharge)
};
inline Release release(std::uint64_t vtw, std::uint64_t swp_tb) {
  const auto r = step::release(pure::Machine{}, static_cast<std::int64_t>(type(vtw)));
  return Release{mk_none(), tb::with_zero(swp_tb, r.zero), r.frees_zswap, r.frees_phys, r.uncharges};
}

// vswap_zswap_store on one slot: release whatever backing it had, then point it at the entry.
inline std::uint64_t zswap_store(std::uint32_t zswap_id) {
  return (static_cast<std::uint64_t>(zswap_id) << kTagBits) | static_cast<std::uint64_t>(step::zswap_store_tag(pure::Machine{}));
}
// folio_realloc_swap's install: SWAPFILE without releasing the previous contents.
inline std::uint64_t realloc_install(std::uint64_t phys_entry) {
  return (phys_entry << kTagBits) | static_cast<std::uint64_t>(step::realloc_install_tag(pure::Machine{}));
}

}  // namespace swapmodel::vt
