// Wakeup trees (Abdulla et al., JACM 2017, section 6.2): the ordered tree of event sequences
// that optimal DPOR must still explore from one node of the current execution. A sequence is
// inserted only if no sequence already in the tree is a weak prefix of it up to reordering of
// independent events, so each Mazurkiewicz trace is started once.
#pragma once

#include <span>
#include <vector>

#include "checker/types.h"

namespace checker {

class AddContext;

// True when `next` (a thread's next event after E) can be the first event of an execution
// equivalent to E.v, or be added in front of v without changing its trace: the thread's first
// event in v depends on nothing before it in v, or the thread has no event in v and `next`
// depends on none of v's events. (The weak initials WI_[E](v) of the paper.)
// Commuting adds (commuting_adds.h): two of one word in v do not conflict (they ran together in
// one segment); `next` and the adds of v do not conflict when `adds` says next would still join
// its segment after v (without `adds`, they do).
bool weak_initial(const EventDesc& next, std::span<const EventDesc> v, const AddContext* adds = nullptr);
// Whether next's thread runs in v and its first event there could run first (an initial of v).
bool initial(const EventDesc& next, std::span<const EventDesc> v);

class WakeupTree {
 public:
  struct Node {
    EventDesc event;
    std::vector<Node> children;
  };

  bool empty() const { return children_.empty(); }
  std::size_t branches() const { return children_.size(); }  // the sequences' distinct first events
  const EventDesc& first() const { return children_.front().event; }
  // Removes the leftmost child; returns its event and the subtree below it.
  WakeupTree take_first(EventDesc* event);
  // Empties the tree but keeps its storage: an explorer's node reuses it for the next sequence.
  void clear() { children_.clear(); }
  // Drops the leftmost child and everything below it.
  void drop_first() { children_.erase(children_.begin()); }
  void add_leaf(const EventDesc& e) { children_.push_back(Node{e, {}}); }
  // Undoes take_first: `event` with `below` under it becomes the leftmost child again.
  void put_back(const EventDesc& event, WakeupTree below) {
    children_.insert(children_.begin(), Node{event, std::move(below.children_)});
  }
  // insert[E](v): adds v unless a leaf already covers it, reusing the longest compatible path.
  // `adds`: commuting adds in the context of this node followed by v (weak_initial).
  void insert(std::span<const EventDesc> sequence, const AddContext* adds = nullptr);
  std::size_t size() const;

 private:
  std::vector<Node> children_;
};

}  // namespace checker
