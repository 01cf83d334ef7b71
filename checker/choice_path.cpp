#include "checker/choice_path.h"

#include "checker/execution.h"

namespace checker {

std::vector<ThreadId> ordered_alternatives(const Execution& ex, std::span<const ThreadId> enabled) {
  std::vector<ThreadId> out;
  out.reserve(enabled.size());
  const ThreadId last = ex.last_thread();
  for (ThreadId t : enabled)
    if (t == last) out.push_back(t);
  for (ThreadId t : enabled)
    if (t != last) out.push_back(t);
  return out;
}

std::uint32_t ChoicePath::choose(std::size_t pos, std::uint32_t n) {
  Position& p = path_.at(pos);
  if (p.cursor < p.values.size()) return p.values[p.cursor++];
  p.values.push_back(0);
  p.limits.push_back(n);
  ++p.cursor;
  return 0;
}

bool ChoicePath::backtrack() {
  while (!path_.empty()) {
    Position& p = path_.back();
    // Odometer over the data choices of this position's event: the last one turns fastest.
    while (!p.values.empty()) {
      if (p.values.back() + 1 < p.limits.back()) {
        ++p.values.back();
        return true;
      }
      p.values.pop_back();
      p.limits.pop_back();
    }
    if (++p.taken < p.alternatives.size()) return true;
    path_.pop_back();
  }
  return false;
}

}  // namespace checker
