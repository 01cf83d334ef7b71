// The registries that make the model drivable from data: operations callable by name with
// named arguments, invariants and mutations by name, configuration knobs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "checker/cli/scenario_loader.h"
#include "harness.h"
#include "model/cli/swap_interface.h"
#include "model/registry.h"

using namespace swaptest;

TEST_CASE("registries: unique names, one-line docs, and the invariants and mutations issue 3 names") {
  // A name is unique within each design (one row per design where their arguments differ).
  std::set<std::pair<std::string, ModelDesign>> names;
  for (const OpEntry& op : op_registry()) {
    for (ModelDesign d : kModelDesigns)
      if (op.designs.has(d)) CHECK(names.insert({op.name, d}).second);
    CHECK(!op.doc.empty());
    CHECK(op.doc.find('\n') == std::string::npos);
    std::set<std::string> params;
    for (const OpParam& p : op.params) CHECK(params.insert(p.name).second);
  }
  std::set<std::string> invariants;
  for (const InvariantEntry& e : invariant_registry()) {
    CHECK(invariants.insert(e.name).second);
    CHECK(!e.doc.empty());
  }
  for (const char* n : {"count_nonnegative", "count_within_limit", "count_matches_references", "no_slot_leak",
                        "cluster_count_consistent", "swapcache_consistent", "swapcache_changed_under_folio_lock",
                        "charge_balanced", "data_preserved"})
    CHECK(invariants.count(n) == 1);
  std::set<std::string> mutations;
  const SwapModelInterface model;
  for (const MutationEntry& m : mutation_registry()) {
    mutations.insert(m.name);
    // The scenario file that exposes it switches it on.
    INFO(m.name << " names " << m.scenario);
    const checker::LoadedScenario sc =
        checker::load_scenario(std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios/" + m.scenario, model);
    const nlohmann::json& on = sc.model.config.at("mutations");
    CHECK(std::find(on.begin(), on.end(), m.name) != on.end());
    SwapConfig cfg;
    CHECK(set_mutation(cfg, m.name));
  }
  for (const char* n : {"dup_without_ptl", "swap_cache_alloc_no_recheck", "fallback_loop_v4", "swapin_without_device_ref"})
    CHECK(mutations.count(n) == 1);
}

TEST_CASE("registry: argument binding refuses unknown, missing and mistyped arguments") {
  const OpEntry* zap = find_op("zap");
  REQUIRE(zap != nullptr);
  CHECK(find_op("no_such_op") == nullptr);
  const OpArgs bound = bind_args(*zap, {{"mm", std::int64_t{0}}, {"idx", std::int64_t{1}}});
  CHECK(std::get<std::int64_t>(bound.at("nr")) == 1);  // the default
  CHECK_THROWS_WITH(bind_args(*zap, {{"mm", std::int64_t{0}}}), "zap: missing argument \"idx\"");
  CHECK_THROWS_WITH(bind_args(*zap, {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}, {"bogus", std::int64_t{0}}}),
                    "zap: unknown argument \"bogus\"");
  CHECK_THROWS_WITH(bind_args(*zap, {{"mm", std::string("x")}, {"idx", std::int64_t{0}}}),
                    "zap: argument \"mm\" must be an integer");
}

TEST_CASE("registry: operations by name build and drive a model") {
  Sequential s;
  SwapModel& m = s.m();
  CHECK(call_op(m, "new_mm", {{"memcg", std::int64_t{2}}}) == 0);
  const std::int64_t folio = call_op(m, "map_anon", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}, {"memcg", std::int64_t{2}}});
  CHECK(folio == 0);
  CHECK(call_op(m, "swap_out", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 1);
  CHECK(s.count(0, 1) == 1);
  CHECK(call_op(m, "swap_cache_add_check", {{"offset", std::int64_t{1}}}) == 0);
  CHECK(call_op(m, "swap_cache_add_check", {{"offset", std::int64_t{2}}}) == -ENOENT);
  CHECK(call_op(m, "do_swap_page", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}}) == 0);
  CHECK(call_op(m, "swap_cache_add_check", {{"offset", std::int64_t{1}}}) == -EEXIST);
  CHECK(s.violation() == "");
  CHECK_THROWS_AS(call_op(m, "zap", {{"mm", std::int64_t{7}}, {"idx", std::int64_t{0}}}), std::invalid_argument);
}

