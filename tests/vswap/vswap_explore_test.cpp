// Exploratory runs of every vswap catalog scenario with each mutation (prints verdicts).
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

#include "model/vswap/catalog.h"
#include "vswap_harness.h"

using namespace vswaptest;

namespace {
void show(const char* name, SwapScenario sc, const char* mutation = nullptr) {
  if (mutation != nullptr) REQUIRE(set_mutation(sc.cfg, mutation));
  const auto t0 = std::chrono::steady_clock::now();
  const checker::Report r = explore(std::move(sc));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << name << (mutation ? std::string(" +") + mutation : std::string()) << ": " << describe(r) << " execs=" << r.executions
            << " exhaustive=" << r.exhaustive << " " << s << "s\n";
}
}  // namespace

TEST_CASE("vswap explore", "[.explore]") {
  show("swapin_vs_zap", vswap::swapin_vs_zap());
  show("free_cluster", vswap::free_cluster_setup());
  for (const char* mu : {"no_dead_recheck", "free_cluster_no_dead_flag", "free_cluster_plain_kfree", "reclaim_range_no_rcu"})
    show("free_cluster", vswap::free_cluster_setup(), mu);
  show("clear_cache_only", vswap::clear_cache_only_setup());
  show("clear_cache_only", vswap::clear_cache_only_setup(), "no_clear_cache_only");
  show("realloc_charge_fail", vswap::realloc_charge_fail_setup());
  show("realloc_charge_fail", vswap::realloc_charge_fail_setup(), "realloc_no_charge_rollback");
  show("swapout_vs_fault", vswap::swapout_vs_fault());
  show("zswap_writeback_vs_fault", vswap::zswap_writeback_vs_fault());
  show("swapoff_vs_fault", vswap::swapoff_vs_fault());
  show("reclaim_backing_vs_reclaim", vswap::reclaim_backing_vs_reclaim());
}

TEST_CASE("vswap explore more", "[.explore2]") {
  SwapScenario fixed = vswap::swapin_vs_zap();
  REQUIRE(set_fix(fixed.cfg, "vswap_backend_flag_rcu"));
  show("swapin_vs_zap fixed", fixed);
  show("zswap_writeback_vs_fault", vswap::zswap_writeback_vs_fault());
  SwapScenario small = vswap::swapoff_vs_fault();
  small.cfg.devices[0].clusters = 1;
  show("swapoff_vs_fault 1 cluster", small);
  const checker::Report r = explore(vswap::swapin_vs_zap());
  if (r.counterexample) {
    std::cout << "violating thread " << r.counterexample->threads[static_cast<std::size_t>(r.counterexample->violating_thread)] << "\n";
  }
}
