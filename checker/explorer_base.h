// What every strategy shares: running one execution of the program under an oracle, budgets,
// counting, and turning the first violation into a counterexample trace. A strategy (one per
// file) supplies the oracle and decides what to run next.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "checker/explore.h"
#include "checker/oracle.h"

namespace checker {

// While alive, search_size() on this OS thread gives `traces` as SearchSize::traces (explore()
// wraps each observer call in one, so that a split search's workers give it too).
class ProbeFigureScope {
 public:
  explicit ProbeFigureScope(double traces);
  ~ProbeFigureScope();
  ProbeFigureScope(const ProbeFigureScope&) = delete;
  ProbeFigureScope& operator=(const ProbeFigureScope&) = delete;

 private:
  double saved_;
};

class ExplorerBase {
 public:
  ExplorerBase(const Program& program, const Bounds& bounds, const ExecutionObserver& observer);
  virtual ~ExplorerBase() = default;

  Report run();
  // The estimated executions of the whole search (0: no estimate); see search_size().
  virtual double estimate() const { return 0; }

 protected:
  // The strategy's loop: call execute() until done, or until execute() returns false.
  virtual void search() = 0;
  // Collecting every violation, executions run on after their first one (see
  // ExecutionConfig::continue_after_violation): which violation comes first can depend on the
  // order of independent events, so every violation an execution reaches is collected.
  bool continue_after_violation() const { return !bounds_.stop_on_violation; }

  // Runs one execution under `oracle`. The returned execution stays valid until the next call.
  // Returns null when the search must stop (budget spent, violation found, setup failed).
  const Execution* execute(Oracle& oracle);
  bool budget_left() const;
  bool stopped() const { return stopped_; }
  void mark_exhaustive() { report_.exhaustive = true; }
  const Bounds& bounds() const { return bounds_; }
  Report& report() { return report_; }
  const Report& report() const { return report_; }
  bool observed() const { return static_cast<bool>(observer_); }
  // The run-time threads' and objects' numbering so far (identities.h); a search that explores a
  // cell adopts the numbering its cell was written in before it runs anything.
  const IdentityRegistry& identities() const { return ids_; }
  void adopt_identities(const IdentityRegistry& ids) { ids_ = ids; }

 private:
  void record(const Execution& ex);
  void collect(const Violation& v);
  void retire_last();
  friend SearchSize search_size();

  const Program& program_;
  Bounds bounds_;
  const ExecutionObserver& observer_;
  Report report_;
  IdentityRegistry ids_;
  StackPool& stacks_;  // the building thread's (thread_stack_pool): an explorer runs where it is built
  std::unique_ptr<Execution> last_;
  std::chrono::steady_clock::time_point start_;
  bool stopped_ = false;
  std::size_t last_length_ = 64;
  ExecutionBuffers spare_;  // the previous execution's buffers, reused
};

}  // namespace checker
