// What the claims cover (proofs/coverage.h) and what they refuse to prove vacuously
// (prover.h). About 1 s: every claim is encoded once, two tiny claims are solved.
#include <catch2/catch.hpp>

#include <algorithm>

#include "proofs/claims.h"
#include "proofs/coverage.h"
#include "proofs/prover.h"
#include "proofs/report.h"
#include "proofs/runner.h"

using namespace swapproofs;

namespace {

bool has(const std::vector<std::string>& xs, const std::string& x) { return std::find(xs.begin(), xs.end(), x) != xs.end(); }

}  // namespace

TEST_CASE("coverage: each claim covers the model functions whose shared transitions it runs") {
  const auto cov = coverage(all_claims());
  // Every noted function is in the catalogue.
  for (const auto& [fn, claims] : cov) {
    INFO(fn);
    CHECK(std::any_of(model_transitions().begin(), model_transitions().end(),
                      [&](const ModelTransition& t) { return t.function == fn; }));
  }
  CHECK(has(cov.at("__swap_cluster_dup_entry"), "table.dup"));
  CHECK(has(cov.at("__swap_cluster_put_entry"), "table.dup"));  // the batch's rollback
  CHECK(has(cov.at("vswap_clear_cache_only"), "vswap.dup"));
  CHECK(has(cov.at("vswap_mark_cache_only"), "vswap.put"));
  CHECK(has(cov.at("swap_duplicate_nr"), "desc.dup"));
  CHECK(has(cov.at("page_counter_try_charge"), "memcg.charge_direct"));
  // The extend table's locked sections and the memcg counter puts are the model's code too.
  CHECK(has(cov.at("swap_extend_table_alloc"), "table.ext_alloc"));
  CHECK(has(cov.at("swap_extend_table_try_free"), "table.ext_try_free"));
  CHECK(has(cov.at("swap_extend_table_try_free"), "table.put_try_free"));
  CHECK(has(cov.at("swap_extend_table_try_free"), "table.dup_error_try_free"));
  CHECK(has(cov.at("page_counter_uncharge"), "memcg.uncharge_direct"));
  CHECK(has(cov.at("page_counter_uncharge"), "memcg.uncharge_phys"));
  CHECK(has(cov.at("mem_cgroup_private_id_put"), "memcg.id_put"));
  CHECK(has(cov.at("mem_cgroup_private_id_put"), "memcg.offline"));
  CHECK(has(cov.at("cluster counts (ci->count)"), "table.cluster_count_alloc"));
  CHECK(has(cov.at("cluster counts (ci->count)"), "table.cluster_count_free"));
  // Seed 001's range walks: the walk's index tests and rollback are the model's own code.
  CHECK(has(cov.at("xas_for_each range walks"), "desc.prepare_walk"));
  CHECK(has(cov.at("xas_for_each range walks"), "desc.dup_walk"));
  CHECK(has(cov.at("swapcache_clear"), "desc.prepare_walk"));
}

TEST_CASE("coverage: the report lists the uncovered functions, the inline ones with their reason") {
  const std::vector<ModelTransition> missing = uncovered(all_claims());
  const std::string report = coverage_report(all_claims());
  for (const ModelTransition& t : missing) CHECK(report.find("uncovered  " + t.function + "  (") != std::string::npos);
  CHECK(report.find("uncovered  swap_dup_entries_cluster  (model/swapfile_count.cpp)  not shared: ") != std::string::npos);
  CHECK(report.find(std::to_string(model_transitions().size() - missing.size()) + " of " +
                    std::to_string(model_transitions().size()) + " model transition functions covered") != std::string::npos);
  // A covered function is not listed.
  CHECK(report.find("uncovered  __swap_cluster_dup_entry ") == std::string::npos);
  CHECK(report.find("uncovered  swap_extend_table_try_free ") == std::string::npos);
  CHECK(report.find("uncovered  page_counter_uncharge ") == std::string::npos);
  CHECK(report.find("uncovered  xas_for_each range walks ") == std::string::npos);
}

TEST_CASE("the text line of an obligation names the model functions it covers") {
  const std::vector<Entry> r = run_selected(all_claims(), {"vswap.dup.rmap_cache_only_accurate"});
  REQUIRE(r.size() == 1);
  CHECK(text_line(r[0]).find("  covers __swap_cluster_dup_entry, vswap_clear_cache_only") != std::string::npos);
}

TEST_CASE("a claim whose assumptions cannot hold together is vacuous, an error naming it") {
  ClaimDef bad{"test", "contradiction", "a claim with x >= 1 assumed and x <= 0 required by its lock", {}, {}, {}, ""};
  bad.encode = [](z3::context& c) {
    StepEncoding e;
    const z3::expr x = int_var(c, "x");
    e.hypotheses = {{"positive", "x >= 1", x >= 1}};
    e.preconditions = {{"nonpositive", "x <= 0", x <= 0}};
    e.goals = {{"anything", "x == 42", x == 42}};
    e.shown = {{"x", x}};
    return e;
  };
  Prover p;
  const std::vector<ProofResult> r = p.run(bad);
  REQUIRE(r.size() == 2);  // the goal and the refutation without the precondition
  for (const ProofResult& o : r) {
    CHECK(o.outcome == Outcome::Vacuous);
    CHECK_FALSE(o.as_expected());
    CHECK(o.reason == "claim test.contradiction is vacuous: its assumptions are unsatisfiable (context with inv:positive, pre:nonpositive)");
  }
  // The same claim with a satisfiable lock is judged normally.
  ClaimDef good = bad;
  good.encode = [](z3::context& c) {
    StepEncoding e;
    const z3::expr x = int_var(c, "x");
    e.hypotheses = {{"positive", "x >= 1", x >= 1}};
    e.preconditions = {{"small", "x <= 1", x <= 1}};
    e.goals = {{"one", "x == 1", x == 1}};
    e.shown = {{"x", x}};
    return e;
  };
  const std::vector<ProofResult> ok = p.run(good);
  REQUIRE(ok.size() == 2);
  CHECK(ok[0].outcome == Outcome::Proved);
  CHECK(ok[1].outcome == Outcome::Refuted);
}
