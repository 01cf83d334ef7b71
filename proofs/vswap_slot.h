// Seed 004's virtual swap slot (SEMANTICS 1.5, 1.6, 2.2, 2.3) as an SMT state: the vswap
// slot's table word, its virtual_table tag, the rmap Pointer entries of its physical backing
// with their SWP_RMAP_CACHE_ONLY bit, and its memcg record; the steps that change them; the
// invariants proved of them.
//
// The count arithmetic of a vswap cluster is the swap table's (proved in table_slot.h); here
// the count is one integer `cnt` so the proofs can look at what seed 004 adds.
//
//   kind   NULL / Shadow / PFN (table_slot.h's kNull, kShadow, kFolio)
//   vt     the virtual_table tag: NONE 0, SWAPFILE 1, ZSWAP 2 ([S4] P2's numbering)
//   nptr   physical slots whose word is PTR(this slot); I12 wants 1 exactly when SWAPFILE
//   cbit   the C bit of that physical word (meaningless, and kept false, without one)
//   z      the zero flag
//   rec    the slot's memcg table records a memcg id (memcg M's, the one memcg these proofs follow)
//   chg    ghost: this slot's share of M's swap counter (v2), changed by charge and uncharge
#pragma once

#include <string>
#include <vector>

#include "proofs/claim.h"
#include "proofs/knobs.h"
#include "proofs/smt.h"
#include "proofs/smt_domain.h"

namespace swapproofs::vswap {

inline constexpr int kNone = 0;
inline constexpr int kSwapfile = 1;
inline constexpr int kZswap = 2;

struct Slot {
  z3::expr kind, cnt, vt, nptr, cbit, z, rec, chg;

  static Slot fresh(z3::context& c, const std::string& prefix);
  Fields fields(const std::string& prefix) const;
};

// --- steps (SEMANTICS 2.2, 2.3): the model's shared transitions (model/vswap/vswap_steps.h,
// model/swap_count_steps.h) composed as the model function named composes them -------------------

// vswap_alloc + __swap_cache_add_folio + mem_cgroup_record_swap on a free slot.
Slot alloc(const Slot& cur);
// swap_dup_entries_cluster on vswap: the dup, then vswap_clear_cache_only's pass, which decides
// from `seen` (what it reads of the slot; the slot the dup just wrote when ci->lock is held).
Slot dup(const Slot& cur, const Slot& seen, const Knobs& k);
// swap_put_entries_cluster on vswap, per slot, deciding from `seen`: a count-1 slot that is not
// cached is freed; a count-1 cached one is marked cache-only (vswap_mark_cache_only) and put.
Slot put(const Slot& cur, const Slot& seen);
// __swap_cache_do_add_folio (swap-in).
Slot cache_add(const Slot& cur);
// __swap_cache_do_del_folio: Shadow, or freed when no count is left.
Slot cache_del(const Slot& cur);
// folio_realloc_swap: step 2 read `seen_vt` under ci->lock; steps 4-7 allocate, charge
// (charge_ok) and set SWAPFILE without releasing the previous backing.
Slot realloc(const Slot& cur, const z3::expr& seen_vt, const z3::expr& charge_ok, const Knobs& k);
// __vswap_release_backing on one slot: free the physical backing (uncharging it), vt NONE, Z clear.
Slot release(const Slot& cur);
// vswap_zswap_store: release, then vt = ZSWAP.
Slot zswap_store(const Slot& cur);
// swap_writeout's zero-filled path on vswap: release, then set Z.
Slot zero_writeout(const Slot& cur);
// try_to_reclaim_vswap_backing after its revalidation: folio_free_swap of a count-0 cached slot.
Slot reclaim_backing(const Slot& cur);

// --- invariants (SEMANTICS I12, I15, I16, I17) ----------------------------------------------------

std::vector<Labelled> invariants(const Slot& s, const std::string& prefix);
z3::expr domain(const Slot& s);

}  // namespace swapproofs::vswap
