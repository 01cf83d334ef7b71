// struct swap_cluster_info and its tables (mm/swap.h, mm/swap_table.h, mm/swapfile.c).
//
// A physical device's clusters live in one array (si->cluster_info), a tracked heap object
// freed by swapoff: any access to a cluster after that is a use-after-free.
//
// Per cluster, and who may touch it:
//   - lock: ci->lock, the cluster spinlock (lockdep class "ci->lock").
//   - count: slots that are not NULL (Bad slots included); under ci->lock.
//   - flags: its list (enum ClusterFlag); under ci->lock, list membership itself under si->lock.
//   - order: the allocation order the cluster serves while count > 0; under ci->lock.
//   - table: the RCU-published swap table (a SwapTable id, 0 for NULL). Published and cleared
//     under ci->lock with rcu_assign_pointer; read under ci->lock or inside an RCU read-side
//     section. A table is freed with kfree_rcu when its cluster goes back to the free list.
//   - extend_table: the counts above SWP_TB_COUNT_MAX - 1 (an ExtendTable id, 0 for NULL),
//     allocated on demand, freed when all zero; under ci->lock.
//   - memcg_table: phase IV's per-slot memcg private ids (a MemcgTable id, 0 for NULL).
//     Allocated with the swap table; in a CONFIG_VSWAP build a physical cluster allocates it
//     lazily, on its first direct-use slot (seed 004 P6). Freed with a plain kfree by
//     swap_cluster_free_table: every reader holds ci->lock.
//
// A SwapTable holds, per slot, the swap-table word (an atomic: written under ci->lock, read
// locklessly under RCU by swap_table_get). The zero flag is inline in the word (x86-64:
// SWAP_TABLE_HAS_ZEROFLAG).
#pragma once

#include <cstdint>
#include <source_location>
#include <string>

#include "checker/atomic.h"
#include "checker/execution.h"
#include "checker/lock.h"
#include "checker/var.h"
#include "model/preempt_lock.h"
#include "model/stable_vector.h"

