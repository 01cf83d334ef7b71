// The swap model, discoverable (issue 12 item 1) through the real swapcheck commands: `list`
// documents every configuration key, operation, step, invariant, mutation and fix with its
// values, defaults and kernel code; docs/model-reference.md is that reference and must be up
// to date; `state FILE` shows the objects a setup builds; flags are spelled 0 and 1 only.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "json_schema_check.h"
#include "model/registry.h"
#include "tests/swap_cli.h"

namespace fs = std::filesystem;
using nlohmann::json;
using swaptest::cli;
using swaptest::CliResult;

namespace {

const fs::path kSource = fs::path(SWAPCHECK_SOURCE_DIR);

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const clitest::SchemaChecker& output_schema() {
  static const clitest::SchemaChecker s = clitest::SchemaChecker::from_file((kSource / "docs/output.schema.json").string());
  return s;
}

std::vector<std::string> problems(const std::string& text) { return output_schema().check(json::parse(text)); }

// This process's scratch directory, removed when the process ends.
fs::path scratch(const std::string& name) {
  struct Root {
    fs::path path = fs::temp_directory_path() / ("swapcheck-reference-test-" + std::to_string(::getpid()));
    ~Root() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Root root;
  fs::create_directories(root.path);
  return root.path / name;
}

fs::path write_scenario(const std::string& name, const std::string& text) {
  const fs::path p = scratch(name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

// The entries of `list KIND --format json`, by name.
std::map<std::string, json> entries(const std::string& kind) {
  const CliResult r = cli({"list", kind, "--format", "json"});
  REQUIRE(r.code == 0);
  std::map<std::string, json> out;
  const json doc = json::parse(r.out);
  for (const json& e : doc["entries"]) out[e["name"]] = e;
  return out;
}

}  // namespace

TEST_CASE("docs/model-reference.md is what `swapcheck list all --format markdown` prints") {
  const CliResult r = cli({"list", "all", "--format", "markdown"});
  REQUIRE(r.code == 0);
  const std::string committed = read_text(kSource / "docs/model-reference.md");
  INFO("docs/model-reference.md is out of date; regenerate it from the repository root with:\n"
       "    build/release/model/swapcheck list all --format markdown > docs/model-reference.md");
  CHECK(committed == r.out);
}

TEST_CASE("list config documents every key with its values, default and kernel meaning") {
  const auto config = entries("config");
  for (const swapmodel::ConfigKnob& k : swapmodel::config_registry()) {
    INFO(k.name);
    REQUIRE(config.count(k.name) == 1);
    CHECK(!config.at(k.name)["kernel"].get<std::string>().empty());
    CHECK(config.at(k.name).contains("default"));
  }
  CHECK(config.at("count_max")["type"] == "integer 2..15");
  CHECK(config.at("count_max")["default"] == "3");
  CHECK(config.at("thp")["type"] == "0 or 1");
  CHECK(config.at("thp")["default"] == "1");
  CHECK(config.at("memcg")["type"] == "\"v1\" or \"v2\"");
  CHECK(config.at("memcg")["default"] == "\"v2\"");
  CHECK(config.at("design")["default"] == "\"swap_table\"");
  const json& limits = config.at("memcg_limits");
  CHECK(limits["params"].size() == 4);
  CHECK(limits["params"][3] == json::parse(R"J({"name": "charge_fails", "type": "0 or 1", "default": "0",
      "doc": "1: mem_cgroup_swapin_charge_folio fails for this memcg (memory.max reached)"})J"));
  CHECK(config.count("mutations") == 1);
  CHECK(config.count("fixes") == 1);
  const CliResult text = cli({"list", "config"});
  CHECK(text.out.find("\ncount_max: integer 2..15, default 3\n    the count limit before the extend table\n"
                      "    kernel: SWP_TB_COUNT_MAX (mm/swap_table.h; 15 on x86-64)\n") != std::string::npos);
  CHECK(text.out.find("      charge_fails  0 or 1, default 0") != std::string::npos);
}

TEST_CASE("list fixes and list mutations name the kernel function, the seed and the scenario of each") {
  const auto fixes = entries("fixes");
  REQUIRE(fixes.size() == swapmodel::fix_registry().size());
  for (const swapmodel::FixEntry& f : swapmodel::fix_registry()) {
    INFO(f.name);
    CHECK(fixes.at(f.name)["kernel"] == f.kernel);
    CHECK(fixes.at(f.name)["notes"][0] == "The race: scenarios/" + f.scenario + ".");
    CHECK(fs::exists(kSource / "scenarios" / f.scenario));
  }
  CHECK(fixes.at("dup_enomem_keeps_extend_table")["kernel"].get<std::string>().starts_with(
      "swap_dup_entries_cluster (mm/swapfile.c)"));
  const auto mutations = entries("mutations");
  for (const swapmodel::MutationEntry& m : swapmodel::mutation_registry()) {
    INFO(m.name);
    CHECK(mutations.at(m.name)["kernel"].get<std::string>().find("seed 00") != std::string::npos);
    CHECK(fs::exists(kSource / "scenarios" / m.scenario));
  }
  const CliResult text = cli({"list", "fixes"});
  CHECK(text.out.find("\nzero_writeout_drops_zswap\n    swap_writeout drops stale zswap entries") != std::string::npos);
}

TEST_CASE("list ops gives each operation's arguments, defaults, designs and kernel function") {
  const CliResult r = cli({"list", "ops", "--format", "json"});
  CHECK(problems(r.out).empty());
  const json doc = json::parse(r.out);
  std::size_t with_file = 0, calls = 0;
  for (const json& e : doc["entries"]) {
    INFO(e.dump());
    const bool setup = e.contains("notes") && e["notes"][0].get<std::string>().starts_with("State only");
    if (setup) continue;
    ++calls;
    const std::string kernel = e["kernel"];
    CHECK(kernel.find("; design") != std::string::npos);
    with_file += kernel.find(".c)") != std::string::npos || kernel.find(".h)") != std::string::npos;
  }
  CHECK(with_file == calls);  // every operation names its kernel file
  const auto ops = entries("ops");
  const json& fault = ops.at("do_swap_page");
  CHECK(fault["kernel"] == "do_swap_page (mm/memory.c); designs swap_table (seeds 000, 002, 003), vswap (seed 004) and "
                           "vswap_desc (seed 001)");
  CHECK(fault["params"][0] == json::parse(R"J({"name": "mm", "type": "mm id", "default": null, "doc": "mm (page table) id"})J"));
  CHECK(fault["params"][2]["default"] == "0");
  CHECK(ops.at("map_anon")["notes"][0].get<std::string>().starts_with("State only"));
  CHECK(ops.at("cluster_lock")["notes"].back() ==
        "Only in swap_table and vswap; a scenario of another design is refused where it names it.");
  const CliResult text = cli({"list", "ops"});
  CHECK(text.out.find("\ndo_swap_page\n    swap-in fault on mm[idx]; returns 0, VM_FAULT_OOM (1) or VM_FAULT_SIGBUS (2)\n"
                      "    kernel: do_swap_page (mm/memory.c); designs swap_table (seeds 000, 002, 003)") != std::string::npos);
  CHECK(text.out.find("      write  integer, default 0   1: a write fault\n") != std::string::npos);
}

TEST_CASE("list steps documents a thread's keys and every kind of step") {
  const auto steps = entries("steps");
  CHECK(steps.at("threads[].cpu")["default"] == "the thread's index modulo nr_cpus");
  CHECK(steps.at("threads[].folio_budget")["type"] == "integer -1..64");
  for (const char* kind : {"{\"op\": NAME, ...}", "{\"if\": COND, \"then\": [...], \"else\": [...]}", "{\"goto\": LABEL}",
                           "{\"retry\": LABEL, \"max\": N}", "{\"assert\": COND, \"message\": TEXT}", "{\"label\": LABEL}"})
    CHECK(steps.count(kind) == 1);
  CHECK(steps.at("values")["doc"].get<std::string>().find("-EEXIST") != std::string::npos);
  CHECK(steps.at("kinds")["params"][0]["type"] == "folio id");
}

TEST_CASE("every list section is schema-valid JSON, and list all holds them all") {
  const CliResult all = cli({"list", "all", "--format", "json"});
  CHECK(problems(all.out).empty());
  std::vector<std::string> kinds;
  const json doc = json::parse(all.out);
  for (const json& s : doc["sections"]) kinds.push_back(s["kind"]);
  CHECK(kinds == std::vector<std::string>{"config", "ops", "steps", "invariants", "mutations", "fixes", "strategies",
                                          "verdicts"});
  for (const std::string& k : kinds) {
    INFO(k);
    const CliResult r = cli({"list", k, "--format", "json"});
    CHECK(r.code == 0);
    CHECK(problems(r.out).empty());
  }
}

TEST_CASE("state shows the devices, slots, page tables, folios and memcgs a setup builds, with their ids") {
  const fs::path file = write_scenario("swapped.json", R"({
  "name": "swapped", "expect": {"verdict": "pass"},
  "config": {"memcgs": 1, "memcg_limits": [{"memcg": 2, "swap_max": 4}]},
  "state": [{"op": "new_mm", "memcg": 2},
            {"op": "map_anon", "mm": 0, "idx": 0, "memcg": 2},
            {"op": "map_anon", "mm": 0, "idx": 1, "memcg": 2},
            {"op": "swap_out", "mm": 0, "idx": 0}],
  "threads": [{"name": "fault", "steps": [{"op": "do_swap_page", "mm": 0, "idx": 0}]}]})");
  const CliResult r = cli({"state", file.string()});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.starts_with("scenario: swapped (" + file.string() + ")\n\ndesign swap_table: count_max 3, slots_per_cluster 4"));
  CHECK(r.out.find("\n  device 0: 8 slots in 2 clusters of 4, USED|WRITEOK|SOLIDSTATE|BLKDEV, 1 in use\n") != std::string::npos);
  CHECK(r.out.find("\n    cluster 0: count 2, frag (order 0)\n      slot 0: bad (the header)\n      slot 1: count 1, shadow ") != std::string::npos);
  CHECK(r.out.find(", backing: disk p1v1, memcg 2\n    cluster 1: count 0, free, no swap table\n") != std::string::npos);
  CHECK(r.out.find("\n  mm 0 (memcg 2): pte[0] swap (0, 1), pte[1] folio 1, pte[2] none, pte[3] none\n") !=
        std::string::npos);
  CHECK(r.out.find("\n  memcg 2 (parent 1): online, swap 1, memsw 0, id refs 2, swap_max 4\n") != std::string::npos);
  const CliResult j = cli({"state", file.string(), "--format", "json"});
  CHECK(problems(j.out).empty());
  const json state = json::parse(j.out)["state"];
  CHECK(state["mms"][0]["ptes"][0]["entry"] == json::parse(R"({"type": 0, "offset": 1})"));
  CHECK(state["devices"][0]["clusters"][0]["slots"][1]["count"] == 1);
  CHECK(state["folios"][1]["mapcount"] == 1);
}

TEST_CASE("state takes a case of a matrix file, and reports a setup that fails where it fails") {
  const std::string pairs = (kSource / "scenarios/table/pairs.json").string();
  const CliResult r = cli({"state", pairs + "#pair_swapin_vs_zap"});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.starts_with("scenario: pair_swapin_vs_zap (" + pairs + "#pair_swapin_vs_zap)\n\n"));
  const fs::path bad = write_scenario("bad_state.json", R"({"name": "bad", "expect": {"verdict": "pass"},
  "state": [{"op": "new_mm"},
    {"op": "zap", "mm": 3, "idx": 0}],
  "threads": [{"name": "a", "steps": [{"op": "zap", "mm": 0, "idx": 0}]}]})");
  const CliResult b = cli({"state", bad.string()});
  CHECK(b.code == 2);
  CHECK(b.err == bad.string() + ":3:5: the setup fails: precondition [run_step] no mm 3 (at /state/1 zap)\n");
}

