// The single steps of the whole paths issue 13 item 7 added (uffd_move, migrate_folio,
// swap_reclaim_work, split_folio), as path_step_ops.cpp gives those of the older paths: each
// step calls the model function the whole path calls, so a step program can interleave their
// insides. The generic steps they also use (folio_try_get, folio_alloc, folio_lock,
// folio_trylock, folio_unlock, folio_put, folio_wait_writeback, folio_test_swapcache,
// folio_mapped, cluster_lock, cluster_unlock, try_to_reclaim_swap, relocate_cluster, ...) are in
// the other tables.
#include <stdexcept>

#include "model/device.h"
#include "model/migrate.h"
#include "model/model.h"
#include "model/op_args.h"
#include "model/registry.h"
#include "model/split.h"
#include "model/step_ops.h"
#include "model/userfaultfd.h"
#include "model/vswap/vswap.h"
#include "model/workqueue.h"

namespace swapmodel {

namespace {

using namespace op_args;

Folio& folio_named(SwapModel& m, const OpArgs& a, const char* name) {
  const std::int64_t id = num(a, name);
  if (id < 0 || static_cast<std::uint64_t>(id) >= m.folios.size()) throw std::invalid_argument("no folio " + std::to_string(id));
  return m.folio(static_cast<int>(id));
}

checker::Var<std::uint64_t>& cluster_list_arg(SwapDevice& si, const OpArgs& a) {
  const std::string& l = std::get<std::string>(a.at("list"));
  if (l == "free") return si.free_clusters;
  if (l == "full") return si.full_clusters;
  if (l == "nonfull") return si.nonfull_clusters.at(0);
  if (l == "frag") return si.frag_clusters.at(0);
  throw std::invalid_argument("list must be free, full, nonfull or frag (order 0)");
}

}  // namespace

void add_caller_step_ops(std::vector<OpEntry>& ops) {
  OpAppender add(ops);
  const OpParam mm = req("mm", "mm (page table) id");
  const OpParam idx = req("idx", "PTE index in the mm");
  const OpParam type = opt("type", 0, "swap type (device)");
  const OpParam dst = req("new_folio", "the new folio's id (folio_alloc)");
  const OpParam src = req("folio", "the migrated folio's id");

  // --- UFFDIO_MOVE (mm/userfaultfd.c, seed 003) ------------------------------------------------------
  add("move_pages_ptes", "move_pages_ptes (mm/userfaultfd.c, seed 003), one pass for mm[idx] -> mm[dst_idx]: tryget_swap_entry, the swap cache lookup, the trylock (or drop everything, sleep on the folio lock and retry within), move_swap_pte; 0, -EAGAIN (the caller retries: move_pages), -EEXIST, -ENOENT, -EBUSY, -EFAULT, or 1 for a present page",
      {mm, idx, req("dst_idx", "destination PTE index in the same mm")}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        const int s = idx_arg(x, a), d = inum(a, "dst_idx");
        if (d < 0 || d >= x.slots() || d == s) throw std::invalid_argument("dst_idx out of range");
        return std::int64_t{move_pages_ptes(x, d, s)};
      });
  add("move_swap_pte", "move_swap_pte (mm/userfaultfd.c), PTEs unmapped by the caller under RCU, the cached folio (or -1) locked: recheck the folio, take the PTL, is_pte_pages_stable against orig_dst / orig_src, the folio's rmap moves with the PTE; 0 moved, -EAGAIN",
      {mm, idx, req("dst_idx", "destination PTE index"), req("orig_dst", "the destination PTE value read before"),
       req("orig_src", "the source PTE value read before (a swap PTE)"), opt("folio", -1, "the cached folio the caller locked, -1: none")},
      [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        const int s = idx_arg(x, a), d = inum(a, "dst_idx");
        if (d < 0 || d >= x.slots() || d == s) throw std::invalid_argument("dst_idx out of range");
        const std::uint64_t orig_src = static_cast<std::uint64_t>(num(a, "orig_src"));
        if (!is_swap_pte(orig_src)) throw std::invalid_argument("orig_src is not a swap PTE");
        Folio* f = num(a, "folio") < 0 ? nullptr : &folio_named(m, a, "folio");
        return std::int64_t{move_swap_pte(x, d, s, static_cast<std::uint64_t>(num(a, "orig_dst")), orig_src, f,
                                          pte_to_swp_entry(orig_src))};
      });

