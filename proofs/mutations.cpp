// The model's mutation knobs as the proofs see them (mutations.h).
#include "proofs/mutations.h"

#include "proofs/claims.h"

namespace swapproofs {

namespace {
constexpr const char* kLifetime = "a lifetime bug (an object used after its free or revived after its last reference): "
                                  "heap and RCU state the per-slot claims do not have; dead_once and use_after_free catch it";
}  // namespace

const std::vector<MutationView>& mutation_views() {
  static const std::vector<MutationView> all = {
      {"dup_without_ptl", "",
       "removes a lock, not a transition: the claims state the PTL as precondition unmap_under_ptl, and "
       "table.put_direct.without_unmap_under_ptl is this bug's refutation"},
      {"swap_cache_alloc_no_recheck", "",
       "removes the locked re-check, not a transition: table.cache_add.without_ci_lock_held is this bug's refutation"},
      {"fallback_loop_v4", "", "a termination bug (an endless order-fallback loop): the claims are safety, one step each"},
      {"swapin_without_device_ref", "", kLifetime},
      {"desc_dup_no_add_unless", "desc.dup.swap_refs_consistent", ""},
      {"no_dead_recheck", "", kLifetime},
      {"reclaim_range_no_rcu", "", kLifetime},
      {"free_cluster_no_dead_flag", "", kLifetime},
      {"free_cluster_plain_kfree", "", kLifetime},
      {"no_clear_cache_only", "vswap.dup.rmap_cache_only_accurate", ""},
      {"realloc_no_charge_rollback", "vswap.realloc.backing_consistent", ""},
      {"scan_reclaims_vswap", "",
       "chooses which slots cluster_scan_range reclaims (a path, no new per-slot transition); its bug is "
       "reclaim_range_no_rcu's use after free"},
      {"private_id_get_no_tryget", "",
       "charges a memcg whose private id is dead: memcg.charge_direct's encoding changes, but the counters stay "
       "balanced (usage, id references and records all grow by nr); the bug is the revival, which dead_once catches"},
      {"tryget_ignores_dead", "", kLifetime},
      {"reclaim_range_relocks_stale", "", kLifetime},
      {"extend_table_free_keeps_pointer", "",
       "swap_extend_table_try_free leaves ci->extend_table naming a freed table: the claims model the table as present "
       "or not (has_ext), not as a heap object; dead_once catches the stale pointer"},
      {"realloc_releases_backing", "vswap.realloc.without_zero_cleared",
       "step 2 releases the old backing, Z included, so the precondition that the caller cleared Z is no longer needed "
       "(that refutation becomes a proof); the bug itself, the zswap entry its caller still holds being freed, is a use "
       "after free of a heap object no slot claim states"},
  };
  return all;
}

namespace {

// A claim's encoding as text: what Z3 is asked, for comparing two builds of the claim.
std::string encoding_text(z3::context& c, const ClaimDef& d) {
  const StepEncoding e = d.encode(c);
  std::string s;
  for (const z3::expr& x : e.context) s += x.to_string() + "\n";
  for (const auto* part : {&e.hypotheses, &e.preconditions, &e.goals})
    for (const Labelled& l : *part) s += l.name + ": " + l.holds.to_string() + "\n";
  for (const Field& f : e.shown) s += f.name + " = " + f.value.to_string() + "\n";
  for (const auto& [goal, why] : d.findings) s += "finding " + goal + ": " + why + "\n";
  return s;
}

}  // namespace

std::vector<std::string> claims_changed_by(const Knobs& k) {
  static const std::vector<std::string> faithful = [] {
    std::vector<std::string> out;
    z3::context c;
    for (const ClaimDef& d : all_claims()) out.push_back(encoding_text(c, d));
    return out;
  }();
  const std::vector<ClaimDef> mutated = claims_for(k);
  std::vector<std::string> out;
  z3::context c;
  for (std::size_t i = 0; i < mutated.size(); ++i)
    if (i >= faithful.size() || encoding_text(c, mutated[i]) != faithful[i]) out.push_back(mutated[i].design + "." + mutated[i].step);
  return out;
}

}  // namespace swapproofs
