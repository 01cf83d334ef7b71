// The operation table of registry.h: every kernel path and single kernel function a scenario
// can call, with its parameters.
#include <stdexcept>

#include "model/desc/ops.h"
#include "model/desc/paths.h"
#include "model/desc/swap_cache.h"
#include "model/discard.h"
#include "model/madvise.h"
#include "model/mincore.h"
#include "model/vswap/ops.h"
#include "model/memcg.h"
#include "model/memory.h"
#include "model/migrate.h"
#include "model/model.h"
#include "model/op_args.h"
#include "model/page_io.h"
#include "model/registry.h"
#include "model/setup.h"
#include "model/shmem.h"
#include "model/split.h"
#include "model/step_ops.h"
#include "model/swap_state.h"
#include "model/swapfile.h"
#include "model/swapoff.h"
#include "model/userfaultfd.h"
#include "model/workqueue.h"
#include "model/vmscan.h"
#include "model/zswap.h"

namespace swapmodel {

namespace {

using namespace op_args;

swp_entry_t entry_arg(SwapModel&, const OpArgs& a) {
  const int type = inum(a, "type");
  const std::int64_t offset = num(a, "offset");
  SwapDevice* si = swap_type_to_info(type);
  if (si == nullptr) throw std::invalid_argument("no swap type " + std::to_string(type));
  if (offset < 0 || static_cast<std::uint64_t>(offset) >= si->max)
    throw std::invalid_argument("offset " + std::to_string(offset) + " out of range");
  return swp_entry(type, static_cast<std::uint64_t>(offset));
}

// The folio the PTE maps when the step runs (a load, so the choice is a scheduling point like
// any other read of the PTE), or null. Reclaim itself re-checks everything under its locks.
Folio* mapped_folio(SwapModel& m, MmStruct& mm, int idx) {
  const std::uint64_t p = mm.pte[static_cast<std::size_t>(idx)].read_once();
  return pte_present(p) ? &m.folio(pte_folio(p)) : nullptr;
}

bool desc_design(const SwapModel& m) { return m.vswap_desc != nullptr; }

// The "nr" of a descriptor-design path (seed 001's ranges are at most 4 entries).
int desc_nr(const OpArgs& a) {
  const int nr = inum(a, "nr");
  if (nr < 1 || nr > 4) throw std::invalid_argument("nr must be 1..4");
  return nr;
}

std::vector<OpEntry> build() {
  std::vector<OpEntry> ops;
  // Every operation of this table is the swap table's (with or without CONFIG_VSWAP) unless it
  // says otherwise; the kernel paths run seed 001's version of the function under vswap_desc.
  OpAppender add(ops);
  const OpParam type = opt("type", 0, "swap type (device)");
  const OpParam offset = req("offset", "device offset of the slot");
  const OpParam folio = req("folio", "folio id");
  const OpParam mm = req("mm", "mm (page table) id");
  const OpParam idx = req("idx", "PTE index in the mm");

  // --- building state ------------------------------------------------------------------------
  add("new_mm", "create an mm (one page table) charged to a memcg; returns its id", {opt("memcg", 1, "memcg id")},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{setup_mm(inum(a, "memcg")).id}; }, true, kAllDesigns);
  add("map_anon", "map a new anonymous folio at mm[idx..]; returns the folio id",
      {mm, idx, opt("order", 0, "0 or 1"), opt("memcg", 1, "memcg id"), opt("version", 1, "content version (0: zero page)")},
      [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        return std::int64_t{setup_anon_folio(x, idx_arg(x, a), inum(a, "order"), inum(a, "memcg"),
                                             static_cast<std::uint32_t>(num(a, "version"))).id};
      },
      true, kAllDesigns);
  add("set_percpu_cluster", "point a CPU's allocation cache at a device offset (a stale cache another CPU left)",
      {req("cpu", "model CPU"), type, offset, opt("order", 0, "allocation order")},
      [](SwapModel& m, const OpArgs& a) {
        PercpuSwapCluster& pcp = m.percpu.at(static_cast<std::size_t>(inum(a, "cpu")));
        pcp.si.at(static_cast<std::size_t>(inum(a, "order"))).store(static_cast<std::uint32_t>(inum(a, "type") + 1));
        pcp.offset.at(static_cast<std::size_t>(inum(a, "order"))).write(static_cast<std::uint32_t>(num(a, "offset")));
        return std::int64_t{0};
      },
      true);

