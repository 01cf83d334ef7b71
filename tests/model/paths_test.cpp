// The kernel paths a scenario drives, run sequentially: each leaves a state every invariant
// accepts, and moves counts, charges and data as the kernel does.
#include <catch2/catch.hpp>

#include "harness.h"
#include "model/memcg.h"
#include "model/memory.h"
#include "model/page_data.h"
#include "model/setup.h"
#include "model/swapoff.h"
#include "model/swapfile.h"
#include "model/vmscan.h"
#include "model/zswap.h"

using namespace swaptest;

TEST_CASE("swap-out writes the page to its slot and frees the folio") {
  Sequential s;
  SwapModel& m = s.m();
  MmStruct& mm = setup_mm(2);
  Folio& f = setup_anon_folio(mm, 0, 0, 2, 3);
  const std::uint64_t content = f.data[0].peek();
  REQUIRE(shrink_folio(f));
  CHECK(mm.pte[0].peek() == mk_pte_swap(swp_entry(0, 1)));
  CHECK(tb::is_shadow(s.word(0, 1)));
  CHECK(s.count(0, 1) == 1);
  CHECK(m.devices[0].disk[1].peek() == content);
  CHECK(f.refcount.peek() == 0);
  CHECK(f.mapcount.peek() == 0);
  CHECK(m.memcg(2).swap.peek() == 1);
  CHECK(s.violation() == "");
}

TEST_CASE("swap-in maps the page back with its data; the slot stays cached unless freed") {
  SECTION("asynchronous device: the swap cache keeps the slot") {
    Sequential s;
    MmStruct& mm = setup_mm(2);
    Folio& f = setup_anon_folio(mm, 0, 0, 2, 3);
    setup_swap_out(f);
    CHECK(do_swap_page(mm, 0, false) == 0);
    REQUIRE(pte_present(mm.pte[0].peek()));
    Folio& g = s.m().folio(pte_folio(mm.pte[0].peek()));
    CHECK(g.data[0].peek() == mm.expected[0]);
    CHECK(folio_test_swapcache(g));
    CHECK(s.count(0, 1) == 0);
    CHECK(g.refcount.peek() == 2);
    CHECK(s.violation() == "");
  }
  SECTION("SWP_SYNCHRONOUS_IO: the slot is freed at once") {
    SwapConfig cfg = small_config();
    cfg.devices[0].synchronous_io = true;
    Sequential s(cfg);
    MmStruct& mm = setup_mm(2);
    setup_swap_out(setup_anon_folio(mm, 0, 0, 2, 3));
    CHECK(do_swap_page(mm, 0, false) == 0);
    Folio& g = s.m().folio(pte_folio(mm.pte[0].peek()));
    CHECK(!folio_test_swapcache(g));
    CHECK(s.word(0, 1) == tb::kNull);
    CHECK(s.m().memcg(2).swap.peek() == 0);
    CHECK(s.violation() == "");
  }
}

TEST_CASE("a zero page is swapped out as the zero flag alone and read back as zeros") {
  Sequential s;
  MmStruct& mm = setup_mm(2);
  Folio& f = setup_anon_folio(mm, 0, 0, 2, /*version=*/0);
  setup_swap_out(f);
  CHECK(tb::zero(s.word(0, 1)));
  CHECK(s.m().devices[0].disk[1].peek() == kGarbageContent);
  CHECK(s.violation() == "");
  CHECK(do_swap_page(mm, 0, true) == 0);
  CHECK(s.m().folio(pte_folio(mm.pte[0].peek())).data[0].peek() == kZeroContent);
  CHECK(s.violation() == "");
}

TEST_CASE("zswap: store on swap-out, load on swap-in, writeback to the device") {
  SwapConfig cfg = small_config();
  cfg.zswap_enabled = true;
  Sequential s(cfg);
  SwapModel& m = s.m();
  MmStruct& mm = setup_mm(2);
  setup_swap_out(setup_anon_folio(mm, 0, 0, 2, 2));
  setup_swap_out(setup_anon_folio(mm, 1, 0, 2, 5));
  CHECK(m.devices[0].zswap.slot[1].peek() != 0);
  CHECK(m.devices[0].disk[1].peek() == kGarbageContent);
  CHECK(s.violation() == "");
  // Writeback of the oldest entry (page 0's) through a new swap-cache folio.
  CHECK(zswap_shrink_one() == 0);
  CHECK(m.devices[0].zswap.slot[1].peek() == 0);
  CHECK(m.devices[0].disk[1].peek() == mm.expected[0]);
  CHECK(tb::is_folio(s.word(0, 1)));  // the written-back folio stays cached, clean
  CHECK(s.violation() == "");
  // Swap-in of page 1 loads from zswap and drops the entry.
  CHECK(do_swap_page(mm, 1, false) == 0);
  CHECK(m.devices[0].zswap.slot[2].peek() == 0);
  CHECK(m.folio(pte_folio(mm.pte[1].peek())).data[0].peek() == mm.expected[1]);
  CHECK(s.violation() == "");
}

TEST_CASE("fork duplicates swap entries and zap puts them") {
  Sequential s;
  MmStruct& parent = setup_mm(2);
  MmStruct& child = setup_mm(2);
  setup_swap_out(setup_anon_folio(parent, 0, 0, 2, 1));
  CHECK(copy_pte_range(child, parent, 0, 4) == 0);
  CHECK(child.pte[0].peek() == parent.pte[0].peek());
  CHECK(s.count(0, 1) == 2);
  CHECK(s.violation() == "");
  zap_pte_range(parent, 0, 4);
  CHECK(s.count(0, 1) == 1);
  zap_pte_range(child, 0, 4);
  CHECK(s.word(0, 1) == tb::kNull);
  CHECK(s.m().memcg(2).swap.peek() == 0);
  CHECK(s.violation() == "");
}

