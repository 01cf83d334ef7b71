// Seed 004's per-slot vswap steps on plain values, for diff_vswap_test.cpp: each function is the
// model function it names (model/vswap/*.cpp, model/swapfile_count.cpp, model/swap_state.cpp,
// model/page_io.cpp, model/memcg.cpp) with everything but one vswap slot taken away. The pure
// per-slot functions of model/vswap/vtable.h (vt::release, vt::mark_applies, vt::clear_applies,
// vt::mark_cache_only, vt::clear_cache_only, vt::realloc_install, vt::zswap_store) and the count
// arithmetic of model/swap_table.h (through table_model_side.h) are called exactly where the
// model calls them; the decisions around them are restated line for line.
//
// One slot is: its vswap table word and extend-table entry, its virtual_table word, the one
// physical word PTR(v) that backs it (kNull when it has none) with its SWP_RMAP_CACHE_ONLY bit,
// the memcg id its swap_cgroup records (0: none), and the swap counter of that memcg (v2).
#pragma once

#include <cstdint>

#include "model/swap_table.h"
#include "model/vswap/vtable.h"
#include "table_model_side.h"

namespace proofs_test {

namespace vt = swapmodel::vt;

struct VSlot {
  SlotValue s;               // the vswap slot's table word and extend-table entry
  unsigned max = 15;         // SWP_TB_COUNT_MAX
  std::uint64_t vtw = 0;     // virtual_table word
  std::uint64_t ptr = 0;     // the physical word naming this slot (tb::mk_pointer), or kNull
  int rec = 0;               // swap_cgroup record (memcg private id; 0: none)
  std::int64_t usage = 0;    // the recorded memcg's swap counter (page_counter, v2)
  std::int64_t swap_max = -1;  // its limit (-1: none)
};

inline constexpr std::uint64_t kVoff = 37;  // the vswap offset the physical word points back at

// model/vswap/backing.cpp, __vswap_release_backing for one slot (v2): vt::release, the batched
// physical free (__swap_cluster_free_phys_backing writes NULL to the Pointer word), the zero
// flag cleared in the table word, and vswap_uncharge_cgroup_batch(id, 1, frees_phys) through
// mem_cgroup_uncharge_backing_phys_swap (nothing for id 0).
inline void model_release(VSlot& v) {
  const vt::Release r = vt::release(v.vtw, v.s.w);
  if (r.frees_phys) v.ptr = tb::kNull;
  v.vtw = r.vt;
  if (r.tb != v.s.w) v.s.w = r.tb;
  const int n = r.uncharges ? 1 : 0;
  if (n != 0 && v.rec != 0) v.usage -= n;
}

// model/swapfile_count.cpp, __swap_cluster_free_entries on vswap for one slot: release the
// backing, NULL, __swap_cgroup_clear (mem_cgroup_id_put_swap takes the id reference).
inline void model_free(VSlot& v) {
  model_release(v);
  v.s.w = tb::kNull;
  v.rec = 0;
}

// model/swapfile_alloc.cpp folio_alloc_swap on vswap: __swap_cluster_alloc_entries adds the
// folio (PFN, count 0, the NULL word's flags), then mem_cgroup_record_swap records the folio's
// memcg.
inline void model_alloc(VSlot& v, std::uint64_t pfn, int memcg) {
  model_cache_add(v.s, pfn);
  v.rec = memcg;
}

// model/swapfile_count.cpp swap_dup_entries_cluster on one vswap slot: the dup (an -ENOMEM
// attaches an extend table and retries), then vswap_clear_cache_only's test and clear.
inline void model_dup(VSlot& v) {
  int err = model_dup_entry(v.s, v.max);
  if (err == -ENOMEM) {
    model_ext_alloc(v.s);
    err = model_dup_entry(v.s, v.max);
  }
  if (err) return;
  if (vt::clear_applies(v.s.w, v.vtw)) v.ptr = vt::clear_cache_only(v.ptr);
}

// model/swapfile_count.cpp swap_put_entries_cluster on one vswap slot: a count-1 slot that is
// not cached is freed; a count-1 cached one is marked cache-only (vswap_mark_cache_only, which
// tests the tag) before the put; any other is put.
inline void model_put(VSlot& v) {
  if (tb::get_count(v.s.w) == 1 && !tb::is_folio(v.s.w)) {
    model_free(v);
    return;
  }
  if (vt::mark_applies(v.s.w, v.vtw)) v.ptr = vt::mark_cache_only(v.ptr);
  model_put_entry(v.s, v.max);
}

// model/swap_state.cpp __swap_cache_do_add_folio (swap-in of a Shadow slot).
inline void model_swapin_add(VSlot& v, std::uint64_t pfn) { model_cache_add(v.s, pfn); }

// model/swap_state.cpp __swap_cache_do_del_folio for a one-page folio: Shadow keeping the
// flags; a slot whose field was 0 goes to __swap_cluster_free_entries.
inline void model_cache_del(VSlot& v, std::uint64_t shadow) {
  const std::uint64_t old = v.s.w;
  v.s.w = tb::mk_shadow(shadow, tb::flags(old));
  if (tb::field(old) == 0) model_free(v);
}

// model/vswap/backing.cpp folio_realloc_swap for a one-page folio (fix
// vswap_realloc_marks_cache_only off, as in the seed): SWAPFILE returns at step 2; otherwise a
// physical slot is allocated (__swap_cluster_alloc_entries writes PTR(v) with C clear), the
// recorded memcg is charged (mem_cgroup_charge_backing_phys_swap: no memcg, no charge;
// page_counter_try_charge against swap_max), a failed charge frees the physical slot again,
// and a successful one installs SWAPFILE. Returns whether the charge succeeded (true when step
// 2 returned early), for the SMT step's input.
inline bool model_realloc(VSlot& v, std::uint64_t phys_entry) {
  if (vt::type(v.vtw) == vt::VSWAP_SWAPFILE) return true;
  v.ptr = tb::mk_pointer(kVoff, false);
  bool charged = true;
  if (v.rec != 0) {
    const std::int64_t usage = v.usage + 1;
    charged = !(v.swap_max >= 0 && usage > v.swap_max);
    if (charged) v.usage = usage;
  }
  if (!charged) {
    v.ptr = tb::kNull;
    return false;
  }
  v.vtw = vt::realloc_install(phys_entry);
  return true;
}

// model/vswap/backing.cpp vswap_zswap_store: __vswap_release_backing, then the ZSWAP word.
inline void model_zswap_store(VSlot& v, std::uint32_t zswap_id) {
  model_release(v);
  v.vtw = vt::zswap_store(zswap_id);
}

// model/page_io.cpp swap_zeromap_folio_update(folio, true) on a vswap entry: release, then Z.
inline void model_zero_writeout(VSlot& v) {
  model_release(v);
  if (!tb::zero(v.s.w)) v.s.w = tb::with_zero(v.s.w, true);
}

// model/vswap/rmap.cpp try_to_reclaim_vswap_backing after its revalidation: folio_free_swap,
// which frees the folio's slot only when it is cached with no count (swap_cache_del_folio).
// A slot that is not cached has no folio to lock: nothing happens.
inline void model_reclaim_backing(VSlot& v, std::uint64_t shadow) {
  if (!tb::is_folio(v.s.w) || tb::get_count(v.s.w) != 0) return;
  model_cache_del(v, shadow);
}

}  // namespace proofs_test
