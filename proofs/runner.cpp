// Running selected obligations and writing scenarios (runner.h).
#include "proofs/runner.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace swapproofs {

bool selects(const std::string& pattern, const std::string& name) {
  if (pattern == name) return true;
  return name.size() > pattern.size() && name.compare(0, pattern.size(), pattern) == 0 && name[pattern.size()] == '.';
}

std::vector<std::string> obligation_names(const std::vector<ClaimDef>& claims) {
  std::vector<std::string> names;
  z3::context c;
  for (const ClaimDef& claim : claims)
    for (const Obligation& o : obligations_of(claim, claim.encode(c))) names.push_back(o.name);
  return names;
}

std::vector<std::string> unmatched(const std::vector<ClaimDef>& claims, const std::vector<std::string>& patterns) {
  const std::vector<std::string> names = obligation_names(claims);
  std::vector<std::string> out;
  for (const std::string& p : patterns) {
    bool any = false;
    for (const std::string& n : names) any = any || selects(p, n);
    if (!any) out.push_back(p);
  }
  return out;
}

namespace {

// The counterexample's fields, a few to a line.
std::string wrapped(const Counterexample& cx) {
  std::string out, line;
  for (const auto& [n, v] : cx.values()) {
    const std::string item = n + "=" + v;
    if (!line.empty() && line.size() + item.size() > 90) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "  " : " ") + item;
  }
  return out + line;
}

Entry entry_of(ProofResult r) {
  Entry e{std::move(r), std::nullopt, "", ""};
  const Obligation& o = e.result.obligation;
  if (e.result.outcome != Outcome::Refuted) return e;
  // A known finding's goal may have a scenario too (the faithful model shows the race).
  if (o.removed.empty()) {
    if (o.expected != Outcome::Refuted) return e;
    const auto f = o.claim->scenarios.find(o.goal);
    if (f == o.claim->scenarios.end()) return e;
  }
  const auto b = o.claim->scenarios.find(o.removed.empty() ? o.goal : o.removed);
  if (b == o.claim->scenarios.end()) {
    e.no_scenario = o.claim->no_scenario.empty() ? "no scenario builder for this precondition" : o.claim->no_scenario;
    return e;
  }
  e.scenario = b->second(e.result.counterexample);
  e.scenario->doc["name"] = o.name;
  e.scenario->comment = "swapcheck-prove: " + o.name + " is refuted (" + o.claim->doc + ").\n" + e.scenario->comment +
                        "\nZ3's counterexample, minimised (pre: before the step, seen: what its read saw):\n" +
                        wrapped(e.result.counterexample);
  return e;
}

}  // namespace

std::vector<Entry> run_selected(const std::vector<ClaimDef>& claims, const std::vector<std::string>& patterns) {
  auto wanted = [&patterns](const std::string& name) {
    if (patterns.empty()) return true;
    for (const std::string& p : patterns)
      if (selects(p, name)) return true;
    return false;
  };
  std::vector<Entry> out;
  Prover prover;
  for (const ClaimDef& claim : claims)
    for (ProofResult& r : prover.run(claim, wanted)) out.push_back(entry_of(std::move(r)));
  return out;
}

void write_scenarios(std::vector<Entry>& entries, const std::string& dir) {
  std::filesystem::create_directories(dir);
  for (Entry& e : entries) {
    if (!e.scenario) continue;
    const std::filesystem::path p = std::filesystem::path(dir) / (e.result.obligation.name + ".json");
    std::ofstream out(p, std::ios::binary);
    out << scenario_text(*e.scenario);
    if (!out) throw std::runtime_error("cannot write " + p.string());
    e.scenario_file = p.string();
  }
}

}  // namespace swapproofs
