// The choice stack of a tree search (as loom's rt::Path): for each position of the current
// execution, the alternatives still to try there and the data choices its event made. The
// first execution takes the first alternative everywhere; backtrack() moves the deepest
// position with something left to its next alternative, and the next execution replays the
// prefix up to it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "checker/types.h"

namespace checker {

class Execution;

// Enabled threads with the thread that ran last first, so that the first alternative at every
// position continues without a preemption.
std::vector<ThreadId> ordered_alternatives(const Execution& ex, std::span<const ThreadId> enabled);

class ChoicePath {
 public:
  struct Position {
    std::vector<ThreadId> alternatives;
    std::size_t taken = 0;
    std::vector<std::uint32_t> values;  // data choices made by the event at this position
    std::vector<std::uint32_t> limits;
    std::size_t cursor = 0;
    std::uint32_t preemptions = 0;  // before this position (used by the bounded search)
    bool first_is_free = false;     // alternatives[0] continues the last thread: no preemption
  };

  std::size_t size() const { return path_.size(); }
  Position& at(std::size_t pos) { return path_.at(pos); }
  ThreadId replay(std::size_t pos) {
    Position& p = path_[pos];
    p.cursor = 0;
    return p.alternatives[p.taken];
  }
  ThreadId push(std::vector<ThreadId> alternatives, std::uint32_t preemptions = 0, bool first_is_free = false) {
    Position& p = path_.emplace_back();
    p.alternatives = std::move(alternatives);
    p.preemptions = preemptions;
    p.first_is_free = first_is_free;
    return p.alternatives[0];
  }
  std::uint32_t choose(std::size_t pos, std::uint32_t n);
  void truncate(std::size_t n) {
    if (path_.size() > n) path_.resize(n);
  }
  // Moves to the next untried alternative (data choices first, deepest position first).
  bool backtrack();

 private:
  std::vector<Position> path_;
};

}  // namespace checker
