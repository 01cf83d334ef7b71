// Kernel-style reports (issue 12, item 2), the swimlane's marks and names, and the Chrome
// trace-event output (item 4), on the real swap model and scenarios of scenarios/: a
// use-after-free as KASAN prints it, an invariant as a WARN, deadlocks and lock misuse as lockdep,
// and the README's KASAN block, which must stay what `run` prints.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "chrome_trace_check.h"
#include "json_schema_check.h"
#include "tests/scenarios/shown_output.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using swaptest::lines_of;
using swaptest::read_file;

const fs::path kSource(SWAPCHECK_SOURCE_DIR);

// A scratch directory that sees scenarios/, for this file's commands and the traces they write.
class Workdir : public swaptest::ScenarioWorkdir {
 public:
  Workdir() : ScenarioWorkdir("swapcheck_report_") {}
};

// Every wanted line appears in `out`, in this order; "..." stands for any lines in between.
void check_lines(const std::string& out, const std::vector<std::string>& wanted) {
  swaptest::check_shown_lines(lines_of(out), 0, true, wanted, "wanted line", out);
}

// The kernel-style report in a `run` or `replay` output: from its first line (a KASAN or
// lockdep rule, a "cut here" line, a BUG or INFO title) to the end.
std::string report_of(const std::string& out) {
  const std::vector<std::string> lines = lines_of(out);
  std::string report;
  bool in = false;
  for (const std::string& l : lines) {
    in = in || l.starts_with("====") || l.starts_with("------------[ cut here") || l.starts_with("BUG: ") ||
         l.starts_with("INFO: task") || l.starts_with("watchdog: ");
    if (in) report += l + "\n";
  }
  return report;
}

// The swimlane in a `run` output: from its header to the legend.
std::string swimlane_of(const std::string& out) {
  const std::size_t begin = out.find("\nstep  ");
  const std::size_t end = out.find("\n(* marks a preemption");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  return out.substr(begin + 1, end - begin);
}

swaptest::CliResult run_violation(const Workdir& w, const std::vector<std::string>& args) {
  const swaptest::CliResult r = w.run(args);
  INFO(r.out << r.err);
  REQUIRE(r.code == 1);
  REQUIRE(r.out.find("replay:   identical\n") != std::string::npos);
  return r;
}

}  // namespace

TEST_CASE("report: a use after free reads as KASAN's, with the access, the allocation and the free") {
  const Workdir w;
  const swaptest::CliResult r =
      run_violation(w, {"run", "scenarios/vswap/free_cluster_plain_kfree.json", "--trace-out", "t.json"});
  const std::string report = report_of(r.out);
  check_lines(report, {
                          "==================================================================",
                          "BUG: KASAN: slab-use-after-free in swap_cluster_unlock",
                          "Write of ci3001.lock by task zap/1 at step 59",
                          "",
                          "CPU: 1 PID: 1 Comm: zap",
                          "Call Trace:",
                          " <TASK>",
                          " swap_cluster_unlock",
                          " swap_put_entries_cluster",
                          " swap_put_entries_direct",
                          " zap_pte_range",
                          " zap",
                          " </TASK>",
                          "",
                          "Allocated in setup:",
                          " VswapCluster",
                          " alloc_swap_scan_dynamic",
                          "...",
                          " swap_out",
                          "",
                          "Freed by task zap/1 at step 58:",
                          " vswap_free_cluster",
                          " free_cluster",
                          " __swap_cluster_free_entries",
                          "...",
                          "The buggy address belongs to the object ci_dyn2",
                          " and is its field ci3001.lock",
                          "...",
                          "==================================================================",
                          "",
                          "scenario: scenarios/vswap/free_cluster_plain_kfree.json (vswap_free_cluster_plain_kfree)",
                          "replay:   swapcheck replay t.json",
                      });
  // The replay prints the same report: same trace, same stacks, same command.
  const swaptest::CliResult again = w.run({"replay", "t.json"});
  REQUIRE(again.code == 0);
  CHECK(report_of(again.out) == report);
  // Without a trace file the report says how to write one and replay it.
  const swaptest::CliResult plain = w.run({"run", "scenarios/vswap/free_cluster_plain_kfree.json", "--no-minimize"});
  check_lines(report_of(plain.out), {"...", "replay:   swapcheck run scenarios/vswap/free_cluster_plain_kfree.json "
                                            "--no-minimize --trace-out vswap_free_cluster_plain_kfree.trace.json && "
                                            "swapcheck replay vswap_free_cluster_plain_kfree.trace.json"});
}

