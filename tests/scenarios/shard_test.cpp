// A search across machines (issue 10, "A search across machines"): shards run as separate
// processes of the real swapcheck binary, as a Slurm array or an Indexed Job would run them,
// and `merge` must print what one `run --threads` prints, byte for byte but for the search's
// counts (shares explore conservative cells, one run a settled search: checker/cell_search.h),
// for a passing and a violating scenario, in one round and in several. Bad sets of results are
// refused.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "checker/cell_codec.h"
#include "checker/cli/shard_spec.h"
#include "json_schema_check.h"

namespace fs = std::filesystem;

namespace {

struct Process {
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh scratch folder per test case.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("swapcheck_shard_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// `swapcheck args` run in `dir` by the shell, as a batch scheduler would start it.
Process swapcheck(const fs::path& dir, const std::string& args, const std::string& env = "") {
  const std::string cmd = "cd '" + dir.string() + "' && " + env + " '" + SWAPCHECK_PATH + "' " + args +
                          " >out.txt 2>err.txt </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir / "out.txt"), slurp(dir / "err.txt")};
}

// docs/output.schema.json, which describes the shares' output and result files too.
const clitest::SchemaChecker& output_schema() {
  static const clitest::SchemaChecker s =
      clitest::SchemaChecker::from_file(std::string(SWAPCHECK_SOURCE_DIR) + "/docs/output.schema.json");
  return s;
}

std::string scenario(const std::string& rel) { return std::string(SWAPCHECK_SOURCE_DIR) + "/scenarios/" + rel; }

// A report without its `search:` line (the executions run), which a merge of shares gives for
// the conservative cells they explore and one run for its settled search.
std::string but_counts(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind("search:", 0) != 0) out += line + "\n";
  return out;
}

// The same for --format json: every result's "search".
nlohmann::json but_counts_json(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text);
  for (auto& r : doc.at("results")) r.erase("search");
  return doc;
}

// Runs `shards` shards of `file` (each a process), round after round until none is left
// pending when `budget` is set; returns the result files of every round, space-separated.
std::string run_shards(const fs::path& dir, const std::string& file, unsigned shards, const std::string& flags,
                       std::uint64_t budget, unsigned* rounds = nullptr, unsigned* violating_shards = nullptr) {
  std::string all;
  for (unsigned round = 1;; ++round) {
    const fs::path out = dir / ("round" + std::to_string(round));
    fs::create_directories(out);
    std::size_t pending = 0;
    for (unsigned i = 0; i < shards; ++i) {
      std::string args = "run " + file + " " + flags + " --shard " + std::to_string(i) + "/" + std::to_string(shards) +
                         " --shard-out " + out.string() + "/" + std::to_string(i) + ".json";
      if (budget) args += " --shard-budget " + std::to_string(budget);
      if (!all.empty()) args += " --resume" + all;
      const Process p = swapcheck(dir, args + " --format json");
      INFO(p.err);
      REQUIRE((p.code == 0 || p.code == 1));
      const auto doc = nlohmann::json::parse(p.out);
      CHECK(output_schema().check(doc).empty());
      CHECK(output_schema().check(nlohmann::json::parse(slurp(out / (std::to_string(i) + ".json")))).empty());
      pending += doc.at("pending").get<std::size_t>();
      if (violating_shards && p.code == 1) ++*violating_shards;
    }
    for (unsigned i = 0; i < shards; ++i) all += " " + (out / (std::to_string(i) + ".json")).string();
    if (rounds) *rounds = round;
    if (pending == 0) return all;
    REQUIRE(round < 50);
  }
}

}  // namespace

TEST_CASE("4 shards of a passing scenario merge to the report of one run, text and JSON") {
  const fs::path dir = scratch("pass");
  const std::string file = scenario("table/triples/fork_zap_swapoff.json");
  const std::string flags = "--split-after 100";
  const Process single = swapcheck(dir, "run " + file + " --threads 1 " + flags);
  REQUIRE(single.code == 0);
  REQUIRE(single.out.find("exhaustive") != std::string::npos);
  const std::string results = run_shards(dir, file, 4, flags, 0);
  const Process merged = swapcheck(dir, "merge" + results);
  INFO(merged.err);
  CHECK(merged.code == 0);
  CHECK(but_counts(merged.out) == but_counts(single.out));
  CHECK(merged.out.find("search:") != std::string::npos);
  // Any number of threads per shard deals and explores the same cells.
  const Process json_single = swapcheck(dir, "run " + file + " --threads 2 --format json " + flags);
  const Process json_merged = swapcheck(dir, "merge --format json" + results);
  CHECK(but_counts_json(json_merged.out) == but_counts_json(json_single.out));
  // The shards are not all the same work: each explored a part of it.
  std::uint64_t executions = 0;
  for (unsigned i = 0; i < 4; ++i) {
    const auto doc = nlohmann::json::parse(slurp(dir / "round1" / (std::to_string(i) + ".json")));
    for (const auto& c : doc.at("cells"))
      if (!c.at("planned").get<bool>()) executions += c.at("executions").get<std::uint64_t>();
  }
  CHECK(executions > 0);
}

