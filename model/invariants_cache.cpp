// Swap-cache and data invariants (SEMANTICS I7, I8; DESIGN "data"; issue 3), and the report of
// kernel warnings nothing else explained.
#include "model/desc/invariants.h"
#include "model/desc/state.h"
#include "model/invariants_impl.h"
#include "model/page_data.h"
#include "model/vswap/invariants.h"

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

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

}  // namespace

// swapcache_consistent: a folio is in the swap cache iff every slot of its aligned range holds
// PFN(folio) (I7), and it holds the cache's references.
Result swapcache_consistent(SwapModel& m) {
  const unsigned spc = m.slots_per_cluster();
  Result r;
  // Every PFN word names a folio that says it is in the swap cache at exactly this slot.
  for_each_slot(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable&, unsigned off, std::uint64_t w) {
    if (r || ci.lock.held() || !tb::is_folio(w)) return;
    const std::uint64_t pfn = tb::folio_pfn(w);
    if (pfn >= m.folios.size()) {
      r = slot_name(ci, off, spc) + " names folio" + std::to_string(pfn) + ", which does not exist";
      return;
    }
    Folio& f = m.folio(static_cast<int>(pfn));
    const swp_entry_t e = swp_entry(si.type, cluster_offset_of(ci, m) + off);
    const swp_entry_t first{f.swap.peek()};
    if (!(f.flags.peek() & PG_swapcache))
      r = slot_name(ci, off, spc) + " holds " + folio_name(f.id) + ", which is not in the swap cache";
    else if (swp_type(first) != si.type || e.val < first.val || e.val >= first.val + static_cast<std::uint64_t>(f.nr()))
      r = slot_name(ci, off, spc) + " holds " + folio_name(f.id) + ", whose swap entry is " + format_swp_entry(first.val);
  });
  if (r) return r;
  // Every folio in the swap cache is named by each slot of its aligned range.
  for (Folio& f : m.folios) {
    if (!(f.flags.peek() & PG_swapcache)) continue;
    const swp_entry_t first{f.swap.peek()};
    if (m.vswap_desc != nullptr) {  // design vswap_desc: every cached folio has a virtual entry
      if (auto why = desc::check_cached_folio(m, f)) return why;
      continue;
    }
    if (first.val == 0) {
      if (any_cluster_locked(m)) continue;  // between setting the flag and folio->swap
      return folio_name(f.id) + " is in the swap cache without a swap entry";
    }
    const auto v = slot_of(m, first);
    if (!v) return folio_name(f.id) + " is in the swap cache of a device that is gone (" + format_swp_entry(first.val) + ")";
    if (v->ci == nullptr) return folio_name(f.id) + " is in the swap cache but its vswap cluster is gone (" + format_swp_entry(first.val) + ")";
    if (v->ci->lock.held()) continue;
    if (swp_offset(first) % static_cast<std::uint64_t>(f.nr()) != 0)
      return folio_name(f.id) + " swap entry " + format_swp_entry(first.val) + " is not aligned to its size";
    for (int i = 0; i < f.nr(); ++i) {
      const std::uint64_t w = v->table == nullptr ? tb::kNull : v->table->tb[v->off + static_cast<unsigned>(i)].peek();
      if (!tb::is_folio(w) || tb::folio_pfn(w) != static_cast<std::uint64_t>(f.id))
        return folio_name(f.id) + " is in the swap cache but " + format_swp_entry(first.val + static_cast<std::uint64_t>(i)) +
               " holds " + format_swp_tb(w);
    }
    // __remove_mapping freezes the count at 0 (under the folio lock) before deleting the folio.
    const bool frozen = f.refcount.peek() == 0 && f.lock.held();
    if (f.refcount.peek() < f.nr() && !frozen)
      return folio_name(f.id) + " is in the swap cache with only " + std::to_string(f.refcount.peek()) + " reference(s)";
  }
  return std::nullopt;
}

namespace {
// A folio's swap-cache state: PG_swapcache, folio->swap and the slots naming it.
std::vector<std::uint64_t> signatures(SwapModel& m) {
  std::vector<std::uint64_t> sig(m.folios.size(), 0);
  for (Folio& f : m.folios) {
    const std::uint64_t flag = (f.flags.peek() & PG_swapcache) ? 1 : 0;
    sig[static_cast<std::size_t>(f.id)] = mix(flag * 0x9e3779b97f4a7c15ull ^ mix(f.swap.peek() + 7));
  }
  for_each_slot(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable&, unsigned off, std::uint64_t w) {
    if (!tb::is_folio(w) || tb::folio_pfn(w) >= sig.size()) return;
    sig[tb::folio_pfn(w)] += mix(swp_entry(si.type, cluster_offset_of(ci, m) + off).val);
  });
  return sig;
}
}  // namespace

