// Seed 004 (RFC v2 "Virtual Swap Space (Swap Table Edition)"): the vswap device of CONFIG_VSWAP,
// a runtime knob of the swap-table model (SwapConfig::vswap). The device is a SwapDevice of type
// kVswapType kept off swap_avail_head and out of nr_swap_pages; its clusters are allocated on
// demand into an xarray and freed through CLUSTER_FLAG_DEAD + kfree_rcu (P1), and each carries a
// virtual_table naming the slot's backend (P2/P3).
//
// Who may touch what:
//   - pool: si->cluster_info_pool (XA_FLAGS_ALLOC), index -> dynamic cluster id (0: empty). An
//     xa_load is one atomic load, RCU-safe; xa_alloc (lowest free index in [1, n-1]) and
//     xa_erase run under xa_lock.
//   - VswapCluster (struct swap_cluster_info_dynamic): a tracked heap object; its SwapCluster
//     fields belong to it, so an access after the kfree_rcu completed is a use-after-free. The
//     cluster's spinlock doubles as an RCU reader (cluster.h ClusterLock).
//       virtual_table  the VirtualTable id (0: NULL); written under ci->lock at allocation and
//                      by vswap_free_cluster, which kfree()s the table at once (no RCU).
//   - VirtualTable: a tracked heap object, one atomic word per slot (vtable.h), read and written
//     under the vswap ci->lock (__vtable_get / __vtable_set).
//   - percpu: percpu_vswap_cluster per model CPU: its local lock and offset[order] (the next
//     offset the CPU allocates from, 0: SWAP_ENTRY_INVALID), under the local lock.
//   - used / alloc_reject: P5's debugfs counters, atomics.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/atomic.h"
#include "checker/lock.h"
#include "checker/var.h"
#include "model/cluster.h"
#include "model/config.h"
#include "model/device.h"
#include "model/heap_object.h"
#include "model/kernel.h"
#include "model/stable_vector.h"
#include "model/vswap/vtable.h"

namespace swapmodel {
struct Folio;
}

namespace swapmodel::vswap {

struct VswapCluster {
  VswapCluster(int id, int index, int slots);
  const int id;     // what the xarray stores
  const int index;  // ci_dyn->index
  checker::HeapCell* cell;
  OwnedFieldsBegin owned_begin{cell};
  SwapCluster ci;
  checker::Var<std::uint32_t> virtual_table;
  OwnedFieldsEnd owned_end{owned_begin};
  // Ghost (lifetime.h): when vswap_free_cluster retired it. A retired cluster is never
  // allocated from, put on a list or retired again (its memory lives on until the grace
  // period of its kfree_rcu ends).
  Death death;
};

struct VirtualTable {
  VirtualTable(int id, int index, int slots);
  const int id;
  checker::HeapCell* cell;
  StableVector<checker::Atomic<std::uint64_t>> vt;
};

struct PercpuVswapCluster {
  explicit PercpuVswapCluster(int cpu);
  PreemptOffLock lock;  // an RCU reader: local_lock disables preemption (preempt_lock.h)
  StableVector<checker::Var<std::uint32_t>> offset;  // per order; 0: SWAP_ENTRY_INVALID
};

struct VswapState {
  explicit VswapState(const SwapConfig& cfg);
  SwapDevice si;
  checker::SpinLock xa_lock;
  StableVector<checker::Atomic<std::uint32_t>> pool;
  StableVector<VswapCluster> clusters;  // clusters[id - 1]
  StableVector<VirtualTable> vtables;   // vtables[id - 1]
  StableVector<PercpuVswapCluster> percpu;
  checker::Atomic<std::int64_t> used;
  checker::Atomic<std::int64_t> alloc_reject;
  // In an execution's setup call_rcu runs its callback at once, ignoring readers; a cluster
  // retired there waits here until its lock is released (the reader that holds the grace
  // period up in the kernel), then goes to kfree_rcu.
  std::vector<checker::HeapCell*> setup_deferred_free;

