// One slot of the swap table (seed 000, phase IV; SEMANTICS 1.1-1.3, 2.1) as an SMT state, the
// model's per-slot arithmetic (model/swap_count_steps.h) instantiated on it, and the invariants
// proved of it.
//
// The table word keeps only what counts depend on: its format (kind), the count field f and
// the zero flag z. The folio pfn and the shadow value are payload the steps carry unchanged.
// f is an integer, not four bits: a put at count 0 gives f = -1, which the kernel writes as
// field 15 (decode_count() of the model reads it back as -1). ext is the slot's extend-table
// entry, meaningful when the cluster has an extend table (has_ext; ext_get reads 0 without
// one). max is SWP_TB_COUNT_MAX, symbolic in 2..15 (the model's range; x86-64 has 15).
//
// Ghost state, never read by the steps, only by the invariants:
//   refs    swap PTEs and hibernation-image slots naming this slot
//   pending swap PTEs a swap-out has published but not yet counted. Only a swap-out between
//           set_pte and folio_dup_swap makes one, holding the folio lock and the PTL, so no
//           other holder of either lock ever sees pending > 0 (the precondition of the put
//           steps); at quiescence pending == 0 and count_matches_references is the model's.
//   cachers folios whose swap cache covers this slot (PG_swapcache with folio->swap on it)
#pragma once

#include <string>
#include <vector>

#include "model/swap_count_steps.h"
#include "proofs/claim.h"
#include "proofs/smt.h"
#include "proofs/smt_domain.h"

namespace swapproofs::table {

namespace step = swapmodel::tb::step;

// Word formats (swp_tb_is_null / _shadow / _folio), numbered as the model's. Bad and Pointer
// words are not countable and no count step writes them.
inline constexpr int kNull = step::kNullKind;
inline constexpr int kShadow = step::kShadowKind;
inline constexpr int kFolio = step::kFolioKind;

struct Slot {
  z3::expr kind, f, z, ext, has_ext;  // the slot (word fields, extend-table entry, cluster's table)
  z3::expr refs, pending, cachers;    // ghosts

  static Slot fresh(z3::context& c, const std::string& prefix);
  Fields fields(const std::string& prefix) const;
  // Only the lock-protected part (word fields, extend-table entry and table): what a snapshot shows.
  Fields slot_fields(const std::string& prefix) const;
  // Same slot with the word fields (kind, f, z) of `w`.
  Slot with_word(const z3::expr& kind_, const z3::expr& f_, const z3::expr& z_) const;
};

// The real count: the extend-table entry when the field is at the limit (SEMANTICS 1.2).
z3::expr count(const Slot& s, const z3::expr& max);
// The slot's lock-protected part (word and extend table) is the same in both.
z3::expr same_slot(const Slot& a, const Slot& b);

// --- the model's arithmetic (model/swap_count_steps.h, instantiated on z3 terms) --------------

// The slot's word as the shared transitions see it.
swapmodel::tb::step::Word<Smt> word(const Slot& s);

struct DupOut {
  z3::expr err;  // 0, -EINVAL, -ENOENT or -ENOMEM
  z3::expr f, ext;
};
// step::dup_entry (__swap_cluster_dup_entry) on the slot's word and extend-table entry.
DupOut dup_entry(const Slot& seen, const z3::expr& max);

struct PutOut {
  z3::expr f, ext;
  z3::expr count;       // the count after the put, as the kernel computes it
  z3::expr writes_ext;  // the put writes the extend-table entry
  z3::expr try_free_ext;  // the new count is MAX-2 or MAX-1: swap_extend_table_try_free
};
// step::put_entry (__swap_cluster_put_entry).
PutOut put_entry(const z3::expr& f, const z3::expr& ext, const z3::expr& max);

// --- invariants (SEMANTICS I2, I3, I7; issue 3's count invariants) ---------------------------------

std::vector<Labelled> invariants(const Slot& s, const z3::expr& max, const std::string& prefix);
// The domain every state lives in: max in 2..15, kind a countable format.
z3::expr domain(const Slot& s, const z3::expr& max);

}  // namespace swapproofs::table