TEST_CASE("fork at the count limit allocates the extend table, sleeping after the atomic try fails") {
  SwapConfig cfg = small_config();
  cfg.gfp_atomic_fails = true;
  Sequential s(cfg);
  MmStruct& a = setup_mm(2);
  MmStruct& b = setup_mm(2);
  MmStruct& c = setup_mm(2);
  setup_swap_out(setup_anon_folio(a, 0, 0, 2, 1));
  REQUIRE(copy_pte_range(b, a, 0, 1) == 0);
  REQUIRE(copy_pte_range(c, a, 0, 1) == 0);  // 2 -> 3 needs the extend table
  CHECK(s.count(0, 1) == 3);
  CHECK(s.m().devices[0].clusters[0].extend_table.peek() != 0);
  CHECK(s.violation() == "");
  zap_pte_range(c, 0, 1);
  CHECK(s.count(0, 1) == 2);
  CHECK(s.m().devices[0].clusters[0].extend_table.peek() == 0);
  CHECK(s.violation() == "");
}

TEST_CASE("a written page is swapped out again with its new version") {
  Sequential s;
  MmStruct& mm = setup_mm(2);
  setup_swap_out(setup_anon_folio(mm, 0, 0, 2, 1));
  write_page(mm, 0);  // faults it in, then writes version 2
  CHECK(content_version(mm.expected[0]) == 2);
  Folio& g = s.m().folio(pte_folio(mm.pte[0].peek()));
  CHECK(s.violation() == "");
  REQUIRE(shrink_folio(g));
  // The write fault dropped the swap cache (should_try_to_free_swap), so this is a new slot.
  REQUIRE(is_swap_pte(mm.pte[0].peek()));
  CHECK(s.m().devices[0].disk[swp_offset(pte_to_swp_entry(mm.pte[0].peek()))].peek() == mm.expected[0]);
  CHECK(s.violation() == "");
  CHECK(do_swap_page(mm, 0, false) == 0);
  CHECK(s.violation() == "");
}

TEST_CASE("a large folio is swapped out and back in as one") {
  Sequential s;
  MmStruct& mm = setup_mm(2);
  Folio& f = setup_anon_folio(mm, 0, 1, 2, 1);
  setup_swap_out(f);
  CHECK(mm.pte[0].peek() == mk_pte_swap(swp_entry(0, 4)));
  CHECK(mm.pte[1].peek() == mk_pte_swap(swp_entry(0, 5)));
  CHECK(s.violation() == "");
  CHECK(do_swap_page(mm, 1, false) == 0);
  REQUIRE(pte_present(mm.pte[0].peek()));
  REQUIRE(pte_present(mm.pte[1].peek()));
  Folio& g = s.m().folio(pte_folio(mm.pte[0].peek()));
  CHECK(g.order == 1);
  CHECK(g.mapcount.peek() == 2);
  CHECK(s.violation() == "");
}

TEST_CASE("memcg v1 moves the memsw charge to the slot at swap-out and back at swap-in") {
  SwapConfig cfg = small_config();
  cfg.memcg_mode = MemcgMode::V1;
  Sequential s(cfg);
  MmStruct& mm = setup_mm(2);
  setup_swap_out(setup_anon_folio(mm, 0, 0, 2, 1));
  CHECK(s.memcg_id(0, 1) == 2);
  CHECK(s.m().memcg(2).memsw.peek() == 1);
  CHECK(s.m().memcg(2).swap.peek() == 0);
  CHECK(s.violation() == "");
  CHECK(do_swap_page(mm, 0, false) == 0);
  CHECK(s.m().memcg(2).memsw.peek() == 0);
  CHECK(s.memcg_id(0, 1) == 0);
  CHECK(s.violation() == "");
}

TEST_CASE("swapoff swaps every page back in and frees the device") {
  Sequential s;
  SwapModel& m = s.m();
  MmStruct& a = setup_mm(2);
  MmStruct& b = setup_mm(3);
  setup_swap_out(setup_anon_folio(a, 0, 0, 2, 1));
  setup_swap_out(setup_anon_folio(b, 1, 0, 3, 4));
  REQUIRE(copy_pte_range(b, a, 0, 1) == 0);
  CHECK(swapoff(0) == 0);
  CHECK(pte_present(a.pte[0].peek()));
  CHECK(pte_present(b.pte[0].peek()));
  CHECK(pte_present(b.pte[1].peek()));
  CHECK(m.devices[0].cluster_info->state == checker::HeapCell::State::Freed);
  CHECK(m.devices[0].flags.peek() == 0);
  CHECK(m.memcg(2).swap.peek() == 0);
  CHECK(m.memcg(3).swap.peek() == 0);
  CHECK(s.violation() == "");
  CHECK(swapoff(0) == -EINVAL);
}

TEST_CASE("hibernation slots count as references until freed") {
  Sequential s;
  const swp_entry_t e = swap_alloc_hibernation_slot(0);
  REQUIRE(e.val != 0);
  CHECK(s.violation() == "");
  swap_free_hibernation_slot(e);
  CHECK(s.violation() == "");
}
