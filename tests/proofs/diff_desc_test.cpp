// Seed 001's steps in proofs/desc_refs.h (the model's shared swap_refs transitions of
// model/desc/swap_refs.h on z3 terms, with the ghosts the claims add) against the model's int
// instantiation, 10,000 seeded random values per step. Both run the same templates; what this
// checks is the SMT domain over the whole int range: values are drawn near 0 (where every branch
// changes) and from the whole range, and the SMT integers (unbounded) are compared with the
// model's int modulo 2^32, the wrap of atomic_t (no step's branch differs inside the int range).
#include <catch2/catch.hpp>

#include <random>

#include "model/desc/swap_refs.h"
#include "proofs/desc_refs.h"
#include "smt_values.h"

using namespace proofs_test;
namespace desc = swapproofs::desc;
namespace refs = swapmodel::desc::refs;

namespace {

constexpr int kStates = 10000;

int pick(std::mt19937_64& g) {
  return g() % 2 ? static_cast<int>(g() % 14) - 3 : static_cast<int>(static_cast<std::uint32_t>(g()));
}

// The SMT integer as the int the model holds (two's complement, modulo 2^32).
int as_int(std::int64_t x) { return static_cast<int>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(x))); }

desc::Desc numeral(z3::context& c, int r) {
  return desc::Desc{swapproofs::num(c, r), swapproofs::num(c, 0), swapproofs::num(c, 0), swapproofs::num(c, 0)};
}

template <typename Body>
void for_values(std::uint64_t seed, Body body) {
  std::mt19937_64 g(seed);
  z3::context c;
  for (int i = 0; i < kStates; ++i) {
    const int r = pick(g);
    INFO("refs=" << r);
    body(c, r, g);
  }
}

}  // namespace

TEST_CASE("diff desc: alloc") {
  z3::context c;
  CHECK(value(desc::alloc(c).refs) == refs::alloc_initial());
}

TEST_CASE("diff desc: dup (atomic_add_unless) and add_unless itself") {
  for_values(0xde0001, [](z3::context& c, int r, std::mt19937_64& g) {
    const desc::Desc post = desc::dup(numeral(c, r), swapproofs::num(c, r), swapproofs::Knobs{});
    const refs::AddUnless m = refs::dup_step(r);
    CHECK(as_int(value(post.refs)) == m.refs);
    CHECK(value(post.ptes) == (m.added ? 1 : 0));
    const int a = pick(g), u = pick(g) % 4;
    const desc::AddUnless s = desc::add_unless(swapproofs::num(c, r), a, u);
    const refs::AddUnless mm = refs::add_unless(r, a, u);
    CHECK(truth(s.added) == mm.added);
    CHECK(as_int(value(s.refs)) == mm.refs);
  });
}

TEST_CASE("diff desc: free (atomic_sub_and_test)") {
  for_values(0xde0002, [](z3::context& c, int r, std::mt19937_64&) {
    const desc::Desc post = desc::free(numeral(c, r));
    const refs::DecResult m = refs::free_step(r);
    CHECK(as_int(value(post.refs)) == m.refs);
    CHECK(value(post.frees) == (m.freed ? 1 : 0));
  });
}

TEST_CASE("diff desc: clear (atomic_dec_and_test)") {
  for_values(0xde0003, [](z3::context& c, int r, std::mt19937_64&) {
    const desc::Desc post = desc::clear(numeral(c, r));
    const refs::DecResult m = refs::clear_step(r);
    CHECK(as_int(value(post.refs)) == m.refs);
    CHECK(value(post.frees) == (m.freed ? 1 : 0));
  });
}

TEST_CASE("diff desc: prepare (swapcache_prepare's cmpxchg iteration)") {
  for_values(0xde0004, [](z3::context& c, int r, std::mt19937_64&) {
    const desc::Desc post = desc::prepare(numeral(c, r), swapproofs::num(c, r));
    const refs::PrepareStep m = refs::prepare_step(r);
    CHECK(value(desc::prepare_step(swapproofs::num(c, r)).err) == m.err);
    CHECK(as_int(value(post.refs)) == m.next);
    CHECK(value(post.pins) == (m.err == 0 ? 1 : 0));
  });
}

TEST_CASE("diff desc: the readers (count, pin, hint, swapcache_only, non_swapcache_batch, swapped)") {
  for_values(0xde0005, [](z3::context& c, int r, std::mt19937_64&) {
    const z3::expr x = swapproofs::num(c, r);
    CHECK(value(desc::swap_count(x)) == refs::swap_count(r));
    CHECK(truth(desc::cache_pin(x)) == refs::cache_pin(r));
    CHECK(truth(desc::free_hint_cache_only(x)) == refs::free_hint_cache_only(r));
    CHECK(truth(desc::swapcache_only(x)) == refs::swapcache_only(r));
    CHECK(truth(desc::non_swapcache_stops(x, swapproofs::Knobs{})) == refs::non_swapcache_stops(r));
    CHECK(truth(desc::swapped(x)) == refs::swapped(r));
  });
}

// The invariant's "refs == 2 ptes + pin" is the model's encoding, and its count is the reader's.
TEST_CASE("diff desc: swap_refs_consistent holds exactly on the model's encode(count, pin)") {
  std::mt19937_64 g(0xde0006);
  z3::context c;
  for (int i = 0; i < kStates; ++i) {
    const int count = static_cast<int>(g() % (1u << 20));
    const bool pin = g() % 2;
    if (count == 0 && !pin) continue;  // refs 0: the freed descriptor, with frees == 1
    const int r = refs::encode(count, pin);
    INFO("count=" << count << " pin=" << pin);
    const desc::Desc d{swapproofs::num(c, r), swapproofs::num(c, count), swapproofs::num(c, pin ? 1 : 0), swapproofs::num(c, 0)};
    for (const swapproofs::Labelled& l : desc::invariants(d, "")) CHECK(truth(l.holds));
    CHECK(value(desc::swap_count(d.refs)) == count);
  }
}
