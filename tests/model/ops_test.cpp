// Sequential tests of the swap-table operations against their documented effect on counts,
// table words, cluster counts and charges, including each error return (issue 3).
//
// Layout of small_config(): device 0 has clusters 0 and 1 of 4 slots; slot 0 is the header
// (Bad), so cluster 0 starts on nonfull[0] with count 1 and cluster 1 on the free list. The
// first order-0 allocation takes slot 1, the next slot 2, and so on.
#include <catch2/catch.hpp>

#include "harness.h"
#include "model/memcg.h"
#include "model/setup.h"
#include "model/swap_state.h"
#include "model/swapfile.h"

using namespace swaptest;

namespace {

// A folio mapped at mm0[idx], locked and in the swap cache with its slots at count 0.
Folio& allocated(SwapModel& m, int idx, int memcg = 2, int order = 0) {
  if (m.mms.empty()) setup_mm(memcg);
  Folio& f = setup_anon_folio(m.mm(0), idx, order, memcg);
  folio_lock(f);
  REQUIRE(folio_alloc_swap(f) == 0);
  return f;
}

}  // namespace

TEST_CASE("swapon: the header slot is Bad and the device is empty") {
  Sequential s;
  SwapModel& m = s.m();
  SwapDevice& si = m.devices[0];
  CHECK(s.word(0, 0) == tb::kBad);
  CHECK(si.clusters[0].count.peek() == 1);
  CHECK(si.clusters[0].flags.peek() == CLUSTER_FLAG_NONFULL);
  CHECK(si.clusters[1].flags.peek() == CLUSTER_FLAG_FREE);
  CHECK(si.clusters[1].table.peek() == 0);
  CHECK(si.inuse_pages.peek() == 0);
  CHECK(m.nr_swap_pages.peek() == 7);
  CHECK(s.violation() == "");
}

TEST_CASE("folio_alloc_swap binds slots at count 0 to the folio and charges its memcg") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0);
  CHECK(folio_test_swapcache(f));
  CHECK(f.swap.peek() == swp_entry(0, 1).val);
  CHECK(s.word(0, 1) == tb::mk_folio(static_cast<std::uint64_t>(f.id)));
  CHECK(s.count(0, 1) == 0);
  CHECK(m.devices[0].clusters[0].count.peek() == 2);
  CHECK(m.devices[0].clusters[0].flags.peek() == CLUSTER_FLAG_FRAG);
  CHECK(m.devices[0].inuse_pages.peek() == 1);
  CHECK(m.nr_swap_pages.peek() == 6);
  CHECK(f.refcount.peek() == 2);  // the mapping's and the swap cache's
  CHECK(s.memcg_id(0, 1) == 2);
  CHECK(m.memcg(2).swap.peek() == 1);
  CHECK(m.memcg(2).id_ref.peek() == 2);
  // The next allocation continues from this CPU's cached offset.
  Folio& g = setup_anon_folio(m.mm(0), 1, 0, 2);
  folio_lock(g);
  REQUIRE(folio_alloc_swap(g) == 0);
  CHECK(g.swap.peek() == swp_entry(0, 2).val);
  CHECK(m.percpu[0].offset[0].peek() == 3);
  folio_unlock(g);
  folio_unlock(f);
}

TEST_CASE("folio_alloc_swap: order 1 takes an aligned pair from a free cluster") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 2, 2, 1);
  CHECK(f.swap.peek() == swp_entry(0, 4).val);  // cluster 1, the first free one
  CHECK(s.word(0, 4) == tb::mk_folio(static_cast<std::uint64_t>(f.id)));
  CHECK(s.word(0, 5) == tb::mk_folio(static_cast<std::uint64_t>(f.id)));
  CHECK(m.devices[0].clusters[1].order.peek() == 1);
  CHECK(m.memcg(2).swap.peek() == 2);
  folio_unlock(f);
  CHECK(s.violation() == "");
}

TEST_CASE("folio_alloc_swap: -EAGAIN for a large folio without THP") {
  SwapConfig cfg = small_config();
  cfg.thp = false;
  Sequential s(cfg);
  Folio& f = *s.m().folio_alloc(1, 0);
  f.flags.store(PG_uptodate | PG_swapbacked | PG_anon);
  folio_lock(f);
  CHECK(folio_alloc_swap(f) == -EAGAIN);
  CHECK(!folio_test_swapcache(f));
  folio_unlock(f);
}

