// The catalog of claims: every modelled step of every design, in a fixed order.
//
//   table  seed 000 / phase IV swap table: one slot's word, count and extend table
//   desc   seed 001 descriptors: one swp_desc's swap_refs
//   vswap  seed 004 virtual swap: one vswap slot's virtual_table tag, its physical backing's
//          rmap cache-only bit, and the slot's memcg record
//   memcg  one memcg's swap counters: direct charge (physical slots) and seed 004's split
//          (record at allocation, charge with physical backing)
#pragma once

#include <vector>

#include "proofs/claim.h"
#include "proofs/knobs.h"

namespace swapproofs {

// Each design's claims, built for the model's knobs (the faithful model: Knobs{}).
std::vector<ClaimDef> table_claims(const Knobs& k);
std::vector<ClaimDef> desc_claims(const Knobs& k);
std::vector<ClaimDef> vswap_claims(const Knobs& k);
std::vector<ClaimDef> memcg_claims(const Knobs& k);
// Claims at critical-section granularity (section_claims.cpp): batches over several slots or
// descriptors, sections that drop their lock partway, put's and dup's extend-table free.
std::vector<ClaimDef> table_section_claims(const Knobs& k);
std::vector<ClaimDef> desc_section_claims(const Knobs& k);
std::vector<ClaimDef> vswap_section_claims(const Knobs& k);

// All of them for `k`: table, desc, vswap (each design's step claims, then its section claims), memcg.
std::vector<ClaimDef> claims_for(const Knobs& k);
// claims_for(Knobs{}), built once.
const std::vector<ClaimDef>& all_claims();

}  // namespace swapproofs
