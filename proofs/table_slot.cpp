// The swap-table slot, its arithmetic and its invariants (table_slot.h).
#include "proofs/table_slot.h"


namespace swapproofs::table {

Slot Slot::fresh(z3::context& c, const std::string& p) {
  return Slot{int_var(c, p + ".kind"),    int_var(c, p + ".f"),    bool_var(c, p + ".z"),
              int_var(c, p + ".ext"),     bool_var(c, p + ".has_ext"), int_var(c, p + ".refs"),
              int_var(c, p + ".pending"), int_var(c, p + ".cachers")};
}

Fields Slot::fields(const std::string& p) const {
  return {{p + ".kind", kind}, {p + ".f", f},           {p + ".z", z},
          {p + ".ext", ext},   {p + ".has_ext", has_ext}, {p + ".refs", refs},
          {p + ".pending", pending}, {p + ".cachers", cachers}};
}

Fields Slot::slot_fields(const std::string& p) const {
  return {{p + ".kind", kind}, {p + ".f", f}, {p + ".z", z}, {p + ".ext", ext}, {p + ".has_ext", has_ext}};
}

Slot Slot::with_word(const z3::expr& kind_, const z3::expr& f_, const z3::expr& z_) const {
  Slot s = *this;
  s.kind = kind_;
  s.f = f_;
  s.z = z_;
  return s;
}

z3::expr count(const Slot& s, const z3::expr& max) { return z3::ite(s.f == max, s.ext, s.f); }

z3::expr same_slot(const Slot& a, const Slot& b) {
  return a.kind == b.kind && a.f == b.f && a.z == b.z && a.ext == b.ext && a.has_ext == b.has_ext;
}

step::Word<Smt> word(const Slot& s) { return step::Word<Smt>{s.kind, s.f, s.z}; }

DupOut dup_entry(const Slot& seen, const z3::expr& max) {
  const auto r = step::dup_entry(Smt(max.ctx()), word(seen), seen.has_ext, seen.ext, max);
  return DupOut{r.err, r.field, r.ext};
}

PutOut put_entry(const z3::expr& f, const z3::expr& ext, const z3::expr& max) {
  const auto r = step::put_entry(Smt(f.ctx()), f, ext, max);
  return PutOut{r.field, r.ext, r.count, r.writes_ext, r.try_free_ext};
}

z3::expr domain(const Slot& s, const z3::expr& max) { return in_range(max, 2, 15) && in_range(s.kind, kNull, kFolio); }

std::vector<Labelled> invariants(const Slot& s, const z3::expr& max, const std::string& p) {
  const z3::expr cnt = count(s, max);
  return {
      // The field never holds a put at count 0 (-1, field 15), and at the limit the extend
      // table holds a count that large (the model's count_nonnegative).
      {p + "count_nonnegative", "no count below zero",
       s.f >= 0 && s.f <= max && z3::implies(s.f == max, s.ext >= max)},
      // I3: the extend table is used exactly above the field, and exists when it is.
      {p + "extend_table_consistent", "I3: ext is used exactly at the limit",
       s.ext >= 0 && z3::implies(s.f < max, s.ext == 0) && z3::implies(s.f == max, s.has_ext) &&
           z3::implies(!s.has_ext, s.ext == 0)},
      // I2 and the free slot: NULL is all zero, a Shadow has a count (count 0 is NULL or PFN).
      {p + "count_matches_format", "I2: a free slot is zero, a Shadow slot has a count",
       z3::implies(s.kind == kNull, s.f == 0 && !s.z) && z3::implies(s.kind == kShadow, cnt >= 1)},
      // The count is the references that were counted; the rest are a swap-out's in flight.
      {p + "count_matches_references", "count + pending == refs; pending only on a cached slot",
       s.pending >= 0 && cnt + s.pending == s.refs && z3::implies(s.pending > 0, s.kind == kFolio)},
      // I7 per slot: exactly one folio caches a PFN slot, none any other.
      {p + "swapcache_consistent", "I7: one folio per PFN slot, none otherwise",
       s.cachers == z3::ite(s.kind == kFolio, num(s.f.ctx(), 1), num(s.f.ctx(), 0))},
  };
}

}  // namespace swapproofs::table
