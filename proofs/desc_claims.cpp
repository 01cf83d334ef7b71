// Seed 001's claims: one function per atomic step on a descriptor's swap_refs, each stating
// its preconditions next to its encoding. Every goal is the invariant set of desc_refs.h, for
// unbounded counts. A batch (swap_duplicate_nr, swapcache_prepare over nr entries) is one such
// step per descriptor; its partial-failure rollback is swap_free_nr / swapcache_clear on the
// descriptors it took, which hold the reference the rollback drops.
#include "proofs/claims.h"
#include "proofs/desc_refs.h"
#include "proofs/desc_scenarios.h"

namespace swapproofs {

namespace {

using namespace desc;

StepEncoding start(const Desc& cur) {
  StepEncoding e;
  e.hypotheses = invariants(cur, "pre.");
  e.shown = cur.fields("pre");
  for (const Field& f : e.shown) e.minimize.push_back(f.value);
  return e;
}

void finish(StepEncoding& e, const Desc& post) {
  for (const Field& f : post.fields("post")) e.shown.push_back(f);
  e.goals = invariants(post, "");
}

// vswap_alloc: atomic_set(&desc->swap_refs, 1) on a new descriptor (the pin of the folio that
// is about to be added to the swap cache).
ClaimDef alloc_claim() {
  ClaimDef d{"desc", "alloc", "vswap_alloc: swap_refs = 1 on a new descriptor", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    StepEncoding e;
    finish(e, alloc(c));
    return e;
  };
  return d;
}

// swap_duplicate_nr, per descriptor: atomic_add_unless(refs, SWAP_COUNT_INC, 0), for the PTE the
// caller (fork, under the PTL) is about to install. `seen` is what the "unless 0" test read.
ClaimDef dup_claim(const Knobs& k) {
  ClaimDef d{"desc", "dup", "swap_duplicate_nr per descriptor: atomic_add_unless(&swap_refs, 2, 0)", {}, {}, {}, ""};
  d.encode = [k](z3::context& c) {
    const Desc cur = Desc::fresh(c, "pre");
    const z3::expr seen = int_var(c, "seen.refs");
    StepEncoding e = start(cur);
    e.shown.push_back({"seen.refs", seen});
    e.minimize.push_back(seen);
    e.preconditions = {{"add_unless_atomic", "the test for 0 and the add are one atomic operation", seen == cur.refs}};
    finish(e, dup(cur, seen, k));
    return e;
  };
  d.scenarios["add_unless_atomic"] = scenario_desc_dup_plain_add;
  return d;
}

// swap_free_nr / vswap_free_nr_any_cache_only, per descriptor: atomic_sub_and_test(2); the one
// that reaches 0 runs vswap_free.
ClaimDef free_claim() {
  ClaimDef d{"desc", "free", "swap_free_nr per descriptor: atomic_sub_and_test(SWAP_COUNT_INC), vswap_free at 0", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Desc cur = Desc::fresh(c, "pre");
    StepEncoding e = start(cur);
    e.preconditions = {{"holds_pte_ref", "the caller's PTL keeps the PTE whose reference it drops", cur.ptes >= 1}};
    finish(e, free(cur));
    return e;
  };
  d.scenarios["holds_pte_ref"] = scenario_desc_free_cache_only;
  return d;
}

// swapcache_clear / put_swap_folio, per descriptor: atomic_dec_and_test.
ClaimDef clear_claim() {
  ClaimDef d{"desc", "clear", "swapcache_clear / put_swap_folio per descriptor: atomic_dec_and_test, vswap_free at 0", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Desc cur = Desc::fresh(c, "pre");
    StepEncoding e = start(cur);
    e.preconditions = {{"holds_pin", "the caller holds the cache pin (a swapcache_prepare it won, or the locked cached folio)",
                        cur.pins >= 1}};
    finish(e, clear(cur));
    return e;
  };
  d.scenarios["holds_pin"] = scenario_desc_clear_without_pin;
  return d;
}

// The iteration of swapcache_prepare's loop whose atomic_try_cmpxchg(&refs, &old, new) succeeds.
ClaimDef prepare_claim() {
  ClaimDef d{"desc", "prepare", "swapcache_prepare per descriptor: the cmpxchg loop's successful iteration", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Desc cur = Desc::fresh(c, "pre");
    const z3::expr old = int_var(c, "old");
    StepEncoding e = start(cur);
    e.shown.push_back({"old", old});
    e.minimize.push_back(old);
    e.preconditions = {{"cmpxchg_matched", "the cmpxchg writes only while swap_refs still holds the value tested", cur.refs == old}};
    finish(e, prepare(cur, old));
    e.shown.push_back({"err", prepare_step(old).err});
    return e;
  };
  d.scenarios["cmpxchg_matched"] = scenario_desc_prepare_race;
  return d;
}

}  // namespace

std::vector<ClaimDef> desc_claims(const Knobs& k) { return {alloc_claim(), dup_claim(k), free_claim(), clear_claim(), prepare_claim()}; }

}  // namespace swapproofs
