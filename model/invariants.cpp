// The invariant registry: names, one-line docs, and how each is installed (invariants.h).
#include "model/invariants.h"

#include <memory>
#include <stdexcept>

#include "model/desc/invariants.h"
#include "model/invariants_impl.h"
#include "model/vswap/invariants.h"

namespace swapmodel {

namespace {

using checker::CheckWhen;
using checker::InvariantDef;
using checker::Verdict;

using Defs = std::vector<InvariantDef>;

std::function<void(SwapModel&, Defs&)> simple(const char* name, CheckWhen when, inv::Result (*fn)(SwapModel&)) {
  return [name, when, fn](SwapModel& m, Defs& out) {
    out.push_back(InvariantDef{name, Verdict::Invariant, when, [&m, fn] { return fn(m); }});
  };
}

std::vector<InvariantEntry> build() {
  std::vector<InvariantEntry> r;
  r.push_back({"count_nonnegative", "no swap count below zero (a put at count 0 wraps the count field)",
               simple("count_nonnegative", CheckWhen::EveryStep, inv::count_nonnegative)});
  r.push_back({"count_within_limit",
               "the extend table holds exactly the counts above the field, and no count exceeds the places that can hold a reference",
               simple("count_within_limit", CheckWhen::EveryStep, inv::count_within_limit)});
  r.push_back({"cluster_count_consistent",
               "ci->count equals the used slots, each cluster is on the list its flags name, inuse_pages matches",
               simple("cluster_count_consistent", CheckWhen::EveryStep, inv::cluster_count_consistent)});
  r.push_back({"swapcache_consistent", "a folio is in the swap cache iff every slot of its range holds PFN(folio)",
               simple("swapcache_consistent", CheckWhen::EveryStep, inv::swapcache_consistent)});
  r.push_back({"swapcache_changed_under_folio_lock", "a folio enters or leaves the swap cache only while it is locked",
               [](SwapModel& m, Defs& out) {
                 auto tracker = std::make_shared<inv::CacheChangeTracker>(m);
                 out.push_back(InvariantDef{"swapcache_changed_under_folio_lock", Verdict::Invariant, CheckWhen::EveryStep,
                                               [&m, tracker] { return tracker->check(m); }});
               }});
  r.push_back({"charge_balanced",
               "per memcg: swap charge equals the slots charged to it, id references equal recorded slots, nothing negative",
               [](SwapModel& m, Defs& out) {
                 out.push_back(InvariantDef{"charge_balanced", Verdict::Invariant, CheckWhen::EveryStep,
                                               [&m] { return inv::charge_nonnegative(m); }});
                 out.push_back(InvariantDef{"charge_balanced", Verdict::Invariant, CheckWhen::Quiescence,
                                               [&m] { return inv::charge_balanced(m); }});
               }});
  r.push_back({"data_preserved",
               "a mapped page holds the last version written to it; a swapped-out page can be read back as that version",
               simple("data_preserved", CheckWhen::EveryStep, inv::data_preserved)});
  r.push_back({"count_matches_references", "at quiescence a slot's count equals the PTE and hibernation references to it",
               simple("count_matches_references", CheckWhen::Quiescence, inv::count_matches_references)});
  r.push_back({"no_slot_leak", "at quiescence a slot with no count and no swap-cache folio is free",
               simple("no_slot_leak", CheckWhen::Quiescence, inv::no_slot_leak)});
  r.push_back({"folio_ref_balanced", "at quiescence a folio's references are its mappings and the swap cache's, and it is unlocked",
               simple("folio_ref_balanced", CheckWhen::Quiescence, inv::folio_ref_balanced)});
  desc::add_invariant_entries(r);  // swap_refs_consistent, vswap_rmap_consistent (design vswap_desc)
  vswap::add_invariant_entries(r);  // rmap_consistent, vtable_state_valid, ... (CONFIG_VSWAP)
  r.push_back({"kernel_warning", "no kernel WARN fired that no other invariant explained",
               simple("kernel_warning", CheckWhen::Quiescence, inv::kernel_warning)});
  return r;
}

}  // namespace

const std::vector<InvariantEntry>& invariant_registry() {
  static const std::vector<InvariantEntry> registry = build();
  return registry;
}

std::vector<InvariantDef> make_invariants(SwapModel& m, const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    bool known = false;
    for (const InvariantEntry& e : invariant_registry()) known |= e.name == n;
    if (!known) throw std::invalid_argument("unknown invariant: " + n);
  }
  Defs defs;
  for (const InvariantEntry& e : invariant_registry()) {
    bool wanted = names.empty();
    for (const std::string& n : names) wanted |= n == e.name;
    if (wanted) e.make(m, defs);
  }
  return defs;
}

void install_invariants(SwapModel& m, checker::Execution& ex, const std::vector<std::string>& names) {
  for (InvariantDef& d : make_invariants(m, names)) ex.add_invariant(std::move(d));
}

}  // namespace swapmodel
