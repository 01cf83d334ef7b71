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
  else return false;
  return true;
}

bool set_fix(SwapConfig& cfg, const std::string& name, bool on) {
  if (name == "zero_writeout_drops_zswap") cfg.fixes.zero_writeout_drops_zswap = on;
  else if (name == "desc_non_swapcache_batch_fixed") cfg.fixes.desc_non_swapcache_batch_fixed = on;
  else if (name == "desc_walk_stops_at_hole") cfg.fixes.desc_walk_stops_at_hole = on;
  else if (name == "desc_swapin_checks_si") cfg.fixes.desc_swapin_checks_si = on;
  else return false;
  return true;
}

}  // namespace swapmodel