TEST_CASE("registry: a scenario whose threads call operations by name") {
  SwapScenario sc;
  sc.cfg = small_config();
  sc.setup = [](SwapModel& m) {
    call_op(m, "new_mm", {{"memcg", std::int64_t{2}}});
    call_op(m, "map_anon", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}, {"memcg", std::int64_t{2}}});
  };
  sc.threads.push_back({"reclaim", [](SwapModel& m) { call_op(m, "shrink_folio", {{"folio", std::int64_t{0}}}); }, 0, -1});
  sc.threads.push_back({"fault", [](SwapModel& m) {
                          call_op(m, "do_swap_page", {{"mm", std::int64_t{0}}, {"idx", std::int64_t{0}}, {"write", std::int64_t{1}}});
                        },
                        1, -1});
  const checker::Report r = explore_dpor(sc);
  CHECK(r.verdict == checker::Verdict::Pass);
  CHECK(r.exhaustive);
}

TEST_CASE("registry: configuration knobs and mutations by name") {
  SwapConfig cfg;
  set_config(cfg, "count_max", std::int64_t{15});
  set_config(cfg, "memcg", std::string("v1"));
  set_config(cfg, "clusters", std::int64_t{3});
  set_config(cfg, "fallback_loop_v4", std::int64_t{1});
  CHECK(cfg.count_max == 15);
  CHECK(cfg.memcg_mode == MemcgMode::V1);
  CHECK(cfg.devices[0].clusters == 3);
  CHECK(cfg.mutations.fallback_loop_v4);
  CHECK_THROWS_WITH(set_config(cfg, "count_max", std::int64_t{16}), "count_max must be in 2..15");
  CHECK_THROWS_WITH(set_config(cfg, "memcg", std::string("v3")), "memcg must be \"v1\" or \"v2\"");
  CHECK_THROWS_WITH(set_config(cfg, "bogus", std::int64_t{1}), "unknown configuration key \"bogus\"");
}

// Issue 11 item 3: one name per kernel function. The descriptor design's paths are the
// registry's own, no op is a design-prefixed copy, and every op exists in some design.
TEST_CASE("registry: one operation namespace across the designs") {
  for (const char* path : {"swap_out", "shrink_folio", "do_swap_page", "zap", "fork", "write", "folio_free_swap"}) {
    INFO(path);
    const OpEntry* op = find_op(path);
    REQUIRE(op != nullptr);
    CHECK(op->designs.all());
  }
  for (const OpEntry& op : op_registry()) {
    INFO(op.name);
    CHECK_FALSE(op.name.starts_with("desc_"));
    CHECK(op.designs.names() != "no design");
  }
  CHECK(find_op("cluster_lock")->designs.names() == "swap_table and vswap");
  CHECK(find_op("vswap_zswap_load")->designs.names() == "vswap");
  CHECK(find_op("swapcache_prepare")->designs.names() == "vswap_desc");
  // seed 001's vswap_alloc(nr) and seed 004's vswap_alloc(folio): one name, a row per design.
  CHECK(designs_of("vswap_alloc").names() == "vswap and vswap_desc");
  CHECK(find_op("vswap_alloc", ModelDesign::VswapDesc)->params.front().name == "nr");
  CHECK(find_op("vswap_alloc", ModelDesign::Vswap)->params.front().name == "folio");
  CHECK(find_op("vswap_alloc", ModelDesign::SwapTable) == nullptr);
  SwapConfig cfg;
  CHECK(design_of(cfg) == ModelDesign::SwapTable);
  cfg.vswap = true;
  CHECK(design_of(cfg) == ModelDesign::Vswap);
  cfg.vswap = false;
  cfg.design = Design::VswapDesc;
  CHECK(design_of(cfg) == ModelDesign::VswapDesc);
}
