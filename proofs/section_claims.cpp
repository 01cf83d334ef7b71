// Claims at the granularity of the model's critical sections (issue 14, item 5): a batch over
// several slots or descriptors, a section that drops its lock partway and takes it again, and
// the free that ends a put. Each composes the model's shared transitions over several slots
// (or sections), with the other threads' steps in a lock-free window as an arbitrary state that
// satisfies a strengthened invariant (the invariant alone does not hold inside the window; the
// strengthening is stated as a goal where the section creates it, and assumed where another
// thread may have moved the state):
//
//   table.dup_enomem_batch   swap_dup_entries_cluster on two slots: the first is counted, the
//                            second needs the extend table (-ENOMEM); ci->lock is dropped for
//                            swap_extend_table_alloc and retaken; then the retry, or the rollback
//                            (a put of the first) and swap_extend_table_try_free. Inside the window
//                            the first slot carries the batch's count without its PTE: "held".
//   table.dup_error_try_free swap_dup_entries_cluster's error path on two slots: put back the
//                            counted one, then swap_extend_table_try_free for the cluster.
//   table.window_put / window_dup, vswap.realloc_window_put / _dup: the steps other threads take
//                            inside those windows keep the strengthened invariant (it is
//                            inductive), so assuming it of what a section finds is sound.
//   table.put_try_free       __swap_cluster_put_entry reaching MAX-2 / MAX-1, then
//                            swap_extend_table_try_free over two slots of the cluster.
//   vswap.realloc_sections   folio_realloc_swap's three critical sections: read the tag under
//                            the vswap ci->lock; allocate and charge the physical slots with no
//                            vswap lock (the Pointer word exists before the tag names it:
//                            "installing"); install under the lock again.
//   desc.dup_walk            swap_duplicate_nr over two descriptors of one range: the second is
//                            being freed (add_unless fails at 0), so the walk stops and
//                            swap_free_nr gives the first its reference back.
//   desc.prepare_walk        swapcache_prepare over a two-entry range either of whose entries may
//                            be a hole (freed: no descriptor in vswap_map) when the walk passes it,
//                            and again (or reallocated) when the swapcache_clear rollback passes it;
//                            then the return value. Ghost `mine`: the pins the walk holds; its
//                            contract: it returns holding a pin of every entry iff it returns 0.
//                            Seed 001's walk skips a hole and miscounts (finding 9, refuted as a
//                            finding); with fix desc_walk_stops_at_hole it is proved.
//   desc.walk_window_*       the steps other threads take on a descriptor while the walk holds
//                            its pin keep the walk's strengthening (the pin is one of its pins).
// What a section's own locks give is its context, stated with the section's code (the per-step
// claims refute each lock one by one). What a window relies on from a lock the section does not
// take itself, or from a reference another thread holds (the folio lock held across the window,
// the PTE a zap's put drops), is a named precondition: the vacuity check sees it, and each one
// removed is refuted, with the per-step claim's scenario for the same lock or reference.
#include <cerrno>
#include <tuple>

#include "model/desc/swap_refs.h"
#include "model/swap_count_steps.h"
#include "model/vswap/vswap_steps.h"
#include "proofs/claims.h"
#include "proofs/desc_refs.h"
#include "proofs/desc_scenarios.h"
#include "proofs/table_scenarios.h"
#include "proofs/table_steps.h"
#include "proofs/vswap_scenarios.h"
#include "proofs/vswap_slot.h"

