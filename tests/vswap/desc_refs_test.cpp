// The pure swap_refs arithmetic of model/desc/swap_refs.h against seed 001 (SEMANTICS 3, I19).
#include <catch2/catch.hpp>

#include <climits>

#include "model/desc/swap_refs.h"

namespace refs = swapmodel::desc::refs;

TEST_CASE("desc refs: encoding is 2 x count + cache pin") {
  CHECK(refs::encode(0, true) == 1);
  CHECK(refs::encode(1, true) == 3);
  CHECK(refs::encode(2, false) == 4);
  CHECK(refs::swap_count(5) == 2);
  CHECK(refs::cache_pin(5));
  CHECK_FALSE(refs::cache_pin(4));
  // An underflowed refs reads as a negative count (arithmetic shift).
  CHECK(refs::swap_count(-2) == -1);
  CHECK(refs::alloc_initial() == refs::encode(0, true));
}

TEST_CASE("desc refs: swap_duplicate_nr's add_unless refuses 0 and the plain-add mutation does not") {
  CHECK(refs::dup_step(0).added == false);
  CHECK(refs::dup_step(0).refs == 0);
  CHECK(refs::dup_step(1).added);
  CHECK(refs::dup_step(1).refs == 3);
  CHECK(refs::dup_step_plain_add(0).added);
  CHECK(refs::dup_step_plain_add(0).refs == 2);
  // atomic_t wraps (no UB).
  CHECK(refs::dup_step(INT_MAX).refs == INT_MIN + 1);
}

TEST_CASE("desc refs: swap_free_nr's sub_and_test and its cache-only hint") {
  CHECK(refs::free_hint_cache_only(3));
  CHECK_FALSE(refs::free_hint_cache_only(2));
  CHECK_FALSE(refs::free_hint_cache_only(5));
  CHECK(refs::free_step(2).freed);
  CHECK(refs::free_step(2).refs == 0);
  CHECK_FALSE(refs::free_step(3).freed);
  CHECK(refs::free_step(3).refs == 1);
  // Below zero: the underflow is not a free.
  CHECK(refs::free_step(1).refs == -1);
  CHECK_FALSE(refs::free_step(1).freed);
}

TEST_CASE("desc refs: swapcache_clear's dec_and_test") {
  CHECK(refs::clear_step(1).freed);
  CHECK(refs::clear_step(3).refs == 2);
  CHECK_FALSE(refs::clear_step(3).freed);
  // No pin check: a clear on an unpinned desc eats half a count.
  CHECK(refs::clear_step(2).refs == 1);
}

TEST_CASE("desc refs: one swapcache_prepare cmpxchg iteration") {
  CHECK(refs::prepare_step(0).err == -ENOENT);
  CHECK(refs::prepare_step(0).next == 0);
  CHECK(refs::prepare_step(3).err == -EEXIST);
  CHECK(refs::prepare_step(3).next == 3);
  CHECK(refs::prepare_step(2).err == 0);
  CHECK(refs::prepare_step(2).next == 3);
}

TEST_CASE("desc refs: readers") {
  CHECK(refs::swapcache_only(1));
  CHECK_FALSE(refs::swapcache_only(3));
  CHECK(refs::non_swapcache_stops(2));
  CHECK_FALSE(refs::non_swapcache_stops(3));
  CHECK_FALSE(refs::non_swapcache_stops(1));
  CHECK_FALSE(refs::non_swapcache_stops(0));
  // The documented test (fix desc_non_swapcache_batch_fixed): stop at a pinned or count-0 entry.
  CHECK_FALSE(refs::non_swapcache_stops_fixed(2));
  CHECK(refs::non_swapcache_stops_fixed(3));
  CHECK(refs::non_swapcache_stops_fixed(1));
  CHECK(refs::non_swapcache_stops_fixed(0));
  CHECK(refs::swp_swapcount(true, 5) == 2);
  CHECK(refs::swp_swapcount(false, 5) == 0);
  CHECK(refs::swapped(2));
  CHECK_FALSE(refs::swapped(1));
}
