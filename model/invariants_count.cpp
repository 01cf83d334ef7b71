// Count, cluster and charge invariants (SEMANTICS I2-I5, I17; issue 3).
#include <map>

#include "model/desc/memcg.h"
#include "model/desc/state.h"
#include "model/invariant_util.h"
#include "model/invariants_impl.h"
#include "model/packed_list.h"
#include "model/step_invariant.h"

namespace swapmodel::inv {

namespace {

// References a slot may legitimately hold: swap PTEs naming it and hibernation image slots.
std::map<std::uint64_t, long> references(SwapModel& m) {
  std::map<std::uint64_t, long> refs;
  for (MmStruct& mm : m.mms)
    for (auto& p : mm.pte) {
      const std::uint64_t v = p.peek();
      if (is_swap_pte(v)) ++refs[pte_to_swp_entry(v).val];
    }
  for (swp_entry_t e : m.ghost.hibernation_slots) ++refs[e.val];
  return refs;
}

long holders_bound(SwapModel& m) {
  long n = static_cast<long>(m.ghost.hibernation_slots.size());
  for (MmStruct& mm : m.mms) n += mm.slots();
  return n;
}

}  // namespace

// count_nonnegative: no count below zero. A put at count 0 writes -1 into the count field; with
// a limit below the field's 15 that decodes as negative, and at the limit it shows as a field at
// SWP_TB_COUNT_MAX without an extend-table entry that large.
// Judged again: a cluster whose lock, table (pointer or words), extend table (pointer or words)
// or liveness (cluster_info, vswap xarray slot) the step wrote; the lock's release included, as
// the field-at-max case is only judged while the lock is free.
Result count_nonnegative(SwapModel& m, const StepDirty* d) {
  const unsigned max = m.count_max(), spc = m.slots_per_cluster();
  return first_marked_table(m, d, [&](SwapDevice&, SwapCluster& ci, SwapTable& t) -> Result {
    for (unsigned off = 0; off < spc; ++off) {
      const std::uint64_t w = t.tb[off].peek();
      if (tb::is_bad(w) || tb::is_pointer(w)) continue;
      const unsigned f = tb::field(w);
      if (f > max)
        return slot_name(ci, off, spc) + " count is " + std::to_string(tb::decode_count(w, 0, max)) + " (" + format_swp_tb(w) +
               "): a put at count 0 underflowed it";
      if (f == max && !ci.lock.held()) {
        const std::uint32_t ext = ext_of(m, ci, off);
        if (static_cast<std::int32_t>(ext) < static_cast<std::int32_t>(max))
          return slot_name(ci, off, spc) + " count field at SWP_TB_COUNT_MAX with extend-table entry " +
                 std::to_string(static_cast<std::int32_t>(ext)) + ": the count underflowed";
      }
    }
    return std::nullopt;
  });
}

// count_within_limit: the extend table is used exactly above the field (I3), and no count
// exceeds the number of places that can hold a reference.
// Judged again: a cluster whose lock (its release: locked clusters are skipped), table, extend
// table or liveness the step wrote; every cluster when the bound changed. A hibernation slot
// taken or given back is ghost state written without an event of its own: the model notes it
// (Ghost::note_written_all), and the bound is compared too whenever this judges.
Result CountLimit::check(SwapModel& m, const StepDirty* d) {
  const unsigned max = m.count_max(), spc = m.slots_per_cluster();
  const long bound = holders_bound(m);
  if (bound != bound_) d = nullptr;
  bound_ = bound;
  return first_marked_table(m, d, [&](SwapDevice&, SwapCluster& ci, SwapTable& t) -> Result {
    if (ci.lock.held()) return std::nullopt;
    for (unsigned off = 0; off < spc; ++off) {
      const std::uint64_t w = t.tb[off].peek();
      if (!tb::is_countable(w)) continue;
      const unsigned f = tb::field(w);
      const std::uint32_t ext = ext_of(m, ci, off);
      if (f < max && ext != 0)
        return slot_name(ci, off, spc) + " has extend-table entry " + std::to_string(ext) + " but count field " + std::to_string(f);
      if (tb::decode_count(w, ext, max) > bound)
        return slot_name(ci, off, spc) + " count " + std::to_string(tb::decode_count(w, ext, max)) + " exceeds the " +
               std::to_string(bound) + " places that could hold a reference";
    }
    return std::nullopt;
  });
}

// count_matches_references (quiescence): a slot's count is the number of swap PTEs and
// hibernation slots naming it.
Result count_matches_references(SwapModel& m) {
  const auto refs = references(m);
  Result r;
  for_each_slot(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable&, unsigned off, std::uint64_t w) {
    if (r || tb::is_null(w) || tb::is_bad(w) || tb::is_pointer(w)) return;  // Pointer: rmap_consistent
    const swp_entry_t e = swp_entry(si.type, cluster_offset_of(ci, m) + off);
    const auto it = refs.find(e.val);
    const long want = it == refs.end() ? 0 : it->second;
    const long have = tb::decode_count(w, ext_of(m, ci, off), m.count_max());
    if (have != want)
      r = slot_name(ci, off, m.slots_per_cluster()) + " count is " + std::to_string(have) + " but " + std::to_string(want) +
          " reference(s) name it (" + format_swp_tb(w) + ")";
  });
  if (r) return r;
  // A reference to a slot that is free (or whose device is gone) has no count at all.
  for (const auto& [val, n] : refs) {
    if (desc::is_vswap_entry(swp_entry_t{val})) continue;  // swap_refs_consistent counts these
    const auto v = slot_of(m, swp_entry_t{val});
    if (!v || v->ci == nullptr || v->table == nullptr || tb::is_null(v->word))
      return format_swp_entry(val) + " is named by " + std::to_string(n) + " reference(s) but is not allocated";
  }
  return std::nullopt;
}

