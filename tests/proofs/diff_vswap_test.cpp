// Differential test of seed 004's vswap slot encoding (proofs/vswap_slot.h) against the model's
// per-slot steps (vswap_model_side.h, over model/vswap/vtable.h and model/swap_table.h): every
// SMT step, built on numerals and simplified by Z3, against the model's step on the same slot,
// on 10,000 seeded random slots per step.
//
// The sampled slots: NULL, Shadow or PFN with a real count anywhere in 0..2^31 (the field and,
// at SWP_TB_COUNT_MAX in 2..15, the extend-table entry), any zero flag (not on NULL, whose word
// is 0) and payload; a virtual_table word NONE, SWAPFILE or ZSWAP with a random payload; the
// physical Pointer word present exactly when the tag is SWAPFILE (the one PTR(v) the SMT slot
// counts in nptr; a SWAPFILE tag without it is no state the model can reach and would make its
// batched free write NULL over NULL), with either C bit; a memcg record or none; the memcg's
// swap counter and limit. States need not satisfy the invariants: each step gets every state its
// context allows (e.g. cache_del a PFN slot, put a slot with a count), not only the ones its
// preconditions allow. The SMT slot's ghost chg is the memcg's counter itself, so its change is
// the model's charge or uncharge.
#include <catch2/catch.hpp>

#include <iterator>
#include <random>
#include <string>

#include "proofs/table_slot.h"
#include "proofs/vswap_slot.h"
#include "vswap_model_side.h"
#include "smt_values.h"

using namespace proofs_test;
namespace vs = swapproofs::vswap;
namespace table = swapproofs::table;

namespace {

constexpr int kStates = 10000;
constexpr int kMemcg = 2;

int kind_of(std::uint64_t w) {
  if (tb::is_shadow(w)) return table::kShadow;
  if (tb::is_folio(w)) return table::kFolio;
  return table::kNull;
}

std::int64_t count_of(const VSlot& v) { return tb::decode_count(v.s.w, v.s.ext, v.max); }

// A random slot; `kinds` is a mask of the formats to draw from (1 NULL, 2 Shadow, 4 PFN), and
// min_count the smallest real count to draw for Shadow and PFN (a NULL slot has none).
VSlot random_slot(std::mt19937_64& g, unsigned kinds, std::int64_t min_count = 0) {
  VSlot v;
  v.max = 2 + static_cast<unsigned>(g() % 14);
  int kind = 0;
  do kind = static_cast<int>(g() % 3);
  while (!(kinds & (1u << kind)));
  if (kind != table::kNull) {
    std::int64_t count = 0;
    do {
      switch (g() % 4) {
        case 0: count = static_cast<std::int64_t>(g() % 3); break;
        case 1: count = static_cast<std::int64_t>(v.max) + static_cast<std::int64_t>(g() % 3) - 1; break;
        case 2: count = static_cast<std::int64_t>(g() % (v.max + 1)); break;
        default: count = static_cast<std::int64_t>(g() % 0x7fffffffu); break;
      }
    } while (count < min_count);
    const unsigned f = count >= v.max ? v.max : static_cast<unsigned>(count);
    const std::uint64_t payload = g() & ((1ull << 40) - 1);
    const std::uint64_t flags = tb::with_zero(tb::with_count(0, static_cast<int>(f)), g() % 2);
    v.s.w = kind == table::kShadow ? tb::mk_shadow(payload, flags) : tb::mk_folio(payload, flags);
    v.s.has_ext = f == v.max || g() % 2;
    v.s.ext = f == v.max ? static_cast<std::uint32_t>(count) : 0;
  } else if (g() % 2) {
    v.s.has_ext = true;
  }
  switch (g() % 3) {
    case 0: v.vtw = vt::mk_none(); break;
    case 1: v.vtw = vt::mk_phys(g() & 0xffffff); break;
    default: v.vtw = vt::mk_zswap(1 + static_cast<std::uint32_t>(g() % 1000)); break;
  }
  if (vt::type(v.vtw) == vt::VSWAP_SWAPFILE) v.ptr = tb::mk_pointer(kVoff, g() % 2);
  v.rec = g() % 3 ? kMemcg : 0;
  v.usage = g() % 2 ? static_cast<std::int64_t>(g() % 8) : static_cast<std::int64_t>(g() % 100000);
  const std::int64_t limits[] = {-1, 0, 1, 2, 4, 100000};
  v.swap_max = limits[g() % std::size(limits)];
  return v;
}

class Smt {
 public:
  vs::Slot slot(const VSlot& v) {
    const bool has_ptr = v.ptr != tb::kNull;
    return vs::Slot{swapproofs::num(c_, kind_of(v.s.w)),
                    swapproofs::num(c_, count_of(v)),
                    swapproofs::num(c_, vt::type(v.vtw)),
                    swapproofs::num(c_, has_ptr ? 1 : 0),
                    c_.bool_val(has_ptr && (v.ptr & tb::kPointerCacheOnly) != 0),
                    c_.bool_val(tb::zero(v.s.w)),
                    c_.bool_val(v.rec != 0),
                    swapproofs::num(c_, v.usage)};
  }
  z3::expr n(std::int64_t x) { return swapproofs::num(c_, x); }
  z3::expr b(bool x) { return c_.bool_val(x); }

