// The catalog of claims (claims.h).
#include "proofs/claims.h"

namespace swapproofs {

const std::vector<ClaimDef>& all_claims() {
  static const std::vector<ClaimDef> claims = [] {
    std::vector<ClaimDef> all;
    for (auto* part : {table_claims, desc_claims, vswap_claims, memcg_claims})
      for (ClaimDef& c : part()) all.push_back(std::move(c));
    return all;
  }();
  return claims;
}

}  // namespace swapproofs
