// The swap table's per-slot transitions, written once over a value domain (model/pure_value.h):
// the count arithmetic of __swap_cluster_dup_entry and __swap_cluster_put_entry, the word
// updates of the swap cache, free and put paths, and the extend table's attach and free
// (mm/swapfile.c, mm/swap_state.c; seed 000 / phase IV, seed 002; SEMANTICS 1.1-1.3, 2.1).
//
// A slot's word is seen here decoded: its format (kind), its count field and its zero flag
// (Word). The payload (folio pfn, shadow value, vswap offset) never decides anything and is
// carried by the caller. The model decodes its 64-bit word with tb::decode and packs the result
// with tb::pack (swap_table.h); proofs/ builds Words of z3 terms. Nothing here touches model
// state: the instrumented code reads the slot, calls these and writes what they return.
#pragma once

#include <cerrno>

#include "model/config.h"
#include "model/pure_value.h"

namespace swapmodel::tb::step {

// The word formats, numbered as tb::Kind (swap_table.h).
inline constexpr int kNullKind = 0;
inline constexpr int kShadowKind = 1;
inline constexpr int kFolioKind = 2;
inline constexpr int kPointerKind = 3;
inline constexpr int kBadKind = 4;
inline constexpr int kCorruptKind = 5;

template <class D>
struct Word {
  typename D::Int kind;   // one of the k*Kind above
  typename D::Int field;  // __swp_tb_get_count: the raw count field (a put at 0 leaves -1 here)
  typename D::Bool zero;  // Z, SWAP_TABLE_HAS_ZEROFLAG
};

// swp_tb_is_countable: NULL, Shadow and PFN carry a count.
template <class D>
typename D::Bool countable(const D&, const Word<D>& w) {
  return w.kind == kNullKind || w.kind == kShadowKind || w.kind == kFolioKind;
}

// swp_tb_get_count(w) == n (swp_tb_get_count is -EINVAL on an uncountable word).
template <class D>
typename D::Bool count_is(const D& d, const Word<D>& w, std::int64_t n) {
  return countable(d, w) && w.field == d.lit(n);
}

// --- __swap_cluster_dup_entry -----------------------------------------------------------------

template <class D>
struct DupStep {
  typename D::Int err;    // 0, -EINVAL (Bad slot, counting went wrong), -ENOENT (free slot), -ENOMEM
  typename D::Int field;  // the new count field (unchanged on error)
  typename D::Int ext;    // the new extend-table entry
  typename D::Bool warn;  // the kernel WARNs on this path
};

// mm/swapfile.c (seed 000): __swap_cluster_dup_entry on a word, its cluster's extend table
// (has_ext) and the slot's entry in it, for SWP_TB_COUNT_MAX `max`.
template <class D>
DupStep<D> dup_entry(const D& d, const Word<D>& w, typename D::Bool has_ext, typename D::Int ext, typename D::Int max) {
  d.note("__swap_cluster_dup_entry");
  using Int = typename D::Int;
  const Int count = w.field;
  const auto bad = w.kind == kBadKind;
  // Must be either cached or have a count already.
  const auto free_slot = !bad && count == 0 && w.kind != kFolioKind;
  const auto below = count < max - 1;
  const auto at_limit_minus_one = count == max - 1;
  const auto at_limit = count == max;
  const auto overflowed = !below && !at_limit_minus_one && !at_limit;  // counting went wrong
  const Int err = d.ite(bad, d.lit(-EINVAL),
                        d.ite(free_slot, d.lit(-ENOENT),
                              d.ite(below, d.lit(0),
                                    d.ite(at_limit_minus_one, d.ite(has_ext, d.lit(0), d.lit(-ENOMEM)),
                                          d.ite(at_limit, d.lit(0), d.lit(-EINVAL))))));
  const auto ok = err == 0;
  // Below MAX-1 the field counts; at MAX-1 the extend table takes over (entry MAX, field MAX);
  // at MAX the entry counts.
  const Int field = d.ite(ok && below, count + 1, d.ite(ok && at_limit_minus_one, max, count));
  const Int next_ext = d.ite(ok && at_limit_minus_one, max, d.ite(ok && at_limit, ext + 1, ext));
  // VM_WARN_ON_ONCE(ci->extend_table && ci->extend_table[ci_off]) on the field paths.
  const auto warn = bad || free_slot || (ok && (below || at_limit_minus_one) && ext != 0) || (!bad && !free_slot && overflowed);
  return DupStep<D>{err, field, next_ext, warn};
}

// --- __swap_cluster_put_entry -----------------------------------------------------------------

template <class D>
struct PutStep {
  typename D::Int field;       // the new count field
  typename D::Int ext;         // the new extend-table entry
  typename D::Int count;       // the count after the put, as the kernel computes it
  typename D::Bool warn;       // VM_WARN_ON(count <= 0) before the put
  typename D::Bool writes_ext; // the put writes the extend-table entry
  typename D::Bool try_free_ext;  // the new count is MAX-2 or MAX-1: swap_extend_table_try_free
};

// mm/swapfile.c (seed 000): __swap_cluster_put_entry. Never frees the slot. A put at count 0
// warns and then does what the kernel does: the field takes count - 1 = -1.
template <class D>
PutStep<D> put_entry(const D& d, typename D::Int field, typename D::Int ext, typename D::Int max) {
  d.note("__swap_cluster_put_entry");
  using Int = typename D::Int;
  const auto at_limit = field == max;
  const Int before = d.ite(at_limit, ext, field);
  const Int count = d.ite(at_limit, ext - 1, field - 1);
  // Leaving the extend table: the entry is cleared and the field takes the count back.
  const auto leaves = at_limit && count == max - 1;
  const Int next_field = d.ite(at_limit, d.ite(leaves, max - 1, field), count);
  const Int next_ext = d.ite(at_limit, d.ite(leaves, d.lit(0), count), ext);
  return PutStep<D>{next_field, next_ext, count, before <= 0, at_limit && next_ext != ext,
                    count == max - 2 || count == max - 1};
}

// --- swap_put_entries_cluster, per slot -------------------------------------------------------

template <class D>
struct PutEntriesSlot {
  typename D::Bool frees;        // count 1, not cached: joins the batch freed without a put
  typename D::Bool last_cached;  // count 1, cached: put to 0, the slot can be reclaimed (and on
                                 // vswap, vswap_mark_cache_only runs first)
};

// mm/swapfile.c (seed 000): swap_put_entries_cluster's test of each slot before its put.
template <class D>
PutEntriesSlot<D> put_entries_slot(const D& d, const Word<D>& w) {
  d.note("swap_put_entries_cluster");
  const auto one = count_is(d, w, 1);
  return PutEntriesSlot<D>{one && w.kind != kFolioKind, one && w.kind == kFolioKind};
}

// --- the swap cache (mm/swap_state.c) ---------------------------------------------------------

// __swap_cache_add_check (seed 002) on the target slot: -EEXIST when already cached, -ENOENT
// when it has no count (not swapped out), else 0.
template <class D>
typename D::Int add_check_target(const D& d, const Word<D>& w) {
  d.note("__swap_cache_add_check");
  return d.ite(w.kind == kFolioKind, d.lit(-EEXIST), d.ite(w.field == 0, d.lit(-ENOENT), d.lit(0)));
}

// __swap_cache_add_check on each slot of a batch: -EBUSY unless it is swapped out, uncached,
// and has the target's zero flag.
template <class D>
typename D::Bool add_check_batch_busy(const D& d, const Word<D>& w, typename D::Bool target_zero) {
  d.note("__swap_cache_add_check");
  return w.kind == kFolioKind || w.field == 0 || w.zero != target_zero;
}

// __swap_cache_add_folio (__swap_cache_do_add_folio in seed 002): PFN keeping the old word's
// count and Z. warn: the slot was already cached.
template <class D>
Word<D> cache_add_word(const D& d, const Word<D>& old) {
  d.note("__swap_cache_add_folio");
  return Word<D>{d.lit(kFolioKind), old.field, old.zero};
}

template <class D>
struct CacheDelSlot {
  Word<D> word;           // Shadow keeping the count and Z
  typename D::Bool swapped;  // the slot still has a count (folio_swapped); else it needs a free
};

// __swap_cache_del_folio (__swap_cache_do_del_folio in seed 002), per slot.
template <class D>
CacheDelSlot<D> cache_del_slot(const D& d, const Word<D>& old) {
  d.note("__swap_cache_del_folio");
  return CacheDelSlot<D>{Word<D>{d.lit(kShadowKind), old.field, old.zero}, old.field != 0};
}

// --- __swap_cluster_free_entries, per slot ----------------------------------------------------

template <class D>
struct FreeSlot {
  Word<D> word;          // NULL
  typename D::Bool warn; // VM_WARN_ON: not a Shadow with count <= 1 (the caller's last reference,
                         // or a slot the swap cache just left)
};

template <class D>
FreeSlot<D> free_entries_slot(const D& d, const Word<D>& old) {
  d.note("__swap_cluster_free_entries");
  return FreeSlot<D>{Word<D>{d.lit(kNullKind), d.lit(0), d.truth(false)}, old.kind != kShadowKind || old.field > 1};
}

// --- allocation (mm/swapfile.c) ---------------------------------------------------------------

// swap_alloc_hibernation_slot's word: an exclusive placeholder Shadow(0) with count 1.
template <class D>
Word<D> hibernation_word(const D& d) {
  d.note("__swap_cluster_alloc_entries");
  return Word<D>{d.lit(kShadowKind), d.lit(1), d.truth(false)};
}

// --- the extend table (mm/swapfile.c, seed 000) -----------------------------------------------
//
// A cluster's extend table as one slot sees it: whether the cluster has one (has_ext) and the
// slot's entry in it (ext; ext_get reads 0 without a table).

// swap_extend_table_alloc, under ci->lock after the allocation: whether the new (zeroed) table is
// attached. It is when the cluster's table is allocated, the slot still needs it (its field is
// at least MAX-1) and no other path attached one meanwhile. The last two tests are thunks, read
// in this order and only when the tests before hold: on bool, && short-circuits as the kernel's
// does, so the model reads the slot and ci->extend_table only when the kernel does; on z3 terms
// && builds the conjunction (the reads are pure there).
template <class D, class Field, class HasExt>
typename D::Bool extend_table_attaches(const D& d, typename D::Bool table_alloced, Field field, HasExt has_ext,
                                       typename D::Int max) {
  d.note("swap_extend_table_alloc");
  return table_alloced && field() >= max - 1 && !has_ext();
}

template <class D>
struct ExtendSlot {
  typename D::Bool has_ext;  // ci->extend_table names a table afterwards
  typename D::Int ext;       // the slot's entry afterwards (ext_get reads 0 without a table)
};

// What attaching does to one slot's view (the model's ci->extend_table.write of a table
// new_ext_table zeroed): the cluster has a table and the slot's entry is 0.
template <class D>
ExtendSlot<D> extend_table_attach(const D& d, typename D::Bool attaches, typename D::Bool has_ext, typename D::Int ext) {
  d.note("swap_extend_table_alloc");
  return ExtendSlot<D>{attaches || has_ext, d.ite(attaches, d.lit(0), ext)};
}

// swap_extend_table_try_free's scan: an entry that is not 0 keeps the table.
template <class D>
typename D::Bool extend_entry_in_use(const D& d, typename D::Int ext) {
  d.note("swap_extend_table_try_free");
  return ext != 0;
}

template <class D>
struct ExtendTryFree {
  typename D::Bool frees;  // the table is freed
  ExtendSlot<D> slot;      // one slot's view afterwards
};

// swap_extend_table_try_free, under ci->lock: frees the table when the cluster has one and no
// entry is in use (any_in_use: extend_entry_in_use of some entry), and clears ci->extend_table
// (mutation extend_table_free_keeps_pointer: leaves it naming the freed table).
template <class D>
ExtendTryFree<D> extend_table_try_free(const D& d, typename D::Bool has_ext, typename D::Bool any_in_use,
                                       typename D::Int ext, const Mutations& m) {
  d.note("swap_extend_table_try_free");
  const typename D::Bool frees = has_ext && !any_in_use;
  return ExtendTryFree<D>{frees, ExtendSlot<D>{d.ite(frees, d.truth(m.extend_table_free_keeps_pointer), has_ext),
                                               d.ite(frees, d.lit(0), ext)}};
}

// --- the cluster's used-slot count (ci->count) --------------------------------------------------
//
// ci->count counts the cluster's slots in use (Bad included); read and written under ci->lock.
// Noted under one catalogue name: __swap_cluster_alloc_entries adds, __swap_cluster_free_entries
// and __swap_cluster_free_phys_backing subtract, all with these two.
inline constexpr const char* kClusterCount = "cluster counts (ci->count)";

// __swap_cluster_alloc_entries: the nr slots it takes join the count.
template <class D>
typename D::Int cluster_count_alloc(const D& d, typename D::Int count, typename D::Int nr) {
  d.note(kClusterCount);
  return count + nr;
}

template <class D>
struct ClusterCountFree {
  typename D::Int count;  // the new ci->count
  typename D::Bool warn;  // VM_WARN_ON(ci->count < nr)
};

// __swap_cluster_free_entries / __swap_cluster_free_phys_backing: the nr slots freed leave it.
template <class D>
ClusterCountFree<D> cluster_count_free(const D& d, typename D::Int count, typename D::Int nr) {
  d.note(kClusterCount);
  return ClusterCountFree<D>{count - nr, count < nr};
}

// --- the zero flag (mm/page_io.c: swap_zeromap_folio_set / _clear) ---------------------------

template <class D>
Word<D> with_zero(const D& d, const Word<D>& old, typename D::Bool zero) {
  d.note("swap_zeromap_folio_update");
  return Word<D>{old.kind, old.field, zero};
}

}  // namespace swapmodel::tb::step