CacheChangeTracker::CacheChangeTracker(SwapModel& m) : signature_(signatures(m)) {}

// swapcache_changed_under_folio_lock: a folio enters or leaves the swap cache, or its slots
// change, only while the folio is locked (SEMANTICS 1.8).
Result CacheChangeTracker::check(SwapModel& m) {
  std::vector<std::uint64_t> now = signatures(m);
  Result r;
  for (std::size_t id = 0; id < now.size() && !r; ++id) {
    const std::uint64_t before = id < signature_.size() ? signature_[id] : signatures_default();
    if (now[id] != before && !m.folio(static_cast<int>(id)).lock.held())
      r = folio_name(static_cast<int>(id)) + "'s swap cache state changed while it was not locked";
  }
  signature_ = std::move(now);
  return r;
}

std::uint64_t CacheChangeTracker::signatures_default() { return mix(0 ^ mix(7)); }

// data_preserved: a mapped page holds the last version written to it, and a swapped-out page
// can still be read back as that version: from its swap-cache folio if that is uptodate (or
// already holds it while being filled), else from what swap-in reads, in swap-in's order: the
// zero flag, then zswap, then the device.
Result data_preserved(SwapModel& m) {
  for (MmStruct& mm : m.mms) {
    if (mm.ptl.held()) continue;
    for (int i = 0; i < mm.slots(); ++i) {
      const std::uint64_t p = mm.pte[static_cast<std::size_t>(i)].peek();
      const std::uint64_t want = mm.expected[static_cast<std::size_t>(i)];
      const std::string where = "mm" + std::to_string(mm.id) + ".pte[" + std::to_string(i) + "]";
      if (pte_none(p)) continue;
      if (p == kPtePoison) return where + " was poisoned: its page (" + format_content(want) + ") is lost";
      if (pte_present(p)) {
        const std::uint64_t have = m.folio(pte_folio(p)).data[static_cast<std::size_t>(pte_page(p))].peek();
        if (have != want)
          return where + " maps " + folio_name(pte_folio(p)) + " holding " + format_content(have) + ", but the page was " +
                 format_content(want);
        continue;
      }
      const swp_entry_t e = pte_to_swp_entry(p);
      if (desc::is_vswap_entry(e)) {
        if (auto why = desc::check_swapped_page(m, e, want, where)) return why;
        continue;
      }
      if (vswap::is_vswap_entry(e)) {
        if (auto why = vswap::check_swapped_page(m, e, want, where)) return why;
        continue;
      }
      const auto v = slot_of(m, e);
      if (!v) return where + " names " + format_swp_entry(e.val) + " on a device that is gone: " + format_content(want) + " is lost";
      if (v->ci->lock.held()) continue;
      if (v->table == nullptr || tb::is_null(v->word))
        return where + " names " + format_swp_entry(e.val) + ", a free slot: " + format_content(want) + " is lost";
      std::uint64_t have = kGarbageContent;
      std::string from;
      bool done = false;
      if (tb::is_folio(v->word)) {
        Folio& f = m.folio(static_cast<int>(tb::folio_pfn(v->word)));
        const std::uint64_t page = e.val - f.swap.peek();
        if (page < static_cast<std::uint64_t>(f.nr())) {
          have = f.data[page].peek();
          from = "swap-cache " + folio_name(f.id);
          done = (f.flags.peek() & PG_uptodate) || have == want;
        }
      }
      if (!done) {
        const SwapDevice& si = m.devices[static_cast<std::size_t>(swp_type(e))];
        const std::uint32_t zid = si.zswap.slot[swp_offset(e)].peek();
        if (tb::zero(v->word)) {
          have = kZeroContent;
          from = "the zero flag";
        } else if (zid != 0) {
          ZswapEntry& ze = m.zswap_entry(zid);
          if (ze.cell->state != checker::HeapCell::State::Live)
            return where + ": the zswap tree names zswap_entry" + std::to_string(zid) + ", which was freed";
          have = ze.data.peek();
          from = "zswap_entry" + std::to_string(zid);
        } else {
          have = si.disk[swp_offset(e)].peek();
          from = "the device";
        }
      }
      if (have != want)
        return where + " names " + format_swp_entry(e.val) + ": swap-in would read " + format_content(have) + " from " + from +
               ", but the page was " + format_content(want);
    }
  }
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
