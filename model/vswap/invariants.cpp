// The vswap invariants (invariants.h).
#include "model/vswap/invariants.h"

#include <map>

#include "model/invariant_util.h"
#include "model/page_data.h"
#include "model/step_invariant.h"
#include "model/vswap/vswap.h"

namespace swapmodel::vswap {

namespace {

using checker::CheckWhen;
using checker::InvariantDef;
using checker::Verdict;
using Result = std::optional<std::string>;
using Defs = std::vector<InvariantDef>;

bool freed(const checker::HeapCell* c) { return c->state == checker::HeapCell::State::Freed; }
std::string vname(std::uint64_t off) { return format_swp_entry(swp_entry(kVswapType, off).val); }

// Every live vswap cluster with its table and vtable: f(ci, index, table, vtable-or-null).
template <class F>
void for_each_vswap_cluster(SwapModel& m, F f) {
  for (std::uint64_t idx = 0; idx < m.vswap->pool.size(); ++idx) {
    SwapCluster* ci = inv::vswap_cluster_at(m, idx);
    if (ci == nullptr) continue;
    const std::uint32_t t = ci->table.peek();
    const std::uint32_t v = dyn_of(*ci).virtual_table.peek();
    f(*ci, idx, t == 0 ? nullptr : &m.table(t), v == 0 ? nullptr : &m.vswap->vtable(v));
  }
}

// rmap_consistent (quiescence): every physical Pointer entry is named by exactly one vswap
// slot's SWAPFILE vtable word, and every SWAPFILE word names a Pointer entry pointing back.
Result rmap_consistent(SwapModel& m) {
  if (m.vswap == nullptr) return std::nullopt;
  const unsigned spc = m.slots_per_cluster();
  std::map<std::uint64_t, std::uint64_t> forward;  // phys entry -> vswap offset naming it
  Result r;
  for_each_vswap_cluster(m, [&](SwapCluster& ci, std::uint64_t, SwapTable*, VirtualTable* vtab) {
    if (r || vtab == nullptr) return;
    for (unsigned off = 0; off < spc; ++off) {
      const std::uint64_t w = vtab->vt[off].peek();
      if (vt::type(w) != vt::VSWAP_SWAPFILE) continue;
      const std::uint64_t voff = cluster_offset(ci) + off;
      if (!forward.emplace(vt::to_phys(w), voff).second)
        r = vname(voff) + " and " + vname(forward[vt::to_phys(w)]) + " both name physical " + format_swp_entry(vt::to_phys(w));
    }
  });
  if (r) return r;
  for (auto& [phys, voff] : forward) {
    const auto v = inv::slot_of(m, swp_entry_t{phys});
    if (!v || v->table == nullptr || !tb::is_pointer(v->word) || tb::pointer_offset(v->word) != voff)
      return vname(voff) + " is backed by " + format_swp_entry(phys) + ", which holds " +
             (v && v->table ? format_swp_tb(v->word) : std::string("no table"));
  }
  inv::for_each_slot(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable&, unsigned off, std::uint64_t w) {
    if (r || !tb::is_pointer(w) || swap_is_vswap(si)) return;
    const swp_entry_t p = swp_entry(si.type, cluster_offset(ci) + off);
    const auto it = forward.find(p.val);
    if (it == forward.end() || it->second != tb::pointer_offset(w))
      r = format_swp_entry(p.val) + " holds " + format_swp_tb(w) + " but " + vname(tb::pointer_offset(w)) +
          " is not backed by it (a leaked physical slot)";
  });
  return r;
}

// rmap_cache_only_accurate (hint, quiescence): C is set iff the owning vswap slot has count 0
// and is cached.
Result rmap_cache_only_accurate(SwapModel& m) {
  if (m.vswap == nullptr) return std::nullopt;
  Result r;
  inv::for_each_slot(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable&, unsigned off, std::uint64_t w) {
    if (r || !tb::is_pointer(w) || swap_is_vswap(si)) return;
    const auto v = inv::slot_of(m, swp_entry(kVswapType, tb::pointer_offset(w)));
    const bool cache_only = v && v->table != nullptr && tb::is_folio(v->word) && tb::field(v->word) == 0;
    const bool c = (w & tb::kPointerCacheOnly) != 0;
    if (c != cache_only)
      r = format_swp_entry(swp_entry(si.type, cluster_offset(ci) + off).val) + " SWP_RMAP_CACHE_ONLY is " + (c ? "set" : "clear") +
          " but " + vname(tb::pointer_offset(w)) + " holds " + (v && v->table ? format_swp_tb(v->word) : std::string("nothing"));
  });
  return r;
}

