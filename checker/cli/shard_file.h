// Shard result files: what `run --shard I/N` writes and `merge` reads back. One file holds a
// share's cell results (checker/cell_shards.h) and what the merge needs to check that the
// shares belong together and to finish the report as `run` would:
//
//   { "format": "swapcheck-shard", "version": 1, "model": "swap",
//     "scenario": {"file": "scenarios/x.json", "name": "x", "hash": "fnv1a64:..."},
//     "config": {...}, "invariants": [...],     // the model's reading of the scenario
//     "bounds": {...},                          // bounds_to_json() of the search
//     "split_after": 2000,                      // Bounds::dpor_pilot
//     "round": 1,                              // 1, or one more than the round it resumed
//     "shard": {"index": 2, "count": 4, "dealt": 64,  // cells dealt out to all shards
//               "deal": "fnv1a64:..."},             // digest of the deal: every cell and its shard
//     "budget": 0,                             // executions of this share (0: none)
//     "cells": [{"id": [3, 0], "planned": false, "parts": 0, "stop": "exhausted",
//                "executions": 812, "cut": 3, "events": 40211,
//                "violation": null,            // or {"kind", "check", "message"}
//                "violations": [...],          // every distinct one (stop_on_violation off)
//                "setup_context": "",
//                "counterexample": null}, ...],   // or a trace (checker/trace.h)
//     "pending": [{"id": [5, 2], "cell": {...}}, ...] }  // left for the next round (cell_codec.h)
//
// Nothing in it depends on the clock or the machine: the same share writes the same bytes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/cell_shards.h"
#include "checker/cli/json_document.h"
#include "checker/cli/scenario_loader.h"

namespace checker {

struct ShardFile {
  std::unique_ptr<JsonDocument> doc;  // for errors at file:line:column
  std::string model;
  std::string scenario_file, scenario_name, scenario_hash;
  nlohmann::json config, invariants, bounds_json;
  Bounds bounds;  // resolved from bounds_json and split_after
  ShareSpec share;
  std::size_t dealt = 0;
  std::string deal;  // the deal's digest
  unsigned round = 1;
  std::uint64_t budget = 0;
  ShareResult result;
};

struct ShardRun {
  ShareSpec share;
  unsigned round = 1;
  std::uint64_t budget = 0;
};

std::string shard_file_text(const LoadedScenario& s, const std::string& model_name, const Bounds& bounds,
                            const ShardRun& run, const ShareResult& result);
// Throws ScenarioError when the file cannot be written.
void write_shard_file(const std::string& path, const std::string& text);
// Throws ScenarioError at the offending value.
ShardFile load_shard_file(const std::string& path);

// Checks that the files are results of one search: one model, scenario and reading of it,
// bounds. Throws ScenarioError at the first value that differs from the first file's.
void check_same_search(const std::vector<ShardFile>& files, const std::string& model_name);
// The files by round (round 1 first), each round complete: every share of it exactly once,
// all of one deal. Throws ScenarioError naming what is missing or repeated.
std::vector<std::vector<const ShardFile*>> rounds_of(const std::vector<ShardFile>& files);

// "x.shard-2-of-4.json", "x.round-2.shard-2-of-4.json": where a share's result goes unless told.
std::string default_shard_file(const std::string& scenario_name, ShareSpec share, unsigned round);

}  // namespace checker
