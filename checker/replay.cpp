#include "checker/replay.h"

#include "checker/oracle.h"

namespace checker {

namespace {

class ReplayOracle final : public Oracle {
 public:
  explicit ReplayOracle(const Trace& t) : t_(t) {}

  ThreadId pick(const Execution& ex, std::span<const ThreadId>) override {
    const std::uint32_t pos = ex.position();
    if (pos >= t_.schedule.size()) {
      diverge("the recorded schedule ends after step " + std::to_string(pos) + " but the execution goes on");
      return kNoThread;
    }
    const ThreadId t = t_.schedule[pos].thread;
    if (!ex.is_enabled(t)) {
      diverge("step " + std::to_string(pos) + ": recorded thread " + std::to_string(t) + " is not enabled");
      return kNoThread;
    }
    cursor_ = 0;
    return t;
  }

  std::uint32_t choose(const Execution& ex, std::uint32_t n) override {
    const auto& choices = t_.schedule.at(ex.position() - 1).choices;
    if (cursor_ >= choices.size() || choices[cursor_] >= n) {
      diverge("step " + std::to_string(ex.position() - 1) + ": the data choice differs from the recording");
      return 0;
    }
    return choices[cursor_++];
  }

  const std::string& divergence() const { return divergence_; }

 private:
  void diverge(std::string why) {
    if (divergence_.empty()) divergence_ = std::move(why);
  }
  const Trace& t_;
  std::size_t cursor_ = 0;
  std::string divergence_;
};

std::string describe(const TraceEvent& e) {
  return "thread " + std::to_string(e.thread) + " " + e.function + ": " + e.op + " " + e.object + " " + e.before +
         " -> " + e.after;
}

std::string first_difference(const Trace& a, const Trace& b) {
  const std::size_t n = std::min(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!(a.events[i] == b.events[i]))
      return "step " + std::to_string(i) + ": recorded [" + describe(a.events[i]) + "], replayed [" +
             describe(b.events[i]) + "]";
  if (a.events.size() != b.events.size())
    return "recorded " + std::to_string(a.events.size()) + " events, replayed " + std::to_string(b.events.size());
  if (a.violation.verdict != b.violation.verdict || a.violation.check != b.violation.check ||
      a.violation.message != b.violation.message)
    return std::string("recorded verdict ") + verdict_name(a.violation.verdict) + " [" + a.violation.check + "] " +
           a.violation.message + ", replayed " + verdict_name(b.violation.verdict) + " [" + b.violation.check + "] " +
           b.violation.message;
  return "the traces differ outside their events";
}

}  // namespace

ReplayResult replay(const Program& program, const Trace& recorded, const Bounds& bounds) {
  ReplayResult r;
  IdentityRegistry ids;
  ExecutionConfig config;
  config.step_bound = bounds.step_bound;
  config.detect_data_races = bounds.detect_data_races;
  config.memory_model = bounds.memory_model;
  config.record_stacks = true;
  Execution ex(config, ids, thread_stack_pool());
  ReplayOracle oracle(recorded);
  {
    ExecutionScope scope(ex);
    try {
      program.setup(ex);
    } catch (const SetupFailure& f) {
      r.verdict = Verdict::Nondeterminism;
      r.divergence = "the setup failed: " + f.violation.message;
      return r;
    }
    ex.run(oracle);
    r.trace = trace_of(ex, recorded.strategy);
    r.evidence = evidence_of(ex);
  }
  r.trace.meta = recorded.meta;
  r.identical = trace_to_json(r.trace).dump() == trace_to_json(recorded).dump();
  if (r.identical) {
    r.verdict = r.trace.violation.verdict;
  } else {
    r.verdict = Verdict::Nondeterminism;
    r.divergence = oracle.divergence().empty() ? first_difference(recorded, r.trace) : oracle.divergence();
  }
  return r;
}

}  // namespace checker
