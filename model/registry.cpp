// Argument binding, the mutation table and the configuration knobs of registry.h.
#include "model/registry.h"

#include "model/model.h"

#include <stdexcept>

namespace swapmodel {

const char* design_name(ModelDesign d) {
  switch (d) {
    case ModelDesign::SwapTable: return "swap_table";
    case ModelDesign::Vswap: return "vswap";
    case ModelDesign::VswapDesc: return "vswap_desc";
  }
  return "?";
}

ModelDesign design_of(const SwapConfig& cfg) {
  if (cfg.design == Design::VswapDesc) return ModelDesign::VswapDesc;
  return cfg.vswap ? ModelDesign::Vswap : ModelDesign::SwapTable;
}

std::string Designs::names() const {
  std::vector<std::string> out;
  for (ModelDesign d : kModelDesigns)
    if (has(d)) out.push_back(design_name(d));
  std::string s;
  for (std::size_t i = 0; i < out.size(); ++i) s += (i == 0 ? "" : i + 1 == out.size() ? " and " : ", ") + out[i];
  return s.empty() ? "no design" : s;
}

const OpEntry* find_op(const std::string& name, ModelDesign design) {
  for (const OpEntry& op : op_registry())
    if (op.name == name && op.designs.has(design)) return &op;
  return nullptr;
}

const OpEntry* find_op(const std::string& name) {
  for (const OpEntry& op : op_registry())
    if (op.name == name) return &op;
  return nullptr;
}

Designs designs_of(const std::string& name) {
  Designs out{};
  for (const OpEntry& op : op_registry())
    if (op.name == name) out = out | op.designs;
  return out;
}

OpArgs bind_args(const OpEntry& op, const OpArgs& given) {
  for (const auto& [name, value] : given) {
    const OpParam* p = nullptr;
    for (const OpParam& q : op.params)
      if (q.name == name) p = &q;
    if (p == nullptr) throw std::invalid_argument(op.name + ": unknown argument \"" + name + "\"");
    if (std::holds_alternative<std::string>(value) != p->is_string)
      throw std::invalid_argument(op.name + ": argument \"" + name + "\" must be " + (p->is_string ? "a string" : "an integer"));
  }
  OpArgs bound = given;
  for (const OpParam& p : op.params) {
    if (bound.count(p.name)) continue;
    if (p.required) throw std::invalid_argument(op.name + ": missing argument \"" + p.name + "\"");
    bound[p.name] = OpValue{p.default_value};
  }
  return bound;
}

std::int64_t call_op(SwapModel& m, const std::string& name, const OpArgs& args) {
  const OpEntry* op = find_op(name, design_of(m.cfg));
  if (op == nullptr && find_op(name) != nullptr)
    throw std::invalid_argument("operation \"" + name + "\" does not exist in design " + design_name(design_of(m.cfg)));
  if (op == nullptr) throw std::invalid_argument("unknown operation \"" + name + "\"");
  return op->call(m, bind_args(*op, args));
}

const std::vector<MutationEntry>& mutation_registry() {
  static const std::vector<MutationEntry> table = {
      {"dup_without_ptl",
       "swap-out installs the swap PTE and dups its count without the PTL: a zap in between underflows the count (seed 000)",
       "table/mutations/dup_without_ptl.json"},
      {"swap_cache_alloc_no_recheck",
       "__swap_cache_alloc drops the re-check under the cluster lock: two faults both insert a folio (seed 002)",
       "table/mutations/swap_cache_alloc_no_recheck.json"},
      {"fallback_loop_v4",
       "swap_cache_alloc_folio's v4 while (orders) loop: never ends on an order-0 failure without THP (seed 002)",
       "table/mutations/fallback_loop_v4.json"},
      {"swapin_without_device_ref",
       "do_swap_page without tryget_swap_entry: swapoff frees the clusters under the fault (seed 003)",
       "table/mutations/swapin_without_device_ref.json"},
      {"desc_dup_no_add_unless",
       "vswap_desc: swap_duplicate_nr's atomic_add_unless(refs, 2, 0) as a plain add revives a descriptor whose refs reached 0 (seed 001)",
       "desc/mutations/desc_dup_no_add_unless.json"},
      {"no_dead_recheck",
       "__swap_cluster_lock returns a vswap cluster without re-checking CLUSTER_FLAG_DEAD under its lock (seed 004 P1)",
       "vswap/no_dead_recheck.json"},
      {"reclaim_range_no_rcu",
       "cluster_reclaim_range drops ci->lock without rcu_read_lock around its unlocked window (seed 004 P1)",
       "vswap/reclaim_range_no_rcu.json"},
      {"free_cluster_no_dead_flag", "vswap_free_cluster does not mark the cluster CLUSTER_FLAG_DEAD (seed 004 P1)",
       "vswap/free_cluster_no_dead_flag.json"},
      {"free_cluster_plain_kfree", "vswap_free_cluster kfree()s the dynamic cluster instead of kfree_rcu() (seed 004 P1)",
       "vswap/free_cluster_plain_kfree.json"},
      {"no_clear_cache_only",
       "swap_dup_entries_cluster skips vswap_clear_cache_only: a re-referenced slot keeps a stale SWP_RMAP_CACHE_ONLY hint (seed 004 P3)",
       "vswap/no_clear_cache_only.json"},
      {"realloc_no_charge_rollback",
       "folio_realloc_swap keeps the physical slots when the memcg charge fails (seed 004 P4)",
       "vswap/realloc_no_charge_rollback.json"},
      {"scan_reclaims_vswap",
       "cluster_scan_range reclaims cache-only vswap slots when swap is nearly full, as at P1 before P2's \"never reclaim\" test (seed 004 P1)",
       "vswap/scan_reclaims_vswap.json"},
      {"private_id_get_no_tryget",
       "mem_cgroup_private_id_get_online takes refcount_add instead of refcount_inc_not_zero: a swap-out revives the id of a memcg going offline (dead_once)",
       "table/mutations/private_id_get_no_tryget.json"},
      {"tryget_ignores_dead",
       "get_swap_device_info counts a reference without testing si->users' dead flag: a fault takes a reference on a device swapoff finished (dead_once)",
       "table/mutations/tryget_ignores_dead.json"},
      {"reclaim_range_relocks_stale",
       "cluster_reclaim_range relocks the cluster it dropped instead of looking it up again (before seed 004 P1): a retired vswap cluster is retired again (dead_once)",
       "vswap/reclaim_range_relocks_stale.json"},
      {"extend_table_free_keeps_pointer",
       "swap_extend_table_try_free frees the extend table but leaves ci->extend_table naming it (dead_once)",
       "table/mutations/extend_table_free_keeps_pointer.json"},
      {"realloc_releases_backing",
       "folio_realloc_swap releases the slots' old backing itself: zswap writeback's -EIO path stores the freed zswap entry back (seed 004 P3; dead_once)",
       "vswap/realloc_releases_backing.json"},
  };
  return table;
}

const std::vector<FixEntry>& fix_registry() {
  static const std::vector<FixEntry> table = {
      {"zero_writeout_drops_zswap",
       "swap_writeout drops stale zswap entries before setting the zero flag, so zswap writeback cannot resurrect old data",
       "table/findings/stale_zswap_after_zero_writeout.json"},
      {"desc_non_swapcache_batch_fixed",
       "vswap_desc: non_swapcache_batch stops at a cached entry, as its comment says (seed 001 tests the opposite, so large direct swap-in never happens)",
       "desc/findings/desc_thp_swapin_vs_zap.json"},
      {"desc_walk_stops_at_hole",
       "vswap_desc: range walks stop at a freed index instead of miscounting (swapcache_prepare leaks a cache pin when the range's first entry was freed)",
       "desc/findings/desc_thp_swapin_vs_zap.json"},
      {"desc_swapin_checks_si",
       "vswap_desc: do_swap_page tests si before si->flags (seed 001's trylock_swapoff succeeds with si == NULL once a zap freed the entry)",
       "desc/findings/desc_swapin_vs_zap.json"},
      {"vswap_backend_flag_rcu",
       "vswap: swap_entry_backend_has_flag looks the vswap cluster up under RCU with the DEAD re-check (do_swap_page calls it unpinned)",
       "vswap/swapin_vs_zap.json"},
      {"vswap_realloc_marks_cache_only",
       "vswap: folio_realloc_swap marks SWP_RMAP_CACHE_ONLY on slots already at count 0 (a put before the install left the hint clear)",
       "vswap/zswap_writeback_vs_zap.json"},
      {"vswap_lock_before_publish",
       "vswap: alloc_swap_scan_dynamic locks the new cluster before xa_alloc publishes it (a stale percpu offset can otherwise fill and retire it first)",
       "vswap/publish_before_lock.json"},
      {"dup_enomem_keeps_extend_table",
       "swap_dup_entries_cluster's -ENOMEM error path leaves the extend table for the retry (two forks at the limit free each other's table for ever)",
       "table/findings/fork_at_limit_vs_fork.json"},
      {"swapin_fallback_breaks_at_order0",
       "vswap: swap_cache_alloc_folio's order fallback stops at order 0 (seed 004 P1 drops the break: an order-0 -ENOMEM retries for ever without THP)",
       "vswap/swapin_fallback_no_order0_break.json"},
      {"populate_publishes_under_lock",
       "swap_cluster_populate's sleeping retry publishes the new table only after relocking the cluster (the seed publishes it unlocked: a stale percpu offset fills, frees and re-lists the isolated cluster)",
       "table/findings/populate_retry_vs_stale_percpu.json"},
  };
  return table;
}

namespace {

std::int64_t int_of(const std::string& knob, const OpValue& v, std::int64_t lo, std::int64_t hi) {
  if (!std::holds_alternative<std::int64_t>(v)) throw std::invalid_argument(knob + " must be an integer");
  const std::int64_t x = std::get<std::int64_t>(v);
  if (x < lo || x > hi)
    throw std::invalid_argument(knob + " must be in " + std::to_string(lo) + ".." + std::to_string(hi));
  return x;
}

bool bool_of(const std::string& knob, const OpValue& v) { return int_of(knob, v, 0, 1) != 0; }

std::vector<ConfigKnob> build_knobs() {
  std::vector<ConfigKnob> k;
  k.push_back({"slots_per_cluster", "SWAPFILE_CLUSTER: slots per cluster (2..64)", false,
               [](SwapConfig& c, const OpValue& v) { c.slots_per_cluster = static_cast<int>(int_of("slots_per_cluster", v, 2, 64)); }});
  k.push_back({"count_max", "SWP_TB_COUNT_MAX: the count limit before the extend table (2..15; x86-64: 15)", false,
               [](SwapConfig& c, const OpValue& v) { c.count_max = static_cast<int>(int_of("count_max", v, 2, 15)); }});
  k.push_back({"nr_cpus", "model CPUs (percpu_swap_cluster instances)", false,
               [](SwapConfig& c, const OpValue& v) { c.nr_cpus = static_cast<int>(int_of("nr_cpus", v, 1, 8)); }});
  k.push_back({"devices", "number of swap devices (1..4), each with `clusters` clusters", false, [](SwapConfig& c, const OpValue& v) {
                 c.devices.resize(static_cast<std::size_t>(int_of("devices", v, 1, 4)), c.devices.front());
               }});
  k.push_back({"clusters", "clusters per device (1..14)", false, [](SwapConfig& c, const OpValue& v) {
                 for (DeviceConfig& d : c.devices) d.clusters = static_cast<int>(int_of("clusters", v, 1, 14));
               }});
  k.push_back({"synchronous_io", "SWP_SYNCHRONOUS_IO on every device (swap-in frees the swap cache)", false,
               [](SwapConfig& c, const OpValue& v) {
                 for (DeviceConfig& d : c.devices) d.synchronous_io = bool_of("synchronous_io", v);
               }});
  k.push_back({"ptes_per_mm", "PTE slots per mm", false,
               [](SwapConfig& c, const OpValue& v) { c.ptes_per_mm = static_cast<int>(int_of("ptes_per_mm", v, 1, 16)); }});
  k.push_back({"memcgs", "memcgs below the root (ids 2.., all children of the root)", false, [](SwapConfig& c, const OpValue& v) {
                 c.memcgs.resize(1 + static_cast<std::size_t>(int_of("memcgs", v, 0, 8)));
               }});
  k.push_back({"design", "\"swap_table\" (phase IV) or \"vswap_desc\" (seed 001's per-entry descriptors)", true,
               [](SwapConfig& c, const OpValue& v) {
                 const std::string* s = std::get_if<std::string>(&v);
                 if (s == nullptr || (*s != "swap_table" && *s != "vswap_desc"))
                   throw std::invalid_argument("design must be \"swap_table\" or \"vswap_desc\"");
                 c.design = *s == "vswap_desc" ? Design::VswapDesc : Design::SwapTable;
               }});
  k.push_back({"thp", "CONFIG_TRANSPARENT_HUGEPAGE (and THP_SWAP)", false,
               [](SwapConfig& c, const OpValue& v) { c.thp = bool_of("thp", v); }});
  k.push_back({"memcg", "\"v1\" (memsw) or \"v2\" (swap counter)", true, [](SwapConfig& c, const OpValue& v) {
                 const std::string* s = std::get_if<std::string>(&v);
                 if (s == nullptr || (*s != "v1" && *s != "v2")) throw std::invalid_argument("memcg must be \"v1\" or \"v2\"");
                 c.memcg_mode = *s == "v1" ? MemcgMode::V1 : MemcgMode::V2;
               }});
  k.push_back({"zswap", "zswap enabled at boot", false, [](SwapConfig& c, const OpValue& v) { c.zswap_enabled = bool_of("zswap", v); }});
  k.push_back({"gfp_atomic_fails", "GFP_ATOMIC allocations (the extend table during dup) fail", false,
               [](SwapConfig& c, const OpValue& v) { c.gfp_atomic_fails = bool_of("gfp_atomic_fails", v); }});
  k.push_back({"vswap", "CONFIG_VSWAP (seed 004): swap-out allocates from the vswap device first", false,
               [](SwapConfig& c, const OpValue& v) { c.vswap = bool_of("vswap", v); }});
  k.push_back({"vswap_clusters", "cluster indices of the vswap device's xarray (2..14; 0 is the header cluster)", false,
               [](SwapConfig& c, const OpValue& v) { c.vswap_clusters = static_cast<int>(int_of("vswap_clusters", v, 2, 14)); }});
  k.push_back({"zswap_store_fail_page", "zswap_store_page fails for this page of a folio (-1: never)", false,
               [](SwapConfig& c, const OpValue& v) { c.zswap_store_fail_page = static_cast<int>(int_of("zswap_store_fail_page", v, -1, 1)); }});
  k.push_back({"zswap_decompress_fails", "zswap_decompress fails (zswap writeback's -EIO path)", false,
               [](SwapConfig& c, const OpValue& v) { c.zswap_decompress_fails = bool_of("zswap_decompress_fails", v); }});
  k.push_back({"debug_vm", "CONFIG_DEBUG_VM: record VM_WARN_ON warnings", false,
               [](SwapConfig& c, const OpValue& v) { c.debug_vm = bool_of("debug_vm", v); }});
  return k;
}

}  // namespace

const std::vector<ConfigKnob>& config_registry() {
  static const std::vector<ConfigKnob> knobs = build_knobs();
  return knobs;
}

void set_config(SwapConfig& cfg, const std::string& name, const OpValue& value) {
  for (const ConfigKnob& k : config_registry())
    if (k.name == name) return k.set(cfg, value);
  for (const MutationEntry& m : mutation_registry())
    if (m.name == name) return static_cast<void>(set_mutation(cfg, name, bool_of(name, value)));
  for (const FixEntry& f : fix_registry())
    if (f.name == name) return static_cast<void>(set_fix(cfg, name, bool_of(name, value)));
  throw std::invalid_argument("unknown configuration key \"" + name + "\"");
}

}  // namespace swapmodel
