// Swap-cache and data invariants (SEMANTICS I7, I8; DESIGN "data"; issue 3), and the report of
// kernel warnings nothing else explained.
#include "model/desc/invariants.h"
#include "model/desc/state.h"
#include "model/invariants_impl.h"
#include "model/page_data.h"
#include "model/vswap/invariants.h"
#include "model/step_dirty.h"

namespace swapmodel::inv {

namespace {

bool any_cluster_locked(SwapModel& m) {
  for (SwapDevice& si : m.devices)
    for (SwapCluster& ci : si.clusters)
      if (ci.lock.held()) return true;
  if (m.vswap != nullptr)
    for (vswap::VswapCluster& d : m.vswap->clusters)
      if (d.cell->state != checker::HeapCell::State::Freed && d.ci.lock.held()) return true;
  return false;
}

std::string folio_name(int id) { return "folio" + std::to_string(id); }

}  // namespace

namespace {

// Part one of swapcache_consistent for one slot: its PFN word names a folio that says it is in
// the swap cache at exactly this slot.
Result slot_names_cached_folio(SwapModel& m, SwapDevice& si, SwapCluster& ci, unsigned off, std::uint64_t w) {
  const unsigned spc = m.slots_per_cluster();
  const std::uint64_t pfn = tb::folio_pfn(w);
  if (pfn >= m.folios.size()) return slot_name(ci, off, spc) + " names folio" + std::to_string(pfn) + ", which does not exist";
  Folio& f = m.folio(static_cast<int>(pfn));
  const swp_entry_t e = swp_entry(si.type, cluster_offset_of(ci, m) + off);
  const swp_entry_t first{f.swap.peek()};
  if (!(f.flags.peek() & PG_swapcache)) return slot_name(ci, off, spc) + " holds " + folio_name(f.id) + ", which is not in the swap cache";
  if (swp_type(first) != si.type || e.val < first.val || e.val >= first.val + static_cast<std::uint64_t>(f.nr()))
    return slot_name(ci, off, spc) + " holds " + folio_name(f.id) + ", whose swap entry is " + format_swp_entry(first.val);
  return std::nullopt;
}

// Migration (migrate.h): between __swap_cache_replace_folio and folio_migrate_flags the old
// folio, locked by the migrator, still has PG_swapcache and folio->swap while the slot names the
// new folio, also locked, with the same entry.
bool migrated_away(SwapModel& m, Folio& old, std::uint64_t w) {
  if (tb::folio_pfn(w) >= m.folios.size()) return false;
  Folio& now = m.folio(static_cast<int>(tb::folio_pfn(w)));
  return old.lock.held() && now.lock.held() && now.swap.peek() == old.swap.peek() && (now.flags.peek() & PG_swapcache);
}

// Part two for one folio in the swap cache: each slot of its aligned range names it, and it
// holds the cache's references.
Result cached_folio_named(SwapModel& m, Folio& f) {
  const swp_entry_t first{f.swap.peek()};
  if (m.vswap_desc != nullptr) return desc::check_cached_folio(m, f);  // every cached folio has a virtual entry
  if (first.val == 0) {
    if (any_cluster_locked(m)) return std::nullopt;  // between setting the flag and folio->swap
    return folio_name(f.id) + " is in the swap cache without a swap entry";
  }
  const auto v = slot_of(m, first);
  if (!v) return folio_name(f.id) + " is in the swap cache of a device that is gone (" + format_swp_entry(first.val) + ")";
  if (v->ci == nullptr) return folio_name(f.id) + " is in the swap cache but its vswap cluster is gone (" + format_swp_entry(first.val) + ")";
  if (v->ci->lock.held()) return std::nullopt;
  if (swp_offset(first) % static_cast<std::uint64_t>(f.nr()) != 0)
    return folio_name(f.id) + " swap entry " + format_swp_entry(first.val) + " is not aligned to its size";
  for (int i = 0; i < f.nr(); ++i) {
    const std::uint64_t w = v->table == nullptr ? tb::kNull : v->table->tb[v->off + static_cast<unsigned>(i)].peek();
    if (tb::is_folio(w) && tb::folio_pfn(w) != static_cast<std::uint64_t>(f.id) && migrated_away(m, f, w)) continue;
    if (!tb::is_folio(w) || tb::folio_pfn(w) != static_cast<std::uint64_t>(f.id))
      return folio_name(f.id) + " is in the swap cache but " + format_swp_entry(first.val + static_cast<std::uint64_t>(i)) +
             " holds " + format_swp_tb(w);
  }
  // __remove_mapping freezes the count at 0 (under the folio lock) before deleting the folio.
  const bool frozen = f.refcount.peek() == 0 && f.lock.held();
  if (f.refcount.peek() < f.nr() && !frozen)
    return folio_name(f.id) + " is in the swap cache with only " + std::to_string(f.refcount.peek()) + " reference(s)";
  return std::nullopt;
}

// Whether the step wrote anything cached_folio_named reads for `f`: its own flags, swap, lock or
// references; under vswap_desc the swap cache's xarray; a folio without an entry: any cluster
// lock; otherwise the vswap xarray or the cluster its entry falls in.
bool cached_folio_touched(SwapModel& m, Folio& f, const StepDirty& d) {
  if (d.folio(f.id) != 0) return true;
  if (m.vswap_desc != nullptr) return d.desc_xa();
  const swp_entry_t first{f.swap.peek()};
  if (first.val == 0) return d.any_cluster_lock();
  return d.entry_cluster(first);
}

}  // namespace

// swapcache_consistent: a folio is in the swap cache iff every slot of its aligned range holds
// PFN(folio) (I7), and it holds the cache's references.
// Judged again: part one, a slot of a cluster whose lock (its release too: locked clusters are
// skipped), table or liveness the step wrote, or a slot naming a folio whose flags or
// folio->swap it wrote; part two, a folio as cached_folio_touched says.
Result swapcache_consistent(SwapModel& m, const StepDirty* d) {
  const unsigned spc = m.slots_per_cluster();
  auto judge_slots = [&](SwapDevice& si, SwapCluster& ci, SwapTable& t, bool only_changed_folios) -> Result {
    if (ci.lock.held()) return std::nullopt;
    for (unsigned off = 0; off < spc; ++off) {
      const std::uint64_t w = t.tb[off].peek();
      if (!tb::is_folio(w)) continue;
      if (only_changed_folios && (tb::folio_pfn(w) >= m.folios.size() ||
                                  (d->folio(static_cast<int>(tb::folio_pfn(w))) & (role::kFolioFlags | role::kFolioSwap)) == 0))
        continue;
      if (Result why = slot_names_cached_folio(m, si, ci, off, w)) return why;
    }
    return std::nullopt;
  };
  // A folio's flags or swap entry changed: the slots naming it may be anywhere.
  Result r = d != nullptr && d->folio_cache_state()
                 ? first_table(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable& t) {
                     return judge_slots(si, ci, t, d->cluster(ci) == 0);
                   })
                 : first_marked_table(m, d, [&](SwapDevice& si, SwapCluster& ci, SwapTable& t) {
                     return judge_slots(si, ci, t, false);
                   });
  if (r) return r;
  if (d != nullptr && d->folios().empty() && d->phys_clusters().empty() && d->vclusters().empty() && !d->desc_xa() && !d->pool())
    return std::nullopt;
  for (Folio& f : m.folios) {
    if (!(f.flags.peek() & PG_swapcache)) continue;
    if (d != nullptr && !cached_folio_touched(m, f, *d)) continue;
    if (Result why = cached_folio_named(m, f)) return why;
  }
  return std::nullopt;
}

