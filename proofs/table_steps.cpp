// The swap-table steps (table_steps.h): the model's shared transitions (model/swap_count_steps.h)
// composed as the model function named in the header composes them, on z3 terms.
#include "proofs/table_steps.h"

namespace swapproofs::table {

namespace {

z3::expr one(const Slot& s) { return num(s.f.ctx(), 1); }
Smt dom(const Slot& s) { return Smt(s.f.ctx()); }

// `cur` with the word a shared transition computed.
Slot written(const Slot& cur, const step::Word<Smt>& w) { return cur.with_word(w.kind, w.field, w.zero); }

// The slot after a choice: `a` where `c` holds, else `b`.
Slot choose(const z3::expr& c, const Slot& a, const Slot& b) {
  return Slot{z3::ite(c, a.kind, b.kind), z3::ite(c, a.f, b.f),           z3::ite(c, a.z, b.z),
              z3::ite(c, a.ext, b.ext),   z3::ite(c, a.has_ext, b.has_ext), z3::ite(c, a.refs, b.refs),
              z3::ite(c, a.pending, b.pending), z3::ite(c, a.cachers, b.cachers)};
}

}  // namespace

Slot alloc(const Slot& cur) {
  // __swap_cluster_alloc_entries adds the folio with __swap_cache_do_add_folio.
  Slot s = written(cur, step::cache_add_word(dom(cur), word(cur)));
  s.cachers = cur.cachers + one(cur);
  return s;
}

Slot alloc_hibernation(const Slot& cur) {
  Slot s = written(cur, step::hibernation_word(dom(cur)));
  s.refs = cur.refs + one(cur);
  return s;
}

Slot dup(const Slot& cur, const Slot& seen, const z3::expr& max, const z3::expr& batch_ok) {
  // __swap_cluster_dup_entry: computed from the locked read, written only where it differs.
  const DupOut r = dup_entry(seen, max);
  const z3::expr ok = r.err == 0;
  const z3::expr writes_ext = ok && r.ext != seen.ext;
  const z3::expr writes_word = ok && r.f != seen.f;
  Slot s = cur.with_word(z3::ite(writes_word, seen.kind, cur.kind), z3::ite(writes_word, r.f, cur.f),
                         z3::ite(writes_word, seen.z, cur.z));
  s.ext = z3::ite(writes_ext, r.ext, cur.ext);
  // A later slot of the batch failed: swap_dup_entries_cluster puts this one back under the
  // same lock with __swap_cluster_put_entry (dup_rollback proves that restores it when I3 holds).
  const z3::expr rolls_back = ok && !batch_ok;
  const PutOut p = put_entry(s.f, s.ext, max);
  s.ext = z3::ite(rolls_back && p.writes_ext, p.ext, s.ext);
  s.f = z3::ite(rolls_back && p.f != s.f, p.f, s.f);
  s.refs = cur.refs + b2i(ok && batch_ok);
  return s;
}

Slot put(const Slot& cur, const Slot& seen, const z3::expr& max) {
  // swap_put_entries_cluster's test: a count-1 slot that is not cached joins the batch freed by
  // __swap_cluster_free_entries without a put.
  const auto test = step::put_entries_slot(dom(cur), word(seen));
  const PutOut p = put_entry(seen.f, seen.ext, max);
  const z3::expr writes_word = !test.frees && p.f != seen.f;
  const z3::expr writes_ext = !test.frees && p.writes_ext;
  Slot kept = cur.with_word(z3::ite(writes_word, seen.kind, cur.kind), z3::ite(writes_word, p.f, cur.f),
                            z3::ite(writes_word, seen.z, cur.z));
  kept.ext = z3::ite(writes_ext, p.ext, cur.ext);
  Slot s = choose(test.frees, written(cur, step::free_entries_slot(dom(cur), word(seen)).word), kept);
  s.refs = cur.refs - one(cur);
  return s;
}

Slot cache_add(const Slot& cur) {
  Slot s = written(cur, step::cache_add_word(dom(cur), word(cur)));
  s.cachers = cur.cachers + one(cur);
  return s;
}

Slot cache_del(const Slot& cur, const Slot& seen) {
  // __swap_cache_do_del_folio: the Shadow keeps the count and Z; a slot with no count left is
  // then freed by __swap_cluster_free_entries.
  const auto del = step::cache_del_slot(dom(cur), word(seen));
  const Slot shadow = written(cur, del.word);
  Slot s = choose(del.swapped, shadow, written(cur, step::free_entries_slot(dom(cur), del.word).word));
  s.cachers = cur.cachers - one(cur);
  return s;
}

Slot free_slot(const Slot& cur, const Slot& seen) {
  Slot s = written(cur, step::free_entries_slot(dom(cur), word(cur)).word);
  s.refs = cur.refs - b2i(seen.f >= 1);
  return s;
}

Slot ext_alloc(const Slot& cur, const Slot& seen, const z3::expr& max) {
  // swap_extend_table_alloc's locked section: the test on the locked read, the attach on the
  // slot as it is at the write (the cluster's table is allocated: the slot exists).
  const Smt d = dom(cur);
  const z3::expr attaches = step::extend_table_attaches(
      d, d.truth(true), [&] { return seen.f; }, [&] { return seen.has_ext; }, max);
  const auto after = step::extend_table_attach(d, attaches, cur.has_ext, cur.ext);
  Slot s = cur;
  s.has_ext = after.has_ext;
  s.ext = after.ext;
  return s;
}

Slot ext_try_free(const Slot& cur, const Slot& seen, const z3::expr& others_in_use, const swapmodel::Mutations& m) {
  // swap_extend_table_try_free: the scan on the locked read (this slot's entry and the others'),
  // the free on the slot as it is at the write.
  const Smt d = dom(cur);
  const z3::expr in_use = step::extend_entry_in_use(d, seen.ext) || others_in_use;
  const auto r = step::extend_table_try_free(d, seen.has_ext, in_use, cur.ext, m);
  Slot s = cur;
  s.has_ext = z3::ite(r.frees, r.slot.has_ext, cur.has_ext);
  s.ext = r.slot.ext;
  return s;
}

z3::expr add_check_ok(const Slot& seen) { return step::add_check_target(dom(seen), word(seen)) == 0; }

}  // namespace swapproofs::table