// vtable_state_valid (step, clusters whose lock is free): the rows of the vswap.h state table.
// Judged again: a vswap cluster whose lock (its release too), table (pointer or words),
// virtual_table (pointer or words), cell or xarray slot the step wrote; every one when it wrote
// a zswap entry (a word may name one that was freed).
Result vtable_state_valid(SwapModel& m, const StepDirty* dirty) {
  if (m.vswap == nullptr) return std::nullopt;
  const unsigned spc = m.slots_per_cluster();
  auto judge = [&](SwapCluster& ci, std::uint64_t idx, SwapTable* t, VirtualTable* vtab) -> Result {
    if (ci.lock.held() || t == nullptr) return std::nullopt;
    if (vtab == nullptr) {
      if (idx != 0) return "vswap cluster " + std::to_string(idx) + " is in the xarray without a virtual_table";
      return std::nullopt;
    }
    for (unsigned off = 0; off < spc; ++off) {
      const std::uint64_t w = vtab->vt[off].peek(), s = t->tb[off].peek();
      auto name = [&] { return vname(cluster_offset(ci) + off); };
      if (vt::type(w) > vt::VSWAP_ZSWAP) return name() + " vtable word has tag " + std::to_string(vt::type(w));
      if (tb::is_null(s) && vt::type(w) != vt::VSWAP_NONE) return name() + " is free but keeps a backend";
      if (tb::zero(s) && vt::type(w) != vt::VSWAP_NONE) return name() + " has the zero flag and a backend";
      if (tb::is_pointer(s)) return name() + " holds a Pointer entry (only physical clusters may)";
      if (vt::type(w) == vt::VSWAP_ZSWAP && freed(m.zswap_entry(vt::to_zswap(w)).cell))
        return name() + " names zswap_entry" + std::to_string(vt::to_zswap(w)) + ", which was freed";
    }
    return std::nullopt;
  };
  if (dirty == nullptr || dirty->zswap_entries()) {
    Result r;
    for_each_vswap_cluster(m, [&](SwapCluster& ci, std::uint64_t idx, SwapTable* t, VirtualTable* vtab) {
      if (!r) r = judge(ci, idx, t, vtab);
    });
    return r;
  }
  for (std::uint32_t id : dirty->pool_clusters()) {
    VswapCluster& d = m.vswap->cluster(id);
    const std::uint32_t t = d.ci.table.peek(), v = d.virtual_table.peek();
    if (Result r = judge(d.ci, static_cast<std::uint64_t>(d.index), t == 0 ? nullptr : &m.table(t), v == 0 ? nullptr : &m.vswap->vtable(v)))
      return r;
  }
  return std::nullopt;
}

// zswap_entry_freed_once (quiescence): each live zswap entry is owned by exactly one place (a
// vtable slot or a physical device's tree); a second free is the engine's double free.
Result zswap_entry_owned_once(SwapModel& m) {
  if (m.vswap == nullptr) return std::nullopt;
  std::map<std::uint32_t, int> owners;
  for_each_vswap_cluster(m, [&](SwapCluster&, std::uint64_t, SwapTable*, VirtualTable* vtab) {
    if (vtab == nullptr) return;
    for (auto& w : vtab->vt)
      if (vt::type(w.peek()) == vt::VSWAP_ZSWAP) ++owners[vt::to_zswap(w.peek())];
  });
  for (SwapDevice& si : m.devices)
    if (!freed(si.zswap.cell))
      for (auto& s : si.zswap.slot)
        if (s.peek() != 0) ++owners[s.peek()];
  for (ZswapEntry& e : m.zswap_entries) {
    const int n = owners.count(static_cast<std::uint32_t>(e.id)) ? owners[static_cast<std::uint32_t>(e.id)] : 0;
    if (!freed(e.cell) && n != 1) return "zswap_entry" + std::to_string(e.id) + " is live with " + std::to_string(n) + " owner(s)";
  }
  return std::nullopt;
}

