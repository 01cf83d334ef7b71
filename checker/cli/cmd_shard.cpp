// `run FILE --shard I/N`: explores one share of a search across machines (checker/cell_shards.h)
// and writes its cell results to a file for `merge` (cmd_merge.cpp). Standard output says what
// the share covered and found; the report of the whole search is merge's to print.
#include <chrono>
#include <cstdlib>

#include "checker/cli/commands.h"
#include "checker/cli/scenario.h"
#include "checker/cli/json_output.h"
#include "checker/cli/progress.h"
#include "checker/cli/render.h"
#include "checker/cli/shard_file.h"
#include "checker/cli/shard_spec.h"

namespace checker {

using nlohmann::json;

namespace {

// A share searches to the end with DPOR: anything else has no cells to deal.
std::optional<std::string> unshardable(const LoadedScenario& s, const Bounds& b) {
  const std::string why = s.file + ": --shard splits an exhaustive dpor search, but ";
  if (b.strategy != Strategy::Dpor) return why + "this one uses strategy " + strategy_name(b.strategy);
  if (b.max_executions != 0)
    return why + "this one stops after " + std::to_string(b.max_executions) +
           " executions (the scenario's bounds or --max-executions; give --max-executions 0)";
  if (b.time_limit_seconds > 0) return why + "this one has a time limit (give --time-limit 0)";
  return std::nullopt;
}

struct ShareTotals {
  std::uint64_t executions = 0, blocked = 0;
  std::size_t cells = 0;  // with the parts they split into
  std::size_t dealt = 0;  // dealt to this share
  std::optional<Violation> first;  // this share's first violation in search order
};

ShareTotals totals(const ShareResult& r) {
  ShareTotals t;
  for (const auto& [id, c] : r.own) {
    ++t.cells;
    if (id.empty() || !r.own.count(CellId(id.begin(), id.end() - 1))) ++t.dealt;
    t.executions += c.report.executions;
    t.blocked += c.report.blocked;
  }
  CellResults all = r.planned;
  all.insert(r.own.begin(), r.own.end());
  for (const auto& [id, c] : all)
    if (c.report.violation) {
      t.first = c.report.violation;
      break;
    }
  return t;
}

// The cells the last round of `files` left pending, for round `round` (set here).
std::map<CellId, Cell> pending_cells(const std::vector<std::string>& paths, const LoadedScenario& s,
                                     const ModelInterface& model, const Bounds& bounds, unsigned& round) {
  std::vector<ShardFile> files;
  for (const std::string& path : paths) files.push_back(load_shard_file(path));
  check_same_search(files, model.name());
  const ShardFile& first = files.front();
  if (first.scenario_hash != s.hash || first.config != s.model.config ||
      first.invariants != nlohmann::json(s.generic.invariants))
    throw ScenarioError({first.doc->file()}, "comes from another version or reading of " + s.file);
  if (first.bounds_json != bounds_to_json(bounds) || first.bounds.dpor_pilot != bounds.dpor_pilot)
    throw ScenarioError({first.doc->file()}, "was searched with other bounds (or --split-after) than this run's");
  const auto rounds = rounds_of(files);
  round = static_cast<unsigned>(rounds.size()) + 1;
  std::map<CellId, Cell> pending;
  for (const ShardFile* f : rounds.back())
    for (const auto& [id, cell] : f->result.pending) pending.emplace(id, cell);
  // A cell after a violation found in any round would not be reported.
  if (bounds.stop_on_violation)
    for (const ShardFile& f : files)
      for (const CellResults* cells : {&f.result.planned, &f.result.own})
        for (const auto& [id, c] : *cells)
          if (c.report.violation) pending.erase(pending.upper_bound(id), pending.end());
  return pending;
}

}  // namespace

int shard_command(const RunArgs& a, const ModelInterface& model, const CliStreams& io) {
  const auto spec = parse_share(*a.shard, [](const char* name) { return std::getenv(name); });
  if (const auto* why = std::get_if<std::string>(&spec)) {
    io.err << a.common.program << " run: " << *why << "\n";
    return kExitBadInput;
  }
  const ShareSpec share = std::get<ShareSpec>(spec);
  LoadedScenario s;
  try {
    s = load_scenario(a.files.front(), model);
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }
  RunOptions options;
  options.overrides = a.search.overrides;
  options.threads = std::max(1u, a.search.threads);
  options.split_after = a.search.split_after;
  options.estimate_probes = a.search.estimate_probes;
  const Bounds bounds = resolve_bounds(s, options);
  if (const auto why = unshardable(s, bounds)) {
    io.err << a.common.program << " run: " << *why << "\n";
    return kExitBadInput;
  }
  if (a.shard_budget != 0 && bounds.threads > 1) {
    io.err << a.common.program
           << " run: --shard-budget runs a share on one thread (where a budget stops must not depend on timing); "
              "run more shards instead of --threads\n";
    return kExitBadInput;
  }
  ShardRun shard_run{share, 1, a.shard_budget};
  std::map<CellId, Cell> pending;
  try {
    if (!a.resume.empty()) pending = pending_cells(a.resume, s, model, bounds, shard_run.round);
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }
  const std::string out_file = a.shard_out.value_or(default_shard_file(s.generic.name, share, shard_run.round));

  ProgressLine progress(io.err, io.err_is_terminal);
  progress.start(s.generic.name + " shard " + std::to_string(share.index) + "/" + std::to_string(share.count));
  const auto start = std::chrono::steady_clock::now();
  const ShareResult result =
      a.resume.empty()
          ? explore_share(s.model.program, bounds, share, a.shard_budget, progress.observer())
          : resume_share(s.model.program, bounds, share, std::move(pending), a.shard_budget, progress.observer());
  progress.clear();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  try {
    const auto root = result.planned.find(CellId{});
    if (root != result.planned.end() && root->second.report.stop == StopReason::SetupFailed)
      finish_run(s, model, options, bounds, root->second.report);  // throws: the initial state is bad input
    write_shard_file(out_file, shard_file_text(s, model.name(), bounds, shard_run, result));
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }

  const ShareTotals t = totals(result);
  std::uint64_t planned_executions = 0;
  for (const auto& [id, c] : result.planned) planned_executions += c.report.executions + c.report.blocked;
  const std::string label = std::to_string(share.index) + "/" + std::to_string(share.count);
  if (a.common.format == OutputFormat::Json) {
    json doc = output_document("swapcheck-shard-run");
    doc["model"] = model.name();
    doc["scenario"] = {{"file", s.file}, {"name", s.generic.name}, {"hash", s.hash}};
    doc["shard"] = {{"index", share.index}, {"count", share.count}};
    doc["round"] = shard_run.round;
    doc["pending"] = result.pending.size();
    doc["cells"] = {{"dealt", result.dealt}, {"own", t.dealt}, {"own_with_parts", t.cells}, {"planned", result.planned.size()}};
    doc["executions"] = t.executions;
    doc["cut"] = t.blocked;
    doc["planning_executions"] = planned_executions;
    doc["verdict"] = violation_json(t.first);
    doc["result_file"] = out_file;
    io.out << json_text(doc);
  } else {
    io.out << "scenario: " << s.generic.name << " (" << s.file << ")\n";
    io.out << "shard:    " << label << ": " << t.dealt << " of the " << result.dealt << " cells dealt out ("
           << t.cells << " with their parts), " << t.executions << " executions"
           << (t.blocked ? " (and " + std::to_string(t.blocked) + " cut short)" : "") << "\n";
    if (shard_run.round == 1)
      io.out << "planning: " << result.planned.size() << " cells, " << planned_executions
             << " executions, run by every shard alike\n";
    else
      io.out << "round:    " << shard_run.round << ", dealing out what round " << shard_run.round - 1 << " left\n";
    if (!result.pending.empty())
      io.out << "pending:  " << result.pending.size() << " cells left when the budget ran out, for round "
             << shard_run.round + 1 << " (run FILE --shard I/N --resume RESULT...)\n";
    io.out << "verdict:  "
           << (t.first ? "VIOLATION in this share: " + verdict_summary(t.first) : std::string("pass in this share"))
           << "\n";
    io.out << "result:   " << out_file << " (merge every shard's result: " << a.common.program << " merge RESULT...)\n";
  }
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.3f s", seconds);
  io.err << s.generic.name << " shard " << label << ": " << rate << "\n";
  return t.first ? kExitViolation : kExitOk;
}

}  // namespace checker