// no_slot_leak (quiescence): a slot with no count and no swap-cache folio is free; an empty
// cluster has no extend table.
Result no_slot_leak(SwapModel& m) {
  Result r;
  for_each_slot(m, [&](SwapDevice&, SwapCluster& ci, SwapTable&, unsigned off, std::uint64_t w) {
    if (r || tb::is_null(w) || tb::is_bad(w) || tb::is_folio(w) || tb::is_pointer(w)) return;
    if (tb::decode_count(w, ext_of(m, ci, off), m.count_max()) == 0)
      r = slot_name(ci, off, m.slots_per_cluster()) + " is leaked: no count, no folio, not free (" + format_swp_tb(w) + ")";
  });
  if (r) return r;
  for (SwapDevice& si : m.devices) {
    if (!device_alive(si)) continue;
    for (SwapCluster& ci : si.clusters)
      if (ci.count.peek() == 0 && ci.extend_table.peek() != 0)
        return "cluster " + std::to_string(ci.index) + " is empty but keeps its extend table";
  }
  return std::nullopt;
}

namespace {

std::string cluster_label(const SwapDevice& si, const SwapCluster& ci) {
  return "cluster " + std::to_string(si.type) + ":" + std::to_string(ci.index);
}

// The list checks of one cluster whose device lock is free: on at most one list, the one its
// flags name.
Result cluster_lists_consistent(SwapDevice& si, SwapCluster& ci, std::uint8_t flags) {
  // The discard list only on a discarding device (model/discard.h).
  const std::uint64_t lists[] = {si.free_clusters.peek(), si.nonfull_clusters[0].peek(), si.nonfull_clusters[1].peek(),
                                 si.frag_clusters[0].peek(), si.frag_clusters[1].peek(), si.full_clusters.peek(),
                                 si.discard ? si.discard->clusters.peek() : 0};
  const std::uint8_t flag_of[] = {CLUSTER_FLAG_FREE, CLUSTER_FLAG_NONFULL, CLUSTER_FLAG_NONFULL, CLUSTER_FLAG_FRAG,
                                  CLUSTER_FLAG_FRAG, CLUSTER_FLAG_FULL,    CLUSTER_FLAG_DISCARD};
  int on = 0;
  for (int l = 0; l < 7; ++l)
    if (plist::contains(lists[l], ci.index)) {
      ++on;
      if (flag_of[l] != flags)
        return cluster_label(si, ci) + " is on a " + format_cluster_flag(flag_of[l]) + " list with flags " + format_cluster_flag(flags);
    }
  if (on > 1) return cluster_label(si, ci) + " is on " + std::to_string(on) + " lists";
  // A DISCARD cluster stays off-list while its blocks are discarded (swap_do_scheduled_discard).
  if (on == 0 && flags != CLUSTER_FLAG_NONE && flags != CLUSTER_FLAG_DISCARD) return cluster_label(si, ci) + " has flags " + format_cluster_flag(flags) + " but is on no list";
  return std::nullopt;
}

// One device: every unlocked cluster's count, flags and lists, then inuse_pages once no cluster
// lock is held.
Result device_counts_consistent(SwapModel& m, SwapDevice& si) {
  const unsigned spc = m.slots_per_cluster();
  bool any_locked = si.lock.held();
  long used = 0;
  for (SwapCluster& ci : si.clusters) {
    if (ci.lock.held()) {
      any_locked = true;
      continue;
    }
    SwapTable* t = table_of(m, si, ci);
    std::uint32_t n = 0, bad = 0;
    if (t != nullptr)
      for (unsigned off = 0; off < spc; ++off) {
        const std::uint64_t w = t->tb[off].peek();
        n += tb::is_null(w) ? 0 : 1;
        bad += tb::is_bad(w) ? 1 : 0;
      }
    used += static_cast<long>(n - bad);
    if (ci.count.peek() != n)
      return cluster_label(si, ci) + " count is " + std::to_string(ci.count.peek()) + " but " + std::to_string(n) + " slots are in use";
    const std::uint8_t flags = ci.flags.peek();
    if (flags == CLUSTER_FLAG_FREE && (n != 0 || t != nullptr)) return cluster_label(si, ci) + " is FREE but not empty, or keeps its table";
    if (flags != CLUSTER_FLAG_FREE && flags != CLUSTER_FLAG_NONE && t == nullptr) return cluster_label(si, ci) + " is on a list but has no table";
    if (si.lock.held()) continue;
    if (Result r = cluster_lists_consistent(si, ci, flags)) return r;
  }
  if (any_locked) return std::nullopt;
  const std::int64_t inuse = si.inuse_pages.peek() & ~SWAP_USAGE_OFFLIST_BIT;
  if (inuse != used)
    return "device " + std::to_string(si.type) + " inuse_pages is " + std::to_string(inuse) + " but " + std::to_string(used) +
           " slots are allocated";
  return std::nullopt;
}

}  // namespace