// no_write_through_dead_cluster (step): a DEAD cluster stays as vswap_free_cluster left it:
// empty, erased, without table or virtual_table.
// Judged again: a vswap cluster whose cell, lock (its release too), count, flags, table pointer
// or virtual_table the step wrote, or whose xarray slot (pool[ci_dyn->index]) it wrote.
Result no_write_through_dead_cluster(SwapModel& m, const StepDirty* dirty) {
  if (m.vswap == nullptr) return std::nullopt;
  auto judge = [&](VswapCluster& d) -> Result {
    if (freed(d.cell) || d.ci.flags.peek() != CLUSTER_FLAG_DEAD || d.ci.lock.held()) return std::nullopt;
    auto name = [&] { return "dead vswap cluster ci_dyn" + std::to_string(d.id); };
    if (d.ci.count.peek() != 0) return name() + " has count " + std::to_string(d.ci.count.peek());
    if (d.ci.table.peek() != 0) return name() + " has a swap table again";
    if (d.virtual_table.peek() != 0) return name() + " has a virtual_table again";
    if (m.vswap->pool.at(static_cast<std::size_t>(d.index)).peek() == static_cast<std::uint32_t>(d.id))
      return name() + " is still in the xarray";
    return std::nullopt;
  };
  return first_failure(m.vswap->clusters, dirty == nullptr ? nullptr : &dirty->vclusters(),
                       [&](std::uint32_t id) -> VswapCluster& { return m.vswap->cluster(id); }, judge);
}

// empty_cluster_retired (quiescence): every cluster the xarray holds (but the header cluster)
// has slots in use and a consistent count; every other one is DEAD and freed.
Result empty_cluster_retired(SwapModel& m) {
  if (m.vswap == nullptr) return std::nullopt;
  const unsigned spc = m.slots_per_cluster();
  long used = 0;
  for (VswapCluster& d : m.vswap->clusters) {
    const bool listed = m.vswap->pool.at(static_cast<std::size_t>(d.index)).peek() == static_cast<std::uint32_t>(d.id);
    auto name = [&d] { return "vswap cluster ci_dyn" + std::to_string(d.id) + " (index " + std::to_string(d.index) + ")"; };
    if (!listed) {
      if (!freed(d.cell)) return name() + " was erased but never freed";
      continue;
    }
    if (freed(d.cell)) return name() + " is in the xarray but freed";
    const std::uint32_t t = d.ci.table.peek();
    std::uint32_t n = 0, bad = 0;
    if (t != 0)
      for (unsigned off = 0; off < spc; ++off) {
        n += tb::is_null(m.table(t).tb[off].peek()) ? 0 : 1;
        bad += tb::is_bad(m.table(t).tb[off].peek()) ? 1 : 0;
      }
    if (d.ci.count.peek() != n) return name() + " count is " + std::to_string(d.ci.count.peek()) + " but " + std::to_string(n) + " slots are in use";
    if (d.index != 0 && n == 0) return name() + " is empty but was not retired";
    if (d.ci.flags.peek() == CLUSTER_FLAG_DEAD) return name() + " is DEAD but still in the xarray";
    used += static_cast<long>(n - bad);
  }
  const std::int64_t inuse = m.vswap->si.inuse_pages.peek();
  if (inuse != used) return "vswap inuse_pages is " + std::to_string(inuse) + " but " + std::to_string(used) + " slots are allocated";
  if (m.vswap->used.peek() != used) return "vswap_used is " + std::to_string(m.vswap->used.peek()) + " but " + std::to_string(used) + " slots are allocated";
  return std::nullopt;
}

std::function<void(const InvariantContext&, Defs&)> simple(const char* name, Verdict kind, CheckWhen when, Result (*fn)(SwapModel&)) {
  return [name, kind, when, fn](const InvariantContext& cx, Defs& out) {
    SwapModel& m = cx.m;
    if (m.vswap != nullptr) out.push_back(InvariantDef{name, kind, when, [&m, fn] { return fn(m); }});
  };
}

std::function<void(const InvariantContext&, Defs&)> every_step(const char* name, Result (*fn)(SwapModel&, const StepDirty*)) {
  return [name, fn](const InvariantContext& cx, Defs& out) {
    if (cx.m.vswap != nullptr) out.push_back(step_invariant(name, Verdict::Invariant, cx, fn));
  };
}

}  // namespace

