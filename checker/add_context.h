// Commuting adds (commuting_adds.h) in a context the search has not run: the prefix of the
// current execution before a node, followed by a wakeup sequence. Whether two adds of a word
// commute depends on the other adds of their segment, so wakeup trees and sleep sets, which
// compare events recorded in different executions, ask here instead of comparing the events
// alone (which would have to order every two adds, and explore the same trace again and again).
//
// The segment of a word at the node is rebuilt from the execution's events (the commuting adds
// after the word's last other access); the sequence's events carry the labels they ran with,
// which stay right in front of the node: a wakeup sequence is notdep(e).e', and dropping e and
// what follows it from a segment only narrows it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "checker/commuting_adds.h"
#include "checker/execution.h"

namespace checker {

class AddContext {
 public:
  AddContext(const Execution& ex, std::uint32_t at, std::span<const EventDesc> sequence)
      : ex_(ex), at_(at), sequence_(sequence) {}

  // `next` ran as a commuting add, and every access of its word in the sequence was one too:
  // whether it would still join the word's segment after the sequence (so that it commutes with
  // each of the sequence's adds, and they with it, in any order).
  bool joins_after(const EventDesc& next) const;
  // The sequence's last event, as it would run after the rest of the sequence: whether it is a
  // commuting add (false whenever that is not sure).
  bool last_joins() const;

 private:
  // The word's segment at the node with the sequence's first `count` events added; nullopt when
  // some access there is not a commuting add, or the value the segment starts from is unknown.
  std::optional<CommutingAdds> segment_after(ObjectId word, std::size_t count) const;
  std::optional<std::int64_t> value_before(ObjectId word, std::uint32_t at) const;

  const Execution& ex_;
  std::uint32_t at_;
  std::span<const EventDesc> sequence_;
};

}  // namespace checker
