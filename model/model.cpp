// Building one execution's swap model: devices swapped on (mm/swapfile.c: swapon's
// setup_swap_clusters_info and enable_swap_info), memcgs online, per-CPU caches empty.
#include "model/model.h"

#include <stdexcept>

#include "checker/heap.h"
#include "checker/object.h"
#include "model/alloc_failure.h"
#include "model/desc/state.h"
#include "model/vswap/vswap.h"
#include "model/workqueue.h"
#include "model/packed_list.h"

namespace swapmodel {

namespace {
thread_local SwapModel* g_model = nullptr;

void validate(const SwapConfig& cfg) {
  if (cfg.slots_per_cluster < 2 || cfg.slots_per_cluster > 64) throw std::invalid_argument("slots_per_cluster must be 2..64");
  if (cfg.count_max < 2 || cfg.count_max > 15) throw std::invalid_argument("count_max must be 2..15");
  if (cfg.devices.empty() || cfg.devices.size() > 4) throw std::invalid_argument("1..4 devices");
  for (const DeviceConfig& d : cfg.devices)
    if (d.clusters < 1 || d.clusters > 14) throw std::invalid_argument("clusters per device must be 1..14");
  if (cfg.memcgs.empty()) throw std::invalid_argument("memcgs[0] is the root and must exist");
  if (cfg.nr_cpus < 1) throw std::invalid_argument("nr_cpus must be >= 1");
  if (cfg.vswap && (cfg.vswap_clusters < 2 || cfg.vswap_clusters > 14)) throw std::invalid_argument("vswap_clusters must be 2..14");
  if (cfg.vswap && cfg.design != Design::SwapTable) throw std::invalid_argument("vswap needs design swap_table");
  if (cfg.design == Design::VswapDesc && cfg.memcg_mode == MemcgMode::V1)
    throw std::invalid_argument("design vswap_desc models memcg v2 only (memcg1_swapout's record is not modelled there)");
}

std::string format_plist(std::uint64_t v) { return plist::format(v); }
}  // namespace

SwapModel& model() {
  if (g_model == nullptr) throw std::logic_error("no swap model in this execution");
  return *g_model;
}

SwapModel::SwapModel(const SwapConfig& config)
    : cfg((validate(config), config)),
      rcu(checker::ObjectName{"rcu"}),
      swap_lock(checker::ObjectName{"swap_lock"}),
      swap_avail_lock(checker::ObjectName{"swap_avail_lock"}),
      swap_avail_head(checker::ObjectName{"swap_avail_head"}, 0, format_plist),
      nr_swap_pages(checker::ObjectName{"nr_swap_pages"}, 0),
      total_swap_pages(checker::ObjectName{"total_swap_pages"}, 0) {
  g_model = this;
  for (std::size_t i = 0; i < cfg.memcgs.size(); ++i) memcgs.emplace_back(static_cast<int>(i + 1), cfg.memcgs[i]);
  for (int cpu = 0; cpu < cfg.nr_cpus; ++cpu) percpu.emplace_back(cpu, cfg.vswap);
  zswap_lru = std::make_unique<ZswapLru>();
  // swapon: every device enabled, each with its header slot marked Bad.
  for (std::size_t t = 0; t < cfg.devices.size(); ++t) {
    SwapDevice& si = devices.emplace_back(static_cast<int>(t), cfg.devices[t], cfg.slots_per_cluster, cfg.nr_cpus);
    nr_swap_pages.store(nr_swap_pages.peek() + si.pages);
    total_swap_pages.store(total_swap_pages.peek() + si.pages);
    swap_avail_head.write(plist::push_tail(swap_avail_head.peek(), si.type));
  }
  if (cfg.design == Design::VswapDesc) vswap_desc = std::make_unique<desc::VswapState>(cfg);
  if (cfg.vswap) vswap = std::make_unique<vswap::VswapState>(cfg);
}

SwapModel::~SwapModel() {
  if (g_model == this) g_model = nullptr;
}

Folio* SwapModel::folio_alloc(int order, int index) {
  CHECKER_FRAME();
  const checker::Execution* ex = checker::current_execution();
  if (ex != nullptr && ex->in_model_thread()) {
    const checker::ThreadId t = ex->self();
    if (t < ghost.folio_budget.size() && ghost.folio_budget[t] >= 0) {
      if (ghost.folio_budget[t] == 0) return nullptr;
      --ghost.folio_budget[t];
    }
  }
  if (alloc_fails(AllocSite::Folio)) return nullptr;
  Folio& f = folios.emplace_back(static_cast<int>(folios.size()), order, index);
  f.refcount.store(1);
  return &f;
}

SwapTable& SwapModel::new_table(int cluster) {
  return tables.emplace_back(static_cast<int>(tables.size() + 1), cluster, cfg.slots_per_cluster);
}

MemcgTable& SwapModel::new_memcg_table(int cluster) {
  return memcg_tables.emplace_back(static_cast<int>(memcg_tables.size() + 1), cluster, cfg.slots_per_cluster);
}

ExtendTable& SwapModel::new_ext_table(int cluster) {
  return ext_tables.emplace_back(static_cast<int>(ext_tables.size() + 1), cluster, cfg.slots_per_cluster);
}

ZswapEntry& SwapModel::new_zswap_entry() {
  return zswap_entries.emplace_back(static_cast<int>(zswap_entries.size() + 1));
}

void SwapModel::set_folio_budget(checker::ThreadId t, int n) {
  if (t >= ghost.folio_budget.size()) ghost.folio_budget.resize(t + 1, -1);
  ghost.folio_budget[t] = n;
}

void SwapModel::warn(const char* what, std::source_location loc) {
  const checker::Execution* ex = checker::current_execution();
  KernelWarning w;
  w.function = checker::bare_function_name(loc.function_name());
  w.what = what;
  if (ex != nullptr) {
    w.step = ex->position();
    w.thread = ex->in_model_thread() ? ex->thread(ex->self()).name : std::string("setup");
  }
  ghost.warnings.push_back(std::move(w));
}

bool WARN_ON(bool cond, const char* what, std::source_location loc) {
  if (cond) model().warn(what, loc);
  return cond;
}

bool VM_WARN_ON(bool cond, const char* what, std::source_location loc) {
  if (!model().cfg.debug_vm) return false;
  return WARN_ON(cond, what, loc);
}

bool debug_vm() { return model().cfg.debug_vm; }

}  // namespace swapmodel
