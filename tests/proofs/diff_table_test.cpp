// Differential test of the swap-table encoding (proofs/table_slot.h, table_steps.h): every SMT
// step, built on numerals and simplified by Z3, against the model's own step on the same slot
// (table_model_side.h, over model/swap_table.h), on 10,000 seeded random slots per step.
//
// The sampled slots are every word the model can hold in a countable slot: NULL (all zero),
// Shadow or PFN with a count field in 0..max, any zero flag and payload, an extend-table entry
// anywhere in 32 bits when the cluster has a table (invariant or not), and every
// SWP_TB_COUNT_MAX in 2..15. The SMT integers are compared to the model's bits modulo the field
// width: the count field modulo 16 (a put at 0 gives -1 and field 15), the entry modulo 2^32.
#include <catch2/catch.hpp>

#include <random>

#include "proofs/table_steps.h"
#include "table_model_side.h"
#include "smt_values.h"

using namespace proofs_test;
namespace table = swapproofs::table;

namespace {

constexpr int kStates = 10000;

struct Case {
  SlotValue v;
  unsigned max = 3;
};

// Values near the places where the arithmetic changes branch, and anywhere else.
std::uint32_t pick_ext(std::mt19937_64& g, unsigned max) {
  const std::uint32_t near[] = {0, 1, max - 2, max - 1, max, max + 1, 2 * max, 0x7fffffffu, 0x80000000u, 0xffffffffu};
  return g() % 2 ? near[g() % std::size(near)] : static_cast<std::uint32_t>(g());
}

// A random countable slot; `kinds` is a mask of the formats to draw from (1 NULL, 2 Shadow, 4 PFN).
Case random_case(std::mt19937_64& g, unsigned kinds = 7) {
  Case k;
  k.max = 2 + static_cast<unsigned>(g() % 14);
  int kind = 0;
  do kind = static_cast<int>(g() % 3);
  while (!(kinds & (1u << kind)));
  if (kind == table::kNull) return k;
  const unsigned near[] = {0, 1, k.max - 1, k.max};
  const unsigned f = g() % 2 ? near[g() % 4] : static_cast<unsigned>(g() % (k.max + 1));
  const std::uint64_t payload = g() & ((1ull << 40) - 1);
  const std::uint64_t flags = tb::with_zero(tb::with_count(0, static_cast<int>(f)), g() % 2);
  k.v.w = kind == table::kShadow ? tb::mk_shadow(payload, flags) : tb::mk_folio(payload, flags);
  // A field at the limit without an extend table would oops in the model (ext_set on NULL).
  k.v.has_ext = f == k.max || g() % 2;
  k.v.ext = k.v.has_ext ? pick_ext(g, k.max) : 0;
  return k;
}

int kind_of(std::uint64_t w) {
  if ((w & 1) == 1) return table::kShadow;
  if ((w & 3) == 2) return table::kFolio;
  return table::kNull;  // NULL, or a NULL word a put at 0 wrote a count into
}

class Smt {
 public:
  table::Slot slot(const Case& k) {
    return table::Slot{swapproofs::num(c_, kind_of(k.v.w)), swapproofs::num(c_, tb::field(k.v.w)),
                       c_.bool_val(tb::zero(k.v.w)),         swapproofs::num(c_, k.v.ext),
                       c_.bool_val(k.v.has_ext),             swapproofs::num(c_, 0),
                       swapproofs::num(c_, 0),               swapproofs::num(c_, 0)};
  }
  z3::expr max(const Case& k) { return swapproofs::num(c_, k.max); }
  z3::context& ctx() { return c_; }

 private:
  z3::context c_;
};

std::uint64_t mod(std::int64_t x, std::uint64_t m) {
  const std::int64_t r = x % static_cast<std::int64_t>(m);
  return static_cast<std::uint64_t>(r < 0 ? r + static_cast<std::int64_t>(m) : r);
}

std::string show(const Case& k) {
  return "max=" + std::to_string(k.max) + " w=" + std::to_string(k.v.w) + " has_ext=" + std::to_string(k.v.has_ext) +
         " ext=" + std::to_string(k.v.ext);
}

// The SMT post-slot and the model's post-slot agree on format, field, Z, table and entry.
void same(const table::Slot& smt, const SlotValue& model) {
  CHECK(value(smt.kind) == kind_of(model.w));
  CHECK(mod(value(smt.f), 16) == tb::field(model.w));
  CHECK(truth(smt.z) == tb::zero(model.w));
  CHECK(truth(smt.has_ext) == model.has_ext);
  CHECK(mod(value(smt.ext), 1ull << 32) == model.ext);
}

// Runs `body` on kStates random cases from a fixed seed per step.
template <typename Body>
void for_cases(std::uint64_t seed, unsigned kinds, Body body) {
  std::mt19937_64 g(seed);
  Smt smt;
  for (int i = 0; i < kStates; ++i) {
    const Case k = random_case(g, kinds);
    INFO(show(k));
    body(smt, k, g);
  }
}

}  // namespace

