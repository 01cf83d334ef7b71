// Seed 004's per-slot vswap transitions, written once over a value domain (model/pure_value.h):
// the virtual_table tag of a vswap slot, the SWP_RMAP_CACHE_ONLY bit of its physical Pointer
// entry, and folio_realloc_swap's decisions (mm/vswap.h, mm/swapfile.c of seed 004 P2-P4;
// SEMANTICS 1.5, 2.2, 2.3).
//
// The tag is an Int numbered as vt::Type (vtable.h): NONE 0, SWAPFILE 1, ZSWAP 2. The payload
// (physical entry, zswap entry id) is the caller's. The model (model/vswap/*.cpp,
// model/swapfile_count.cpp) calls these between its own locked reads and its writes; proofs/
// calls them on z3 terms. The mutation and fix knobs a transition depends on are passed in, so
// a knob changes the shared function and the proofs see it. Pure: no model state.
#pragma once

#include "model/config.h"
#include "model/pure_value.h"
#include "model/swap_count_steps.h"

namespace swapmodel::vt::step {

inline constexpr int kNoneTag = 0;      // VSWAP_NONE
inline constexpr int kSwapfileTag = 1;  // VSWAP_SWAPFILE
inline constexpr int kZswapTag = 2;     // VSWAP_ZSWAP

// --- SWP_RMAP_CACHE_ONLY (seed 004 P3) ----------------------------------------------------------

// mm/swapfile.c (seed 004 P3): vswap_mark_cache_only, called by swap_put_entries_cluster for a
// cached slot with count 1 before its put: the bit is set when the slot is physically backed.
template <class D>
typename D::Bool mark_cache_only(const D& d, typename D::Int tag) {
  d.note("vswap_mark_cache_only");
  return tag == kSwapfileTag;
}

// mm/swapfile.c (seed 004 P3): whether swap_dup_entries_cluster ends with vswap_clear_cache_only
// (mutation no_clear_cache_only skips it).
constexpr bool dup_runs_clear_cache_only(const Mutations& m) { return !m.no_clear_cache_only; }

// mm/swapfile.c (seed 004 P3): vswap_clear_cache_only on one slot at the end of a successful
// dup: a cached slot with count 1 has just gone 0 -> 1 and is no longer reclaimable; the bit is
// cleared when the slot is physically backed.
// The slot half of the test, which the seed makes before it reads the virtual_table word.
template <class D>
typename D::Bool clear_cache_only_candidate(const D& d, const tb::step::Word<D>& w) {
  d.note("vswap_clear_cache_only");
  return w.kind == tb::step::kFolioKind && tb::step::count_is(d, w, 1);
}
template <class D>
typename D::Bool clear_cache_only(const D& d, const tb::step::Word<D>& w, typename D::Int tag) {
  return clear_cache_only_candidate(d, w) && tag == kSwapfileTag;
}

// --- __vswap_check_backing's per-slot type ------------------------------------------------------

// The effective type of one slot: the tag, else the zero flag (VSWAP_ZERO 3), else a cached
// folio (VSWAP_FOLIO 4), else NONE.
template <class D>
typename D::Int effective_type(const D& d, typename D::Int tag, const tb::step::Word<D>& w) {
  d.note("__vswap_check_backing");
  return d.ite(tag != kNoneTag, tag, d.ite(w.zero, d.lit(3), d.ite(w.kind == tb::step::kFolioKind, d.lit(4), d.lit(kNoneTag))));
}

// --- __vswap_release_backing, per slot (seed 004 P2-P4) ------------------------------------------

template <class D>
struct Release {
  typename D::Int tag;           // NONE
  typename D::Bool zero;         // the zero flag after: cleared (zero-backed state lives in the table)
  typename D::Bool frees_zswap;  // zswap_entry_free(vtable_to_zswap(vt))
  typename D::Bool frees_phys;   // the slot joins the batched physical free
  typename D::Bool uncharges;    // counted in batch_nr_swapfile (v2 uncharge)
};

template <class D>
Release<D> release(const D& d, typename D::Int tag) {
  d.note("__vswap_release_backing");
  const auto phys = tag == kSwapfileTag;
  return Release<D>{d.lit(kNoneTag), d.truth(false), tag == kZswapTag, phys, phys};
}

// vswap_zswap_store on one slot, after its release: the tag names the zswap entry.
template <class D>
typename D::Int zswap_store_tag(const D& d) {
  d.note("vswap_zswap_store");
  return d.lit(kZswapTag);
}

// --- folio_realloc_swap (seed 004 P3 + P4), per slot ----------------------------------------------

// Step 2 under the vswap ci->lock: a slot already SWAPFILE returns its backing, anything else
// goes on to allocate physical slots.
template <class D>
typename D::Bool realloc_allocates(const D& d, typename D::Int seen_tag) {
  d.note("folio_realloc_swap");
  return seen_tag != kSwapfileTag;
}

// Step 2 also releases the old backing itself under mutation realloc_releases_backing.
constexpr bool realloc_releases_old_backing(const Mutations& m) { return m.realloc_releases_backing; }

// A failed charge frees the new physical run again (mutation realloc_no_charge_rollback keeps it).
constexpr bool realloc_rolls_back_charge_failure(const Mutations& m) { return !m.realloc_no_charge_rollback; }

// The install, under the vswap ci->lock again: SWAPFILE without releasing the previous contents
// (the callers own them), and __swap_cluster_alloc_entries wrote the Pointer word with C clear.
template <class D>
typename D::Int realloc_install_tag(const D& d) {
  d.note("folio_realloc_swap");
  return d.lit(kSwapfileTag);
}

// Fix vswap_realloc_marks_cache_only (not in the seed): after the install, a slot whose count is
// already 0 is marked cache-only, as vswap_mark_cache_only would have when it was put.
template <class D>
typename D::Bool realloc_marks_cache_only(const D& d, const tb::step::Word<D>& w, const Fixes& f) {
  d.note("folio_realloc_swap");
  return d.truth(f.vswap_realloc_marks_cache_only) && tb::step::countable(d, w) && w.field == 0;
}

}  // namespace swapmodel::vt::step
