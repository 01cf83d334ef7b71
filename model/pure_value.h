// The value domain of the model's pure transition functions (issue 14: one source for each
// transition).
//
// Every per-slot or per-section transition the model runs (count arithmetic, table and
// virtual_table word updates, cache-only marking, swap_refs steps, memcg counter decisions) is
// written once, as a function template over a domain D, in the headers that name it:
//   model/swap_count_steps.h    seed 000: __swap_cluster_dup_entry / _put_entry, the table word
//                               updates of the swap cache, free and put paths, and
//                               swap_extend_table_alloc / _try_free
//   model/vswap/vswap_steps.h   seed 004: virtual_table, SWP_RMAP_CACHE_ONLY, realloc
//   model/desc/swap_refs.h      seed 001: swap_refs
//   model/memcg_steps.h         page_counter (charge test, uncharge) and the private id
//                               refcount (tryget, put)
// The model instantiates them with Machine (below); proofs/ instantiates them with z3::expr
// (proofs/smt_domain.h), so what Z3 proves is the code the model runs. This header must not
// include z3, and the functions must stay pure: no engine calls, no model state, no C++ branch on
// a D value (choose with d.ite; every arm is evaluated, so arms must be total).
//
// A domain D provides:
//   D::Int, D::Bool            integer and truth values (for Machine: std::int64_t and bool)
//   d.lit(v), d.truth(b)       a constant
//   d.ite(c, a, b)             a if c else b, for Int and for Bool
//   d.wrap32(v)                v as atomic_t holds it (Machine: modulo 2^32; SMT: v)
//   d.note(fn)                 "this is model function fn's transition": every shared transition
//                              notes the kernel function it follows; proofs/ lists them per
//                              obligation (swapcheck-prove's "covers"), the Machine ignores it
// and Int supports + - with Int and with integer literals, == != < <= > >= giving Bool; Bool
// supports && || !. Integers are mathematical in the SMT domain; the model's fixed-width fields
// are converted at the call site (swap_table.h's word packing, atomic_t in swap_refs.h).
#pragma once

#include <cstdint>

namespace swapmodel::pure {

// The model's own domain: plain machine values.
struct Machine {
  using Int = std::int64_t;
  using Bool = bool;
  static constexpr Int lit(std::int64_t v) { return v; }
  static constexpr Bool truth(bool b) { return b; }
  static constexpr Int ite(Bool c, Int a, Int b) { return c ? a : b; }
  static constexpr Bool ite(Bool c, Bool a, Bool b) { return c ? a : b; }
  // Which model function a transition belongs to (proofs/ records it to show what each
  // obligation covers; nothing for the model).
  static constexpr void note(const char*) {}
  // atomic_t's two's-complement wrap (the SMT domain's integers do not wrap).
  static constexpr Int wrap32(Int v) { return static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(v))); }
};

}  // namespace swapmodel::pure
