// The swap model's configuration: the sizes the kernel fixes (here parameters, small in
// scenarios), the kernel variants the model is built as, the mutations that put a known bug
// back, and the fixes for races the faithful model exposes. One model, runtime knobs; a
// SwapConfig is copied into each execution's model and never changes while it runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace swapmodel {

enum class MemcgMode : std::uint8_t { V2, V1 };  // cgroup v2 swap counter, or v1 memsw

// The swap-entry lifetime design the model runs: the swap table (phase IV, seeds 000/002/003),
// or seed 001's per-entry descriptors with an atomic swap_refs (model/desc/, "vswap_desc").
enum class Design : std::uint8_t { SwapTable, VswapDesc };

struct MemcgConfig {
  int parent = 0;             // id of the parent memcg (0: none; id 1 is the root)
  std::int64_t swap_max = -1; // swap.max (v2) / memsw limit for swap (v1); -1 unlimited
  bool charge_fails = false;  // mem_cgroup_swapin_charge_folio fails (memory.max reached)
};

struct DeviceConfig {
  int clusters = 2;             // clusters per device (the device has clusters * slots_per_cluster slots)
  bool synchronous_io = false;  // SWP_SYNCHRONOUS_IO: swap-in always frees the swap cache
  bool discard = false;         // SWP_PAGE_DISCARD: freed clusters are discarded before reuse (model/discard.h)
};

// A known bug put back. Each is off in the faithful model.
struct Mutations {
  bool dup_without_ptl = false;              // swap-out installs the swap PTE and dups without the PTL
  bool swap_cache_alloc_no_recheck = false;  // __swap_cache_alloc drops its second __swap_cache_add_check
  bool fallback_loop_v4 = false;             // seed 002 v4: while (orders) loop, no break at order 0
  bool swapin_without_device_ref = false;    // do_swap_page without tryget_swap_entry (seed 003)
  bool desc_dup_no_add_unless = false;       // vswap_desc: swap_duplicate_nr's atomic_add_unless as a plain add (seed 001)
  // Seed 004 (CONFIG_VSWAP, model/vswap/):
  bool no_dead_recheck = false;              // __swap_cluster_lock returns a cluster without testing CLUSTER_FLAG_DEAD
  bool reclaim_range_no_rcu = false;         // cluster_reclaim_range drops ci->lock without rcu_read_lock
  bool free_cluster_no_dead_flag = false;    // vswap_free_cluster does not set CLUSTER_FLAG_DEAD
  bool free_cluster_plain_kfree = false;     // vswap_free_cluster kfree()s the cluster instead of kfree_rcu()
  bool no_clear_cache_only = false;          // swap_dup_entries_cluster skips vswap_clear_cache_only
  bool realloc_no_charge_rollback = false;   // folio_realloc_swap keeps the physical slots when the charge fails
  // P1 before P2: cluster_scan_range also reclaims a cache-only vswap slot when swap is nearly
  // full (P2 added "vswap slots are unlimited; never reclaim to reuse one"). Only with it can a
  // vswap cluster reach cluster_reclaim_range, whose RCU section reclaim_range_no_rcu removes.
  bool scan_reclaims_vswap = false;
  // Dead-once (lifetime.h): each puts back a revival of an object whose count reached zero.
  bool private_id_get_no_tryget = false;        // mem_cgroup_private_id_get_online: refcount_add, not refcount_inc_not_zero
  bool tryget_ignores_dead = false;             // get_swap_device_info counts a reference without testing the dead flag
  bool reclaim_range_relocks_stale = false;     // cluster_reclaim_range relocks its old ci instead of looking it up again
  bool extend_table_free_keeps_pointer = false; // swap_extend_table_try_free frees the table, ci->extend_table still names it
  bool realloc_releases_backing = false;        // folio_realloc_swap releases the slots' old backing before installing PHYS
  bool swapoff_no_flush_reclaim_work = false;   // swapoff frees the clusters without flush_work(&si->reclaim_work)
  bool move_retry_keeps_swapoff_locked = false; // move_pages_ptes' retry drops the device reference but not swapoff_locked (seed 003)
  // Paths of issue 13 item 7 (model/shmem.*, discard):
  bool shmem_free_swap_no_entry_check = false;  // shmem_free_swap erases and puts the entry its lockless lookup saw, without re-testing it under xa_lock
  bool discard_keeps_cluster_listed = false;    // swap_do_scheduled_discard frees a cluster it did not take off the discard list
  bool split_skips_swap_cache_replace = false;  // __folio_split leaves the new folio's table word naming the old folio
  // Seed 001 swapoff and memcg (model/desc/):
  bool swapoff_no_wait_users = false;           // swapoff_release skips synchronize_rcu and the wait for si->users to drain
  bool desc_free_no_uncharge = false;           // vswap_desc: vswap_free skips mem_cgroup_uncharge_swap (seed 001)
};

