#include "checker/add_context.h"

#include <algorithm>

namespace checker {

namespace {
bool joins(CommutingAdds& seg, const EventDesc& e, std::int64_t start) {
  return e.commutable && seg.join(e.thread, start, e.add_delta, e.add_lo, e.add_hi);
}
}  // namespace

// The word's value just before position `at` of the execution: what the last access before it
// left, or what the first one after it found.
std::optional<std::int64_t> AddContext::value_before(ObjectId word, std::uint32_t at) const {
  const auto& steps = ex_.steps();
  const std::size_t n = steps.size();
  for (std::size_t k = std::min<std::size_t>(at, n); k-- > 0;)
    if (steps[k].obj == word && steps[k].has_values && !steps[k].stale) return static_cast<std::int64_t>(steps[k].after);
  for (std::size_t k = at; k < n; ++k)
    if (steps[k].obj == word && steps[k].has_values && !steps[k].stale) return static_cast<std::int64_t>(steps[k].before);
  return std::nullopt;
}

std::optional<CommutingAdds> AddContext::segment_after(ObjectId word, std::size_t count) const {
  const CommutingAdds* live = ex_.commuting_adds(word);
  if (live == nullptr) return std::nullopt;
  CommutingAdds seg(live->visible_lo(), live->visible_hi());
  const auto& events = ex_.events();
  const auto& steps = ex_.steps();
  // The segment at the node: the commuting adds after the word's last other access.
  std::size_t first = std::min<std::size_t>(at_, events.size());
  while (first > 0 && (events[first - 1].acc[0].obj != word || events[first - 1].commuting_add)) --first;
  for (std::size_t k = first; k < std::min<std::size_t>(at_, events.size()); ++k)
    if (events[k].acc[0].obj == word && !joins(seg, events[k], static_cast<std::int64_t>(steps[k].before)))
      return std::nullopt;
  std::optional<std::int64_t> start;
  for (std::size_t i = 0; i < count; ++i) {
    const EventDesc& e = sequence_[i];
    if (e.acc[0].obj != word) continue;
    if (!e.commuting_add) return std::nullopt;
    if (!seg.open() && !(start = value_before(word, at_))) return std::nullopt;
    if (!joins(seg, e, start.value_or(0))) return std::nullopt;
  }
  return seg;
}

bool AddContext::joins_after(const EventDesc& next) const {
  if (!next.commuting_add) return false;
  const ObjectId word = next.acc[0].obj;
  std::optional<CommutingAdds> seg = segment_after(word, sequence_.size());
  if (!seg) return false;
  std::optional<std::int64_t> start;
  if (!seg->open() && !(start = value_before(word, at_))) return false;
  return joins(*seg, next, start.value_or(0));
}

bool AddContext::last_joins() const {
  if (sequence_.empty()) return false;
  const EventDesc& last = sequence_.back();
  if (!last.commutable || last.failed_update) return false;
  const ObjectId word = last.acc[0].obj;
  std::optional<CommutingAdds> seg = segment_after(word, sequence_.size() - 1);
  if (!seg) return false;
  std::optional<std::int64_t> start;
  if (!seg->open() && !(start = value_before(word, at_))) return false;
  return joins(*seg, last, start.value_or(0));
}

}  // namespace checker
