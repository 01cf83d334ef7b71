// The descriptor design's kernel paths run sequentially (model/desc/paths.h): swap-out, both
// swap-in paths, zap, fork and user writes, with every invariant holding after each.
#include <catch2/catch.hpp>

#include "desc_harness.h"
#include "model/desc/paths.h"
#include "model/desc/vswap.h"
#include "model/memory.h"
#include "model/page_data.h"
#include "model/setup.h"

using namespace desctest;

namespace {

// mm0 with a page at index 0 (version 1), swapped out to vswap(1).
MmStruct& swapped_page(DescSequential& s) {
  MmStruct& mm = setup_mm(1);
  REQUIRE(desc::shrink_folio(setup_anon_folio(mm, 0, 0, 1, 1)));
  REQUIRE(s.violation() == "");
  return mm;
}

SwapConfig sync_config() {
  SwapConfig cfg = desc_config();
  cfg.devices.front().synchronous_io = true;
  return cfg;
}

}  // namespace

TEST_CASE("desc paths: swap-out leaves one PTE reference and the page on its physical slot and no cache") {
  DescSequential s;
  MmStruct& mm = swapped_page(s);
  CHECK(mm.pte[0].peek() == mk_pte_swap(vswap_entry(1)));
  CHECK(s.refs(1) == 2);
  CHECK(s.cached(1) == -1);
  CHECK(s.desc_at(1)->slot.peek() == 1);
  CHECK(s.v().phys.disk[1].peek() == mm.expected[0]);
  CHECK(s.m().folio(0).refcount.peek() == 0);  // freed with its references frozen
}

TEST_CASE("desc paths: a read fault maps the page and keeps it in the swap cache") {
  DescSequential s;
  MmStruct& mm = swapped_page(s);
  CHECK(desc::do_swap_page(mm, 0, false) == 0);
  const std::uint64_t p = mm.pte[0].peek();
  REQUIRE(pte_present(p));
  CHECK(s.refs(1) == 1);  // the cache's pin alone
  CHECK(s.cached(1) == pte_folio(p));
  CHECK(s.m().folio(pte_folio(p)).data[0].peek() == mm.expected[0]);
  CHECK(s.violation() == "");
  // A second reclaim finds it in the swap cache, unmaps it again and drops it.
  CHECK(desc::shrink_folio(s.m().folio(pte_folio(p))));
  CHECK(s.refs(1) == 2);
  CHECK(s.cached(1) == -1);
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: a write fault frees the swap cache and the entry") {
  DescSequential s;
  MmStruct& mm = swapped_page(s);
  CHECK(desc::do_swap_page(mm, 0, true) == 0);
  CHECK(pte_present(mm.pte[0].peek()));
  CHECK(s.desc_at(1) == nullptr);
  CHECK(s.v().phys.swap_map[1].peek() == 0);
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: the direct swap-in of a SWP_SYNCHRONOUS_IO device skips the cache") {
  DescSequential s(sync_config());
  MmStruct& mm = swapped_page(s);
  CHECK(desc::do_swap_page(mm, 0, false) == 0);
  const std::uint64_t p = mm.pte[0].peek();
  REQUIRE(pte_present(p));
  CHECK_FALSE(folio_test_swapcache(s.m().folio(pte_folio(p))));
  CHECK(s.desc_at(1) == nullptr);  // swap_free_nr, then swapcache_clear after the PTL
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: direct swap-in of a shared entry goes through the cache") {
  DescSequential s(sync_config());
  MmStruct& mm = swapped_page(s);
  MmStruct& child = setup_mm(1);
  CHECK(desc::copy_pte_range(child, mm, 0, 1) == 0);
  CHECK(s.refs(1) == 4);
  CHECK(desc::do_swap_page(mm, 0, false) == 0);
  CHECK(s.refs(1) == 3);
  CHECK(s.cached(1) >= 0);
  CHECK(s.violation() == "");
  CHECK(desc::do_swap_page(child, 0, false) == 0);
  CHECK(s.refs(1) == 1);
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: zap frees the entry and its physical slot and its reverse map") {
  DescSequential s;
  MmStruct& mm = swapped_page(s);
  desc::zap_pte_range(mm, 0, 1);
  CHECK(pte_none(mm.pte[0].peek()));
  CHECK(s.desc_at(1) == nullptr);
  CHECK(s.v().vswap_rmap.peek(1) == 0);
  CHECK(s.v().phys.swap_map[1].peek() == 0);
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: zap of the last PTE reclaims a cache-only folio through the hint") {
  DescSequential s;
  MmStruct& mm = swapped_page(s);
  MmStruct& child = setup_mm(1);
  desc::copy_pte_range(child, mm, 0, 1);
  REQUIRE(desc::do_swap_page(mm, 0, false) == 0);  // refs 3: child's PTE + the cache
  const int folio = pte_folio(mm.pte[0].peek());
  desc::zap_pte_range(child, 0, 1);
  CHECK(s.desc_at(1) == nullptr);
  CHECK_FALSE(folio_test_swapcache(s.m().folio(folio)));
  CHECK(folio_test_dirty(s.m().folio(folio)));
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: fork duplicates swap entries and shares present pages") {
  DescSequential s;
  MmStruct& mm = swapped_page(s);
  setup_anon_folio(mm, 1, 0, 1, 1);
  MmStruct& child = setup_mm(1);
  CHECK(desc::copy_pte_range(child, mm, 0, mm.slots()) == 0);
  CHECK(s.refs(1) == 4);
  CHECK(child.pte[1].peek() == mm.pte[1].peek());
  CHECK(s.m().folio(1).mapcount.peek() == 2);
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: written data survives swap-out and swap-in") {
  DescSequential s;
  MmStruct& mm = swapped_page(s);
  desc::write_page(mm, 0);  // faults it in (write: the cache is dropped), version 2
  CHECK(mm.version[0] == 2);
  const int folio = pte_folio(mm.pte[0].peek());
  CHECK(desc::shrink_folio(s.m().folio(folio)));
  CHECK(s.violation() == "");
  desc::write_page(mm, 0, /*zero=*/true);
  CHECK(mm.expected[0] == kZeroContent);
  CHECK(s.violation() == "");
  CHECK(desc::shrink_folio(s.m().folio(pte_folio(mm.pte[0].peek()))));
  CHECK(desc::do_swap_page(mm, 0, false) == 0);
  CHECK(s.m().folio(pte_folio(mm.pte[0].peek())).data[0].peek() == kZeroContent);
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: data_preserved notices a lost physical slot and a wrong slot content") {
  DescSequential s;
  swapped_page(s);
  s.v().phys.disk[1].write(mk_content(99, 1));
  CHECK(s.violation() ==
        "data_preserved: mm0.pte[0] names vswap(1): swap-in would read p99v1 from physical slot 1, but the page was p1v1");
  s.v().vswap_map.store(1, 0);
  CHECK(s.violation() == "data_preserved: mm0.pte[0] names vswap(1), which has no descriptor: p1v1 is lost");
}

