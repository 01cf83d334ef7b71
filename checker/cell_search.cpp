#include "checker/cell_search.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <optional>
#include <stdexcept>

#include "checker/cell_workers.h"
#include "checker/strategies.h"

namespace checker {

std::string Cell::describe() const {
  if (prefix.empty()) return "root";
  std::string s;
  for (const ThreadId t : prefix) s += (s.empty() ? "t" : ".t") + std::to_string(t);
  return s;
}

std::string cell_id_text(const CellId& id) {
  if (id.empty()) return "root";
  std::string s;
  for (const std::uint32_t i : id) s += (s.empty() ? "" : ".") + std::to_string(i);
  return s;
}

CellResult explore_cell(const Program& program, const Bounds& bounds, const Cell& cell,
                        const ExecutionObserver& observer, std::vector<Cell>& parts) {
  Bounds b = bounds;
  b.max_executions = bounds.dpor_pilot;
  DporExplorer pilot(program, b, observer, &cell);
  CellResult out{pilot.run(), 0};
  if (out.report.stop != StopReason::ExecutionBudget) return out;
  if (std::optional<std::vector<Cell>> rest = pilot.remaining_cells()) {
    // The pilot's executions stand; the rest of the cell is explored as its parts.
    out.report.stop = StopReason::Exhausted;
    out.parts = static_cast<std::uint32_t>(rest->size());
    for (Cell& c : *rest) parts.push_back(std::move(c));
    return out;
  }
  b.max_executions = 0;  // cannot be split: explored whole
  out.report = DporExplorer(program, b, observer, &cell).run();
  return out;
}

namespace {

// The conservative cells of shards: a cell's parts are explored as they come, with nothing
// passed between cells.
struct ExploredCell {
  CellResult result;
  std::vector<Cell> parts;
};

class CellSearch final : public CellWorkers<Cell, ExploredCell> {
 public:
  CellSearch(const Program& program, const Bounds& bounds, std::map<CellId, Cell> cells,
             const ExecutionObserver& observer)
      : CellWorkers(bounds, observer), program_(program) {
    queue_ = std::move(cells);
  }

  CellResults run() {
    run_workers();
    return std::move(done_);
  }

 private:
  ExploredCell explore(const CellId&, const Cell& cell, const Bounds& bounds,
                       const ExecutionObserver& observer) override {
    ExploredCell out;
    out.result = explore_cell(program_, bounds, cell, observer, out.parts);
    return out;
  }

  void complete(const CellId& id, Cell, std::optional<ExploredCell> ex) override {
    if (!ex || ex->result.report.stop == StopReason::Cancelled) return;
    for (std::uint32_t i = 0; i < ex->parts.size(); ++i) {
      CellId child = id;
      child.push_back(i);
      queue_.emplace(std::move(child), std::move(ex->parts[i]));
    }
    if (ex->result.report.violation) found_violation_locked(id);
    done_.emplace(id, std::move(ex->result));
  }

