// struct swap_info_struct for a physical device, the percpu allocation cache, and the device
// lifetime API (mm/swapfile.c, include/linux/swap.h, seed 003).
//
// Per device, and who may touch it:
//   - flags: si->flags (SWP_USED, SWP_WRITEOK, ...); a plain field in the kernel, so a Var:
//     its plain reads are race-checked, its data_race() reads (SWP_SYNCHRONOUS_IO, SWP_FS_OPS)
//     are not. SWP_WRITEOK is cleared by swapoff under swap_lock, si->lock and swap_avail_lock,
//     and tested by the allocator under ci->lock; swap_is_vswap (SWP_VSWAP) reads it unlocked.
//   - users: si->users, the percpu_ref swapoff drains: a dead flag and one counter per model
//     CPU (PercpuRef). get_swap_device is percpu_ref_tryget_live: inside an RCU read-side
//     section, test dead, then count on this CPU; a put uncounts on this CPU (model threads do
//     not migrate). swapoff sets dead, waits a grace period (after which no get can still
//     succeed) and then waits for each CPU's counter to reach zero. Gets and puts on different
//     CPUs touch different words and commute, as in the kernel.
//   - lock: si->lock, guards the cluster lists.
//   - inuse_pages: allocated slots (Bad excluded), plus SWAP_USAGE_OFFLIST_BIT while the device
//     is off swap_avail_head; atomic.
//   - cluster_info: the cluster array, a heap object freed at the end of swapoff.
//   - lists: free / nonfull[order] / frag[order] / full, packed (packed_list.h); under si->lock.
//     A discarding device (SWP_PAGE_DISCARD, DeviceConfig::discard) also has a discard list and
//     its discard work (model/discard.h); no rotating-disk global cluster.
//   - disk: what the block device holds for each slot (a page content word, page_data.h);
//     written by swap-out IO and zswap writeback, read by swap-in IO.
//
// Per model CPU, percpu_swap_cluster: local_lock (a spinlock per CPU: it disables preemption),
// si[order] (atomic: swapoff's flush_percpu_swap_cluster cmpxchg's it without the local lock),
// offset[order] (under the local lock).
#pragma once

#include <cstdint>
#include <memory>

#include "checker/atomic.h"
#include "checker/lock.h"
#include "checker/var.h"
#include "model/cluster.h"
#include "model/config.h"
#include "model/kernel.h"
#include "checker/atomic.h"
#include "model/lifetime.h"
#include "model/stable_vector.h"
#include "model/zswap.h"

namespace swapmodel {

inline constexpr std::int64_t SWAP_USAGE_OFFLIST_BIT = 1ll << 30;
inline constexpr std::uint32_t SWP_PAGE_DISCARD = 1u << 10;  // freed pages are discarded (swapon --discard=pages)

// The discard state of a SWP_PAGE_DISCARD device (mm/swapfile.c: si->discard_clusters,
// si->discard_work; model/discard.h). Present only on such a device, so that no other scenario
// gains an object.
struct SwapDiscard {
  explicit SwapDiscard(int type);
  checker::Var<std::uint64_t> clusters;  // si->discard_clusters, a packed list under si->lock
  // The discard work item: kWorkPending (WORK_STRUCT_PENDING: set by schedule_work, cleared when
  // a worker picks the item up) | kWorkRunning (the work function runs; a work item never runs
  // twice at once). flush_work waits until it is neither.
  checker::Atomic<int> work;
  static constexpr int kWorkPending = 1, kWorkRunning = 2;
};

struct PercpuRef {
  PercpuRef(int type, int nr_cpus);
  checker::Atomic<int> dead;  // __PERCPU_REF_DEAD
  StableVector<checker::Atomic<std::int64_t>> count;  // per model CPU
};

struct VswapDeviceTag {};

struct SwapDevice {
  SwapDevice(int type, const DeviceConfig& cfg, int slots_per_cluster, int nr_cpus);
  // Seed 004 vswap_init: the vswap device (SWP_VSWAP | SWP_SOLIDSTATE | SWP_WRITEOK), no static
  // clusters, no block device; its clusters live in model/vswap/'s xarray.
  SwapDevice(VswapDeviceTag, int nr_clusters, int slots_per_cluster, int nr_cpus);

