// The invariant registry: names, one-line docs, and how each is installed (invariants.h).
#include "model/invariants.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "model/desc/invariants.h"
#include "model/invariants_impl.h"
#include "model/step_invariant.h"
#include "model/vswap/invariants.h"

namespace swapmodel {

namespace {

using checker::CheckWhen;
using checker::InvariantDef;
using checker::Verdict;

using Defs = std::vector<InvariantDef>;
using Maker = std::function<void(const InvariantContext&, Defs&)>;

// A quiescence check: judged once per execution, whole.
Maker at_quiescence(const char* name, inv::Result (*fn)(SwapModel&)) {
  return [name, fn](const InvariantContext& cx, Defs& out) {
    SwapModel& m = cx.m;
    out.push_back(InvariantDef{name, Verdict::Invariant, CheckWhen::Quiescence, [&m, fn] { return fn(m); }});
  };
}

// A step check with its incremental form (step_invariant.h).
Maker every_step(const char* name, inv::Result (*fn)(SwapModel&, const StepDirty*)) {
  return [name, fn](const InvariantContext& cx, Defs& out) { out.push_back(step_invariant(name, Verdict::Invariant, cx, fn)); };
}

std::vector<InvariantEntry> build() {
  std::vector<InvariantEntry> r;
  r.push_back({"count_nonnegative", "no swap count below zero (a put at count 0 wraps the count field)",
               every_step("count_nonnegative", inv::count_nonnegative)});
  r.push_back({"count_within_limit",
               "the extend table holds exactly the counts above the field, and no count exceeds the places that can hold a reference",
               [](const InvariantContext& cx, Defs& out) {
                 auto limit = std::make_shared<inv::CountLimit>();
                 out.push_back(step_invariant("count_within_limit", Verdict::Invariant, cx,
                                              [limit](SwapModel& m, const StepDirty* d) { return limit->check(m, d); }));
               }});
  r.push_back({"cluster_count_consistent",
               "ci->count equals the used slots, each cluster is on the list its flags name, inuse_pages matches",
               every_step("cluster_count_consistent", inv::cluster_count_consistent)});
  r.push_back({"swapcache_consistent", "a folio is in the swap cache iff every slot of its range holds PFN(folio)",
               every_step("swapcache_consistent", inv::swapcache_consistent)});
  r.push_back({"swapcache_changed_under_folio_lock", "a folio enters or leaves the swap cache only while it is locked",
               [](const InvariantContext& cx, Defs& out) {
                 auto tracker = std::make_shared<inv::CacheChangeTracker>(cx.m);
                 out.push_back(step_invariant("swapcache_changed_under_folio_lock", Verdict::Invariant, cx,
                                              [tracker](SwapModel& m, const StepDirty* d) { return tracker->check(m, d); }));
               }});
  r.push_back({"charge_balanced",
               "per memcg: swap charge equals the slots charged to it, id references equal recorded slots, nothing negative",
               [](const InvariantContext& cx, Defs& out) {
                 every_step("charge_balanced", inv::charge_nonnegative)(cx, out);
                 at_quiescence("charge_balanced", inv::charge_balanced)(cx, out);
               }});
  r.push_back({"data_preserved",
               "a mapped page holds the last version written to it; a swapped-out page can be read back as that version",
               every_step("data_preserved", inv::data_preserved)});
  r.push_back({"count_matches_references", "at quiescence a slot's count equals the PTE and hibernation references to it",
               at_quiescence("count_matches_references", inv::count_matches_references)});
  r.push_back({"no_slot_leak", "at quiescence a slot with no count and no swap-cache folio is free",
               at_quiescence("no_slot_leak", inv::no_slot_leak)});
  r.push_back({"folio_ref_balanced", "at quiescence a folio's references are its mappings and the swap cache's, and it is unlocked",
               at_quiescence("folio_ref_balanced", inv::folio_ref_balanced)});
  desc::add_invariant_entries(r);  // swap_refs_consistent, vswap_rmap_consistent (design vswap_desc)
  vswap::add_invariant_entries(r);  // rmap_consistent, vtable_state_valid, ... (CONFIG_VSWAP)
  r.push_back({"kernel_warning", "no kernel WARN fired that no other invariant explained",
               at_quiescence("kernel_warning", inv::kernel_warning)});
  // Last, so that it only judges a final state every older invariant accepted. Its verdict is
  // use_after_free, as the checks at the revivals themselves (model/lifetime.h) report it.
  r.push_back({"dead_once",
               "a memcg id, swap device, vswap cluster, extend table or zswap entry that died stays dead: no reference, "
               "charge, record or pointer to it afterwards (use_after_free)",
               [](const InvariantContext& cx, Defs& out) {
                 SwapModel& m = cx.m;
                 out.push_back(InvariantDef{"dead_once", Verdict::UseAfterFree, CheckWhen::Quiescence, [&m] { return inv::dead_once(m); }});
               }});
  return r;
}

}  // namespace

const std::vector<InvariantEntry>& invariant_registry() {
  static const std::vector<InvariantEntry> registry = build();
  return registry;
}

namespace {

Defs make_defs(const InvariantContext& cx, const InvariantSelection& selected) {
  Defs defs;
  defs.reserve(2 * selected.size());
  for (std::size_t i = 0; i < invariant_registry().size(); ++i)
    if (selected.at(i)) invariant_registry()[i].make(cx, defs);
  return defs;
}

}  // namespace

InvariantSelection select_invariants(const std::vector<std::string>& names) {
  const std::vector<InvariantEntry>& registry = invariant_registry();
  InvariantSelection selected(registry.size(), names.empty());
  for (const std::string& n : names) {
    auto it = std::find_if(registry.begin(), registry.end(), [&n](const InvariantEntry& e) { return e.name == n; });
    if (it == registry.end()) throw std::invalid_argument("unknown invariant: " + n);
    selected[static_cast<std::size_t>(it - registry.begin())] = true;
  }
  return selected;
}

std::vector<InvariantDef> make_invariants(SwapModel& m, const std::vector<std::string>& names) {
  return make_defs(InvariantContext{m, std::make_shared<StepDirty>(m)}, select_invariants(names));
}

void install_invariants(SwapModel& m, checker::Execution& ex, const std::vector<std::string>& names) {
  install_invariants(m, ex, select_invariants(names));
}

void install_invariants(SwapModel& m, checker::Execution& ex, const InvariantSelection& selected) {
  const InvariantContext cx{m, std::make_shared<StepDirty>(m)};
  for (InvariantDef& d : make_defs(cx, selected)) ex.add_invariant(std::move(d));
  // A step that changed nothing any step invariant reads (a load, an RCU section, a lock taken,
  // a per-CPU counter) is not judged at all.
  ex.set_step_filter([dirty = cx.dirty](const checker::StepWrites& w) {
    dirty->update(w);
    return !dirty->clean();
  });
}

namespace {

std::string describe(const inv::Result& r) { return r ? "\"" + *r + "\"" : std::string("holds"); }

// One step invariant judged both ways: `a` as the engine asks (incrementally when it may),
// `b` always whole.
InvariantDef cross_checked(InvariantDef a, InvariantDef b) {
  auto pa = std::make_shared<InvariantDef>(std::move(a));
  auto pb = std::make_shared<InvariantDef>(std::move(b));
  auto compare = [pa](inv::Result ra, inv::Result rb) -> inv::Result {
    if (ra == rb) return ra;
    return kIncrementalMismatch + pa->name + " incrementally " + describe(ra) + ", whole " + describe(rb);
  };
  InvariantDef d{pa->name, pa->kind, pa->when, [pa, pb, compare] { return compare(pa->check(), pb->check()); }};
  d.check_step = [pa, pb, compare](const checker::StepWrites& w) { return compare(pa->check_step(w), pb->check()); };
  return d;
}

}  // namespace

void install_cross_checked_invariants(SwapModel& m, checker::Execution& ex, const std::vector<std::string>& names) {
  const InvariantSelection selected = select_invariants(names);
  Defs a = make_defs(InvariantContext{m, std::make_shared<StepDirty>(m)}, selected);
  Defs b = make_defs(InvariantContext{m, std::make_shared<StepDirty>(m)}, selected);
  for (std::size_t i = 0; i < a.size(); ++i)
    ex.add_invariant(a[i].check_step ? cross_checked(std::move(a[i]), std::move(b[i])) : std::move(a[i]));
}

}  // namespace swapmodel
