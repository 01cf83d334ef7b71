// Stable identities of what a program creates while it runs (callback threads, objects), across
// the executions of one search.
//
// An object or callback thread is known by who created it and how many it had created before
// (creator, seq). Its number is given the first time any execution of the search creates it, so
// the same (creator, seq) has the same ThreadId or ObjectId in every execution, whatever order
// later executions create things in: sleep sets and wakeup trees compare events by these ids.
//
// The numbering therefore depends on the executions already run. A cell (cells.h) carries the
// registry of the search that cut it, so that the ids in its prefix, sleep set and wakeup tree
// mean in the cell's search what they meant where they were recorded.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>

#include "checker/types.h"

namespace checker {

class IdentityRegistry {
 public:
  // Object created by `creator` as its seq-th object (setup objects: creator == kNoThread).
  ObjectId object(ThreadId creator, std::uint32_t seq, std::uint32_t setup_objects);
  // The seq-th callback thread spawned by `parent`.
  ThreadId callback_thread(ThreadId parent, std::uint32_t seq, std::uint32_t initial_threads);

  // The numbering as (creator << 32 | seq) -> number, ordered (for files and comparisons).
  std::map<std::uint64_t, std::uint32_t> objects() const { return {objects_.begin(), objects_.end()}; }
  std::map<std::uint64_t, std::uint32_t> threads() const { return {threads_.begin(), threads_.end()}; }
  // Rebuilds a registry from objects() and threads(); false when the numbers are not 0..n-1.
  static bool from_numbering(const std::map<std::uint64_t, std::uint32_t>& objects,
                             const std::map<std::uint64_t, std::uint32_t>& threads, IdentityRegistry& out);

 private:
  std::unordered_map<std::uint64_t, std::uint32_t> objects_;
  std::unordered_map<std::uint64_t, std::uint32_t> threads_;
};

}  // namespace checker
