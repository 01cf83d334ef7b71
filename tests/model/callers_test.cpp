// Seed 003's other callers of tryget_swap_entry, run sequentially: MADV_WILLNEED
// (read_swap_cache_async), the fault's VMA readahead (swap_vma_readahead), mincore and
// UFFDIO_MOVE's swap branch. Each leaves a state every invariant accepts.
#include <catch2/catch.hpp>

#include "harness.h"
#include "model/device.h"
#include "model/madvise.h"
#include "model/memory.h"
#include "model/migrate.h"
#include "model/mincore.h"
#include "model/setup.h"
#include "model/swap_readahead.h"
#include "model/swapoff.h"
#include "model/userfaultfd.h"

using namespace swaptest;

namespace {
// mm (memcg 2) with pages 0 and 1 (versions 1 and 2) swapped out to slots 1 and 2 of device 0.
MmStruct& two_swapped_pages() {
  MmStruct& mm = setup_mm(2);
  setup_swap_out(setup_anon_folio(mm, 0, 0, 2, 1));
  setup_swap_out(setup_anon_folio(mm, 1, 0, 2, 2));
  return mm;
}
}  // namespace

TEST_CASE("MADV_WILLNEED reads swapped-out pages into the swap cache, and mincore sees them") {
  Sequential s;
  MmStruct& mm = two_swapped_pages();
  REQUIRE(mm.pte[1].peek() == mk_pte_swap(swp_entry(0, 2)));
  CHECK(mincore_pte_range(mm, 0, 2) == 0u);
  swapin_walk_pmd_entry(mm, 0, 2);
  CHECK(tb::is_folio(s.word(0, 1)));
  CHECK(tb::is_folio(s.word(0, 2)));
  CHECK(s.count(0, 1) == 1);
  CHECK(s.count(0, 2) == 1);
  CHECK(mm.pte[1].peek() == mk_pte_swap(swp_entry(0, 2)));
  CHECK(mincore_pte_range(mm, 0, 2) == 3u);
  Folio& f = s.m().folio(static_cast<int>(tb::folio_pfn(s.word(0, 2))));
  CHECK(f.data[0].peek() == mm.expected[1]);
  CHECK(f.refcount.peek() == 1);  // the swap cache's reference only
  CHECK(s.violation() == "");
  CHECK(do_swap_page(mm, 1, false) == 0);
  CHECK(s.m().folio(pte_folio(mm.pte[1].peek())).id == f.id);
  CHECK(s.violation() == "");
}

TEST_CASE("the fault's readahead window brings the neighbour into the swap cache") {
  Sequential s;
  MmStruct& mm = two_swapped_pages();
  CHECK(do_swap_page(mm, 0, false, /*ra_win=*/2) == 0);
  REQUIRE(pte_present(mm.pte[0].peek()));
  CHECK(s.m().folio(pte_folio(mm.pte[0].peek())).data[0].peek() == mm.expected[0]);
  CHECK(mm.pte[1].peek() == mk_pte_swap(swp_entry(0, 2)));
  REQUIRE(tb::is_folio(s.word(0, 2)));
  Folio& ra = s.m().folio(static_cast<int>(tb::folio_pfn(s.word(0, 2))));
  CHECK(ra.index == 1);
  CHECK(folio_test_uptodate(ra));
  CHECK(ra.data[0].peek() == mm.expected[1]);
  CHECK(s.violation() == "");
}

TEST_CASE("read_swap_cache_async gives up on a freed slot and on a swapped-off device") {
  Sequential s;
  MmStruct& mm = two_swapped_pages();
  zap_pte_range(mm, 0, 1);
  CHECK(read_swap_cache_async(swp_entry(0, 1), 0, 2) == nullptr);
  CHECK(s.word(0, 1) == tb::kNull);
  REQUIRE(swapoff(0) == 0);
  CHECK(read_swap_cache_async(swp_entry(0, 2), 1, 2) == nullptr);
  CHECK(s.violation() == "");
}

TEST_CASE("UFFDIO_MOVE moves a swap PTE, and a cached folio's rmap with it") {
  SECTION("uncached: the entry moves, its count does not change") {
    Sequential s;
    MmStruct& mm = two_swapped_pages();
    CHECK(move_pages(mm, 2, 1) == 0);
    CHECK(pte_none(mm.pte[1].peek()));
    CHECK(mm.pte[2].peek() == mk_pte_swap(swp_entry(0, 2)));
    CHECK(s.count(0, 2) == 1);
    CHECK(do_swap_page(mm, 2, false) == 0);
    CHECK(s.m().folio(pte_folio(mm.pte[2].peek())).data[0].peek() == mm.expected[2]);
    CHECK(s.violation() == "");
  }
  SECTION("cached: the folio's index follows the PTE") {
    Sequential s;
    MmStruct& mm = two_swapped_pages();
    swapin_walk_pmd_entry(mm, 1, 2);
    Folio& f = s.m().folio(static_cast<int>(tb::folio_pfn(s.word(0, 2))));
    CHECK(f.index == 1);
    CHECK(move_pages(mm, 2, 1) == 0);
    CHECK(f.index == 2);
    CHECK(!folio_test_locked(f));
    CHECK(f.refcount.peek() == 1);
    CHECK(s.violation() == "");
  }
  SECTION("errors: a busy destination, an empty source, a present page") {
    Sequential s;
    MmStruct& mm = two_swapped_pages();
    CHECK(move_pages(mm, 0, 1) == -EEXIST);
    CHECK(move_pages(mm, 3, 2) == -ENOENT);
    REQUIRE(do_swap_page(mm, 1, false) == 0);
    CHECK(move_pages(mm, 2, 1) == kMovePresentNotModelled);
    CHECK(s.violation() == "");
  }
}

TEST_CASE("migrating an unmapped swap-cache folio puts the new folio in its place") {
  Sequential s;
  MmStruct& mm = two_swapped_pages();
  swapin_walk_pmd_entry(mm, 0, 1);
  Folio& f = s.m().folio(static_cast<int>(tb::folio_pfn(s.word(0, 1))));
  CHECK(migrate_swapcache_folio(f) == 0);
  REQUIRE(tb::is_folio(s.word(0, 1)));
  Folio& g = s.m().folio(static_cast<int>(tb::folio_pfn(s.word(0, 1))));
  CHECK(g.id != f.id);
  CHECK(s.count(0, 1) == 1);
  CHECK(folio_test_swapcache(g));
  CHECK(folio_test_uptodate(g));
  CHECK(g.data[0].peek() == mm.expected[0]);
  CHECK(g.refcount.peek() == 1);
  CHECK(!folio_test_swapcache(f));
  CHECK(f.refcount.peek() == 0);
  CHECK(s.violation() == "");
  CHECK(do_swap_page(mm, 0, false) == 0);
  CHECK(pte_folio(mm.pte[0].peek()) == g.id);
  CHECK(migrate_swapcache_folio(g) == kMigrateMappedNotModelled);
  CHECK(s.violation() == "");
}