  const Program& program_;
  CellResults done_;  // under the lock
};

}  // namespace

CellResults explore_cells(const Program& program, const Bounds& bounds, std::map<CellId, Cell> cells,
                          const ExecutionObserver& observer) {
  Bounds b = bounds;
  b.threads = std::max(1u, bounds.threads);
  return CellSearch(program, b, std::move(cells), observer).run();
}

namespace {

// Adds one cell's report to `out`; true when the search stops there (a violation it stops on, or
// a setup that failed).
bool add_cell(Report& out, const Report& r, const Bounds& bounds) {
  ++out.cells;
  out.executions += r.executions;
  out.blocked += r.blocked;
  out.events += r.events;
  out.seconds += r.seconds;
  for (const Violation& v : r.all_violations) add_distinct(out.all_violations, v);
  if (r.violation && !out.violation) {
    out.violation = r.violation;
    out.counterexample = r.counterexample;
  }
  if (r.stop == StopReason::SetupFailed) {
    out.stop = r.stop;
    out.setup_context = r.setup_context;
    return true;
  }
  if (r.violation && bounds.stop_on_violation) {
    out.stop = StopReason::Violation;
    return true;
  }
  return false;
}

Report empty_split_report() {
  Report out;
  out.cells = 0;  // those before the first violation: later ones may have finished as well
  out.strategy = Strategy::Dpor;
  out.stop = StopReason::Exhausted;
  return out;
}

void finish_split_report(Report& out) {
  if (out.violation) out.verdict = out.violation->verdict;
  out.exhaustive = out.stop == StopReason::Exhausted;
  out.estimate = out.exhaustive ? static_cast<double>(out.executions + out.blocked) : 0;
}

}  // namespace

Report merge_cells(const CellResults& cells, const Bounds& bounds) {
  const auto root = cells.find(CellId{});
  if (root == cells.end()) throw IncompleteCells("no result for the root cell");
  if (cells.size() == 1 && root->second.parts == 0) return root->second.report;  // never split
  Report out = empty_split_report();
  // The cells a report needs: the root, and the parts of every split cell met before the
  // first violation. Ids come in search order, so each is known before it is met.
  std::vector<CellId> needed{CellId{}};
  for (auto& [id, c] : cells) {
    const auto at = std::lower_bound(needed.begin(), needed.end(), id);
    if (at == needed.end() || *at != id) continue;  // a part of a cell after the first violation
    if (at != needed.begin()) throw IncompleteCells("no result for cell " + cell_id_text(needed.front()));
    needed.erase(at);
    for (std::uint32_t i = 0; i < c.parts; ++i) {
      CellId child = id;
      child.push_back(i);
      needed.insert(std::upper_bound(needed.begin(), needed.end(), child), std::move(child));
    }
    if (add_cell(out, c.report, bounds)) {
      needed.clear();
      break;
    }
  }
  if (!needed.empty()) throw IncompleteCells("no result for cell " + cell_id_text(needed.front()));
  finish_split_report(out);
  return out;
}

namespace {

// A settled search: the split search explore_dpor runs on this machine (the file's header
// comment in cell_search.h says why and how).
constexpr std::uint32_t kSupplement = 1u << 31;  // a supplement's index: after every part of its node
constexpr std::size_t kNoSlot = ~std::size_t{0};
// A cell below the whole search's root runs a pilot of half the root's before it is split: a
// pilot runs on one core, and the pilots of cells that a settlement or a split leaves on their
// own are most of what runs on one core (cell timelines of vswap/triples/zswap_wb_swapoff_swapin
// on two threads, ideal schedule from each cell's CPU time: pilots of 2000 leave 22% of the time
// to one worker, 1000 15%, 500 10%, 250 9%). Smaller pilots cut the search at more nodes, and a
// race that reaches a node after the branch it would have extended was explored repeats part of
// it: 285,377 executions with 2000, 294,428 with 1000, 300,710 with 500, 330,133 with 250 (the
// classic search: 244,125). Half is the fastest on two threads of those; the root keeps the
// whole pilot, so a search that small is still the classic one.
std::uint64_t nested_pilot(const Bounds& bounds) { return std::max<std::uint64_t>(1, bounds.dpor_pilot / 2); }

// Wakeup sequences one cell met, written in its numbering of threads and objects.
struct FoundRaces {
  std::shared_ptr<const IdentityRegistry> ids;
  std::vector<std::vector<EventDesc>> sequences;
};

// The numbering of several cells at once, when they agree: every (creator, seq) has one number
// and every number one (creator, seq). Cells below a node all extend the numbering that reached
// it, and each numbers what it creates afterwards in the order it meets it.
class Numbering {
 public:
  // False (and nothing added) when `r` gives a number another meaning than the numbering so far.
  bool add(const IdentityRegistry& r) { return add(objects_, r.objects()) && add(threads_, r.threads()); }
  std::shared_ptr<const IdentityRegistry> registry() const {
    auto out = std::make_shared<IdentityRegistry>();
    std::map<std::uint64_t, std::uint32_t> objects, threads;
    for (const auto& [n, key] : objects_) objects.emplace(key, n);
    for (const auto& [n, key] : threads_) threads.emplace(key, n);
    if (!IdentityRegistry::from_numbering(objects, threads, *out))
      throw std::logic_error("settled search: numberings that agree left a gap");
    return out;
  }

