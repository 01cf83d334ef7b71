// The descriptor design's invariants and its views for the shared invariants (invariants.h).
#include "model/desc/invariants.h"

#include <map>

#include "model/desc/state.h"
#include "model/model.h"
#include "model/page_data.h"
#include "model/step_invariant.h"

namespace swapmodel::desc {

namespace {

using Result = std::optional<std::string>;

std::string entry_name(std::uint64_t index) { return "vswap(" + std::to_string(index) + ")"; }
std::string desc_name(const SwpDesc& d) {
  return "desc" + std::to_string(d.id) + (d.index != 0 ? " (" + entry_name(d.index) + ")" : std::string());
}

// Every step: the per-descriptor facts that only involve its own swap_refs word and the ghost
// record written with it.
// Judged again: a descriptor whose fields the step wrote, or whose ghost record (zero_hits,
// frees) it noted as written (Ghost::written).
Result refs_step(VswapState& v, const StepDirty* dirty) {
  auto judge = [](SwpDesc& d) -> Result {
    const int r = d.swap_refs.peek();
    if (r < 0) return desc_name(d) + " swap_refs is " + std::to_string(r) + ": a reference was dropped twice";
    if (d.zero_hits > 1) return desc_name(d) + " swap_refs reached 0 " + std::to_string(d.zero_hits) + " times";
    if (d.zero_hits == 1 && r != 0)
      return desc_name(d) + " swap_refs is " + std::to_string(r) + " after it reached 0: a freed descriptor was revived";
    if (d.frees > 1) return "vswap_free ran " + std::to_string(d.frees) + " times for " + desc_name(d);
    return std::nullopt;
  };
  return first_failure(v.descs, dirty == nullptr ? nullptr : &dirty->descs(),
                       [&](std::uint32_t id) -> SwpDesc& { return v.desc(static_cast<int>(id)); }, judge);
}

// PTE references per virtual index.
std::map<std::uint64_t, int> pte_refs(SwapModel& m) {
  std::map<std::uint64_t, int> refs;
  for (MmStruct& mm : m.mms)
    for (auto& p : mm.pte) {
      const std::uint64_t w = p.peek();
      if (!is_swap_pte(w)) continue;
      const swp_entry_t e = pte_to_swp_entry(w);
      if (is_vswap_entry(e)) ++refs[vswap_index(e)];
    }
  return refs;
}

bool live(const SwpDesc& d) { return d.cell->state == checker::HeapCell::State::Live; }

// The live descriptor vswap_map names at `index`, or null.
SwpDesc* mapped_desc(VswapState& v, std::uint64_t index) {
  const std::uint64_t w = v.vswap_map.peek(index);
  return xa_is_ptr(w) ? &v.desc(xa_to_ptr(w)) : nullptr;
}

Result freed_desc_quiescent(VswapState& v, SwpDesc& d) {
  if (d.frees != 1) return desc_name(d) + " swap_refs reached 0 but vswap_free ran " + std::to_string(d.frees) + " times";
  if (d.cell->state != checker::HeapCell::State::Freed) return desc_name(d) + " reached 0 but was never freed";
  if (mapped_desc(v, d.index) == &d) return desc_name(d) + " was freed but vswap_map still names it";
  return std::nullopt;
}

Result live_desc_quiescent(VswapState& v, SwpDesc& d, const std::map<std::uint64_t, int>& ptes) {
  const int r = d.swap_refs.peek();
  if (!live(d)) return desc_name(d) + " was freed with swap_refs " + std::to_string(r) + " (it never reached 0)";
  if (mapped_desc(v, d.index) != &d)
    return desc_name(d) + " (swap_refs " + std::to_string(r) + ") is no longer in vswap_map: its entry was freed under it";
  const auto it = ptes.find(d.index);
  const int n = it == ptes.end() ? 0 : it->second;
  const bool cached = xa_is_ptr(v.swap_cache.peek(d.index));
  if (r != refs::encode(n, cached))
    return desc_name(d) + " swap_refs is " + std::to_string(r) + " but " + std::to_string(n) + " PTE(s) name it and it is " +
           (cached ? "" : "not ") + "in the swap cache (want " + std::to_string(refs::encode(n, cached)) + ")" +
           (refs::cache_pin(r) && !cached ? ": a stale cache pin" : "");
  return std::nullopt;
}

Result refs_quiescent(SwapModel& m, VswapState& v) {
  const auto ptes = pte_refs(m);
  for (SwpDesc& d : v.descs) {
    if (d.index == 0) {  // never published (vswap_alloc found no room)
      if (live(d)) return desc_name(d) + " was never published and never freed";
      continue;
    }
    const Result r = d.zero_hits > 0 ? freed_desc_quiescent(v, d) : live_desc_quiescent(v, d, ptes);
    if (r) return r;
  }
  for (const auto& [index, n] : ptes)
    if (mapped_desc(v, index) == nullptr)
      return entry_name(index) + " is named by " + std::to_string(n) + " PTE(s) but has no descriptor";
  for (std::uint64_t i = 0; i < v.swap_cache.size(); ++i) {
    const std::uint64_t w = v.swap_cache.peek(i);
    if (!xa_is_ptr(w)) continue;
    Folio& f = m.folio(xa_to_ptr(w));
    const std::uint64_t first = vswap_index(swp_entry_t{f.swap.peek()});
    if (!(f.flags.peek() & PG_swapcache) || i < first || i >= first + static_cast<std::uint64_t>(f.nr()))
      return "swap_cache[" + std::to_string(i) + "] names folio" + std::to_string(f.id) + ", which is not in the swap cache there";
    if (mapped_desc(v, i) == nullptr) return "swap_cache[" + std::to_string(i) + "] holds folio" + std::to_string(f.id) + " of a freed entry";
  }
  return std::nullopt;
}

Result rmap_quiescent(VswapState& v) {
  std::map<std::uint64_t, const SwpDesc*> linked;
  for (SwpDesc& d : v.descs)
    if (d.index != 0 && d.zero_hits == 0 && live(d) && d.slot.peek() != 0) linked[d.slot.peek()] = &d;
  for (std::uint64_t s = 1; s < v.phys.size(); ++s) {
    const std::uint8_t map = v.phys.swap_map[s].peek();
    const auto it = linked.find(s);
    const std::uint64_t rmap = v.vswap_rmap.peek(s);
    auto name = [s] { return "physical slot " + std::to_string(s); };
    if (it == linked.end()) {
      if (map != 0) return name() + " is allocated but no live entry links it (leaked)";
      if (rmap != 0) return name() + " is free but vswap_rmap still names " + format_xa_entry(rmap);
      continue;
    }
    if (map != SWAP_MAP_ALLOCATED) return name() + " backs " + desc_name(*it->second) + " but is not allocated";
    if (rmap != xa_mk_value(vswap_entry(it->second->index).val))
      return name() + " backs " + desc_name(*it->second) + " but vswap_rmap names " + format_xa_entry(rmap);
  }
  return std::nullopt;
}

}  // namespace

void add_invariant_entries(std::vector<InvariantEntry>& out) {
  out.push_back({"swap_refs_consistent",
                 "vswap_desc: swap_refs is 2 x PTE references + cache pin, 0 is terminal, vswap_free runs exactly once per descriptor",
                 [](const InvariantContext& cx, std::vector<checker::InvariantDef>& defs) {
                   SwapModel& m = cx.m;
                   VswapState* v = m.vswap_desc.get();
                   if (v == nullptr) return;
                   defs.push_back(step_invariant("swap_refs_consistent", checker::Verdict::Invariant, cx,
                                                 [v](SwapModel&, const StepDirty* d) { return refs_step(*v, d); }));
                   defs.push_back({"swap_refs_consistent", checker::Verdict::Invariant, checker::CheckWhen::Quiescence,
                                   [&m, v] { return refs_quiescent(m, *v); }});
                 }});
  out.push_back({"vswap_rmap_consistent",
                 "vswap_desc: at quiescence a physical slot is allocated iff a live entry links it, and the reverse map agrees",
                 [](const InvariantContext& cx, std::vector<checker::InvariantDef>& defs) {
                   VswapState* v = cx.m.vswap_desc.get();
                   if (v == nullptr) return;
                   defs.push_back({"vswap_rmap_consistent", checker::Verdict::Invariant, checker::CheckWhen::Quiescence,
                                   [v] { return rmap_quiescent(*v); }});
                 }});
}

std::optional<std::string> check_swapped_page(SwapModel& m, swp_entry_t e, std::uint64_t want, const PteRef& where) {
  VswapState* v = m.vswap_desc.get();
  if (v == nullptr) return where.str() + " names " + format_swp_entry(e.val) + ", a virtual entry, in a model without vswap_desc";
  if (v->vswap_map.xa_lock.held() || v->swap_cache.xa_lock.held()) return std::nullopt;  // mid-update
  const std::uint64_t index = vswap_index(e);
  SwpDesc* d = mapped_desc(*v, index);
  if (d == nullptr) return where.str() + " names " + entry_name(index) + ", which has no descriptor: " + format_content(want) + " is lost";
  std::uint64_t have = kGarbageContent;
  // Where swap-in would read from, named only in a message: a swap-cache folio or a physical slot.
  bool from_folio = false;
  std::uint64_t from_id = 0;
  const std::uint64_t cw = v->swap_cache.peek(index);
  if (xa_is_ptr(cw)) {
    Folio& f = m.folio(xa_to_ptr(cw));
    const std::uint64_t page = e.val - f.swap.peek();
    if (page < static_cast<std::uint64_t>(f.nr())) {
      have = f.data[page].peek();
      if ((f.flags.peek() & PG_uptodate) || have == want) {
        if (have == want) return std::nullopt;
        from_folio = true;
        from_id = static_cast<std::uint64_t>(f.id);
      }
    }
  }
  if (!from_folio) {
    const std::uint64_t slot = d->slot.peek();
    if (slot == 0) return where.str() + " names " + entry_name(index) + ", which has no physical slot: " + format_content(want) + " is lost";
    have = v->phys.disk.at(slot).peek();
    from_id = slot;
  }
  if (have == want) return std::nullopt;
  return where.str() + " names " + entry_name(index) + ": swap-in would read " + format_content(have) + " from " +
         (from_folio ? "swap-cache folio" : "physical slot ") + std::to_string(from_id) + ", but the page was " + format_content(want);
}

std::optional<std::string> check_cached_folio(SwapModel& m, Folio& f) {
  VswapState* v = m.vswap_desc.get();
  auto name = [&f] { return "folio" + std::to_string(f.id); };
  if (v == nullptr) return name() + " is in the swap cache of a virtual entry in a model without vswap_desc";
  if (f.lock.held()) return std::nullopt;  // its cache state changes only under its lock
  const swp_entry_t entry{f.swap.peek()};
  if (!is_vswap_entry(entry)) return name() + " is in the swap cache without a virtual swap entry (" + format_swp_entry(entry.val) + ")";
  const std::uint64_t first = vswap_index(entry);
  if (first % static_cast<std::uint64_t>(f.nr()) != 0) return name() + " swap entry " + entry_name(first) + " is not aligned to its size";
  for (int i = 0; i < f.nr(); ++i) {
    const std::uint64_t w = v->swap_cache.peek(first + static_cast<std::uint64_t>(i));
    if (w != xa_mk_ptr(f.id))
      return name() + " is in the swap cache but swap_cache[" + std::to_string(first + static_cast<std::uint64_t>(i)) + "] holds " +
             format_xa_entry(w);
  }
  if (f.refcount.peek() < f.nr())
    return name() + " is in the swap cache with only " + std::to_string(f.refcount.peek()) + " reference(s)";
  return std::nullopt;
}

}  // namespace swapmodel::desc
