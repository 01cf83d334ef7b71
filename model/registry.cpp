// Argument binding, the mutation table and the configuration knobs of registry.h.
#include "model/registry.h"

#include "model/model.h"

#include <algorithm>
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
       "table/mutations/dup_without_ptl.json",
       "try_to_unmap_one (mm/rmap.c) installing the swap PTE and folio_dup_swap (mm/swapfile.c), seed 000"},
      {"swap_cache_alloc_no_recheck",
       "__swap_cache_alloc drops the re-check under the cluster lock: two faults both insert a folio (seed 002)",
       "table/mutations/swap_cache_alloc_no_recheck.json",
       "__swap_cache_alloc (mm/swap_state.c), seed 002"},
      {"fallback_loop_v4",
       "swap_cache_alloc_folio's v4 while (orders) loop: never ends on an order-0 failure without THP (seed 002)",
       "table/mutations/fallback_loop_v4.json",
       "swap_cache_alloc_folio (mm/swap_state.c), seed 002 (its v4)"},
      {"swapin_without_device_ref",
       "do_swap_page without tryget_swap_entry: swapoff frees the clusters under the fault (seed 003)",
       "table/mutations/swapin_without_device_ref.json",
       "do_swap_page (mm/memory.c) with tryget_swap_entry (mm/swap.h), seed 003"},
      {"desc_dup_no_add_unless",
       "vswap_desc: swap_duplicate_nr's atomic_add_unless(refs, 2, 0) as a plain add revives a descriptor whose refs reached 0 (seed 001)",
       "desc/mutations/desc_dup_no_add_unless.json",
       "swap_duplicate_nr (mm/vswap.c), seed 001"},
      {"no_dead_recheck",
       "__swap_cluster_lock returns a vswap cluster without re-checking CLUSTER_FLAG_DEAD under its lock (seed 004 P1)",
       "vswap/no_dead_recheck.json",
       "__swap_cluster_lock (mm/swap.h), seed 004 P1"},
      {"reclaim_range_no_rcu",
       "cluster_reclaim_range drops ci->lock without rcu_read_lock around its unlocked window (seed 004 P1)",
       "vswap/reclaim_range_no_rcu.json",
       "cluster_reclaim_range (mm/swapfile.c), seed 004 P1"},
      {"free_cluster_no_dead_flag", "vswap_free_cluster does not mark the cluster CLUSTER_FLAG_DEAD (seed 004 P1)",
       "vswap/free_cluster_no_dead_flag.json",
       "vswap_free_cluster (mm/swapfile.c), seed 004 P1"},
      {"free_cluster_plain_kfree", "vswap_free_cluster kfree()s the dynamic cluster instead of kfree_rcu() (seed 004 P1)",
       "vswap/free_cluster_plain_kfree.json",
       "vswap_free_cluster (mm/swapfile.c), seed 004 P1"},
      {"no_clear_cache_only",
       "swap_dup_entries_cluster skips vswap_clear_cache_only: a re-referenced slot keeps a stale SWP_RMAP_CACHE_ONLY hint (seed 004 P3)",
       "vswap/no_clear_cache_only.json",
       "swap_dup_entries_cluster and vswap_clear_cache_only (mm/swapfile.c), seed 004 P3"},
      {"realloc_no_charge_rollback",
       "folio_realloc_swap keeps the physical slots when the memcg charge fails (seed 004 P4)",
       "vswap/realloc_no_charge_rollback.json",
       "folio_realloc_swap (mm/swapfile.c), seed 004 P4"},
      {"scan_reclaims_vswap",
       "cluster_scan_range reclaims cache-only vswap slots when swap is nearly full, as at P1 before P2's \"never reclaim\" test (seed 004 P1)",
       "vswap/scan_reclaims_vswap.json",
       "cluster_scan_range (mm/swapfile.c), seed 004 P1"},
      {"private_id_get_no_tryget",
       "mem_cgroup_private_id_get_online takes refcount_add instead of refcount_inc_not_zero: a swap-out revives the id of a memcg going offline (dead_once)",
       "table/mutations/private_id_get_no_tryget.json",
       "mem_cgroup_private_id_get_online (mm/memcontrol.c), seed 004"},
      {"tryget_ignores_dead",
       "get_swap_device_info counts a reference without testing si->users' dead flag: a fault takes a reference on a device swapoff finished (dead_once)",
       "table/mutations/tryget_ignores_dead.json",
       "get_swap_device_info (mm/swapfile.c), upstream (seed 001 quotes it)"},
      {"reclaim_range_relocks_stale",
       "cluster_reclaim_range relocks the cluster it dropped instead of looking it up again (before seed 004 P1): a retired vswap cluster is retired again (dead_once)",
       "vswap/reclaim_range_relocks_stale.json",
       "cluster_reclaim_range (mm/swapfile.c), seed 004 P1"},
      {"extend_table_free_keeps_pointer",
       "swap_extend_table_try_free frees the extend table but leaves ci->extend_table naming it (dead_once)",
       "table/mutations/extend_table_free_keeps_pointer.json",
       "swap_extend_table_try_free (mm/swapfile.c), seed 004"},
      {"swapoff_no_flush_reclaim_work",
       "swapoff frees the device's clusters without flush_work(&si->reclaim_work): swap_reclaim_work, which holds no device reference, walks freed clusters",
       "table/mutations/swapoff_no_flush_reclaim_work.json",
       "swapoff (mm/swapfile.c), upstream, which seed 000 and the seeds built on it keep"},
      {"move_retry_keeps_swapoff_locked",
       "move_pages_ptes drops its device reference to sleep on the source folio's lock but leaves swapoff_locked set: a retry that ends before its own tryget_swap_entry puts the reference again (seed 003)",
       "table/mutations/move_retry_keeps_swapoff_locked.json",
       "move_pages_ptes (mm/userfaultfd.c), seed 003"},
      {"shmem_free_swap_no_entry_check",
       "shmem_free_swap erases the mapping's entry and puts its swap count without re-testing, under xa_lock, that the entry is still the swap entry its lockless lookup saw: a truncation racing with shmem swap-in puts the count the swap-in's folio_put_swap already put",
       "table/callers/shmem_free_swap_no_entry_check.json",
       "shmem_free_swap (mm/shmem.c), upstream with seed 000's swap_put_entries_direct"},
      {"discard_keeps_cluster_listed",
       "swap_do_scheduled_discard discards and frees a cluster without taking it off the discard list: it ends up on the free list and the discard list at once",
       "table/callers/discard_keeps_cluster_listed.json",
       "swap_do_scheduled_discard (mm/swapfile.c), upstream, which seed 000 and the seeds built on it keep"},
      {"split_skips_swap_cache_replace",
       "__folio_split splits a large swap-cache folio without __swap_cache_replace_folio for the new folio: its slot's table word still names the old folio, now order 0",
       "table/callers/split_skips_swap_cache_replace.json",
       "__folio_split (mm/huge_memory.c), upstream with the swap table's __swap_cache_replace_folio (seed 000's phase II base)"},
      {"realloc_releases_backing",
       "folio_realloc_swap releases the slots' old backing itself: zswap writeback's -EIO path stores the freed zswap entry back (seed 004 P3; dead_once)",
       "vswap/realloc_releases_backing.json",
       "folio_realloc_swap (mm/swapfile.c), seed 004 P3"},
      {"swapoff_no_wait_users",
       "swapoff frees the device right after percpu_ref_kill, without synchronize_rcu and waiting for si->users: under seed 001's virtual entries a zap's vswap_free, still inside swap_slot_free_nr, unlocks the freed cluster lock",
       "desc/mutations/swapoff_no_wait_users.json",
       "swapoff (mm/swapfile.c), upstream, with seed 001's vswap free_swap_and_cache_nr"},
      {"desc_free_no_uncharge",
       "vswap_desc: vswap_free skips mem_cgroup_uncharge_swap(entry, 1): the memcg keeps the swap charge and the private id reference of a freed entry (seed 001)",
       "desc/mutations/desc_free_no_uncharge.json",
       "vswap_free (mm/vswap.c), seed 001"},
  };
  return table;
}

