// Seed 001's descriptor functions one at a time (model/desc/vswap.h), sequentially: each
// success and each error return, against SEMANTICS 3 and I19.
#include <catch2/catch.hpp>

#include "checker/heap.h"
#include "desc_harness.h"
#include "model/desc/swap_cache.h"
#include "model/desc/vswap.h"
#include "model/desc/xarray.h"
#include "model/registry.h"

using namespace desctest;

namespace {
const swp_entry_t e1 = vswap_entry(1);
const swp_entry_t e2 = vswap_entry(2);
const swp_entry_t e3 = vswap_entry(3);

// A published entry at `index` with swap_refs `refs` and no physical slot.
swp_entry_t entry_with_refs(DescSequential& s, int refs_value, int nr = 1) {
  const swp_entry_t e = vswap_alloc(nr);
  for (int i = 0; i < nr; ++i) s.desc_at(vswap_index(e) + static_cast<std::uint64_t>(i))->swap_refs.store(refs_value);
  return e;
}
}  // namespace

TEST_CASE("desc: vswap_alloc publishes pinned descriptors at the lowest aligned free range") {
  DescSequential s;
  CHECK(vswap_alloc(1).val == e1.val);
  CHECK(s.refs(1) == 1);  // "about to be added to the swap cache"
  CHECK(s.desc_at(1)->slot.peek() == 0);
  const swp_entry_t pair = vswap_alloc(2);
  CHECK(vswap_index(pair) == 2);
  CHECK(s.refs(2) == 1);
  CHECK(s.refs(3) == 1);
  CHECK(s.v().vswap_used.peek() == 3);
  // 8 indices, 0 unused: 4..7 left, so one more pair fits at 4, then 6, then none.
  CHECK(vswap_index(vswap_alloc(2)) == 4);
  CHECK(vswap_index(vswap_alloc(2)) == 6);
  const std::size_t before = s.v().descs.size();
  CHECK(vswap_alloc(2).val == 0);
  // The failed allocation's descriptors were freed (kmem_cache_free_bulk), never published.
  REQUIRE(s.v().descs.size() == before + 2);
  CHECK(s.v().descs.back().cell->state == checker::HeapCell::State::Freed);
  CHECK(s.v().descs.back().index == 0);
}

TEST_CASE("desc: folio_alloc_swap links each entry to a physical slot both ways") {
  DescSequential s;
  Folio& f = *s.m().folio_alloc(1, 0);
  REQUIRE(folio_trylock(f));
  const swp_entry_t e = desc::folio_alloc_swap(f);
  CHECK(vswap_index(e) == 2);
  CHECK(swp_entry_to_swp_slot(e) == 2);
  CHECK(swp_entry_to_swp_slot(e3) == 3);
  CHECK(swp_slot_to_swp_entry(3).val == e3.val);
  CHECK(s.v().phys.swap_map[2].peek() == SWAP_MAP_ALLOCATED);
  CHECK(swp_entry_to_swp_slot(e1) == 0);  // no descriptor
  CHECK(swp_entry_to_swp_slot(swp_entry_t{}) == 0);
  CHECK(swp_slot_to_swp_entry(5).val == 0);
  SwapDevice* si = &s.m().devices.front();
  CHECK(trylock_swapoff(e1, &si));  // true even without a device (CONFIG_VIRTUAL_SWAP)
  CHECK(si == nullptr);
  unlock_swapoff(e1, si);
  CHECK(trylock_swapoff(e, &si));
  CHECK(si == &s.m().devices.front());
  CHECK(si->users.count[0].peek() == 1);  // swap_slot_tryget_swap_info's reference
  unlock_swapoff(e, si);
  CHECK(si->users.count[0].peek() == 0);
}