  VswapCluster& cluster(std::uint32_t id) { return clusters.at(id - 1); }
  VirtualTable& vtable(std::uint32_t id) { return vtables.at(id - 1); }
};

// The running model's vswap state; null when CONFIG_VSWAP is off.
VswapState* vswap_state();
// swap_is_vswap / is_vswap_entry.
inline bool swap_is_vswap(const SwapDevice& si) { return is_vswap_type(si.type); }
inline bool is_vswap_entry(swp_entry_t e) { return e.val != 0 && is_vswap_type(swp_type(e)); }
// container_of(ci, struct swap_cluster_info_dynamic, ci).
VswapCluster& dyn_of(SwapCluster& ci);
// dead_once (lifetime.h): `action` on a vswap cluster vswap_free_cluster retired is a
// use_after_free [dead_once]. Physical clusters are never retired (swapoff frees them all with
// cluster_info, a tracked heap object).
void check_cluster_not_retired(SwapCluster& ci, const char* action);

// --- xarray and dynamic clusters (cluster.cpp; P1/P2) -----------------------------------------
SwapCluster* xa_load_cluster(std::uint64_t index);
std::uint64_t alloc_swap_scan_dynamic(SwapDevice& si, Folio* folio);
void vswap_free_cluster(SwapDevice& si, SwapCluster& ci);
// Called by a vswap ClusterLock after its release: flushes setup_deferred_free.
void flush_setup_deferred_free();
// __swap_cluster_lock's vswap half: rcu_read_lock, xa_load, lock, DEAD re-check.
SwapCluster* vswap_cluster_lock(std::uint64_t offset);
// vswap_lock_cluster: __swap_entry_to_cluster + a plain spin_lock, no RCU, no DEAD check.
SwapCluster* vswap_lock_cluster(swp_entry_t entry, unsigned* voff);
// percpu_vswap_cluster of the running thread's CPU.
PercpuVswapCluster& this_cpu_vswap_cluster();
// vswap_alloc (P2): true when the folio landed in the vswap device's swap cache.
bool vswap_alloc(Folio& folio);

// --- virtual_table (backing.cpp; P2-P4) ---------------------------------------------------------
std::uint64_t __vtable_get(SwapCluster& ci, unsigned off);
void __vtable_set(SwapCluster& ci, unsigned off, std::uint64_t w);
int __vswap_check_backing(SwapCluster& ci, unsigned voff, int nr, vt::Type* typep);
int vswap_check_backing(swp_entry_t entry, int nr, vt::Type* typep);
bool folio_phys_swap_backed(Folio& folio);
swp_entry_t vswap_to_phys(swp_entry_t entry);
void vswap_zswap_store(swp_entry_t entry, std::uint32_t zswap_id);
std::uint32_t vswap_zswap_load(swp_entry_t entry);
void __vswap_release_backing(SwapCluster& ci, unsigned ci_start, unsigned nr);
void folio_release_vswap_backing(Folio& folio);
void folio_release_non_phys_swap_backing(Folio& folio);
swp_entry_t folio_realloc_swap(Folio& folio);
void __swap_cluster_free_phys_backing(SwapDevice& psi, SwapCluster& pci, unsigned ci_start, unsigned nr, bool nested);
bool swap_entry_backend_has_flag(SwapDevice& si, swp_entry_t entry, std::uint32_t flag);

// --- physical rmap (rmap.cpp; P3) ----------------------------------------------------------------
void vswap_mark_cache_only(SwapDevice& si, SwapCluster& ci, unsigned ci_off);
void vswap_clear_cache_only(SwapDevice& si, SwapCluster& ci, unsigned ci_start, int nr);
int try_to_reclaim_vswap_backing(SwapDevice& si, std::uint64_t offset);
// swap_reclaim_full_clusters (mm/swapfile.c, with seed 004's re-lookup and rmap branch); physical
// devices only.
void swap_reclaim_full_clusters(SwapDevice& si, bool force);
// try_to_unuse's vswap-backing pass over physical device `type`.
void try_to_unuse_vswap_backing(SwapDevice& si);

// --- memcg (P4; the memcontrol.c half is in model/memcg.cpp) -------------------------------------
void vswap_uncharge_cgroup_batch(int memcg_id, int batch_nr, int batch_nr_swapfile);

}  // namespace swapmodel::vswap
