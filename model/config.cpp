// Mutations by name (config.h).
#include "model/config.h"

namespace swapmodel {

bool set_mutation(SwapConfig& cfg, const std::string& name, bool on) {
  Mutations& m = cfg.mutations;
  if (name == "dup_without_ptl") m.dup_without_ptl = on;
  else if (name == "swap_cache_alloc_no_recheck") m.swap_cache_alloc_no_recheck = on;
  else if (name == "fallback_loop_v4") m.fallback_loop_v4 = on;
  else if (name == "swapin_without_device_ref") m.swapin_without_device_ref = on;
  else if (name == "desc_dup_no_add_unless") m.desc_dup_no_add_unless = on;
  else if (name == "no_dead_recheck") m.no_dead_recheck = on;
  else if (name == "reclaim_range_no_rcu") m.reclaim_range_no_rcu = on;
  else if (name == "free_cluster_no_dead_flag") m.free_cluster_no_dead_flag = on;
  else if (name == "free_cluster_plain_kfree") m.free_cluster_plain_kfree = on;
  else if (name == "no_clear_cache_only") m.no_clear_cache_only = on;
  else if (name == "realloc_no_charge_rollback") m.realloc_no_charge_rollback = on;
  else if (name == "scan_reclaims_vswap") m.scan_reclaims_vswap = on;
  else if (name == "private_id_get_no_tryget") m.private_id_get_no_tryget = on;
  else if (name == "tryget_ignores_dead") m.tryget_ignores_dead = on;
  else if (name == "swapoff_no_flush_reclaim_work") m.swapoff_no_flush_reclaim_work = on;
  else if (name == "move_retry_keeps_swapoff_locked") m.move_retry_keeps_swapoff_locked = on;
  else if (name == "shmem_free_swap_no_entry_check") m.shmem_free_swap_no_entry_check = on;
  else if (name == "discard_keeps_cluster_listed") m.discard_keeps_cluster_listed = on;
  else if (name == "split_skips_swap_cache_replace") m.split_skips_swap_cache_replace = on;
  else if (name == "reclaim_range_relocks_stale") m.reclaim_range_relocks_stale = on;
  else if (name == "extend_table_free_keeps_pointer") m.extend_table_free_keeps_pointer = on;
  else if (name == "realloc_releases_backing") m.realloc_releases_backing = on;
  else if (name == "swapoff_no_wait_users") m.swapoff_no_wait_users = on;
  else if (name == "desc_free_no_uncharge") m.desc_free_no_uncharge = on;
  else return false;
  return true;
}

bool set_fix(SwapConfig& cfg, const std::string& name, bool on) {
  if (name == "zero_writeout_drops_zswap") cfg.fixes.zero_writeout_drops_zswap = on;
  else if (name == "desc_non_swapcache_batch_fixed") cfg.fixes.desc_non_swapcache_batch_fixed = on;
  else if (name == "desc_walk_stops_at_hole") cfg.fixes.desc_walk_stops_at_hole = on;
  else if (name == "desc_swapin_checks_si") cfg.fixes.desc_swapin_checks_si = on;
  else if (name == "vswap_backend_flag_rcu") cfg.fixes.vswap_backend_flag_rcu = on;
  else if (name == "vswap_realloc_marks_cache_only") cfg.fixes.vswap_realloc_marks_cache_only = on;
  else if (name == "vswap_lock_before_publish") cfg.fixes.vswap_lock_before_publish = on;
  else if (name == "dup_enomem_keeps_extend_table") cfg.fixes.dup_enomem_keeps_extend_table = on;
  else if (name == "swapin_fallback_breaks_at_order0") cfg.fixes.swapin_fallback_breaks_at_order0 = on;
  else if (name == "populate_publishes_under_lock") cfg.fixes.populate_publishes_under_lock = on;
  else if (name == "vswap_flag_data_race") cfg.fixes.vswap_flag_data_race = on;
  else if (name == "swp_writeok_marked") cfg.fixes.swp_writeok_marked = on;
  else if (name == "sync_discard_flag_data_race") cfg.fixes.sync_discard_flag_data_race = on;
  else if (name == "desc_swap_map_marked") cfg.fixes.desc_swap_map_marked = on;
  else if (name == "desc_unuse_checks_vswap_count") cfg.fixes.desc_unuse_checks_vswap_count = on;
  else return false;
  return true;
}

}  // namespace swapmodel