// cluster_count_consistent: ci->count is the number of used slots (Bad included), a cluster is
// on the list its flags name, a free cluster has no table, and inuse_pages is the device's
// used slots minus Bad ones (I4, I5).
// Judged again: a whole device when the step wrote its lock, lists, inuse_pages, users.dead or
// cluster_info, or the lock, count, flags, order, table (pointer or words) or liveness of one of
// its clusters. Lock releases are among those writes: a held cluster lock hides the cluster and
// the device's inuse_pages, a held si->lock the lists.
Result cluster_count_consistent(SwapModel& m, const StepDirty* d) {
  auto judge = [&](SwapDevice& si) -> Result {
    // Once swapoff has killed si->users the device is torn down: its lists are not kept.
    if (!device_alive(si) || si.users.dead.peek() != 0) return std::nullopt;
    return device_counts_consistent(m, si);
  };
  if (d == nullptr) {
    for (SwapDevice& si : m.devices)
      if (Result r = judge(si)) return r;
    return std::nullopt;
  }
  for (std::uint32_t type : d->devices())
    if ((d->device(static_cast<int>(type)) & ~role::kSiOther) != 0)
      if (Result r = judge(m.devices[type])) return r;
  return std::nullopt;
}

// charge_balanced, the part checked at every step: nothing negative.
// Judged again: a memcg whose counters the step wrote.
Result charge_nonnegative(SwapModel& m, const StepDirty* d) {
  auto judge = [](Memcg& c) -> Result {
    if (c.swap.peek() < 0) return "memcg" + std::to_string(c.id) + " swap counter is " + std::to_string(c.swap.peek());
    if (c.memsw.peek() < 0) return "memcg" + std::to_string(c.id) + " memsw counter is " + std::to_string(c.memsw.peek());
    if (c.id_ref.peek() < 0) return "memcg" + std::to_string(c.id) + " id refcount is " + std::to_string(c.id_ref.peek());
    return std::nullopt;
  };
  return first_failure(m.memcgs, d == nullptr ? nullptr : &d->memcgs(),
                       [&](std::uint32_t id) -> Memcg& { return m.memcg(static_cast<int>(id)); }, judge);
}