 private:
  z3::context c_;
};


std::string show(const VSlot& v) {
  return "w=" + std::to_string(v.s.w) + " has_ext=" + std::to_string(v.s.has_ext) + " ext=" + std::to_string(v.s.ext) +
         " max=" + std::to_string(v.max) + " vt=" + std::to_string(v.vtw) + " ptr=" + std::to_string(v.ptr) +
         " rec=" + std::to_string(v.rec) + " usage=" + std::to_string(v.usage) + " swap_max=" + std::to_string(v.swap_max);
}

// The SMT post-slot and the model's post-slot agree on every field the encoding has.
void same(const vs::Slot& smt, const VSlot& m) {
  CHECK(value(smt.kind) == kind_of(m.s.w));
  // A freed slot's extend-table entry is left behind; its count is the field's, 0.
  CHECK(value(smt.cnt) == count_of(m));
  CHECK(value(smt.vt) == vt::type(m.vtw));
  const bool has_ptr = m.ptr != tb::kNull;
  CHECK(value(smt.nptr) == (has_ptr ? 1 : 0));
  CHECK(truth(smt.cbit) == (has_ptr && vt::is_cache_only(m.ptr)));
  CHECK(truth(smt.z) == tb::zero(m.s.w));
  CHECK(truth(smt.rec) == (m.rec != 0));
  CHECK(value(smt.chg) == m.usage);
}

// Runs `body` on kStates random slots from a fixed seed per step.
template <typename Body>
void for_slots(std::uint64_t seed, unsigned kinds, std::int64_t min_count, Body body) {
  std::mt19937_64 g(seed);
  Smt smt;
  for (int i = 0; i < kStates; ++i) {
    const VSlot v = random_slot(g, kinds, min_count);
    INFO(show(v));
    body(smt, v, g);
  }
}

}  // namespace

TEST_CASE("diff vswap: alloc (folio_alloc_swap on vswap + mem_cgroup_record_swap)") {
  for_slots(0x7e0001, 1, 0, [](Smt& smt, const VSlot& pre, std::mt19937_64& g) {
    VSlot v = pre;
    // A free vswap slot has no record and no backing (the context of the SMT step's proof
    // does not ask for it; the model overwrites the record and keeps the tag).
    model_alloc(v, g() & 0xffff, kMemcg);
    same(vs::alloc(smt.slot(pre)), v);
  });
}

TEST_CASE("diff vswap: dup (swap_dup_entries_cluster + vswap_clear_cache_only)") {
  int cleared = 0, refused = 0;
  for_slots(0x7e0002, 7, 0, [&](Smt& smt, const VSlot& pre, std::mt19937_64&) {
    VSlot v = pre;
    model_dup(v);
    cleared += vt::is_cache_only(pre.ptr) && !vt::is_cache_only(v.ptr) ? 1 : 0;
    refused += v.s.w == pre.s.w && v.s.ext == pre.s.ext ? 1 : 0;
    const vs::Slot cur = smt.slot(pre);
    // ci->lock held from the dup through the clear pass: the pass reads what the dup wrote.
    const vs::Slot post = vs::dup(cur, smt.slot(v));
    same(post, v);
  });
  CHECK(cleared > 50);
  CHECK(refused > 100);
}

TEST_CASE("diff vswap: put (swap_put_entries_cluster: vswap_mark_cache_only, the put, or the free)") {
  int marked = 0, freed = 0;
  for_slots(0x7e0003, 6, 1, [&](Smt& smt, const VSlot& pre, std::mt19937_64&) {
    VSlot v = pre;
    model_put(v);
    marked += !vt::is_cache_only(pre.ptr) && vt::is_cache_only(v.ptr) ? 1 : 0;
    freed += tb::is_null(v.s.w) ? 1 : 0;
    const vs::Slot cur = smt.slot(pre);
    same(vs::put(cur, cur), v);
  });
  CHECK(marked > 50);
  CHECK(freed > 100);
}

