// The swap-table steps (table_steps.h). Each follows the model function named in the header,
// which follows mm/swapfile.c and mm/swap_state.c.
#include "proofs/table_steps.h"

namespace swapproofs::table {

namespace {

z3::expr zero(const Slot& s) { return num(s.f.ctx(), 0); }
z3::expr one(const Slot& s) { return num(s.f.ctx(), 1); }

}  // namespace

Slot alloc(const Slot& cur) {
  Slot s = cur.with_word(num(cur.f.ctx(), kFolio), cur.f, cur.z);
  s.cachers = cur.cachers + one(cur);
  return s;
}

Slot alloc_hibernation(const Slot& cur) {
  Slot s = cur.with_word(num(cur.f.ctx(), kShadow), one(cur), cur.f.ctx().bool_val(false));
  s.refs = cur.refs + one(cur);
  return s;
}

Slot dup(const Slot& cur, const Slot& seen, const z3::expr& max, const z3::expr& batch_ok) {
  const DupOut r = dup_entry(seen.kind, seen.f, seen.has_ext, seen.ext, max);
  const z3::expr ok = r.err == 0;
  // At MAX-1 the extend-table entry is written before the word says to look at it.
  const z3::expr writes_ext = ok && r.ext != seen.ext;
  const z3::expr writes_word = ok && r.f != seen.f;
  Slot s = cur.with_word(z3::ite(writes_word, seen.kind, cur.kind), z3::ite(writes_word, r.f, cur.f),
                         z3::ite(writes_word, seen.z, cur.z));
  s.ext = z3::ite(writes_ext, r.ext, cur.ext);
  // A later slot of the batch failed: swap_dup_entries_cluster puts this one back under the
  // same lock (dup_rollback proves that restores it when I3 holds).
  const z3::expr rolls_back = ok && !batch_ok;
  const PutOut p = put_entry(s.f, s.ext, max);
  const z3::expr back_ext = rolls_back && s.f == max && p.ext != s.ext;
  const z3::expr back_word = rolls_back && p.f != s.f;
  s.ext = z3::ite(back_ext, p.ext, s.ext);
  s.f = z3::ite(back_word, p.f, s.f);
  s.refs = cur.refs + b2i(ok && batch_ok);
  return s;
}

Slot put(const Slot& cur, const Slot& seen, const z3::expr& max) {
  // swp_tb_get_count(w) == 1 on a word that is not PFN: freed with the batch, no put.
  const z3::expr frees = seen.f == 1 && seen.kind != kFolio;
  const PutOut p = put_entry(seen.f, seen.ext, max);
  const z3::expr writes_word = !frees && p.f != seen.f;
  const z3::expr writes_ext = !frees && seen.f == max && p.ext != seen.ext;
  z3::context& c = cur.f.ctx();
  Slot s = cur.with_word(z3::ite(frees, num(c, kNull), z3::ite(writes_word, seen.kind, cur.kind)),
                         z3::ite(frees, zero(cur), z3::ite(writes_word, p.f, cur.f)),
                         z3::ite(frees, c.bool_val(false), z3::ite(writes_word, seen.z, cur.z)));
  s.ext = z3::ite(writes_ext, p.ext, cur.ext);
  s.refs = cur.refs - one(cur);
  return s;
}

Slot cache_add(const Slot& cur) {
  Slot s = cur.with_word(num(cur.f.ctx(), kFolio), cur.f, cur.z);
  s.cachers = cur.cachers + one(cur);
  return s;
}

Slot cache_del(const Slot& cur, const Slot& seen) {
  // The Shadow keeps the count and Z; with no count left the slot is freed at once.
  const z3::expr frees = seen.f == 0;
  z3::context& c = cur.f.ctx();
  Slot s = cur.with_word(z3::ite(frees, num(c, kNull), num(c, kShadow)), z3::ite(frees, zero(cur), seen.f),
                         z3::ite(frees, c.bool_val(false), seen.z));
  s.cachers = cur.cachers - one(cur);
  return s;
}

Slot free_slot(const Slot& cur, const Slot& seen) {
  Slot s = cur.with_word(num(cur.f.ctx(), kNull), zero(cur), cur.f.ctx().bool_val(false));
  s.refs = cur.refs - b2i(seen.f >= 1);
  return s;
}

Slot ext_alloc(const Slot& cur) {
  Slot s = cur;
  s.has_ext = cur.f.ctx().bool_val(true);
  s.ext = zero(cur);
  return s;
}

Slot ext_try_free(const Slot& cur) {
  Slot s = cur;
  s.has_ext = cur.f.ctx().bool_val(false);
  s.ext = zero(cur);
  return s;
}

z3::expr add_check_ok(const Slot& seen) { return seen.kind != kFolio && seen.f != 0; }

}  // namespace swapproofs::table
