// One memcg's swap accounting (mm/memcontrol.c, memcontrol-v1.c; seed 004 P4; SEMANTICS 1.9,
// 2.3, I17) as an SMT state, the counter steps on it, and charge_balanced.
//
// The memcg M is a child of the root (the root is never charged, so only M's counters move).
// Its state: `usage`, the swap counter (v2, memcg->swap) or memsw's swap share (v1); `idref`,
// the private id refcount; `online`, which holds the base reference. Ghosts, counted over every
// slot of every cluster (a step changes them by the slots it touches):
//   rd  direct (physical) slots whose memcg table records M
//   rv  vswap slots recording M (v2 only: seed 004 records them without charging)
//   sv  of those, the ones with physical backing (virtual_table SWAPFILE), which are charged
// Counts of slots per step (nr, n, k) are in 1..512 (0..512 for k): one folio or one batch.
#pragma once

#include <string>
#include <vector>

#include "proofs/claim.h"
#include "proofs/knobs.h"
#include "proofs/smt.h"

namespace swapproofs::memcg {

struct Counters {
  z3::expr usage, idref, online;
  z3::expr rd, rv, sv;  // ghosts

  static Counters fresh(z3::context& c, const std::string& prefix);
  Fields fields(const std::string& prefix) const;
};

// The configuration a step runs in: cgroup v1 (memsw) or v2, and M's swap.max (-1: none).
struct Setting {
  z3::expr v1, limit;
};

// --- steps -------------------------------------------------------------------------------------------

// mem_cgroup_try_charge_swap at folio_alloc_swap (direct slots; v1: nothing). `already` of the
// folio's nr slots already recorded M before the step.
Counters charge_direct(const Counters& m, const Setting& s, const z3::expr& nr, const z3::expr& already, const Knobs& k);
// mem_cgroup_uncharge_swap(M, n): __swap_cluster_free_entries on physical slots, memcg1_swapin.
Counters uncharge_direct(const Counters& m, const z3::expr& n);
// memcg1_swapout (v1): record and charge memsw for the folio's slots.
Counters swapout_v1(const Counters& m, const z3::expr& nr, const z3::expr& already, const Knobs& k);
// mem_cgroup_css_offline: drop the base id reference.
Counters offline(const Counters& m);
// __mem_cgroup_record_swap (seed 004 P4, v2): id references and records, no charge.
Counters record(const Counters& m, const z3::expr& nr, const z3::expr& already, const Knobs& k);
// folio_realloc_swap's mem_cgroup_charge_backing_phys_swap and SWAPFILE on nr recorded slots,
// `backed` of which were already SWAPFILE.
Counters charge_phys(const Counters& m, const Setting& s, const z3::expr& nr, const z3::expr& backed);
// __vswap_release_backing's vswap_uncharge_cgroup_batch: k SWAPFILE slots of M lose their backing.
Counters uncharge_phys(const Counters& m, const Setting& s, const z3::expr& k);
// __swap_cluster_free_entries on vswap: mem_cgroup_id_put_swap(M, n).
Counters id_put(const Counters& m, const z3::expr& n);

// Whether a v2 charge of nr fits M's limit (page_counter_try_charge below the root).
z3::expr fits(const Counters& m, const Setting& s, const z3::expr& nr);

// --- invariant (I17, and the model's charge_balanced) --------------------------------------------------

std::vector<Labelled> invariants(const Counters& m, const Setting& s, const std::string& prefix);

}  // namespace swapproofs::memcg
