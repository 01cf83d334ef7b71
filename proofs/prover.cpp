// Obligations discharged by refutation (prover.h).
#include "proofs/prover.h"

#include <set>

#include "proofs/smt_domain.h"

namespace swapproofs {

namespace {

constexpr const char* kHypothesis = "inv:";
constexpr const char* kPrecondition = "pre:";

struct Labels {
  std::vector<z3::expr> exprs;
  std::vector<std::string> names;  // parallel to exprs, with their kind prefix
};

z3::expr_vector assumptions(z3::context& c, const Labels& l, const std::string& leave_out) {
  z3::expr_vector v(c);
  for (std::size_t i = 0; i < l.exprs.size(); ++i)
    if (l.names[i] != leave_out) v.push_back(l.exprs[i]);
  return v;
}

// Shrinks the current model of `s` (which is sat under `as`) so that each term of `order` takes
// its smallest absolute value (false for Booleans), the earlier terms first. The constraints
// pinning each term stay asserted: the caller pops them.
void minimise(z3::solver& s, const z3::expr_vector& as, const std::vector<z3::expr>& order) {
  for (const z3::expr& x : order) {
    if (x.is_bool()) {
      s.push();
      s.add(!x);
      const bool can_be_false = s.check(as) == z3::sat;
      s.pop();
      s.add(can_be_false ? !x : x);
      continue;
    }
    if (s.check(as) != z3::sat) return;
    const auto v = int_value(s.get_model().eval(x, true));
    if (!v) continue;
    std::int64_t lo = 0, hi = *v < 0 ? -*v : *v;  // |x| <= hi is known to be satisfiable
    while (lo < hi) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      s.push();
      s.add(x >= num(x.ctx(), -mid) && x <= num(x.ctx(), mid));
      const bool ok = s.check(as) == z3::sat;
      s.pop();
      if (ok)
        hi = mid;
      else
        lo = mid + 1;
    }
    s.push();
    s.add(x == num(x.ctx(), hi));
    const bool positive = s.check(as) == z3::sat;
    s.pop();
    s.add(x == num(x.ctx(), positive ? hi : -hi));
  }
}

// Z3's unsat core is neither minimal nor stable in its order from one query to the next. Shrink
// it by deletion, in the labels' declared order, so that the result depends only on which subsets
// are unsatisfiable: the same bytes on every run.
std::vector<std::string> minimal_core(z3::solver& s, const Labels& labels, const z3::expr_vector& core) {
  std::vector<bool> in(labels.exprs.size(), false);
  for (unsigned i = 0; i < core.size(); ++i)
    for (std::size_t j = 0; j < labels.exprs.size(); ++j)
      if (z3::eq(core[i], labels.exprs[j])) in[j] = true;
  const auto chosen = [&](std::size_t skip) {
    z3::expr_vector v(s.ctx());
    for (std::size_t j = 0; j < in.size(); ++j)
      if (in[j] && j != skip) v.push_back(labels.exprs[j]);
    return v;
  };
  for (std::size_t j = 0; j < in.size(); ++j)
    if (in[j] && s.check(chosen(j)) == z3::unsat) in[j] = false;
  std::vector<std::string> names;
  for (std::size_t j = 0; j < in.size(); ++j)
    if (in[j]) names.push_back(labels.names[j]);
  return names;
}

void read_counterexample(z3::solver& s, const z3::expr_vector& as, const StepEncoding& enc, ProofResult& r) {
  if (s.check(as) != z3::sat) {
    r.outcome = Outcome::Unknown;
    r.reason = "the counterexample was lost while minimising it";
    return;
  }
  const z3::model m = s.get_model();
  for (const Field& f : enc.shown) r.counterexample.add(f.name, show_value(m.eval(f.value, true)));
  for (const Labelled& g : enc.goals)
    if (m.eval(g.holds, true).is_false()) r.violated.push_back(g.name);
}

ProofResult discharge(z3::solver& s, const Labels& labels, const StepEncoding& enc, const Obligation& ob) {
  ProofResult r;
  r.obligation = ob;
  z3::context& c = s.ctx();
  s.push();
  if (ob.removed.empty()) {
    for (const Labelled& g : enc.goals)
      if (g.name == ob.goal) s.add(!g.holds);
  } else {
    // A known finding fails with every precondition in place: it cannot show that one is needed.
    std::vector<z3::expr> all;
    for (const Labelled& g : enc.goals)
      if (!ob.claim->findings.count(g.name)) all.push_back(g.holds);
    s.add(!all_of(c, all));
  }
  const z3::expr_vector as = assumptions(c, labels, ob.removed.empty() ? "" : kPrecondition + ob.removed);
  switch (s.check(as)) {
    case z3::unsat: {
      r.outcome = Outcome::Proved;
      r.core = minimal_core(s, labels, s.unsat_core());
      break;
    }
    case z3::sat:
      r.outcome = Outcome::Refuted;
      minimise(s, as, enc.minimize);
      read_counterexample(s, as, enc, r);
      break;
    case z3::unknown:
      r.outcome = Outcome::Unknown;
      r.reason = s.reason_unknown();
      break;
  }
  s.pop();
  return r;
}

// Empty when the claim's assumptions hold together; else why not, naming the claim and the
// labels of a minimal unsatisfiable subset ("context" when the context alone is unsatisfiable).
std::string vacuity(z3::solver& s, const Labels& labels, const ClaimDef& claim) {
  const z3::expr_vector all = assumptions(s.ctx(), labels, "");
  switch (s.check(all)) {
    case z3::sat: return "";
    case z3::unknown: return "claim " + claim.design + "." + claim.step + ": Z3 could not decide its assumptions (" + s.reason_unknown() + ")";
    case z3::unsat: break;
  }
  std::vector<std::string> core = minimal_core(s, labels, s.unsat_core());
  std::string names;
  for (const std::string& n : core) names += (names.empty() ? "" : ", ") + n;
  return "claim " + claim.design + "." + claim.step + " is vacuous: its assumptions are unsatisfiable (" +
         (names.empty() ? std::string("context") : "context with " + names) + ")";
}

}  // namespace

