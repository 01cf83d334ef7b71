#include "checker/explore.h"

#include <array>
#include <utility>

#include "checker/cell_search.h"
#include "checker/explorer_base.h"
#include "checker/size_probe.h"
#include "checker/strategies.h"

namespace checker {

namespace {
constexpr std::array<std::pair<Strategy, const char*>, 5> kStrategyNames{{
    {Strategy::Dpor, "dpor"},
    {Strategy::Dfs, "dfs"},
    {Strategy::Bounded, "bounded"},
    {Strategy::Random, "random"},
    {Strategy::Pct, "pct"},
}};
}  // namespace

const char* strategy_name(Strategy s) {
  for (const auto& [k, n] : kStrategyNames)
    if (k == s) return n;
  return "?";
}

std::optional<Strategy> strategy_from_name(std::string_view name) {
  for (const auto& [k, n] : kStrategyNames)
    if (name == n) return k;
  return std::nullopt;
}

namespace {

Report search(const Program& program, const Bounds& bounds, const ExecutionObserver& observer) {
  switch (bounds.strategy) {
    case Strategy::Dpor: return explore_dpor(program, bounds, observer);
    case Strategy::Dfs: return DfsExplorer(program, bounds, observer).run();
    case Strategy::Bounded: return BoundedExplorer(program, bounds, observer).run();
    case Strategy::Random: return RandomExplorer(program, bounds, observer).run();
    case Strategy::Pct: return PctExplorer(program, bounds, observer).run();
  }
  return {};
}

}  // namespace

Report explore(const Program& program, const Bounds& given, const ExecutionObserver& observer) {
  Bounds bounds = given;
  const bool sampling = bounds.strategy == Strategy::Random || bounds.strategy == Strategy::Pct;
  if (sampling && bounds.max_executions == 0 && bounds.time_limit_seconds <= 0) bounds.max_executions = 1000;
  // The probes run first and apart from the search (their own explorer, numbering and report),
  // so the search runs, counts and finds exactly what it does without them.
  const ProbeEstimate probes = probe_search_size(program, bounds);
  if (probes.probes + probes.dropped == 0) return search(program, bounds, observer);
  ExecutionObserver shown;
  if (observer)
    shown = [&observer, traces = probes.estimate](const Execution& ex) {
      ProbeFigureScope scope(traces);
      observer(ex);
    };
  Report report = search(program, bounds, shown);
  record_probes(probes, report);
  return report;
}

}  // namespace checker
