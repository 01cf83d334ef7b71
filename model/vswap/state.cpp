// The vswap device at boot (seed 004 P1 vswap_init + setup_swap_clusters_info's SWP_VSWAP
// branch): the device, its empty xarray with cluster 0 preallocated (slot 0 Bad, never on a
// list, no virtual_table), and the per-CPU vswap allocation caches.
#include "checker/heap.h"
#include "checker/object.h"
#include "model/model.h"
#include "model/vswap/vswap.h"

namespace swapmodel::vswap {

using checker::ObjectName;

namespace {
std::string format_cluster_id(std::uint64_t v) { return v == 0 ? "empty" : "ci_dyn" + std::to_string(v); }
std::string format_vt(std::uint64_t w) {
  switch (vt::type(w)) {
    case vt::VSWAP_NONE: return "NONE";
    case vt::VSWAP_SWAPFILE: return "SWAPFILE(" + format_swp_entry(vt::to_phys(w)) + ")";
    case vt::VSWAP_ZSWAP: return "ZSWAP(zswap_entry" + std::to_string(vt::to_zswap(w)) + ")";
    default: return "vt?" + std::to_string(w);
  }
}
}  // namespace

VswapCluster::VswapCluster(int id_, int index_, int)
    : id(id_),
      index(index_),
      cell(checker::heap_alloc(ObjectName{"ci_dyn#", id_})),
      ci(kVswapType, index_),
      virtual_table(ObjectName{"ci_dyn#.virtual_table", id_}, 0) {}

VirtualTable::VirtualTable(int id_, int index, int slots) : id(id_), cell(checker::heap_alloc(ObjectName{"vtable#", id_})) {
  checker::OwnerScope owner(cell);
  vt.reserve(static_cast<std::size_t>(slots));
  for (int i = 0; i < slots; ++i) vt.emplace_back(ObjectName{"vtable#[#]", id_, index * 100 + i}, vt::mk_none(), format_vt);
}

PercpuVswapCluster::PercpuVswapCluster(int cpu)
    : lock(ObjectName{"percpu_vswap_cluster[#].lock", cpu}, "percpu_vswap_cluster.lock", true) {
  for (int o = 0; o < kNrOrders; ++o) offset.emplace_back(ObjectName{"percpu_vswap_cluster[#].offset[#]", cpu, o}, 0);
}

VswapState::VswapState(const SwapConfig& cfg)
    : si(VswapDeviceTag{}, cfg.vswap_clusters, cfg.slots_per_cluster, cfg.nr_cpus),
      xa_lock(ObjectName{"cluster_info_pool.xa_lock"}, "xa_lock"),
      used(ObjectName{"vswap_used"}, 0),
      alloc_reject(ObjectName{"vswap_alloc_reject"}, 0) {
  for (int i = 0; i < cfg.vswap_clusters; ++i) pool.emplace_back(ObjectName{"cluster_info_pool[#]", i}, 0, format_cluster_id);
  for (int cpu = 0; cpu < cfg.nr_cpus; ++cpu) percpu.emplace_back(cpu);
  // Cluster 0: the header slot is Bad so offset 0 is never handed out.
  VswapCluster& c0 = clusters.emplace_back(1, 0, cfg.slots_per_cluster);
  c0.ci.lock.lock();
  swap_cluster_alloc_table(c0.ci);
  __swap_table_set(c0.ci, 0, tb::kBad);
  c0.ci.count.write(1);
  c0.ci.lock.unlock();
  pool[0].store(1);
}

VswapState* vswap_state() { return model().vswap.get(); }

VswapCluster& dyn_of(SwapCluster& ci) {
  for (VswapCluster& d : vswap_state()->clusters)
    if (&d.ci == &ci) return d;
  throw std::logic_error("dyn_of: not a vswap cluster");
}

PercpuVswapCluster& this_cpu_vswap_cluster() {
  VswapState& v = *vswap_state();
  const int cpu = checker::current_execution()->self_cpu();
  return v.percpu.at(static_cast<std::size_t>(cpu) % v.percpu.size());
}

}  // namespace swapmodel::vswap
