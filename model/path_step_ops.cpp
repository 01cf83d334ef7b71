// The single steps of the kernel paths (issue 11 item 2): every whole path of the op table
// (do_swap_page, zap, swap_out, zswap_shrink, swapoff, the allocator, the memcg accounting) is
// also the sequence of these, each a registry entry that calls the model function the whole path
// calls, so a scenario can write a path out, reorder it, cut it or extend it. Each one-line doc
// names the kernel function and its file, what the caller must hold, and what it returns.
//
// Values passed between steps are bound with "as": a folio id, a swap entry (pte_to_swp_entry,
// folio_swap: split with swp_type / swp_offset), a swap-table word, a zswap entry id, and the
// swap-in record the re-check reads (__swap_cache_add_check: the slot's memcg id plus its
// shadow times 65536). Pure helpers (pte_none, swp_offset, swp_tb_get_count, ...) compute on a
// bound value and have no scheduling point.
#include <stdexcept>

#include "model/cluster.h"
#include "model/memcg.h"
#include "model/memory.h"
#include "model/mincore.h"
#include "model/model.h"
#include "model/op_args.h"
#include "model/page_io.h"
#include "model/registry.h"
#include "model/step_ops.h"
#include "model/swap_readahead.h"
#include "model/swap_state.h"
#include "model/swap_table.h"
#include "model/swapfile.h"
#include "model/swapoff.h"
#include "model/vmscan.h"
#include "model/vswap/vswap.h"
#include "model/zswap.h"

