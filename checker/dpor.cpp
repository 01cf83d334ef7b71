// Optimal DPOR (Abdulla, Aronis, Jonsson, Sagonas, JACM 2017, Algorithm 2).
//
// Each position of the current execution keeps its sleep set (threads whose next event need
// not be tried here, with that event) and its wakeup tree. After every execution the races
// of its happens-before are computed (race_analysis.cpp); for each race e < e' the sequence
// notdep(e).e' is inserted into the wakeup tree at e's position, unless a sleeping thread is
// a weak initial of it. Backtracking takes the leftmost wakeup sequence of the deepest position
// that has one.
//
// When every violation is collected (stop_on_violation off), an execution runs on past its
// first violation with the violating thread frozen, and that continuation is explored like any
// other subtree: a thread is put to sleep only after everything below its branch was explored,
// and a branch cut short at a violation would not have been.
//
// Blocking primitives need two adjustments, both in race_analysis.cpp: a race between a lock
// release and a later blocked acquire is reversed at the start of the release's holding period,
// and a read-side unlock never races with the grace period that waited for it.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "checker/add_context.h"
#include "checker/race_analysis.h"
#include "checker/strategies.h"

namespace checker {

namespace {

// A sleeping commuting add stays asleep past another add of its word's segment (q, just run) if it
// would still join the segment now: then running it first and q after is the same trace. The
// live segment is the one after q.
bool still_commutes(const Execution& ex, const EventDesc& asleep, const EventDesc& q) {
  if (!asleep.commuting_add || !q.commuting_add || asleep.races_with(q)) return false;
  const CommutingAdds* seg = ex.commuting_adds(q.acc[0].obj);
  return seg != nullptr && seg->open() &&
         seg->would_join(asleep.thread, 0, asleep.add_delta, asleep.add_lo, asleep.add_hi);
}

}  // namespace

DporExplorer::DporExplorer(const Program& p, const Bounds& b, const ExecutionObserver& o, const Cell* cell)
    : ExplorerBase(p, b, o), cell_(cell), root_(cell == nullptr ? 0 : cell->prefix.size()) {
  // Under the C11 memory model the order of two critical sections of one lock decides which
  // thread's release the other acquires, and with it which stores its later loads may still
  // read: race analysis lets two sections that share no data commute only when no later access
  // observed their order (section_observers.h).
  races_.set_lock_aware(b.lock_aware);
  part_of_split_ = cell != nullptr && (root_ > 0 || !cell->asleep.empty() || !cell->wakeup.empty());
  settled_ = cell != nullptr && cell->settled;
  if (cell != nullptr && cell->identities) adopt_identities(*cell->identities);
}

void DporExplorer::search() {
  for (;;) {
    const Execution* ex = execute(*this);
    if (ex == nullptr) {
      // Stopped early: the path now leads to the next branch, none of it run yet.
      report().estimate = size_estimate(0);
      return;
    }
    depth_ = std::min<std::size_t>(depth_, ex->position());
    if (depth_ > 0) nodes_[depth_ - 1].event = ex->events()[depth_ - 1];
    add_races(*ex);
    // Kept current only for an observer to read (a progress line); the report's is taken once.
    if (observed()) estimate_ = size_estimate(1);
    if (!backtrack()) {
      mark_exhaustive();
      report().estimate = static_cast<double>(report().executions + report().blocked);
      return;
    }
  }
}

ThreadId DporExplorer::pick(const Execution& ex, std::span<const ThreadId> enabled) {
  const std::uint32_t pos = ex.position();
  // A node keeps its event as it ran: a conditional update that failed only read.
  if (pos > 0) nodes_[pos - 1].event = ex.events()[pos - 1];
  if (pos < depth_) {
    Node& n = nodes_[pos];
    n.cursor = 0;
    // A wakeup sequence can name a thread that is disabled here (blocking, or a thread frozen
    // by a violation under another data-choice value): such branches are dropped.
    while (n.untried && !ex.is_enabled(n.event.thread)) {
      if (n.wakeup.empty()) return kNoThread;
      next_subtree_ = n.wakeup.take_first(&n.event);
    }
    n.untried = false;
    const ThreadId t = n.event.thread;
    if (!ex.is_enabled(t))
      throw std::runtime_error("the model is nondeterministic: replaying a DPOR prefix, " + ex.thread(t).name +
                               " is not enabled at step " + std::to_string(pos));
    n.event = ex.pending(t);
    return t;
  }
  if (pos < root_) return enter_cell(ex, pos);
  if (pos > 0 && !nodes_[pos - 1].values.empty() && !nodes_[pos - 1].subtree_for_values)
    nodes_[pos - 1].subtree_for_values = next_subtree_;
  Node& n = push_node();
  if (cell_ != nullptr && pos == root_) {
    n.sleep = cell_->asleep;
    n.inherited = cell_->inherited;
  } else if (pos > 0) {
    const Node& parent = nodes_[pos - 1];
    for (std::size_t i = 0; i < parent.sleep.size(); ++i)
      if (!parent.sleep[i].dependent(parent.event) || still_commutes(ex, parent.sleep[i], parent.event)) {
        n.sleep.push_back(parent.sleep[i]);
        if (i < parent.inherited) ++n.inherited;
      }
  }
  // Not one conditional expression: in `c ? cell_->wakeup : std::move(next_subtree_)` the moved
  // operand converts to the other's type, a const lvalue, so the assignment copied the whole
  // subtree (an allocation per node) on every new node where a move does.
  // An empty subtree is not moved in: the node's own (cleared) storage then takes the leaf added
  // below without allocating.
  if (cell_ != nullptr && pos == root_)
    n.wakeup = cell_->wakeup;
  else if (!next_subtree_.empty())
    n.wakeup = std::move(next_subtree_);
  next_subtree_ = WakeupTree{};
  auto asleep = [&](ThreadId t) {
    return std::any_of(n.sleep.begin(), n.sleep.end(), [t](const EventDesc& s) { return s.thread == t; });
  };
  // Only a split search (remaining_cells) reads the enabled set: the classic one skips it.
  if (cell_ != nullptr)
    for (ThreadId c : enabled) {
      if (c < 64)
        n.enabled |= std::uint64_t{1} << c;
      else
        n.enabled_beyond = true;
    }
  while (!n.wakeup.empty() && !ex.is_enabled(n.wakeup.first().thread)) n.wakeup.drop_first();
  if (n.wakeup.empty() && settled_ && pos == root_) {  // none of the given branches can run here
    --depth_;
    return kNoThread;
  }
  if (n.wakeup.empty()) {
    ThreadId t = kNoThread;
    const ThreadId last = ex.last_thread();
    if (last != kNoThread && ex.is_enabled(last) && !asleep(last)) {
      t = last;
    } else {
      for (ThreadId c : enabled)
        if (!asleep(c)) {
          t = c;
          break;
        }
    }
    if (t == kNoThread) {  // sleep-set blocked
      --depth_;
      return kNoThread;
    }
    n.wakeup.add_leaf(ex.pending(t));
  }
  next_subtree_ = n.wakeup.take_first(&n.event);
  n.event = ex.pending(n.event.thread);
  return n.event.thread;
}

// A cell's prefix, fixed. Later executions replay these nodes like any other; backtracking
// never reaches them.
ThreadId DporExplorer::enter_cell(const Execution& ex, std::uint32_t pos) {
  const ThreadId t = cell_->prefix[pos];
  if (!ex.is_enabled(t))
    throw std::runtime_error("the model is nondeterministic: replaying cell " + cell_->describe() + ", " +
                             ex.thread(t).name + " is not enabled at step " + std::to_string(pos));
  Node& n = push_node();
  n.event = ex.pending(t);
  return t;
}


DporExplorer::Node& DporExplorer::push_node() {
  if (depth_ == nodes_.size()) nodes_.emplace_back();
  Node& n = nodes_[depth_++];
  n.sleep.clear();
  n.inherited = 0;
  n.enabled = 0;
  n.enabled_beyond = false;
  n.wakeup.clear();  // keeps the storage: most nodes take one leaf (pick)
  n.values.clear();
  n.limits.clear();
  n.cursor = 0;
  n.subtree_for_values.reset();
  n.untried = false;
  n.explored = 0;
  return n;
}

double DporExplorer::size_estimate(double below) const {
  double done = below;  // of the subtree below the path's last node
  for (std::size_t i = depth_; i-- > root_;) {
    const Node& n = nodes_[i];
    // Data choices first (an odometer, the last turning fastest), then the node's threads.
    double value_index = 0, values = 1;
    for (std::size_t j = 0; j < n.values.size(); ++j) {
      value_index = value_index * n.limits[j] + n.values[j];
      values *= n.limits[j];
    }
    const double threads = static_cast<double>(n.explored) + 1 + static_cast<double>(n.wakeup.branches());
    done = (n.explored + (value_index + done) / values) / threads;
  }
  const double executions = static_cast<double>(report().executions + report().blocked);
  return done > 0 ? executions / done : 0;
}

std::uint32_t DporExplorer::choose(const Execution& ex, std::uint32_t n) {
  Node& node = nodes_.at(ex.position() - 1);
  if (node.cursor < node.values.size()) return node.values[node.cursor++];
  node.values.push_back(0);
  node.limits.push_back(n);
  ++node.cursor;
  return 0;
}

namespace {

// Every field of a wakeup sequence and where it is reversed, to find the repeats of a race. A
// field left out would make two different races one: a field added to EventDesc must be added
// here too, as in cell_codec.cpp.
static_assert(sizeof(EventDesc) == 56, "EventDesc changed: update race_above_key");
// Written into `key` (cleared first), so that a worker reuses one buffer for every race.
void race_above_key(std::uint32_t at, std::span<const EventDesc> v, std::string& key) {
  key.clear();
  auto put = [&key](std::uint64_t x) { key.append(reinterpret_cast<const char*>(&x), sizeof x); };
  put(at);
  for (const EventDesc& e : v) {
    put(e.thread);
    put(static_cast<std::uint64_t>(e.kind) | std::uint64_t{e.await} << 8 | std::uint64_t{e.shared} << 9 |
        std::uint64_t{e.failed_update} << 10 | std::uint64_t{e.commuting_add} << 11 |
        std::uint64_t{e.commutable} << 12 | static_cast<std::uint64_t>(e.update_if) << 16);
    put(static_cast<std::uint32_t>(e.add_delta));
    put(static_cast<std::uint64_t>(static_cast<std::uint32_t>(e.add_lo)) << 32 | static_cast<std::uint32_t>(e.add_hi));
    put(e.compare);
    for (const Access& a : e.acc) put(std::uint64_t{a.obj} << 32 | std::uint64_t{a.cell} << 8 | static_cast<std::uint64_t>(a.mode));
    put(std::uint64_t{e.period_start} << 32 | e.second_start);
  }
}

}  // namespace

const std::vector<EventDesc>& DporExplorer::root_sleep() const {
  static const std::vector<EventDesc> none;
  if (nodes_.size() > root_) return nodes_[root_].sleep;
  return cell_ != nullptr ? cell_->asleep : none;
}

void DporExplorer::add_races(const Execution& ex) {
  races_.for_each_reversible_race(ex, [&](std::uint32_t e, std::span<const EventDesc> v) {
    if (settled_ && e <= root_) {  // settled with the races other cells reverse into that node
      if (e == root_) {  // unless a branch this cell explored there first covers it
        const Node& at = nodes_.at(e);
        const AddContext adds(ex, e, v);
        for (std::size_t i = cell_->asleep.size(); i < at.sleep.size(); ++i)
          if (weak_initial(at.sleep[i], v, &adds)) return;
      }
      // Most races above are repeats: their key is built in a buffer of this thread and copied
      // into the set only when new (the set looks a key up before it allocates).
      thread_local std::string key;
      race_above_key(e, v, key);
      if (races_above_seen_.insert(key).second)
        races_above_.push_back(RaceAbove{e, std::vector<EventDesc>(v.begin(), v.end())});
      return;
    }
    if (e < root_) return;  // reversed above the cell: other cells hold those traces
    Node& at = nodes_.at(e);
    const AddContext adds(ex, e, v);
    // A thread this search put to sleep here had its subtree explored from here, with its races
    // reversed into this node: v is redundant when that thread could be added in front of it.
    // One asleep since the cell's root was explored by another cell, which reversed nothing
    // here: v is redundant only when that thread's event already leads it.
    for (std::size_t i = 0; i < at.sleep.size(); ++i)
      if (i < at.inherited ? initial(at.sleep[i], v) : weak_initial(at.sleep[i], v, &adds)) return;
    at.wakeup.insert(v, &adds);
  });
}

bool DporExplorer::backtrack() {
  next_subtree_ = WakeupTree{};
  while (depth_ > root_) {
    Node& n = top();
    while (!n.values.empty()) {  // the other values of this event's data choices first
      if (n.values.back() + 1 < n.limits.back()) {
        ++n.values.back();
        if (n.subtree_for_values) next_subtree_ = *n.subtree_for_values;
        return true;
      }
      n.values.pop_back();
      n.limits.pop_back();
    }
    n.subtree_for_values.reset();
    n.sleep.push_back(n.event);
    ++n.explored;
    if (!n.wakeup.empty()) {
      next_subtree_ = n.wakeup.take_first(&n.event);
      n.untried = true;
      return true;
    }
    --depth_;
  }
  return false;
}

}  // namespace checker
