// The arithmetic of seed 001's per-descriptor swap_refs, as pure functions on plain integers.
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
// computes from the value it read, so the model's instrumented code (desc_refs.cpp) is
// "atomic op(refs, f)". The Z3 encoding (proofs/) is differential-tested against exactly these
// functions: keep them pure and total on every int, including the negative values an underflow
// produces. atomic_t arithmetic wraps in two's complement as in the kernel (built with
// -fno-strict-overflow), so additions go through wrap_add: no signed overflow, no UB.
#pragma once

#include <cerrno>
#include <cstdint>

namespace swapmodel::desc::refs {

inline constexpr int kCacheShift = 1;  // SWAP_CACHE_SHIFT
inline constexpr int kCacheInc = 1;    // SWAP_CACHE_INC, also the mask of the pin bit
inline constexpr int kCountInc = 2;    // SWAP_COUNT_INC

// atomic_t addition: two's-complement wrap (unsigned arithmetic, then the C++20 modular
// conversion back to int).
constexpr int wrap_add(int a, int b) {
  return static_cast<int>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
}

// --- encoding ---------------------------------------------------------------------------------

// The refs value of `count` PTE references plus the cache pin.
constexpr int encode(int count, bool cache_pin) {
  return wrap_add(wrap_add(count, count), cache_pin ? kCacheInc : 0);
}

// vswap_swap_count: atomic_read(swap_refs) >> SWAP_CACHE_SHIFT. An arithmetic shift (C++20 and
// every kernel compiler), so an underflowed refs reads as a negative count.
constexpr int swap_count(int refs) { return refs >> kCacheShift; }

// The pin bit: refs & SWAP_CACHE_INC.
constexpr bool cache_pin(int refs) { return (refs & kCacheInc) != 0; }

// --- vswap_alloc -------------------------------------------------------------------------------

// vswap_alloc: atomic_set(&desc->swap_refs, 1), "swap entry is about to be added to the swap
// cache": count 0, pin set.
constexpr int alloc_initial() { return kCacheInc; }

// --- swap_duplicate_nr ------------------------------------------------------------------------

struct AddUnless {
  bool added = false;  // atomic_add_unless's return value
  int refs = 0;        // the value after the operation (unchanged when !added)
};

// atomic_add_unless(v, a, u): adds a unless v == u; returns whether it added.
constexpr AddUnless add_unless(int v, int a, int u) {
  if (v == u) return {false, v};
  return {true, wrap_add(v, a)};
}

// swap_duplicate_nr, per descriptor: atomic_add_unless(&desc->swap_refs, SWAP_COUNT_INC, 0). A
// descriptor already at 0 is being freed; the dup fails and the range walk stops there.
constexpr AddUnless dup_step(int refs) { return add_unless(refs, kCountInc, 0); }

// Mutation desc_dup_no_add_unless: the same step as a plain atomic_add, which revives a
// descriptor whose refs already reached 0 (and whose vswap_free is running or done).
constexpr AddUnless dup_step_plain_add(int refs) { return {true, wrap_add(refs, kCountInc)}; }

// --- swap_free_nr / vswap_free_nr_any_cache_only ----------------------------------------------

// vswap_free_nr_any_cache_only's hint, from its separate atomic_read before the decrement:
// "1 page table entry ref + 1 swap cache ref == 11 (binary)". Racy by design: the seed only
// uses it as a hint for free_swap_and_cache_nr.
constexpr bool free_hint_cache_only(int refs_read) { return refs_read == kCountInc + kCacheInc; }

struct DecResult {
  int refs = 0;        // the value after the operation
  bool freed = false;  // the *_and_test result: the caller runs vswap_free
};

// vswap_free_nr_any_cache_only, per descriptor: atomic_sub_and_test(SWAP_COUNT_INC, refs).
constexpr DecResult free_step(int refs) {
  const int n = wrap_add(refs, -kCountInc);
  return {n, n == 0};
}

// --- swapcache_clear / put_swap_folio ---------------------------------------------------------

// swapcache_clear, per descriptor (put_swap_folio calls swapcache_clear):
// atomic_dec_and_test(swap_refs). It does not check that C is set: a clear without a pin takes
// a count reference away instead.
constexpr DecResult clear_step(int refs) {
  const int n = wrap_add(refs, -kCacheInc);
  return {n, n == 0};
}

// --- swapcache_prepare --------------------------------------------------------------------------

struct PrepareStep {
  int err = 0;   // 0, -ENOENT (refs 0: being freed), -EEXIST (already pinned)
  int next = 0;  // the value the iteration's atomic_try_cmpxchg(&refs, &old, next) writes
};

// One iteration of swapcache_prepare's cmpxchg loop on the value `old` it believes refs holds:
//   !old -> -ENOENT; old & SWAP_CACHE_INC -> -EEXIST; else new = old + SWAP_CACHE_INC.
// On an error the seed still runs the cmpxchg with next == old, and loops again if refs moved
// (so the error returned is the one computed from the value refs really held). The loop leaves
// on the first successful cmpxchg; the model's loop is "do prepare_step(old) while !cmpxchg".
constexpr PrepareStep prepare_step(int old) {
  if (old == 0) return {-ENOENT, old};
  if (cache_pin(old)) return {-EEXIST, old};
  return {0, wrap_add(old, kCacheInc)};
}

// --- readers --------------------------------------------------------------------------------

// vswap_swapcache_only, per descriptor: atomic_read(swap_refs) == SWAP_CACHE_INC (pinned, no
// PTE references). The range is "cache only" iff every descriptor the walk visits passes and
// the walk visits nr of them.
constexpr bool swapcache_only(int refs) { return refs == kCacheInc; }

// non_swapcache_batch, per descriptor: the batch stops at the first descriptor with the pin
// clear and a count above 0, i.e. `!(refs & SWAP_CACHE_INC) && (refs >> SWAP_CACHE_SHIFT)`.
// (Read literally, the seed stops at the descriptors that are NOT in the swap cache, the opposite
// of its comment; the model follows the code.)
constexpr bool non_swapcache_stops(int refs) { return !cache_pin(refs) && swap_count(refs) != 0; }

// The test the comment describes ("still valid, but not in swap cache"), which the non-vswap
// non_swapcache_batch implements with SWAP_HAS_CACHE: stop at a pinned descriptor or one with no
// count. The model applies it with fix desc_non_swapcache_batch_fixed.
constexpr bool non_swapcache_stops_fixed(int refs) { return cache_pin(refs) || swap_count(refs) <= 0; }

// swp_swapcount / __swap_count / swap_swapcount: vswap_swap_count of the descriptor, 0 when there
// is none.
constexpr int swp_swapcount(bool has_desc, int refs) { return has_desc ? swap_count(refs) : 0; }

// folio_swapped, per descriptor: vswap_swap_count(&desc->swap_refs) != 0.
constexpr bool swapped(int refs) { return swap_count(refs) != 0; }

}  // namespace swapmodel::desc::refs