TEST_CASE("report: a use after free of an RCU-freed table names the reader, the allocation and the free") {
  const Workdir w;
  const swaptest::CliResult r = run_violation(w, {"run", "scenarios/tutorial/swapin_pin_too_late.json"});
  check_lines(report_of(r.out), {
                                    "BUG: KASAN: slab-use-after-free in swap_table_get",
                                    "Read of ci0.table_ptr by task fault/0 at step 167",
                                    "...",
                                    " swap_table_get",
                                    " swap_cache_get_folio",
                                    " </TASK>",
                                    "...",
                                    "Freed by task swapoff/1 at step 162:",
                                    " free_swap_cluster_info",
                                    " swapoff_release",
                                    " swapoff",
                                });
}

TEST_CASE("report: the README's KASAN report is what run prints") {
  // The block after <!-- report: swapcheck ARGS --> is the report `swapcheck ARGS` prints.
  const std::vector<std::string> readme = lines_of(read_file(kSource / "README.md"));
  const std::string marker = "<!-- report: swapcheck ";
  std::size_t blocks = 0;
  for (std::size_t i = 0; i < readme.size(); ++i) {
    if (!readme[i].starts_with(marker)) continue;
    std::istringstream words(readme[i].substr(marker.size(), readme[i].find(" -->") - marker.size()));
    std::vector<std::string> args;
    for (std::string word; words >> word;) args.push_back(word);
    std::size_t j = i + 1;
    while (j < readme.size() && !readme[j].starts_with("```")) ++j;
    std::string shown;
    for (++j; j < readme.size() && !readme[j].starts_with("```"); ++j) shown += readme[j] + "\n";
    const Workdir w;
    const swaptest::CliResult r = w.run(args);
    INFO(readme[i]);
    CHECK(r.code == 1);
    CHECK(shown == report_of(r.out));
    ++blocks;
  }
  CHECK(blocks == 1);
}

TEST_CASE("report: an invariant reads as a WARN with the step, its stack and the objects it changed") {
  const Workdir w;
  const swaptest::CliResult r = run_violation(w, {"run", "scenarios/table/mutations/dup_without_ptl.json"});
  check_lines(report_of(r.out), {
                                    "------------[ cut here ]------------",
                                    "invariant count_nonnegative: swp(0,1) count is -1 (PFN(folio0) cnt=15): a put at "
                                    "count 0 underflowed it",
                                    "WARNING: CPU: 1 PID: 1 at __swap_table_set",
                                    "CPU: 1 PID: 1 Comm: zap",
                                    "Call Trace:",
                                    " <TASK>",
                                    " __swap_table_set",
                                    " __swap_cluster_put_entry",
                                    " swap_put_entries_cluster",
                                    " swap_put_entries_direct",
                                    " zap_pte_range",
                                    " zap",
                                    " </TASK>",
                                    "...",
                                    "Objects involved (before the step -> after it):",
                                    "...",
                                    "---[ end trace ]---",
                                });
  const std::string report = report_of(r.out);
  CHECK(report.find(" by task zap/1: store ci0.tb[1]: PFN(folio0) cnt=0 -> PFN(folio0) cnt=15\n") != std::string::npos);
  CHECK(report.find("\n ci0.tb[1]: PFN(folio0) cnt=0 -> PFN(folio0) cnt=15; written at steps ") != std::string::npos);
}

TEST_CASE("report: an ABBA deadlock reads as lockdep's circular dependency, and the swimlane shows both waits") {
  const Workdir w;
  const swaptest::CliResult r = run_violation(w, {"run", "scenarios/table/steps/ptl_under_cluster_lock_vs_zap.json"});
  check_lines(report_of(r.out), {
                                    "======================================================",
                                    "WARNING: possible circular locking dependency detected",
                                    "------------------------------------------------------",
                                    "inverted/0 is trying to acquire lock:",
                                    " mm0.ptl (ptl), at: pte_offset_map_lock",
                                    "",
                                    "but task is already holding lock:",
                                    " ci0.lock (ci->lock), at: __swap_cluster_lock at step 0",
                                    "...",
                                    "-> #1 ci0.lock (ci->lock):",
                                    "       wanted by zap/1, held by inverted/0",
                                    "       swap_cluster_lock",
                                    "...",
                                    "-> #0 mm0.ptl (ptl):",
                                    "       wanted by inverted/0, held by zap/1",
                                    "       pte_offset_map_lock",
                                    "       ptl_lock",
                                    "...",
                                    "  lock(ci0.lock);",
                                    "                                 lock(mm0.ptl);",
                                    "                                 lock(ci0.lock);",
                                    "  lock(mm0.ptl);",
                                    "",
                                    " *** DEADLOCK ***",
                                    "",
                                    "1 lock held by inverted/0:",
                                    " #0: ci0.lock (ci->lock), at: __swap_cluster_lock at step 0",
                                    "1 lock held by zap/1:",
                                    " #0: mm0.ptl (ptl), at: zap_pte_range at step 1",
                                });
  // Each blocked thread's pending step is a row of its own, marked, in its own column.
  const std::string lanes = swimlane_of(r.out);
  CHECK(lanes.find("\n--    !! pte_offset_map_lock: lock mm0.ptl\n        (blocked: waits for mm0.ptl (held by\n") !=
        std::string::npos);
  CHECK(lanes.find("\n--    |                                           !! swap_cluster_lock: lock ci0.lock\n") !=
        std::string::npos);
  CHECK(r.out.find("!! marks the failing or blocked step, numbered -- when it never ran)") != std::string::npos);
}