// Fixes for races the faithful model exposes. Each is off in the faithful model; the scenario
// that shows the race passes with the fix on.
struct Fixes {
  // swap_writeout's zero-filled path erases stale zswap entries of the folio's slots before
  // setting the zero flag (as seed 004 P2 releases a vswap slot's prior backing there). Without
  // it, zswap writeback can later install the stale entry's old data in the swap cache.
  bool zero_writeout_drops_zswap = false;
  // vswap_desc: non_swapcache_batch tests what its comment says (stop at a pinned entry or one
  // without a count) instead of seed 001's inverted test, which makes large direct swap-in
  // impossible.
  bool desc_non_swapcache_batch_fixed = false;
  // vswap_desc: every xas_for_each walk stops at the first index that is not the next one it
  // expected, instead of counting visited descriptors as if the range had no NULL index.
  bool desc_walk_stops_at_hole = false;
  // vswap_desc: do_swap_page tests the si that trylock_swapoff gave back before reading
  // si->flags; seed 001's trylock_swapoff returns true with si == NULL for an entry freed after
  // the fault read its PTE.
  bool desc_swapin_checks_si = false;
  // vswap (seed 004): swap_entry_backend_has_flag looks the vswap cluster up inside
  // rcu_read_lock with __swap_cluster_lock's DEAD re-check, instead of vswap_lock_cluster's
  // unprotected xa_load + spin_lock (do_swap_page calls it before it holds any folio lock).
  bool vswap_backend_flag_rcu = false;
  // vswap (seed 004): folio_realloc_swap, after installing the physical backing under the vswap
  // ci->lock, marks SWP_RMAP_CACHE_ONLY for slots whose count is already 0 (the folio is cached
  // by its precondition). Without it a put that ran before the install (when virtual_table
  // still said ZSWAP or NONE, so vswap_mark_cache_only did nothing) leaves the bit clear on a
  // reclaimable slot: the physical reclaim scanners skip it (a stale hint, no data effect).
  bool vswap_realloc_marks_cache_only = false;
  // vswap (seed 004): alloc_swap_scan_dynamic takes the new cluster's ci->lock before xa_alloc
  // publishes it. In the seed it locks after xa_alloc: in between, a CPU whose percpu vswap
  // offset still points at that index (its cluster was retired and xa_alloc reused the lowest
  // free index) finds the cluster, allocates from it, and a zap can empty and retire it before
  // its creator locks it and runs alloc_swap_scan_cluster on a DEAD cluster without a table.
  bool vswap_lock_before_publish = false;
  // swap_dup_entries_cluster's error path skips swap_extend_table_try_free when the error is
  // -ENOMEM (the extend table it lacked, not a bad slot). Without it two forks at the count
  // limit with GFP_ATOMIC failing can livelock: each one's error path frees the empty extend
  // table the other has just attached for its retry (needs an unfair scheduler to last).
  bool dup_enomem_keeps_extend_table = false;
  // vswap (seed 004 P1): swap_cache_alloc_folio's fallback loop breaks at order 0, as seed 002
  // restored it. Seed 004 P1 drops that break: an order-0 -ENOMEM or -EBUSY then retries for
  // ever without THP, and with THP next_order() hands __swap_cache_alloc order -1.
  bool swapin_fallback_breaks_at_order0 = false;
  // swap_cluster_populate's sleeping retry allocates the table (and memcg_table) unpublished and
  // publishes them only once ci->lock is held again, as the helper did before phase IV's
  // "consolidate cluster allocation helpers" (which calls swap_cluster_alloc_table, and so
  // rcu_assign_pointer(ci->table), with ci->lock and the local lock dropped). Without it, an
  // isolated cluster with a table and flags NONE is "usable": a CPU whose percpu offset still
  // points into it allocates from it, frees the slot, and __free_cluster frees the table and
  // puts it on the free list before populate relocks it and hands it to alloc_swap_scan_cluster.
  bool populate_publishes_under_lock = false;
  // Seed 004 P1: put_swap_device (include/linux/swap.h, in every build) and, under CONFIG_VSWAP,
  // swap_is_vswap test SWP_VSWAP with a plain, unlocked read of si->flags. A reader holding a
  // device reference does so while swapoff clears SWP_WRITEOK (si->flags &= ~SWP_WRITEOK,
  // under si->lock and swap_avail_lock): a data race, as KCSAN reports it. With the fix the test
  // is data_race(si->flags & SWP_VSWAP), as do_swap_page reads SWP_SYNCHRONOUS_IO: SWP_VSWAP
  // is set before the device is published and never changes.
  bool vswap_flag_data_race = false;
  // mm/swapfile.c (the code every seed builds on): the allocator tests SWP_WRITEOK with a plain
  // read under ci->lock (__swap_cluster_alloc_entries, cluster_alloc_range upstream) or under
  // no lock (swap_alloc_hibernation_slot), while swapoff clears it with a plain si->flags &=
  // ~SWP_WRITEOK under si->lock and swap_avail_lock (del_from_avail_list): a data race, as
  // KCSAN reports it. wait_for_allocation's pass over every ci->lock is what makes a stale read
  // harmless, so the fix only marks the accesses: WRITE_ONCE for the clear (and the set in
  // add_to_avail_list), READ_ONCE for those tests.
  bool swp_writeok_marked = false;
  // mm/swapfile.c: swap_sync_discard tests SWP_PAGE_DISCARD with a plain read of si->flags, under
  // a device reference but no lock, while swapoff clears SWP_WRITEOK in the same word: a data
  // race, as KCSAN reports it. The fix reads it with data_race(): the flag is set at swapon and
  // never changes, so the value read is always right.
  bool sync_discard_flag_data_race = false;
  // vswap_desc (seed 001 on its v6.15 base): swap_slot_range_free clears a swap_map word with a
  // plain store (*map = 0) and cluster_alloc_range sets it with memset, under the cluster lock,
  // while swapoff's find_next_to_unuse (and cluster_reclaim_range) read it with READ_ONCE and no
  // lock: a data race as KCSAN defines it (two conflicting accesses, one plain). With the fix the
  // stores are WRITE_ONCE.
  bool desc_swap_map_marked = false;
  // vswap_desc: swapoff's unuse_pte_range, when the swap-in of a virtual entry finds no folio,
  // tests the entry's own count (swp_swapcount) instead of the physical swap_map word. Seed 001
  // frees in two steps: swap_refs reaches 0 (vswap_free_nr_any_cache_only), then vswap_free
  // clears the slot's swap_map word; in between v6.15's test sees the word still ALLOCATED and
  // try_to_unuse fails with -ENOMEM, so swapoff fails with memory to spare.
  bool desc_unuse_checks_vswap_count = false;
};