std::optional<std::string> check_swapped_page(SwapModel& m, swp_entry_t e, std::uint64_t want, const PteRef& where) {
  const auto v = inv::slot_of(m, e);
  if (!v || v->ci == nullptr || v->table == nullptr || tb::is_null(v->word))
    return where.str() + " names " + format_swp_entry(e.val) + ", a free vswap slot: " + format_content(want) + " is lost";
  if (v->ci->lock.held()) return std::nullopt;
  std::uint64_t have = kGarbageContent;
  // Where swap-in would read from, named only in a message: the zero flag, a zswap entry or a
  // physical slot.
  enum class From { ZeroFlag, Zswap, Phys } from = From::ZeroFlag;
  std::uint64_t from_id = 0;
  if (tb::is_folio(v->word)) {
    Folio& f = m.folio(static_cast<int>(tb::folio_pfn(v->word)));
    const std::uint64_t page = e.val - f.swap.peek();
    if (page < static_cast<std::uint64_t>(f.nr())) {
      have = f.data[page].peek();
      if ((f.flags.peek() & PG_uptodate) || have == want) return have == want ? std::nullopt
                 : std::optional<std::string>(where.str() + " names " + format_swp_entry(e.val) + ": swap-cache folio" + std::to_string(f.id) +
                                              " holds " + format_content(have) + ", but the page was " + format_content(want));
    }
  }
  const std::uint32_t vtab = dyn_of(*v->ci).virtual_table.peek();
  const std::uint64_t w = vtab == 0 ? 0 : m.vswap->vtable(vtab).vt[v->off].peek();
  if (tb::zero(v->word)) {
    have = kZeroContent;
  } else if (vt::type(w) == vt::VSWAP_ZSWAP) {
    ZswapEntry& ze = m.zswap_entry(vt::to_zswap(w));
    if (freed(ze.cell)) return where.str() + ": the vtable names zswap_entry" + std::to_string(ze.id) + ", which was freed";
    have = ze.data.peek();
    from = From::Zswap;
    from_id = static_cast<std::uint64_t>(ze.id);
  } else if (vt::type(w) == vt::VSWAP_SWAPFILE) {
    const swp_entry_t p{vt::to_phys(w)};
    SwapDevice* psi = p.val == 0 || static_cast<std::size_t>(swp_type(p)) >= m.devices.size() ? nullptr : &m.devices[static_cast<std::size_t>(swp_type(p))];
    if (psi == nullptr) return where.str() + ": the vtable names a physical slot of no device";
    have = psi->disk.at(swp_offset(p)).peek();
    from = From::Phys;
    from_id = p.val;
  } else if (tb::is_folio(v->word)) {
    return std::nullopt;  // being read back into the cache: the folio is the only copy
  } else {
    return where.str() + " names " + format_swp_entry(e.val) + ", evicted with no backing: " + format_content(want) + " is lost";
  }
  if (have != want && tb::is_folio(v->word) && m.folio(static_cast<int>(tb::folio_pfn(v->word))).lock.held()) {
    // I14: zswap writeback gives the slot physical backing before it decompresses; until the
    // folio is written, the entry it loaded (live, owned by that folio-lock holder) is the copy.
    for (ZswapEntry& ze : m.zswap_entries)
      if (!freed(ze.cell) && ze.swpentry.peek() == e.val && ze.data.peek() == want) return std::nullopt;
  }
  if (have == want) return std::nullopt;
  const std::string source = from == From::ZeroFlag ? std::string("the zero flag")
                             : from == From::Zswap  ? "zswap_entry" + std::to_string(from_id)
                                                    : format_swp_entry(from_id);
  return where.str() + " names " + format_swp_entry(e.val) + ": swap-in would read " + format_content(have) + " from " + source +
         ", but the page was " + format_content(want);
}

void add_invariant_entries(std::vector<InvariantEntry>& r) {
  r.push_back({"rmap_consistent", "vswap: every physical Pointer entry is named by exactly one vswap slot's vtable, and back",
               simple("rmap_consistent", Verdict::Invariant, CheckWhen::Quiescence, rmap_consistent)});
  r.push_back({"rmap_cache_only_accurate", "vswap: SWP_RMAP_CACHE_ONLY set iff the vswap slot has count 0 and a cached folio (hint)",
               simple("rmap_cache_only_accurate", Verdict::Hint, CheckWhen::Quiescence, rmap_cache_only_accurate)});
  r.push_back({"vtable_state_valid", "vswap: each slot's (vtable, swap-table word, zero flag) is a row of vswap.h's state table",
               every_step("vtable_state_valid", vtable_state_valid)});
  r.push_back({"zswap_entry_freed_once", "vswap: each live zswap entry has exactly one owner (double frees are the engine's)",
               simple("zswap_entry_freed_once", Verdict::Invariant, CheckWhen::Quiescence, zswap_entry_owned_once)});
  r.push_back({"no_write_through_dead_cluster", "vswap: a DEAD cluster stays empty, erased, without tables",
               every_step("no_write_through_dead_cluster", no_write_through_dead_cluster)});
  r.push_back({"empty_cluster_retired", "vswap: at quiescence empty clusters are erased, DEAD and freed; counts and inuse_pages match",
               simple("empty_cluster_retired", Verdict::Invariant, CheckWhen::Quiescence, empty_cluster_retired)});
}

}  // namespace swapmodel::vswap
