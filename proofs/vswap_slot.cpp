// Seed 004's vswap slot: steps and invariants (vswap_slot.h). Each step follows the seed 004
// function named in the header ([S4] P1-P4).
#include "proofs/vswap_slot.h"

#include "model/memcg_steps.h"
#include "model/swap_count_steps.h"
#include "model/vswap/vswap_steps.h"
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

namespace tbs = swapmodel::tb::step;
namespace vts = swapmodel::vt::step;

z3::expr falsity(const Slot& s) { return s.cnt.ctx().bool_val(false); }
Smt dom(const Slot& s) { return Smt(s.cnt.ctx()); }

// The slot's table word as the shared transitions see it: the count is the field (the vswap
// claims keep it below SWP_TB_COUNT_MAX; the extend table is proved by the table claims).
tbs::Word<Smt> word(const Slot& s) { return tbs::Word<Smt>{s.kind, s.cnt, s.z}; }
// A limit no vswap count reaches, so that dup_entry and put_entry count in the field.
z3::expr no_limit(const Slot& s) { return s.cnt + 2; }

// swap_rmap_mark_cache_only / swap_rmap_clear_cache_only: the C bit after the atomic or / and
// (engine operations, encoded here).
z3::expr cache_only_bit(const z3::expr& bit, const z3::expr& marks, const z3::expr& clears) {
  return z3::ite(marks, bit.ctx().bool_val(true), z3::ite(clears, bit.ctx().bool_val(false), bit));
}

Slot choose(const z3::expr& c, const Slot& a, const Slot& b) {
  return Slot{z3::ite(c, a.kind, b.kind), z3::ite(c, a.cnt, b.cnt),   z3::ite(c, a.vt, b.vt),
              z3::ite(c, a.nptr, b.nptr), z3::ite(c, a.cbit, b.cbit), z3::ite(c, a.z, b.z),
              z3::ite(c, a.rec, b.rec),   z3::ite(c, a.chg, b.chg)};
}

// __swap_cluster_free_entries on vswap: __vswap_release_backing, then the slot's word NULL
// (count and Z cleared) and __swap_cgroup_clear with mem_cgroup_id_put_swap.
Slot freed(const Slot& cur) {
  Slot s = release(cur);
  const tbs::Word<Smt> w = tbs::free_entries_slot(dom(cur), word(s)).word;
  s.kind = w.kind;
  s.cnt = w.field;
  s.z = w.zero;
  s.rec = falsity(cur);
  return s;
}

}  // namespace

Slot alloc(const Slot& cur) {
  Slot s = cur;
  s.kind = tbs::cache_add_word(dom(cur), word(cur)).kind;
  s.rec = cur.cnt.ctx().bool_val(true);
  return s;
}

Slot dup(const Slot& cur, const Slot& seen, const Knobs& k) {
  // __swap_cluster_dup_entry: -ENOENT on a free, uncached slot; no clear pass after an error.
  const auto r = tbs::dup_entry(dom(cur), word(cur), cur.cnt.ctx().bool_val(true), num(cur.cnt.ctx(), 0), no_limit(cur));
  const z3::expr ok = r.err == 0;
  Slot s = cur;
  s.cnt = z3::ite(ok, r.field, cur.cnt);
  // vswap_clear_cache_only, on what it reads of the slot and its virtual_table word.
  if (vts::dup_runs_clear_cache_only(k.mutations)) {
    const z3::expr clears = ok && vts::clear_cache_only(dom(cur), word(seen), seen.vt);
    s.cbit = cache_only_bit(cur.cbit, falsity(cur), clears);
  }
  return s;
}

Slot put(const Slot& cur, const Slot& seen) {
  // swap_put_entries_cluster's test of the slot; vswap_mark_cache_only before the put that takes
  // a cached slot to 0.
  const auto test = tbs::put_entries_slot(dom(cur), word(seen));
  const z3::expr marks = test.last_cached && vts::mark_cache_only(dom(cur), seen.vt);
  Slot kept = cur;
  kept.cnt = tbs::put_entry(dom(cur), seen.cnt, num(cur.cnt.ctx(), 0), no_limit(seen)).field;
  kept.cbit = cache_only_bit(cur.cbit, marks, falsity(cur));
  return choose(test.frees, freed(cur), kept);
}

Slot cache_add(const Slot& cur) {
  Slot s = cur;
  s.kind = tbs::cache_add_word(dom(cur), word(cur)).kind;
  return s;
}

Slot cache_del(const Slot& cur) {
  const auto del = tbs::cache_del_slot(dom(cur), word(cur));
  Slot kept = cur;
  kept.kind = del.word.kind;
  return choose(del.swapped, kept, freed(cur));
}

Slot realloc(const Slot& cur, const z3::expr& seen_vt, const z3::expr& charge_ok, const Knobs& k) {
  Smt d = dom(cur);
  const z3::expr allocates = vts::realloc_allocates(d, seen_vt);
  // Mutation realloc_releases_backing: step 2 releases the old backing itself.
  const Slot start = vts::realloc_releases_old_backing(k.mutations) ? choose(allocates, release(cur), cur) : cur;
  // A failed charge frees the new physical run again, unless realloc_no_charge_rollback.
  const z3::expr keeps_phys = allocates && !charge_ok && !d.truth(vts::realloc_rolls_back_charge_failure(k.mutations));
  const z3::expr installs = allocates && charge_ok;
  Slot s = start;
  s.vt = z3::ite(installs, vts::realloc_install_tag(d), start.vt);
  // __swap_cluster_alloc_entries writes PTR(v) with C clear; fix vswap_realloc_marks_cache_only
  // then marks a slot whose count is already 0.
  s.nptr = start.nptr + b2i(installs || keeps_phys);
  const z3::expr marks = installs && vts::realloc_marks_cache_only(d, word(start), k.fixes);
  s.cbit = z3::ite(installs, marks, start.cbit);
  // mem_cgroup_charge_backing_phys_swap on the memcg of the recorded id (none without one).
  s.chg = start.chg + b2i(installs && start.rec);
  return s;
}

Slot release(const Slot& cur) {
  const auto r = vts::release(dom(cur), cur.vt);
  Slot s = cur;
  s.vt = r.tag;
  s.nptr = cur.nptr - b2i(r.frees_phys);
  // The C bit lives in the physical word that __swap_cluster_free_phys_backing resets to NULL.
  s.cbit = z3::ite(s.nptr == 0, falsity(cur), cur.cbit);
  s.z = r.zero;
  // vswap_uncharge_cgroup_batch: v2 uncharges the SWAPFILE slots of the recorded memcg
  // (page_counter_uncharge).
  s.chg = cur.chg + swapmodel::memcg_step::uncharge_delta(dom(cur), b2i(r.uncharges && cur.rec));
  return s;
}

Slot zswap_store(const Slot& cur) {
  Slot s = release(cur);
  s.vt = vts::zswap_store_tag(dom(cur));
  return s;
}

Slot zero_writeout(const Slot& cur) {
  Slot s = release(cur);
  s.z = tbs::with_zero(dom(cur), word(s), cur.cnt.ctx().bool_val(true)).zero;
  return s;
}

Slot reclaim_backing(const Slot& cur) {
  // Under the folio lock, folio_free_swap frees only a cached slot with no count left
  // (folio_maybe_swapped, then __swap_cache_do_del_folio): the C bit that sent the scanner here
  // is not trusted.
  const auto del = tbs::cache_del_slot(dom(cur), word(cur));
  return choose(cur.kind == kFolio && !del.swapped, freed(cur), cur);
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
