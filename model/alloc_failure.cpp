// Allocation failure as a data choice (alloc_failure.h).
#include "model/alloc_failure.h"

#include "checker/execution.h"
#include "model/model.h"

namespace swapmodel {

const std::vector<AllocSiteInfo>& alloc_site_registry() {
  static const std::vector<AllocSiteInfo> sites = {
      {AllocSite::CiDyn, "ci_dyn", false, "alloc_swap_scan_dynamic: kzalloc(ci_dyn, GFP_ATOMIC) (seed 004 P1)"},
      {AllocSite::SwapTable, "swap_table", false,
       "swap_cluster_alloc_table's table without sleeping: swap_cluster_populate's first try, alloc_swap_scan_dynamic (seed 004 P1)"},
      {AllocSite::SwapTableSleep, "swap_table_sleep", true, "swap_cluster_populate's sleeping retry of the table (GFP_KERNEL)"},
      {AllocSite::MemcgTable, "memcg_table", false,
       "ci->memcg_table without sleeping: swap_cluster_alloc_table, and the lazy one of alloc_swap_scan_cluster (seed 004 P6)"},
      {AllocSite::MemcgTableSleep, "memcg_table_sleep", true, "ci->memcg_table in swap_cluster_populate's sleeping retry (GFP_KERNEL)"},
      {AllocSite::VirtualTable, "virtual_table", false, "vswap_cluster_alloc_vtable: kcalloc(GFP_ATOMIC) (seed 004 P2)"},
      {AllocSite::XaAlloc, "xa_alloc", false, "alloc_swap_scan_dynamic: xa_alloc(GFP_ATOMIC) returns -ENOMEM (seed 004 P1)"},
      {AllocSite::ExtendTable, "extend_table", false, "swap_extend_table_alloc from swap_dup_entries_cluster (GFP_ATOMIC)"},
      {AllocSite::ExtendTableSleep, "extend_table_sleep", true, "swap_extend_table_alloc from swap_retry_table_alloc (GFP_KERNEL)"},
      {AllocSite::ZswapEntry, "zswap_entry", true, "zswap_store_page: zswap_entry_cache_alloc(GFP_KERNEL)"},
      {AllocSite::ZswapTree, "zswap_tree", true, "zswap_store_page: xa_store into the zswap tree (GFP_KERNEL; seed 004 P2 non-vswap branch)"},
      {AllocSite::Folio, "folio", true, "folio_alloc of a swap-in or zswap writeback folio (swap_cache_alloc_folio, do_swap_page)"},
      {AllocSite::SwpDesc, "swp_desc", true, "seed 001 vswap_alloc: the descriptors (kmem_cache_alloc_bulk) [inferred]"},
  };
  return sites;
}

std::optional<AllocSite> alloc_site_from_name(const std::string& name) {
  for (const AllocSiteInfo& s : alloc_site_registry())
    if (name == s.name) return s.site;
  return std::nullopt;
}

const char* alloc_site_name(AllocSite s) { return alloc_site_registry().at(static_cast<std::size_t>(s)).name; }

namespace {

// might_sleep(): a GFP_KERNEL allocation under a spinlock or inside an RCU read-side section.
void might_sleep(AllocSite site) {
  checker::Execution* ex = checker::current_execution();
  if (!ex->live() || !ex->in_model_thread()) return;
  const checker::ModelThread& me = ex->self_thread();
  if (me.spin_depth == 0 && me.rcu_depth == 0) return;
  ex->fail(checker::Verdict::SleepInAtomic, "sleep_in_atomic",
           std::string("sleeping allocation (") + alloc_site_name(site) + ") " +
               (me.spin_depth > 0 ? "while holding a spinlock" : "inside an RCU read-side section"));
}

}  // namespace

bool alloc_fails(AllocSite site, bool gfp_atomic_knob) {
  const SwapConfig& cfg = model().cfg;
  if (alloc_site_registry().at(static_cast<std::size_t>(site)).may_sleep) might_sleep(site);
  if (gfp_atomic_knob && cfg.gfp_atomic_fails) return true;
  if ((cfg.alloc_failure & alloc_site_bit(site)) == 0) return false;
  checker::Execution* ex = checker::current_execution();
  if (!ex->live() || !ex->in_model_thread()) return false;
  return ex->choose(2) == 1;
}

}  // namespace swapmodel