TEST_CASE("folio_alloc_swap: -ENOMEM when the device is full or the memcg swap limit is hit") {
  SECTION("device full") {
    SwapConfig cfg = small_config();
    cfg.devices[0].clusters = 1;  // three usable slots
    Sequential s(cfg);
    SwapModel& m = s.m();
    setup_mm(2);
    for (int i = 0; i < 3; ++i) {
      Folio& f = setup_anon_folio(m.mm(0), i, 0, 2);
      folio_lock(f);
      REQUIRE(folio_alloc_swap(f) == 0);
      folio_unlock(f);
    }
    // Full: taken off swap_avail_head with SWAP_USAGE_OFFLIST_BIT.
    CHECK(m.swap_avail_head.peek() == 0);
    CHECK((m.devices[0].inuse_pages.peek() & SWAP_USAGE_OFFLIST_BIT) != 0);
    Folio& g = setup_anon_folio(m.mm(0), 3, 0, 2);
    folio_lock(g);
    CHECK(folio_alloc_swap(g) == -ENOMEM);
    CHECK(!folio_test_swapcache(g));
    folio_unlock(g);
  }
  SECTION("memcg swap.max") {
    SwapConfig cfg = small_config();
    cfg.memcgs[1].swap_max = 0;
    Sequential s(cfg);
    SwapModel& m = s.m();
    setup_mm(2);
    Folio& f = setup_anon_folio(m.mm(0), 0, 0, 2);
    folio_lock(f);
    CHECK(folio_alloc_swap(f) == -ENOMEM);
    // The slot went back: swap_cache_del_folio freed it.
    CHECK(!folio_test_swapcache(f));
    CHECK(s.word(0, 1) == tb::kNull);
    CHECK(m.devices[0].inuse_pages.peek() == 0);
    CHECK(m.memcg(2).swap.peek() == 0);
    CHECK(m.memcg(2).id_ref.peek() == 1);
    CHECK(f.refcount.peek() == 1);
    folio_unlock(f);
    CHECK(s.violation() == "");
  }
}

TEST_CASE("folio_dup_swap and folio_put_swap count through the extend table") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0);
  for (long c = 1; c <= 5; ++c) {
    REQUIRE(folio_dup_swap(f, 0) == 0);
    CHECK(s.count(0, 1) == c);
  }
  SwapCluster& ci = m.devices[0].clusters[0];
  CHECK(tb::field(s.word(0, 1)) == 3);
  CHECK(ci.extend_table.peek() != 0);
  for (long c = 4; c >= 0; --c) {
    folio_put_swap(f, 0);
    CHECK(s.count(0, 1) == c);
  }
  // Back below the limit, the extend table was freed; the slot stays cached at count 0.
  CHECK(ci.extend_table.peek() == 0);
  CHECK(tb::is_folio(s.word(0, 1)));
  CHECK(m.ghost.warnings.empty());
  folio_unlock(f);
}

TEST_CASE("folio_dup_swap: -ENOMEM without an atomic extend table, then fork's sleeping retry") {
  SwapConfig cfg = small_config();
  cfg.gfp_atomic_fails = true;
  Sequential s(cfg);
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0);
  REQUIRE(folio_dup_swap(f, 0) == 0);
  REQUIRE(folio_dup_swap(f, 0) == 0);
  CHECK(folio_dup_swap(f, 0) == -ENOMEM);
  CHECK(s.count(0, 1) == 2);
  CHECK(swap_retry_table_alloc(swp_entry(0, 1)) == 0);
  CHECK(folio_dup_swap(f, 0) == 0);
  CHECK(s.count(0, 1) == 3);
  folio_unlock(f);
}

TEST_CASE("swap_dup_entry_direct: +1 on a swapped entry, -ENOENT on a free slot, -EINVAL on a bad one") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0);
  REQUIRE(folio_dup_swap(f, 0) == 0);
  CHECK(swap_dup_entry_direct(swp_entry(0, 1)) == 0);
  CHECK(s.count(0, 1) == 2);
  CHECK(m.ghost.warnings.empty());
  CHECK(swap_dup_entry_direct(swp_entry(0, 2)) == -ENOENT);
  CHECK(swap_dup_entry_direct(swp_entry(0, 0)) == -EINVAL);
  CHECK(m.ghost.warnings.size() >= 2);  // the kernel WARNs on both
  folio_unlock(f);
}

