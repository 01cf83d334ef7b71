#include "checker/cli/shard_file.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "checker/cell_codec.h"
#include "checker/cli/json_output.h"
#include "checker/cli/run_scenario.h"
#include "checker/cli/scenario_reader.h"

namespace checker {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "swapcheck-shard";
constexpr int kVersion = 1;

json violation_to_json(const Violation& v) {
  return {{"kind", verdict_name(v.verdict)}, {"check", v.check}, {"message", v.message}};
}

json cell_to_json(const CellId& id, const CellResult& c, bool planned) {
  const Report& r = c.report;
  json violations = json::array();
  for (const Violation& v : r.all_violations) violations.push_back(violation_to_json(v));
  return {{"id", id},
          {"planned", planned},
          {"parts", c.parts},
          {"stop", stop_reason_name(r.stop)},
          {"executions", r.executions},
          {"cut", r.blocked},
          {"events", r.events},
          {"violation", r.violation ? violation_to_json(*r.violation) : json(nullptr)},
          {"violations", std::move(violations)},
          {"setup_context", r.setup_context},
          {"counterexample", r.counterexample ? trace_to_json(*r.counterexample) : json(nullptr)}};
}

Violation read_violation(const ScenarioDocument& doc, const JsonPointer& at) {
  const ObjectReader r(doc, at, {"kind", "check", "message"}, "a violation");
  std::vector<std::string> kinds;
  for (int v = 0; v <= static_cast<int>(Verdict::Nondeterminism); ++v) kinds.push_back(verdict_name(static_cast<Verdict>(v)));
  return Violation{*verdict_from_name(r.name("kind", kinds, "verdict")), r.string("check"), r.string("message")};
}

// The stop reasons a cell's result can end in (a cancelled cell is never written).
StopReason read_stop(const ObjectReader& r) {
  const std::string s = r.name("stop", {"exhausted", "violation", "setup_failed"}, "cell stop reason");
  return s == "exhausted" ? StopReason::Exhausted : s == "violation" ? StopReason::Violation : StopReason::SetupFailed;
}

CellId read_id(const ObjectReader& r) {
  CellId id;
  const json& ids = r.array("id", 0, 1 << 16);
  for (std::size_t i = 0; i < ids.size(); ++i)
    id.push_back(static_cast<std::uint32_t>(read_unsigned(r.doc(), r.at("id") / i, 0, UINT32_MAX)));
  return id;
}

void read_cell(const JsonDocument& doc, const JsonPointer& at, ShareResult& into) {
  const ObjectReader r(doc, at,
                       {"id", "planned", "parts", "stop", "executions", "cut", "events", "violation", "violations",
                        "setup_context", "counterexample"},
                       "a cell");
  CellId id = read_id(r);
  CellResult c;
  c.parts = static_cast<std::uint32_t>(r.unsigned_integer("parts", 0, UINT32_MAX));
  Report& rep = c.report;
  rep.strategy = Strategy::Dpor;
  rep.stop = read_stop(r);
  rep.exhaustive = rep.stop == StopReason::Exhausted;
  rep.executions = r.unsigned_integer("executions", 0, UINT64_MAX);
  rep.blocked = r.unsigned_integer("cut", 0, UINT64_MAX);
  rep.events = r.unsigned_integer("events", 0, UINT64_MAX);
  r.require("violation");
  if (!doc.root().at(r.at("violation")).is_null()) {
    rep.violation = read_violation(doc, r.at("violation"));
    rep.verdict = rep.violation->verdict;
  }
  const json& all = r.array("violations");
  for (std::size_t i = 0; i < all.size(); ++i) rep.all_violations.push_back(read_violation(doc, r.at("violations") / i));
  rep.setup_context = r.string("setup_context");
  r.require("counterexample");
  const json& trace = doc.root().at(r.at("counterexample"));
  if (!trace.is_null()) {
    try {
      rep.counterexample = trace_from_json(trace);
    } catch (const TraceFormatError& e) {
      doc.fail(r.at("counterexample"), std::string("not a swapcheck trace: ") + e.what());
    }
  }
  if (rep.violation.has_value() != rep.counterexample.has_value())
    doc.fail(at, "a cell has a counterexample exactly when it has a violation");
  CellResults& to = r.boolean("planned") ? into.planned : into.own;
  if (!to.emplace(std::move(id), std::move(c)).second) doc.fail(r.at("id"), "this cell is listed twice");
}

std::string deal_text(std::uint64_t digest) {
  char text[32];
  std::snprintf(text, sizeof text, "fnv1a64:%016llx", static_cast<unsigned long long>(digest));
  return text;
}

}  // namespace