std::vector<ProofResult> Prover::run(const ClaimDef& claim) {
  return run(claim, [](const std::string&) { return true; });
}

std::vector<ProofResult> Prover::run(const ClaimDef& claim, const std::function<bool(const std::string&)>& wanted) {
  std::set<std::string> covered;
  const StepEncoding enc = [&] {
    CoverageScope scope(&covered);
    return claim.encode(ctx_);
  }();
  const std::vector<std::string> covers(covered.begin(), covered.end());
  std::vector<ProofResult> out;
  std::vector<Obligation> todo;
  for (const Obligation& o : obligations_of(claim, enc))
    if (wanted(o.name)) todo.push_back(o);
  if (todo.empty()) return out;

  z3::solver s(ctx_);
  z3::params p(ctx_);
  p.set("timeout", timeout_ms_);
  p.set("core.minimize", true);
  s.set(p);
  for (const z3::expr& e : enc.context) s.add(e);
  Labels labels;
  auto label = [&](const char* kind, const Labelled& l) {
    const std::string name = kind + l.name;
    const z3::expr b = ctx_.bool_const((claim.design + "." + claim.step + "/" + name).c_str());
    s.add(z3::implies(b, l.holds));
    labels.exprs.push_back(b);
    labels.names.push_back(name);
  };
  for (const Labelled& h : enc.hypotheses) label(kHypothesis, h);
  for (const Labelled& p : enc.preconditions) label(kPrecondition, p);
  const std::string vacuous = vacuity(s, labels, claim);
  for (const Obligation& o : todo) {
    ProofResult r;
    if (vacuous.empty()) {
      r = discharge(s, labels, enc, o);
    } else {
      r.obligation = o;
      r.outcome = Outcome::Vacuous;
      r.reason = vacuous;
    }
    r.covers = covers;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace swapproofs
