// Seed 004's claims: one function per step on a vswap slot, each stating its preconditions
// next to its encoding (vswap_slot.h). Every goal is the invariant set of vswap_slot.h. The
// memcg is cgroup v2 (seed 004's split only exists there: record, charge and uncharge are
// skipped or different under memsw).
#include <utility>

#include "proofs/claims.h"
#include "proofs/table_slot.h"
#include "proofs/vswap_scenarios.h"
#include "proofs/vswap_slot.h"

namespace swapproofs {

namespace {

using namespace vswap;

StepEncoding start(z3::context&, const Slot& cur) {
  StepEncoding e;
  e.context = {domain(cur)};
  e.hypotheses = invariants(cur, "pre.");
  e.shown = cur.fields("pre");
  for (const Field& f : e.shown) e.minimize.push_back(f.value);
  return e;
}

void finish(StepEncoding& e, const Slot& post) {
  for (const Field& f : post.fields("post")) e.shown.push_back(f);
  e.goals = invariants(post, "");
}

// What a locked read of the slot found; only kind, count and tag are read by the steps.
Slot snapshot(z3::context& c, StepEncoding& e) {
  Slot seen = Slot::fresh(c, "seen");
  e.context.push_back(domain(seen));
  for (const z3::expr& x : {seen.kind, seen.cnt, seen.vt}) e.minimize.push_back(x);
  e.shown.push_back({"seen.kind", seen.kind});
  e.shown.push_back({"seen.cnt", seen.cnt});
  e.shown.push_back({"seen.vt", seen.vt});
  return seen;
}

Labelled folio_locked(const Slot& cur) {
  return {"folio_locked", "the folio lock keeps the slot cached (I13: only its holder changes the backend)",
          cur.kind == table::kFolio};
}

ClaimDef make(const char* step, const char* doc) { return ClaimDef{"vswap", step, doc, {}, {}, {}, {}}; }

// --- claims ---------------------------------------------------------------------------------------

ClaimDef alloc_claim() {
  ClaimDef d = make("alloc", "vswap_alloc + __swap_cache_add_folio + mem_cgroup_record_swap (P2, P4)");
  d.encode = [](z3::context& c) {
    const Slot cur = Slot::fresh(c, "pre");
    StepEncoding e = start(c, cur);
    e.context.push_back(cur.kind == table::kNull);
    finish(e, alloc(cur));
    return e;
  };
  return d;
}

ClaimDef dup_claim(const Knobs& k) {
  ClaimDef d = make("dup", "swap_dup_entries_cluster on vswap, ending in vswap_clear_cache_only (P3)");
  d.scenarios["ci_lock_held"] = scenario_vswap_dup_vs_put;
  d.encode = [k](z3::context& c) {
    const Slot cur = Slot::fresh(c, "pre");
    StepEncoding e = start(c, cur);
    const Slot seen = snapshot(c, e);
    const Slot post = dup(cur, seen, k);
    // The clear pass reads, under the same ci->lock, the slot the dup just wrote.
    e.preconditions = {{"ci_lock_held", "vswap ci->lock held from the dup through the clear pass",
                        seen.kind == post.kind && seen.cnt == post.cnt && seen.vt == post.vt}};
    finish(e, post);
    return e;
  };
  return d;
}

ClaimDef put_claim() {
  ClaimDef d = make("put", "swap_put_entries_cluster on vswap: vswap_mark_cache_only, the put, or the free (P3)");
  d.scenarios["ci_lock_held"] = scenario_vswap_zap_vs_zap_shared;
  d.scenarios["ptl_held"] = scenario_vswap_put_without_reference;
  d.encode = [](z3::context& c) {
    const Slot cur = Slot::fresh(c, "pre");
    StepEncoding e = start(c, cur);
    const Slot seen = snapshot(c, e);
    e.preconditions = {{"ci_lock_held", "vswap ci->lock held from the read through the writes",
                        seen.kind == cur.kind && seen.cnt == cur.cnt && seen.vt == cur.vt},
                       {"ptl_held", "the caller's PTL (or folio lock) keeps the reference it drops", cur.cnt >= 1}};
    finish(e, put(cur, seen));
    return e;
  };
  return d;
}

ClaimDef cache_add_claim() {
  ClaimDef d = make("cache_add", "swap-in: __swap_cache_add_check + __swap_cache_do_add_folio on a vswap slot");
  d.encode = [](z3::context& c) {
    const Slot cur = Slot::fresh(c, "pre");
    StepEncoding e = start(c, cur);
    e.context.push_back(cur.kind == table::kShadow && cur.cnt >= 1);
    finish(e, cache_add(cur));
    return e;
  };
  return d;
}

ClaimDef cache_del_claim() {
  ClaimDef d = make("cache_del", "swap_cache_del_folio on vswap: Shadow, or freed (release, id put) with no count");
  d.scenarios["written_back"] = scenario_vswap_evict_unwritten;
  d.encode = [](z3::context& c) {
    const Slot cur = Slot::fresh(c, "pre");
    StepEncoding e = start(c, cur);
    e.context.push_back(cur.kind == table::kFolio);
    e.preconditions = {{"written_back", "a folio leaves the swap cache clean (its data on a backend, or zero) or unused",
                        cur.cnt == 0 || cur.vt != kNone || cur.z}};
    finish(e, cache_del(cur));
    return e;
  };
  return d;
}

// The C bit is written clear by __swap_cluster_alloc_entries whatever the count; a zap may have
// dropped the last count while writeout (or zswap writeback) held the folio, so a cache-only
// slot gets physical backing without C. The physical reclaim scanner then skips a reclaimable
// slot until the folio leaves the cache: a stale hint, which I16 allows (every consumer
// re-validates under the folio lock; see reclaim_backing).
ClaimDef realloc_claim(const Knobs& k) {
  ClaimDef d = make("realloc", "folio_realloc_swap: allocate physical slots, charge them, set SWAPFILE (P3, P4)");
  if (!k.fixes.vswap_realloc_marks_cache_only)
    d.findings["rmap_cache_only_accurate"] =
        "PTR(v) is written with C clear even when v is already cache-only (count dropped to 0 by a zap while "
        "writeout held the folio): a false-negative hint, harmless by I16 (fix vswap_realloc_marks_cache_only proves it)";
  d.scenarios["folio_locked"] = scenario_vswap_reclaim_vs_reclaim;
  d.scenarios["zero_cleared"] = scenario_vswap_realloc_with_zero;
  d.encode = [k](z3::context& c) {
    const Slot cur = Slot::fresh(c, "pre");
    StepEncoding e = start(c, cur);
    const z3::expr seen_vt = int_var(c, "seen.vt");
    const z3::expr charge_ok = bool_var(c, "charge_ok");
    e.context.push_back(in_range(seen_vt, kNone, kZswap));
    e.shown.push_back({"seen.vt", seen_vt});
    e.shown.push_back({"charge_ok", charge_ok});
    e.minimize.push_back(seen_vt);
    e.minimize.push_back(charge_ok);
    Labelled locked = folio_locked(cur);
    locked.holds = locked.holds && cur.vt == seen_vt;
    locked.why = "the folio lock keeps the slot cached and its backend as step 2 read it (I13)";
    e.preconditions = {locked, {"zero_cleared", "the caller cleared Z first (swap_writeout step 3; zswap writeback's slot is ZSWAP)",
                                !cur.z}};
    finish(e, realloc(cur, seen_vt, charge_ok, k));
    return e;
  };
  return d;
}

ClaimDef folio_step(const char* step, const char* doc, Slot (*fn)(const Slot&), ScenarioBuilder twin) {
  ClaimDef d = make(step, doc);
  d.scenarios["folio_locked"] = std::move(twin);
  d.encode = [fn](z3::context& c) {
    const Slot cur = Slot::fresh(c, "pre");
    StepEncoding e = start(c, cur);
    e.preconditions = {folio_locked(cur)};
    finish(e, fn(cur));
    return e;
  };
  return d;
}

ClaimDef release_claim() {
  return folio_step("release", "__vswap_release_backing of a pinned folio's slot (zswap load, swapoff, writeout; P2-P4)", release,
                    scenario_vswap_zswap_load_vs_zap);
}
ClaimDef zswap_store_claim() {
  return folio_step("zswap_store", "vswap_zswap_store: release the old backing, vt = ZSWAP (P2)", zswap_store,
                    scenario_vswap_zswap_store_vs_fault);
}
ClaimDef zero_writeout_claim() {
  return folio_step("zero_writeout", "swap_writeout of a zero-filled folio on vswap: release, then set Z (P2)", zero_writeout,
                    scenario_vswap_zero_writeout_vs_fault);
}

// The scanner found C set on a physical word; whatever C said, the step that follows is
// folio_free_swap under the folio lock, so it needs no precondition on the hint.
ClaimDef reclaim_backing_claim() {
  ClaimDef d = make("reclaim_backing", "try_to_reclaim_vswap_backing after re-validating under the folio lock (P3)");
  d.encode = [](z3::context& c) {
    const Slot cur = Slot::fresh(c, "pre");
    StepEncoding e = start(c, cur);
    finish(e, reclaim_backing(cur));
    return e;
  };
  return d;
}

}  // namespace

std::vector<ClaimDef> vswap_claims(const Knobs& k) {
  return {alloc_claim(),    dup_claim(k),    put_claim(),         cache_add_claim(),     cache_del_claim(),
          realloc_claim(k), release_claim(), zswap_store_claim(), zero_writeout_claim(), reclaim_backing_claim()};
}

}  // namespace swapproofs
