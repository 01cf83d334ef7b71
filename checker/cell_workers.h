// The worker threads of a split search, shared by the settled search (explore_dpor) and the
// conservative cells of shards (explore_cells). Each worker takes the queued cell of lowest id,
// explores it without the lock and files its outcome under the lock, where more cells may be
// queued. Ids come in search order, so after a violation that stops the search the cells of
// higher id are cancelled: their results would not be reported. The running ones are asked to
// stop through Bounds::should_stop, and queued ones are filed unexplored.
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "checker/cells.h"
#include "checker/explore.h"

namespace checker {

template <class Job, class Outcome>
class CellWorkers {
 public:
  CellWorkers(const CellWorkers&) = delete;
  CellWorkers& operator=(const CellWorkers&) = delete;

 protected:
  CellWorkers(const Bounds& bounds, const ExecutionObserver& observer) : bounds_(bounds), observer_(observer) {
    if (observer_ && bounds_.threads > 1)
      shared_observer_ = [this](const Execution& ex) {
        std::lock_guard<std::mutex> hold(observe_);
        observer_(ex);
      };
  }
  ~CellWorkers() = default;

  // Runs bounds.threads workers, this thread one of them, until no cell is queued or running;
  // rethrows the first exception a cell's exploration threw.
  void run_workers() {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < bounds_.threads; ++t) pool.emplace_back([this] { work(); });
    work();
    for (std::thread& t : pool) t.join();
    if (failure_) std::rethrow_exception(failure_);
  }

  // Explores one cell, without the lock, under `bounds` (which stop it once it is cancelled)
  // and with an observer that may be called from several workers.
  virtual Outcome explore(const CellId& id, const Job& job, const Bounds& bounds,
                          const ExecutionObserver& observer) = 0;
  // Files a cell's outcome, under the lock; nothing when it was cancelled before it ran. It may
  // queue more cells.
  virtual void complete(const CellId& id, Job job, std::optional<Outcome> outcome) = 0;

  // Under the lock: whether a violation that stops the search came before this cell.
  bool cancelled_locked(const CellId& id) const {
    return bounds_.stop_on_violation && first_violation_ && *first_violation_ < id;
  }
  // Under the lock: cell `id` found a violation (one that stops the search if the bounds say so).
  void found_violation_locked(const CellId& id) {
    if (!bounds_.stop_on_violation || (first_violation_ && !(id < *first_violation_))) return;
    first_violation_ = id;
    any_violation_.store(true, std::memory_order_release);
  }

  const Bounds& bounds_;
  std::map<CellId, Job> queue_;  // under the lock; taken lowest first

 private:
  void work() {
    std::unique_lock<std::mutex> hold(lock_);
    for (;;) {
      ready_.wait(hold, [this] { return !queue_.empty() || busy_ == 0 || failure_; });
      if (failure_ || queue_.empty()) return;
      auto node = queue_.extract(queue_.begin());
      std::optional<Outcome> outcome;
      if (!cancelled_locked(node.key())) {
        ++busy_;
        hold.unlock();
        try {
          outcome = explore(node.key(), node.mapped(), bounds_for(node.key()),
                            shared_observer_ ? shared_observer_ : observer_);
        } catch (...) {
          hold.lock();
          if (!failure_) failure_ = std::current_exception();
          --busy_;
          ready_.notify_all();
          return;
        }
        hold.lock();
        --busy_;
      }
      complete(node.key(), std::move(node.mapped()), std::move(outcome));
      ready_.notify_all();
    }
  }

  // The bounds of cell `id`: it stops once a violation of a lower cell cancels it. The id lives
  // in the queue's extracted node for as long as the cell runs.
  Bounds bounds_for(const CellId& id) {
    Bounds b = bounds_;
    b.should_stop = [this, &id] {
      if (!any_violation_.load(std::memory_order_acquire)) return false;
      std::lock_guard<std::mutex> hold(lock_);
      return cancelled_locked(id);
    };
    return b;
  }

  const ExecutionObserver& observer_;
  ExecutionObserver shared_observer_;  // the observer, one execution at a time
  std::mutex observe_;

  std::mutex lock_;  // queue_, busy_, first_violation_, failure_ and the derived search's state
  std::condition_variable ready_;
  unsigned busy_ = 0;
  std::optional<CellId> first_violation_;
  std::atomic<bool> any_violation_{false};
  std::exception_ptr failure_;
};

}  // namespace checker