TEST_CASE("4 shards of a violating scenario give the counterexample one run gives") {
  const fs::path dir = scratch("violation");
  // A finding the search meets after about 200 executions: with cells of 10 it lies in a dealt
  // cell, found by one shard, not while planning.
  const std::string file = scenario("vswap/publish_before_lock.json");
  const std::string flags = "--split-after 10";
  const Process single = swapcheck(dir, "run " + file + " --threads 1 " + flags + " --trace-out trace.json");
  REQUIRE(single.code == 1);
  fs::rename(dir / "trace.json", dir / "single.trace.json");
  REQUIRE(single.out.find("VIOLATION assertion") != std::string::npos);
  unsigned violating = 0;
  const std::string results = run_shards(dir, file, 4, flags, 0, nullptr, &violating);
  CHECK(violating == 1);
  const Process merged = swapcheck(dir, "merge" + results + " --trace-out trace.json");
  INFO(merged.err);
  CHECK(merged.code == 1);
  CHECK(but_counts(merged.out) == but_counts(single.out));
  CHECK(slurp(dir / "trace.json") == slurp(dir / "single.trace.json"));
  CHECK(swapcheck(dir, "replay trace.json").code == 0);
}

TEST_CASE("rounds with a budget deal out again what a share left, and merge to the same report") {
  const fs::path dir = scratch("rounds");
  const std::string file = scenario("table/triples/fork_zap_swapoff.json");
  const std::string flags = "--split-after 50";
  const Process single = swapcheck(dir, "run " + file + " --threads 1 " + flags);
  REQUIRE(single.code == 0);
  unsigned rounds = 0;
  const std::string results = run_shards(dir, file, 3, flags, 150, &rounds);
  CHECK(rounds >= 2);
  const Process merged = swapcheck(dir, "merge" + results);
  INFO(merged.err);
  CHECK(merged.code == 0);
  CHECK(but_counts(merged.out) == but_counts(single.out));
  // Round 1 alone does not cover the search: merge says which round to run next.
  const std::string round1 = " round1/0.json round1/1.json round1/2.json";
  const Process early = swapcheck(dir, "merge" + round1);
  CHECK(early.code == 2);
  CHECK(early.err.find("left") != std::string::npos);
  CHECK(early.err.find("pending: run round 2") != std::string::npos);
}

TEST_CASE("merge refuses a missing, repeated or foreign shard, and a shard refuses what it cannot split") {
  const fs::path dir = scratch("errors");
  const std::string file = scenario("table/triples/fork_zap_swapoff.json");
  run_shards(dir, file, 3, "--split-after 100", 0);
  const Process missing = swapcheck(dir, "merge round1/0.json round1/2.json");
  CHECK(missing.code == 2);
  CHECK(missing.err.find("results of shard(s) 1 are missing") != std::string::npos);
  const Process twice = swapcheck(dir, "merge round1/0.json round1/1.json round1/2.json round1/1.json");
  CHECK(twice.code == 2);
  CHECK(twice.err.find("shard 1 of 3 is also given as") != std::string::npos);
  REQUIRE(swapcheck(dir, "run " + file + " --shard 0/3 --split-after 200 --shard-out other.json").code == 0);
  const Process foreign = swapcheck(dir, "merge other.json round1/1.json round1/2.json");
  CHECK(foreign.code == 2);
  CHECK(foreign.err.find("other search bounds") != std::string::npos);
  const Process budgeted = swapcheck(dir, "run " + scenario("table/triples/swapout_fault_cluster_reclaim.json") +
                                              " --shard 0/2 --max-executions 10");
  CHECK(budgeted.code == 2);
  CHECK(budgeted.err.find("stops after 10 executions") != std::string::npos);
  const Process bad = swapcheck(dir, "run " + file + " --shard 4/4");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("expected I/N or auto/N") != std::string::npos);
  const Process two = swapcheck(dir, "run " + file + " " + file + " --shard 0/2");
  CHECK(two.code == 2);
}

