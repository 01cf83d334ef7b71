// Seed 001's swap_refs arithmetic and invariants (desc_refs.h), step for step as
// model/desc/swap_refs.h.
#include "proofs/desc_refs.h"

#include <cerrno>

namespace swapproofs::desc {

namespace {
constexpr std::int64_t kCacheInc = 1;  // SWAP_CACHE_INC
constexpr std::int64_t kCountInc = 2;  // SWAP_COUNT_INC
}  // namespace

Desc Desc::fresh(z3::context& c, const std::string& p) {
  return Desc{int_var(c, p + ".refs"), int_var(c, p + ".ptes"), int_var(c, p + ".pins"), int_var(c, p + ".frees")};
}

Fields Desc::fields(const std::string& p) const {
  return {{p + ".refs", refs}, {p + ".ptes", ptes}, {p + ".pins", pins}, {p + ".frees", frees}};
}

// SMT-LIB div and mod round towards minus infinity for a positive divisor, as the arithmetic
// shift and the two's-complement bit test do.
z3::expr swap_count(const z3::expr& refs) { return refs / num(refs.ctx(), 2); }
z3::expr cache_pin(const z3::expr& refs) { return z3::mod(refs, num(refs.ctx(), 2)) == 1; }

AddUnless add_unless(const z3::expr& v, std::int64_t a, std::int64_t u) {
  const z3::expr adds = v != num(v.ctx(), u);
  return AddUnless{adds, z3::ite(adds, v + num(v.ctx(), a), v)};
}

AddUnless dup_step(const z3::expr& refs) { return add_unless(refs, kCountInc, 0); }

DecResult free_step(const z3::expr& refs) {
  const z3::expr n = refs - num(refs.ctx(), kCountInc);
  return DecResult{n, n == 0};
}

DecResult clear_step(const z3::expr& refs) {
  const z3::expr n = refs - num(refs.ctx(), kCacheInc);
  return DecResult{n, n == 0};
}

PrepareStep prepare_step(const z3::expr& old) {
  z3::context& c = old.ctx();
  const z3::expr err = z3::ite(old == 0, num(c, -ENOENT), z3::ite(cache_pin(old), num(c, -EEXIST), num(c, 0)));
  return PrepareStep{err, z3::ite(err == 0, old + num(c, kCacheInc), old)};
}

z3::expr free_hint_cache_only(const z3::expr& refs) { return refs == num(refs.ctx(), kCountInc + kCacheInc); }
z3::expr swapcache_only(const z3::expr& refs) { return refs == num(refs.ctx(), kCacheInc); }
z3::expr non_swapcache_stops(const z3::expr& refs) { return !cache_pin(refs) && swap_count(refs) != 0; }
z3::expr swapped(const z3::expr& refs) { return swap_count(refs) != 0; }

Desc alloc(z3::context& c) { return Desc{num(c, kCacheInc), num(c, 0), num(c, 1), num(c, 0)}; }

Desc dup(const Desc& cur, const z3::expr& seen) {
  // The add lands on the current value; it is the test that read `seen`.
  const AddUnless r = dup_step(seen);
  return Desc{z3::ite(r.added, cur.refs + num(cur.refs.ctx(), kCountInc), cur.refs), cur.ptes + b2i(r.added), cur.pins,
              cur.frees};
}

Desc free(const Desc& cur) {
  const DecResult r = free_step(cur.refs);
  return Desc{r.refs, cur.ptes - 1, cur.pins, cur.frees + b2i(r.freed)};
}

Desc clear(const Desc& cur) {
  const DecResult r = clear_step(cur.refs);
  return Desc{r.refs, cur.ptes, cur.pins - 1, cur.frees + b2i(r.freed)};
}

Desc prepare(const Desc& cur, const z3::expr& old) {
  // On an error the seed's cmpxchg writes `old` back: no change while refs still holds it.
  const PrepareStep p = prepare_step(old);
  return Desc{p.next, cur.ptes, cur.pins + b2i(p.err == 0), cur.frees};
}

std::vector<Labelled> invariants(const Desc& d, const std::string& p) {
  const z3::expr live = d.frees == 0;
  return {
      {p + "count_nonnegative", "swap_refs never below zero", d.refs >= 0},
      // I19: refs encodes the references exactly while the descriptor lives; once an
      // *_and_test reached 0, vswap_free ran exactly once and nothing references it.
      {p + "swap_refs_consistent", "I19: refs == 2 ptes + pin while live; 0, freed once, after",
       in_range(d.pins, 0, 1) && in_range(d.frees, 0, 1) &&
           z3::implies(live, d.refs == 2 * d.ptes + d.pins && d.refs >= 1) &&
           z3::implies(!live, d.refs == 0 && d.ptes == 0 && d.pins == 0)},
      {p + "count_matches_references", "refs >> 1 is the number of PTEs holding the entry",
       d.ptes >= 0 && swap_count(d.refs) == d.ptes},
  };
}

}  // namespace swapproofs::desc
