// The swap-table design's claims (seed 000 / phase IV): one function per step, each stating
// the step's preconditions next to its encoding (table_steps.h). Every goal is the whole
// invariant set of table_slot.h, for unbounded counts and every SWP_TB_COUNT_MAX in 2..15.
// Per-slot steps need no nr: a batch applies the same step to each slot of the folio, and a
// slot's invariants read only that slot (dup's all-or-nothing batch is the batch_ok input,
// justified by the dup_rollback claim).
#include "proofs/claims.h"
#include "proofs/table_scenarios.h"
#include "proofs/table_steps.h"

namespace swapproofs {

namespace {

using namespace table;

// The symbolic states every table claim starts from: the slot before the step, the slot as
// the step's locked read saw it, and SWP_TB_COUNT_MAX.
struct Frame {
  explicit Frame(z3::context& c) : max(int_var(c, "max")), cur(Slot::fresh(c, "pre")), seen(Slot::fresh(c, "seen")) {}
  z3::expr max;
  Slot cur, seen;
};

StepEncoding start(z3::context& c, const Frame& v, bool uses_seen) {
  StepEncoding e;
  e.context = {domain(v.cur, v.max)};
  e.shown = {{"max", v.max}};
  e.minimize = {v.max};
  // A snapshot shows only what the lock protects; its ghosts only make it a reachable state.
  auto add_state = [&](const Slot& s, const std::string& p, const Fields& shown) {
    for (Labelled& l : invariants(s, v.max, p + ".")) e.hypotheses.push_back(l);
    for (const Field& f : shown) {
      e.shown.push_back(f);
      e.minimize.push_back(f.value);
    }
  };
  add_state(v.cur, "pre", v.cur.fields("pre"));
  if (uses_seen) {
    e.context.push_back(domain(v.seen, v.max));
    add_state(v.seen, "seen", v.seen.slot_fields("seen"));
  }
  (void)c;
  return e;
}

void finish(StepEncoding& e, const Frame& v, const Slot& post) {
  for (const Field& f : post.fields("post")) e.shown.push_back(f);
  e.goals = invariants(post, v.max, "");
}

// The lock discipline, as facts about the state the step runs in.
Labelled ci_lock_held(const Frame& v) {
  return {"ci_lock_held", "ci->lock held from the read to the write: the slot is as the step read it",
          same_slot(v.cur, v.seen)};
}
Labelled ptl_held(const Frame& v) {
  return {"ptl_held", "the caller's PTL keeps the swap PTE it drops", v.cur.refs >= 1};
}
Labelled unmap_under_ptl(const Frame& v) {
  return {"unmap_under_ptl", "swap-out publishes a swap PTE and counts it under the PTL: no PTE is in flight",
          v.cur.pending == 0};
}
Labelled folio_locked_no_swapout(const Frame& v) {
  return {"folio_locked", "the folio lock excludes a swap-out between its set_pte and its dup", v.cur.pending == 0};
}

// --- claims ---------------------------------------------------------------------------------------

ClaimDef alloc_claim() {
  ClaimDef d{"table", "alloc", "folio_alloc_swap: __swap_cluster_alloc_entries + __swap_cache_add_folio (count 0)", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.context.push_back(v.seen.kind == kNull);  // the scan found the slot free
    e.preconditions = {ci_lock_held(v)};
    finish(e, v, alloc(v.cur));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_alloc_race;
  return d;
}

ClaimDef alloc_hibernation_claim() {
  ClaimDef d{"table", "alloc_hibernation", "swap_alloc_hibernation_slot: Shadow(NULL) with count 1", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.context.push_back(v.seen.kind == kNull);
    e.preconditions = {ci_lock_held(v)};
    finish(e, v, alloc_hibernation(v.cur));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_hibernation_race;
  return d;
}

// folio_dup_swap: the folio is locked and in the swap cache, the PTL held; I9's folio lock
// (only folio_dup_swap goes 0 -> 1) matters to folio_free_swap's lockless check, not to this
// slot's counts, so it is not a precondition here.
ClaimDef dup_claim() {
  ClaimDef d{"table", "dup", "folio_dup_swap in swap-out's unmap: __swap_cluster_dup_entry + the swap PTE it counts", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    const z3::expr batch_ok = bool_var(c, "batch_ok");
    e.shown.push_back({"batch_ok", batch_ok});
    e.minimize.push_back(batch_ok);
    e.preconditions = {ci_lock_held(v)};
    finish(e, v, dup(v.cur, v.seen, v.max, batch_ok));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_unmap_race;
  return d;
}

ClaimDef dup_direct_claim() {
  ClaimDef d{"table", "dup_direct", "swap_dup_entry_direct (fork, both PTLs held)", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.preconditions = {ci_lock_held(v)};
    finish(e, v, dup(v.cur, v.seen, v.max, c.bool_val(true)));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_fork_race;
  return d;
}

// put_entry undoes dup_entry exactly: swap_dup_entries_cluster's rollback of a failed batch
// restores every slot it had incremented, for every count (the dup claim's batch_ok).
ClaimDef dup_rollback_claim() {
  ClaimDef d{"table", "dup_rollback", "swap_dup_entries_cluster's error path: __swap_cluster_put_entry after a successful dup", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, false);
    const DupOut up = dup_entry(v.cur, v.max);
    const PutOut down = put_entry(up.f, up.ext, v.max);
    e.context.push_back(up.err == 0);
    e.shown.push_back({"dup.f", up.f});
    e.shown.push_back({"dup.ext", up.ext});
    e.shown.push_back({"put.f", down.f});
    e.shown.push_back({"put.ext", down.ext});
    e.goals = {{"restores_slot", "the put gives back the field and entry the dup started from",
                down.f == v.cur.f && down.ext == v.cur.ext}};
    return e;
  };
  return d;
}

ClaimDef put_claim() {
  ClaimDef d{"table", "put", "folio_put_swap in the swap-in fault: swap_put_entries_cluster on the cached folio's slot", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.context.push_back(v.seen.kind == kFolio);  // the folio is in the swap cache
    e.preconditions = {ci_lock_held(v), ptl_held(v), folio_locked_no_swapout(v)};
    finish(e, v, put(v.cur, v.seen, v.max));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_fault_vs_zap_shared;
  d.scenarios["ptl_held"] = scenario_put_without_reference;
  d.scenarios["folio_locked"] = scenario_fault_vs_unlocked_swapout;
  return d;
}

ClaimDef put_direct_claim() {
  ClaimDef d{"table", "put_direct", "swap_put_entries_direct (zap, shmem truncate): swap_put_entries_cluster per slot", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.preconditions = {ci_lock_held(v), ptl_held(v), unmap_under_ptl(v)};
    finish(e, v, put(v.cur, v.seen, v.max));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_zap_vs_zap_shared;
  d.scenarios["ptl_held"] = scenario_double_put;
  d.scenarios["unmap_under_ptl"] = scenario_dup_without_ptl;
  return d;
}

ClaimDef cache_add_claim() {
  ClaimDef d{"table", "cache_add", "swap-in: __swap_cache_add_check + __swap_cache_do_add_folio under one ci->lock", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.context.push_back(add_check_ok(v.seen));
    e.preconditions = {ci_lock_held(v)};
    finish(e, v, cache_add(v.cur));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_cache_add_no_recheck;
  return d;
}

ClaimDef cache_del_claim() {
  ClaimDef d{"table", "cache_del", "swap_cache_del_folio (folio_free_swap, reclaim): Shadow, or freed without a count", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.context.push_back(v.seen.kind == kFolio);  // the folio was in the swap cache
    e.preconditions = {ci_lock_held(v),
                       {"folio_locked", "the folio lock keeps it in the swap cache and excludes a swap-out in flight",
                        v.cur.kind == kFolio && v.cur.pending == 0}};
    finish(e, v, cache_del(v.cur, v.seen));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_reclaim_vs_fork;
  d.scenarios["folio_locked"] = scenario_reclaim_vs_reclaim;
  return d;
}

ClaimDef free_claim() {
  ClaimDef d{"table", "free", "__swap_cluster_free_entries on a slot (put_direct's batch, hibernation free)", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.preconditions = {ci_lock_held(v),
                       {"caller_checked_freeable", "the caller saw a Shadow with count <= 1 under ci->lock (the kernel's VM_WARN_ON)",
                        v.seen.kind == kShadow && v.seen.f <= 1}};
    finish(e, v, free_slot(v.cur, v.seen));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_zap_vs_zap_shared;
  d.scenarios["caller_checked_freeable"] = scenario_zap_vs_fault;
  return d;
}

ClaimDef ext_alloc_claim() {
  ClaimDef d{"table", "ext_alloc", "swap_extend_table_alloc: attach a zeroed extend table if the cluster has none", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    e.context.push_back(!v.seen.has_ext);
    e.preconditions = {ci_lock_held(v)};
    finish(e, v, ext_alloc(v.cur, v.seen, v.max));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_forks_at_limit;
  return d;
}

ClaimDef ext_try_free_claim(const Knobs& k) {
  ClaimDef d{"table", "ext_try_free", "swap_extend_table_try_free: free the extend table when every entry is 0", {}, {}, {}, ""};
  d.encode = [k](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(c, v, true);
    // The other slots' entries: in use or not, as the scan found them.
    const z3::expr others_in_use = bool_var(c, "others_in_use");
    e.shown.push_back({"others_in_use", others_in_use});
    e.minimize.push_back(others_in_use);
    e.context.push_back(v.seen.has_ext);
    e.preconditions = {ci_lock_held(v)};
    finish(e, v, ext_try_free(v.cur, v.seen, others_in_use, k.mutations));
    return e;
  };
  d.scenarios["ci_lock_held"] = scenario_forks_at_limit;
  return d;
}

// ci->count against the cluster's slots in use, for a batch of nr slots taken or freed under
// ci->lock. `used` is a ghost: how many of the cluster's slots are in use (the model's
// cluster_count_consistent counts them); the slots themselves are the per-slot claims' business.
// The count is computed from the locked read (seen) and written over the count as it is (pre).
ClaimDef cluster_count_claim(bool alloc) {
  ClaimDef d{"table", alloc ? "cluster_count_alloc" : "cluster_count_free",
             alloc ? "__swap_cluster_alloc_entries: ci->count += nr for the nr slots it takes"
                   : "__swap_cluster_free_entries / __swap_cluster_free_phys_backing: ci->count -= nr for the nr slots freed",
             {}, {}, {}, ""};
  d.encode = [alloc](z3::context& c) {
    const Smt dom(c);
    const z3::expr count = int_var(c, "pre.count"), seen = int_var(c, "seen.count");
    const z3::expr used = int_var(c, "pre.used"), nr = int_var(c, "nr");
    StepEncoding e;
    // nr slots of the batch: free before an allocation, in use (freeable) before a free.
    e.context = {nr >= 1, seen >= 0, alloc ? used >= 0 : used >= nr};
    const auto consistent = [&](const z3::expr& n, const z3::expr& u, const std::string& p) {
      return Labelled{p + "count_consistent", "ci->count is the number of the cluster's slots in use (cluster_count_consistent)",
                      n == u && u >= 0};
    };
    e.hypotheses = {consistent(count, used, "pre.")};
    e.preconditions = {{"ci_lock_held", "ci->lock held from the count's read to its write: it is as the step read it",
                        count == seen}};
    z3::expr next = count;
    z3::expr used_after = used;
    if (alloc) {
      next = step::cluster_count_alloc(dom, seen, nr);
      used_after = used + nr;
    } else {
      const auto r = step::cluster_count_free(dom, seen, nr);
      next = r.count;
      used_after = used - nr;
      e.goals.push_back({"no_underflow_warn", "VM_WARN_ON(ci->count < nr) stays quiet", !r.warn});
    }
    e.goals.push_back(consistent(next, used_after, ""));
    e.shown = {{"nr", nr}, {"pre.count", count}, {"pre.used", used}, {"seen.count", seen}, {"post.count", next},
               {"post.used", used_after}};
    e.minimize = {nr, count, used, seen};
    return e;
  };
  d.scenarios["ci_lock_held"] = alloc ? scenario_alloc_race : scenario_zap_vs_zap_shared;
  return d;
}

}  // namespace

std::vector<ClaimDef> table_claims(const Knobs& k) {
  return {alloc_claim(),   alloc_hibernation_claim(), dup_claim(),      dup_direct_claim(), dup_rollback_claim(),
          put_claim(),     put_direct_claim(),        cache_add_claim(), cache_del_claim(), free_claim(),
          ext_alloc_claim(), ext_try_free_claim(k), cluster_count_claim(true), cluster_count_claim(false)};
}

}  // namespace swapproofs
