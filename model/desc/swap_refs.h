// The arithmetic of seed 001's per-descriptor swap_refs, written once over a value domain
// (model/pure_value.h) and instantiated on plain ints for the model.
//
// Models the atomic_t swap_refs of struct swp_desc in mm/vswap.c of seed 001 (RFC v2 10/18 "swap:
// manage swap entry lifetime at the virtual swap layer", SEMANTICS 3):
//
//   refs = 2 * count + C      C = bit 0 = the swap-cache pin ("in swap cache, or about to be")
//                             count = the number of page-table entries holding the entry
//   SWAP_CACHE_SHIFT 1, SWAP_CACHE_INC 1, SWAP_COUNT_INC 2
//
// 0 is terminal: the descriptor is freed (vswap_free) by whichever atomic step brought refs to 0,
// and no increment may succeed on 0 afterwards. There is no continuation; a count fits in the int.
//
// Nothing here touches model state. Every seed function reads or read-modify-writes swap_refs
// with one atomic operation per descriptor; each function below is the value that one operation
// computes from the value it read, so the model's instrumented code (refs.cpp) is
// "atomic op(refs, f)". The templates (namespace gen) are what the Z3 proofs of proofs/desc_*
// instantiate with z3::expr (issue 14): keep them pure and total on every int, including the
// negative values an underflow produces. atomic_t arithmetic wraps in two's complement as in the
// kernel (built with -fno-strict-overflow): additions go through d.wrap32, no signed overflow.
#pragma once

#include <cerrno>
#include <cstdint>

#include "model/config.h"
#include "model/pure_value.h"

