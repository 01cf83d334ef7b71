// Seed 001's swap_refs steps (desc_refs.h): model/desc/swap_refs.h's shared transitions on z3
// terms, and the invariants.
#include "proofs/desc_refs.h"

#include "model/desc/swap_refs.h"


namespace swapproofs::desc {

namespace {
namespace gen = swapmodel::desc::refs::gen;
Smt dom(const z3::expr& e) { return Smt(e.ctx()); }
}  // namespace

Desc Desc::fresh(z3::context& c, const std::string& p) {
  return Desc{int_var(c, p + ".refs"), int_var(c, p + ".ptes"), int_var(c, p + ".pins"), int_var(c, p + ".frees")};
}

Fields Desc::fields(const std::string& p) const {
  return {{p + ".refs", refs}, {p + ".ptes", ptes}, {p + ".pins", pins}, {p + ".frees", frees}};
}

z3::expr swap_count(const z3::expr& refs) { return gen::swap_count(dom(refs), refs); }
z3::expr cache_pin(const z3::expr& refs) { return gen::cache_pin(dom(refs), refs); }

AddUnless add_unless(const z3::expr& v, std::int64_t a, std::int64_t u) {
  const auto r = gen::add_unless(dom(v), v, num(v.ctx(), a), num(v.ctx(), u));
  return AddUnless{r.added, r.refs};
}

AddUnless dup_step(const z3::expr& refs, const Knobs& k) {
  const auto r = gen::dup_step(dom(refs), refs, k.mutations);
  return AddUnless{r.added, r.refs};
}

DecResult free_step(const z3::expr& refs) {
  const auto r = gen::free_step(dom(refs), refs);
  return DecResult{r.refs, r.freed};
}

DecResult clear_step(const z3::expr& refs) {
  const auto r = gen::clear_step(dom(refs), refs);
  return DecResult{r.refs, r.freed};
}

PrepareStep prepare_step(const z3::expr& old) {
  const auto r = gen::prepare_step(dom(old), old);
  return PrepareStep{r.err, r.next};
}

z3::expr free_hint_cache_only(const z3::expr& refs) { return gen::free_hint_cache_only(dom(refs), refs); }
z3::expr swapcache_only(const z3::expr& refs) { return gen::swapcache_only(dom(refs), refs); }
z3::expr non_swapcache_stops(const z3::expr& refs, const Knobs& k) { return gen::non_swapcache_stops(dom(refs), refs, k.fixes); }
z3::expr swapped(const z3::expr& refs) { return gen::swapped(dom(refs), refs); }

z3::expr walk_last(const z3::expr& first, const z3::expr& nr) { return gen::walk_last(dom(first), first, nr); }
z3::expr walk_stops_at_hole(const z3::expr& index, const z3::expr& first, const z3::expr& visited, const Knobs& k) {
  return gen::walk_stops_at_hole(dom(index), index, first, visited, k.fixes);
}
z3::expr walk_rolls_back(const z3::expr& i, const z3::expr& nr) { return gen::walk_rolls_back(dom(i), i, nr); }
z3::expr prepare_result(const z3::expr& i, const z3::expr& nr, const z3::expr& ret) {
  return gen::prepare_result(dom(i), i, nr, ret);
}

Desc alloc(z3::context& c) { return Desc{num(c, swapmodel::desc::refs::alloc_initial()), num(c, 0), num(c, 1), num(c, 0)}; }

Desc dup(const Desc& cur, const z3::expr& seen, const Knobs& k) {
  // The add lands on the current value; it is the test that read `seen`: the value added is
  // what the step adds to `seen`.
  const AddUnless r = dup_step(seen, k);
  return Desc{z3::ite(r.added, cur.refs + (r.refs - seen), cur.refs), cur.ptes + b2i(r.added), cur.pins, cur.frees};
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
