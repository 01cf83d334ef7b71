// The scheduler's decision point, one interface for every search strategy (as shuttle's
// Scheduler): at each step the execution asks which enabled thread runs next, and during a
// step which value a data choice takes. Each explorer implements it in its own file.
#pragma once

#include <cstdint>
#include <span>

#include "checker/types.h"

namespace checker {

class Execution;

class Oracle {
 public:
  virtual ~Oracle() = default;
  // `enabled` is sorted and non-empty. Returning kNoThread cuts the execution.
  virtual ThreadId pick(const Execution& ex, std::span<const ThreadId> enabled) = 0;
  // A value in [0, n) for a data choice made by the running thread.
  virtual std::uint32_t choose(const Execution& ex, std::uint32_t n) = 0;
};

}  // namespace checker
