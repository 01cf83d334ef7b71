#include "checker/explore.h"

#include <array>
#include <utility>

#include "checker/cell_search.h"
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

Report explore(const Program& program, const Bounds& given, const ExecutionObserver& observer) {
  Bounds bounds = given;
  const bool sampling = bounds.strategy == Strategy::Random || bounds.strategy == Strategy::Pct;
  if (sampling && bounds.max_executions == 0 && bounds.time_limit_seconds <= 0) bounds.max_executions = 1000;
  switch (bounds.strategy) {
    case Strategy::Dpor: return explore_dpor(program, bounds, observer);
    case Strategy::Dfs: return DfsExplorer(program, bounds, observer).run();
    case Strategy::Bounded: return BoundedExplorer(program, bounds, observer).run();
    case Strategy::Random: return RandomExplorer(program, bounds, observer).run();
    case Strategy::Pct: return PctExplorer(program, bounds, observer).run();
  }
  return {};
}

}  // namespace checker