TEST_CASE("swap_put_entries_direct frees an uncached slot and uncharges it") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0);
  REQUIRE(folio_dup_swap(f, 0) == 0);
  REQUIRE(folio_dup_swap(f, 0) == 0);
  swap_cache_del_folio(f);  // the slot keeps count 2 as a Shadow
  CHECK(tb::is_shadow(s.word(0, 1)));
  CHECK(s.count(0, 1) == 2);
  swap_put_entries_direct(swp_entry(0, 1), 1);
  CHECK(s.count(0, 1) == 1);
  swap_put_entries_direct(swp_entry(0, 1), 1);
  CHECK(s.word(0, 1) == tb::kNull);
  CHECK(m.devices[0].clusters[0].count.peek() == 1);
  CHECK(m.devices[0].inuse_pages.peek() == 0);
  CHECK(m.memcg(2).swap.peek() == 0);
  CHECK(m.memcg(2).id_ref.peek() == 1);
  folio_unlock(f);
}

TEST_CASE("swap_put_entries_direct on a cached slot reclaims the unmapped folio") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0);
  REQUIRE(folio_dup_swap(f, 0) == 0);
  folio_unlock(f);
  // Unmapped: TTRS_UNMAPPED lets __try_to_reclaim_swap drop the swap cache.
  f.mapcount.store(0);
  swap_put_entries_direct(swp_entry(0, 1), 1);
  CHECK(!folio_test_swapcache(f));
  CHECK(folio_test_dirty(f));
  CHECK(s.word(0, 1) == tb::kNull);
  CHECK(f.refcount.peek() == 1);
}

TEST_CASE("folio_free_swap frees only a folio with no swap count") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0);
  REQUIRE(folio_dup_swap(f, 0) == 0);
  CHECK(!folio_free_swap(f));
  folio_put_swap(f, 0);
  CHECK(folio_free_swap(f));
  CHECK(!folio_test_swapcache(f));
  CHECK(s.word(0, 1) == tb::kNull);
  CHECK(m.memcg(2).swap.peek() == 0);
  folio_unlock(f);
}

TEST_CASE("swap_cache_add_folio: -ENOENT, -EEXIST, -EBUSY and success") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0, 2, 1);  // slots 4 and 5
  REQUIRE(folio_dup_swap(f, -1) == 0);
  swap_cache_del_folio(f);
  folio_unlock(f);
  auto fresh = [&](int order) -> Folio& {
    Folio& g = *m.folio_alloc(order, 0);
    g.flags.store(PG_swapbacked | PG_anon);
    folio_lock(g);
    return g;
  };
  Folio& a = fresh(0);
  CHECK(swap_cache_add_folio(a, swp_entry(0, 6), nullptr) == -ENOENT);  // never allocated
  CHECK(swap_cache_add_folio(a, swp_entry(0, 4), nullptr) == 0);
  CHECK(folio_test_swapcache(a));
  Folio& b = fresh(0);
  CHECK(swap_cache_add_folio(b, swp_entry(0, 4), nullptr) == -EEXIST);
  Folio& c = fresh(1);
  CHECK(swap_cache_add_folio(c, swp_entry(0, 5), nullptr) == -EBUSY);  // slot 4 is cached
  CHECK(swap_cache_add_folio(c, swp_entry(0, 4), nullptr) == -EEXIST);
  CHECK(!folio_test_swapcache(c));
}

TEST_CASE("swap_cache_del_folio keeps counted slots as shadows and frees the rest") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0, 2, 1);  // slots 4 and 5
  REQUIRE(folio_dup_swap(f, 1) == 0);  // only the second page is swapped
  swap_cache_del_folio(f);
  CHECK(s.word(0, 4) == tb::kNull);
  CHECK(tb::is_shadow(s.word(0, 5)));
  CHECK(s.count(0, 5) == 1);
  CHECK(m.devices[0].clusters[1].count.peek() == 1);
  CHECK(m.memcg(2).swap.peek() == 1);
  CHECK(f.refcount.peek() == 2);
  folio_unlock(f);
}