TEST_CASE("report: a thread waiting for a lock it holds reads as lockdep's recursive locking") {
  const Workdir w;
  const swaptest::CliResult r = run_violation(w, {"run", "scenarios/table/steps/dup_direct_under_cluster_lock.json"});
  check_lines(report_of(r.out), {
                                    "============================================",
                                    "WARNING: possible recursive locking detected",
                                    "--------------------------------------------",
                                    "dup/0 is trying to acquire lock:",
                                    " ci0.lock (ci->lock), at: swap_cluster_lock",
                                    "",
                                    "but task is already holding lock:",
                                    " ci0.lock (ci->lock), at: __swap_cluster_lock at step 0",
                                    "...",
                                    " *** DEADLOCK ***",
                                    "...",
                                    " swap_cluster_lock",
                                    " swap_entry_swapped",
                                    " swap_dup_entry_direct",
                                });
}

TEST_CASE("report: lock misuse reads as lockdep's and might_sleep's reports") {
  const Workdir w;
  SECTION("two locks of one class without a nesting annotation") {
    const swaptest::CliResult r = run_violation(w, {"run", "scenarios/table/steps/cluster_locks_unnested.json"});
    check_lines(report_of(r.out), {"WARNING: possible recursive locking detected", "...",
                                   "nester/0 is trying to acquire lock:", " ci1.lock (ci->lock), at: __swap_cluster_lock at step 1",
                                   "", "but task is already holding lock:",
                                   " ci0.lock (ci->lock), at: __swap_cluster_lock at step 0", "...",
                                   " May be due to missing lock nesting notation"});
  }
  SECTION("an unlock of a lock not held; the swimlane shows the refused unlock") {
    const swaptest::CliResult r = run_violation(w, {"run", "scenarios/table/steps/cluster_unlock_unheld.json"});
    check_lines(report_of(r.out), {"WARNING: bad unlock balance detected!", "-------------------------------------",
                                   "unlocker/0 is trying to release lock (ci0.lock) at:", "swap_cluster_unlock",
                                   "but there are no more locks to release!", "...", "no locks held by unlocker/0."});
    CHECK(swimlane_of(r.out).find("\n--    !! swap_cluster_unlock: unlock ci0.lock\n        (refused)\n") != std::string::npos);
    CHECK(swimlane_of(r.out).find("\n0     pte_read: read_once mm0.pte[0] = swap(0,1)\n") != std::string::npos);
  }
  SECTION("a sleeping lock under a spinlock") {
    const swaptest::CliResult r = run_violation(w, {"run", "scenarios/table/steps/folio_lock_under_cluster_lock.json"});
    check_lines(report_of(r.out), {"BUG: sleeping function called from invalid context at folio_lock",
                                   "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 0, name: locker",
                                   "preempt_count: 1, expected: 0", "RCU nest depth: 0, expected: 0",
                                   "1 lock held by locker/0:", " #0: ci0.lock (ci->lock), at: __swap_cluster_lock at step 0"});
  }
}

TEST_CASE("swimlane: steps carry their kernel names, long cells wrap whole, the failing step is marked") {
  const Workdir w;
  const swaptest::CliResult r = run_violation(w, {"run", "scenarios/tutorial/swapin_pin_too_late.json"});
  const std::string lanes = swimlane_of(r.out);
  // A single step is named by its operation, not by the registry code that runs it.
  CHECK(lanes.find("\n0     pte_read: read_once mm0.pte[0] = swap(0,1)\n") != std::string::npos);
  CHECK(lanes.find("add_step_ops") == std::string::npos);
  // The use after free is the marked step, the fault's access; nothing else is marked.
  CHECK(lanes.find("\n167   !! swap_table_get: load ci0.table_ptr\n") != std::string::npos);
  CHECK(lanes.find("!!") == lanes.rfind("!!"));
  // Nothing is cut: a cell too long for its column goes on under it, indented.
  CHECK(lanes.find("...") == std::string::npos);
  CHECK(lanes.find("del_from_avail_list: rmw si0.inuse_pages 1\n      |                                             -> "
                   "1073741825\n") != std::string::npos);
  for (const std::string& line : lines_of(lanes)) CHECK(line.size() <= 6 + 2 * 44);
}

