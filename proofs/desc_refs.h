// Seed 001's descriptor (struct swp_desc, SEMANTICS 3) as an SMT state: its atomic swap_refs,
// the arithmetic of model/desc/swap_refs.h on it, and the invariants proved of it.
//
//   refs = 2 * count + C     C (bit 0) is the swap-cache pin; 0 is terminal (vswap_free ran)
//
// refs is an unbounded integer; the model's atomic_t wraps at 2^32 (swap_refs.h's wrap32 in the
// machine domain, the identity here). Each
// seed function is one atomic operation per descriptor; each function below is the value that
// operation computes from the value it read.
//
// Ghost state, read only by the invariants:
//   ptes   page-table entries holding the entry (the count's references)
//   pins   holders of the cache pin: the swap-cache folio, or a swapcache_prepare winner
//   frees  how many times vswap_free ran for the descriptor (an *_and_test that reached 0)
#pragma once

#include <string>
#include <vector>

#include "proofs/claim.h"
#include "proofs/knobs.h"
#include "proofs/smt.h"
#include "proofs/smt_domain.h"

namespace swapproofs::desc {

struct Desc {
  z3::expr refs;
  z3::expr ptes, pins, frees;  // ghosts

  static Desc fresh(z3::context& c, const std::string& prefix);
  Fields fields(const std::string& prefix) const;
};

// --- model/desc/swap_refs.h's transitions on z3 terms ---------------------------------------------------

z3::expr swap_count(const z3::expr& refs);  // refs >> SWAP_CACHE_SHIFT (floor)
z3::expr cache_pin(const z3::expr& refs);   // refs & SWAP_CACHE_INC

struct AddUnless {
  z3::expr added, refs;
};
AddUnless add_unless(const z3::expr& v, std::int64_t a, std::int64_t u);  // atomic_add_unless
AddUnless dup_step(const z3::expr& refs, const Knobs& k);                 // swap_duplicate_nr, per desc

struct DecResult {
  z3::expr refs, freed;  // the value after, and the *_and_test result
};
DecResult free_step(const z3::expr& refs);   // atomic_sub_and_test(SWAP_COUNT_INC)
DecResult clear_step(const z3::expr& refs);  // atomic_dec_and_test

struct PrepareStep {
  z3::expr err, next;  // 0 / -ENOENT / -EEXIST, and the value the cmpxchg writes
};
PrepareStep prepare_step(const z3::expr& old);  // one iteration of swapcache_prepare's loop

// The seed's readers.
z3::expr free_hint_cache_only(const z3::expr& refs);  // vswap_free_nr_any_cache_only's hint
z3::expr swapcache_only(const z3::expr& refs);        // vswap_swapcache_only, per desc
z3::expr non_swapcache_stops(const z3::expr& refs, const Knobs& k);  // non_swapcache_batch's stop test
z3::expr swapped(const z3::expr& refs);               // folio_swapped, per desc

// The range walks' index computations (xas_for_each over [first, first + nr - 1]).
z3::expr walk_last(const z3::expr& first, const z3::expr& nr);
z3::expr walk_stops_at_hole(const z3::expr& index, const z3::expr& first, const z3::expr& visited, const Knobs& k);
z3::expr walk_rolls_back(const z3::expr& i, const z3::expr& nr);                           // i && i < nr
z3::expr prepare_result(const z3::expr& i, const z3::expr& nr, const z3::expr& ret);       // -ENOENT when i < nr && !ret

// --- steps: the descriptor after one atomic operation, with its ghost effects -----------------------

Desc alloc(z3::context& c);                          // vswap_alloc: a new descriptor, pinned
Desc dup(const Desc& cur, const z3::expr& seen, const Knobs& k);  // swap_duplicate_nr; `seen` is what "unless 0" tested
Desc free(const Desc& cur);                          // swap_free_nr
Desc clear(const Desc& cur);                         // swapcache_clear / put_swap_folio
Desc prepare(const Desc& cur, const z3::expr& old);  // swapcache_prepare's successful cmpxchg from `old`

// --- invariants (SEMANTICS I19) ----------------------------------------------------------------------

std::vector<Labelled> invariants(const Desc& d, const std::string& prefix);

}  // namespace swapproofs::desc