  // --- migration (mm/migrate.c) ------------------------------------------------------------------------
  add("__migrate_folio", "__migrate_folio (mm/migrate.c), both folios locked, folio isolated (a reference) and unmapped in the swap cache: folio's count test, folio_mc_copy, __folio_migrate_mapping, folio_migrate_flags, mem_cgroup_migrate; 0 or -EAGAIN",
      {dst, src}, [](SwapModel& m, const OpArgs& a) {
        return std::int64_t{__migrate_folio(folio_named(m, a, "new_folio"), folio_named(m, a, "folio"))};
      });
  add("folio_mc_copy", "folio_mc_copy (mm/migrate.c): folio's pages' data into new_folio, before new_folio is visible", {dst, src},
      [](SwapModel& m, const OpArgs& a) {
        folio_mc_copy(folio_named(m, a, "new_folio"), folio_named(m, a, "folio"));
        return std::int64_t{0};
      });
  add("__folio_migrate_mapping", "__folio_migrate_mapping (mm/migrate.c) for a swap-cache folio, both locked: under folio's cluster lock, freeze folio at expected references, new_folio takes the cache's references, PG_swapcache, folio->swap and the dirty bit, __swap_cache_replace_folio, unfreeze folio; 0 or -EAGAIN",
      {dst, src, req("expected", "the references folio must have (its nr cache references + the isolation's)")},
      [](SwapModel& m, const OpArgs& a) {
        return std::int64_t{__folio_migrate_mapping(folio_named(m, a, "new_folio"), folio_named(m, a, "folio"), inum(a, "expected"))};
      });
  add("folio_migrate_flags", "folio_migrate_flags (mm/migrate.c), both locked: uptodate and dirty carry over; folio leaves the swap cache's bookkeeping (PG_swapcache, folio->swap)",
      {dst, src}, [](SwapModel& m, const OpArgs& a) {
        folio_migrate_flags(folio_named(m, a, "new_folio"), folio_named(m, a, "folio"));
        return std::int64_t{0};
      });
  add("mem_cgroup_migrate", "mem_cgroup_migrate (mm/memcontrol.c, in migrate_folio_move): new_folio takes folio's memcg", {dst, src},
      [](SwapModel& m, const OpArgs& a) {
        mem_cgroup_migrate(folio_named(m, a, "folio"), folio_named(m, a, "new_folio"));
        return std::int64_t{0};
      });

  // --- the device's reclaim work (mm/swapfile.c) ----------------------------------------------------------
  add("isolate_lock_cluster", "isolate_lock_cluster (mm/swapfile.c): under si->lock, the first cluster of the device's list whose lock it can trylock, unlinked with flags NONE (a free one gets its table); its index with ci->lock held, -1 when none",
      {type, OpParam{"list", true, true, 0, "free, full, nonfull or frag (order 0)"}}, [](SwapModel&, const OpArgs& a) {
        SwapDevice& si = device_arg(a);
        SwapCluster* ci = isolate_lock_cluster(si, cluster_list_arg(si, a));
        return ci == nullptr ? std::int64_t{-1} : std::int64_t{ci->index};
      });
  add("swap_reclaim_full_clusters", "swap_reclaim_full_clusters (mm/swapfile.c, seed 004's re-lookup and rmap branch), no lock held: isolate full clusters and __try_to_reclaim_swap(TTRS_ANYWAY) their cache-only slots with ci->lock dropped; force: as many clusters as the device's usage (the reclaim work), else one",
      {type, opt("force", 1, "1: the reclaim work's full scan")}, [](SwapModel&, const OpArgs& a) {
        vswap::swap_reclaim_full_clusters(device_arg(a), num(a, "force") != 0);
        return std::int64_t{0};
      },
      Designs{ModelDesign::SwapTable});  // (design vswap has its own row, model/vswap/ops.cpp)
  add("reclaim_work_return", "the reclaim work function returned (kernel/workqueue.c): flush_work(&si->reclaim_work) stops waiting; after swap_reclaim_full_clusters in a step program of swap_reclaim_work",
      {type}, [](SwapModel&, const OpArgs& a) {
        SwapWork* w = reclaim_work_of(device_arg(a));
        if (w == nullptr) throw std::invalid_argument("reclaim_work_return: no reclaim work queued for this device (schedule_reclaim_work in the state)");
        reclaim_work_return(*w);
        return std::int64_t{0};
      });

  // --- split of a large swap-cache folio (mm/huge_memory.c) ---------------------------------------------
  add("__folio_split", "__folio_split to order 0 (mm/huge_memory.c), folio locked with a reference, unmapped, in the swap cache: freeze, the cluster lock, __split_unmapped_folio, unfreeze the new folio, __swap_cache_replace_folio, unfreeze, unlock, release the new folio; 0, -EAGAIN, -EINVAL, or 1 when mapped",
      {req("folio", "folio id")}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{__folio_split(folio_named(m, a, "folio"))}; });
}

}  // namespace swapmodel