const std::vector<FixEntry>& fix_registry() {
  static const std::vector<FixEntry> table = {
      {"zero_writeout_drops_zswap",
       "swap_writeout drops stale zswap entries before setting the zero flag, so zswap writeback cannot resurrect old data",
       "table/findings/stale_zswap_after_zero_writeout.json",
       "swap_writeout -> swap_zeromap_folio_set (mm/page_io.c), the swap table with zswap (seeds 000, 002, 003); seed 004 P2 releases a slot's prior backing there for vswap entries only"},
      {"desc_non_swapcache_batch_fixed",
       "vswap_desc: non_swapcache_batch stops at a cached entry, as its comment says (seed 001 tests the opposite, so large direct swap-in never happens); not a race itself: the scenario named turns it on to reach desc_walk_stops_at_hole's race",
       "desc/findings/desc_thp_swapin_vs_zap.json",
       "non_swapcache_batch (mm/memory.c), seed 001"},
      {"desc_walk_stops_at_hole",
       "vswap_desc: range walks stop at a freed index instead of miscounting (swapcache_prepare leaks a cache pin when the range's first entry was freed)",
       "desc/findings/desc_thp_swapin_vs_zap.json",
       "the xas_for_each walks of mm/vswap.c (swapcache_prepare, swap_duplicate_nr, ...), seed 001"},
      {"desc_swapin_checks_si",
       "vswap_desc: do_swap_page tests si before si->flags (seed 001's trylock_swapoff succeeds with si == NULL once a zap freed the entry)",
       "desc/findings/desc_swapin_vs_zap.json",
       "do_swap_page (mm/memory.c) after trylock_swapoff (include/linux/swap.h), seed 001"},
      {"vswap_backend_flag_rcu",
       "vswap: swap_entry_backend_has_flag looks the vswap cluster up under RCU with the DEAD re-check (do_swap_page calls it unpinned)",
       "vswap/swapin_vs_zap.json",
       "swap_entry_backend_has_flag (mm/vswap.h), seed 004"},
      {"vswap_realloc_marks_cache_only",
       "vswap: folio_realloc_swap marks SWP_RMAP_CACHE_ONLY on slots already at count 0 (a put before the install left the hint clear)",
       "vswap/zswap_writeback_vs_zap.json",
       "folio_realloc_swap (mm/swapfile.c), seed 004"},
      {"vswap_lock_before_publish",
       "vswap: alloc_swap_scan_dynamic locks the new cluster before xa_alloc publishes it (a stale percpu offset can otherwise fill and retire it first)",
       "vswap/publish_before_lock.json",
       "alloc_swap_scan_dynamic (mm/swapfile.c), seed 004"},
      {"dup_enomem_keeps_extend_table",
       "swap_dup_entries_cluster's -ENOMEM error path leaves the extend table for the retry (two forks at the limit free each other's table for ever)",
       "table/findings/fork_at_limit_vs_fork.json",
       "swap_dup_entries_cluster (mm/swapfile.c), the swap table (seed 000's lifetime API)"},
      {"swapin_fallback_breaks_at_order0",
       "vswap: swap_cache_alloc_folio's order fallback stops at order 0 (seed 004 P1 drops the break: an order-0 -ENOMEM retries for ever without THP)",
       "vswap/swapin_fallback_no_order0_break.json",
       "swap_cache_alloc_folio (mm/swap_state.c), seed 004 P1"},
      {"populate_publishes_under_lock",
       "swap_cluster_populate's sleeping retry publishes the new table only after relocking the cluster (the seed publishes it unlocked: a stale percpu offset fills, frees and re-lists the isolated cluster)",
       "table/findings/populate_retry_vs_stale_percpu.json",
       "swap_cluster_populate (mm/swapfile.c), seed 004 P6"},
      {"vswap_flag_data_race",
       "put_swap_device and swap_is_vswap test SWP_VSWAP with data_race() (the seed's plain unlocked read of si->flags races with swapoff clearing SWP_WRITEOK)",
       "table/findings/put_swap_device_flags_race.json",
       "put_swap_device (include/linux/swap.h), swap_is_vswap (mm/vswap.h), seed 004 P1"},
      {"swp_writeok_marked",
       "SWP_WRITEOK is cleared with WRITE_ONCE and tested with READ_ONCE by the allocator (the plain test under ci->lock races with swapoff's plain clear under si->lock)",
       "table/findings/swapout_writeok_race.json",
       "del_from_avail_list, cluster_alloc_range / __swap_cluster_alloc_entries, swap_alloc_hibernation_slot (mm/swapfile.c), seed 000"},
      {"sync_discard_flag_data_race",
       "swap_sync_discard tests SWP_PAGE_DISCARD with data_race(): the plain read, under a device reference and no lock, races with swapoff clearing SWP_WRITEOK in the same si->flags word",
       "table/callers/sync_discard_flag_race.json",
       "swap_sync_discard (mm/swapfile.c), upstream, under folio_alloc_swap (seed 000)"},
      {"desc_swap_map_marked",
       "vswap_desc: swap_slot_range_free and cluster_alloc_range store swap_map words with WRITE_ONCE (the plain stores under the cluster lock race with find_next_to_unuse's lockless READ_ONCE in swapoff)",
       "desc/findings/desc_zap_vs_swapoff.json",
       "swap_slot_range_free, cluster_alloc_range, find_next_to_unuse (mm/swapfile.c), seed 001 on its v6.15 base"},
      {"desc_unuse_checks_vswap_count",
       "vswap_desc: swapoff's unuse_pte_range tests the virtual entry's count when its swap-in finds no folio (v6.15's test of the physical swap_map word sees a slot a concurrent vswap_free has not cleared yet, and swapoff fails with -ENOMEM)",
       "desc/findings/desc_swapoff_vs_zap_enomem.json",
       "unuse_pte_range (mm/swapfile.c, v6.15) under seed 001's vswap_free (mm/vswap.c); the vswap type test is inferred"},
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

// An integer knob in [lo, hi].
ConfigKnob integer_knob(const char* name, const char* doc, const char* kernel, std::int64_t lo, std::int64_t hi,
                        std::function<void(SwapConfig&, std::int64_t)> set,
                        std::function<std::int64_t(const SwapConfig&)> get) {
  ConfigKnob k;
  k.name = name;
  k.doc = doc;
  k.kernel = kernel;
  k.kind = ConfigKnob::Kind::Integer;
  k.lo = lo;
  k.hi = hi;
  k.set = [n = k.name, lo, hi, set](SwapConfig& c, const OpValue& v) { set(c, int_of(n, v, lo, hi)); };
  k.get = [get](const SwapConfig& c) { return OpValue{get(c)}; };
  return k;
}

// A flag: 0 or 1.
ConfigKnob flag_knob(const char* name, const char* doc, const char* kernel, std::function<void(SwapConfig&, bool)> set,
                     std::function<bool(const SwapConfig&)> get) {
  ConfigKnob k = integer_knob(name, doc, kernel, 0, 1, [set](SwapConfig& c, std::int64_t v) { set(c, v != 0); },
                              [get](const SwapConfig& c) { return std::int64_t{get(c) ? 1 : 0}; });
  k.kind = ConfigKnob::Kind::Flag;
  k.set = [n = k.name, set](SwapConfig& c, const OpValue& v) { set(c, bool_of(n, v)); };
  return k;
}

// One of `choices` (the first is listed first in messages).
ConfigKnob choice_knob(const char* name, const char* doc, const char* kernel, std::vector<std::string> choices,
                       std::function<void(SwapConfig&, const std::string&)> set,
                       std::function<std::string(const SwapConfig&)> get) {
  ConfigKnob k;
  k.name = name;
  k.doc = doc;
  k.kernel = kernel;
  k.kind = ConfigKnob::Kind::Choice;
  k.choices = choices;
  k.is_string = true;
  k.set = [n = k.name, text = k.value_text(), choices, set](SwapConfig& c, const OpValue& v) {
    const std::string* s = std::get_if<std::string>(&v);
    if (s == nullptr || std::find(choices.begin(), choices.end(), *s) == choices.end())
      throw std::invalid_argument(n + " must be " + text);
    set(c, *s);
  };
  k.get = [get](const SwapConfig& c) { return OpValue{get(c)}; };
  return k;
}

std::vector<ConfigKnob> build_knobs() {
  using C = SwapConfig;
  std::vector<ConfigKnob> k;
  k.push_back(integer_knob("slots_per_cluster", "slots per cluster", "SWAPFILE_CLUSTER (mm/swapfile.c; 512 on x86-64)", 2,
                           64, [](C& c, std::int64_t v) { c.slots_per_cluster = static_cast<int>(v); },
                           [](const C& c) { return c.slots_per_cluster; }));
  k.push_back(integer_knob("count_max", "the count limit before the extend table", "SWP_TB_COUNT_MAX (mm/swap_table.h; 15 on x86-64)",
                           2, 15, [](C& c, std::int64_t v) { c.count_max = static_cast<int>(v); },
                           [](const C& c) { return c.count_max; }));
  k.push_back(integer_knob("nr_cpus", "model CPUs: a thread's \"cpu\" is one of 0..nr_cpus-1",
                           "the percpu_swap_cluster instances (mm/swapfile.c)", 1, 8,
                           [](C& c, std::int64_t v) { c.nr_cpus = static_cast<int>(v); }, [](const C& c) { return c.nr_cpus; }));
  k.push_back(integer_knob("devices", "swap devices, types 0..devices-1, each with \"clusters\" clusters",
                           "swap_info[] (mm/swapfile.c), each swapped on", 1, 4,
                           [](C& c, std::int64_t v) { c.devices.resize(static_cast<std::size_t>(v), c.devices.front()); },
                           [](const C& c) { return static_cast<std::int64_t>(c.devices.size()); }));
  k.push_back(integer_knob("clusters", "clusters per device: a device has clusters x slots_per_cluster slots",
                           "si->cluster_info (mm/swapfile.c)", 1, 14,
                           [](C& c, std::int64_t v) {
                             for (DeviceConfig& d : c.devices) d.clusters = static_cast<int>(v);
                           },
                           [](const C& c) { return std::int64_t{c.devices.front().clusters}; }));
  k.push_back(flag_knob("synchronous_io", "every device is synchronous: swap-in bypasses and frees the swap cache",
                        "SWP_SYNCHRONOUS_IO (include/linux/swap.h)",
                        [](C& c, bool v) {
                          for (DeviceConfig& d : c.devices) d.synchronous_io = v;
                        },
                        [](const C& c) { return c.devices.front().synchronous_io; }));
  k.push_back(flag_knob("discard", "every device discards freed clusters: they wait on the discard list for the device's discard work (or the allocator's swap_sync_discard) before they are free again",
                        "SWP_PAGE_DISCARD (swapon --discard=pages; mm/swapfile.c's discard list and discard work)",
                        [](C& c, bool v) {
                          for (DeviceConfig& d : c.devices) d.discard = v;
                        },
                        [](const C& c) { return c.devices.front().discard; }));
  k.push_back(integer_knob("ptes_per_mm", "PTE slots per mm: a step's \"idx\" is one of 0..ptes_per_mm-1",
                           "one page table of the mm (mm/memory.c)", 1, 16,
                           [](C& c, std::int64_t v) { c.ptes_per_mm = static_cast<int>(v); },
                           [](const C& c) { return c.ptes_per_mm; }));
  k.push_back(integer_knob("memcgs", "memcgs below the root: ids 2..memcgs+1, children of the root (id 1); see memcg_limits",
                           "struct mem_cgroup (mm/memcontrol.c) and its private id", 0, 8,
                           [](C& c, std::int64_t v) { c.memcgs.resize(1 + static_cast<std::size_t>(v)); },
                           [](const C& c) { return static_cast<std::int64_t>(c.memcgs.size()) - 1; }));
  k.push_back(choice_knob("design", "the swap-entry lifetime design: the swap table, or seed 001's per-entry descriptors",
                          "swap_table: mm/swap_table.h (seeds 000, 002, 003; with \"vswap\": 1, seed 004); vswap_desc: mm/vswap.c of seed 001",
                          {"swap_table", "vswap_desc"},
                          [](C& c, const std::string& v) { c.design = v == "vswap_desc" ? Design::VswapDesc : Design::SwapTable; },
                          [](const C& c) { return std::string(c.design == Design::VswapDesc ? "vswap_desc" : "swap_table"); }));
  k.push_back(flag_knob("thp", "order-1 folios may be swapped out and in whole", "CONFIG_TRANSPARENT_HUGEPAGE and THP_SWAP",
                        [](C& c, bool v) { c.thp = v; }, [](const C& c) { return c.thp; }));
  k.push_back(choice_knob("memcg", "the memcg swap accounting: v1 charges memsw, v2 the swap counter",
                          "mm/memcontrol-v1.c (memsw) or mm/memcontrol.c (memory.swap.max)", {"v1", "v2"},
                          [](C& c, const std::string& v) { c.memcg_mode = v == "v1" ? MemcgMode::V1 : MemcgMode::V2; },
                          [](const C& c) { return std::string(c.memcg_mode == MemcgMode::V1 ? "v1" : "v2"); }));
  k.push_back(flag_knob("zswap", "zswap is enabled at boot: swap-out tries zswap_store first, and THP swap-in is off",
                        "zswap.enabled (mm/zswap.c)", [](C& c, bool v) { c.zswap_enabled = v; },
                        [](const C& c) { return c.zswap_enabled; }));
  k.push_back(flag_knob("gfp_atomic_fails", "GFP_ATOMIC allocations fail: dup's extend table, the lazy memcg table",
                        "swap_extend_table_alloc (mm/swapfile.c) under GFP_ATOMIC", [](C& c, bool v) { c.gfp_atomic_fails = v; },
                        [](const C& c) { return c.gfp_atomic_fails; }));
  k.push_back(flag_knob("vswap", "swap-out allocates from the vswap device first (design swap_table only)",
                        "CONFIG_VSWAP (seed 004)", [](C& c, bool v) { c.vswap = v; }, [](const C& c) { return c.vswap; }));
  k.push_back(integer_knob("vswap_clusters", "cluster indices of the vswap device's xarray (0 is the header cluster)",
                           "the vswap device's dynamic clusters (mm/swapfile.c, seed 004)", 2, 14,
                           [](C& c, std::int64_t v) { c.vswap_clusters = static_cast<int>(v); },
                           [](const C& c) { return c.vswap_clusters; }));
  k.push_back(integer_knob("zswap_store_fail_page", "zswap_store_page fails for this page of a folio; -1: never",
                           "zswap_store_page (mm/zswap.c)", -1, 1,
                           [](C& c, std::int64_t v) { c.zswap_store_fail_page = static_cast<int>(v); },
                           [](const C& c) { return c.zswap_store_fail_page; }));
  k.push_back(flag_knob("zswap_decompress_fails", "zswap_decompress fails (zswap writeback's -EIO path)",
                        "zswap_decompress (mm/zswap.c)", [](C& c, bool v) { c.zswap_decompress_fails = v; },
                        [](const C& c) { return c.zswap_decompress_fails; }));
  k.push_back(flag_knob("debug_vm", "VM_WARN_ON conditions are evaluated and recorded as warnings",
                        "CONFIG_DEBUG_VM", [](C& c, bool v) { c.debug_vm = v; }, [](const C& c) { return c.debug_vm; }));
  return k;
}

}  // namespace

std::string ConfigKnob::value_text() const {
  switch (kind) {
    case Kind::Integer: return "integer " + std::to_string(lo) + ".." + std::to_string(hi);
    case Kind::Flag: return "0 or 1";
    case Kind::Choice: {
      std::string s;
      for (std::size_t i = 0; i < choices.size(); ++i)
        s += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + ("\"" + choices[i] + "\"");
      return s;
    }
  }
  return "";
}

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