// charge_balanced at quiescence: each memcg's counter equals the slots recorded for it or a
// descendant (the root is never charged), and its id references equal its recorded slots plus
// the base reference while online.
Result charge_balanced(SwapModel& m) {
  const bool v1 = m.cfg.memcg_mode == MemcgMode::V1;
  std::map<int, long> recorded, charged;
  for_each_slot(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable&, unsigned off, std::uint64_t w) {
    if (tb::is_null(w)) return;
    const int id = swap_cgroup_peek(ci, off);
    if (id == 0) return;
    ++recorded[id];
    // Seed 004 P4 (v2): a vswap slot is charged only while it has physical backing.
    if (vswap::swap_is_vswap(si) && !v1) {
      const std::uint32_t vtab = vswap::dyn_of(ci).virtual_table.peek();
      if (vtab == 0 || vt::type(m.vswap->vtable(vtab).vt[off].peek()) != vt::VSWAP_SWAPFILE) return;
    }
    ++charged[id];
  });
  // Seed 001's descriptors (v2 only): a live descriptor records its memcg in desc->memcgid, set
  // only once it is linked to a physical slot, so each one recorded is charged.
  for (const auto& [id, n] : desc::memcg_records(m)) {
    recorded[id] += n;
    charged[id] += n;
  }
  for (Memcg& c : m.memcgs) {
    const long own = recorded.count(c.id) ? recorded[c.id] : 0;
    long subtree = 0;
    for (Memcg& d : m.memcgs) {
      // d is in c's subtree when c is on d's path to the root.
      for (int a = d.id; a != 0; a = m.memcg(a).parent)
        if (a == c.id) {
          subtree += charged.count(d.id) ? charged[d.id] : 0;
          break;
        }
    }
    const std::int64_t counter = v1 ? c.memsw.peek() : c.swap.peek();
    const long want = mem_cgroup_is_root(c) ? 0 : subtree;
    if (counter != want)
      return "memcg" + std::to_string(c.id) + (v1 ? " memsw" : " swap") + " counter is " + std::to_string(counter) + " but " +
             std::to_string(want) + " slot(s) are charged to it";
    const long base = c.online.peek() ? 1 : 0;
    if (c.id_ref.peek() != own + base)
      return "memcg" + std::to_string(c.id) + " holds " + std::to_string(c.id_ref.peek()) + " id reference(s) for " +
             std::to_string(own) + " recorded slot(s)" + (base ? " (+1 online)" : "");
  }
  return std::nullopt;
}

// folio_ref_balanced (quiescence): a live folio's references are its mappings, the swap
// cache's and a shmem page cache's (one per entry naming it); an unreferenced one is neither
// mapped nor cached.
Result folio_ref_balanced(SwapModel& m) {
  std::map<int, int> page_cache;  // folio id -> shmem page-cache entries naming it
  for (MmStruct& mm : m.mms)
    if (mm.shmem)
      for (auto& p : mm.pte)
        if (pte_present(p.peek())) ++page_cache[pte_folio(p.peek())];
  for (Folio& f : m.folios) {
    const int refs = f.refcount.peek(), maps = f.mapcount.peek();
    const bool cached = (f.flags.peek() & PG_swapcache) != 0;
    const auto pc = page_cache.find(f.id);
    const int in_page_cache = pc == page_cache.end() ? 0 : pc->second;
    const int want = maps + (cached ? f.nr() : 0) + in_page_cache;
    if (refs != want)
      return "folio" + std::to_string(f.id) + " has " + std::to_string(refs) + " reference(s) but " + std::to_string(maps) +
             " mapping(s)" + (cached ? " and the swap cache's " + std::to_string(f.nr()) : "") +
             (in_page_cache ? " and " + std::to_string(in_page_cache) + " shmem page-cache entr(ies)" : "");
    if (f.lock.held()) return "folio" + std::to_string(f.id) + " is still locked";
  }
  return std::nullopt;
}

}  // namespace swapmodel::inv