  // --- kernel paths --------------------------------------------------------------------------------
  add("swap_out", "reclaim the folio mapped at mm[idx] (none mapped: nothing to do); 1 when freed", {mm, idx},
      [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        Folio* f = mapped_folio(m, x, idx_arg(x, a));
        if (f == nullptr) return std::int64_t{0};
        return std::int64_t{(desc_design(m) ? desc::shrink_folio(*f) : shrink_folio(*f)) ? 1 : 0};
      },
      false, kAllDesigns);
  add("shrink_folio", "reclaim a folio by id (shrink_folio_list for one folio); 1 when freed", {folio},
      [](SwapModel& m, const OpArgs& a) {
        Folio& f = folio_arg(m, a);
        return std::int64_t{(desc_design(m) ? desc::shrink_folio(f) : shrink_folio(f)) ? 1 : 0};
      },
      false, kAllDesigns);
  add("do_swap_page", "swap-in fault on mm[idx]; returns 0, VM_FAULT_OOM (1) or VM_FAULT_SIGBUS (2)",
      {mm, idx, opt("write", 0, "1: a write fault"),
       opt("ra", 1, "swapin_readahead window in PTEs (swap table only): >1 reads the aligned window's swap PTEs into the swap cache first (swap_vma_readahead, seed 003)")},
      [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        const int i = idx_arg(x, a);
        const bool write = num(a, "write") != 0;
        const int ra = inum(a, "ra");
        if (ra < 1 || ra > x.slots()) throw std::invalid_argument("ra out of range");
        if (desc_design(m) && ra != 1) throw std::invalid_argument("ra: no VMA readahead in design vswap_desc");
        return std::int64_t{desc_design(m) ? desc::do_swap_page(x, i, write) : do_swap_page(x, i, write, ra)};
      },
      false, kAllDesigns);
  add("zap", "zap_pte_range over mm[idx, idx+nr) (MADV_DONTNEED; vswap_desc: free_swap_and_cache_nr, nr 1..4)",
      {mm, idx, opt("nr", 1, "PTEs")}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        if (desc_design(m))
          desc::zap_pte_range(x, idx_arg(x, a), desc_nr(a));
        else
          zap_pte_range(x, idx_arg(x, a), inum(a, "nr"));
        return std::int64_t{0};
      },
      false, kAllDesigns);
  add("fork", "copy_pte_range from src to dst (fork; vswap_desc: swap_duplicate); 0 or -ENOMEM",
      {req("dst", "child mm"), req("src", "parent mm"), opt("idx", 0, "first PTE"), opt("nr", -1, "PTEs (-1: to the end)")},
      [](SwapModel& m, const OpArgs& a) {
        MmStruct& dst = mm_arg(m, a, "dst");
        MmStruct& src = mm_arg(m, a, "src");
        const int first = inum(a, "idx");
        const int nr = inum(a, "nr") < 0 ? src.slots() - first : inum(a, "nr");
        return std::int64_t{desc_design(m) ? desc::copy_pte_range(dst, src, first, nr) : copy_pte_range(dst, src, first, nr)};
      },
      false, kAllDesigns);
  add("write", "a user store to mm[idx] (faults it in first); the page must be exclusive",
      {mm, idx, opt("zero", 0, "1: the page becomes all zeros")}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        if (desc_design(m))
          desc::write_page(x, idx_arg(x, a), num(a, "zero") != 0);
        else
          write_page(x, idx_arg(x, a), num(a, "zero") != 0);
        return std::int64_t{0};
      },
      false, kAllDesigns);
  add("madvise_willneed", "MADV_WILLNEED over mm[idx, idx+nr) (swapin_walk_pmd_entry, mm/madvise.c): each swap PTE read under the PTL, then read_swap_cache_async (seed 003) with the PTL dropped",
      {mm, idx, opt("nr", 1, "PTEs")}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        const int i = idx_arg(x, a);
        if (inum(a, "nr") < 1 || i + inum(a, "nr") > x.slots()) throw std::invalid_argument("nr out of range");
        swapin_walk_pmd_entry(x, i, i + inum(a, "nr"));
        return std::int64_t{0};
      });
  add("mincore", "mincore(2) over mm[idx, idx+nr) (mincore_pte_range, mm/mincore.c; mincore_swap with seed 003's tryget_swap_entry), under the PTL; bit i set when page idx+i is resident",
      {mm, idx, opt("nr", 1, "PTEs")}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        const int i = idx_arg(x, a);
        if (inum(a, "nr") < 1 || i + inum(a, "nr") > x.slots()) throw std::invalid_argument("nr out of range");
        return std::int64_t{mincore_pte_range(x, i, i + inum(a, "nr"))};
      });
  add("uffd_move", "UFFDIO_MOVE of the swapped-out page mm[idx] to the empty mm[dst_idx] (move_pages_ptes' swap branch and move_swap_pte, mm/userfaultfd.c, seed 003), retried while -EAGAIN; 0 moved, -EEXIST, -ENOENT, -EBUSY, -EFAULT, or 1 when mm[idx] holds a present page (move_present_pte: not modelled). Only for entries no fork shares (the exclusive bit is not modelled)",
      {mm, idx, req("dst_idx", "destination PTE index in the same mm")}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = mm_arg(m, a);
        const int src = idx_arg(x, a);
        const int dst = inum(a, "dst_idx");
        if (dst < 0 || dst >= x.slots() || dst == src) throw std::invalid_argument("dst_idx out of range");
        return std::int64_t{move_pages(x, dst, src)};
      });
  add("migrate_folio", "migrate_pages of one unmapped swap-cache folio, sync (mm/migrate.c): isolate, allocate the new folio, lock both, __migrate_folio (copy, freeze, __swap_cache_replace_folio under ci->lock, flags, memcg); 0, -EAGAIN (an unexpected reference), -ENOMEM, -EBUSY (not in the swap cache), or 1 when mapped (try_to_migrate: not modelled)",
      {folio}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{migrate_swapcache_folio(folio_arg(m, a))}; });
  add("split_folio", "split of one unmapped large swap-cache folio to order 0 (mm/huge_memory.c: split_huge_page_to_list_to_order -> __folio_split, __split_unmapped_folio, __swap_cache_replace_folio for the new folio under the cluster lock): folio_try_get, folio_lock, the split, unlock, put; 0, -EAGAIN (another reference: the count did not freeze), -EINVAL (not large), -EBUSY (not in the swap cache), or 1 when mapped (unmap_folio: not modelled)",
      {folio}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{split_swapcache_folio(folio_arg(m, a))}; });
  add("schedule_reclaim_work", "schedule_work(&si->reclaim_work) (mm/swapfile.c's swap_range_alloc when the device filled up): the device's reclaim work is queued, for a thread's swap_reclaim_work",
      {type}, [](SwapModel&, const OpArgs& a) {
        schedule_reclaim_work(device_arg(a));
        return std::int64_t{0};
      },
      true);
  add("swap_reclaim_work", "swap_reclaim_work (mm/swapfile.c), the device's queued reclaim work: swap_reclaim_full_clusters(si, true) with no device reference (swapoff flushes the work before freeing the clusters)",
      {type}, [](SwapModel&, const OpArgs& a) {
        SwapWork* w = reclaim_work_of(device_arg(a));
        if (w == nullptr) throw std::invalid_argument("swap_reclaim_work: no reclaim work queued for this device (schedule_reclaim_work in the state)");
        swap_reclaim_work(*w);
        return std::int64_t{0};
      });
  add("swap_discard_work", "swap_discard_work (mm/swapfile.c), the discard work of a discarding device (config discard), as a worker runs it: swap_do_scheduled_discard takes each cluster of the discard list off it, discards its blocks with no lock held, and frees it under ci->lock; holds no device reference (swapoff flushes the work)",
      {type}, [](SwapModel&, const OpArgs& a) {
        SwapDevice& si = device_arg(a);
        if (si.discard == nullptr) throw std::invalid_argument("swap_discard_work: device " + std::to_string(si.type) + " does not discard (config discard)");
        swap_discard_work(si);
        return std::int64_t{0};
      });
  add("swapoff", "swapoff of a device; 0, -EINVAL or -EINTR (vswap_desc: the physical device, type 0, under the virtual entries)", {type},
      [](SwapModel& m, const OpArgs& a) {
        return std::int64_t{desc_design(m) ? desc::swapoff(inum(a, "type")) : swapoff(inum(a, "type"))};
      },
      false, kAllDesigns);
  add("try_to_unuse", "try_to_unuse alone (the device must already be off the avail list)", {type},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{try_to_unuse(inum(a, "type"))}; });
  add("zswap_shrink", "write back the zswap LRU's oldest entry; -ENOENT when empty", {},
      [](SwapModel&, const OpArgs&) { return std::int64_t{zswap_shrink_one()}; });
  add("zswap_set_enabled", "set the zswap.enabled parameter", {req("on", "0 or 1")}, [](SwapModel& m, const OpArgs& a) {
    m.zswap_lru->enabled.store(num(a, "on") != 0 ? 1 : 0);
    return std::int64_t{0};
  });
  add("memcg_offline", "take a memcg offline (its base id reference is dropped)", {req("memcg", "memcg id")},
      [](SwapModel& m, const OpArgs& a) {
        mem_cgroup_css_offline(m.memcg(inum(a, "memcg")));
        return std::int64_t{0};
      },
      false, kAllDesigns);
  add("hibernate_alloc", "swap_alloc_hibernation_slot; returns the entry's offset, 0 when none", {type},
      [](SwapModel&, const OpArgs& a) {
        return static_cast<std::int64_t>(swp_offset(swap_alloc_hibernation_slot(inum(a, "type"))));
      });
  add("hibernate_free", "swap_free_hibernation_slot", {type, offset}, [](SwapModel& m, const OpArgs& a) {
    swap_free_hibernation_slot(entry_arg(m, a));
    return std::int64_t{0};
  });

  // --- single kernel functions (the caller provides their context) --------------------------
  add("folio_lock", "folio_lock", {folio}, [](SwapModel& m, const OpArgs& a) {
    folio_lock(folio_arg(m, a));
    return std::int64_t{0};
  }, false, kAllDesigns);
  add("folio_trylock", "folio_trylock; 1 when taken", {folio},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{folio_trylock(folio_arg(m, a)) ? 1 : 0}; }, false, kAllDesigns);
  add("folio_unlock", "folio_unlock", {folio}, [](SwapModel& m, const OpArgs& a) {
    folio_unlock(folio_arg(m, a));
    return std::int64_t{0};
  }, false, kAllDesigns);
  add("folio_put", "drop a folio reference (after swap_cache_get_folio)", {folio}, [](SwapModel& m, const OpArgs& a) {
    folio_put(folio_arg(m, a));
    return std::int64_t{0};
  }, false, kAllDesigns);
  add("folio_alloc_swap", "folio_alloc_swap (folio locked); 0, -EAGAIN, -EINVAL or -ENOMEM", {folio},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{folio_alloc_swap(folio_arg(m, a))}; });
  add("folio_dup_swap", "folio_dup_swap (folio locked, in the swap cache); 0 or -ENOMEM",
      {folio, opt("page", -1, "page index, -1: the whole folio")},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{folio_dup_swap(folio_arg(m, a), inum(a, "page"))}; });
  add("folio_put_swap", "folio_put_swap (folio locked, in the swap cache)", {folio, opt("page", -1, "page index, -1: all")},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{folio_put_swap(folio_arg(m, a), inum(a, "page"))}; });
  add("folio_free_swap", "folio_free_swap (folio locked); 1 when freed from the swap cache", {folio},
      [](SwapModel& m, const OpArgs& a) {
        Folio& f = folio_arg(m, a);
        return std::int64_t{(desc_design(m) ? desc::folio_free_swap(f) : folio_free_swap(f)) ? 1 : 0};
      },
      false, kAllDesigns);
  add("swap_dup_entry_direct", "swap_dup_entry_direct (the caller holds the reference's lock); 0 or -errno", {type, offset},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{swap_dup_entry_direct(entry_arg(m, a))}; });
  add("swap_put_entries_direct", "swap_put_entries_direct (the caller holds the references' lock)",
      {type, offset, opt("nr", 1, "slots")}, [](SwapModel& m, const OpArgs& a) {
        swap_put_entries_direct(entry_arg(m, a), inum(a, "nr"));
        return std::int64_t{0};
      });
  add("swap_cache_add_folio", "swap_cache_add_folio (folio locked); 0, -ENOENT, -EEXIST or -EBUSY", {folio, type, offset},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{swap_cache_add_folio(folio_arg(m, a), entry_arg(m, a), nullptr)}; });
  add("swap_cache_del_folio", "swap_cache_del_folio (folio locked, in the swap cache)", {folio},
      [](SwapModel& m, const OpArgs& a) {
        swap_cache_del_folio(folio_arg(m, a));
        return std::int64_t{0};
      });
  add("swap_cache_add_check", "__swap_cache_alloc's first check (mm/swap_state.c, seed 002): __swap_cache_add_check under the cluster lock; 0, -ENOENT (also: the vswap cluster is gone), -EEXIST or -EBUSY",
      {type, offset, opt("nr", 1, "range size")}, [](SwapModel& m, const OpArgs& a) {
        return std::int64_t{swap_cache_add_check(entry_arg(m, a), inum(a, "nr"))};
      });
  add("swap_cache_alloc_folio", "swap_cache_alloc_folio; the new locked folio's id, or -errno",
      {type, offset, opt("orders", 1, "bitmask of orders"), opt("idx", 0, "virtual index"), opt("memcg", 1, "faulting mm's memcg")},
      [](SwapModel& m, const OpArgs& a) {
        const FolioOrErr r = swap_cache_alloc_folio(entry_arg(m, a), static_cast<unsigned>(num(a, "orders")), inum(a, "idx"),
                                                    inum(a, "memcg"));
        return r.folio != nullptr ? std::int64_t{r.folio->id} : std::int64_t{r.err};
      });
  add("swap_cache_get_folio", "swap_cache_get_folio; the folio id (with a reference) or -1", {type, offset},
      [](SwapModel& m, const OpArgs& a) {
        Folio* f = swap_cache_get_folio(entry_arg(m, a));
        return f != nullptr ? std::int64_t{f->id} : std::int64_t{-1};
      });
  add("swap_read_folio", "swap_read_folio (folio locked, in the swap cache, not uptodate); unlocks it", {folio},
      [](SwapModel& m, const OpArgs& a) {
        swap_read_folio(folio_arg(m, a));
        return std::int64_t{0};
      });
  add("swap_writeout", "swap_writeout (folio locked, in the swap cache, dirty bit cleared)", {folio},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{swap_writeout(folio_arg(m, a))}; });
  add("try_to_reclaim_swap", "__try_to_reclaim_swap; +nr reclaimed, -nr kept, 0 no folio",
      {type, offset, opt("flags", TTRS_ANYWAY, "TTRS_ANYWAY 1, TTRS_UNMAPPED 2, TTRS_FULL 4")},
      [](SwapModel& m, const OpArgs& a) {
        const swp_entry_t e = entry_arg(m, a);
        return std::int64_t{__try_to_reclaim_swap(*swap_type_to_info(swp_type(e)), swp_offset(e),
                                                  static_cast<unsigned>(num(a, "flags")))};
      });
  add("tryget_swap_entry", "tryget_swap_entry (seed 003); 1 with a device reference, 0 when swapoff locked us out",
      {type, offset}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{tryget_swap_entry(entry_arg(m, a), nullptr) ? 1 : 0}; });
  add("put_swap_entry", "put_swap_entry: drop the reference tryget_swap_entry took", {type, offset},
      [](SwapModel& m, const OpArgs& a) {
        const swp_entry_t e = entry_arg(m, a);
        put_swap_entry(e, swap_type_to_info(swp_type(e)));
        return std::int64_t{0};
      });
  desc::add_ops(ops);   // design vswap_desc (seed 001)
  vswap::add_ops(ops);  // CONFIG_VSWAP (seed 004)
  add_step_ops(ops);    // lock, RCU and PTE steps (step_ops.cpp)
  add_path_step_ops(ops);  // the steps of the kernel paths above (path_step_ops.cpp)
  add_shmem_ops(ops);      // shmem mappings in swap (shmem_ops.cpp)
  add_caller_step_ops(ops);  // the steps of uffd_move, migrate_folio, swap_reclaim_work, split_folio
  return ops;
}

}  // namespace

const std::vector<OpEntry>& op_registry() {
  static const std::vector<OpEntry> ops = build();
  return ops;
}

}  // namespace swapmodel