TEST_CASE("an anonymous path or a PTE step on a shmem mapping is refused, naming the mapping") {
  // A shmem mapping's words are page-cache entries under the xa_lock: zap, do_swap_page and the
  // PTE steps would treat them as PTEs. The shmem ops take a page table the same way in reverse.
  const fs::path zap = write_scenario("zap_shmem.json", R"({"name": "bad", "expect": {"verdict": "pass"},
  "state": [{"op": "new_shmem"},
    {"op": "zap", "mm": 0, "idx": 0}],
  "threads": [{"name": "a", "steps": [{"op": "zap", "mm": 0, "idx": 0}]}]})");
  const CliResult z = cli({"state", zap.string()});
  CHECK(z.code == 2);
  CHECK(z.err == zap.string() +
                     ":3:5: the setup fails: precondition [run_step] mm 0 is a shmem mapping (new_shmem), not a page "
                     "table (new_mm) (at /state/1 zap)\n");
  const fs::path pte = write_scenario("ptl_shmem.json", R"({"name": "bad", "expect": {"verdict": "pass"},
  "state": [{"op": "new_mm"}, {"op": "new_shmem"}],
  "threads": [{"name": "a", "steps": [{"op": "ptl_lock", "mm": 1}, {"op": "ptl_unlock", "mm": 1}]}]})");
  const CliResult p = cli({"run", pte.string()});
  INFO(p.out << p.err);
  CHECK(p.code != 0);
  CHECK(p.out.find("mm 1 is a shmem mapping (new_shmem), not a page table (new_mm)") != std::string::npos);
  const fs::path shmem = write_scenario("shmem_on_mm.json", R"({"name": "bad", "expect": {"verdict": "pass"},
  "state": [{"op": "new_mm"},
    {"op": "map_shmem", "mm": 0, "idx": 0}],
  "threads": [{"name": "a", "steps": [{"op": "zap", "mm": 0, "idx": 0}]}]})");
  const CliResult s = cli({"state", shmem.string()});
  CHECK(s.code == 2);
  CHECK(s.err.find("mm 0 is not a shmem mapping (new_shmem)") != std::string::npos);
}