 private:
  using ByNumber = std::map<std::uint32_t, std::uint64_t>;
  static bool add(ByNumber& into, const std::map<std::uint64_t, std::uint32_t>& more) {
    for (const auto& [key, n] : more)
      if (auto it = into.find(n); it != into.end() && it->second != key) return false;
    // A number is one key's: a key with two numbers would also fail here, on one of them.
    std::map<std::uint64_t, std::uint32_t> keys;
    for (const auto& [n, key] : into) keys.emplace(key, n);
    for (const auto& [key, n] : more)
      if (auto it = keys.find(key); it != keys.end() && it->second != n) return false;
    for (const auto& [key, n] : more) into.emplace(n, key);
    return true;
  }
  ByNumber objects_, threads_;
};

// A node of the search tree that a pilot stopped below: every cell rooted at it or below it
// reports here what it explored at the node and the races it would reverse into it.
struct Slot {
  std::size_t parent = kNoSlot;                  // the node above it that is a slot too
  std::vector<std::size_t> chain;                // the slots from the start down to this one
  std::vector<ThreadId> prefix;                  // the schedule that reaches the node
  std::shared_ptr<const IdentityRegistry> ids;   // the numbering its events are written in
  CellId anchor;                                 // supplements are anchor.(kSupplement + s)
  std::uint32_t supplements = 0;
  std::uint64_t enabled = ~std::uint64_t{0};      // the node's enabled threads (Cell::enabled)
  // Cells rooted here not yet explored, and slots just below not yet settled; 0: settle.
  std::uint32_t outstanding = 0;
  // The sleep sets cells left here: a split cell's pilot (what it explored before and on its
  // path, under the split cell's id), a cell that ended here (under its own).
  std::map<CellId, std::vector<EventDesc>> asleep;
  // The wakeup trees given to cells rooted here: a split cell's pilot's (what its part at this
  // node explored first), under the split cell's id, and each supplement's, under its own.
  std::map<CellId, WakeupTree> given;
  std::map<CellId, FoundRaces> races;  // not settled yet, by the cell that met them
};

struct Job {
  Cell cell;
  std::vector<std::size_t> chain;  // the slot of each node of the prefix, then of the root
};

struct Explored {
  CellResult result;
  bool cancelled = false;
  std::vector<Cell> parts;  // remaining_cells(true) when the pilot did not finish the cell
  std::vector<DporExplorer::RaceAbove> races;
  std::shared_ptr<const IdentityRegistry> ids;  // the numbering `races` are written in
  std::vector<EventDesc> root_sleep;  // when not split
};

Explored explore_settled(const Program& program, const Bounds& bounds, const Cell& cell,
                         const ExecutionObserver& observer) {
  Bounds b = bounds;
  b.max_executions = bounds.dpor_pilot;
  if (!cell.prefix.empty() || !cell.wakeup.empty()) b.max_executions = nested_pilot(bounds);
  DporExplorer pilot(program, b, observer, &cell);
  Explored out;
  out.result.report = pilot.run();
  out.races = pilot.races_above();
  out.ids = std::make_shared<const IdentityRegistry>(pilot.numbering());
  if (out.result.report.stop == StopReason::ExecutionBudget) {
    if (std::optional<std::vector<Cell>> rest = pilot.remaining_cells(true); rest && !rest->empty()) {
      out.result.report.stop = StopReason::Exhausted;  // the pilot's executions stand
      out.parts = std::move(*rest);
      return out;
    }
    b.max_executions = 0;  // cannot be split: explored whole
    DporExplorer whole(program, b, observer, &cell);
    out.result.report = whole.run();
    out.races = whole.races_above();
    out.ids = std::make_shared<const IdentityRegistry>(whole.numbering());
    out.root_sleep = whole.root_sleep();
  } else {
    out.root_sleep = pilot.root_sleep();
  }
  out.cancelled = out.result.report.stop == StopReason::Cancelled;
  return out;
}

CellId child_of(const CellId& id, std::uint32_t i) {
  CellId c = id;
  c.push_back(i);
  return c;
}

// The branches a settled cell's root explores, each as a cell of its own: branch j has the
// events of branches 0..j-1 asleep, as the one cell has once it explored them, so the cells
// explore what the one cell would, and settle the same (each race found below branch j is
// judged against what was explored before it), but run at once. Without this the branches of a
// node run one after another: a cell explores its first branch, its pilot stops, and the
// branches left at its root wait in one part for the next pilot, on one core while the other
// parts run out. A branch whose thread cannot run at the root explores nothing there (the one
// cell drops it) and is left out.
std::vector<Cell> branch_cells(Cell cell) {
  std::vector<Cell> out;
  while (!cell.wakeup.empty()) {
    EventDesc first;
    WakeupTree below = cell.wakeup.take_first(&first);
    if (first.thread < 64 && (cell.enabled >> first.thread & 1) == 0) continue;
    Cell c{cell.prefix, cell.asleep, 0, WakeupTree{}, cell.identities};
    c.wakeup.put_back(first, std::move(below));
    c.settled = true;
    c.enabled = cell.enabled;
    out.push_back(std::move(c));
    cell.asleep.push_back(first);
  }
  return out;
}

// Whether `held`, a branch's first event as its wakeup tree holds it, stands for `ran`, the same
// event as it ran, in a sleep set without pruning more than `ran` would: equal in every field
// that dependence, weak initials and commuting adds read, except that an update the tree holds
// as succeeding may have failed, and an add the tree holds as a plain write may have joined its
// segment of commuting adds (race analysis leaves that flag off when the add leads its
// sequence). Both make `held` dependent on more events than `ran`: its thread wakes sooner and
// leads fewer sequences, so the cells after it explore a little more, never less.
bool stands_for(const EventDesc& held, const EventDesc& ran) {
  if (held.thread != ran.thread || held.kind != ran.kind || held.await != ran.await || held.shared != ran.shared ||
      (held.failed_update && !ran.failed_update) || (held.commuting_add && !ran.commuting_add) ||
      held.commutable != ran.commutable || held.update_if != ran.update_if || held.add_delta != ran.add_delta ||
      held.add_lo != ran.add_lo || held.add_hi != ran.add_hi || held.compare != ran.compare)
    return false;
  for (int k = 0; k < 2; ++k)
    if (held.acc[k].obj != ran.acc[k].obj || held.acc[k].cell != ran.acc[k].cell || held.acc[k].mode != ran.acc[k].mode)
      return false;
  return true;
}

class SettledSearch final : public CellWorkers<Job, Explored> {
 public:
  SettledSearch(const Program& program, const Bounds& bounds, const ExecutionObserver& observer)
      : CellWorkers(bounds, observer), program_(program) {
    Slot start;
    start.chain = {0};
    start.outstanding = 1;
    slots_.push_back(std::move(start));
    queue_.emplace(CellId{}, Job{Cell{}, {0}});
  }

