// The model's mutation knobs against the proofs (proofs/mutations.h): each knob that changes a
// per-slot or per-section transition makes an obligation fail when the claims are built for it;
// each other knob is listed with why no obligation can see it, and its claims (if any changed)
// still come out as expected. The fix that closes the realloc finding proves it. About 2 s:
// every claim is encoded once per knob, only the claims a knob changes are solved.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "model/config.h"
#include "model/registry.h"
#include "proofs/claims.h"
#include "proofs/mutations.h"
#include "proofs/runner.h"

using namespace swapproofs;

namespace {

Knobs with_mutation(const std::string& name) {
  swapmodel::SwapConfig cfg;
  REQUIRE(swapmodel::set_mutation(cfg, name));
  return Knobs{cfg.mutations, cfg.fixes};
}

// The obligations of `claims` (design.step names) under `k` that do not come out as expected.
std::vector<std::string> failing(const Knobs& k, const std::vector<std::string>& claims) {
  std::vector<std::string> out;
  if (claims.empty()) return out;
  for (const Entry& e : run_selected(claims_for(k), claims))
    if (!e.result.as_expected()) out.push_back(e.result.obligation.name);
  return out;
}

}  // namespace

TEST_CASE("mutations: every knob of the model's registry is in the proofs' catalogue, once") {
  std::set<std::string> catalogued;
  for (const MutationView& v : mutation_views()) {
    CHECK(catalogued.insert(v.knob).second);
    CHECK_FALSE((v.fails.empty() && v.why.empty()));  // an obligation, or a reason
  }
  std::set<std::string> registered;
  for (const swapmodel::MutationEntry& m : swapmodel::mutation_registry()) registered.insert(m.name);
  CHECK(catalogued == registered);
}

TEST_CASE("mutations: a knob that changes a transition makes its obligation fail") {
  for (const MutationView& v : mutation_views()) {
    if (v.fails.empty()) continue;
    INFO("mutation " << v.knob);
    const Knobs k = with_mutation(v.knob);
    const std::vector<std::string> changed = claims_changed_by(k);
    CHECK_FALSE(changed.empty());
    const std::vector<std::string> bad = failing(k, changed);
    CHECK(std::find(bad.begin(), bad.end(), v.fails) != bad.end());
  }
}

TEST_CASE("mutations: a knob no obligation can see leaves every obligation as expected") {
  for (const MutationView& v : mutation_views()) {
    if (!v.fails.empty()) continue;
    INFO("mutation " << v.knob << ": " << v.why);
    const Knobs k = with_mutation(v.knob);
    CHECK(failing(k, claims_changed_by(k)) == std::vector<std::string>{});
  }
}

TEST_CASE("mutations: the faithful model's claims are unchanged, and a mutation changes only its own claims") {
  CHECK(claims_changed_by(Knobs{}).empty());
  CHECK(claims_changed_by(with_mutation("no_clear_cache_only")) == std::vector<std::string>{"vswap.dup", "vswap.realloc_window_dup"});
  CHECK(claims_changed_by(with_mutation("desc_dup_no_add_unless")) ==
        std::vector<std::string>{"desc.dup", "desc.dup_walk", "desc.walk_window_dup"});
  CHECK(claims_changed_by(with_mutation("no_dead_recheck")).empty());
}

TEST_CASE("fixes: vswap_realloc_marks_cache_only turns the realloc finding into a proof") {
  swapmodel::SwapConfig cfg;
  REQUIRE(swapmodel::set_fix(cfg, "vswap_realloc_marks_cache_only"));
  const Knobs k{cfg.mutations, cfg.fixes};
  const std::vector<Entry> r = run_selected(claims_for(k), {"vswap.realloc.rmap_cache_only_accurate"});
  REQUIRE(r.size() == 1);
  CHECK(r[0].result.outcome == Outcome::Proved);
  CHECK(r[0].result.as_expected());
}

TEST_CASE("fixes: every fix of the model's registry is in the proofs' catalogue, once, and a fix that closes a finding proves it") {
  std::set<std::string> catalogued;
  for (const FixView& v : fix_views()) {
    INFO("fix " << v.knob);
    CHECK(catalogued.insert(v.knob).second);
    CHECK_FALSE((v.proves.empty() && v.why.empty()));
    swapmodel::SwapConfig cfg;
    REQUIRE(swapmodel::set_fix(cfg, v.knob));
    const Knobs k{cfg.mutations, cfg.fixes};
    const std::vector<std::string> changed = claims_changed_by(k);
    // Whatever the fix changes still comes out as expected under it.
    CHECK(failing(k, changed) == std::vector<std::string>{});
    if (v.proves.empty()) continue;
    // The faithful model's finding ...
    const std::vector<Entry> faithful = run_selected(all_claims(), {v.proves});
    REQUIRE(faithful.size() == 1);
    CHECK(faithful[0].result.outcome == Outcome::Refuted);
    CHECK(faithful[0].result.obligation.expected == Outcome::Refuted);
    // ... is a proof with the fix.
    const std::vector<Entry> fixed = run_selected(claims_for(k), {v.proves});
    REQUIRE(fixed.size() == 1);
    CHECK(fixed[0].result.outcome == Outcome::Proved);
    CHECK(fixed[0].result.as_expected());
  }
  std::set<std::string> registered;
  for (const swapmodel::FixEntry& f : swapmodel::fix_registry()) registered.insert(f.name);
  CHECK(catalogued == registered);
}

// Finding 9's fix is a knob the walk's claim reads (model/desc/swap_refs.h's walk_stops_at_hole):
// built for it, desc.prepare_walk is the only claim that changes, and every one of its
// obligations, the faithful model's findings included, is proved.
TEST_CASE("fixes: desc_walk_stops_at_hole turns the walk's findings into proofs") {
  swapmodel::SwapConfig cfg;
  REQUIRE(swapmodel::set_fix(cfg, "desc_walk_stops_at_hole"));
  const Knobs k{cfg.mutations, cfg.fixes};
  CHECK(claims_changed_by(k) == std::vector<std::string>{"desc.prepare_walk"});
  const std::vector<Entry> fixed = run_selected(claims_for(k), {"desc.prepare_walk"});
  REQUIRE(fixed.size() >= 10);
  for (const Entry& e : fixed) {
    INFO(e.result.obligation.name);
    CHECK(e.result.outcome == Outcome::Proved);
    CHECK(e.result.as_expected());
  }
  // The faithful claim's findings are among those obligations.
  std::size_t findings = 0;
  for (const Entry& e : run_selected(all_claims(), {"desc.prepare_walk"}))
    if (e.result.obligation.expected == Outcome::Refuted) ++findings;
  CHECK(findings >= 2);
}
