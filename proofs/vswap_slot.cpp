// Seed 004's vswap slot: steps and invariants (vswap_slot.h). Each step follows the seed 004
// function named in the header ([S4] P1-P4).
#include "proofs/vswap_slot.h"

#include "proofs/table_slot.h"

namespace swapproofs::vswap {

using table::kFolio;
using table::kNull;
using table::kShadow;

Slot Slot::fresh(z3::context& c, const std::string& p) {
  return Slot{int_var(c, p + ".kind"),  int_var(c, p + ".cnt"), int_var(c, p + ".vt"),   int_var(c, p + ".nptr"),
              bool_var(c, p + ".cbit"), bool_var(c, p + ".z"), bool_var(c, p + ".rec"), int_var(c, p + ".chg")};
}

Fields Slot::fields(const std::string& p) const {
  return {{p + ".kind", kind}, {p + ".cnt", cnt}, {p + ".vt", vt}, {p + ".nptr", nptr},
          {p + ".cbit", cbit}, {p + ".z", z},     {p + ".rec", rec}, {p + ".chg", chg}};
}

namespace {

z3::expr falsity(const Slot& s) { return s.cnt.ctx().bool_val(false); }

// __swap_cluster_free_entries on vswap: __vswap_release_backing, then NULL (count and Z
// cleared) and __swap_cgroup_clear with mem_cgroup_id_put_swap.
Slot freed(const Slot& cur) {
  Slot s = release(cur);
  s.kind = num(cur.cnt.ctx(), kNull);
  s.cnt = num(cur.cnt.ctx(), 0);
  s.rec = falsity(cur);
  return s;
}

}  // namespace

Slot alloc(const Slot& cur) {
  Slot s = cur;
  s.kind = num(cur.cnt.ctx(), kFolio);
  s.rec = cur.cnt.ctx().bool_val(true);
  return s;
}

Slot dup(const Slot& cur, const Slot& seen) {
  // __swap_cluster_dup_entry: -ENOENT on a free, uncached slot; no clear pass after an error.
  const z3::expr ok = !(cur.cnt == 0 && cur.kind != kFolio);
  Slot s = cur;
  s.cnt = cur.cnt + b2i(ok);
  // vswap_clear_cache_only: a PFN slot at count 1 has just gone 0 -> 1.
  const z3::expr clears = ok && seen.kind == kFolio && seen.cnt == 1 && seen.vt == kSwapfile;
  s.cbit = z3::ite(clears, falsity(cur), cur.cbit);
  return s;
}

Slot put(const Slot& cur, const Slot& seen) {
  const z3::expr frees = seen.cnt == 1 && seen.kind != kFolio;
  // vswap_mark_cache_only, before the put that takes the cached slot to 0.
  const z3::expr marks = seen.cnt == 1 && seen.kind == kFolio && seen.vt == kSwapfile;
  Slot kept = cur;
  kept.cnt = seen.cnt - 1;
  kept.cbit = z3::ite(marks, cur.cnt.ctx().bool_val(true), cur.cbit);
  const Slot gone = freed(cur);
  return Slot{z3::ite(frees, gone.kind, kept.kind), z3::ite(frees, gone.cnt, kept.cnt),   z3::ite(frees, gone.vt, kept.vt),
              z3::ite(frees, gone.nptr, kept.nptr), z3::ite(frees, gone.cbit, kept.cbit), z3::ite(frees, gone.z, kept.z),
              z3::ite(frees, gone.rec, kept.rec),   z3::ite(frees, gone.chg, kept.chg)};
}

Slot cache_add(const Slot& cur) {
  Slot s = cur;
  s.kind = num(cur.cnt.ctx(), kFolio);
  return s;
}

Slot cache_del(const Slot& cur) {
  const z3::expr frees = cur.cnt == 0;
  Slot kept = cur;
  kept.kind = num(cur.cnt.ctx(), kShadow);
  const Slot gone = freed(cur);
  return Slot{z3::ite(frees, gone.kind, kept.kind), z3::ite(frees, gone.cnt, kept.cnt),   z3::ite(frees, gone.vt, kept.vt),
              z3::ite(frees, gone.nptr, kept.nptr), z3::ite(frees, gone.cbit, kept.cbit), z3::ite(frees, gone.z, kept.z),
              z3::ite(frees, gone.rec, kept.rec),   z3::ite(frees, gone.chg, kept.chg)};
}

Slot realloc(const Slot& cur, const z3::expr& seen_vt, const z3::expr& charge_ok) {
  // Step 2 returns the existing backing; a failed charge frees the new physical run again.
  const z3::expr installs = seen_vt != kSwapfile && charge_ok;
  Slot s = cur;
  s.vt = z3::ite(installs, num(cur.cnt.ctx(), kSwapfile), cur.vt);
  // __swap_cluster_alloc_entries writes PTR(v) with C clear.
  s.nptr = cur.nptr + b2i(installs);
  s.cbit = z3::ite(installs, falsity(cur), cur.cbit);
  // mem_cgroup_charge_backing_phys_swap on the memcg of the recorded id (none without one).
  s.chg = cur.chg + b2i(installs && cur.rec);
  return s;
}

Slot release(const Slot& cur) {
  const z3::expr phys = cur.vt == kSwapfile;
  Slot s = cur;
  s.vt = num(cur.cnt.ctx(), kNone);
  s.nptr = cur.nptr - b2i(phys);
  // The C bit lives in the physical word that __swap_cluster_free_phys_backing resets to NULL.
  s.cbit = z3::ite(s.nptr == 0, falsity(cur), cur.cbit);
  s.z = falsity(cur);
  // vswap_uncharge_cgroup_batch: v2 uncharges the SWAPFILE slots of the recorded memcg.
  s.chg = cur.chg - b2i(phys && cur.rec);
  return s;
}

Slot zswap_store(const Slot& cur) {
  Slot s = release(cur);
  s.vt = num(cur.cnt.ctx(), kZswap);
  return s;
}

Slot zero_writeout(const Slot& cur) {
  Slot s = release(cur);
  s.z = cur.cnt.ctx().bool_val(true);
  return s;
}

Slot reclaim_backing(const Slot& cur) {
  // Under the folio lock, folio_free_swap frees only a slot with no count left: the C bit that
  // sent the scanner here is not trusted.
  const z3::expr frees = cur.kind == kFolio && cur.cnt == 0;
  const Slot gone = freed(cur);
  return Slot{z3::ite(frees, gone.kind, cur.kind), z3::ite(frees, gone.cnt, cur.cnt),   z3::ite(frees, gone.vt, cur.vt),
              z3::ite(frees, gone.nptr, cur.nptr), z3::ite(frees, gone.cbit, cur.cbit), z3::ite(frees, gone.z, cur.z),
              z3::ite(frees, gone.rec, cur.rec),   z3::ite(frees, gone.chg, cur.chg)};
}

z3::expr domain(const Slot& s) { return in_range(s.kind, kNull, kFolio); }

std::vector<Labelled> invariants(const Slot& s, const std::string& p) {
  const z3::expr swapfile = s.vt == kSwapfile;
  return {
      {p + "count_nonnegative", "no count below zero", s.cnt >= 0},
      {p + "count_matches_format", "I2: a free slot has no count, a Shadow slot has one",
       z3::implies(s.kind == kNull, s.cnt == 0) && z3::implies(s.kind == kShadow, s.cnt >= 1)},
      // I12 (outside the realloc window), I15, and the table of [S4] P2: a free slot has no
      // backing and no memcg record; an evicted one (Shadow) has a backing or is zero.
      {p + "backing_consistent", "I12/I15: one PTR(v) iff SWAPFILE; Z only with NONE; free unbacked, evicted backed",
       in_range(s.vt, kNone, kZswap) && s.nptr == b2i(swapfile) && z3::implies(s.z, s.vt == kNone) &&
           z3::implies(s.kind == kNull, s.vt == kNone && !s.z && !s.rec) &&
           z3::implies(s.kind == kShadow, s.vt != kNone || s.z)},
      // I16: C on the physical word says exactly "count 0 and cached".
      {p + "rmap_cache_only_accurate", "I16: C set iff the slot is cached with count 0",
       z3::implies(swapfile, s.cbit == (s.cnt == 0 && s.kind == kFolio)) && z3::implies(s.nptr == 0, !s.cbit)},
      // I17 per slot (v2): the memcg's swap counter holds this slot iff it is recorded and
      // physically backed.
      {p + "charge_balanced", "I17: charged iff recorded and SWAPFILE", s.chg == b2i(s.rec && swapfile)},
  };
}

}  // namespace swapproofs::vswap
