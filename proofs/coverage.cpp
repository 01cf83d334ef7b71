// The model's transition functions and the claims that cover them (coverage.h).
#include "proofs/coverage.h"

#include <set>

#include "proofs/smt_domain.h"

namespace swapproofs {

namespace {
constexpr const char* kTable = "model/swap_count_steps.h";
constexpr const char* kVswap = "model/vswap/vswap_steps.h";
constexpr const char* kDesc = "model/desc/swap_refs.h";
constexpr const char* kMemcg = "model/memcg_steps.h";
}  // namespace

const std::vector<ModelTransition>& model_transitions() {
  static const std::vector<ModelTransition> all = {
      // seed 000 / phase IV swap table
      {"__swap_cluster_dup_entry", "model/swapfile_count.cpp", kTable, ""},
      {"__swap_cluster_put_entry", "model/swapfile_count.cpp", kTable, ""},
      {"swap_put_entries_cluster", "model/swapfile_count.cpp", kTable, ""},
      {"__swap_cluster_free_entries", "model/swapfile_count.cpp", kTable, ""},
      {"__swap_cluster_alloc_entries", "model/swapfile_alloc.cpp", kTable, ""},
      {"__swap_cache_add_check", "model/swap_state.cpp", kTable, ""},
      {"__swap_cache_add_folio", "model/swap_state.cpp", kTable, ""},
      {"__swap_cache_del_folio", "model/swap_state.cpp", kTable, ""},
      {"swap_zeromap_folio_update", "model/page_io.cpp", kTable, ""},
      {"swap_dup_entries_cluster", "model/swapfile_count.cpp", "",
       "the batch loop: drops ci->lock on -ENOMEM to allocate the extend table, rolls back with puts; a section, not a "
       "pure step (claims table.dup, dup_rollback, dup_enomem_batch and dup_error_try_free compose its transitions)"},
      {"swap_extend_table_alloc", "model/cluster.cpp", kTable, ""},
      {"swap_extend_table_try_free", "model/cluster.cpp", kTable, ""},
      {"cluster counts (ci->count)", "model/swapfile_alloc.cpp, model/swapfile_count.cpp, model/vswap/backing.cpp", kTable,
       ""},
      // seed 004 virtual swap
      {"vswap_mark_cache_only", "model/vswap/rmap.cpp", kVswap, ""},
      {"vswap_clear_cache_only", "model/vswap/rmap.cpp", kVswap, ""},
      {"__vswap_check_backing", "model/vswap/backing.cpp", kVswap, ""},
      {"__vswap_release_backing", "model/vswap/backing.cpp", kVswap, ""},
      {"vswap_zswap_store", "model/vswap/backing.cpp", kVswap, ""},
      {"folio_realloc_swap", "model/vswap/backing.cpp", kVswap, ""},
      {"__swap_cluster_free_phys_backing", "model/vswap/backing.cpp", "",
       "NULLs the Pointer words of a physical run inline (the claims count a slot's Pointer words as nptr and take it "
       "down where __vswap_release_backing's shared transition frees the run); its ci->count update is the shared "
       "cluster count step"},
      // seed 001 descriptors
      {"swap_duplicate_nr", "model/desc/refs.cpp", kDesc, ""},
      {"vswap_free_nr_any_cache_only", "model/desc/refs.cpp", kDesc, ""},
      {"swapcache_clear", "model/desc/refs.cpp", kDesc, ""},
      {"swapcache_prepare", "model/desc/refs.cpp", kDesc, ""},
      {"vswap_swapcache_only", "model/desc/refs.cpp", kDesc, ""},
      {"non_swapcache_batch", "model/desc/refs.cpp", kDesc, ""},
      {"folio_swapped", "model/desc/refs.cpp", kDesc, ""},
      {"xas_for_each range walks", "model/desc/refs.cpp", kDesc, ""},
      // memcg
      {"page_counter_try_charge", "model/memcg.cpp", kMemcg, ""},
      {"mem_cgroup_private_id_get_online", "model/memcg.cpp", kMemcg, ""},
      {"__mem_cgroup_try_charge_swap", "model/memcg.cpp", kMemcg, ""},
      {"vswap_uncharge_cgroup_batch", "model/vswap/backing.cpp", kMemcg, ""},
      {"page_counter_uncharge", "model/memcg.cpp", kMemcg, ""},
      {"mem_cgroup_private_id_put", "model/memcg.cpp", kMemcg, ""},
      {"__swap_cgroup_set / __swap_cgroup_clear", "model/cluster.cpp", "",
       "the memcg table's record (the claims count recorded slots as rd / rv)"},
  };
  return all;
}

std::map<std::string, std::vector<std::string>> coverage(const std::vector<ClaimDef>& claims) {
  std::map<std::string, std::vector<std::string>> out;
  z3::context c;
  for (const ClaimDef& claim : claims) {
    std::set<std::string> covered;
    {
      CoverageScope scope(&covered);
      (void)claim.encode(c);
    }
    for (const std::string& f : covered) out[f].push_back(claim.design + "." + claim.step);
  }
  return out;
}

std::vector<ModelTransition> uncovered(const std::vector<ClaimDef>& claims) {
  const auto cov = coverage(claims);
  std::vector<ModelTransition> out;
  for (const ModelTransition& t : model_transitions())
    if (!cov.count(t.function)) out.push_back(t);
  return out;
}

std::string coverage_report(const std::vector<ClaimDef>& claims) {
  const std::vector<ModelTransition> missing = uncovered(claims);
  std::string out;
  for (const ModelTransition& t : missing) {
    out += "uncovered  " + t.function + "  (" + t.where + ")  ";
    out += t.shared.empty() ? "not shared: " + t.why : "shared in " + t.shared + ", but no claim instantiates it";
    out += "\n";
  }
  const std::size_t n = model_transitions().size();
  out += std::to_string(n - missing.size()) + " of " + std::to_string(n) + " model transition functions covered, " +
         std::to_string(missing.size()) + " uncovered\n";
  return out;
}

}  // namespace swapproofs