  Report run() {
    run_workers();
    if (!split_) return done_.at(CellId{}).report;  // the pilot finished: the classic search
    Report out = empty_split_report();
    for (const auto& [id, r] : done_)
      if (add_cell(out, r.report, bounds_)) break;
    finish_split_report(out);
    return out;
  }

 private:
  Explored explore(const CellId&, const Job& job, const Bounds& bounds, const ExecutionObserver& observer) override {
    return explore_settled(program_, bounds, job.cell, observer);
  }

  void complete(const CellId& id, Job job, std::optional<Explored> ex) override {
    if (!ex) {
      ex.emplace();
      ex->cancelled = true;
    }
    file(id, std::move(job), std::move(*ex));
  }

  // Files what the cell found with the slots of its nodes, queues its parts, and settles the
  // slots nothing is left below.
  void file(const CellId& id, Job job, Explored ex) {
    const std::size_t own = job.chain.back();
    check_branch(id, job, ex);
    if (!ex.cancelled) {
      for (DporExplorer::RaceAbove& r : ex.races) {
        FoundRaces& found = slots_[job.chain[r.at]].races[id];
        found.ids = ex.ids;
        found.sequences.push_back(std::move(r.sequence));
      }
      if (ex.parts.empty()) slots_[own].asleep[id] = std::move(ex.root_sleep);
      file_parts(id, job, ex.parts);
      if (ex.result.report.violation) found_violation_locked(id);
      ex.result.parts = static_cast<std::uint32_t>(ex.parts.size());
      done_.emplace(id, std::move(ex.result));
    }
    --slots_[own].outstanding;
    settle(own);
  }