namespace swapmodel::desc::refs {

inline constexpr int kCacheShift = 1;  // SWAP_CACHE_SHIFT
inline constexpr int kCacheInc = 1;    // SWAP_CACHE_INC, also the mask of the pin bit
inline constexpr int kCountInc = 2;    // SWAP_COUNT_INC

// atomic_t addition: two's-complement wrap (unsigned arithmetic, then the C++20 modular
// conversion back to int).
constexpr int wrap_add(int a, int b) {
  return static_cast<int>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
}

// The shared transitions, over a domain D.
namespace gen {

// vswap_swap_count: atomic_read(swap_refs) >> SWAP_CACHE_SHIFT, an arithmetic shift (rounds
// towards minus infinity, as SMT-LIB div by a positive divisor).
template <class D>
typename D::Int swap_count(const D& d, typename D::Int refs) {
  return d.floor_half(refs);
}
// The pin bit: refs & SWAP_CACHE_INC (two's complement: the parity, also of a negative value).
template <class D>
typename D::Bool cache_pin(const D& d, typename D::Int refs) {
  return refs - d.floor_half(refs) - d.floor_half(refs) == kCacheInc;
}

template <class D>
struct AddUnless {
  typename D::Bool added;  // atomic_add_unless's return value
  typename D::Int refs;    // the value after the operation (unchanged when !added)
};

// atomic_add_unless(v, a, u): adds a unless v == u; returns whether it added.
template <class D>
AddUnless<D> add_unless(const D& d, typename D::Int v, typename D::Int a, typename D::Int u) {
  const auto adds = v != u;
  return AddUnless<D>{adds, d.ite(adds, d.wrap32(v + a), v)};
}

// swap_duplicate_nr, per descriptor: atomic_add_unless(&desc->swap_refs, SWAP_COUNT_INC, 0); a
// descriptor already at 0 is being freed, the dup fails and the range walk stops there. Mutation
// desc_dup_no_add_unless makes it a plain atomic_add, which revives such a descriptor.
constexpr bool dup_uses_add_unless(const Mutations& m) { return !m.desc_dup_no_add_unless; }
template <class D>
AddUnless<D> dup_step(const D& d, typename D::Int refs, const Mutations& m) {
  d.note("swap_duplicate_nr");
  if (!dup_uses_add_unless(m)) return AddUnless<D>{d.truth(true), d.wrap32(refs + kCountInc)};
  return add_unless(d, refs, d.lit(kCountInc), d.lit(0));
}

template <class D>
struct DecResult {
  typename D::Int refs;    // the value after the operation
  typename D::Bool freed;  // the *_and_test result: the caller runs vswap_free
};

// vswap_free_nr_any_cache_only, per descriptor: atomic_sub_and_test(SWAP_COUNT_INC, refs).
template <class D>
DecResult<D> free_step(const D& d, typename D::Int refs) {
  d.note("vswap_free_nr_any_cache_only");
  const typename D::Int n = d.wrap32(refs - kCountInc);
  return DecResult<D>{n, n == 0};
}

// swapcache_clear, per descriptor (put_swap_folio calls swapcache_clear):
// atomic_dec_and_test(swap_refs). It does not check that C is set: a clear without a pin takes
// a count reference away instead.
template <class D>
DecResult<D> clear_step(const D& d, typename D::Int refs) {
  d.note("swapcache_clear");
  const typename D::Int n = d.wrap32(refs - kCacheInc);
  return DecResult<D>{n, n == 0};
}

template <class D>
struct PrepareStep {
  typename D::Int err;   // 0, -ENOENT (refs 0: being freed), -EEXIST (already pinned)
  typename D::Int next;  // the value the iteration's atomic_try_cmpxchg(&refs, &old, next) writes
};

// One iteration of swapcache_prepare's cmpxchg loop on the value `old` it believes refs holds:
//   !old -> -ENOENT; old & SWAP_CACHE_INC -> -EEXIST; else new = old + SWAP_CACHE_INC.
// On an error the seed still runs the cmpxchg with next == old, and loops again if refs moved
// (so the error returned is the one computed from the value refs really held). The loop leaves
// on the first successful cmpxchg; the model's loop is "do prepare_step(old) while !cmpxchg".
template <class D>
PrepareStep<D> prepare_step(const D& d, typename D::Int old) {
  d.note("swapcache_prepare");
  const typename D::Int err = d.ite(old == 0, d.lit(-ENOENT), d.ite(cache_pin(d, old), d.lit(-EEXIST), d.lit(0)));
  return PrepareStep<D>{err, d.ite(err == 0, d.wrap32(old + kCacheInc), old)};
}

// vswap_free_nr_any_cache_only's hint, from its separate atomic_read before the decrement:
// "1 page table entry ref + 1 swap cache ref == 11 (binary)". Racy by design: the seed only
// uses it as a hint for free_swap_and_cache_nr.
template <class D>
typename D::Bool free_hint_cache_only(const D& d, typename D::Int refs_read) {
  d.note("vswap_free_nr_any_cache_only");
  return refs_read == kCountInc + kCacheInc;
}

// vswap_swapcache_only, per descriptor: atomic_read(swap_refs) == SWAP_CACHE_INC (pinned, no
// PTE references).
template <class D>
typename D::Bool swapcache_only(const D& d, typename D::Int refs) {
  d.note("vswap_swapcache_only");
  return refs == kCacheInc;
}

// non_swapcache_batch, per descriptor: the batch stops at the first descriptor with the pin
// clear and a count above 0, i.e. `!(refs & SWAP_CACHE_INC) && (refs >> SWAP_CACHE_SHIFT)`.
// (Read literally, the seed stops at the descriptors that are NOT in the swap cache, the opposite
// of its comment; the model follows the code.) With fix desc_non_swapcache_batch_fixed it tests
// what the comment describes, as the non-vswap non_swapcache_batch does with SWAP_HAS_CACHE:
// stop at a pinned descriptor or one with no count.
template <class D>
typename D::Bool non_swapcache_stops(const D& d, typename D::Int refs, const Fixes& f) {
  d.note("non_swapcache_batch");
  if (f.desc_non_swapcache_batch_fixed) return cache_pin(d, refs) || swap_count(d, refs) <= 0;
  return !cache_pin(d, refs) && swap_count(d, refs) != 0;
}

// folio_swapped, per descriptor: vswap_swap_count(&desc->swap_refs) != 0.
template <class D>
typename D::Bool swapped(const D& d, typename D::Int refs) {
  d.note("folio_swapped");
  return swap_count(d, refs) != 0;
}

// --- the range walks ---------------------------------------------------------------------------
// Every range function of seed 001 is XA_STATE(xas, &vswap_map, entry.val) and
// xas_for_each(&xas, desc, entry.val + nr - 1): it visits the PRESENT indices of the range in
// order (a freed index is skipped) and counts the descriptors it visited (i, or entry.val++) as
// if they were the first ones of the range. These are the walk's index computations.
inline constexpr const char* kRangeWalk = "xas_for_each range walks";

// The walk's last index, xas_for_each's `max`: entry.val + nr - 1.
template <class D>
typename D::Int walk_last(const D& d, typename D::Int first, typename D::Int nr) {
  d.note(kRangeWalk);
  return first + nr - 1;
}

// Fix desc_walk_stops_at_hole: a walk that meets a descriptor at another index than the next one
// it expected (xas.xa_index != entry.val + visited) has skipped a NULL index, a freed entry inside
// the range, and stops there as at the NULL descriptor the code already handles. The seed never
// looks at the walk's index: false.
template <class D>
typename D::Bool walk_stops_at_hole(const D& d, typename D::Int index, typename D::Int first, typename D::Int visited,
                                    const Fixes& f) {
  d.note(kRangeWalk);
  if (!f.desc_walk_stops_at_hole) return d.truth(false);
  return index != first + visited;
}

// swap_duplicate_nr's and swapcache_prepare's partial success, `if (i && i < nr)`: undo from the
// range's first entry (swap_free_nr / swapcache_clear(entry, i)).
template <class D>
typename D::Bool walk_rolls_back(const D& d, typename D::Int i, typename D::Int nr) {
  d.note(kRangeWalk);
  return i != 0 && i < nr;
}

// swapcache_prepare's result: `if (i < nr && !ret) ret = -ENOENT;`.
template <class D>
typename D::Int prepare_result(const D& d, typename D::Int i, typename D::Int nr, typename D::Int ret) {
  d.note("swapcache_prepare");
  return d.ite(i < nr && ret == 0, d.lit(-ENOENT), ret);
}

}  // namespace gen

// --- the model's instantiation, on int --------------------------------------------------------

// The machine domain, with the arithmetic shift swap_count and cache_pin are made of.
struct Int32 : pure::Machine {
  static constexpr Int floor_half(Int v) { return v >> kCacheShift; }
};

// The refs value of `count` PTE references plus the cache pin (invariants only).
constexpr int encode(int count, bool cache_pin) {
  return wrap_add(wrap_add(count, count), cache_pin ? kCacheInc : 0);
}

inline int swap_count(int refs) { return static_cast<int>(gen::swap_count(Int32{}, refs)); }
inline bool cache_pin(int refs) { return gen::cache_pin(Int32{}, refs); }

// vswap_alloc: atomic_set(&desc->swap_refs, 1), "swap entry is about to be added to the swap
// cache": count 0, pin set.
constexpr int alloc_initial() { return kCacheInc; }

struct AddUnless {
  bool added = false;
  int refs = 0;
};
inline AddUnless add_unless(int v, int a, int u) {
  const auto r = gen::add_unless(Int32{}, v, a, u);
  return {r.added, static_cast<int>(r.refs)};
}
inline AddUnless dup_step(int refs, const Mutations& m = {}) {
  const auto r = gen::dup_step(Int32{}, refs, m);
  return {r.added, static_cast<int>(r.refs)};
}

// Mutation desc_dup_no_add_unless's step (for tests).
inline AddUnless dup_step_plain_add(int refs) {
  Mutations m;
  m.desc_dup_no_add_unless = true;
  return dup_step(refs, m);
}

inline bool free_hint_cache_only(int refs_read) { return gen::free_hint_cache_only(Int32{}, refs_read); }

struct DecResult {
  int refs = 0;
  bool freed = false;
};
inline DecResult free_step(int refs) {
  const auto r = gen::free_step(Int32{}, refs);
  return {static_cast<int>(r.refs), r.freed};
}
inline DecResult clear_step(int refs) {
  const auto r = gen::clear_step(Int32{}, refs);
  return {static_cast<int>(r.refs), r.freed};
}

struct PrepareStep {
  int err = 0;
  int next = 0;
};
inline PrepareStep prepare_step(int old) {
  const auto r = gen::prepare_step(Int32{}, old);
  return {static_cast<int>(r.err), static_cast<int>(r.next)};
}

inline bool swapcache_only(int refs) { return gen::swapcache_only(Int32{}, refs); }
inline bool non_swapcache_stops(int refs, const Fixes& f) { return gen::non_swapcache_stops(Int32{}, refs, f); }
// The seed's test, and the one fix desc_non_swapcache_batch_fixed makes (for tests).
inline bool non_swapcache_stops(int refs) { return non_swapcache_stops(refs, Fixes{}); }
inline bool non_swapcache_stops_fixed(int refs) {
  Fixes f;
  f.desc_non_swapcache_batch_fixed = true;
  return non_swapcache_stops(refs, f);
}

// swp_swapcount / __swap_count / swap_swapcount: vswap_swap_count of the descriptor, 0 when there
// is none.
inline int swp_swapcount(bool has_desc, int refs) { return has_desc ? swap_count(refs) : 0; }

inline bool swapped(int refs) { return gen::swapped(Int32{}, refs); }

// The range walks' index computations, on the walk's xarray indices and counts.
inline std::uint64_t walk_last(std::uint64_t first, int nr) {
  return static_cast<std::uint64_t>(gen::walk_last(Int32{}, static_cast<std::int64_t>(first), nr));
}
inline bool walk_stops_at_hole(std::uint64_t index, std::uint64_t first, int visited, const Fixes& f) {
  return gen::walk_stops_at_hole(Int32{}, static_cast<std::int64_t>(index), static_cast<std::int64_t>(first), visited, f);
}
inline bool walk_rolls_back(int i, int nr) { return gen::walk_rolls_back(Int32{}, i, nr); }
inline int prepare_result(int i, int nr, int ret) { return static_cast<int>(gen::prepare_result(Int32{}, i, nr, ret)); }

}  // namespace swapmodel::desc::refs
