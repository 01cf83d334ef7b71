// Every obligation of proofs/ comes out as expected, each precondition is used by some proof of
// its step (the unsat cores agree with the refutations), counterexamples are canonical, and the
// known findings stay findings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>

#include "proofs/claims.h"
#include "proofs/report.h"
#include "proofs/runner.h"

using namespace swapproofs;

namespace {

const std::vector<Entry>& all_results() {
  static const std::vector<Entry> results = run_selected(all_claims(), {});
  return results;
}

}  // namespace

TEST_CASE("every obligation has its expected outcome") {
  for (const Entry& e : all_results()) {
    INFO(text_line(e));
    CHECK(e.result.as_expected());
  }
  CHECK(all_as_expected(all_results()));
}

TEST_CASE("every design and step has obligations, and names are unique") {
  std::set<std::string> names, designs;
  for (const Entry& e : all_results()) {
    CHECK(names.insert(e.result.obligation.name).second);
    designs.insert(e.result.obligation.claim->design);
  }
  CHECK(designs == std::set<std::string>{"table", "desc", "vswap", "memcg"});
  CHECK(names.count("table.put_direct.count_nonnegative"));
  CHECK(names.count("table.put_direct.without_unmap_under_ptl"));
  CHECK(names.count("desc.prepare.without_cmpxchg_matched"));
  CHECK(names.count("vswap.put.rmap_cache_only_accurate"));
  CHECK(names.count("memcg.id_put.without_released_first"));
  CHECK(names.size() == obligation_names(all_claims()).size());
}

// A precondition no proof needs would be a precondition Z3 could not refute; and one the proofs
// need must be refutable. The two views agree claim by claim.
TEST_CASE("each precondition is in the unsat core of some proof of its step") {
  std::map<std::string, std::set<std::string>> used, declared;
  for (const Entry& e : all_results()) {
    const Obligation& o = e.result.obligation;
    const std::string claim = o.claim->design + "." + o.claim->step;
    if (!o.removed.empty()) declared[claim].insert(o.removed);
    for (const std::string& l : e.result.core)
      if (l.rfind("pre:", 0) == 0) used[claim].insert(l.substr(4));
  }
  for (const auto& [claim, pres] : declared) {
    INFO(claim);
    CHECK(used[claim] == pres);
  }
}

TEST_CASE("refutations print a counterexample that breaks a goal") {
  for (const Entry& e : all_results()) {
    if (e.result.outcome != Outcome::Refuted) continue;
    INFO(e.result.obligation.name);
    CHECK(!e.result.violated.empty());
    CHECK(!e.result.counterexample.values().empty());
    for (const auto& [name, value] : e.result.counterexample.values()) CHECK(value != "?");
  }
}

TEST_CASE("minimised counterexamples are canonical: a second run prints the same bytes") {
  const std::vector<Entry> again = run_selected(all_claims(), {"table.put_direct", "desc.free", "memcg.id_put"});
  for (const Entry& e : again) {
    const auto it = std::find_if(all_results().begin(), all_results().end(),
                                 [&](const Entry& x) { return x.result.obligation.name == e.result.obligation.name; });
    REQUIRE(it != all_results().end());
    CHECK(text_line(e) == text_line(*it));
  }
  CHECK(again.size() == 8 + 4 + 2);  // 5 goals + 3 preconditions, 3 + 1, 1 + 1
}

TEST_CASE("the dup without the PTL of seed 000 is the put_direct refutation: a count-0 cached slot, one PTE in flight") {
  const std::vector<Entry> r = run_selected(all_claims(), {"table.put_direct.without_unmap_under_ptl"});
  REQUIRE(r.size() == 1);
  const Counterexample& cx = r[0].result.counterexample;
  CHECK(r[0].result.violated == std::vector<std::string>{"count_nonnegative"});
  CHECK(cx.integer("max") == 2);
  CHECK(cx.integer("pre.kind") == 2);  // PFN: the folio swap-out is unmapping
  CHECK(cx.integer("pre.f") == 0);
  CHECK(cx.integer("pre.pending") == 1);
  CHECK(cx.integer("post.f") == -1);
}

TEST_CASE("known finding: folio_realloc_swap leaves C clear on a cache-only slot (a stale hint I16 allows)") {
  const std::vector<Entry> r = run_selected(all_claims(), {"vswap.realloc"});
  bool seen = false;
  for (const Entry& e : r) {
    if (e.result.obligation.name != "vswap.realloc.rmap_cache_only_accurate") continue;
    seen = true;
    CHECK(e.result.outcome == Outcome::Refuted);
    CHECK(e.result.as_expected());
    CHECK(e.result.counterexample.integer("pre.cnt") == 0);
    CHECK(e.result.counterexample.flag("post.cbit") == false);
  }
  CHECK(seen);
  // The other goals of the same step hold, and the refutations of its preconditions break
  // something other than the finding.
  for (const Entry& e : r)
    if (!e.result.obligation.removed.empty()) {
      INFO(e.result.obligation.name);
      CHECK(std::find(e.result.violated.begin(), e.result.violated.end(), "backing_consistent") != e.result.violated.end());
    }
}

TEST_CASE("NAME patterns select whole dot-separated parts") {
  CHECK(selects("table", "table.put.count_nonnegative"));
  CHECK(selects("table.put", "table.put.count_nonnegative"));
  CHECK_FALSE(selects("table.put", "table.put_direct.count_nonnegative"));
  CHECK_FALSE(selects("tab", "table.put.count_nonnegative"));
  CHECK(unmatched(all_claims(), {"table.put", "nope", "desc.free.without_holds_pte_ref"}) == std::vector<std::string>{"nope"});
}

// Finding 9 as Z3 finds it in the faithful walk: the first entry is a hole when the walk passes
// it, the second is pinned as if it were the first (i = 1), the rollback clears nothing of it,
// and swapcache_prepare returns -ENOENT with the pin kept.
TEST_CASE("known finding: seed 001's swapcache_prepare walk skips a hole and keeps a pin after -ENOENT") {
  const std::vector<Entry> r = run_selected(all_claims(), {"desc.prepare_walk"});
  bool seen = false;
  for (const Entry& e : r) {
    INFO(e.result.obligation.name);
    CHECK(e.result.as_expected());
    if (e.result.obligation.name != "desc.prepare_walk.second.pin_iff_success") continue;
    seen = true;
    CHECK(e.result.outcome == Outcome::Refuted);
    const Counterexample& cx = e.result.counterexample;
    CHECK(cx.flag("walk.first.present") == false);
    CHECK(cx.flag("walk.second.present") == true);
    CHECK(cx.integer("i") == 1);
    CHECK(cx.integer("result") == -ENOENT);
  }
  CHECK(seen);
  // The walk's strengthening holds where the walk creates it, and is inductive.
  for (const Entry& e : run_selected(all_claims(), {"desc.walk_window_dup", "desc.walk_window_free", "desc.walk_window_clear",
                                                    "desc.walk_window_prepare"})) {
    INFO(e.result.obligation.name);
    CHECK(e.result.outcome == (e.result.obligation.removed.empty() ? Outcome::Proved : Outcome::Refuted));
  }
  for (const Entry& e : r)
    if (e.result.obligation.goal.rfind("strengthened.", 0) == 0) {
      INFO(e.result.obligation.name);
      CHECK(e.result.outcome == Outcome::Proved);
    }
}