std::string shard_file_text(const LoadedScenario& s, const std::string& model_name, const Bounds& bounds,
                            const ShardRun& run, const ShareResult& result) {
  const ShareSpec share = run.share;
  json cells = json::array();
  // In search order, planned and own mixed, as a merge meets them.
  CellResults::const_iterator p = result.planned.begin(), o = result.own.begin();
  while (p != result.planned.end() || o != result.own.end()) {
    if (o == result.own.end() || (p != result.planned.end() && p->first < o->first)) {
      cells.push_back(cell_to_json(p->first, p->second, true));
      ++p;
    } else {
      cells.push_back(cell_to_json(o->first, o->second, false));
      ++o;
    }
  }
  json pending = json::array();
  for (const auto& [id, cell] : result.pending) pending.push_back({{"id", id}, {"cell", cell_to_json(cell)}});
  json doc = {{"format", kFormat},
              {"version", kVersion},
              {"model", model_name},
              {"scenario", {{"file", s.file}, {"name", s.generic.name}, {"hash", s.hash}}},
              {"config", s.model.config},
              {"invariants", s.generic.invariants},
              {"bounds", bounds_to_json(bounds)},
              {"split_after", bounds.dpor_pilot},
              {"round", run.round},
              {"shard",
               {{"index", share.index},
                {"count", share.count},
                {"dealt", result.dealt},
                {"deal", deal_text(result.deal_digest)}}},
              {"budget", run.budget},
              {"cells", std::move(cells)},
              {"pending", std::move(pending)}};
  return json_text(doc);
}

void write_shard_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw ScenarioError({path}, "cannot write the shard result file");
}

ShardFile load_shard_file(const std::string& path) {
  ShardFile f;
  f.doc = JsonDocument::load(path);
  const JsonDocument& doc = *f.doc;
  const ObjectReader top(doc, JsonPointer(),
                         {"format", "version", "model", "scenario", "config", "invariants", "bounds", "split_after",
                          "round", "shard", "budget", "cells", "pending"},
                         "a shard result file");
  if (top.string("format") != kFormat)
    doc.fail(top.at("format"), std::string("not a shard result file: \"format\" should be \"") + kFormat + "\"");
  top.integer("version", kVersion, kVersion);
  f.model = top.string("model");
  top.require("scenario");
  const ObjectReader scenario(doc, top.at("scenario"), {"file", "name", "hash"}, "\"scenario\"");
  f.scenario_file = scenario.string("file");
  f.scenario_name = scenario.string("name");
  f.scenario_hash = scenario.string("hash");
  top.require("config");
  f.config = doc.root().at(top.at("config"));
  f.invariants = top.array("invariants");
  top.require("bounds");
  f.bounds_json = doc.root().at(top.at("bounds"));
  f.bounds = read_bounds(doc, top.at("bounds")).resolve();
  f.bounds.dpor_pilot = top.unsigned_integer("split_after", 1, UINT64_MAX);
  top.require("shard");
  const ObjectReader shard(doc, top.at("shard"), {"index", "count", "dealt", "deal"}, "\"shard\"");
  f.share.count = static_cast<unsigned>(shard.unsigned_integer("count", 1, kMaxShards));
  f.share.index = static_cast<unsigned>(shard.unsigned_integer("index", 0, f.share.count - 1));
  f.dealt = f.result.dealt = shard.unsigned_integer("dealt", 0, UINT64_MAX);
  f.deal = shard.string("deal");
  f.round = static_cast<unsigned>(top.unsigned_integer("round", 1, 1'000'000));
  f.budget = top.unsigned_integer("budget", 0, UINT64_MAX);
  const json& cells = top.array("cells");
  for (std::size_t i = 0; i < cells.size(); ++i) read_cell(doc, top.at("cells") / i, f.result);
  const json& pending = top.array("pending");
  for (std::size_t i = 0; i < pending.size(); ++i) {
    const ObjectReader p(doc, top.at("pending") / i, {"id", "cell"}, "a pending cell");
    const CellId id = read_id(p);
    p.require("cell");
    try {
      if (!f.result.pending.emplace(id, cell_from_json(doc.root().at(p.at("cell")))).second)
        doc.fail(p.at("id"), "this cell is listed twice");
    } catch (const CellFormatError& e) {
      doc.fail(p.at("cell"), std::string("not a cell: ") + e.what());
    }
  }
  return f;
}