namespace {

// data_preserved for one PTE naming a physical swap entry.
Result swapped_page_preserved(SwapModel& m, swp_entry_t e, std::uint64_t want, const PteRef& where) {
  const auto v = slot_of(m, e);
  if (!v) return where.str() + " names " + format_swp_entry(e.val) + " on a device that is gone: " + format_content(want) + " is lost";
  if (v->ci->lock.held()) return std::nullopt;
  if (v->table == nullptr || tb::is_null(v->word))
    return where.str() + " names " + format_swp_entry(e.val) + ", a free slot: " + format_content(want) + " is lost";
  std::uint64_t have = kGarbageContent;
  const char* from = "";
  int from_id = -1;
  bool done = false;
  if (tb::is_folio(v->word)) {
    Folio& f = m.folio(static_cast<int>(tb::folio_pfn(v->word)));
    const std::uint64_t page = e.val - f.swap.peek();
    if (page < static_cast<std::uint64_t>(f.nr())) {
      have = f.data[page].peek();
      from = "swap-cache folio";
      from_id = f.id;
      done = (f.flags.peek() & PG_uptodate) || have == want;
    }
  }
  if (!done) {
    const SwapDevice& si = m.devices[static_cast<std::size_t>(swp_type(e))];
    const std::uint32_t zid = si.zswap.slot[swp_offset(e)].peek();
    if (tb::zero(v->word)) {
      have = kZeroContent;
      from = "the zero flag";
      from_id = -1;
    } else if (zid != 0) {
      ZswapEntry& ze = m.zswap_entry(zid);
      if (ze.cell->state != checker::HeapCell::State::Live)
        return where.str() + ": the zswap tree names zswap_entry" + std::to_string(zid) + ", which was freed";
      have = ze.data.peek();
      from = "zswap_entry";
      from_id = static_cast<int>(zid);
    } else {
      have = si.disk[swp_offset(e)].peek();
      from = "the device";
      from_id = -1;
    }
  }
  if (have == want) return std::nullopt;
  return where.str() + " names " + format_swp_entry(e.val) + ": swap-in would read " + format_content(have) + " from " + from +
         (from_id >= 0 ? std::to_string(from_id) : std::string()) + ", but the page was " + format_content(want);
}

// data_preserved for one PTE that is not none.
Result pte_preserved(SwapModel& m, MmStruct& mm, int i) {
  const std::uint64_t p = mm.pte[static_cast<std::size_t>(i)].peek();
  const std::uint64_t want = mm.expected[static_cast<std::size_t>(i)];
  const PteRef where{mm.id, i};
  if (p == kPtePoison) return where.str() + " was poisoned: its page (" + format_content(want) + ") is lost";
  if (pte_present(p)) {
    const std::uint64_t have = m.folio(pte_folio(p)).data[static_cast<std::size_t>(pte_page(p))].peek();
    if (have != want)
      return where.str() + " maps " + folio_name(pte_folio(p)) + " holding " + format_content(have) + ", but the page was " +
             format_content(want);
    return std::nullopt;
  }
  const swp_entry_t e = pte_to_swp_entry(p);
  if (desc::is_vswap_entry(e)) return desc::check_swapped_page(m, e, want, where);
  if (vswap::is_vswap_entry(e)) return vswap::check_swapped_page(m, e, want, where);
  return swapped_page_preserved(m, e, want, where);
}

}  // namespace