TEST_CASE("desc: folio_alloc_swap drops its pins when the physical device is full") {
  SwapConfig cfg = desc_config();
  cfg.devices.front().clusters = 1;  // 4 physical slots: 1..3 usable
  DescSequential s(cfg);
  s.v().phys.swap_map[2].write(SWAP_MAP_ALLOCATED);  // no aligned pair left
  Folio& f = *s.m().folio_alloc(1, 0);
  REQUIRE(folio_trylock(f));
  CHECK(desc::folio_alloc_swap(f).val == 0);
  SwpDesc& d = s.v().descs.front();
  CHECK(d.zero_hits == 1);
  CHECK(d.frees == 1);
  CHECK(d.cell->state == checker::HeapCell::State::Freed);
  CHECK(s.desc_at(2) == nullptr);
}

TEST_CASE("desc: swap_duplicate_nr adds 2 unless the descriptor is at 0 and undoes a partial dup") {
  DescSequential s;
  const swp_entry_t e = entry_with_refs(s, 2);
  CHECK(swap_duplicate_nr(e, 1) == 0);
  CHECK(s.refs(1) == 4);
  // A descriptor whose refs reached 0 refuses (atomic_add_unless).
  s.desc_at(1)->swap_refs.store(0);
  CHECK(swap_duplicate_nr(e, 1) == -ENOENT);
  CHECK(s.refs(1) == 0);
  // swap_duplicate ignores that: "Return: 0 (always)".
  CHECK(desc::swap_duplicate(e) == 0);
  CHECK(s.refs(1) == 0);
  // No descriptor at all.
  CHECK(swap_duplicate_nr(vswap_entry(5), 1) == -ENOENT);
  // A range whose second descriptor is at 0: the first dup is undone by swap_free_nr.
  const swp_entry_t pair = entry_with_refs(s, 2, 2);
  s.desc_at(vswap_index(pair) + 1)->swap_refs.store(0);
  CHECK(swap_duplicate_nr(pair, 2) == -ENOENT);
  CHECK(s.refs(vswap_index(pair)) == 2);
}

TEST_CASE("desc: mutation desc_dup_no_add_unless revives a descriptor at 0") {
  SwapConfig cfg = desc_config();
  REQUIRE(set_mutation(cfg, "desc_dup_no_add_unless"));
  DescSequential s(cfg);
  const swp_entry_t e = entry_with_refs(s, 0);
  CHECK(swap_duplicate_nr(e, 1) == 0);
  CHECK(s.refs(1) == 2);
}

TEST_CASE("desc: swap_free_nr drops 2 and frees at 0 and reports the cache-only hint") {
  DescSequential s;
  Folio& f = *s.m().folio_alloc(0, 0);
  REQUIRE(folio_trylock(f));
  const swp_entry_t e = desc::folio_alloc_swap(f);  // refs 1, slot 1
  REQUIRE(swap_duplicate_nr(e, 1) == 0);            // refs 3
  REQUIRE(swap_duplicate_nr(e, 1) == 0);            // refs 5
  CHECK_FALSE(vswap_free_nr_any_cache_only(e, 1));  // read 5
  CHECK(s.refs(1) == 3);
  CHECK(vswap_free_nr_any_cache_only(e, 1));  // read 3: one PTE + the cache pin
  CHECK(s.refs(1) == 1);
  desc::swapcache_clear(e, 1);  // the last reference
  SwpDesc& d = s.v().descs.front();
  CHECK(d.zero_hits == 1);
  CHECK(d.frees == 1);
  CHECK(d.cell->state == checker::HeapCell::State::Freed);
  CHECK(s.desc_at(1) == nullptr);
  CHECK(s.v().vswap_rmap.peek(1) == 0);
  CHECK(s.v().phys.swap_map[1].peek() == 0);
  CHECK(s.v().vswap_used.peek() == 0);
}

