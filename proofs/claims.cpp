// The catalog of claims (claims.h).
#include "proofs/claims.h"

namespace swapproofs {

std::vector<ClaimDef> claims_for(const Knobs& k) {
  std::vector<ClaimDef> all;
  for (auto* part : {table_claims, table_section_claims, desc_claims, desc_section_claims, vswap_claims, vswap_section_claims,
                     memcg_claims})
    for (ClaimDef& c : part(k)) all.push_back(std::move(c));
  return all;
}

const std::vector<ClaimDef>& all_claims() {
  static const std::vector<ClaimDef> claims = claims_for(Knobs{});
  return claims;
}

}  // namespace swapproofs