// data_preserved: a mapped page holds the last version written to it, and a swapped-out page
// can still be read back as that version: from its swap-cache folio if that is uptodate (or
// already holds it while being filled), else from what swap-in reads, in swap-in's order: the
// zero flag, then zswap, then the device.
// Judged again: every page table when the step wrote anything this reads beyond the page tables
// (a folio's data, flags, swap entry or lock; a cluster's lock, table or liveness; a zswap
// tree slot or entry; a device's blocks; the vswap xarray, a virtual_table; a descriptor or
// the descriptor design's xarrays and blocks); otherwise only a page table whose PTE or PTL it
// wrote (the PTL's release makes a table judged again). The ghost expected[] contents are
// written in the step of the PTE or page store they belong to, and noted as written
// (Ghost::written).
Result data_preserved(SwapModel& m, const StepDirty* d) {
  auto judge = [&](MmStruct& mm) -> Result {
    if (mm.ptl.held()) return std::nullopt;
    for (int i = 0; i < mm.slots(); ++i) {
      if (pte_none(mm.pte[static_cast<std::size_t>(i)].peek())) continue;
      if (Result r = pte_preserved(m, mm, i)) return r;
    }
    return std::nullopt;
  };
  if (d == nullptr || d->data()) {
    for (MmStruct& mm : m.mms)
      if (Result r = judge(mm)) return r;
    return std::nullopt;
  }
  for (std::uint32_t id : d->mms())
    if (Result r = judge(m.mm(static_cast<int>(id)))) return r;
  return std::nullopt;
}

// kernel_warning (quiescence): a WARN fired and no other invariant explained it.
Result kernel_warning(SwapModel& m) {
  const auto& w = m.ghost.warnings;
  if (w.empty()) return std::nullopt;
  std::string s = "WARN in " + w[0].function + ": " + w[0].what + " (step " + std::to_string(w[0].step) + ", " + w[0].thread + ")";
  if (w.size() > 1) s += " and " + std::to_string(w.size() - 1) + " more";
  return s;
}

}  // namespace swapmodel::inv