TEST_CASE("desc: swapcache_prepare sets the pin or says -EEXIST or -ENOENT and undoes a partial pin") {
  DescSequential s;
  const swp_entry_t e = entry_with_refs(s, 2);
  CHECK(desc::swapcache_prepare(e, 1) == 0);
  CHECK(s.refs(1) == 3);
  SwpDesc* busy = nullptr;
  CHECK(desc::swapcache_prepare(e, 1, &busy) == -EEXIST);
  CHECK(busy == s.desc_at(1));
  CHECK(s.refs(1) == 3);
  s.desc_at(1)->swap_refs.store(0);
  CHECK(desc::swapcache_prepare(e, 1) == -ENOENT);
  CHECK(desc::swapcache_prepare(vswap_entry(5), 1) == -ENOENT);  // no descriptor
  // A pair whose second entry is pinned already: the first pin is cleared again.
  const swp_entry_t pair = entry_with_refs(s, 2, 2);
  s.desc_at(vswap_index(pair) + 1)->swap_refs.store(3);
  CHECK(desc::swapcache_prepare(pair, 2) == -EEXIST);
  CHECK(s.refs(vswap_index(pair)) == 2);
  CHECK(s.refs(vswap_index(pair) + 1) == 3);
}

TEST_CASE("desc: swapcache_clear and put_swap_folio drop the pin; put_swap_folio wants the folio locked") {
  DescSequential s;
  const swp_entry_t e = entry_with_refs(s, 3);
  desc::swapcache_clear(e, 1);
  CHECK(s.refs(1) == 2);
  desc::swapcache_clear(e, 0);  // nothing
  CHECK(s.refs(1) == 2);
  s.desc_at(1)->swap_refs.store(3);
  Folio& f = *s.m().folio_alloc(0, 0);
  desc::put_swap_folio(f, e);  // not locked: VM_WARN_ON
  CHECK(s.refs(1) == 2);
  REQUIRE(s.m().ghost.warnings.size() == 1);
  CHECK(s.m().ghost.warnings[0].what == "put_swap_folio: folio not locked");
}

TEST_CASE("desc: vswap_swapcache_only and folio_swapped and swp_swapcount read the count") {
  DescSequential s;
  const swp_entry_t pair = entry_with_refs(s, 1, 2);
  CHECK(vswap_swapcache_only(pair, 2));
  s.desc_at(vswap_index(pair) + 1)->swap_refs.store(3);
  CHECK(vswap_swapcache_only(pair, 1));
  CHECK_FALSE(vswap_swapcache_only(pair, 2));
  CHECK_FALSE(vswap_swapcache_only(vswap_entry(5), 1));  // no descriptor
  CHECK(desc::swp_swapcount(swp_entry_t{pair.val + 1}) == 1);
  CHECK(desc::swp_swapcount(vswap_entry(5)) == 0);
  Folio& f = *s.m().folio_alloc(1, 0);
  f.swap.write(pair.val);
  CHECK(desc::folio_swapped(f));
  s.desc_at(vswap_index(pair) + 1)->swap_refs.store(1);
  CHECK_FALSE(desc::folio_swapped(f));
  f.swap.write(0);
  CHECK_FALSE(desc::folio_swapped(f));
}

TEST_CASE("desc: non_swapcache_batch follows the seed's inverted test; the fix follows its comment") {
  DescSequential s;
  const swp_entry_t pair = entry_with_refs(s, 2, 2);  // swapped out, not cached
  CHECK(desc::non_swapcache_batch(pair, 2) == 0);       // seed 001: stops at the first
  CHECK(desc::non_swapcache_batch(swp_entry_t{}, 2) == 0);
  s.desc_at(vswap_index(pair))->swap_refs.store(3);
  s.desc_at(vswap_index(pair) + 1)->swap_refs.store(3);
  CHECK(desc::non_swapcache_batch(pair, 2) == 2);  // both cached: the seed counts them

  SwapConfig cfg = desc_config();
  REQUIRE(set_fix(cfg, "desc_non_swapcache_batch_fixed"));
  DescSequential fixed(cfg);
  const swp_entry_t p2 = entry_with_refs(fixed, 2, 2);
  CHECK(desc::non_swapcache_batch(p2, 2) == 2);
  fixed.desc_at(vswap_index(p2) + 1)->swap_refs.store(3);
  CHECK(desc::non_swapcache_batch(p2, 2) == 1);
}