  // The parts of a split cell, one per node of the pilot's path from the deepest up to the
  // root: new slots for the nodes below the root, each part queued unless it has nothing to
  // explore yet (its sleep set still counts for its node).
  void file_parts(const CellId& id, const Job& job, std::vector<Cell>& parts) {
    if (parts.empty()) return;
    if (id.empty()) split_ = true;
    const std::size_t root = job.cell.prefix.size(), deepest = root + parts.size() - 1;
    std::vector<std::size_t> chain = job.chain;
    for (std::size_t k = root + 1; k <= deepest; ++k) {
      const std::size_t i = deepest - k;
      Slot s;
      s.parent = chain.back();
      s.prefix = parts[i].prefix;
      s.ids = parts[i].identities;
      s.anchor = child_of(id, static_cast<std::uint32_t>(i));
      s.outstanding = k < deepest ? 1 : 0;  // the slot below
      chain.push_back(slots_.size());
      s.chain = chain;
      slots_.push_back(std::move(s));
    }
    if (deepest > root) ++slots_[job.chain.back()].outstanding;
    for (std::size_t k = root; k <= deepest; ++k) {
      const std::size_t i = deepest - k;
      Slot& s = slots_[chain[k]];
      const CellId part = child_of(id, static_cast<std::uint32_t>(i));
      s.asleep[id] = parts[i].asleep;
      s.enabled = parts[i].enabled;
      if (parts[i].wakeup.empty()) continue;
      s.given[id] = parts[i].wakeup;
      queue_branches(chain[k], part, std::move(parts[i]), std::vector<std::size_t>(chain.begin(), chain.begin() + k + 1));
    }
    // A deepest node none of whose branches can run has nothing below it: settle it now.
    if (deepest > root && slots_[chain.back()].outstanding == 0) settle(chain.back());
  }

  // Queues the branches of `cell`, rooted at slot `at`'s node, as cells group.0, group.1, ...
  // (branch_cells).
  void queue_branches(std::size_t at, const CellId& group, Cell cell, const std::vector<std::size_t>& chain) {
    std::vector<Cell> cells = branch_cells(std::move(cell));
    for (std::uint32_t j = 0; j < cells.size(); ++j) {
      const CellId id = child_of(group, j);
      branch_event_.emplace(id, cells[j].wakeup.first());
      ++slots_[at].outstanding;
      queue_.emplace(id, Job{std::move(cells[j]), chain});
    }
  }

  // The later branches of a root had this branch's event asleep as the branch tree held it
  // (branch_cells); the sleep set of a cell that explores them all holds it as it ran. Race
  // analysis writes every event of a wakeup sequence as its thread performs it there, so the
  // two agree; a difference would let those cells prune what this one did not explore.
  void check_branch(const CellId& id, const Job& job, const Explored& ex) {
    const auto expected = branch_event_.find(id);
    if (expected == branch_event_.end()) return;
    const EventDesc want = expected->second;
    branch_event_.erase(expected);
    if (ex.cancelled || ex.result.report.stop != StopReason::Exhausted) return;  // the branch may not be done
    const std::vector<EventDesc>* sleep = &ex.root_sleep;
    if (!ex.parts.empty() && ex.parts.back().prefix.size() == job.cell.prefix.size()) sleep = &ex.parts.back().asleep;
    else if (!ex.parts.empty()) return;
    if (sleep->empty() || sleep->back().thread != want.thread) return;  // never ran at the root
    if (!stands_for(want, sleep->back()))
      throw std::logic_error("settled search: cell " + cell_id_text(id) +
                             " ran its root's branch as another event than its wakeup tree held");
  }

