#include "checker/wakeup_tree.h"

#include "checker/add_context.h"

#include <algorithm>
#include <optional>

namespace checker {

namespace {
// Whether next's thread runs in v: then `initial` says whether its first event there could run
// first.
std::optional<bool> first_of_thread_leads(const EventDesc& next, std::span<const EventDesc> v) {
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (v[k].thread != next.thread) continue;
    for (std::size_t l = 0; l < k; ++l)
      if (v[l].races_with(v[k])) return false;
    return true;
  }
  return std::nullopt;
}
}  // namespace

bool weak_initial(const EventDesc& next, std::span<const EventDesc> v, const AddContext* adds) {
  if (const auto leads = first_of_thread_leads(next, v)) return *leads;
  bool adds_to_check = false;
  for (const EventDesc& e : v) {
    if (e.races_with(next)) return false;
    adds_to_check = adds_to_check || e.dependent(next);
  }
  return !adds_to_check || (adds != nullptr && adds->joins_after(next));
}

bool initial(const EventDesc& next, std::span<const EventDesc> v) {
  return first_of_thread_leads(next, v).value_or(false);
}

WakeupTree WakeupTree::take_first(EventDesc* event) {
  WakeupTree sub;
  *event = children_.front().event;
  sub.children_ = std::move(children_.front().children);
  children_.erase(children_.begin());
  return sub;
}

void WakeupTree::insert(std::span<const EventDesc> sequence, const AddContext* adds) {
  // Events of `sequence` consumed by the path walked so far are marked, not erased, so that
  // the common case (the sequence is already covered) copies nothing.
  thread_local std::vector<char> used;
  thread_local std::vector<EventDesc> rest;
  used.assign(sequence.size(), 0);
  auto remaining = [&] {
    rest.clear();
    for (std::size_t k = 0; k < sequence.size(); ++k)
      if (!used[k]) rest.push_back(sequence[k]);
    return std::span<const EventDesc>(rest);
  };
  std::size_t left = sequence.size();
  std::vector<Node>* level = &children_;
  bool dirty = true;
  std::span<const EventDesc> v;
  while (left > 0) {
    if (dirty) v = remaining();
    dirty = false;
    auto match =
        std::find_if(level->begin(), level->end(), [&](const Node& c) { return weak_initial(c.event, v, adds); });
    if (match == level->end()) break;
    if (match->children.empty()) return;  // a leaf is compatible with v: whatever it explores covers v
    const ThreadId p = match->event.thread;
    for (std::size_t k = 0; k < sequence.size(); ++k)
      if (!used[k] && sequence[k].thread == p) {
        used[k] = true;
        --left;
        dirty = true;
        break;
      }
    level = &match->children;
  }
  if (left == 0) return;
  // Append the rest of the sequence as a new chain, after the existing children of this node.
  for (std::size_t k = 0; k < sequence.size(); ++k) {
    if (used[k]) continue;
    level->push_back(Node{sequence[k], {}});
    level = &level->back().children;
  }
}

std::size_t WakeupTree::size() const {
  std::size_t n = 0;
  std::vector<const std::vector<Node>*> todo{&children_};
  while (!todo.empty()) {
    const auto* level = todo.back();
    todo.pop_back();
    n += level->size();
    for (const Node& c : *level) todo.push_back(&c.children);
  }
  return n;
}

}  // namespace checker
