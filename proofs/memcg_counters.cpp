// One memcg's swap counters (memcg_counters.h): model/memcg_steps.h's decisions on z3 terms, composed as
// model/memcg.cpp and seed 004 P4 compose them.
#include "proofs/memcg_counters.h"

#include "model/memcg_steps.h"
#include "proofs/smt_domain.h"

namespace swapproofs::memcg {

Counters Counters::fresh(z3::context& c, const std::string& p) {
  return Counters{int_var(c, p + ".usage"), int_var(c, p + ".idref"), bool_var(c, p + ".online"),
                  int_var(c, p + ".rd"),    int_var(c, p + ".rv"),    int_var(c, p + ".sv")};
}

Fields Counters::fields(const std::string& p) const {
  return {{p + ".usage", usage}, {p + ".idref", idref}, {p + ".online", online},
          {p + ".rd", rd},       {p + ".rv", rv},       {p + ".sv", sv}};
}

namespace {

namespace step = swapmodel::memcg_step;
Smt dom(const Counters& m) { return Smt(m.usage.ctx()); }

// mem_cgroup_private_id_get_online(M, nr): the reference goes to M unless its refcount reached
// 0 (then to its parent, the root here, whose counters nobody checks).
z3::expr takes_ref(const Counters& m, const Knobs& k) { return step::private_id_get_takes(dom(m), m.idref, k.mutations); }

z3::expr times(const z3::expr& n, const z3::expr& b) { return z3::ite(b, n, num(n.ctx(), 0)); }

}  // namespace

// page_counter_try_charge on M (below the root): the charge is kept unless it went over.
z3::expr fits(const Counters& m, const Setting& s, const z3::expr& nr) { return !step::over_limit(dom(m), m.usage + nr, s.limit); }

Counters charge_direct(const Counters& m, const Setting& s, const z3::expr& nr, const z3::expr& already, const Knobs& k) {
  // v1 charges memsw at swap-out instead; a charge over the limit is undone and fails.
  const z3::expr ok = step::charges_swap_counter(dom(m), s.v1) && takes_ref(m, k) && fits(m, s, nr);
  Counters r = m;
  r.usage = m.usage + times(nr, ok);
  r.idref = m.idref + times(nr, ok);
  r.rd = m.rd + times(nr - already, ok);
  return r;
}

Counters uncharge_direct(const Counters& m, const z3::expr& n) {
  // mem_cgroup_uncharge_swap: page_counter_uncharge, then mem_cgroup_private_id_put.
  Counters r = m;
  r.usage = m.usage + step::uncharge_delta(dom(m), n);
  r.idref = m.idref + step::private_id_put_delta(dom(m), n);
  r.rd = m.rd - n;
  return r;
}

Counters swapout_v1(const Counters& m, const z3::expr& nr, const z3::expr& already, const Knobs& k) {
  // page_counter_charge: memsw moves from memory to swap, no limit check.
  const z3::expr ok = takes_ref(m, k);
  Counters r = m;
  r.usage = m.usage + times(nr, ok);
  r.idref = m.idref + times(nr, ok);
  r.rd = m.rd + times(nr - already, ok);
  return r;
}

Counters offline(const Counters& m) {
  // mem_cgroup_css_offline: online cleared, then mem_cgroup_private_id_put(M, 1).
  Counters r = m;
  r.online = m.online.ctx().bool_val(false);
  r.idref = m.idref + step::private_id_put_delta(dom(m), num(m.idref.ctx(), 1));
  return r;
}

Counters record(const Counters& m, const z3::expr& nr, const z3::expr& already, const Knobs& k) {
  const z3::expr ok = takes_ref(m, k);
  Counters r = m;
  r.idref = m.idref + times(nr, ok);
  r.rv = m.rv + times(nr - already, ok);
  return r;
}

Counters charge_phys(const Counters& m, const Setting& s, const z3::expr& nr, const z3::expr& backed) {
  // A failed charge frees the new physical slots again: nothing changes.
  const z3::expr ok = fits(m, s, nr);
  Counters r = m;
  r.usage = m.usage + times(nr, ok);
  r.sv = m.sv + times(nr - backed, ok);
  return r;
}

Counters uncharge_phys(const Counters& m, const Setting& s, const z3::expr& k) {
  // vswap_uncharge_cgroup_batch(M, batch_nr, batch_nr_swapfile) for a batch of k SWAPFILE slots.
  const z3::expr n = step::uncharge_batch_count(dom(m), s.v1, k, k);
  Counters r = m;
  r.usage = m.usage + step::uncharge_delta(dom(m), n);  // mem_cgroup_uncharge_backing_phys_swap
  r.sv = m.sv - k;
  return r;
}

Counters id_put(const Counters& m, const z3::expr& n) {
  // __mem_cgroup_id_put_swap: mem_cgroup_private_id_put(M, n).
  Counters r = m;
  r.idref = m.idref + step::private_id_put_delta(dom(m), n);
  r.rv = m.rv - n;
  return r;
}

std::vector<Labelled> invariants(const Counters& m, const Setting& s, const std::string& p) {
  return {
      {p + "charge_balanced",
       "I17: usage = direct slots + backed vswap slots; id refs = recorded slots + online; nothing negative",
       m.usage == m.rd + m.sv && m.idref == m.rd + m.rv + b2i(m.online) && m.rd >= 0 && m.rv >= 0 && m.sv >= 0 &&
           m.sv <= m.rv && z3::implies(s.v1, m.rv == 0)},
  };
}

}  // namespace swapproofs::memcg