TEST_CASE("desc: a walk over a range with a freed first entry miscounts in the seed and stops with the fix") {
  // swapcache_prepare(e2, 2) with e2 freed: the walk pins e3, then swapcache_clear(e2, 1)
  // finds nothing to clear, so e3 keeps a pin nobody owns.
  DescSequential s;
  entry_with_refs(s, 2);                     // e1
  const swp_entry_t pair = entry_with_refs(s, 2, 2);  // e2, e3
  REQUIRE(vswap_index(pair) == 2);
  s.v().vswap_map.store(2, 0);  // e2 freed
  CHECK(desc::swapcache_prepare(e2, 2) == -ENOENT);
  CHECK(s.refs(3) == 3);  // the stale pin

  SwapConfig cfg = desc_config();
  REQUIRE(set_fix(cfg, "desc_walk_stops_at_hole"));
  DescSequential fixed(cfg);
  entry_with_refs(fixed, 2);
  entry_with_refs(fixed, 2, 2);
  fixed.v().vswap_map.store(2, 0);
  CHECK(desc::swapcache_prepare(e2, 2) == -ENOENT);
  CHECK(fixed.refs(3) == 2);
  CHECK(swap_duplicate_nr(e2, 2) == -ENOENT);
  CHECK(fixed.refs(3) == 2);
  CHECK_FALSE(vswap_free_nr_any_cache_only(e2, 2));
  CHECK(fixed.refs(3) == 2);
}

TEST_CASE("desc: swap_free_nr over a freed first entry frees the wrong entry index") {
  // vswap_free_nr_any_cache_only steps `entry` once per descriptor visited: e3's last reference
  // goes, and vswap_free(e2) finds nothing, so e3's descriptor stays in vswap_map at 0.
  DescSequential s;
  entry_with_refs(s, 2);
  entry_with_refs(s, 2, 2);
  s.v().vswap_map.store(2, 0);
  vswap_free_nr_any_cache_only(e2, 2);
  REQUIRE(s.desc_at(3) != nullptr);
  CHECK(s.refs(3) == 0);
  CHECK(s.desc_at(3)->zero_hits == 1);
  CHECK(s.desc_at(3)->frees == 0);
}

TEST_CASE("desc: free_swap_and_cache_nr reclaims a folio left cache-only and only then") {
  DescSequential s;
  Folio& f = *s.m().folio_alloc(0, 0);
  REQUIRE(folio_trylock(f));
  const swp_entry_t e = desc::folio_alloc_swap(f);
  REQUIRE(add_to_swap_cache(f, e) == 0);
  folio_unlock(f);
  REQUIRE(swap_duplicate_nr(e, 1) == 0);
  REQUIRE(swap_duplicate_nr(e, 1) == 0);  // refs 5: two PTEs + the cache
  desc::free_swap_and_cache_nr(e, 1);
  CHECK(s.refs(1) == 3);
  CHECK(s.cached(1) == f.id);
  desc::free_swap_and_cache_nr(e, 1);  // hint: the folio is now cache-only and gets reclaimed
  CHECK(s.desc_at(1) == nullptr);
  CHECK(s.cached(1) == -1);
  CHECK_FALSE(folio_test_swapcache(f));
  CHECK(folio_test_dirty(f));
  CHECK(f.refcount.peek() == 1);
  desc::free_swap_and_cache_nr(swp_entry(0, 1), 1);  // not a virtual entry: nothing
}

TEST_CASE("desc: free_swap_and_cache_nr leaves a folio someone has locked") {
  DescSequential s;
  Folio& f = *s.m().folio_alloc(0, 0);
  REQUIRE(folio_trylock(f));
  const swp_entry_t e = desc::folio_alloc_swap(f);
  REQUIRE(add_to_swap_cache(f, e) == 0);
  REQUIRE(swap_duplicate_nr(e, 1) == 0);  // refs 3
  desc::free_swap_and_cache_nr(e, 1);     // the trylock fails: the folio stays
  CHECK(s.refs(1) == 1);
  CHECK(s.cached(1) == f.id);
}

