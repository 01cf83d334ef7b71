// The memcg claims: one function per counter step, each stating its preconditions next to its
// encoding (memcg_counters.h). The goal is charge_balanced, for any counter values, any swap.max
// and folios or batches of 1..512 pages.
#include "proofs/claims.h"
#include "proofs/memcg_counters.h"
#include "proofs/memcg_scenarios.h"
#include "proofs/vswap_scenarios.h"

namespace swapproofs {

namespace {

using namespace memcg;

struct Frame {
  explicit Frame(z3::context& c)
      : m(Counters::fresh(c, "pre")), s{bool_var(c, "v1"), int_var(c, "swap_max")}, n(int_var(c, "nr")) {}
  Counters m;
  Setting s;
  z3::expr n;  // the step's nr (or n) of slots
};

StepEncoding start(const Frame& v, std::int64_t min_n) {
  StepEncoding e;
  e.context = {v.s.limit >= -1, in_range(v.n, min_n, 512)};
  e.hypotheses = invariants(v.m, v.s, "pre.");
  e.shown = {{"v1", v.s.v1}, {"swap_max", v.s.limit}, {"nr", v.n}};
  for (const Field& f : v.m.fields("pre")) e.shown.push_back(f);
  for (const Field& f : e.shown) e.minimize.push_back(f.value);
  return e;
}

void finish(StepEncoding& e, const Frame& v, const Counters& post) {
  for (const Field& f : post.fields("post")) e.shown.push_back(f);
  e.goals = invariants(post, v.s, "");
}

// An input counting some of the step's slots, shown and minimised.
z3::expr part(z3::context& c, StepEncoding& e, const char* name) {
  const z3::expr x = int_var(c, name);
  e.shown.push_back({name, x});
  e.minimize.push_back(x);
  return x;
}

Labelled fresh_slots(const z3::expr& already) {
  return {"fresh_slots", "the folio's slots were just allocated: a freed slot's memcg id was cleared with it", already == 0};
}

ClaimDef make(const char* step, const char* doc) { return ClaimDef{"memcg", step, doc, {}, {}, {}, ""}; }

// --- direct (physical) slots ------------------------------------------------------------------------

ClaimDef charge_direct_claim(const Knobs& k) {
  ClaimDef d = make("charge_direct", "mem_cgroup_try_charge_swap at folio_alloc_swap (physical slots)");
  d.encode = [k](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(v, 1);
    const z3::expr already = part(c, e, "already");
    e.context.push_back(in_range(already, 0, 512) && already <= v.n && already <= v.m.rd);
    e.preconditions = {fresh_slots(already)};
    finish(e, v, charge_direct(v.m, v.s, v.n, already, k));
    return e;
  };
  d.scenarios["fresh_slots"] = scenario_charge_race;
  return d;
}

ClaimDef uncharge_direct_claim() {
  ClaimDef d = make("uncharge_direct", "mem_cgroup_uncharge_swap(id, n) from __swap_cluster_free_entries and memcg1_swapin");
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(v, 1);
    e.preconditions = {{"ids_cleared_once", "under ci->lock __swap_cgroup_clear returns each slot's id once: the n slots recorded M",
                        v.n <= v.m.rd}};
    finish(e, v, uncharge_direct(v.m, v.n));
    return e;
  };
  d.scenarios["ids_cleared_once"] = scenario_uncharge_race;
  return d;
}

ClaimDef swapout_v1_claim(const Knobs& k) {
  ClaimDef d = make("swapout_v1", "memcg1_swapout under ci->lock (cgroup v1: memsw moves to the swap slots)");
  d.encode = [k](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(v, 1);
    const z3::expr already = part(c, e, "already");
    e.context.push_back(v.s.v1 && in_range(already, 0, 512) && already <= v.n && already <= v.m.rd);
    e.preconditions = {fresh_slots(already)};
    finish(e, v, swapout_v1(v.m, v.n, already, k));
    return e;
  };
  d.scenarios["fresh_slots"] = scenario_swapout_v1_race;
  return d;
}

ClaimDef offline_claim() {
  ClaimDef d = make("offline", "mem_cgroup_css_offline: the base id reference goes");
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(v, 1);
    e.context.push_back(v.m.online);
    finish(e, v, offline(v.m));
    return e;
  };
  return d;
}

// --- seed 004's split (v2): record at allocation, charge with physical backing -----------------

ClaimDef record_claim(const Knobs& k) {
  ClaimDef d = make("record", "__mem_cgroup_record_swap at vswap folio_alloc_swap (seed 004 P4)");
  d.scenarios["fresh_slots"] = scenario_vswap_record_race;
  d.encode = [k](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(v, 1);
    const z3::expr already = part(c, e, "already");
    e.context.push_back(!v.s.v1 && in_range(already, 0, 512) && already <= v.n && already <= v.m.rv);
    e.preconditions = {fresh_slots(already)};
    finish(e, v, record(v.m, v.n, already, k));
    return e;
  };
  return d;
}

ClaimDef charge_phys_claim() {
  ClaimDef d = make("charge_phys", "folio_realloc_swap: mem_cgroup_charge_backing_phys_swap, then SWAPFILE (seed 004 P4)");
  d.scenarios["backing_absent"] = scenario_vswap_recharge_race;
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(v, 1);
    const z3::expr backed = part(c, e, "backed");
    // The folio's nr slots record M; `backed` of them already have physical backing.
    e.context.push_back(!v.s.v1 && in_range(backed, 0, 512) && backed <= v.n && backed <= v.m.sv &&
                        v.n - backed <= v.m.rv - v.m.sv);
    e.preconditions = {{"backing_absent", "step 2 saw no SWAPFILE under ci->lock and the folio lock kept it so (I13)",
                        backed == 0}};
    finish(e, v, charge_phys(v.m, v.s, v.n, backed));
    return e;
  };
  return d;
}

ClaimDef uncharge_phys_claim() {
  ClaimDef d = make("uncharge_phys", "__vswap_release_backing: vswap_uncharge_cgroup_batch of k SWAPFILE slots (seed 004 P4)");
  d.scenarios["ci_lock_held"] = scenario_vswap_uncharge_race;
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(v, 0);
    e.context.push_back(!v.s.v1);
    e.preconditions = {{"ci_lock_held", "the batch's tags and ids are read and reset under the vswap ci->lock: k backed slots of M",
                        v.n <= v.m.sv}};
    finish(e, v, uncharge_phys(v.m, v.s, v.n));
    return e;
  };
  return d;
}

ClaimDef id_put_claim() {
  ClaimDef d = make("id_put", "__swap_cluster_free_entries on vswap: mem_cgroup_id_put_swap(id, n) (seed 004 P4)");
  d.scenarios["released_first"] = scenario_vswap_id_put_race;
  d.encode = [](z3::context& c) {
    const Frame v(c);
    StepEncoding e = start(v, 1);
    e.context.push_back(!v.s.v1);
    e.preconditions = {{"released_first", "__vswap_release_backing ran first: the n freed slots of M have no backing",
                        v.n <= v.m.rv - v.m.sv}};
    finish(e, v, id_put(v.m, v.n));
    return e;
  };
  return d;
}

}  // namespace

std::vector<ClaimDef> memcg_claims(const Knobs& k) {
  return {charge_direct_claim(k), uncharge_direct_claim(), swapout_v1_claim(k),   offline_claim(),
          record_claim(k),        charge_phys_claim(),     uncharge_phys_claim(), id_put_claim()};
}

}  // namespace swapproofs