TEST_CASE("swap_cache_alloc_folio: success, -EEXIST, -ENOENT, -ENOMEM and the order fallback") {
  Sequential s;
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0, 2, 1);  // slots 4 and 5
  REQUIRE(folio_dup_swap(f, 0) == 0);
  swap_cache_del_folio(f);  // slot 4: Shadow count 1; slot 5: freed
  folio_unlock(f);
  SECTION("order 1 is refused (-EBUSY: slot 5 is free), order 0 is taken") {
    const FolioOrErr r = swap_cache_alloc_folio(swp_entry(0, 4), 3, 0, 2);
    REQUIRE(r.folio != nullptr);
    CHECK(r.folio->order == 0);
    CHECK(folio_test_locked(*r.folio));
    CHECK(folio_test_swapcache(*r.folio));
    CHECK(!folio_test_uptodate(*r.folio));
    CHECK(r.folio->memcg.peek() == 2);  // charged to the memcg recorded in the slot
    CHECK(swap_cache_alloc_folio(swp_entry(0, 4), 1, 0, 2).err == -EEXIST);
  }
  SECTION("a slot with no count") { CHECK(swap_cache_alloc_folio(swp_entry(0, 5), 1, 0, 2).err == -ENOENT); }
  SECTION("the memcg cannot be charged") {
    SwapConfig cfg = small_config();
    cfg.memcgs[1].charge_fails = true;
    Sequential s2(cfg);
    Folio& g = allocated(s2.m(), 0);
    REQUIRE(folio_dup_swap(g, 0) == 0);
    swap_cache_del_folio(g);
    folio_unlock(g);
    CHECK(swap_cache_alloc_folio(swp_entry(0, 1), 1, 0, 2).err == -ENOMEM);
    CHECK(tb::is_shadow(s2.word(0, 1)));  // the slot is untouched
    CHECK(s2.count(0, 1) == 1);
  }
}

TEST_CASE("hibernation slots: Shadow(NULL) with count 1, freed by the hibernation helper") {
  Sequential s;
  SwapModel& m = s.m();
  const swp_entry_t e = swap_alloc_hibernation_slot(0);
  REQUIRE(e.val == swp_entry(0, 1).val);
  CHECK(tb::is_shadow(s.word(0, 1)));
  CHECK(s.count(0, 1) == 1);
  CHECK(s.memcg_id(0, 1) == 0);
  CHECK(s.violation() == "");
  swap_free_hibernation_slot(e);
  CHECK(s.word(0, 1) == tb::kNull);
  CHECK(m.devices[0].inuse_pages.peek() == 0);
  CHECK(swap_alloc_hibernation_slot(3).val == 0);  // no such device
  CHECK(s.violation() == "");
}

TEST_CASE("memcg offline: new swap is charged to the parent, old charges stay") {
  SwapConfig cfg = small_config();
  cfg.memcgs.push_back(MemcgConfig{2, -1, false});  // memcg 4 under memcg 2
  Sequential s(cfg);
  SwapModel& m = s.m();
  Folio& f = allocated(m, 0, 4);
  CHECK(m.memcg(4).swap.peek() == 1);
  CHECK(m.memcg(2).swap.peek() == 1);  // hierarchical
  mem_cgroup_css_offline(m.memcg(4));
  CHECK(m.memcg(4).id_ref.peek() == 1);  // the recorded slot keeps it alive
  // A second folio of memcg 4 swaps out: refcount_inc_not_zero still succeeds on memcg 4.
  Folio& g = setup_anon_folio(m.mm(0), 1, 0, 4);
  folio_lock(g);
  REQUIRE(folio_alloc_swap(g) == 0);
  CHECK(s.memcg_id(0, 2) == 4);
  // Once memcg 4 has no references left, the parent is charged.
  swap_cache_del_folio(g);
  swap_cache_del_folio(f);
  CHECK(m.memcg(4).id_ref.peek() == 0);
  Folio& h = setup_anon_folio(m.mm(0), 2, 0, 4);
  folio_lock(h);
  REQUIRE(folio_alloc_swap(h) == 0);
  CHECK(s.memcg_id(0, swp_offset(swp_entry_t{h.swap.peek()})) == 2);
  CHECK(m.memcg(2).swap.peek() == 1);
  CHECK(m.memcg(4).swap.peek() == 0);
  folio_unlock(f);
  folio_unlock(g);
  folio_unlock(h);
}