namespace swapproofs {

namespace {

// --- table ------------------------------------------------------------------------------------

namespace tb = table;

// The slot as I2-I7 see it when `held` of its count belongs to an unfinished dup batch (its PTE
// not yet published): the invariants of the slot whose references include them.
// The strengthening: references never go below zero, so the count keeps the batch's `held`
// (every other put drops a reference its caller holds); without it the window's invariant would
// let a put take the batch's own increment and the rollback underflow.
std::vector<Labelled> held_invariants(const tb::Slot& s, const z3::expr& held, const z3::expr& max, const std::string& p) {
  tb::Slot shifted = s;
  shifted.refs = s.refs + held;
  std::vector<Labelled> out = tb::invariants(shifted, max, p);
  out.push_back({p + "held_count_kept", "an unfinished batch's increments stay counted: refs >= 0 besides them",
                 s.refs >= 0 && held >= 0});
  return out;
}

struct TwoSlots {
  z3::expr max;
  tb::Slot a, b;
  TwoSlots(z3::context& c, const std::string& pa, const std::string& pb)
      : max(int_var(c, "max")), a(tb::Slot::fresh(c, pa)), b(tb::Slot::fresh(c, pb)) {}
};

// Two slots of one cluster in `e`'s context: they share the cluster's extend table.
void add_pair(StepEncoding& e, const tb::Slot& a, const tb::Slot& b, const z3::expr& max, const std::string& pa,
              const std::string& pb, bool hypotheses) {
  e.context.push_back(tb::domain(a, max) && tb::domain(b, max) && a.has_ext == b.has_ext);
  if (hypotheses) {
    for (Labelled& l : tb::invariants(a, max, pa + ".")) e.hypotheses.push_back(l);
    for (Labelled& l : tb::invariants(b, max, pb + ".")) e.hypotheses.push_back(l);
  }
  for (const Field& f : a.fields(pa)) {
    e.shown.push_back(f);
    e.minimize.push_back(f.value);
  }
  for (const Field& f : b.fields(pb)) {
    e.shown.push_back(f);
    e.minimize.push_back(f.value);
  }
}

// swap_extend_table_try_free over the two slots, where `when` (the caller calls it): frees the
// table when every entry is 0.
void try_free(tb::Slot& a, tb::Slot& b, const z3::expr& when, const swapmodel::Mutations& m) {
  const Smt d(a.f.ctx());
  const z3::expr in_use = tb::step::extend_entry_in_use(d, a.ext) || tb::step::extend_entry_in_use(d, b.ext);
  for (tb::Slot* s : {&a, &b}) {
    const auto r = tb::step::extend_table_try_free(d, s->has_ext, in_use, s->ext, m);
    s->has_ext = z3::ite(when, r.slot.has_ext, s->has_ext);
    s->ext = z3::ite(when, r.slot.ext, s->ext);
  }
}

void goals_of(StepEncoding& e, const tb::Slot& a, const tb::Slot& b, const z3::expr& max) {
  for (Labelled& l : tb::invariants(a, max, "first.")) e.goals.push_back(l);
  for (Labelled& l : tb::invariants(b, max, "second.")) e.goals.push_back(l);
  for (const Field& f : a.fields("post.first")) e.shown.push_back(f);
  for (const Field& f : b.fields("post.second")) e.shown.push_back(f);
}

// The first slot counted by the batch, written under the lock (what __swap_cluster_dup_entry
// computes from the locked read).
tb::Slot counted(const tb::Slot& s, const z3::expr& max) {
  const tb::DupOut r = tb::dup_entry(s, max);
  tb::Slot out = s;
  out.f = r.f;
  out.ext = r.ext;
  return out;
}

// __swap_cluster_put_entry written back under the lock: the slot's count field and, when the
// put writes it, its extend-table entry. Returns what the put computed.
tb::PutOut put_written(tb::Slot& s, const z3::expr& max) {
  const tb::PutOut p = tb::put_entry(s.f, s.ext, max);
  s.f = p.f;
  s.ext = z3::ite(p.writes_ext, p.ext, s.ext);
  return p;
}

ClaimDef dup_enomem_batch_claim(const Knobs& k) {
  ClaimDef d{"table", "dup_enomem_batch",
             "swap_dup_entries_cluster over two slots dropping ci->lock on -ENOMEM for swap_extend_table_alloc, then the "
             "retry or the rollback and swap_extend_table_try_free",
             {}, {}, {}, ""};
  d.encode = [k](z3::context& c) {
    const TwoSlots v(c, "pre.first", "pre.second");
    StepEncoding e;
    e.shown = {{"max", v.max}};
    e.minimize = {v.max};
    add_pair(e, v.a, v.b, v.max, "pre.first", "pre.second", true);
    // Two slots of one batch: folio_dup_swap's, whose folio is locked in the swap cache (a fork's
    // swap_dup_entry_direct dups one slot). The first slot is counted; the second sits at MAX-1
    // with no extend table: -ENOMEM.
    e.context.push_back(v.a.kind == tb::kFolio && v.b.kind == tb::kFolio);
    e.context.push_back(tb::dup_entry(v.a, v.max).err == 0 && tb::dup_entry(v.b, v.max).err == -ENOMEM);
    const tb::Slot first = counted(v.a, v.max);
    const z3::expr one = num(c, 1);
    // Section 1 ends with ci->lock dropped: the first slot holds the batch's count (held 1).
    for (Labelled& l : held_invariants(first, one, v.max, "window_entry.")) {
      l.name = "strengthened." + l.name;
      e.goals.push_back(l);
    }
    // The window: other threads' steps, the extend table attached or freed; the strengthened
    // invariant holds of what section 2 finds (first: held 1; second: no batch).
    const tb::Slot a1 = tb::Slot::fresh(c, "window.first");
    const tb::Slot b1 = tb::Slot::fresh(c, "window.second");
    e.context.push_back(tb::domain(a1, v.max) && tb::domain(b1, v.max) && a1.has_ext == b1.has_ext);
    for (Labelled& l : held_invariants(a1, one, v.max, "window.first.")) e.hypotheses.push_back(l);
    for (Labelled& l : tb::invariants(b1, v.max, "window.second.")) e.hypotheses.push_back(l);
    // The folio lock holds across the window: both slots stay cached (only its holder deletes it
    // from the swap cache, table.cache_del.without_folio_locked) and no other swap-out has a PTE
    // in flight on them (table.put.without_folio_locked).
    e.preconditions.push_back({"folio_locked", "the batch's folio lock, held across the window, keeps both slots cached with no "
                                                "swap-out PTE in flight",
                               a1.kind == tb::kFolio && b1.kind == tb::kFolio && a1.pending == 0 && b1.pending == 0});
    for (const Field& f : a1.fields("window.first")) e.shown.push_back(f);
    for (const Field& f : b1.fields("window.second")) e.shown.push_back(f);
    // Section 2: swap_extend_table_alloc (its own ci->lock section attaches the table if the
    // cluster still has none) and the relock are in the window too: alloc_ok is its result, the
    // window state what the relock finds. The retry counts the second slot; a table freed again
    // meanwhile gives -ENOMEM and the loop goes round (the window state again); a failed
    // allocation rolls back.
    const z3::expr alloc_ok = bool_var(c, "alloc_ok");
    e.shown.push_back({"alloc_ok", alloc_ok});
    e.minimize.push_back(alloc_ok);
    const tb::DupOut retry = tb::dup_entry(b1, v.max);
    const z3::expr ok = alloc_ok && retry.err == 0;
    const z3::expr again = alloc_ok && retry.err == -ENOMEM;
    // Success: both PTEs are published (the first's held count becomes a reference).
    tb::Slot a_ok = a1, b_ok = b1;
    a_ok.refs = a1.refs + one;
    b_ok.f = retry.f;
    b_ok.ext = retry.ext;
    b_ok.refs = b1.refs + one;
    // Failure: the first slot is put back under the lock, then swap_extend_table_try_free
    // (skipped on -ENOMEM with fix dup_enomem_keeps_extend_table; the claims take the seed's path).
    tb::Slot a_bad = a1, b_bad = b1;
    put_written(a_bad, v.max);
    try_free(a_bad, b_bad, c.bool_val(true), k.mutations);
    tb::Slot a3 = a_ok, b3 = b_ok;
    for (auto [post, good, bad] : {std::tuple{&a3, &a_ok, &a_bad}, std::tuple{&b3, &b_ok, &b_bad}}) {
      post->kind = z3::ite(ok, good->kind, bad->kind);
      post->f = z3::ite(ok, good->f, bad->f);
      post->z = z3::ite(ok, good->z, bad->z);
      post->ext = z3::ite(ok, good->ext, bad->ext);
      post->has_ext = z3::ite(ok, good->has_ext, bad->has_ext);
      post->refs = z3::ite(ok, good->refs, bad->refs);
    }
    // Round again: nothing changed since the window, whose strengthened invariant holds.
    e.context.push_back(!again);
    goals_of(e, a3, b3, v.max);
    return e;
  };
  d.scenarios["folio_locked"] = scenario_reclaim_vs_reclaim;
  return d;
}

// The strengthening is inductive: the steps other threads can take on the batch's first slot
// while ci->lock is dropped keep it. The folio stays locked in the swap cache by the batch, so
// they are a zap's put (its PTE held) and a fork's swap_dup_entry_direct (its PTE held), each
// under ci->lock; a cache add, delete or free cannot touch a slot cached by a locked folio.
ClaimDef window_step_claim(const char* step, const char* doc, bool is_put) {
  ClaimDef d{"table", step, doc, {}, {}, {}, ""};
  d.encode = [is_put](z3::context& c) {
    const z3::expr max = int_var(c, "max");
    const tb::Slot s = tb::Slot::fresh(c, "pre");
    const z3::expr one = num(c, 1);
    StepEncoding e;
    e.shown = {{"max", max}};
    e.minimize = {max};
    e.context = {tb::domain(s, max)};
    // A zap's put needs both: the folio lock (cached, no swap-out PTE in flight) and its own PTE.
    // A fork's dup keeps the strengthening on any slot (proved without the folio lock): it only
    // adds, and the fork copies a PTE it holds under the PTL.
    if (is_put)
      e.preconditions = {{"folio_locked", "the batch's folio lock keeps the slot cached with no swap-out PTE in flight",
                          s.kind == tb::kFolio && s.pending == 0},
                         {"ptl_held", "the zap's PTL keeps the PTE whose reference it drops", s.refs >= 1}};
    else
      e.context.push_back(s.refs >= 1);
    e.hypotheses = held_invariants(s, one, max, "pre.");
    for (const Field& f : s.fields("pre")) {
      e.shown.push_back(f);
      e.minimize.push_back(f.value);
    }
    const tb::Slot post = is_put ? tb::put(s, s, max) : tb::dup(s, s, max, c.bool_val(true));
    for (const Field& f : post.fields("post")) e.shown.push_back(f);
    e.goals = held_invariants(post, one, max, "strengthened.");
    return e;
  };
  if (is_put) {
    d.scenarios["folio_locked"] = scenario_fault_vs_unlocked_swapout;
    d.scenarios["ptl_held"] = scenario_put_without_reference;
  }
  return d;
}

ClaimDef dup_error_try_free_claim(const Knobs& k) {
  ClaimDef d{"table", "dup_error_try_free",
             "swap_dup_entries_cluster's error path over two slots: __swap_cluster_put_entry of the counted one, then "
             "swap_extend_table_try_free",
             {}, {}, {}, ""};
  d.encode = [k](z3::context& c) {
    const TwoSlots v(c, "pre.first", "pre.second");
    StepEncoding e;
    e.shown = {{"max", v.max}};
    e.minimize = {v.max};
    add_pair(e, v.a, v.b, v.max, "pre.first", "pre.second", true);
    // The first slot was counted, the second failed (any error), all under one ci->lock.
    e.context.push_back(tb::dup_entry(v.a, v.max).err == 0 && tb::dup_entry(v.b, v.max).err != 0);
    tb::Slot a = counted(v.a, v.max), b = v.b;
    put_written(a, v.max);
    try_free(a, b, c.bool_val(true), k.mutations);
    goals_of(e, a, b, v.max);
    return e;
  };
  return d;
}

ClaimDef put_try_free_claim(const Knobs& k) {
  ClaimDef d{"table", "put_try_free",
             "__swap_cluster_put_entry on one slot, then swap_extend_table_try_free over the cluster (two slots)", {}, {}, {}, ""};
  d.encode = [k](z3::context& c) {
    const TwoSlots v(c, "pre.first", "pre.second");
    StepEncoding e;
    e.shown = {{"max", v.max}};
    e.minimize = {v.max};
    add_pair(e, v.a, v.b, v.max, "pre.first", "pre.second", true);
    // The caller's PTE (PTL held) and no swap-out in flight, under ci->lock (put_direct's
    // preconditions); the slot is put, not freed (a count-1 uncached slot is freed instead).
    const auto test = swapmodel::tb::step::put_entries_slot(Smt(c), tb::word(v.a));
    e.context.push_back(v.a.refs >= 1 && v.a.pending == 0 && !test.frees);
    tb::Slot a = v.a, b = v.b;
    const tb::PutOut p = put_written(a, v.max);
    a.refs = v.a.refs - 1;
    // The put asks for swap_extend_table_try_free when the count reaches MAX-2 or MAX-1.
    try_free(a, b, p.try_free_ext, k.mutations);
    goals_of(e, a, b, v.max);
    return e;
  };
  return d;
}

// --- vswap ------------------------------------------------------------------------------------

namespace vs = vswap;

// backing_consistent inside folio_realloc_swap's window: the physical run exists (its Pointer
// words name the slot, C clear) before the tag says SWAPFILE. `installing` counts that run.
Labelled window_backing(const vs::Slot& s, const z3::expr& installing, const std::string& p) {
  const z3::expr swapfile = s.vt == vs::kSwapfile;
  return {p + "backing_installing", "I12 in the realloc window: nptr = SWAPFILE + the run being installed, folio cached",
          in_range(s.vt, vs::kNone, vs::kZswap) && s.nptr == b2i(swapfile) + installing &&
              z3::implies(installing == 1, !swapfile && s.kind == table::kFolio && !s.cbit)};
}

// The realloc window's strengthening is inductive: a put or a dup of the slot (its folio stays
// locked by folio_realloc_swap's caller) keeps nptr = SWAPFILE + installing with C clear, because
// vswap_mark_cache_only and vswap_clear_cache_only see no SWAPFILE tag.
ClaimDef realloc_window_step_claim(const char* step, const char* doc, bool is_put, const Knobs& k) {
  ClaimDef d{"vswap", step, doc, {}, {}, {}, ""};
  d.encode = [is_put, k](z3::context& c) {
    const vs::Slot s = vs::Slot::fresh(c, "pre");
    const z3::expr one = num(c, 1);
    StepEncoding e;
    // The folio lock held across the window is in the strengthening itself (window_backing:
    // the slot being installed is cached), proved where section 2 creates it; neither it nor the
    // put's own PTE is needed again here (proved without either: the put and the dup leave the
    // Pointer words and, seeing no SWAPFILE tag, C alone). Both run under the vswap ci->lock.
    e.context = {vs::domain(s), s.cnt >= 0};
    e.hypotheses = {window_backing(s, one, "pre.")};
    e.shown = s.fields("pre");
    for (const Field& f : e.shown) e.minimize.push_back(f.value);
    const vs::Slot post = is_put ? vs::put(s, s) : vs::dup(s, s, k);
    for (const Field& f : post.fields("post")) e.shown.push_back(f);
    e.goals = {window_backing(post, one, "strengthened.")};
    return e;
  };
  return d;
}

ClaimDef realloc_sections_claim(const Knobs& k) {
  ClaimDef d{"vswap", "realloc_sections",
             "folio_realloc_swap's three critical sections: read the tag; allocate and charge the physical run with no "
             "vswap lock; install SWAPFILE",
             {}, {}, {}, ""};
  if (!k.fixes.vswap_realloc_marks_cache_only)
    d.findings["rmap_cache_only_accurate"] =
        "the install writes C clear on a slot a put took to count 0 in the window (vswap_mark_cache_only skipped it: the "
        "tag was not SWAPFILE): the stale hint the explorer found, harmless by I16";
  d.encode = [k](z3::context& c) {
    const vs::Slot s0 = vs::Slot::fresh(c, "pre");
    StepEncoding e;
    e.context = {vs::domain(s0)};
    e.hypotheses = vs::invariants(s0, "pre.");
    e.shown = s0.fields("pre");
    for (const Field& f : e.shown) e.minimize.push_back(f.value);
    // The caller: folio locked in the swap cache, Z cleared first (zswap writeback's slot is ZSWAP).
    e.context.push_back(s0.kind == table::kFolio && !s0.z);
    // Section 1 (vswap ci->lock): the tag read; a SWAPFILE slot returns at once.
    const Smt d(c);
    e.context.push_back(swapmodel::vt::step::realloc_allocates(d, s0.vt));
    // Section 2 (no vswap lock): __swap_cluster_alloc_entries writes PTR(v) with C clear, then
    // the charge (charge_ok) or, failing it, the free of the run again.
    const z3::expr charge_ok = bool_var(c, "charge_ok");
    e.shown.push_back({"charge_ok", charge_ok});
    e.minimize.push_back(charge_ok);
    vs::Slot w = s0;
    w.nptr = s0.nptr + 1;
    w.chg = s0.chg + b2i(s0.rec);
    const z3::expr one = num(c, 1);
    e.goals.push_back(window_backing(w, one, "window."));
    // The window: other threads dup and put the slot (its folio lock keeps it cached and its
    // tag, Z and record as they are); their vswap_mark_cache_only and vswap_clear_cache_only see
    // no SWAPFILE tag and leave C alone.
    const vs::Slot w1 = vs::Slot::fresh(c, "window");
    // (Its charge is the slot's before section 2: vs::realloc below charges at the install. No
    // other step reads the counter, so where in the sections the charge lands does not matter to
    // the slot's goals.)
    e.context.push_back(vs::domain(w1) && w1.cnt >= 0 && w1.chg == s0.chg);
    e.preconditions.push_back({"folio_locked",
                               "the caller's folio lock, held across the window: the slot stays cached, its tag, Z and record "
                               "as section 1 read them",
                               w1.kind == table::kFolio && w1.vt == s0.vt && w1.z == s0.z && w1.rec == s0.rec});
    e.hypotheses.push_back(window_backing(w1, one, "window."));
    for (const Field& f : w1.fields("window")) e.shown.push_back(f);
    // Section 3 (vswap ci->lock again): install SWAPFILE on what the window left.
    vs::Slot post = vs::realloc(w1, s0.vt, c.bool_val(true), k);
    post.nptr = w1.nptr;  // the run allocated in section 2 is the one installed
    // A failed charge ends in section 2: the run is freed again (unless realloc_no_charge_rollback).
    vs::Slot failed = s0;
    failed.nptr = s0.nptr + b2i(!c.bool_val(swapmodel::vt::step::realloc_rolls_back_charge_failure(k.mutations)));
    const vs::Slot out{z3::ite(charge_ok, post.kind, failed.kind), z3::ite(charge_ok, post.cnt, w1.cnt),
                       z3::ite(charge_ok, post.vt, failed.vt),     z3::ite(charge_ok, post.nptr, failed.nptr),
                       z3::ite(charge_ok, post.cbit, failed.cbit), z3::ite(charge_ok, post.z, failed.z),
                       z3::ite(charge_ok, post.rec, failed.rec),   z3::ite(charge_ok, post.chg, failed.chg)};
    for (const Field& f : out.fields("post")) e.shown.push_back(f);
    for (Labelled& l : vs::invariants(out, "")) e.goals.push_back(l);
    return e;
  };
  d.scenarios["folio_locked"] = scenario_vswap_reclaim_vs_reclaim;
  return d;
}

// --- desc -------------------------------------------------------------------------------------

ClaimDef dup_walk_claim(const Knobs& k) {
  ClaimDef d{"desc", "dup_walk",
             "swap_duplicate_nr over two descriptors: the second is being freed, the walk stops and swap_free_nr puts the "
             "first back",
             {}, {}, {}, ""};
  d.encode = [k](z3::context& c) {
    const desc::Desc d0 = desc::Desc::fresh(c, "pre.first");
    const desc::Desc d1 = desc::Desc::fresh(c, "pre.second");
    StepEncoding e;
    for (Labelled& l : desc::invariants(d0, "pre.first.")) e.hypotheses.push_back(l);
    for (Labelled& l : desc::invariants(d1, "pre.second.")) e.hypotheses.push_back(l);
    for (const Field& f : d0.fields("pre.first")) e.shown.push_back(f);
    for (const Field& f : d1.fields("pre.second")) e.shown.push_back(f);
    for (const Field& f : e.shown) e.minimize.push_back(f.value);
    // The caller (fork) holds the first entry's PTE; the second's refs reached 0 (its vswap_free
    // runs) before the walk's add_unless on it.
    e.context.push_back(d0.ptes >= 1 && d1.refs == 0);
    // The walk: one atomic add_unless per descriptor, in index order.
    const desc::Desc up0 = desc::dup(d0, d0.refs, k);
    const desc::AddUnless second = desc::dup_step(d1.refs, k);
    const desc::Desc up1 = desc::dup(d1, d1.refs, k);
    // `if (i && i < nr) swap_free_nr(entry, i)`: i is 2 when the second was counted, else 1, and
    // the rollback's walk over [entry, entry] puts the first back.
    const z3::expr rolls_back = desc::walk_rolls_back(1 + b2i(second.added), num(c, 2));
    const desc::Desc back0 = desc::free(up0);
    const desc::Desc out0{z3::ite(rolls_back, back0.refs, up0.refs), z3::ite(rolls_back, back0.ptes, up0.ptes), up0.pins,
                          z3::ite(rolls_back, back0.frees, up0.frees)};
    for (const Field& f : out0.fields("post.first")) e.shown.push_back(f);
    for (const Field& f : up1.fields("post.second")) e.shown.push_back(f);
    for (Labelled& l : desc::invariants(out0, "first.")) e.goals.push_back(l);
    for (Labelled& l : desc::invariants(up1, "second.")) e.goals.push_back(l);
    return e;
  };
  return d;
}

// A descriptor `mine` (0 or 1) of whose pins a range walk holds: the invariants, and the
// strengthening the walk's window needs: the walk's pin is one of the descriptor's pins (so it
// keeps refs >= 1 and the descriptor in vswap_map until the walk drops it). Inductive: see
// walk_window_claim.
std::vector<Labelled> walk_invariants(const desc::Desc& s, const z3::expr& mine, const std::string& p) {
  std::vector<Labelled> out = desc::invariants(s, p);
  out.push_back({p + "walk_pin_counted", "a pin the walk took is one of the descriptor's pins until the walk drops it",
                 in_range(mine, 0, 1) && mine <= s.pins});
  return out;
}

// swapcache_prepare(entry, 2) (the large direct swap-in's call, no PTL held: a zap may free
// either entry meanwhile). Index x of the range is present or a hole when the walk passes it
// (walk.x.present) and when the rollback passes it (rollback.x.present: a hole may have been
// reallocated by a swap-out). Each step is the model's: the walk's index tests (walk_last,
// walk_stops_at_hole), prepare_step's successful cmpxchg, walk_rolls_back, the rollback walk's
// clear_step and prepare_result. Between the walk's steps and its rollback other threads act:
// each descriptor is then an arbitrary state with the walk's strengthening (walk_window_*).
// Ghost: `mine` is 1 while the walk holds the descriptor's pin. A clear by the rollback drops
// the walk's pin if it holds one; on a descriptor it holds none of, the decrement takes a
// reference nobody gave up (pins unchanged). At the return, the caller owns the walk's pins iff
// the result is 0 (on an error the fault backs out and clears nothing): a pin still held then is
// nobody's (the goals see pins without it).
ClaimDef prepare_walk_claim(const Knobs& k) {
  ClaimDef d{"desc", "prepare_walk",
             "swapcache_prepare over two entries either of which may be freed (a hole in vswap_map) before the walk or its "
             "swapcache_clear rollback passes it: the xas_for_each walk, the rollback and the result",
             {}, {}, {}, ""};
  if (!k.fixes.desc_walk_stops_at_hole) {
    const std::string why =
        "finding 9 (fix desc_walk_stops_at_hole): xas_for_each skips the freed first entry, pins the second as if it were "
        "the first (i = 1), and swapcache_clear(entry, 1) walks the first entry's index only: ";
    d.findings["second.swap_refs_consistent"] = why + "the second's pin is kept after -ENOENT, nobody's";
    d.findings["second.pin_iff_success"] = why + "the walk returns -ENOENT holding the second's pin";
    d.findings["first.swap_refs_consistent"] =
        why + "if a swap-out reallocated the first index meanwhile, the rollback decrements that new descriptor's refs";
    d.findings["first.count_matches_references"] =
        why + "the reallocated descriptor's decrement, with no pin to drop, takes a PTE's count reference";
    d.findings["first.count_nonnegative"] =
        why + "the reallocated descriptor may already be at 0 (its vswap_free running): the decrement makes it -1";
    d.scenarios["second.swap_refs_consistent"] = scenario_desc_walk_hole;
  }
  d.encode = [k](z3::context& c) {
    StepEncoding e;
    const z3::expr first = int_var(c, "entry");
    const z3::expr nr = num(c, 2);
    e.context.push_back(first >= 1);
    e.shown.push_back({"entry", first});
    const char* names[2] = {"first", "second"};
    // The walk: xas_for_each from `first` to walk_last, present indices only; i counts the pins.
    const z3::expr last = desc::walk_last(first, nr);
    z3::expr i = num(c, 0), ret = num(c, 0), going = c.bool_val(true);
    std::vector<z3::expr> mine, present_rb;
    std::vector<desc::Desc> window;
    for (int x = 0; x < 2; ++x) {
      const std::string n = names[x];
      const z3::expr index = first + x;
      const z3::expr present = bool_var(c, "walk." + n + ".present");
      // The descriptor at the index when the walk's cmpxchg succeeds (desc.prepare's cmpxchg_matched).
      const desc::Desc cur = desc::Desc::fresh(c, "walk." + n);
      for (Labelled& l : desc::invariants(cur, "walk." + n + ".")) e.hypotheses.push_back(l);
      e.shown.push_back({"walk." + n + ".present", present});
      e.minimize.push_back(present);
      for (const Field& f : cur.fields("walk." + n)) {
        e.shown.push_back(f);
        e.minimize.push_back(f.value);
      }
      const z3::expr visit = going && present && index <= last;
      const z3::expr stop = desc::walk_stops_at_hole(index, first, i, k);
      const z3::expr runs = visit && !stop;
      const desc::PrepareStep step = desc::prepare_step(cur.refs);
      const z3::expr pinned = runs && step.err == 0;
      ret = z3::ite(runs, step.err, ret);
      going = going && !(visit && stop) && !(runs && step.err != 0);
      i = i + b2i(pinned);
      mine.push_back(b2i(pinned));
      const desc::Desc after = desc::prepare(cur, cur.refs);
      const desc::Desc stepped{z3::ite(runs, after.refs, cur.refs), cur.ptes, z3::ite(runs, after.pins, cur.pins), cur.frees};
      for (Labelled& l : walk_invariants(stepped, mine.back(), "strengthened." + n + ".")) e.goals.push_back(l);
      // The window, up to the rollback: other threads' steps (walk_window_*) keep the strengthening.
      const desc::Desc w = desc::Desc::fresh(c, "window." + n);
      for (Labelled& l : walk_invariants(w, mine.back(), "window." + n + ".")) e.hypotheses.push_back(l);
      for (const Field& f : w.fields("window." + n)) {
        e.shown.push_back(f);
        e.minimize.push_back(f.value);
      }
      window.push_back(w);
      // A descriptor whose pin the walk holds has refs >= 1: vswap_free (which erases the index)
      // has not run. Any other index may be a hole, or hold a new descriptor, at the rollback.
      present_rb.push_back(bool_var(c, "rollback." + n + ".present"));
      e.context.push_back(z3::implies(mine.back() == 1, present_rb.back()));
      e.shown.push_back({"rollback." + n + ".present", present_rb.back()});
      e.minimize.push_back(present_rb.back());
    }
    e.shown.push_back({"i", i});
    // `if (i && i < nr) swapcache_clear(entry, i)`: a walk over [entry, walk_last(entry, i)].
    const z3::expr rolls_back = desc::walk_rolls_back(i, nr);
    const z3::expr rlast = desc::walk_last(first, i);
    z3::expr rgoing = rolls_back, visited = num(c, 0);
    const z3::expr result = desc::prepare_result(i, nr, ret);
    e.shown.push_back({"result", result});
    for (int x = 0; x < 2; ++x) {
      const std::string n = names[x];
      const desc::Desc& w = window[static_cast<std::size_t>(x)];
      const z3::expr& m = mine[static_cast<std::size_t>(x)];
      const z3::expr index = first + x;
      const z3::expr visit = rgoing && present_rb[static_cast<std::size_t>(x)] && index <= rlast;
      const z3::expr stop = desc::walk_stops_at_hole(index, first, visited, k);
      const z3::expr runs = visit && !stop;
      rgoing = rgoing && !(visit && stop);
      visited = visited + b2i(runs);
      const desc::DecResult r = desc::clear_step(w.refs);
      const z3::expr dropped = z3::ite(runs, m, num(c, 0));  // the walk's pin, if it holds one
      const z3::expr held = m - dropped;                      // the walk's pin at the return
      // The caller owns the walk's pins iff the result is 0; a pin held past an error is nobody's.
      const z3::expr orphan = z3::ite(result == 0, num(c, 0), held);
      const desc::Desc post{z3::ite(runs, r.refs, w.refs), w.ptes, w.pins - dropped - orphan,
                            w.frees + z3::ite(runs, b2i(r.freed), num(c, 0))};
      for (const Field& f : post.fields("post." + n)) e.shown.push_back(f);
      for (Labelled& l : desc::invariants(post, n + ".")) e.goals.push_back(l);
      e.goals.push_back({n + ".pin_iff_success",
                         "the walk returns holding a pin of the entry iff it returns 0 (the caller clears exactly those)",
                         held == b2i(result == 0)});
    }
    return e;
  };
  return d;
}

// The walk's strengthening is inductive: what other threads do to a descriptor while the walk
// holds `mine` of its pins, each step under its own per-step discipline (desc.dup's atomic
// add_unless, desc.free's PTE reference, desc.clear's own pin, desc.prepare's matched cmpxchg),
// keeps the walk's pin among the descriptor's pins. (A clear without a pin of its own is the
// faithful walk's rollback: desc.prepare_walk's finding.)
enum class WindowStep { Dup, Free, Clear, Prepare };

ClaimDef walk_window_claim(const char* step, const char* doc, WindowStep which, const Knobs& k) {
  ClaimDef d{"desc", step, doc, {}, {}, {}, ""};
  d.encode = [which, k](z3::context& c) {
    const desc::Desc s = desc::Desc::fresh(c, "pre");
    const z3::expr mine = int_var(c, "walk.mine");
    StepEncoding e;
    e.hypotheses = walk_invariants(s, mine, "pre.");
    e.shown = s.fields("pre");
    e.shown.push_back({"walk.mine", mine});
    for (const Field& f : e.shown) e.minimize.push_back(f.value);
    const desc::Desc post = [&] {
      switch (which) {
        case WindowStep::Dup: return desc::dup(s, s.refs, k);
        case WindowStep::Free:
          e.preconditions.push_back({"holds_pte_ref", "the zap's PTL keeps the PTE whose reference it drops", s.ptes >= 1});
          return desc::free(s);
        case WindowStep::Clear:
          e.preconditions.push_back({"holds_own_pin", "the clearer holds a pin of its own, not the walk's", s.pins - mine >= 1});
          return desc::clear(s);
        case WindowStep::Prepare: break;
      }
      return desc::prepare(s, s.refs);
    }();
    for (const Field& f : post.fields("post")) e.shown.push_back(f);
    e.goals = walk_invariants(post, mine, "strengthened.");
    return e;
  };
  if (which == WindowStep::Free) d.scenarios["holds_pte_ref"] = scenario_desc_free_cache_only;
  if (which == WindowStep::Clear) d.scenarios["holds_own_pin"] = scenario_desc_clear_without_pin;
  return d;
}

// The seed's readers of swap_refs, on a live descriptor: what each tells its caller.
ClaimDef readers_claim(const Knobs& k) {
  ClaimDef d{"desc", "readers",
             "folio_swapped, vswap_swapcache_only and non_swapcache_batch's stop test on one live descriptor", {}, {}, {}, ""};
  d.encode = [k](z3::context& c) {
    const desc::Desc d0 = desc::Desc::fresh(c, "pre");
    StepEncoding e;
    e.hypotheses = desc::invariants(d0, "pre.");
    e.shown = d0.fields("pre");
    for (const Field& f : e.shown) e.minimize.push_back(f.value);
    e.context.push_back(d0.frees == 0);
    e.goals = {{"swapped_iff_mapped", "folio_swapped: some PTE holds the entry", desc::swapped(d0.refs) == (d0.ptes > 0)},
               {"swapcache_only_iff_pinned_unmapped", "vswap_swapcache_only: pinned, no PTE",
                desc::swapcache_only(d0.refs) == (d0.pins == 1 && d0.ptes == 0)},
               // Seed 001's test stops at a descriptor that is mapped and NOT in the swap cache
               // (its comment says the opposite; fix desc_non_swapcache_batch_fixed follows the comment).
               {"non_swapcache_stops_as_coded",
                k.fixes.desc_non_swapcache_batch_fixed ? "stops at a pinned or unmapped descriptor (the fix)"
                                                       : "stops at a mapped, unpinned descriptor (the seed's code)",
                desc::non_swapcache_stops(d0.refs, k) ==
                    (k.fixes.desc_non_swapcache_batch_fixed ? (d0.pins == 1 || d0.ptes == 0) : (d0.pins == 0 && d0.ptes > 0))}};
    return e;
  };
  return d;
}

// __vswap_check_backing's per-slot type on a consistent slot: SWAPFILE exactly when a physical
// Pointer names it, ZERO exactly when the zero flag stands alone.
ClaimDef check_backing_claim() {
  ClaimDef d{"vswap", "check_backing", "__vswap_check_backing's per-slot effective type on one slot (P2)", {}, {}, {}, ""};
  d.encode = [](z3::context& c) {
    const vs::Slot s0 = vs::Slot::fresh(c, "pre");
    StepEncoding e;
    e.context = {vs::domain(s0)};
    e.hypotheses = vs::invariants(s0, "pre.");
    e.shown = s0.fields("pre");
    for (const Field& f : e.shown) e.minimize.push_back(f.value);
    const z3::expr t = swapmodel::vt::step::effective_type(Smt(c), s0.vt, swapmodel::tb::step::Word<Smt>{s0.kind, s0.cnt, s0.z});
    e.shown.push_back({"type", t});
    e.goals = {{"swapfile_iff_backed", "VSWAP_SWAPFILE iff one physical Pointer names the slot", (t == vs::kSwapfile) == (s0.nptr == 1)},
               {"zero_iff_flag", "VSWAP_ZERO (3) iff the zero flag", (t == 3) == s0.z}};
    return e;
  };
  return d;
}

}  // namespace

std::vector<ClaimDef> table_section_claims(const Knobs& k) {
  return {dup_enomem_batch_claim(k),
          window_step_claim("window_put", "a zap's put on the dup batch's first slot while ci->lock is dropped", true),
          window_step_claim("window_dup", "a fork's swap_dup_entry_direct on the dup batch's first slot while ci->lock is dropped",
                            false),
          dup_error_try_free_claim(k), put_try_free_claim(k)};
}
std::vector<ClaimDef> vswap_section_claims(const Knobs& k) {
  return {realloc_sections_claim(k),
          realloc_window_step_claim("realloc_window_put", "a put of the slot inside folio_realloc_swap's window", true, k),
          realloc_window_step_claim("realloc_window_dup", "a dup of the slot inside folio_realloc_swap's window", false, k),
          check_backing_claim()};
}
std::vector<ClaimDef> desc_section_claims(const Knobs& k) {
  return {dup_walk_claim(k),
          prepare_walk_claim(k),
          walk_window_claim("walk_window_dup", "a fork's swap_duplicate_nr on a descriptor a range walk holds a pin of",
                            WindowStep::Dup, k),
          walk_window_claim("walk_window_free", "a zap's swap_free_nr on a descriptor a range walk holds a pin of",
                            WindowStep::Free, k),
          walk_window_claim("walk_window_clear",
                            "another holder's swapcache_clear (its own pin) on a descriptor a range walk holds a pin of",
                            WindowStep::Clear, k),
          walk_window_claim("walk_window_prepare", "another fault's swapcache_prepare on a descriptor a range walk holds a pin of",
                            WindowStep::Prepare, k),
          readers_claim(k)};
}

}  // namespace swapproofs