TEST_CASE("desc: filemap_get_folio and add_to_swap_cache and delete_from_swap_cache") {
  DescSequential s;
  CHECK(filemap_get_folio(e1) == nullptr);
  Folio& f = *s.m().folio_alloc(1, 2);
  REQUIRE(folio_trylock(f));
  REQUIRE(add_to_swap(f));
  const swp_entry_t e = folio_swap(f);
  CHECK(vswap_index(e) == 2);
  CHECK(s.cached(2) == f.id);
  CHECK(s.cached(3) == f.id);
  CHECK(f.refcount.peek() == 3);
  Folio* got = filemap_get_folio(e3);
  CHECK(got == &f);
  folio_put(f);
  CHECK(s.refs(2) == 1);  // pinned by the cache, no count
  CHECK(s.refs(3) == 1);
  delete_from_swap_cache(f);   // put_swap_folio frees both entries
  CHECK(s.cached(2) == -1);
  CHECK(s.desc_at(2) == nullptr);
  CHECK(s.desc_at(3) == nullptr);
  CHECK(f.refcount.peek() == 1);
  CHECK(f.swap.peek() == 0);
}

TEST_CASE("desc: folio_free_swap keeps a folio whose entries are still referenced or under writeback") {
  DescSequential s;
  Folio& f = *s.m().folio_alloc(0, 0);
  REQUIRE(folio_trylock(f));
  REQUIRE(add_to_swap(f));
  REQUIRE(swap_duplicate_nr(folio_swap(f), 1) == 0);
  CHECK_FALSE(desc::folio_free_swap(f));  // a PTE still names it
  desc::swap_free_nr(folio_swap(f), 1);
  folio_set(f, PG_writeback);
  CHECK_FALSE(desc::folio_free_swap(f));
  folio_clear(f, PG_writeback);
  CHECK(desc::folio_free_swap(f));
  CHECK_FALSE(desc::folio_free_swap(f));  // no longer in the swap cache
}

TEST_CASE("desc: the xarray walk skips NULL and zero entries and re-reads a retried index") {
  DescSequential s;
  XArray& xa = s.v().swap_cache;
  xa.store(2, XA_ZERO_ENTRY);
  xa.store(3, xa_mk_value(7));
  xa.store(5, XA_RETRY_ENTRY);
  XaState xas(xa, 1);
  std::uint64_t w = xas.find(6);
  CHECK(w == XA_ZERO_ENTRY);
  CHECK(xas.index() == 2);
  CHECK(xas.retry(w));  // skipped
  w = xas.next_entry(6);
  CHECK(w == xa_mk_value(7));
  CHECK(xas.index() == 3);
  CHECK_FALSE(xas.retry(w));
  w = xas.next_entry(6);
  CHECK(w == XA_RETRY_ENTRY);
  CHECK(xas.index() == 5);
  CHECK(xas.retry(w));
  xa.store(5, xa_mk_value(9));  // the node was replaced meanwhile
  w = xas.next_entry(6);
  CHECK(w == xa_mk_value(9));
  CHECK(xas.index() == 5);  // the same index, read again
  CHECK(xas.next_entry(6) == 0);
  CHECK(format_xa_entry(XA_RETRY_ENTRY) == "XA_RETRY_ENTRY");
  CHECK(format_xa_entry(xa_mk_ptr(3)) == "ptr#3");
}