TEST_CASE("flags are 0 or 1: JSON booleans are refused with what to write, and no suite file uses them") {
  const fs::path thp = write_scenario("thp_true.json", R"({"name": "x", "expect": {"verdict": "pass"},
  "config": {"thp": true},
  "threads": [{"name": "a", "steps": [{"op": "zswap_shrink"}]}]})");
  CliResult r = cli({"run", thp.string()});
  CHECK(r.code == 2);
  CHECK(r.err == thp.string() + ":2:21: config.thp: the swap model's flags are 0 or 1, not JSON booleans (its values are "
                                "integers, as in C); write 1, not true\n");
  const fs::path charge = write_scenario("charge_false.json", R"({"name": "x", "expect": {"verdict": "pass"},
  "config": {"memcgs": 1, "memcg_limits": [{"memcg": 2, "charge_fails": false}]},
  "threads": [{"name": "a", "steps": [{"op": "zswap_shrink"}]}]})");
  r = cli({"run", charge.string()});
  CHECK(r.code == 2);
  CHECK(r.err.find(":2:73: config.memcg_limits[0].charge_fails: the swap model's flags are 0 or 1") != std::string::npos);
  CHECK(r.err.find("write 0, not false\n") != std::string::npos);

  // Every flag a scenario file of the suite sets is 0 or 1, in plain and matrix files alike.
  std::set<std::string> flags{"charge_fails"};
  for (const swapmodel::ConfigKnob& k : swapmodel::config_registry())
    if (k.kind == swapmodel::ConfigKnob::Kind::Flag) flags.insert(k.name);
  std::function<void(const json&, const std::string&)> walk = [&](const json& v, const std::string& file) {
    if (v.is_object()) {
      for (const auto& [key, value] : v.items()) {
        if (flags.count(key) != 0) {
          INFO(file << ": \"" << key << "\": " << value.dump());
          CHECK(!value.is_boolean());
        }
        walk(value, file);
      }
    } else if (v.is_array()) {
      for (const json& x : v) walk(x, file);
    }
  };
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(kSource / "scenarios")) {
    if (e.path().extension() != ".json") continue;
    walk(json::parse(read_text(e.path()), nullptr, true, /*ignore_comments=*/true), e.path().string());
    ++files;
  }
  CHECK(files > 100);
}