TEST_CASE("desc paths: swap_refs_consistent names a stale pin and a lost reference and a revived descriptor") {
  DescSequential s;
  MmStruct& mm = swapped_page(s);
  SwpDesc& d = *s.desc_at(1);
  d.swap_refs.store(3);
  CHECK(s.violation() ==
        "swap_refs_consistent: desc0 (vswap(1)) swap_refs is 3 but 1 PTE(s) name it and it is not in the swap cache "
        "(want 2): a stale cache pin");
  d.swap_refs.store(-1);
  CHECK(s.violation() == "swap_refs_consistent: desc0 (vswap(1)) swap_refs is -1: a reference was dropped twice");
  d.swap_refs.store(0);
  d.zero_hits = 1;
  d.swap_refs.store(2);
  CHECK(s.violation() ==
        "swap_refs_consistent: desc0 (vswap(1)) swap_refs is 2 after it reached 0: a freed descriptor was revived");
  (void)mm;
}

TEST_CASE("desc paths: an order-1 folio swaps out to an aligned pair and with the batch fix directly back in whole") {
  SwapConfig cfg = sync_config();
  cfg.fixes.desc_non_swapcache_batch_fixed = true;
  DescSequential s(cfg);
  MmStruct& mm = setup_mm(1);
  REQUIRE(desc::shrink_folio(setup_anon_folio(mm, 0, 1, 1, 1)));
  CHECK(mm.pte[0].peek() == mk_pte_swap(vswap_entry(2)));
  CHECK(mm.pte[1].peek() == mk_pte_swap(vswap_entry(3)));
  CHECK(s.violation() == "");
  CHECK(desc::do_swap_page(mm, 1, false) == 0);
  REQUIRE(pte_present(mm.pte[0].peek()));
  REQUIRE(pte_present(mm.pte[1].peek()));
  const Folio& f = s.m().folio(pte_folio(mm.pte[1].peek()));
  CHECK(f.order == 1);
  CHECK(s.desc_at(2) == nullptr);
  CHECK(s.desc_at(3) == nullptr);
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: without the batch fix the same fault swaps in one page") {
  DescSequential s(sync_config());
  MmStruct& mm = setup_mm(1);
  REQUIRE(desc::shrink_folio(setup_anon_folio(mm, 0, 1, 1, 1)));
  CHECK(desc::do_swap_page(mm, 1, false) == 0);
  REQUIRE(pte_present(mm.pte[1].peek()));
  CHECK(s.m().folio(pte_folio(mm.pte[1].peek())).order == 0);
  CHECK(mm.pte[0].peek() == mk_pte_swap(vswap_entry(2)));
  CHECK(s.violation() == "");
}

TEST_CASE("desc paths: a fault that cannot allocate a folio reports VM_FAULT_OOM") {
  SwapScenario sc{desc_config(),
                  [](SwapModel&) {
                    MmStruct& mm = setup_mm(1);
                    desc::shrink_folio(setup_anon_folio(mm, 0, 0, 1, 1));
                  },
                  {SwapThread{"fault", [](SwapModel& m) { CHECK(desc::do_swap_page(m.mm(0), 0, false) == VM_FAULT_OOM); }, 0, 0}},
                  {}};
  const checker::Report r = explore_dpor(std::move(sc));
  INFO(describe(r));
  CHECK(r.verdict == checker::Verdict::Pass);
}