  const int type;
  const int nr_clusters;
  const std::uint64_t max;  // slots, header included
  const std::int64_t pages; // usable slots
  checker::Var<std::uint32_t> flags;
  PercpuRef users;
  checker::SpinLock lock;
  checker::Atomic<std::int64_t> inuse_pages;
  checker::HeapCell* cluster_info;
  StableVector<SwapCluster> clusters;
  checker::Var<std::uint64_t> free_clusters;
  checker::Var<std::uint64_t> full_clusters;
  StableVector<checker::Var<std::uint64_t>> nonfull_clusters;  // per order
  StableVector<checker::Var<std::uint64_t>> frag_clusters;     // per order
  StableVector<checker::Var<std::uint64_t>> disk;
  ZswapTree zswap;
  std::unique_ptr<SwapDiscard> discard;  // SWP_PAGE_DISCARD only
  // Ghost (lifetime.h): when swapoff found si->users drained after killing it. From then on no
  // reference may be taken and the device may not go back on the avail list.
  Death users_death;
};

struct PercpuSwapCluster {
  // rcu_reader: the local lock counts as an RCU reader (preempt_lock.h), in vswap builds.
  PercpuSwapCluster(int cpu, bool rcu_reader);
  PreemptOffLock lock;
  StableVector<checker::Atomic<std::uint32_t>> si;  // type + 1, 0: none
  StableVector<checker::Var<std::uint32_t>> offset;  // 0: SWAP_ENTRY_INVALID
};

// The device of a type (swap_type_to_info), null when out of range.
SwapDevice* swap_type_to_info(int type);
SwapDevice& __swap_entry_to_info(swp_entry_t entry);
// The running thread's percpu_swap_cluster (this_cpu_ptr).
PercpuSwapCluster& this_cpu_swap_cluster();

// --- lifetime against swapoff --------------------------------------------------------------------
bool get_swap_device_info(SwapDevice& si);  // percpu_ref_tryget_live
void put_swap_device(SwapDevice* si);
SwapDevice* get_swap_device(swp_entry_t entry);
// Seed 003: the swapoff lock-out API at the swap-in side's callers.
bool tryget_swap_entry(swp_entry_t entry, SwapDevice** sip);
void put_swap_entry(swp_entry_t entry, SwapDevice* si);
void percpu_ref_kill(SwapDevice& si);
void wait_for_users_to_drain(SwapDevice& si);  // wait_for_completion(&si->comp)

// --- usage and the avail list ------------------------------------------------------------------------
bool vm_swap_full();
void swap_range_alloc(SwapDevice& si, int nr);
void swap_range_free(SwapDevice& si, std::uint64_t offset, int nr);
void add_to_avail_list(SwapDevice& si, bool swapon);
void del_from_avail_list(SwapDevice& si, bool swapoff);
std::int64_t swap_usage_in_pages(SwapDevice& si);

// --- cluster lists (mm/swapfile.c) -----------------------------------------------------------------
void move_cluster(SwapDevice& si, SwapCluster& ci, checker::Var<std::uint64_t>& list, ClusterFlag flag);
void relocate_cluster(SwapDevice& si, SwapCluster& ci);
void free_cluster(SwapDevice& si, SwapCluster& ci);
// __free_cluster: the table goes and the cluster joins the free list. Caller holds ci->lock.
void __free_cluster(SwapDevice& si, SwapCluster& ci);
// list_del(&ci->list) under si->lock (vswap_free_cluster); caller holds ci->lock.
void list_del_cluster(SwapDevice& si, SwapCluster& ci);
void partial_free_cluster(SwapDevice& si, SwapCluster& ci);
// isolate_lock_cluster: takes the first cluster of `list` whose lock it can trylock, unlinks
// it and returns it locked (populating its table if it came from the free list); null if none.
SwapCluster* isolate_lock_cluster(SwapDevice& si, checker::Var<std::uint64_t>& list);

}  // namespace swapmodel