TEST_CASE("desc: vswap_free outside an RCU section breaks its precondition; a second kfree_rcu is a double free") {
  // Both are model-thread checks: exercise them through a one-thread exploration.
  SwapScenario sc{desc_config(), [](SwapModel&) { vswap_alloc(1); },
                  {SwapThread{"free", [](SwapModel&) { vswap_free(vswap_entry(1)); }, 0, -1}}, {}};
  const checker::Report r = explore_dpor(std::move(sc));
  REQUIRE(r.violation);
  CHECK(r.verdict == checker::Verdict::Precondition);
  CHECK(r.violation->message == "vswap_free outside rcu_read_lock()");

  SwapScenario twice{desc_config(), [](SwapModel&) { vswap_alloc(1); },
                     {SwapThread{"free",
                                 [](SwapModel& m) {
                                   SwpDesc& d = m.vswap_desc->desc(0);
                                   checker::heap_free_rcu(m.rcu, d.cell);
                                   checker::heap_free_rcu(m.rcu, d.cell);
                                 },
                                 0, -1}},
                     {}};
  const checker::Report r2 = explore_dpor(std::move(twice));
  REQUIRE(r2.violation);
  CHECK(r2.verdict == checker::Verdict::DoubleFree);
}

TEST_CASE("desc: registry ops drive the design by name; the design knob selects it") {
  SwapConfig cfg;
  set_config(cfg, "design", std::string("vswap_desc"));
  CHECK(cfg.design == Design::VswapDesc);
  CHECK_THROWS_WITH(set_config(cfg, "design", std::string("other")), "design must be \"swap_table\" or \"vswap_desc\"");
  DescSequential s(cfg);
  SwapModel& m = s.m();
  CHECK(call_op(m, "new_mm", {}) == 0);
  CHECK(call_op(m, "map_anon", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 0);
  CHECK(call_op(m, "swap_out", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 1);
  CHECK(call_op(m, "swp_swapcount", {{"offset", std::int64_t{1}}}) == 1);
  CHECK(call_op(m, "swp_entry_to_swp_slot", {{"offset", std::int64_t{1}}}) == 1);
  CHECK(call_op(m, "trylock_swapoff", {{"offset", std::int64_t{1}}}) == 3);  // true, with a device reference
  CHECK(call_op(m, "swapcache_prepare", {{"offset", std::int64_t{1}}}) == 0);
  CHECK(call_op(m, "swapcache_prepare", {{"offset", std::int64_t{1}}}) == -EEXIST);
  CHECK(call_op(m, "vswap_swapcache_only", {{"offset", std::int64_t{1}}}) == 0);
  CHECK(call_op(m, "swapcache_clear", {{"offset", std::int64_t{1}}}) == 0);
  CHECK(call_op(m, "non_swapcache_batch", {{"offset", std::int64_t{1}}}) == 0);
  CHECK(call_op(m, "swap_duplicate", {{"offset", std::int64_t{1}}}) == 0);
  CHECK(call_op(m, "swap_dup_and_put", {{"offset", std::int64_t{1}}}) == 0);
  CHECK(call_op(m, "swap_free_nr", {{"offset", std::int64_t{1}}}) == 0);
  CHECK(call_op(m, "new_mm", {}) == 1);
  CHECK(call_op(m, "fork", {{"dst", std::int64_t{1}}, {"src", std::int64_t{0}}}) == 0);
  CHECK(call_op(m, "zap", {{"mm", std::int64_t{1}}, {"idx", std::int64_t{0}}}) == 0);
  CHECK(call_op(m, "do_swap_page", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 0);
  CHECK(s.violation() == "");
  CHECK(call_op(m, "zap", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 0);
  CHECK(call_op(m, "vswap_alloc", {{"nr", std::int64_t{2}}}) == 2);
  CHECK(call_op(m, "swap_duplicate_nr", {{"offset", std::int64_t{2}}, {"nr", std::int64_t{2}}}) == 0);
  CHECK(call_op(m, "free_swap_and_cache_nr", {{"offset", std::int64_t{2}}, {"nr", std::int64_t{2}}}) == 0);
  CHECK(s.refs(2) == 1);
  CHECK(s.refs(3) == 1);
  CHECK_THROWS_WITH(call_op(m, "swapcache_clear", {{"offset", std::int64_t{8}}}), "virtual offset 8 out of range");
  // In a swap-table model the desc ops break their precondition.
  SwapConfig table;
  DescSequential other(table);
  REQUIRE(other.m().vswap_desc == nullptr);
  CHECK_THROWS_AS(call_op(other.m(), "swapcache_clear", {{"offset", std::int64_t{1}}}), checker::SetupFailure);
}

// Seed 001's memcg accounting (model/desc/memcg.h): the charge follows the linkage in
// folio_alloc_swap and is recorded in desc->memcgid; vswap_free gives it back.
TEST_CASE("desc: folio_alloc_swap charges the folio's memcg after the linkage, vswap_free uncharges it") {
  SwapConfig cfg = desc_config();
  cfg.memcgs.resize(2);
  cfg.memcgs[1].swap_max = 1;  // memcg 2: one page of swap
  DescSequential s(cfg);
  SwapModel& m = s.m();
  auto op = [&m](const char* name, OpArgs args) { return call_op(m, name, args); };
  REQUIRE(op("new_mm", {{"memcg", std::int64_t{2}}}) == 0);
  REQUIRE(op("map_anon", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}, {"memcg", std::int64_t{2}}}) == 0);
  REQUIRE(op("map_anon", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{1}}, {"memcg", std::int64_t{2}}}) == 1);
  CHECK(op("swap_out", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 1);
  CHECK(m.memcg(2).swap.peek() == 1);
  CHECK(m.memcg(2).id_ref.peek() == 2);  // the base reference and the entry's
  CHECK(s.desc_at(1)->memcgid.peek() == 2);
  // Over swap.max: the charge fails after the linkage, put_swap_folio frees the new entry and
  // its slot, and vswap_free finds memcgid 0 (nothing to uncharge).
  CHECK(op("swap_out", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{1}}}) == 0);
  CHECK(m.memcg(2).swap.peek() == 1);
  CHECK(m.memcg(2).id_ref.peek() == 2);
  CHECK(s.desc_at(2) == nullptr);
  CHECK(s.v().phys.swap_map[2].peek() == 0);
  // The zap frees entry 1: vswap_free uncharges it.
  op("zap", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}});
  CHECK(m.memcg(2).swap.peek() == 0);
  CHECK(m.memcg(2).id_ref.peek() == 1);
  CHECK(s.desc_at(1) == nullptr);
}