namespace swapmodel {

namespace {

using namespace op_args;

constexpr std::int64_t kRecordShadow = 1 << 16;

std::int64_t record_of(const SwapinRecord& r) {
  return static_cast<std::int64_t>(r.memcg_id) + static_cast<std::int64_t>(r.shadow) * kRecordShadow;
}
SwapinRecord record_arg(const OpArgs& a) {
  const std::int64_t v = num(a, "record");
  if (v < 0) throw std::invalid_argument("record " + std::to_string(v) + " is an error, not a swap-in record");
  return SwapinRecord{static_cast<std::uint64_t>(v / kRecordShadow), static_cast<int>(v % kRecordShadow)};
}

std::int64_t flag(bool b) { return b ? 1 : 0; }

MmStruct& mm_idx(SwapModel& m, const OpArgs& a, int* idx) {
  MmStruct& mm = mm_arg(m, a);
  *idx = idx_arg(mm, a);
  return mm;
}

// The cluster holding (type, offset), whose lock the caller must hold (lockdep_assert_held: a
// precondition failure otherwise).
SwapCluster& held_cluster(const OpArgs& a) {
  const swp_entry_t e = swp_arg(a);
  SwapCluster* ci = held_cluster_or_null(swp_type(e), swp_offset(e));
  if (ci == nullptr) ci = __swap_offset_to_cluster_or_null(swp_type(e), swp_offset(e));
  if (ci == nullptr) throw std::invalid_argument("no cluster holds that offset");
  ci->lock.assert_held();
  return *ci;
}

unsigned ci_off(swp_entry_t e) { return static_cast<unsigned>(swp_offset(e) % model().slots_per_cluster()); }

std::int64_t entry_value(swp_entry_t e) { return static_cast<std::int64_t>(e.val); }

swp_entry_t swp_value_arg(const OpArgs& a) {
  const std::int64_t v = num(a, "swp");
  if (v <= 0) throw std::invalid_argument("swap entry " + std::to_string(v) + " is none");
  const swp_entry_t e{static_cast<std::uint64_t>(v)};
  SwapDevice* si = swap_type_to_info(swp_type(e));
  if (si == nullptr || swp_offset(e) >= si->max) throw std::invalid_argument("swap entry " + std::to_string(v) + " names no slot");
  return e;
}

std::int64_t pte_arg(const OpArgs& a) { return num(a, "pte"); }

}  // namespace

void add_path_step_ops(std::vector<OpEntry>& ops) {
  OpAppender add(ops);
  const OpParam mm = req("mm", "mm (page table) id");
  const OpParam idx = req("idx", "PTE index in the mm");
  const OpParam type = opt("type", 0, "swap type (device)");
  const OpParam offset = req("offset", "device offset of the slot");
  const OpParam folio = req("folio", "folio id");
  const OpParam memcg = req("memcg", "memcg id");
  const OpParam nr = opt("nr", 1, "slots or pages");
  const OpParam pte = req("pte", "a PTE value (pte_read)");
  const OpParam swp = req("swp", "a swap entry value (pte_to_swp_entry, folio_swap)");
  const OpParam tbw = req("tb", "a swap-table word (swap_table_get)");
  const OpParam entry = req("entry", "zswap entry id (zswap_lru_isolate)");
  const OpParam record = req("record", "the swap-in record __swap_cache_add_check returned");

  // --- values: pure, no scheduling point -------------------------------------------------------------
  add("pte_none", "pte_none (include/linux/pgtable.h) of a PTE value; 1 or 0", {pte},
      [](SwapModel&, const OpArgs& a) { return flag(pte_none(static_cast<std::uint64_t>(pte_arg(a)))); }, kAllDesigns);
  add("pte_present", "pte_present of a PTE value; 1 or 0", {pte},
      [](SwapModel&, const OpArgs& a) { return flag(pte_present(static_cast<std::uint64_t>(pte_arg(a)))); }, kAllDesigns);
  add("pte_folio", "the folio a present PTE value maps (vm_normal_folio), -1 when it is not present", {pte},
      [](SwapModel&, const OpArgs& a) {
        const std::uint64_t p = static_cast<std::uint64_t>(pte_arg(a));
        return pte_present(p) ? std::int64_t{pte_folio(p)} : std::int64_t{-1};
      }, kAllDesigns);
  add("pte_to_swp_entry", "pte_to_swp_entry (include/linux/swapops.h): the swap entry a PTE value holds, 0 when it holds none (none, present or poison)",
      {pte}, [](SwapModel&, const OpArgs& a) {
        const std::uint64_t p = static_cast<std::uint64_t>(pte_arg(a));
        return is_swap_pte(p) ? entry_value(pte_to_swp_entry(p)) : std::int64_t{0};
      }, kAllDesigns);
  add("swp_type", "swp_type (include/linux/swapops.h) of a swap entry value", {swp},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{swp_type(swp_entry_t{static_cast<std::uint64_t>(num(a, "swp"))})}; }, kAllDesigns);
  add("swp_offset", "swp_offset of a swap entry value", {swp}, [](SwapModel&, const OpArgs& a) {
    return static_cast<std::int64_t>(swp_offset(swp_entry_t{static_cast<std::uint64_t>(num(a, "swp"))}));
  }, kAllDesigns);
  add("swp_tb_get_count", "swp_tb_get_count (mm/swap_table.h) of a table word: its count, -EINVAL for Bad and Pointer words", {tbw},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{tb::get_count(static_cast<std::uint64_t>(num(a, "tb")))}; });
  add("swp_tb_is_folio", "swp_tb_is_folio of a table word (the slot is cached); 1 or 0", {tbw},
      [](SwapModel&, const OpArgs& a) { return flag(tb::is_folio(static_cast<std::uint64_t>(num(a, "tb")))); });
  add("swp_tb_is_pointer", "swp_tb_is_pointer (seed 004 P3) of a table word (a physical slot backing a vswap slot); 1 or 0", {tbw},
      [](SwapModel&, const OpArgs& a) { return flag(tb::is_pointer(static_cast<std::uint64_t>(num(a, "tb")))); });

  // --- page tables (mm/memory.c) ----------------------------------------------------------------------
  add("thp_swapin_suitable_orders", "do_swap_page's thp_swapin_suitable_orders (mm/memory.c), no lock, pte: the fault's orig_pte: 2 when order 1 may be tried at mm[idx], else 0",
      {mm, idx, pte}, [](SwapModel& m, const OpArgs& a) {
        int i = 0;
        MmStruct& x = mm_idx(m, a, &i);
        return std::int64_t{thp_swapin_suitable_orders(x, i, static_cast<std::uint64_t>(num(a, "pte")))};
      });
  add("do_swap_page_map", "do_swap_page's mapping (mm/memory.c): PTL held, folio locked in the swap cache and uptodate, pte_same checked: set_ptes, rmap and folio_put_swap for the folio's pages at mm[idx] (type, offset: the faulting entry); returns the pages mapped",
      {mm, idx, folio, type, offset}, [](SwapModel& m, const OpArgs& a) {
        int i = 0;
        MmStruct& x = mm_idx(m, a, &i);
        return std::int64_t{do_swap_page_map(x, i, folio_arg(m, a), swp_arg(a))};
      });
  add("should_try_to_free_swap", "should_try_to_free_swap (mm/memory.c), folio locked, after mapping nr pages; 1 when do_swap_page calls folio_free_swap",
      {folio, type, opt("write", 0, "1: a write fault"), nr}, [](SwapModel& m, const OpArgs& a) {
        return flag(should_try_to_free_swap(device_arg(a), folio_arg(m, a), num(a, "write") != 0, inum(a, "nr")));
      });
  add("zap_present_ptes", "zap_present_ptes (mm/memory.c) for mm[idx] holding the present PTE value pte: PTL held; clears it and drops the mapping's reference",
      {mm, idx, pte}, [](SwapModel& m, const OpArgs& a) {
        int i = 0;
        MmStruct& x = mm_idx(m, a, &i);
        const std::uint64_t p = static_cast<std::uint64_t>(pte_arg(a));
        if (!pte_present(p) || static_cast<std::size_t>(pte_folio(p)) >= m.folios.size())
          throw std::invalid_argument("zap_present_ptes: not a present PTE value");
        zap_present_ptes(x, i, p);
        return std::int64_t{0};
      });
  add("swap_pte_batch", "swap_pte_batch (mm/internal.h), PTL held: how many PTEs from mm[idx] (at most max_nr) hold consecutive entries from (type, offset) in its cluster",
      {mm, idx, type, offset, opt("max_nr", 1, "PTEs")}, [](SwapModel& m, const OpArgs& a) {
        int i = 0;
        MmStruct& x = mm_idx(m, a, &i);
        const int max_nr = inum(a, "max_nr");
        if (max_nr < 1 || i + max_nr > x.slots()) throw std::invalid_argument("max_nr out of range");
        return std::int64_t{swap_pte_batch(x, i, max_nr, swp_arg(a))};
      });
  add("clear_not_present_full_ptes", "clear_not_present_full_ptes (include/linux/pgtable.h), PTL held: nr PTEs from mm[idx] become none",
      {mm, idx, nr}, [](SwapModel& m, const OpArgs& a) {
        int i = 0;
        MmStruct& x = mm_idx(m, a, &i);
        if (inum(a, "nr") < 1 || i + inum(a, "nr") > x.slots()) throw std::invalid_argument("nr out of range");
        clear_not_present_full_ptes(x, i, inum(a, "nr"));
        return std::int64_t{0};
      });
  add("unuse_pte", "unuse_pte (mm/swapfile.c), folio locked: under the PTL, if mm[idx] still holds (type, offset), map the folio's page there (poison if not uptodate) and folio_put_swap; 1 when mapped, 0 when the PTE changed or the folio is no longer the entry's swap-cache folio",
      {mm, idx, type, offset, folio}, [](SwapModel& m, const OpArgs& a) {
        int i = 0;
        MmStruct& x = mm_idx(m, a, &i);
        return std::int64_t{unuse_pte(x, i, swp_arg(a), folio_arg(m, a))};
      });
  add("unuse_mm", "unuse_pte_range (mm/swapfile.c) over one mm's swap PTEs of a device: swapin_folio, folio_lock, folio_wait_writeback, unuse_pte, folio_free_swap for each; 0 or -ENOMEM",
      {mm, type}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{unuse_mm(mm_arg(m, a), device_arg(a).type)}; });

  // --- folios (include/linux/page-flags.h, mm.h, pagemap.h) ---------------------------------------
  add("folio_alloc", "folio_alloc (mm/page_alloc.c), no lock held: a new folio of order for virtual index idx, one reference; its id, or -ENOMEM when the thread's folio budget is spent or the allocation fails (alloc_failure \"folio\")",
      {opt("order", 0, "0 or 1"), opt("idx", 0, "virtual index")}, [](SwapModel& m, const OpArgs& a) {
        const int order = inum(a, "order");
        if (order < 0 || order >= kNrOrders) throw std::invalid_argument("order out of range");
        Folio* f = m.folio_alloc(order, inum(a, "idx"));
        return f != nullptr ? std::int64_t{f->id} : std::int64_t{-ENOMEM};
      });
  add("folio_try_get", "folio_try_get (include/linux/page_ref.h); 1 with a reference, 0 when the count is 0 (freed or frozen)", {folio},
      [](SwapModel& m, const OpArgs& a) { return flag(folio_try_get(folio_arg(m, a))); });
  add("folio_test_uptodate", "folio_test_uptodate; 1 or 0", {folio},
      [](SwapModel& m, const OpArgs& a) { return flag(folio_test_uptodate(folio_arg(m, a))); });
  add("folio_test_swapcache", "folio_test_swapcache; 1 or 0", {folio},
      [](SwapModel& m, const OpArgs& a) { return flag(folio_test_swapcache(folio_arg(m, a))); });
  add("folio_test_dirty", "folio_test_dirty; 1 or 0", {folio},
      [](SwapModel& m, const OpArgs& a) { return flag(folio_test_dirty(folio_arg(m, a))); });
  add("folio_test_writeback", "folio_test_writeback; 1 or 0", {folio},
      [](SwapModel& m, const OpArgs& a) { return flag(folio_test_writeback(folio_arg(m, a))); });
  add("folio_mapped", "folio_mapped (include/linux/mm.h); 1 when a PTE maps a page of it", {folio},
      [](SwapModel& m, const OpArgs& a) { return flag(folio_mapped(folio_arg(m, a))); });
  add("folio_mark_dirty", "folio_mark_dirty", {folio}, [](SwapModel& m, const OpArgs& a) {
    folio_mark_dirty(folio_arg(m, a));
    return std::int64_t{0};
  });
  add("folio_mark_uptodate", "folio_mark_uptodate", {folio}, [](SwapModel& m, const OpArgs& a) {
    folio_mark_uptodate(folio_arg(m, a));
    return std::int64_t{0};
  });
  add("folio_set_reclaim", "folio_set_reclaim (zswap writeback: to the inactive tail after writeback)", {folio},
      [](SwapModel& m, const OpArgs& a) {
        folio_set(folio_arg(m, a), PG_reclaim);
        return std::int64_t{0};
      });
  add("folio_clear_dirty_for_io", "folio_clear_dirty_for_io (mm/page-writeback.c, pageout), folio locked; 1 when it was dirty", {folio},
      [](SwapModel& m, const OpArgs& a) { return flag(folio_test_clear(folio_arg(m, a), PG_dirty)); });
  add("folio_wait_writeback", "folio_wait_writeback (mm/page-writeback.c), folio locked", {folio}, [](SwapModel& m, const OpArgs& a) {
    folio_wait_writeback(folio_arg(m, a));
    return std::int64_t{0};
  });
  add("folio_ref_freeze", "folio_ref_freeze (include/linux/page_ref.h): the count goes from count to 0; 1 when it did", {folio, req("count", "expected references")},
      [](SwapModel& m, const OpArgs& a) { return flag(folio_ref_freeze(folio_arg(m, a), inum(a, "count"))); });
  add("folio_ref_unfreeze", "folio_ref_unfreeze: a frozen count becomes count again", {folio, req("count", "references")},
      [](SwapModel& m, const OpArgs& a) {
        folio_ref_unfreeze(folio_arg(m, a), inum(a, "count"));
        return std::int64_t{0};
      });
  add("folio_swap", "folio->swap, read by the folio's holder: the swap entry value (0: none); split it with swp_type / swp_offset", {folio},
      [](SwapModel& m, const OpArgs& a) { return entry_value(folio_swap(folio_arg(m, a))); });
  add("folio_matches_swap_entry", "folio_matches_swap_entry (mm/swap.h), folio locked: 1 when still in the swap cache covering (type, offset)",
      {folio, type, offset}, [](SwapModel& m, const OpArgs& a) { return flag(folio_matches_swap_entry(folio_arg(m, a), swp_arg(a))); });
  add("folio_memcg", "folio_memcg (include/linux/memcontrol.h): the folio's memcg id, 0 for none", {folio},
      [](SwapModel& m, const OpArgs& a) { return std::int64_t{folio_memcg(folio_arg(m, a))}; });

  // --- swap table and swap cache (mm/swap_table.h, mm/swap_state.c) ----------------------------------
  add("swap_table_get", "swap_table_get (mm/swap_table.h): the slot's table word, read locklessly under its own rcu_read_lock (0: NULL)",
      {type, offset}, [](SwapModel&, const OpArgs& a) { return static_cast<std::int64_t>(swap_table_get_entry(swp_arg(a))); });
  add("swapin_folio", "swapin_sync / swapin_readahead's target (mm/swap_state.c), device pinned: the swap cache's folio for (type, offset), found or allocated and read, with a reference; -1 when none",
      {type, offset, opt("orders", 1, "bitmask of orders"), opt("idx", 0, "virtual index"), opt("memcg", 1, "faulting mm's memcg")},
      [](SwapModel& m, const OpArgs& a) {
        (void)memcg_arg(m, a);
        Folio* f = swapin_folio(swp_arg(a), static_cast<unsigned>(num(a, "orders")), inum(a, "idx"), inum(a, "memcg"));
        return f != nullptr ? std::int64_t{f->id} : std::int64_t{-1};
      });
  add("read_swap_cache_async", "read_swap_cache_async (mm/swap_state.c, seed 003), no lock held, the entry (type, offset) possibly stale: tryget_swap_entry, the cached folio or a new one read in, put_swap_entry; the folio id with a reference, -1 when none",
      {type, offset, opt("idx", 0, "virtual index"), opt("memcg", 1, "the mm's memcg")}, [](SwapModel& m, const OpArgs& a) {
        (void)memcg_arg(m, a);
        Folio* f = read_swap_cache_async(swp_arg(a), inum(a, "idx"), inum(a, "memcg"));
        return f != nullptr ? std::int64_t{f->id} : std::int64_t{-1};
      });
  add("swap_vma_readahead", "swap_vma_readahead (mm/swap_state.c, seed 003), the device of (type, offset) pinned by the fault at mm[idx]: the swap PTEs of mm[start, start+nr) read locklessly and into the swap cache (another device's under its own tryget_swap_entry), then the target; its folio id with a reference, -1 when none",
      {mm, idx, type, offset, req("start", "first PTE of the window"), nr}, [](SwapModel& m, const OpArgs& a) {
        int i = 0;
        MmStruct& x = mm_idx(m, a, &i);
        const int start = inum(a, "start"), n = inum(a, "nr");
        if (start < 0 || n < 1 || start + n > x.slots() || i < start || i >= start + n) throw std::invalid_argument("window out of range");
        Folio* f = swap_vma_readahead(swp_arg(a), x, i, start, start + n);
        return f != nullptr ? std::int64_t{f->id} : std::int64_t{-1};
      });
  add("mincore_swap", "mincore_swap (mm/mincore.c, seed 003): tryget_swap_entry, swap_cache_get_folio, put_swap_entry; 1 when an uptodate folio is cached for (type, offset), else 0",
      {type, offset}, [](SwapModel&, const OpArgs& a) { return std::int64_t{mincore_swap(swp_arg(a), false)}; });
  add("__swap_cache_alloc", "__swap_cache_alloc (mm/swap_state.c, seed 002), one order of swap_cache_alloc_folio, device pinned: the new locked folio's id, or -errno",
      {type, offset, opt("order", 0, "0 or 1"), opt("idx", 0, "virtual index"), opt("memcg", 1, "faulting mm's memcg")},
      [](SwapModel& m, const OpArgs& a) {
        (void)memcg_arg(m, a);
        const int order = inum(a, "order");
        if (order < 0 || order >= kNrOrders) throw std::invalid_argument("order out of range");
        const FolioOrErr r = __swap_cache_alloc(swp_arg(a), order, inum(a, "idx"), inum(a, "memcg"));
        return r.folio != nullptr ? std::int64_t{r.folio->id} : std::int64_t{r.err};
      });
  add("__swap_cache_add_check", "__swap_cache_add_check (mm/swap_state.c, seed 002) with ci->lock held, the re-check: the target's swap-in record (memcg id + shadow x 65536) or -ENOENT, -EEXIST, -EBUSY",
      {type, offset, nr}, [](SwapModel&, const OpArgs& a) {
        SwapCluster& ci = held_cluster(a);
        SwapinRecord r;
        const int err = __swap_cache_add_check(ci, swp_arg(a), inum(a, "nr"), &r.shadow, &r.memcg_id);
        return err != 0 ? std::int64_t{err} : record_of(r);
      });
  add("__swap_cache_add_new_folio", "__swap_cache_alloc's insert (mm/swap_state.c, seed 002), ci->lock held after the re-check: __folio_set_locked, __folio_set_swapbacked, __swap_cache_do_add_folio of the new folio at (type, offset) aligned to its size",
      {folio, type, offset}, [](SwapModel& m, const OpArgs& a) {
        SwapCluster& ci = held_cluster(a);
        Folio& f = folio_arg(m, a);
        const swp_entry_t e = swp_arg(a);
        __swap_cache_add_new_folio(ci, f, swp_entry_t{e.val - e.val % static_cast<std::uint64_t>(f.nr())});
        return std::int64_t{0};
      });
  add("swap_cache_alloc_charge", "__swap_cache_alloc's charge (mm/swap_state.c, seed 002), folio locked in the swap cache: mem_cgroup_swapin_charge_folio, on failure swap_cache_alloc_undo, else memcg1_swapin; 0 or -ENOMEM",
      {folio, type, offset, record, opt("memcg", 1, "faulting mm's memcg")}, [](SwapModel& m, const OpArgs& a) {
        (void)memcg_arg(m, a);
        Folio& f = folio_arg(m, a);
        const swp_entry_t e = swp_arg(a);
        return std::int64_t{swap_cache_alloc_charge(f, swp_entry_t{e.val - e.val % static_cast<std::uint64_t>(f.nr())}, record_arg(a), inum(a, "memcg"))};
      });
  add("swap_cache_alloc_undo", "__swap_cache_alloc's failed charge (mm/swap_state.c, seed 002): under ci->lock the folio leaves the swap cache with the record's shadow, then it is unlocked and its cache and allocation references dropped",
      {folio, type, offset, record}, [](SwapModel& m, const OpArgs& a) {
        Folio& f = folio_arg(m, a);
        const swp_entry_t e = swp_arg(a);
        swap_cache_alloc_undo(f, swp_entry_t{e.val - e.val % static_cast<std::uint64_t>(f.nr())}, record_arg(a).shadow);
        return std::int64_t{0};
      });
  add("__swap_cache_del_folio", "__swap_cache_del_folio (mm/swap_state.c), ci->lock held, folio locked in the swap cache at (type, offset): its slots become Shadow(shadow), those without a count are freed",
      {folio, type, offset, opt("shadow", 0, "workingset shadow (reclaim: 1)")}, [](SwapModel& m, const OpArgs& a) {
        SwapCluster& ci = held_cluster(a);
        __swap_cache_do_del_folio(ci, folio_arg(m, a), swp_arg(a), static_cast<std::uint64_t>(num(a, "shadow")));
        return std::int64_t{0};
      });
  add("__swap_cluster_free_entries", "__swap_cluster_free_entries (mm/swapfile.c), ci->lock held, nr Shadow slots from (type, offset) with count <= 1: they become NULL, their memcg ids are cleared and uncharged (vswap: backing released, id references put), the cluster moves list",
      {type, offset, nr}, [](SwapModel&, const OpArgs& a) {
        SwapCluster& ci = held_cluster(a);
        const swp_entry_t e = swp_arg(a);
        const int n = inum(a, "nr");
        if (n < 1 || ci_off(e) + static_cast<unsigned>(n) > model().slots_per_cluster()) throw std::invalid_argument("nr out of range");
        __swap_cluster_free_entries(device_arg(a), ci, ci_off(e), static_cast<unsigned>(n));
        return std::int64_t{0};
      });
  add("__swap_writepage", "__swap_writepage (mm/page_io.c), folio locked in the swap cache: start writeback, unlock, write to its slots, end writeback",
      {folio}, [](SwapModel& m, const OpArgs& a) {
        __swap_writepage(folio_arg(m, a));
        return std::int64_t{0};
      });
  add("__swap_writepage_phys", "__swap_writepage_phys (mm/page_io.c, seed 004 P3), folio locked: the same to the physical entry swp backing its vswap entry",
      {folio, swp}, [](SwapModel& m, const OpArgs& a) {
        __swap_writepage_phys(folio_arg(m, a), swp_value_arg(a));
        return std::int64_t{0};
      });

  // --- reclaim (mm/vmscan.c, mm/rmap.c) ----------------------------------------------------------------
  add("try_to_unmap_one", "try_to_unmap_one (mm/rmap.c), folio locked in the swap cache: under the PTL, if mm[idx] maps page of the folio, folio_dup_swap and the swap PTE; 0 when the dup failed",
      {folio, mm, idx, opt("page", 0, "page of the folio")}, [](SwapModel& m, const OpArgs& a) {
        int i = 0;
        MmStruct& x = mm_idx(m, a, &i);
        Folio& f = folio_arg(m, a);
        if (inum(a, "page") < 0 || inum(a, "page") >= f.nr()) throw std::invalid_argument("page out of range");
        return flag(try_to_unmap_one(f, x, i, inum(a, "page")));
      });
  add("try_to_unmap", "try_to_unmap (mm/rmap.c), folio locked in the swap cache: try_to_unmap_one for every mm's PTEs at the folio's index",
      {folio}, [](SwapModel& m, const OpArgs& a) {
        try_to_unmap(folio_arg(m, a));
        return std::int64_t{0};
      });
  add("__remove_mapping", "__remove_mapping (mm/vmscan.c), folio locked, holding the isolation reference: freeze, test dirty, delete from the swap cache under ci->lock; 1 when removed",
      {folio}, [](SwapModel& m, const OpArgs& a) { return flag(__remove_mapping(folio_arg(m, a))); });
  add("shrink_folio_free_swap_if_full", "shrink_folio_list's activate_locked (mm/vmscan.c), folio locked: folio_free_swap when its memcg or the system is short of swap (seed 004: physical space only); 1 when freed",
      {folio}, [](SwapModel& m, const OpArgs& a) { return flag(shrink_folio_free_swap_if_full(folio_arg(m, a))); });

  // --- allocation (mm/swapfile.c) ----------------------------------------------------------------------
  add("percpu_swap_cluster_lock", "local_lock(&percpu_swap_cluster.lock) (mm/swapfile.c) of this thread's CPU", {},
      [](SwapModel&, const OpArgs&) {
        this_cpu_swap_cluster().lock.lock();
        return std::int64_t{0};
      });
  add("percpu_swap_cluster_unlock", "local_unlock(&percpu_swap_cluster.lock)", {}, [](SwapModel&, const OpArgs&) {
    this_cpu_swap_cluster().lock.unlock();
    return std::int64_t{0};
  });
  add("swap_alloc_fast", "swap_alloc_fast (mm/swapfile.c), folio locked, local lock held: allocate from this CPU's cached cluster; the entry value, 0 when none",
      {folio}, [](SwapModel& m, const OpArgs& a) { return entry_value(swap_alloc_fast(folio_arg(m, a))); });
  add("swap_alloc_slow", "swap_alloc_slow (mm/swapfile.c), folio locked, local lock held: rotate swap_avail_head and try each device; the entry value, 0 when none",
      {folio}, [](SwapModel& m, const OpArgs& a) { return entry_value(swap_alloc_slow(folio_arg(m, a))); });
  add("cluster_alloc_swap_entry", "cluster_alloc_swap_entry (mm/swapfile.c), local lock held, device referenced: the cluster lists in order; the offset, 0 when none",
      {type, folio}, [](SwapModel& m, const OpArgs& a) {
        return static_cast<std::int64_t>(cluster_alloc_swap_entry(device_arg(a), &folio_arg(m, a)));
      });
  add("alloc_swap_scan_cluster", "alloc_swap_scan_cluster (mm/swapfile.c), ci->lock of (type, offset) held, released on return: scan from offset; the offset allocated, 0 when none",
      {type, offset, folio}, [](SwapModel& m, const OpArgs& a) {
        SwapCluster& ci = held_cluster(a);
        return static_cast<std::int64_t>(alloc_swap_scan_cluster(device_arg(a), ci, &folio_arg(m, a), swp_offset(swp_arg(a))));
      });
  add("cluster_scan_range", "cluster_scan_range (mm/swapfile.c), ci->lock held: 1 when the nr slots from offset are free, 2 when free after reclaiming cache-only ones, 0 when not",
      {type, offset, nr}, [](SwapModel&, const OpArgs& a) {
        SwapCluster& ci = held_cluster(a);
        bool need_reclaim = false;
        if (!cluster_scan_range(device_arg(a), ci, swp_offset(swp_arg(a)), inum(a, "nr"), &need_reclaim)) return std::int64_t{0};
        return need_reclaim ? std::int64_t{2} : std::int64_t{1};
      });
  add("cluster_reclaim_range", "cluster_reclaim_range (mm/swapfile.c, seed 004 P1/P3), ci->lock held: rcu_read_lock, drop ci->lock, reclaim the range, relock the cluster looked up again; 1 range free, 0 not, -1 cluster unusable (locked), -2 cluster gone (unlocked)",
      {type, offset, opt("order", 0, "0 or 1")}, [](SwapModel&, const OpArgs& a) {
        SwapCluster* ci = &held_cluster(a);
        bool usable = true;
        const bool ok = cluster_reclaim_range(device_arg(a), ci, swp_offset(swp_arg(a)), inum(a, "order"), &usable);
        if (ci == nullptr) return std::int64_t{-2};
        if (!usable) return std::int64_t{-1};
        return flag(ok);
      });
  add("__swap_cluster_alloc_entries", "__swap_cluster_alloc_entries (mm/swapfile.c), ci->lock held, folio locked: its slots from offset (in the swap cache, or Pointer entries for a cached vswap folio); 0 when the device is not SWP_WRITEOK",
      {type, offset, folio}, [](SwapModel& m, const OpArgs& a) {
        SwapCluster& ci = held_cluster(a);
        return flag(__swap_cluster_alloc_entries(device_arg(a), ci, &folio_arg(m, a), ci_off(swp_arg(a))));
      });
  add("relocate_cluster", "relocate_cluster (mm/swapfile.c), ci->lock held: move the cluster to the list its count says", {type, offset},
      [](SwapModel&, const OpArgs& a) {
        relocate_cluster(device_arg(a), held_cluster(a));
        return std::int64_t{0};
      });
  add("cluster_is_usable", "cluster_is_usable (mm/swapfile.c), ci->lock held: 1 when the cluster can serve this order", {type, offset, opt("order", 0, "0 or 1")},
      [](SwapModel&, const OpArgs& a) { return flag(cluster_is_usable(held_cluster(a), inum(a, "order"))); });

  // --- memcg (mm/memcontrol.c, mm/memcontrol-v1.c, mm/swap_cgroup.c) -----------------------------------
  add("mem_cgroup_try_charge_swap", "__mem_cgroup_try_charge_swap (mm/memcontrol.c), folio locked: charge and record its swap slots; 0 or -ENOMEM",
      {folio}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{mem_cgroup_try_charge_swap(folio_arg(m, a))}; });
  add("mem_cgroup_record_swap", "__mem_cgroup_record_swap (mm/memcontrol.c, seed 004 P4), folio locked in the vswap cache: id references and the record, no charge",
      {folio}, [](SwapModel& m, const OpArgs& a) {
        mem_cgroup_record_swap(folio_arg(m, a));
        return std::int64_t{0};
      });
  add("mem_cgroup_private_id_get_online", "mem_cgroup_private_id_get_online (mm/memcontrol.c): nr id references on memcg or its closest ancestor still holding any; that memcg's id",
      {memcg, nr}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{mem_cgroup_private_id_get_online(memcg_arg(m, a), inum(a, "nr")).id}; });
  add("mem_cgroup_private_id_put", "mem_cgroup_private_id_put (mm/memcontrol.c): drop nr id references", {memcg, nr},
      [](SwapModel& m, const OpArgs& a) {
        mem_cgroup_private_id_put(memcg_arg(m, a), inum(a, "nr"));
        return std::int64_t{0};
      });
  add("page_counter_try_charge", "page_counter_try_charge (mm/page_counter.c) of memcg's swap counter (memsw on v1) up to the root; 1 when charged, 0 over a limit (nothing left charged)",
      {memcg, nr}, [](SwapModel& m, const OpArgs& a) { return flag(page_counter_try_charge(memcg_arg(m, a), inum(a, "nr"))); });
  add("swap_cgroup_record", "swap_cgroup_record (mm/swap_cgroup.c; phase IV: ci->memcg_table): nr slots from (type, offset) record memcg, under ci->lock",
      {type, offset, nr, memcg}, [](SwapModel& m, const OpArgs& a) {
        swap_cgroup_record(swp_arg(a), inum(a, "nr"), memcg_arg(m, a).id);
        return std::int64_t{0};
      });
  add("mem_cgroup_uncharge_swap", "__mem_cgroup_uncharge_swap (mm/memcontrol.c): nr freed slots recorded memcg: uncharge and drop their id references",
      {memcg, nr}, [](SwapModel& m, const OpArgs& a) {
        mem_cgroup_uncharge_swap(memcg_arg(m, a).id, inum(a, "nr"));
        return std::int64_t{0};
      });
  add("mem_cgroup_charge_backing_phys_swap", "__mem_cgroup_charge_backing_phys_swap (mm/memcontrol.c, seed 004 P4): charge the swap counter only; 0 or -ENOMEM",
      {memcg, nr}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{mem_cgroup_charge_backing_phys_swap(memcg_arg(m, a).id, inum(a, "nr"))}; });
  add("mem_cgroup_uncharge_backing_phys_swap", "__mem_cgroup_uncharge_backing_phys_swap (mm/memcontrol.c, seed 004 P4): the counter only",
      {memcg, nr}, [](SwapModel& m, const OpArgs& a) {
        mem_cgroup_uncharge_backing_phys_swap(&memcg_arg(m, a), inum(a, "nr"));
        return std::int64_t{0};
      });
  add("mem_cgroup_id_put_swap", "__mem_cgroup_id_put_swap (mm/memcontrol.c, seed 004 P4): drop nr id references, no uncharge",
      {memcg, nr}, [](SwapModel& m, const OpArgs& a) {
        mem_cgroup_id_put_swap(memcg_arg(m, a).id, inum(a, "nr"));
        return std::int64_t{0};
      });
  add("memcg1_swapout", "__memcg1_swapout (mm/memcontrol-v1.c), ci->lock of the folio's entry (type, offset) held: v1 moves the folio's memsw charge to its slots and records them",
      {folio, type, offset}, [](SwapModel& m, const OpArgs& a) {
        memcg1_swapout(folio_arg(m, a), held_cluster(a));
        return std::int64_t{0};
      });
  add("memcg1_swapin", "memcg1_swapin (mm/memcontrol-v1.c): v1 drops the swap share of the nr slots from (type, offset) aligned down to nr, once the folio is charged",
      {type, offset, nr}, [](SwapModel&, const OpArgs& a) {
        const int n = inum(a, "nr");
        if (n != 1 && n != 2) throw std::invalid_argument("nr must be a folio's size (1 or 2)");
        const swp_entry_t e = swp_arg(a);
        memcg1_swapin(swp_entry_t{e.val - e.val % static_cast<std::uint64_t>(n)}, n);
        return std::int64_t{0};
      });
  add("mem_cgroup_swapin_charge_folio", "mem_cgroup_swapin_charge_folio (mm/memcontrol.c): charge a new swap-in folio to the record's memcg (offline: the faulting mm's memcg); 0 or -ENOMEM",
      {folio, record, opt("memcg", 1, "faulting mm's memcg")}, [](SwapModel& m, const OpArgs& a) {
        (void)memcg_arg(m, a);
        return std::int64_t{mem_cgroup_swapin_charge_folio(folio_arg(m, a), record_arg(a).memcg_id, inum(a, "memcg"))};
      });
  add("mem_cgroup_swap_full", "mem_cgroup_swap_full (mm/memcontrol.c): 1 when the folio's memcg (or the system) has used half its swap", {folio},
      [](SwapModel& m, const OpArgs& a) { return flag(mem_cgroup_swap_full(folio_arg(m, a))); });

  // --- zswap (mm/zswap.c) ------------------------------------------------------------------------------------
  add("zswap_store", "zswap_store (mm/zswap.c), folio locked in the swap cache: compress every page into the tree (vswap: the vtable); 1 when stored",
      {folio}, [](SwapModel& m, const OpArgs& a) { return flag(zswap_store(folio_arg(m, a))); });
  add("zswap_load", "zswap_load (mm/zswap.c), folio locked in the swap cache: -ENOENT when not in zswap; else decompress, mark uptodate and dirty, drop the entry, unlock, 0",
      {folio}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{zswap_load(folio_arg(m, a))}; });
  add("zswap_shrinker_count", "zswap_shrinker_count's refusal (mm/zswap.c, seed 004 P3): 0 when vswap entries could not get a physical slot, else 1",
      {}, [](SwapModel&, const OpArgs&) { return flag(zswap_shrinker_count()); });
  add("zswap_lru_lock", "spin_lock of the zswap LRU (list_lru_walk_one)", {}, [](SwapModel& m, const OpArgs&) {
    m.zswap_lru->lock.lock();
    return std::int64_t{0};
  });
  add("zswap_lru_unlock", "spin_unlock of the zswap LRU", {}, [](SwapModel& m, const OpArgs&) {
    m.zswap_lru->lock.unlock();
    return std::int64_t{0};
  });
  add("zswap_lru_isolate", "list_lru_walk_one's isolation for shrink_memcg_cb (mm/zswap.c), LRU lock held: the oldest entry's id, rotated to the tail; -ENOENT when empty",
      {}, [](SwapModel&, const OpArgs&) { return std::int64_t{zswap_lru_isolate()}; });
  add("zswap_entry_swpentry", "entry->swpentry (shrink_memcg_cb, LRU lock held): the swap entry value", {entry},
      [](SwapModel& m, const OpArgs& a) { return entry_value(zswap_entry_swpentry(zswap_entry_arg(m, a))); });
  add("zswap_writeback_entry", "zswap_writeback_entry (mm/zswap.c, seed 003), no lock: write entry (for slot (type, offset)) back through a new swap-cache folio; 0 or -errno",
      {entry, type, offset}, [](SwapModel& m, const OpArgs& a) { return std::int64_t{zswap_writeback_entry(zswap_entry_arg(m, a), swp_arg(a))}; });
  add("zswap_tree_load", "xa_load(swap_zswap_tree(entry)) (mm/zswap.c): the zswap entry id at (type, offset), 0 when none", {type, offset},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{zswap_tree_load(swp_arg(a))}; });
  add("zswap_tree_erase", "xa_erase(swap_zswap_tree(entry)) (mm/zswap.c): the id it held, 0 when none", {type, offset},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{zswap_tree_erase(swp_arg(a))}; });
  add("zswap_decompress", "zswap_decompress (mm/zswap.c) of entry into the locked folio's page 0; 0, or -EIO when it fails (config zswap_decompress_fails)",
      {entry, folio}, [](SwapModel& m, const OpArgs& a) {
        return zswap_decompress(zswap_entry_arg(m, a), folio_arg(m, a)) ? std::int64_t{0} : std::int64_t{-EIO};
      });
  add("zswap_entry_free", "zswap_entry_free (mm/zswap.c): unlink from the LRU under its lock and free", {entry},
      [](SwapModel& m, const OpArgs& a) {
        zswap_entry_free(zswap_entry_arg(m, a));
        return std::int64_t{0};
      });

  // --- swapoff (mm/swapfile.c) ------------------------------------------------------------------------------
  add("swap_usage_in_pages", "swap_usage_in_pages (mm/swapfile.c): the device's slots in use", {type},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{swap_usage_in_pages(device_arg(a))}; });
  add("find_next_to_unuse", "find_next_to_unuse (mm/swapfile.c), lockless: the next slot after prev neither free nor bad, 0 when none",
      {type, opt("prev", 0, "the previous offset")}, [](SwapModel&, const OpArgs& a) {
        if (num(a, "prev") < 0) throw std::invalid_argument("prev out of range");
        return static_cast<std::int64_t>(find_next_to_unuse(device_arg(a), static_cast<std::uint64_t>(num(a, "prev"))));
      });
  add("swapoff_disable", "swapoff's first part (mm/swapfile.c), under swap_lock: -EINVAL when the device is not on, else clear SWP_WRITEOK and take it off the avail list; 0",
      {type}, [](SwapModel&, const OpArgs& a) { return std::int64_t{swapoff_disable(device_arg(a))}; });
  add("wait_for_allocation", "wait_for_allocation (mm/swapfile.c), SWP_WRITEOK clear: lock and unlock every cluster once", {type},
      [](SwapModel&, const OpArgs& a) {
        wait_for_allocation(device_arg(a));
        return std::int64_t{0};
      });
  add("reinsert_swap_info", "reinsert_swap_info (mm/swapfile.c): try_to_unuse failed, the device goes back on the avail list", {type},
      [](SwapModel&, const OpArgs& a) {
        reinsert_swap_info(device_arg(a));
        return std::int64_t{0};
      });
  add("swapoff_release", "swapoff after try_to_unuse (mm/swapfile.c): percpu_ref_kill, synchronize_rcu, wait for the users, flush the per-CPU caches, free zswap's tree and the clusters",
      {type}, [](SwapModel&, const OpArgs& a) {
        swapoff_release(device_arg(a));
        return std::int64_t{0};
      });

  // --- vswap (seed 004) ---------------------------------------------------------------------------------------
  auto need_vswap = [](SwapModel& m) {
    if (m.vswap == nullptr) throw std::invalid_argument("this operation needs \"vswap\": 1 in the config");
  };
  add("vswap_alloc", "vswap_alloc(folio) (mm/swapfile.c, seed 004 P2), folio locked, not cached: 1 when it landed in the vswap device's swap cache",
      {folio}, [need_vswap](SwapModel& m, const OpArgs& a) {
        need_vswap(m);
        return flag(vswap::vswap_alloc(folio_arg(m, a)));
      },
      Designs{ModelDesign::Vswap});
  add("vswap_zswap_load", "vswap_zswap_load (mm/vswap.h, seed 004 P2): the zswap entry id the vswap slot's vtable holds, 0 when none",
      {offset}, [need_vswap](SwapModel& m, const OpArgs& a) {
        need_vswap(m);
        OpArgs b = a;
        b["type"] = OpValue{std::int64_t{kVswapType}};
        return std::int64_t{vswap::vswap_zswap_load(swp_arg(b))};
      },
      Designs{ModelDesign::Vswap});
  add("vswap_zswap_store", "vswap_zswap_store (mm/vswap.h, seed 004 P2): release the vswap slot's backing and make zswap entry its backend",
      {offset, entry}, [need_vswap](SwapModel& m, const OpArgs& a) {
        need_vswap(m);
        OpArgs b = a;
        b["type"] = OpValue{std::int64_t{kVswapType}};
        vswap::vswap_zswap_store(swp_arg(b), static_cast<std::uint32_t>(zswap_entry_arg(m, a).id));
        return std::int64_t{0};
      },
      Designs{ModelDesign::Vswap});
  add("swap_entry_backend_has_flag", "swap_entry_backend_has_flag (mm/vswap.h, seed 004 P3): 1 when (type, offset)'s device, or a vswap entry's physical backend, has flag",
      {type, offset, opt("flag", SWP_SYNCHRONOUS_IO, "SWP_* bit (SWP_SYNCHRONOUS_IO 2048)")}, [](SwapModel&, const OpArgs& a) {
        return flag(vswap::swap_entry_backend_has_flag(device_arg(a), swp_arg(a), static_cast<std::uint32_t>(num(a, "flag"))));
      });
  add("folio_phys_swap_backed", "folio_phys_swap_backed (seed 004 P3), folio locked in the vswap cache: 1 when every slot has physical backing",
      {folio}, [need_vswap](SwapModel& m, const OpArgs& a) {
        need_vswap(m);
        return flag(vswap::folio_phys_swap_backed(folio_arg(m, a)));
      },
      Designs{ModelDesign::Vswap});
  add("try_to_unuse_vswap_backing", "try_to_unuse's vswap-backing pass (mm/swapfile.c, seed 004 P3) over a physical device: each Pointer slot's owner is read into the swap cache and its physical backing dropped",
      {type}, [need_vswap](SwapModel& m, const OpArgs& a) {
        need_vswap(m);
        vswap::try_to_unuse_vswap_backing(device_arg(a));
        return std::int64_t{0};
      },
      Designs{ModelDesign::Vswap});
}

}  // namespace swapmodel
