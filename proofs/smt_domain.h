// The SMT instantiation of the model's shared transitions (model/pure_value.h): Int and Bool are
// z3::expr, integers mathematical (unbounded; no atomic_t wrap), ite is z3::ite. Passing a Smt to
// a transition of model/swap_count_steps.h, model/vswap/vswap_steps.h, model/desc/swap_refs.h or
// model/memcg_steps.h gives the constraint the model's code computes, which is what the claims
// of proofs/ prove things about.
#pragma once

#include <z3++.h>

#include <cstdint>
#include <set>
#include <string>

namespace swapproofs {

// The model functions whose shared transitions were instantiated while a claim was encoded
// (CoverageScope sets where they go; one encoding at a time per thread).
class CoverageScope {
 public:
  explicit CoverageScope(std::set<std::string>* into) : prev_(sink()) { sink() = into; }
  ~CoverageScope() { sink() = prev_; }
  CoverageScope(const CoverageScope&) = delete;
  CoverageScope& operator=(const CoverageScope&) = delete;
  static void note(const char* fn) {
    if (sink() != nullptr) sink()->insert(fn);
  }

 private:
  static std::set<std::string>*& sink() {
    thread_local std::set<std::string>* s = nullptr;
    return s;
  }
  std::set<std::string>* prev_;
};

struct Smt {
  using Int = z3::expr;
  using Bool = z3::expr;
  z3::context* c;

  explicit Smt(z3::context& ctx) : c(&ctx) {}
  Int lit(std::int64_t v) const { return c->int_val(static_cast<int64_t>(v)); }
  Bool truth(bool b) const { return c->bool_val(b); }
  static z3::expr ite(const z3::expr& cond, const z3::expr& a, const z3::expr& b) { return z3::ite(cond, a, b); }
  static void note(const char* fn) { CoverageScope::note(fn); }
  // Unbounded: the claims are about mathematical counts (model/pure_value.h).
  static Int wrap32(const Int& v) { return v; }
  // v >> 1: SMT-LIB div rounds towards minus infinity for a positive divisor, as the shift does.
  Int floor_half(const Int& v) const { return v / lit(2); }
};

}  // namespace swapproofs
