// The incremental form of the step invariants (model/step_invariant.h, model/step_dirty.h)
// catches exactly what the whole form catches:
//   - on every scenario of the suite, each step invariant is judged both ways at every step and
//     they never disagree (install_cross_checked_invariants), and the search ends as it does
//     with the incremental checks alone;
//   - a change that only a lock's release reveals is caught at the release;
//   - a change to an object an invariant reads only through others is caught at the write.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "checker/cli/scenario_loader.h"
#include "harness.h"
#include "model/cli/swap_interface.h"
#include "model/page_data.h"
#include "model/setup.h"

using namespace swaptest;

namespace fs = std::filesystem;

namespace {

// Executions per scenario: enough to reach past setup into the races of every pair, small
// enough to cross-check the whole suite in a test.
constexpr std::uint64_t kBudget = 150;

checker::Report run_file(const std::string& file, bool cross_check) {
  const swapmodel::SwapModelInterface model(cross_check);
  const checker::LoadedScenario s = checker::load_scenario(file, model);
  checker::Bounds b = s.generic.bounds.resolve();
  b.max_executions = b.max_executions == 0 ? kBudget : std::min(b.max_executions, kBudget);
  return checker::explore(s.model.program, b);
}

bool mismatch(const checker::Report& r) {
  auto is = [](const checker::Violation& v) { return v.message.rfind(kIncrementalMismatch, 0) == 0; };
  return (r.violation && is(*r.violation)) || std::any_of(r.all_violations.begin(), r.all_violations.end(), is);
}

// Every case of the suite: a file, or FILE#case for each case of a matrix file.
std::vector<std::string> suite_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(SWAPCHECK_SOURCE_DIR) / "scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> cases;
  for (const fs::path& f : files)
    for (std::string& c : checker::scenario_cases(f.string())) cases.push_back(std::move(c));
  return cases;
}

// A thread running `body`, on the small configuration.
SwapScenario one_thread(std::function<void(SwapModel&)> body, std::function<void(SwapModel&)> setup = {}) {
  SwapScenario sc;
  sc.cfg = small_config();
  sc.setup = std::move(setup);
  sc.threads.push_back(SwapThread{"t", std::move(body)});
  return sc;
}

checker::Report run(SwapScenario sc, bool cross_check) {
  sc.cross_check_invariants = cross_check;
  return explore_dpor(std::move(sc));
}

}  // namespace

TEST_CASE("incremental invariants: judged both ways on every suite scenario, they never disagree") {
  const std::vector<std::string> files = suite_files();
  REQUIRE(files.size() > 100);
  for (const std::string& f : files) {
    INFO(f);
    const checker::Report crossed = run_file(f, true);
    INFO(describe(crossed));
    CHECK_FALSE(mismatch(crossed));
    const checker::Report plain = run_file(f, false);
    CHECK(describe(crossed) == describe(plain));
    CHECK(crossed.executions == plain.executions);
    CHECK(crossed.events == plain.events);
  }
}

TEST_CASE("incremental invariants: a count corrupted under ci->lock is caught at the unlock") {
  // The count is wrong from the write on, but cluster_count_consistent skips a locked cluster:
  // the release is the only step after which the state fails, and it writes nothing but the lock.
  auto corrupt = [](SwapModel& m) {
    SwapCluster& ci = m.devices[0].clusters[0];
    ci.lock.lock();
    ci.count.write(ci.count.read() + 1);
    ci.lock.unlock();
  };
  for (bool cross_check : {false, true}) {
    const checker::Report r = run(one_thread(corrupt), cross_check);
    CHECK(describe(r) == "invariant cluster_count_consistent: cluster 0:0 count is 2 but 1 slots are in use");
    REQUIRE(r.counterexample);
    CHECK(r.counterexample->events.back().op == "unlock");
  }
}

TEST_CASE("incremental invariants: a block overwritten under a swapped-out page is caught at the write") {
  // data_preserved reaches the device block only through the PTE, the swap entry in it and the
  // slot's table word; the thread writes the block and nothing else.
  auto setup = [](SwapModel&) {
    MmStruct& mm = setup_mm(1);
    setup_swap_out(setup_anon_folio(mm, 0));
  };
  auto overwrite = [](SwapModel& m) {
    const swp_entry_t e = pte_to_swp_entry(m.mm(0).pte[0].peek());
    m.devices[static_cast<std::size_t>(swp_type(e))].disk[swp_offset(e)].write(kGarbageContent);
  };
  for (bool cross_check : {false, true}) {
    const checker::Report r = run(one_thread(overwrite, setup), cross_check);
    INFO(describe(r));
    CHECK(describe(r).rfind("invariant data_preserved: mm0.pte[0] names swp(0,", 0) == 0);
    CHECK(describe(r).find("swap-in would read " + format_content(kGarbageContent) + " from the device") != std::string::npos);
    REQUIRE(r.counterexample);
    CHECK(r.counterexample->events.size() == 1);
  }
}