namespace swapmodel {

enum ClusterFlag : std::uint8_t {
  CLUSTER_FLAG_NONE = 0,  // off-list: isolated by whoever holds the lock
  CLUSTER_FLAG_FREE = 1,
  CLUSTER_FLAG_NONFULL = 2,
  CLUSTER_FLAG_FRAG = 3,
  CLUSTER_FLAG_USABLE = CLUSTER_FLAG_FRAG,
  CLUSTER_FLAG_FULL = 4,
  CLUSTER_FLAG_DISCARD = 5,
  CLUSTER_FLAG_DEAD = 6,  // seed 004 P1: a vswap dynamic cluster pending kfree_rcu
};

// ci->lock. On a vswap dynamic cluster (seed 004) its holder is an RCU reader (preempt_lock.h):
// vswap_free_cluster kfree_rcu()s the cluster with its lock held and unlocks it afterwards,
// which is safe only because the grace period waits for that holder.
class ClusterLock : public PreemptOffLock {
 public:
  ClusterLock(checker::ObjectName name, bool rcu_reader) : PreemptOffLock(name, "ci->lock", rcu_reader) {}
};

struct SwapTable {
  SwapTable(int id, int cluster, int slots);
  const int id;
  checker::HeapCell* cell;
  StableVector<checker::Atomic<std::uint64_t>> tb;
};

struct MemcgTable {
  MemcgTable(int id, int cluster, int slots);
  const int id;
  checker::HeapCell* cell;
  StableVector<checker::Var<std::uint16_t>> memcg_id;
};

struct ExtendTable {
  ExtendTable(int id, int cluster, int slots);
  const int id;
  checker::HeapCell* cell;
  StableVector<checker::Var<std::uint32_t>> ext;
};

struct SwapCluster {
  SwapCluster(int device, int index);
  const int device;  // swap type
  const int index;   // cluster index within the device
  ClusterLock lock;
  checker::Var<std::uint32_t> count;
  checker::Var<std::uint8_t> flags;
  checker::Var<std::uint8_t> order;
  checker::Atomic<std::uint32_t> table;
  checker::Var<std::uint32_t> extend_table;
  checker::Var<std::uint32_t> memcg_table;
};

std::string format_swp_tb(std::uint64_t w);
std::string format_cluster_flag(std::uint64_t v);

// --- swap table access (mm/swap_table.h) ---------------------------------------------------------

// The cluster's table while its lock is held: the pointer only changes under ci->lock, so it
// is read without a scheduling point (a load would be ordered by the lock anyway). Null when
// the cluster has no table.
SwapTable* cluster_table_locked(SwapCluster& ci);
bool cluster_table_is_alloced(SwapCluster& ci);
// __swap_table_get / __swap_table_set: the caller holds ci->lock.
std::uint64_t __swap_table_get(SwapCluster& ci, unsigned ci_off);
void __swap_table_set(SwapCluster& ci, unsigned ci_off, std::uint64_t w);
// swap_table_get: lockless, takes rcu_read_lock itself; NULL when there is no table.
std::uint64_t swap_table_get(SwapCluster& ci, unsigned ci_off);
// The real count of a slot (swp_tb_get_count with the extend table); the caller holds ci->lock.
int __swap_count_locked(SwapCluster& ci, unsigned ci_off);

// __swap_cgroup_get/set/clear (phase IV memcg_table); the caller holds ci->lock. Without a
// memcg_table get and clear see id 0 and set WARNs and records nothing (mm/swap_table.h).
int __swap_cgroup_get(SwapCluster& ci, unsigned ci_off);
void __swap_cgroup_set(SwapCluster& ci, unsigned ci_off, int nr, int id);
int __swap_cgroup_clear(SwapCluster& ci, unsigned ci_off, int nr);
// A slot's recorded memcg id for checkers and tests (no event; 0 without a memcg_table).
int swap_cgroup_peek(SwapCluster& ci, unsigned ci_off);

// --- cluster lock (mm/swap.h) ----------------------------------------------------------------------

// __swap_offset_to_cluster: a physical device's cluster, or (seed 004 P1) the vswap cluster
// xa_load finds, null when the index is empty. The reference form is for callers that know the
// cluster is alive (the kernel dereferences the result): null there is an oops.
SwapCluster* __swap_offset_to_cluster_or_null(int type, std::uint64_t offset);
SwapCluster& __swap_offset_to_cluster(int type, std::uint64_t offset);
// __swap_cluster_lock (seed 004 P1): rcu_read_lock, look up, lock, and on a DEAD cluster unlock
// and return null. swap_cluster_lock is the form whose callers dereference the result.
SwapCluster* __swap_cluster_lock(int type, std::uint64_t offset, std::source_location loc = std::source_location::current());
SwapCluster& swap_cluster_lock(int type, std::uint64_t offset);
void swap_cluster_unlock(SwapCluster& ci);
bool cluster_is_empty(SwapCluster& ci);
bool cluster_is_usable(SwapCluster& ci, int order);
std::uint64_t cluster_offset(const SwapCluster& ci);

// --- tables' lifetime (mm/swapfile.c) ----------------------------------------------------------------

// swap_cluster_alloc_table: rcu_assign_pointer of a fresh all-NULL table, then (seed 004 P6) the
// memcg_table where it is known to be needed (swap_cluster_needs_memcg_table). 0, or -ENOMEM
// when an allocation failed (alloc_failure.h; the table is freed again). `can_sleep`: the
// GFP_KERNEL retry of swap_cluster_populate, which runs with ci->lock dropped; otherwise the
// caller holds ci->lock (or nobody can reach ci yet).
int swap_cluster_alloc_table(SwapCluster& ci, bool can_sleep = false);
// Every cluster without CONFIG_VSWAP and every vswap cluster; a physical cluster in a
// CONFIG_VSWAP build waits for alloc_swap_scan_cluster's lazy allocation.
bool swap_cluster_needs_memcg_table(const SwapCluster& ci);
// Fix populate_publishes_under_lock: publish a table (and memcg_table) allocated while the lock
// was dropped; the caller holds ci->lock again.
void swap_cluster_install_table(SwapCluster& ci);
// kzalloc(*ci->memcg_table) that succeeds: the caller holds ci->lock or nobody can reach ci yet.
void attach_memcg_table(SwapCluster& ci);
// The lazy memcg_table of seed 004 P6 (kzalloc GFP_ATOMIC | __GFP_NOWARN under ci->lock);
// false when the allocation fails.
bool swap_cluster_alloc_memcg_table(SwapCluster& ci);
// swap_cluster_free_table: kfrees the memcg_table, clears ci->table and frees the table after a
// grace period. The caller holds ci->lock and the cluster is empty, except (locked false) in
// swap_cluster_alloc_table's error path, which may run unlocked (the seed's helper asserts
// neither).
void swap_cluster_free_table(SwapCluster& ci, bool locked = true);
// swap_extend_table_alloc: allocate outside the lock, attach under it if still needed.
int swap_extend_table_alloc(SwapCluster& ci, unsigned ci_off, bool atomic);
// swap_extend_table_try_free: free the extend table when every entry is zero.
void swap_extend_table_try_free(SwapCluster& ci);

}  // namespace swapmodel
