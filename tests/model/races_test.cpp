// Exhaustive DPOR runs of the faithful model on the concurrent pairs of issue 3
// (scenarios/table/races/). Each passes every invariant in every interleaving, and reaches the
// code the pair is about in at least one execution (so a pass is not a pass of a scenario that
// never gets there).
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "harness.h"
#include "tests/scenario_file.h"

using namespace swaptest;

namespace {

struct Outcome {
  checker::Report report;
  std::map<std::string, int> reached;  // function -> executions that ran an event in it
};

// scenarios/table/races/<name>.json
Outcome run(const std::string& name) {
  SwapScenario sc = scenario_file("table/races/" + name + ".json");
  Outcome o;
  checker::Bounds b;
  b.strategy = checker::Strategy::Dpor;
  o.report = checker::explore(make_program(std::move(sc)), b, [&o](const checker::Execution& ex) {
    std::set<std::string> seen;
    for (const checker::StepRecord& s : ex.steps()) seen.insert(checker::bare_function_name(s.function));
    for (const std::string& f : seen) ++o.reached[f];
  });
  return o;
}

void passes(const Outcome& o) {
  INFO((o.report.violation ? o.report.violation->check + ": " + o.report.violation->message : std::string()));
  CHECK(o.report.verdict == checker::Verdict::Pass);
  CHECK(o.report.exhaustive);
}

int reached(const Outcome& o, const char* fn) {
  auto it = o.reached.find(fn);
  return it == o.reached.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("race: swap-in vs zap of the same PTE") {
  const Outcome o = run("swapin_vs_zap");
  passes(o);
  CHECK(reached(o, "swap_read_folio") > 0);          // the fault read the page
  CHECK(reached(o, "__swap_cluster_free_entries") > 0);  // and the zap freed the slot
}

TEST_CASE("race: swap-in vs swap-in of one entry from two PTEs") {
  const Outcome o = run("swapin_vs_swapin");
  passes(o);
  CHECK(reached(o, "swap_read_folio") > 0);
  CHECK(reached(o, "folio_lock") > 0);
}

TEST_CASE("race: fork vs zap of a shared swap entry") {
  const Outcome o = run("fork_vs_zap");
  passes(o);
  CHECK(reached(o, "copy_pte_range") > 0);
}

TEST_CASE("race: swap-out vs a fault on the PTE being unmapped") {
  const Outcome o = run("swapout_vs_fault");
  passes(o);
  CHECK(reached(o, "__swap_writepage") > 0);
  CHECK(reached(o, "__swap_cache_alloc") > 0);  // some fault came after the removal
  CHECK(reached(o, "swap_cache_get_folio") > 0);  // and some found the folio still cached
}

TEST_CASE("race: swap-in vs swapoff") {
  const Outcome o = run("swapin_vs_swapoff");
  passes(o);
  CHECK(reached(o, "free_swap_cluster_info") > 0);  // swapoff completed in some interleavings
  CHECK(reached(o, "unuse_pte") > 0);
  CHECK(reached(o, "reinsert_swap_info") > 0);      // and gave up (-EINTR) in others
}

TEST_CASE("race: allocator reclaim of a cache-only slot vs that folio's dup") {
  const Outcome o = run("reclaim_cache_only_vs_dup");
  passes(o);
  CHECK(reached(o, "cluster_reclaim_range") > 0);
  CHECK(reached(o, "__swap_cache_do_del_folio") > 0);
}

TEST_CASE("race: fork at the count limit vs zap") {
  const Outcome o = run("fork_at_limit_vs_zap");
  passes(o);
  // The sleeping retry allocated an extend table and took ci->lock to attach it (the atomic
  // attempt fails before any event).
  CHECK(reached(o, "swap_extend_table_alloc") > 0);
}

// More pairs the paths allow: zswap writeback against a fault, a zap and swapoff,
// hibernation against swap-out, memcg offline against swap-out, and swap-out on two CPUs.
TEST_CASE("race: zswap writeback vs a fault, a zap, and swapoff") {
  const Outcome fa = run("zswap_wb_vs_fault");
  passes(fa);
  CHECK(reached(fa, "zswap_decompress") > 0);  // the writeback got past its checks
  CHECK(reached(fa, "zswap_load") > 0);
  passes(run("zswap_wb_vs_zap"));
  const Outcome fc = run("zswap_wb_vs_swapoff");
  passes(fc);
  CHECK(reached(fc, "zswap_swapoff") > 0);
}

TEST_CASE("race: hibernation slots vs swap-out on the same device") {
  const Outcome o = run("hibernate_vs_swapout");
  passes(o);
  CHECK(reached(o, "swap_alloc_hibernation_slot") > 0);
  CHECK(reached(o, "__swap_cluster_free_entries") > 0);  // the slot went back
}

TEST_CASE("race: memcg offline vs swap-out, and swap-out on two CPUs") {
  passes(run("memcg_off_vs_swapout"));
  const Outcome o = run("swapout_vs_swapout");
  passes(o);
  CHECK(reached(o, "swap_alloc_fast") > 0);
}