struct SwapConfig {
  // Sizes the kernel fixes.
  int slots_per_cluster = 4;  // SWAPFILE_CLUSTER
  int count_max = 3;          // SWP_TB_COUNT_MAX (x86-64: 15); 2..15
  int nr_cpus = 2;            // model CPUs (percpu_swap_cluster instances)
  std::vector<DeviceConfig> devices{DeviceConfig{}};

  // Kernel variants.
  Design design = Design::SwapTable;
  bool thp = true;               // CONFIG_TRANSPARENT_HUGEPAGE (and THP_SWAP)
  MemcgMode memcg_mode = MemcgMode::V2;
  std::vector<MemcgConfig> memcgs{MemcgConfig{}};  // memcgs[0] is the root (id 1)
  bool zswap_enabled = false;    // zswap_store is tried on swap-out; THP swap-in is then off
  bool gfp_atomic_fails = false; // GFP_ATOMIC allocations fail (dup's extend table, P6's lazy memcg_table)
  // Allocations that may fail, as data choices the search explores (alloc_failure.h): a bit per
  // AllocSite. 0: every allocation succeeds (gfp_atomic_fails aside).
  std::uint32_t alloc_failure = 0;
  bool debug_vm = true;          // CONFIG_DEBUG_VM: VM_WARN_ON conditions are evaluated
  // CONFIG_VSWAP (seed 004, model/vswap/): folio_alloc_swap tries the vswap device first.
  bool vswap = false;
  int vswap_clusters = 3;         // the vswap device's cluster indices (0 is the preallocated header cluster)
  int zswap_store_fail_page = -1; // zswap_store_page fails for this page of a folio (-1: never)
  bool zswap_decompress_fails = false;  // zswap_decompress fails (zswap writeback's -EIO path)

  Mutations mutations;
  Fixes fixes;

  // Upper bound on page-table slots per mm (for the count_within_limit bound).
  int ptes_per_mm = 4;
};

// A mutation by name, for the registry: sets it in `cfg`; false when the name is unknown.
bool set_mutation(SwapConfig& cfg, const std::string& name, bool on = true);
// A fix by name; false when the name is unknown.
bool set_fix(SwapConfig& cfg, const std::string& name, bool on = true);

}  // namespace swapmodel
