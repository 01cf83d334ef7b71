#include "checker/explorer_base.h"

#include <algorithm>

namespace checker {

ExplorerBase::ExplorerBase(const Program& program, const Bounds& bounds, const ExecutionObserver& observer)
    : program_(program), bounds_(bounds), observer_(observer), stacks_(thread_stack_pool()) {
  report_.strategy = bounds.strategy;
}

namespace {
thread_local const ExplorerBase* g_search = nullptr;
thread_local double g_probe_figure = 0;
}  // namespace

ProbeFigureScope::ProbeFigureScope(double traces) : saved_(g_probe_figure) { g_probe_figure = traces; }
ProbeFigureScope::~ProbeFigureScope() { g_probe_figure = saved_; }

SearchSize search_size() {
  if (g_search == nullptr) return {0, 0, g_probe_figure};
  const Report& r = g_search->report_;
  return {static_cast<double>(r.executions + r.blocked), g_search->estimate(), g_probe_figure};
}

Report ExplorerBase::run() {
  start_ = std::chrono::steady_clock::now();
  const ExplorerBase* outer = g_search;  // restored after, should a search ever run inside another
  g_search = this;
  search();
  g_search = outer;
  retire_last();
  report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (report_.violation) report_.verdict = report_.violation->verdict;
  if (report_.stop != StopReason::Exhausted) report_.exhaustive = false;
  return report_;
}

bool ExplorerBase::budget_left() const {
  if (bounds_.should_stop && bounds_.should_stop()) return false;
  if (bounds_.max_executions != 0 && report_.executions + report_.blocked >= bounds_.max_executions) return false;
  if (bounds_.time_limit_seconds > 0) {
    const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (spent >= bounds_.time_limit_seconds) return false;
  }
  return true;
}

const Execution* ExplorerBase::execute(Oracle& oracle) {
  if (stopped_) return nullptr;
  if (!budget_left()) {
    const bool by_count =
        bounds_.max_executions != 0 && report_.executions + report_.blocked >= bounds_.max_executions;
    const bool cancelled = bounds_.should_stop && bounds_.should_stop();
    report_.stop = cancelled ? StopReason::Cancelled : by_count ? StopReason::ExecutionBudget : StopReason::TimeBudget;
    stopped_ = true;
    return nullptr;
  }
  retire_last();
  ExecutionConfig config;
  config.step_bound = bounds_.step_bound;
  config.detect_data_races = bounds_.detect_data_races;
  config.memory_model = bounds_.memory_model;
  config.expected_events = last_length_ + 8;
  config.continue_after_violation = continue_after_violation();
  last_ = std::make_unique<Execution>(config, ids_, stacks_, std::move(spare_));
  ExecutionScope scope(*last_);
  try {
    program_.setup(*last_);
  } catch (const SetupFailure& f) {
    report_.violation = f.violation;
    report_.setup_context = f.context;
    report_.stop = StopReason::SetupFailed;
    stopped_ = true;
    return nullptr;
  }
  last_->run(oracle);
  last_length_ = last_->position();
  record(*last_);
  if (observer_) observer_(*last_);
  return last_.get();
}

void ExplorerBase::record(const Execution& ex) {
  report_.events += ex.position();
  if (ex.end() == ExecutionEnd::Cut) {
    ++report_.blocked;
    return;
  }
  ++report_.executions;
  if (!ex.violation()) return;
  const Violation& v = *ex.violation();
  collect(v);
  for (const Violation& later : ex.later_violations()) collect(later);
  if (!report_.violation) {
    report_.violation = v;
    report_.counterexample = trace_of(ex, strategy_name(bounds_.strategy));
  }
  if (bounds_.stop_on_violation) {
    report_.stop = StopReason::Violation;
    stopped_ = true;
  }
}

void ExplorerBase::retire_last() {
  if (!last_) return;
  ExecutionScope scope(*last_);
  spare_ = last_->take_buffers();
  last_.reset();
}

void ExplorerBase::collect(const Violation& v) { add_distinct(report_.all_violations, v); }

}  // namespace checker
