// `--shard I/N` and `--shard auto/N`: which share of a search this process explores.
//
// With auto, I comes from the batch scheduler that started the process:
//   - a Slurm job array: SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN when that is
//     set (so --array=1-4 works as well as --array=0-3); SLURM_ARRAY_TASK_COUNT, when set,
//     must equal N;
//   - a Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0 .. completions-1).
#pragma once

#include <functional>
#include <string>
#include <variant>

#include "checker/cell_shards.h"

namespace checker {

// Reads an environment variable; nullptr when unset. std::getenv in the CLI.
using EnvLookup = std::function<const char*(const char*)>;

// The share, or a sentence saying what is wrong with `text` or the environment.
std::variant<ShareSpec, std::string> parse_share(const std::string& text, const EnvLookup& env);

}  // namespace checker