  // Every cell at or below the slot's node is done: the races they met there are inserted
  // against everything explored there (each in cell order, each a branch unless a sleeping
  // event is a weak initial of it). What is left is one more cell rooted at the node; with
  // nothing left, the node is settled, and the slot above may be next.
  void settle(std::size_t at) {
    while (at != kNoSlot && slots_[at].outstanding == 0) {
      Slot& s = slots_[at];
      std::vector<EventDesc> asleep;
      for (const auto& [id, events] : s.asleep)
        for (const EventDesc& e : events)
          if (std::none_of(asleep.begin(), asleep.end(), [&](const EventDesc& a) { return a.thread == e.thread; }))
            asleep.push_back(e);
      Numbering numbering;
      if (s.ids) numbering.add(*s.ids);
      WakeupTree branches;
      std::vector<CellId> taken;
      for (const auto& [id, found] : s.races) {
        if (!numbering.add(*found.ids)) continue;  // numbered apart from those before: a later round
        taken.push_back(id);
        for (const std::vector<EventDesc>& v : found.sequences)
          if (!explored_before(s, id, v)) branches.insert(v);
      }
      for (const CellId& id : taken) s.races.erase(id);
      const CellId supplement = child_of(s.anchor, kSupplement + s.supplements);
      if (cancelled_locked(supplement)) {
        s.races.clear();
      } else if (!branches.empty()) {
        ++s.supplements;
        s.given[supplement] = branches;
        Cell c{s.prefix, std::move(asleep), 0, std::move(branches), numbering.registry()};
        c.settled = true;
        c.enabled = s.enabled;
        queue_branches(at, supplement, std::move(c), s.chain);
        if (slots_[at].outstanding > 0) return;
        continue;  // no branch can run here: the node is settled as it is
      }
      if (!s.races.empty()) continue;  // races numbered apart: the next round takes them
      at = s.parent;
      if (at != kNoSlot) --slots_[at].outstanding;
    }
  }

  // Whether what was explored at the node before the cell that found `v` covers it, as it
  // would have in the classic search, which inserts v while that cell's branch is explored: a
  // sleeping thread (explored before it) is a weak initial of v, or the wakeup tree a pilot left
  // here before it would have taken v in without growing (a leaf, or a path, already covers v).
  // Whatever was explored after that cell's branch had the branch asleep and leaned on its
  // subtree, whose races these are: it must not prune them (one that did lost traces).
  static bool explored_before(const Slot& s, const CellId& found_by, const std::vector<EventDesc>& v) {
    for (const auto& [by, events] : s.asleep) {
      if (!(by < found_by)) break;
      for (const EventDesc& a : events)
        if (weak_initial(a, v)) return true;
    }
    for (const auto& [by, tree] : s.given) {
      if (found_by < by) break;
      WakeupTree grown = tree;
      const std::size_t before = grown.size();
      grown.insert(v);
      if (grown.size() == before) return true;
    }
    return false;
  }

  const Program& program_;
  // Under the workers' lock:
  std::deque<Slot> slots_;
  std::map<CellId, EventDesc> branch_event_;  // each queued branch cell's root event (check_branch)
  bool split_ = false;  // the root's pilot did not finish it
  CellResults done_;
};

}  // namespace

Report explore_dpor(const Program& program, const Bounds& bounds, const ExecutionObserver& observer) {
  const bool budgeted = bounds.max_executions != 0 || bounds.time_limit_seconds > 0;
  if (budgeted || bounds.threads == 0 || bounds.dpor_pilot == 0) return DporExplorer(program, bounds, observer).run();
  const auto start = std::chrono::steady_clock::now();
  Bounds b = bounds;
  b.threads = std::max(1u, bounds.threads);
  Report out = SettledSearch(program, b, observer).run();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace checker