// swapoff of the physical device (model/desc/swapoff.cpp): the entry is swapped in and freed,
// the page keeps its data, and the device is gone for every later user.
TEST_CASE("desc: swapoff swaps the device's entries back in, then frees the device") {
  DescSequential s;
  SwapModel& m = s.m();
  auto op = [&m](const char* name, OpArgs args) { return call_op(m, name, args); };
  REQUIRE(op("new_mm", {}) == 0);
  REQUIRE(op("map_anon", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 0);
  REQUIRE(op("swap_out", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 1);
  MmStruct& mm = m.mms.front();
  REQUIRE(is_swap_pte(mm.pte[0].peek()));
  CHECK(op("swapoff", {{"type", std::int64_t{0}}}) == 0);
  const std::uint64_t pte = mm.pte[0].peek();
  REQUIRE(pte_present(pte));
  CHECK(m.folio(pte_folio(pte)).data[0].peek() == mm.expected[0]);
  CHECK(s.desc_at(1) == nullptr);                       // the entry was freed
  CHECK(s.v().phys.swap_map[1].peek() == 0);            // with its slot
  CHECK(m.devices.front().users_death.dead);            // si->users killed and drained
  CHECK(m.devices.front().cluster_info->state == checker::HeapCell::State::Freed);
  // No allocation touches the device any more: get_swap_device_info fails, reclaim keeps the page.
  CHECK(op("swap_out", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 0);
  CHECK(op("swapoff", {{"type", std::int64_t{0}}}) == -EINVAL);
}