TEST_CASE("the scenario schema's swap config has every key of the registry, with its values") {
  const json schema = json::parse(read_text(kSource / "docs/scenario.schema.json"));
  const json& props = schema["$defs"]["swap_config"]["properties"];
  std::set<std::string> keys{"mutations", "fixes", "memcg_limits", "alloc_failure"};
  for (const swapmodel::ConfigKnob& k : swapmodel::config_registry()) {
    INFO(k.name);
    keys.insert(k.name);
    REQUIRE(props.contains(k.name));
    const json& p = props[k.name];
    switch (k.kind) {
      case swapmodel::ConfigKnob::Kind::Integer:
        CHECK(p["minimum"] == k.lo);
        CHECK(p["maximum"] == k.hi);
        break;
      case swapmodel::ConfigKnob::Kind::Flag: CHECK(p["$ref"] == "#/$defs/swap_flag"); break;
      case swapmodel::ConfigKnob::Kind::Choice: CHECK(p["enum"] == json(k.choices)); break;
    }
  }
  std::set<std::string> in_schema;
  for (const auto& [key, value] : props.items()) in_schema.insert(key);
  CHECK(in_schema == keys);
  CHECK(schema["$defs"]["swap_flag"]["enum"] == json::parse("[0, 1]"));
}

TEST_CASE("state shows the vswap device of CONFIG_VSWAP and seed 001's descriptors") {
  const std::string vswap = (kSource / "scenarios/vswap/clear_cache_only.json").string();
  CliResult r = cli({"state", vswap});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\n      slot 1: backs vswap offset 4, backing: disk p1v1\n") != std::string::npos);
  CHECK(r.out.find("\nvswap device (swap type 30): 1 slot used\n") != std::string::npos);
  CHECK(r.out.find("\n    slot 4: count 1, shadow 1, backing: physical slot (0, 1), memcg 2\n") != std::string::npos);
  CHECK(r.out.find("\n  mm 0 (memcg 2): pte[0] swap (30, 4), ") != std::string::npos);
  CHECK(problems(cli({"state", vswap, "--format", "json"}).out).empty());
  const std::string desc = (kSource / "scenarios/desc/races/fork_vs_zap.json").string();
  r = cli({"state", desc});
  REQUIRE(r.code == 0);
  // The entry was charged to the root (memcg 1, the mm's) after its linkage (model/desc/memcg.h).
  CHECK(r.out.find("\ndescriptors (seed 001; an entry is swap type 31, offset its index)\n"
                   "  index 1: swap_refs 4 (count 2, cache pin 0), physical slot 1, memcg 1\n") != std::string::npos);
  CHECK(r.out.find("\n  slot 1: allocated, disk p1v1\n") != std::string::npos);
  CHECK(r.out.find("\ndevices (swap type, offset)\n") == std::string::npos);
  CHECK(problems(cli({"state", desc, "--format", "json"}).out).empty());
}