TEST_CASE("diff vswap: cache_add (swap-in of a Shadow slot)") {
  for_slots(0x7e0004, 2, 1, [](Smt& smt, const VSlot& pre, std::mt19937_64& g) {
    VSlot v = pre;
    model_swapin_add(v, g() & 0xffff);
    same(vs::cache_add(smt.slot(pre)), v);
  });
}

TEST_CASE("diff vswap: cache_del (__swap_cache_do_del_folio on vswap)") {
  int freed = 0;
  for_slots(0x7e0005, 4, 0, [&](Smt& smt, const VSlot& pre, std::mt19937_64& g) {
    VSlot v = pre;
    model_cache_del(v, g() & 0xffff);
    freed += tb::is_null(v.s.w) ? 1 : 0;
    same(vs::cache_del(smt.slot(pre)), v);
  });
  CHECK(freed > 1000);
}

TEST_CASE("diff vswap: realloc (folio_realloc_swap)") {
  int installed = 0, charge_failed = 0;
  for_slots(0x7e0006, 4, 0, [&](Smt& smt, const VSlot& pre, std::mt19937_64& g) {
    VSlot v = pre;
    const bool charge_ok = model_realloc(v, g() & 0xffffff);
    installed += vt::type(pre.vtw) != vt::VSWAP_SWAPFILE && vt::type(v.vtw) == vt::VSWAP_SWAPFILE ? 1 : 0;
    charge_failed += charge_ok ? 0 : 1;
    const vs::Slot cur = smt.slot(pre);
    // The folio lock keeps the tag step 2 read.
    same(vs::realloc(cur, cur.vt, smt.b(charge_ok)), v);
  });
  CHECK(installed > 1000);
  CHECK(charge_failed > 500);
}

TEST_CASE("diff vswap: release (__vswap_release_backing)") {
  int uncharged = 0;
  for_slots(0x7e0007, 7, 0, [&](Smt& smt, const VSlot& pre, std::mt19937_64&) {
    VSlot v = pre;
    model_release(v);
    uncharged += v.usage != pre.usage ? 1 : 0;
    same(vs::release(smt.slot(pre)), v);
  });
  CHECK(uncharged > 1000);
}

TEST_CASE("diff vswap: zswap_store (vswap_zswap_store)") {
  for_slots(0x7e0008, 4, 0, [](Smt& smt, const VSlot& pre, std::mt19937_64& g) {
    VSlot v = pre;
    model_zswap_store(v, 1 + static_cast<std::uint32_t>(g() % 1000));
    same(vs::zswap_store(smt.slot(pre)), v);
  });
}

TEST_CASE("diff vswap: zero_writeout (swap_zeromap_folio_update(folio, true) on vswap)") {
  for_slots(0x7e0009, 4, 0, [](Smt& smt, const VSlot& pre, std::mt19937_64&) {
    VSlot v = pre;
    model_zero_writeout(v);
    same(vs::zero_writeout(smt.slot(pre)), v);
  });
}

TEST_CASE("diff vswap: reclaim_backing (try_to_reclaim_vswap_backing's folio_free_swap)") {
  int freed = 0;
  for_slots(0x7e000a, 7, 0, [&](Smt& smt, const VSlot& pre, std::mt19937_64& g) {
    VSlot v = pre;
    model_reclaim_backing(v, g() & 0xffff);
    freed += tb::is_null(v.s.w) && !tb::is_null(pre.s.w) ? 1 : 0;
    same(vs::reclaim_backing(smt.slot(pre)), v);
  });
  CHECK(freed > 200);
}

TEST_CASE("diff vswap: the pure tag and bit functions of model/vswap/vtable.h") {
  std::mt19937_64 g(0x7e000b);
  for (int i = 0; i < kStates; ++i) {
    const std::uint64_t voff = g() & 0xffffffff;
    const bool c = g() % 2;
    const std::uint64_t p = tb::mk_pointer(voff, c);
    INFO("voff=" << voff << " c=" << c);
    CHECK(vt::is_cache_only(p) == c);
    CHECK(tb::pointer_offset(vt::mark_cache_only(p)) == voff);
    CHECK(vt::is_cache_only(vt::mark_cache_only(p)));
    CHECK(!vt::is_cache_only(vt::clear_cache_only(p)));
    CHECK(tb::pointer_offset(vt::clear_cache_only(p)) == voff);
    const std::uint64_t phys = g() & ((1ull << 58) - 1);
    CHECK(vt::type(vt::mk_phys(phys)) == vt::VSWAP_SWAPFILE);
    CHECK(vt::to_phys(vt::mk_phys(phys)) == phys);
    const auto zid = static_cast<std::uint32_t>(g());
    CHECK(vt::type(vt::mk_zswap(zid)) == vt::VSWAP_ZSWAP);
    CHECK(vt::to_zswap(vt::mk_zswap(zid)) == zid);
  }
}
