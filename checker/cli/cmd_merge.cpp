// `merge RESULT...`: adds up the result files of every share, in every round, of a search
// across machines (`run FILE --shard I/N`, `--resume`) and prints the report `run FILE --threads T` prints for any T: the
// same verdict, counterexample, counts and bytes. It refuses, as bad input (exit 2), results of
// different scenarios, bounds or shard counts, a missing or repeated shard, and results that do
// not cover the search.
#include <chrono>

#include "checker/cli/commands.h"
#include "checker/cli/json_output.h"
#include "checker/cli/render.h"
#include "checker/cli/scenario_reader.h"
#include "checker/cli/shard_file.h"
#include "checker/cli/trace_file.h"
#include "checker/size_probe.h"

namespace checker {

using nlohmann::json;

namespace {

bool same_result(const CellResult& a, const CellResult& b) {
  const Report &x = a.report, &y = b.report;
  auto same_violation = [](const std::optional<Violation>& p, const std::optional<Violation>& q) {
    if (p.has_value() != q.has_value()) return false;
    return !p || (p->verdict == q->verdict && p->check == q->check && p->message == q->message);
  };
  return a.parts == b.parts && x.stop == y.stop && x.executions == y.executions && x.blocked == y.blocked &&
         x.events == y.events && same_violation(x.violation, y.violation);
}

// The cells of every file in one map. Planning cells are in every file and must agree.
CellResults gather(const std::vector<ShardFile>& files) {
  CellResults all;
  std::map<CellId, const ShardFile*> from;
  for (const ShardFile& f : files) {
    for (const auto& [id, c] : f.result.planned) {
      const auto [at, fresh] = all.emplace(id, c);
      if (fresh) {
        from.emplace(id, &f);
      } else if (!same_result(at->second, c)) {
        throw ScenarioError({f.doc->file()}, "planning cell " + cell_id_text(id) + " has another result than in " +
                                                 from.at(id)->doc->file() +
                                                 " (the model or the engine differs between the runs?)");
      }
    }
  }
  for (const ShardFile& f : files) {
    for (const auto& [id, c] : f.result.own) {
      if (!all.emplace(id, c).second)
        throw ScenarioError({f.doc->file()}, "cell " + cell_id_text(id) + " is also in " +
                                                 (from.count(id) ? from.at(id)->doc->file() : "another result file"));
      from.emplace(id, &f);
    }
  }
  return all;
}

}  // namespace

int merge_command(const MergeArgs& a, const ModelInterface& model, const CliStreams& io) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<ShardFile> files;
  LoadedScenario s;
  Report report;
  Bounds bounds;
  try {
    for (const std::string& path : a.results) files.push_back(load_shard_file(path));
    check_same_search(files, model.name());
    const auto rounds = rounds_of(files);
    const ShardFile& first = files.front();
    const std::string file = a.scenario.value_or(first.scenario_file);
    s = load_scenario(file, model);
    if (s.hash != first.scenario_hash)
      throw ScenarioError({file}, "changed since the shards ran (" + first.scenario_hash + " then, " + s.hash +
                                      " now); run them again");
    if (s.model.config != first.config || json(s.generic.invariants) != first.invariants)
      throw ScenarioError({file}, "the model reads this scenario differently from when the shards ran; run them again");
    bounds = first.bounds;
    try {
      report = merge_cells(gather(files), bounds);
    } catch (const IncompleteCells& e) {
      std::size_t pending = 0;
      for (const ShardFile* f : rounds.back()) pending += f->result.pending.size();
      const std::string next = std::to_string(rounds.size() + 1);
      throw ScenarioError({first.doc->file()},
                          std::string("the results do not cover the search: ") + e.what() +
                              (pending > 0 ? "; round " + std::to_string(rounds.size()) + " left " +
                                                 std::to_string(pending) + " cells pending: run round " + next +
                                                 " (run FILE --shard I/N --resume RESULT...) and merge all rounds"
                                           : " (a result file cut short or edited?)"));
    }
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }

  RunOptions options;
  options.minimize = a.minimize;
  options.minimize_budget = a.minimize_budget;
  RunOutcome o;
  std::optional<std::string> trace_file;
  try {
    // The probes ran before the search in `run`, not in the shares: run them here (the same
    // seeds give the same figure).
    Bounds probed = bounds;
    probed.estimate_probes = kCliEstimateProbes;
    record_probes(probe_search_size(s.model.program, probed), report);
    o = finish_run(s, model, options, bounds, std::move(report));
    if (o.counterexample && a.trace_out) {
      write_trace_file(*a.trace_out, *o.counterexample);
      trace_file = a.trace_out;
    }
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }
  const Timing timing{std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                      o.minimized.executions};
  const CaseRender r{s, o, trace_file, a.common.program, std::nullopt, std::nullopt};
  if (a.common.format == OutputFormat::Json) {
    json doc = output_document("swapcheck-run");
    doc["model"] = model.name();
    doc["results"] = json::array({run_result_json(r)});
    io.out << json_text(doc);
  } else {
    io.out << run_result_text(r) << std::flush;
  }
  io.err << s.generic.name << ": merged " << files.size() << " shards; " << timing_summary(timing)
         << " (minimising and replaying)\n";
  return o.report.violation ? kExitViolation : kExitOk;
}

}  // namespace checker
