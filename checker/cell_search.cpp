#include "checker/cell_search.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

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

class CellSearch {
 public:
  CellSearch(const Program& program, const Bounds& bounds, std::map<CellId, Cell> cells,
             const ExecutionObserver& observer)
      : program_(program), bounds_(bounds), observer_(observer), queue_(std::move(cells)) {
    if (observer_ && bounds_.threads > 1)
      shared_observer_ = [this](const Execution& ex) {
        std::lock_guard<std::mutex> hold(observe_);
        observer_(ex);
      };
  }

  CellResults run() {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < bounds_.threads; ++t) pool.emplace_back([this] { work(); });
    work();
    for (std::thread& t : pool) t.join();
    if (failure_) std::rethrow_exception(failure_);
    return std::move(done_);
  }

 private:
  void work() {
    std::unique_lock<std::mutex> hold(lock_);
    for (;;) {
      ready_.wait(hold, [this] { return !queue_.empty() || busy_ == 0 || failure_; });
      if (failure_ || queue_.empty()) return;
      auto node = queue_.extract(queue_.begin());
      if (cancelled_locked(node.key())) continue;
      ++busy_;
      hold.unlock();
      try {
        explore(node.key(), node.mapped());
      } catch (...) {
        hold.lock();
        if (!failure_) failure_ = std::current_exception();
        --busy_;
        ready_.notify_all();
        return;
      }
      hold.lock();
      --busy_;
      ready_.notify_all();
    }
  }

  // A cell after the first violation found so far: its result would not be reported.
  bool cancelled_locked(const CellId& id) const {
    return bounds_.stop_on_violation && first_violation_ && *first_violation_ < id;
  }

  void explore(const CellId& id, const Cell& cell) {
    Bounds b = bounds_;
    b.should_stop = [this, &id] {
      if (!any_violation_.load(std::memory_order_acquire)) return false;
      std::lock_guard<std::mutex> hold(lock_);
      return cancelled_locked(id);
    };
    std::vector<Cell> parts;
    CellResult r = explore_cell(program_, b, cell, shared_observer_ ? shared_observer_ : observer_, parts);
    if (r.report.stop == StopReason::Cancelled) return;
    std::lock_guard<std::mutex> hold(lock_);
    for (std::uint32_t i = 0; i < parts.size(); ++i) {
      CellId child = id;
      child.push_back(i);
      queue_.emplace(std::move(child), std::move(parts[i]));
    }
    if (r.report.violation && bounds_.stop_on_violation && (!first_violation_ || id < *first_violation_)) {
      first_violation_ = id;
      any_violation_.store(true, std::memory_order_release);
    }
    done_.emplace(id, std::move(r));
    ready_.notify_all();
  }

  const Program& program_;
  const Bounds& bounds_;
  const ExecutionObserver& observer_;
  ExecutionObserver shared_observer_;  // the observer, one execution at a time
  std::mutex observe_;

  std::mutex lock_;  // everything below
  std::condition_variable ready_;
  std::map<CellId, Cell> queue_;  // taken lowest first: the cells a violation cannot cancel
  unsigned busy_ = 0;
  CellResults done_;
  std::optional<CellId> first_violation_;
  std::atomic<bool> any_violation_{false};
  std::exception_ptr failure_;
};

}  // namespace

CellResults explore_cells(const Program& program, const Bounds& bounds, std::map<CellId, Cell> cells,
                          const ExecutionObserver& observer) {
  Bounds b = bounds;
  b.threads = std::max(1u, bounds.threads);
  return CellSearch(program, b, std::move(cells), observer).run();
}

Report merge_cells(const CellResults& cells, const Bounds& bounds) {
  const auto root = cells.find(CellId{});
  if (root == cells.end()) throw IncompleteCells("no result for the root cell");
  if (cells.size() == 1 && root->second.parts == 0) return root->second.report;  // never split
  Report out;
  out.cells = 0;  // those before the first violation: later ones may have finished as well
  out.strategy = Strategy::Dpor;
  out.stop = StopReason::Exhausted;
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
    const Report& r = c.report;
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
      needed.clear();
      break;
    }
    if (r.violation && bounds.stop_on_violation) {
      out.stop = StopReason::Violation;
      needed.clear();
      break;
    }
  }
  if (!needed.empty()) throw IncompleteCells("no result for cell " + cell_id_text(needed.front()));
  if (out.violation) out.verdict = out.violation->verdict;
  out.exhaustive = out.stop == StopReason::Exhausted;
  out.estimate = out.exhaustive ? static_cast<double>(out.executions + out.blocked) : 0;
  return out;
}

Report explore_dpor(const Program& program, const Bounds& bounds, const ExecutionObserver& observer) {
  const bool budgeted = bounds.max_executions != 0 || bounds.time_limit_seconds > 0;
  if (budgeted || bounds.threads == 0 || bounds.dpor_pilot == 0) return DporExplorer(program, bounds, observer).run();
  const auto start = std::chrono::steady_clock::now();
  std::map<CellId, Cell> root;
  root.emplace(CellId{}, Cell{});
  Report out = merge_cells(explore_cells(program, bounds, std::move(root), observer), bounds);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace checker
