// Selecting and running obligations, and writing their counterexample scenarios.
//
// A NAME selects an obligation by its full name, or every obligation under a prefix made of
// whole dot-separated parts: "table", "table.put", "table.put.without_ptl_held". Results come
// in catalog order (claims.h), whatever order the names were given in. Deterministic: the same
// selection gives the same results and files, byte for byte.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proofs/prover.h"

namespace swapproofs {

struct Entry {
  ProofResult result;
  std::optional<ScenarioFile> scenario;  // refutations whose precondition has a builder
  std::string scenario_file;             // where it was written (empty unless a directory was given)
  std::string no_scenario;               // why a refutation has none
};

// True when `name` is selected by `pattern` (equal, or `pattern` is a dot-prefix of it).
bool selects(const std::string& pattern, const std::string& name);

// The names in `patterns` that select no obligation of `claims` (bad usage).
std::vector<std::string> unmatched(const std::vector<ClaimDef>& claims, const std::vector<std::string>& patterns);

// Runs the selected obligations (all when `patterns` is empty) and builds their scenarios.
std::vector<Entry> run_selected(const std::vector<ClaimDef>& claims, const std::vector<std::string>& patterns);

// Writes each entry's scenario as <dir>/<obligation name>.json and records the path. Throws
// std::runtime_error when a file cannot be written.
void write_scenarios(std::vector<Entry>& entries, const std::string& dir);

// Every obligation name of `claims`, in order (for --list).
std::vector<std::string> obligation_names(const std::vector<ClaimDef>& claims);

}  // namespace swapproofs
