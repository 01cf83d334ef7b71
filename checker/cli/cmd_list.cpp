// `list ops|invariants|mutations|strategies|verdicts`: the model's registries, and the
// engine's strategies and verdict kinds (the names a scenario's bounds and expect accept).
#include <algorithm>

#include "checker/cli/commands.h"
#include "checker/cli/json_output.h"
#include "checker/cli/scenario.h"

namespace checker {

using nlohmann::json;

namespace {

std::vector<RegistryEntry> strategies() {
  return {{"dpor", "exhaustive, with dynamic partial-order reduction (the default)"},
          {"dfs", "exhaustive, every interleaving (no reduction; the oracle DPOR is tested against)"},
          {"bounded", "exhaustive up to a preemption bound, tried 0, 1, ... (fewest preemptions first)"},
          {"random", "seeded random schedules (max_executions defaults to 1000)"},
          {"pct", "probabilistic concurrency testing with bug depth pct_depth (seeded)"}};
}

const char* verdict_doc(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "no violation in the executions explored";
    case Verdict::Assertion: return "a check() in model code failed";
    case Verdict::Precondition: return "an operation was called outside its documented context";
    case Verdict::Invariant: return "a registered safety invariant failed (check: its name)";
    case Verdict::Hint: return "a registered advisory invariant failed (check: its name)";
    case Verdict::Deadlock: return "unfinished threads, none enabled";
    case Verdict::NonTermination: return "a thread exceeded its step bound";
    case Verdict::UseAfterFree: return "access to a freed tracked object";
    case Verdict::DoubleFree: return "a tracked object freed twice";
    case Verdict::BadUnlock: return "unlock of a lock the thread does not hold";
    case Verdict::SleepInAtomic: return "a sleeping lock or synchronize_rcu under a spinlock or in an RCU section";
    case Verdict::LockNesting: return "same lock class taken twice without a declared nesting level";
    case Verdict::DataRace: return "conflicting plain accesses not ordered by happens-before";
    case Verdict::Nondeterminism: return "a replay diverged from its recording";
  }
  return "";
}

std::vector<RegistryEntry> verdicts() {
  std::vector<RegistryEntry> out;
  for (int i = 0; std::string_view(verdict_name(static_cast<Verdict>(i))) != "?"; ++i)
    out.push_back({verdict_name(static_cast<Verdict>(i)), verdict_doc(static_cast<Verdict>(i))});
  return out;
}

std::vector<RegistryEntry> entries(const std::string& what, const ModelInterface& model) {
  if (what == "ops") return model.operations();
  if (what == "invariants") return model.invariants();
  if (what == "mutations") return model.mutations();
  if (what == "strategies") return strategies();
  return verdicts();
}

}  // namespace

int list_command(const ListArgs& a, const ModelInterface& model, const CliStreams& io) {
  const std::vector<RegistryEntry> list = entries(a.what, model);
  if (a.common.format == OutputFormat::Json) {
    json doc = output_document("swapcheck-list");
    doc["model"] = model.name();
    doc["kind"] = a.what;
    json items = json::array();
    for (const RegistryEntry& e : list) items.push_back({{"name", e.name}, {"doc", e.doc}});
    doc["entries"] = std::move(items);
    io.out << json_text(doc);
    return kExitOk;
  }
  std::size_t width = 0;
  for (const RegistryEntry& e : list) width = std::max(width, e.name.size());
  for (const RegistryEntry& e : list) io.out << e.name << std::string(width - e.name.size() + 2, ' ') << e.doc << "\n";
  return kExitOk;
}

}  // namespace checker