void check_same_search(const std::vector<ShardFile>& files, const std::string& model_name) {
  const ShardFile& first = files.front();
  const std::string of = " than " + first.doc->file() + " (results of different searches cannot be put together)";
  for (const ShardFile& f : files) {
    const JsonDocument& doc = *f.doc;
    if (f.model != model_name)
      doc.fail(JsonPointer("/model"), "recorded with model \"" + f.model + "\", this is \"" + model_name + "\"");
    if (f.scenario_hash != first.scenario_hash || f.scenario_file != first.scenario_file)
      doc.fail(JsonPointer("/scenario"), "another scenario file or version" + of);
    if (f.config != first.config || f.invariants != first.invariants)
      doc.fail(JsonPointer("/config"), "another reading of the scenario (configuration or invariants)" + of);
    if (f.bounds_json != first.bounds_json || f.bounds.dpor_pilot != first.bounds.dpor_pilot)
      doc.fail(JsonPointer("/bounds"), "other search bounds" + of);
  }
}

std::vector<std::vector<const ShardFile*>> rounds_of(const std::vector<ShardFile>& files) {
  unsigned last = 0;
  for (const ShardFile& f : files) last = std::max(last, f.round);
  std::vector<std::vector<const ShardFile*>> rounds(last);
  for (const ShardFile& f : files) rounds[f.round - 1].push_back(&f);
  for (unsigned r = 0; r < last; ++r) {
    const std::string name = "round " + std::to_string(r + 1);
    if (rounds[r].empty())
      throw ScenarioError({files.front().doc->file()}, "the results of " + name + " are missing (results of round " +
                                                           std::to_string(last) + " are given)");
    const ShardFile& first = *rounds[r].front();
    std::vector<const ShardFile*> by_index(first.share.count, nullptr);
    for (const ShardFile* f : rounds[r]) {
      const JsonDocument& doc = *f->doc;
      if (f->share.count != first.share.count)
        doc.fail(JsonPointer("/shard/count"), name + " in " + std::to_string(f->share.count) + " shards, not " +
                                                  std::to_string(first.share.count) + " as in " + first.doc->file());
      if (f->dealt != first.dealt || f->deal != first.deal)
        doc.fail(JsonPointer("/shard/deal"), "another deal of " + name + " than in " + first.doc->file() +
                                                 " (the shards of a round must resume the same results)");
      const ShardFile*& seat = by_index[f->share.index];
      if (seat != nullptr)
        doc.fail(JsonPointer("/shard/index"), name + ": shard " + std::to_string(f->share.index) + " of " +
                                                  std::to_string(f->share.count) + " is also given as " + seat->doc->file());
      seat = f;
    }
    std::string missing;
    for (unsigned i = 0; i < by_index.size(); ++i)
      if (by_index[i] == nullptr) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    if (!missing.empty())
      throw ScenarioError({first.doc->file()}, name + " ran in " + std::to_string(first.share.count) +
                                                   " shards and the results of shard(s) " + missing +
                                                   " are missing; give every shard's result file");
  }
  return rounds;
}

std::string default_shard_file(const std::string& scenario_name, ShareSpec share, unsigned round) {
  return scenario_name + (round > 1 ? ".round-" + std::to_string(round) : std::string()) + ".shard-" +
         std::to_string(share.index) + "-of-" + std::to_string(share.count) + ".json";
}

}  // namespace checker