TEST_CASE("diff table: dup_entry and put_entry against tb::dup_entry and tb::put_entry") {
  for_cases(0x6d0001, 7, [](Smt& smt, const Case& k, std::mt19937_64& g) {
    // The pure functions on any entry, with or without a table (the steps never pass an
    // inconsistent pair, the arithmetic must still agree).
    const bool has_ext = g() % 2;
    const std::uint32_t ext = pick_ext(g, k.max);
    const table::Slot s = smt.slot(k);
    const table::DupOut d = table::dup_entry(s.kind, s.f, smt.ctx().bool_val(has_ext), swapproofs::num(smt.ctx(), ext), smt.max(k));
    const tb::DupResult rd = tb::dup_entry(k.v.w, has_ext, ext, k.max);
    CHECK(value(d.err) == rd.err);
    CHECK(mod(value(d.f), 16) == tb::field(rd.tb));
    CHECK(mod(value(d.ext), 1ull << 32) == rd.ext);
    const table::PutOut p = table::put_entry(s.f, swapproofs::num(smt.ctx(), ext), smt.max(k));
    const tb::PutResult rp = tb::put_entry(k.v.w, ext, k.max);
    CHECK(mod(value(p.f), 16) == tb::field(rp.tb));
    CHECK(mod(value(p.ext), 1ull << 32) == rp.ext);
    CHECK(mod(value(p.count), 1ull << 32) == static_cast<std::uint32_t>(rp.count));
  });
}

TEST_CASE("diff table: the real count against tb::decode_count") {
  for_cases(0x6d0002, 7, [](Smt& smt, const Case& k, std::mt19937_64&) {
    const long want = tb::decode_count(k.v.w, k.v.ext, k.max);
    CHECK(mod(value(table::count(smt.slot(k), smt.max(k))), 1ull << 32) == mod(want, 1ull << 32));
  });
}

TEST_CASE("diff table: alloc (folio_alloc_swap on a free slot)") {
  for_cases(0x6d0003, 1, [](Smt& smt, const Case& k, std::mt19937_64& g) {
    SlotValue v = k.v;
    model_cache_add(v, g() & 0xffff);
    same(table::alloc(smt.slot(k)), v);
  });
}

TEST_CASE("diff table: alloc_hibernation") {
  for_cases(0x6d0004, 1, [](Smt& smt, const Case& k, std::mt19937_64&) {
    SlotValue v = k.v;
    model_alloc_hibernation(v);
    same(table::alloc_hibernation(smt.slot(k)), v);
  });
}

TEST_CASE("diff table: dup (folio_dup_swap, with the batch's rollback)") {
  for_cases(0x6d0005, 7, [](Smt& smt, const Case& k, std::mt19937_64& g) {
    const bool batch_ok = g() % 4 != 0;
    SlotValue v = k.v;
    model_dup(v, k.max, batch_ok);
    const table::Slot s = smt.slot(k);
    same(table::dup(s, s, smt.max(k), smt.ctx().bool_val(batch_ok)), v);
  });
}

TEST_CASE("diff table: dup_direct (swap_dup_entry_direct)") {
  for_cases(0x6d0006, 7, [](Smt& smt, const Case& k, std::mt19937_64&) {
    SlotValue v = k.v;
    model_dup(v, k.max, true);
    const table::Slot s = smt.slot(k);
    same(table::dup(s, s, smt.max(k), smt.ctx().bool_val(true)), v);
  });
}

TEST_CASE("diff table: put (folio_put_swap on the cached folio's slot)") {
  for_cases(0x6d0007, 4, [](Smt& smt, const Case& k, std::mt19937_64&) {
    SlotValue v = k.v;
    model_put(v, k.max);
    const table::Slot s = smt.slot(k);
    same(table::put(s, s, smt.max(k)), v);
  });
}

TEST_CASE("diff table: put_direct (swap_put_entries_direct)") {
  for_cases(0x6d0008, 7, [](Smt& smt, const Case& k, std::mt19937_64&) {
    SlotValue v = k.v;
    model_put(v, k.max);
    const table::Slot s = smt.slot(k);
    same(table::put(s, s, smt.max(k)), v);
  });
}

TEST_CASE("diff table: cache_add (the add check, then the add)") {
  for_cases(0x6d0009, 7, [](Smt& smt, const Case& k, std::mt19937_64& g) {
    const table::Slot s = smt.slot(k);
    const bool ok = model_add_check(k.v) == 0;
    CHECK(truth(table::add_check_ok(s)) == ok);
    if (!ok) return;
    SlotValue v = k.v;
    model_cache_add(v, g() & 0xffff);
    same(table::cache_add(s), v);
  });
}

TEST_CASE("diff table: cache_del (swap_cache_del_folio)") {
  for_cases(0x6d000a, 4, [](Smt& smt, const Case& k, std::mt19937_64& g) {
    SlotValue v = k.v;
    model_cache_del(v, g() & 0xffff);
    const table::Slot s = smt.slot(k);
    same(table::cache_del(s, s), v);
  });
}

TEST_CASE("diff table: free (__swap_cluster_free_entries)") {
  for_cases(0x6d000b, 2, [](Smt& smt, const Case& k, std::mt19937_64&) {
    SlotValue v = k.v;
    v.w = tb::kNull;  // model/swapfile_count.cpp: __swap_table_set(ci, ci_off, tb::kNull)
    const table::Slot s = smt.slot(k);
    same(table::free_slot(s, s), v);
  });
}

TEST_CASE("diff table: ext_alloc and ext_try_free") {
  for_cases(0x6d000c, 7, [](Smt& smt, const Case& k, std::mt19937_64&) {
    const table::Slot s = smt.slot(k);
    SlotValue a = k.v, f = k.v;
    model_ext_alloc(a);
    model_ext_try_free(f);
    same(table::ext_alloc(s), a);
    same(table::ext_try_free(s), f);
  });
}