TEST_CASE("swimlane: an invariant marks the step after which it broke") {
  const Workdir w;
  const swaptest::CliResult r = run_violation(w, {"run", "scenarios/table/mutations/dup_without_ptl.json"});
  const std::string lanes = swimlane_of(r.out);
  const std::size_t mark = lanes.find("!! __swap_table_set: store ci0.tb[1]\n");
  REQUIRE(mark != std::string::npos);
  CHECK(lanes.find("!!") == lanes.rfind("!!"));
  // It is the last step: only its own continuation lines follow, and no waiting thread's row.
  for (const std::string& line : lines_of(lanes.substr(mark))) CHECK((line.empty() || !std::isdigit(line[0])));
  CHECK(lanes.find("\n--    !!") == std::string::npos);
}

TEST_CASE("run --format json carries the report, and the document stays schema-valid") {
  const Workdir w;
  const swaptest::CliResult text = run_violation(w, {"run", "scenarios/vswap/free_cluster_plain_kfree.json"});
  const swaptest::CliResult r = w.run({"run", "scenarios/vswap/free_cluster_plain_kfree.json", "--format", "json"});
  REQUIRE(r.code == 1);
  INFO(r.out);
  const clitest::SchemaChecker schema = clitest::SchemaChecker::from_file((kSource / "docs/output.schema.json").string());
  CHECK(schema.check(json::parse(r.out)).empty());
  const json doc = json::parse(r.out);
  CHECK(doc["results"][0]["counterexample"]["report"] == report_of(text.out));
}

TEST_CASE("chrome trace: --trace-format chrome writes the counterexample in the Chrome trace-event format") {
  const Workdir w;
  const swaptest::CliResult r = w.run({"run", "scenarios/tutorial/swapin_pin_too_late.json", "--trace-out", "c.json",
                                       "--trace-format", "chrome"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 1);
  CHECK(r.out.find("trace:    c.json (Chrome trace-event JSON: open it in ui.perfetto.dev or chrome://tracing)\n") !=
        std::string::npos);
  const json doc = json::parse(read_file(w.path("c.json")));
  const std::vector<std::string> problems = clitest::chrome_trace_problems(doc);
  for (const std::string& p : problems) INFO(p);
  CHECK(problems.empty());
  // One named track per thread, slices from the shadow stacks, one slice per step, flow arrows
  // for the grace period swapoff waits for and for lock hand-offs, and the violation.
  std::map<std::string, int> count;
  std::set<std::string> tracks, functions;
  for (const json& e : doc["traceEvents"]) {
    count[e["ph"].get<std::string>() + ":" + e.value("cat", "")]++;
    if (e["ph"] == "M" && e["name"] == "thread_name") tracks.insert(e["args"]["name"].get<std::string>());
    if (e["ph"] == "B") functions.insert(e["name"].get<std::string>());
  }
  CHECK(tracks == std::set<std::string>{"fault/0", "swapoff/1", "rcu/2"});
  CHECK(functions.count("swapoff_release") == 1);
  CHECK(functions.count("swap_table_get") == 1);
  CHECK(count["X:step"] == 168);
  CHECK(count["s:rcu"] >= 1);
  CHECK(count["s:rcu"] == count["f:rcu"]);
  CHECK(count["i:violation"] == 1);
  // A replay writes the same file.
  const swaptest::CliResult trace = w.run({"run", "scenarios/tutorial/swapin_pin_too_late.json", "--trace-out", "t.json"});
  const swaptest::CliResult again = w.run({"replay", "t.json", "--trace-out", "c2.json", "--trace-format", "chrome"});
  REQUIRE(again.code == 0);
  CHECK(read_file(w.path("c2.json")) == read_file(w.path("c.json")));
  // --trace-format needs --trace-out.
  CHECK(w.run({"run", "scenarios/tutorial/swapin_pin_too_late.json", "--trace-format", "chrome"}).code == 2);
}

TEST_CASE("chrome trace: lock hand-offs and grace periods are flows") {
  const Workdir w;
  const swaptest::CliResult r = w.run({"run", "scenarios/table/mutations/swapin_without_device_ref.json", "--trace-out",
                                       "c.json", "--trace-format", "chrome"});
  REQUIRE(r.code == 1);
  const json doc = json::parse(read_file(w.path("c.json")));
  CHECK(clitest::chrome_trace_problems(doc).empty());
  int handoffs = 0;
  for (const json& e : doc["traceEvents"])
    if (e["ph"] == "s" && e["cat"] == "lock") ++handoffs;
  CHECK(handoffs >= 1);
}
