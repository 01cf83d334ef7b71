// Reading the swap sections of a scenario file into a SwapScenario (swap_interface.h).
#include "model/cli/swap_interface.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "checker/cli/scenario_reader.h"
#include "model/alloc_failure.h"
#include "model/cli/state_view.h"
#include "model/cli/step_program.h"
#include "model/cli/swap_reference.h"
#include "model/invariants.h"
#include "model/program.h"
#include "model/registry.h"

namespace swapmodel {

using checker::JsonPointer;
using checker::ObjectReader;
using checker::ScenarioDocument;
using nlohmann::json;

namespace {

std::vector<std::string> knob_keys() {
  std::vector<std::string> keys{"mutations", "fixes", "memcg_limits", "alloc_failure"};
  for (const ConfigKnob& k : config_registry()) keys.push_back(k.name);
  return keys;
}

std::vector<std::string> names_of_mutations() {
  std::vector<std::string> out;
  for (const MutationEntry& m : mutation_registry()) out.push_back(m.name);
  return out;
}

std::vector<std::string> names_of_alloc_sites() {
  std::vector<std::string> out;
  for (const AllocSiteInfo& s : alloc_site_registry()) out.push_back(s.name);
  return out;
}

std::vector<std::string> names_of_fixes() {
  std::vector<std::string> out;
  for (const FixEntry& f : fix_registry()) out.push_back(f.name);
  return out;
}

// The names listed under `key` (deduplicated, sorted), each checked against `names`.
std::vector<std::string> read_names(const ObjectReader& r, const std::string& key, const std::vector<std::string>& names,
                                    const std::string& kind) {
  std::vector<std::string> out;
  if (!r.has(key)) return out;
  const json& list = r.array(key, 0, 16);
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(checker::read_name(r.doc(), r.at(key) / i, names, kind));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The swap model's flags are 0 or 1, as C's booleans and the step language's values (a step
// compares "$locked" with 0): JSON's true and false are refused, saying so, rather than read.
void refuse_json_boolean(const ScenarioDocument& doc, const JsonPointer& at) {
  const json& v = doc.root().at(at);
  if (v.is_boolean())
    doc.fail(at, checker::describe_pointer(at) + ": the swap model's flags are 0 or 1, not JSON booleans (its values "
                                                  "are integers, as in C); write " + (v.get<bool>() ? "1" : "0") +
                     ", not " + v.dump());
}

std::int64_t read_flag(const ObjectReader& r, const std::string& key, std::int64_t fallback) {
  if (r.has(key)) refuse_json_boolean(r.doc(), r.at(key));
  return r.integer_or(key, 0, 1, fallback);
}

SwapConfig read_config(const ScenarioDocument& doc, json& normalised) {
  SwapConfig cfg;
  if (!doc.root().contains("config")) return cfg;
  const ObjectReader r(doc, JsonPointer("/config"), knob_keys(), "config");
  // Knobs in registry order: "devices" before "clusters", so every device gets the clusters.
  for (const ConfigKnob& k : config_registry()) {
    if (!r.has(k.name)) continue;
    if (k.kind == ConfigKnob::Kind::Flag) refuse_json_boolean(doc, r.at(k.name));
    const OpValue v = k.is_string ? OpValue{r.string(k.name)} : OpValue{r.integer(k.name, -(1ll << 40), 1ll << 40)};
    try {
      k.set(cfg, v);
    } catch (const std::invalid_argument& e) {
      doc.fail(r.at(k.name), checker::describe_pointer(r.at(k.name)) + ": " + e.what());
    }
    normalised[k.name] = k.is_string ? json(std::get<std::string>(v)) : json(std::get<std::int64_t>(v));
  }
  if (cfg.vswap && cfg.design != Design::SwapTable)
    doc.fail(r.at("vswap"), "vswap: CONFIG_VSWAP (seed 004) is a variant of design swap_table, not of \"" +
                                r.string("design") + "\"");
  for (const std::string& m : read_names(r, "mutations", names_of_mutations(), "mutation")) set_mutation(cfg, m);
  for (const std::string& f : read_names(r, "fixes", names_of_fixes(), "fix")) set_fix(cfg, f);
  normalised["mutations"] = read_names(r, "mutations", names_of_mutations(), "mutation");
  normalised["fixes"] = read_names(r, "fixes", names_of_fixes(), "fix");
  // alloc_failure (alloc_failure.h): recorded only when given, so older traces still replay.
  const std::vector<std::string> sites = read_names(r, "alloc_failure", names_of_alloc_sites(), "allocation site");
  for (const std::string& s : sites) cfg.alloc_failure |= alloc_site_bit(*alloc_site_from_name(s));
  if (!sites.empty()) normalised["alloc_failure"] = sites;
  if (r.has("memcg_limits")) {
    const json& list = r.array("memcg_limits", 0, 16);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const ObjectReader m(doc, r.at("memcg_limits") / i, {"memcg", "parent", "swap_max", "charge_fails"}, "a memcg limit");
      const std::int64_t id = m.integer("memcg", 2, static_cast<std::int64_t>(cfg.memcgs.size()));
      MemcgConfig& mc = cfg.memcgs[static_cast<std::size_t>(id - 1)];
      mc.parent = static_cast<int>(m.integer_or("parent", 1, id - 1, 1));
      mc.swap_max = m.integer_or("swap_max", -1, 1 << 20, -1);
      mc.charge_fails = read_flag(m, "charge_fails", 0) != 0;
    }
    normalised["memcg_limits"] = list;
  }
  return cfg;
}

}  // namespace

std::vector<checker::RegistryEntry> SwapModelInterface::operations() const {
  std::vector<checker::RegistryEntry> out;
  for (const OpEntry& op : op_registry()) {
    std::string args;
    for (const OpParam& p : op.params)
      args += (args.empty() ? "" : ", ") + p.name + (p.required ? "" : "=" + std::to_string(p.default_value));
    const std::string designs = op.designs.all() ? "" : " [" + op.designs.names() + " only]";
    out.push_back({op.name, "(" + args + ") " + op.doc + (op.setup_only ? " [state only]" : "") + designs});
  }
  return out;
}

std::vector<checker::RegistryEntry> SwapModelInterface::invariants() const {
  std::vector<checker::RegistryEntry> out;
  for (const InvariantEntry& e : invariant_registry()) out.push_back({e.name, e.doc});
  return out;
}

std::vector<checker::RegistryEntry> SwapModelInterface::mutations() const {
  std::vector<checker::RegistryEntry> out;
  for (const MutationEntry& m : mutation_registry()) out.push_back({m.name, m.doc});
  return out;
}

SwapScenario read_swap_scenario(const ScenarioDocument& doc, const std::vector<std::string>& invariants,
                                bool cross_check_invariants, json* normalised_config) {
  json normalised = json::object();
  SwapScenario sc;
  sc.cfg = read_config(doc, normalised);
  sc.invariants = invariants;
  sc.cross_check_invariants = cross_check_invariants;
  const ModelDesign design = design_of(sc.cfg);
  auto state = std::make_shared<const StepProgram>(
      doc.root().contains("state") ? StepProgram::read(doc, JsonPointer("/state"), StepProgram::Section::State, design)
                                   : StepProgram());
  sc.setup = [state](SwapModel& m) { state->run(m); };
  if (!doc.root().contains("threads")) doc.fail(JsonPointer(), "missing key \"threads\" in the scenario");
  const json& threads = checker::read_array(doc, JsonPointer("/threads"), 1, 8);
  for (std::size_t i = 0; i < threads.size(); ++i) {
    const JsonPointer at = JsonPointer("/threads") / i;
    const ObjectReader r(doc, at, {"name", "cpu", "folio_budget", "steps"}, "a thread");
    SwapThread t;
    t.name = r.string("name");
    t.cpu = static_cast<int>(r.integer_or("cpu", 0, sc.cfg.nr_cpus - 1, static_cast<std::int64_t>(i) % sc.cfg.nr_cpus));
    t.folio_budget = static_cast<int>(r.integer_or("folio_budget", -1, 64, -1));
    r.require("steps");
    auto steps =
        std::make_shared<const StepProgram>(StepProgram::read(doc, r.at("steps"), StepProgram::Section::Thread, design));
    t.body = [steps](SwapModel& m) { steps->run(m); };
    sc.threads.push_back(std::move(t));
  }
  if (normalised_config != nullptr) *normalised_config = std::move(normalised);
  return sc;
}

std::vector<checker::ReferenceSection> SwapModelInterface::reference() const { return swap_reference(); }

std::optional<checker::StateView> SwapModelInterface::initial_state(const ScenarioDocument& doc) const {
  return initial_state_view(doc);
}

checker::ModelScenario SwapModelInterface::build(const ScenarioDocument& doc, const std::vector<std::string>& invariants) const {
  checker::ModelScenario out;
  out.program = make_program(read_swap_scenario(doc, invariants, cross_check_, &out.config));
  return out;
}

}  // namespace swapmodel