TEST_CASE("shard auto/N takes the index from a Slurm job array or a Kubernetes Indexed Job") {
  const fs::path dir = scratch("auto");
  const std::string file = scenario("table/triples/fork_zap_swapoff.json");
  const Process slurm = swapcheck(dir, "run " + file + " --shard auto/4",
                                  "SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=4");
  CHECK(slurm.code == 0);
  CHECK(fs::exists(dir / "triple_fork_zap_swapoff.shard-2-of-4.json"));
  const Process k8s = swapcheck(dir, "run " + file + " --shard auto/4", "JOB_COMPLETION_INDEX=1");
  CHECK(k8s.code == 0);
  CHECK(fs::exists(dir / "triple_fork_zap_swapoff.shard-1-of-4.json"));
  const Process none = swapcheck(dir, "run " + file + " --shard auto/4");
  CHECK(none.code == 2);
  CHECK(none.err.find("neither SLURM_ARRAY_TASK_ID") != std::string::npos);
}

TEST_CASE("parse_share reads I/N and the schedulers' variables, and says what is wrong") {
  using checker::ShareSpec;
  std::map<std::string, std::string> env;
  const checker::EnvLookup lookup = [&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  auto share = [&](const std::string& text) { return checker::parse_share(text, lookup); };
  auto index = [&](const std::string& text) { return std::get<ShareSpec>(share(text)).index; };
  CHECK(index("0/1") == 0);
  CHECK(index("3/4") == 3);
  for (const char* bad : {"4/4", "1/0", "a/4", "1/", "/4", "1", "-1/4", "1/4x"})
    CHECK(std::holds_alternative<std::string>(share(bad)));
  CHECK(std::get<std::string>(share("auto/4")).find("neither") != std::string::npos);
  env["JOB_COMPLETION_INDEX"] = "2";
  CHECK(index("auto/4") == 2);
  env["SLURM_ARRAY_TASK_ID"] = "2";
  CHECK(std::get<std::string>(share("auto/4")).find("both") != std::string::npos);
  env.erase("JOB_COMPLETION_INDEX");
  env["SLURM_ARRAY_TASK_MIN"] = "1";
  CHECK(index("auto/4") == 1);
  env["SLURM_ARRAY_TASK_COUNT"] = "5";
  CHECK(std::get<std::string>(share("auto/4")).find("SLURM_ARRAY_TASK_COUNT=5") != std::string::npos);
  env["SLURM_ARRAY_TASK_COUNT"] = "4";
  env["SLURM_ARRAY_TASK_ID"] = "9";
  CHECK(std::get<std::string>(share("auto/4")).find("not below 4") != std::string::npos);
}

TEST_CASE("a cell survives JSON: prefix, sleeping events and wakeup tree") {
  using namespace checker;
  EventDesc a;
  a.thread = 1;
  a.kind = OpKind::AtomicCmpxchg;
  a.failed_update = true;
  a.update_if = UpdateIf::Equal;
  a.compare = 7;
  a.acc[0] = Access{12, 3, AccessMode::Write};
  a.period_start = 5;
  EventDesc b;
  b.thread = 2;
  b.kind = OpKind::LockAcquire;
  b.await = true;
  b.acc[0] = Access{4, 0, AccessMode::Write};
  b.acc[1] = Access{9, kAllCells, AccessMode::Read};
  Cell cell;
  cell.prefix = {0, 2, 1};
  cell.asleep = {a, b};
  cell.inherited = 1;
  const EventDesc seq1[] = {b, a};
  const EventDesc seq2[] = {a};
  cell.wakeup.insert(seq1);
  cell.wakeup.insert(seq2);
  const nlohmann::json j = cell_to_json(cell);
  const Cell back = cell_from_json(j);
  CHECK(cell_to_json(back) == j);
  CHECK(back.prefix == cell.prefix);
  CHECK(back.inherited == 1);
  CHECK(back.wakeup.size() == cell.wakeup.size());
  CHECK(back.asleep[0].compare == 7);
  CHECK(back.asleep[1].acc[1].cell == kAllCells);
  nlohmann::json broken = j;
  broken["wakeup"][0][0] = 1;  // a branch below nothing
  CHECK_THROWS_AS(cell_from_json(broken), CellFormatError);
  broken = j;
  broken["asleep"][0]["acc"][0][2] = 2;
  CHECK_THROWS_AS(cell_from_json(broken), CellFormatError);
}
