#include "checker/cell_search.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
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

namespace {

// A cell's place in the search: the child indices from the root. Lexicographic order is the
// order the classic search meets the cells' traces in.
using CellId = std::vector<std::uint32_t>;

class CellSearch {
 public:
  CellSearch(const Program& program, const Bounds& bounds, const ExecutionObserver& observer)
      : program_(program), bounds_(bounds), observer_(observer) {
    if (observer_ && bounds_.threads > 1)
      shared_observer_ = [this](const Execution& ex) {
        std::lock_guard<std::mutex> hold(observe_);
        observer_(ex);
      };
  }

  Report run() {
    const auto start = std::chrono::steady_clock::now();
    queue_.emplace(CellId{}, Cell{});
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < bounds_.threads; ++t) pool.emplace_back([this] { work(); });
    work();
    for (std::thread& t : pool) t.join();
    if (failure_) std::rethrow_exception(failure_);
    Report out = merge();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
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
    b.max_executions = bounds_.dpor_pilot;
    b.should_stop = [this, &id] {
      if (!any_violation_.load(std::memory_order_acquire)) return false;
      std::lock_guard<std::mutex> hold(lock_);
      return cancelled_locked(id);
    };
    const ExecutionObserver& observer = shared_observer_ ? shared_observer_ : observer_;
    DporExplorer pilot(program_, b, observer, &cell);
    Report r = pilot.run();
    if (r.stop == StopReason::ExecutionBudget) {
      if (std::optional<std::vector<Cell>> parts = pilot.remaining_cells()) {
        // The pilot's executions stand; the rest of the cell is explored as its parts.
        r.stop = StopReason::Exhausted;
        std::lock_guard<std::mutex> hold(lock_);
        for (std::uint32_t i = 0; i < parts->size(); ++i) {
          CellId child = id;
          child.push_back(i);
          queue_.emplace(std::move(child), std::move((*parts)[i]));
        }
        done_.emplace(id, std::move(r));
        ready_.notify_all();
        return;
      }
      b.max_executions = 0;  // cannot be split: explored whole
      r = DporExplorer(program_, b, observer, &cell).run();
    }
    if (r.stop == StopReason::Cancelled) return;
    std::lock_guard<std::mutex> hold(lock_);
    if (r.violation && bounds_.stop_on_violation && (!first_violation_ || id < *first_violation_)) {
      first_violation_ = id;
      any_violation_.store(true, std::memory_order_release);
    }
    done_.emplace(id, std::move(r));
  }

  // The cells' reports in search order, as one search would have reported them.
  Report merge() {
    if (done_.size() == 1 && done_.begin()->first.empty()) return done_.begin()->second;  // never split
    Report out;
    out.cells = 0;  // those before the first violation: later ones may have finished as well
    out.strategy = Strategy::Dpor;
    out.stop = StopReason::Exhausted;
    for (auto& [id, r] : done_) {
      ++out.cells;
      out.executions += r.executions;
      out.blocked += r.blocked;
      out.events += r.events;
      for (const Violation& v : r.all_violations) add_distinct(out.all_violations, v);
      if (r.violation && !out.violation) {
        out.violation = r.violation;
        out.counterexample = r.counterexample;
      }
      if (r.stop == StopReason::SetupFailed) {
        out.stop = r.stop;
        out.setup_context = r.setup_context;
        break;
      }
      if (r.violation && bounds_.stop_on_violation) {
        out.stop = StopReason::Violation;
        break;
      }
    }
    if (out.violation) out.verdict = out.violation->verdict;
    out.exhaustive = out.stop == StopReason::Exhausted;
    out.estimate = out.exhaustive ? static_cast<double>(out.executions + out.blocked) : 0;
    return out;
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
  std::map<CellId, Report> done_;
  std::optional<CellId> first_violation_;
  std::atomic<bool> any_violation_{false};
  std::exception_ptr failure_;
};

}  // namespace

Report explore_dpor(const Program& program, const Bounds& bounds, const ExecutionObserver& observer) {
  const bool budgeted = bounds.max_executions != 0 || bounds.time_limit_seconds > 0;
  if (budgeted || bounds.threads == 0 || bounds.dpor_pilot == 0) return DporExplorer(program, bounds, observer).run();
  return CellSearch(program, bounds, observer).run();
}

}  // namespace checker
