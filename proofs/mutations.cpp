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
      {"swapoff_no_flush_reclaim_work", "",
       "swapoff frees the clusters without flush_work of si->reclaim_work: an ordering of whole paths (a work item "
       "still running after its device's clusters are gone), no per-slot transition; use_after_free catches it"},
      {"move_retry_keeps_swapoff_locked", "",
       "move_pages_ptes' retry drops its device reference but keeps swapoff_locked set, so the reference is put "
       "twice: a path's control flow across its retry, no per-slot transition; the model's assertion catches it"},
      {"shmem_free_swap_no_entry_check", "",
       "shmem_free_swap puts a count on the strength of a lockless lookup: which reference a put is for is the "
       "caller's locking (the claims' precondition that the reference owner is locked), no new per-slot transition; "
       "count_nonnegative catches the second put"},
      {"discard_keeps_cluster_listed", "",
       "swap_do_scheduled_discard leaves the cluster on the discard list it frees: cluster list membership, which the "
       "per-slot claims do not state; cluster_count_consistent catches a cluster on two lists"},
      {"split_skips_swap_cache_replace", "",
       "leaves a table word naming a folio that no longer covers the slot: which folio a PFN word names, swap-cache "
       "state the per-slot count and charge claims do not have; swapcache_consistent catches it"},
      {"swapoff_no_wait_users", "", kLifetime},
      {"desc_free_no_uncharge", "",
       "vswap_free skips the uncharge of a freed descriptor's memcg: the descriptor claims (desc.*) are over swap_refs "
       "only and no memcg claim models desc->memcgid; charge_balanced catches the leaked charge at quiescence"},
  };
  return all;
}

const std::vector<FixView>& fix_views() {
  static const std::vector<FixView> all = {
      {"zero_writeout_drops_zswap", "",
       "swap_writeout's zero-filled path erases stale zswap entries: heap objects (zswap entries) and the data they "
       "hold, which no slot claim has; the data invariant catches it"},
      {"desc_non_swapcache_batch_fixed", "",
       "changes non_swapcache_batch's stop test (a reader, no transition): desc.readers' goal states what each version "
       "tests, proved both ways"},
      {"desc_walk_stops_at_hole", "desc.prepare_walk.second.pin_iff_success", ""},
      {"desc_swapin_checks_si", "",
       "do_swap_page tests the device pointer trylock_swapoff returned before reading si->flags: a NULL dereference, no "
       "slot state"},
      {"vswap_backend_flag_rcu", "", kLifetime},
      {"vswap_realloc_marks_cache_only", "vswap.realloc.rmap_cache_only_accurate", ""},
      {"vswap_lock_before_publish", "", kLifetime},
      {"dup_enomem_keeps_extend_table", "",
       "skips swap_extend_table_try_free on the dup batch's -ENOMEM rollback: the claims take the seed's path (the free "
       "runs), which table.dup_enomem_batch proves safe for the counts; the bug is two forks freeing each other's table "
       "for ever, a termination bug (the step bound catches it)"},
      {"swapin_fallback_breaks_at_order0", "", "a termination bug (an endless order-fallback loop): the claims are safety, one step each"},
      {"populate_publishes_under_lock", "", kLifetime},
      {"vswap_flag_data_race", "",
       "put_swap_device's plain read of si->flags against swapoff's clear of SWP_WRITEOK: a data race on a device flag, "
       "no slot transition"},
      {"swp_writeok_marked", "", "a data race on SWP_WRITEOK (plain read against plain clear): no slot transition"},
      {"sync_discard_flag_data_race", "",
       "swap_sync_discard's plain read of si->flags against swapoff's clear of SWP_WRITEOK: a data race on a device "
       "flag, no slot transition"},
      {"desc_swap_map_marked", "",
       "marks the swap_map stores of seed 001's physical slots (WRITE_ONCE): a data race on swap_map (plain store against "
       "find_next_to_unuse's READ_ONCE), no swap_refs transition"},
      {"desc_unuse_checks_vswap_count", "",
       "changes which word swapoff's unuse_pte_range tests after a failed swap-in (a reader deciding a path's return "
       "value, no swap_refs transition); the scenario's assertion on swapoff's -ENOMEM catches it"},
  };
  return all;
}

namespace {

// A claim's encoding as Z3 sees it: labels and the ids of its terms. Z3 shares equal terms within
// one context while they live (hash-consing), so two builds of a claim encode the same problem
// iff their keys are equal when both are made in the same context with the first still alive.
std::vector<std::string> encoding_key(const StepEncoding& e, const ClaimDef& d) {
  std::vector<std::string> key;
  for (const z3::expr& x : e.context) key.push_back(std::to_string(x.id()));
  for (const auto* part : {&e.hypotheses, &e.preconditions, &e.goals})
    for (const Labelled& l : *part) key.push_back(l.name + "=" + std::to_string(l.holds.id()));
  for (const Field& f : e.shown) key.push_back(f.name + "=" + std::to_string(f.value.id()));
  for (const auto& [goal, why] : d.findings) key.push_back("finding " + goal + ": " + why);
  return key;
}

// One context for every comparison: the faithful keys are made once.
z3::context& shared_context() {
  static z3::context c;
  return c;
}

}  // namespace

std::vector<std::string> claims_changed_by(const Knobs& k) {
  z3::context& c = shared_context();
  // The faithful encodings stay alive, so that their terms keep their ids.
  static const std::vector<StepEncoding> encodings = [&c] {
    std::vector<StepEncoding> out;
    for (const ClaimDef& d : all_claims()) out.push_back(d.encode(c));
    return out;
  }();
  static const std::vector<std::vector<std::string>> faithful = [] {
    std::vector<std::vector<std::string>> out;
    for (std::size_t i = 0; i < encodings.size(); ++i) out.push_back(encoding_key(encodings[i], all_claims()[i]));
    return out;
  }();
  const std::vector<ClaimDef> mutated = claims_for(k);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < mutated.size(); ++i)
    if (i >= faithful.size() || encoding_key(mutated[i].encode(c), mutated[i]) != faithful[i])
      out.push_back(mutated[i].design + "." + mutated[i].step);
  return out;
}

}  // namespace swapproofs
