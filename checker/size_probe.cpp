#include "checker/size_probe.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>

#include "checker/explorer_base.h"
#include "checker/critical_sections.h"
#include "checker/race_analysis.h"

namespace checker {

namespace {

// A lock event of a thread, for mutual exclusion: which lock, whether it is a reader's, and
// whether it takes or gives it back.
struct LockStep {
  ObjectId lock = kNoObject;
  bool shared = false;
  bool acquire = false;
};

LockStep lock_step(const EventDesc& e) {
  const bool acquire = takes_lock(e);
  if (!acquire && e.kind != OpKind::LockRelease) return {};
  return {e.acc[0].obj, e.shared, acquire};
}

// The trace of one execution in the form the count walks: per thread (those with events), what
// each of its events needs of the others, and the locks it holds after each prefix.
class TraceShape {
 public:
  TraceShape(const Execution& ex, const RaceAnalyzer& hb) {
    const auto& events = ex.events();
    std::vector<std::vector<std::uint32_t>> by_thread(ex.thread_count());
    for (std::uint32_t i = 0; i < events.size(); ++i) by_thread[events[i].thread].push_back(i);
    for (ThreadId t = 0; t < by_thread.size(); ++t)
      if (!by_thread[t].empty()) threads_.push_back(t);
    const std::size_t k = threads_.size();
    for (ThreadId t : threads_) callback_.push_back(ex.thread(t).callback);
    length_.resize(k);
    needs_.resize(k);
    held_.resize(k);
    steps_.resize(k);
    waits_.resize(k);
    for (std::size_t a = 0; a < k; ++a) {
      const auto& mine = by_thread[threads_[a]];
      length_[a] = static_cast<std::uint32_t>(mine.size());
      held_[a].emplace_back();
      for (std::uint32_t i : mine) {
        const auto clock = hb.clock_of(i);
        for (std::size_t b = 0; b < k; ++b) needs_[a].push_back(b == a ? 0 : clock[threads_[b]]);
        const LockStep s = lock_step(events[i]);
        steps_[a].push_back(s);
        waits_[a].push_back(events[i].await || events[i].kind == OpKind::RcuGraceWait);
        std::vector<LockStep> held = held_[a].back();
        if (s.lock != kNoObject && s.acquire) held.push_back(s);
        if (s.lock != kNoObject && !s.acquire) std::erase_if(held, [&](const LockStep& h) { return h.lock == s.lock; });
        held_[a].push_back(std::move(held));
      }
    }
  }

  std::size_t threads() const { return threads_.size(); }
  std::uint32_t length(std::size_t a) const { return length_[a]; }
  std::size_t events() const {
    std::size_t n = 0;
    for (std::uint32_t l : length_) n += l;
    return n;
  }

  // Whether thread a may run its next event from the downset `at` (positions per thread) and
  // stay in the trace: its happens-before predecessors ran, and its lock is free.
  bool may_advance(const std::u32string& at, std::size_t a) const {
    return at[a] < length_[a] && ready(at, a) && !lock_blocked(at, a);
  }

  // Whether the program has thread a enabled at the downset `at`, as far as the trace tells: it
  // has an event still to run, not an acquire of a lock another thread holds there; a wait (for
  // a word, or for a grace period: a callback's first event) only once what it happens after
  // ran, since the write or the section's end that let it through is among those. (A wait whose
  // condition held earlier too, before a write that it then waited out, counts as disabled
  // there.)
  bool enabled(const std::u32string& at, std::size_t a) const {
    if (at[a] == length_[a] || lock_blocked(at, a)) return false;
    const bool waits = waits_[a][at[a]] || (callback_[a] && at[a] == 0);
    return !waits || ready(at, a);
  }
  ThreadId thread(std::size_t a) const { return threads_[a]; }

 private:
  bool ready(const std::u32string& at, std::size_t a) const {
    const std::uint32_t* need = needs_[a].data() + std::size_t{at[a]} * threads();
    for (std::size_t b = 0; b < threads(); ++b)
      if (need[b] > at[b]) return false;
    return true;
  }
  // Lock-aware happens-before leaves non-conflicting sections of one lock unordered: they may
  // run in either order, not at once.
  bool lock_blocked(const std::u32string& at, std::size_t a) const {
    const LockStep& s = steps_[a][at[a]];
    if (s.lock == kNoObject || !s.acquire) return false;
    for (std::size_t b = 0; b < threads(); ++b) {
      if (b == a) continue;
      for (const LockStep& h : held_[b][at[b]])
        if (h.lock == s.lock && !(h.shared && s.shared)) return true;
    }
    return false;
  }

  std::vector<ThreadId> threads_;
  std::vector<bool> callback_;
  std::vector<std::uint32_t> length_;
  std::vector<std::vector<std::uint32_t>> needs_;  // [thread][position * threads + other]
  std::vector<std::vector<std::vector<LockStep>>> held_;  // [thread][position]: held after it
  std::vector<std::vector<LockStep>> steps_;
  std::vector<std::vector<bool>> waits_;  // [thread][position]: an await or a grace period's wait
};

// Seeded random schedule with no sleep sets; `weight` collects 1 / the probability of the path.
class Probe final : public ExplorerBase, public Oracle {
 public:
  Probe(const Program& p, const Bounds& b, const ProbeOptions& o) : ExplorerBase(p, b, no_observer_), options_(o) {
    hb_.set_lock_aware(b.lock_aware);  // as DporExplorer
  }
  ProbeEstimate result() const { return result_; }

  // Thread t is drawn with probability proportional to its events still to come as the pilot
  // or the previous probe ran them (at least 1: see draw_weight), so that threads of unequal
  // length interleave as in a uniformly drawn interleaving. Drawn uniformly instead, a thread
  // with a few events ends early in almost every probe, and the traces where it waits for the
  // end of a long one are so rare that 24 probes of a swap scenario estimated 6 for a search of
  // 492. Any weights fixed before a probe keep the estimate unbiased.
  ThreadId pick(const Execution&, std::span<const ThreadId> enabled) override {
    std::uint64_t total = 0;
    for (ThreadId t : enabled) total += draw_weight(expected_, t, ran(t));
    std::uint64_t draw = rng_() % total;
    for (ThreadId t : enabled) {
      const std::uint64_t w = draw_weight(expected_, t, ran(t));
      if (draw < w) {
        if (t >= ran_.size()) ran_.resize(t + 1, 0);
        ++ran_[t];
        return t;
      }
      draw -= w;
    }
    return enabled.back();  // not reached: the draws cover [0, total)
  }
  std::uint32_t choose(const Execution&, std::uint32_t n) override {
    choices_ *= static_cast<long double>(n);
    return static_cast<std::uint32_t>(rng_() % n);
  }

 private:
  void search() override {
    long double sum = 0;
    // The pilot: a probe drawn uniformly, for the threads' lengths only.
    rng_.seed(options_.seed - 1);
    if (execute(*this) == nullptr) return;
    for (std::uint32_t i = 0; i < options_.probes; ++i) {
      expected_ = ran_;
      ran_.clear();
      rng_.seed(options_.seed + i);
      choices_ = 1;
      const Execution* ex = execute(*this);
      if (ex == nullptr) return;
      hb_.analyze(*ex);
      const long double p = trace_probability(*ex, hb_, options_.frontier_cap, expected_);
      const long double sample = choices_ / p;
      if (p <= 0 || !std::isfinite(sample)) {
        ++result_.dropped;
        continue;
      }
      sum += sample;
      ++result_.probes;
      result_.samples.push_back(static_cast<double>(sample));
    }
    if (result_.probes > 0) result_.estimate = static_cast<double>(sum / result_.probes);
  }

  static inline const ExecutionObserver no_observer_{};
  ProbeOptions options_;
  ProbeEstimate result_;
  std::uint32_t ran(ThreadId t) const { return t < ran_.size() ? ran_[t] : 0; }

  RaceAnalyzer hb_;
  std::vector<std::uint32_t> ran_;       // per thread: the events this probe ran so far
  std::vector<std::uint32_t> expected_;  // per thread: the events the previous one ran
  std::mt19937_64 rng_;
  long double choices_ = 1;  // the product of the data choices' n along the probe
};

}  // namespace

ProbeEstimate probe_search_size(const Program& program, const Bounds& bounds) {
  if (bounds.strategy != Strategy::Dpor || bounds.estimate_probes == 0) return {};
  return estimate_by_probes(program, bounds, ProbeOptions{.probes = bounds.estimate_probes});
}

void record_probes(const ProbeEstimate& probes, Report& report) {
  report.probe_estimate = probes.estimate;
  report.probes_kept = probes.probes;
  report.probes_dropped = probes.dropped;
}

std::uint64_t draw_weight(const std::vector<std::uint32_t>& expected, ThreadId t, std::uint32_t ran) {
  const std::uint32_t e = t < expected.size() ? expected[t] : 0;
  return e > ran ? e - ran : 1;
}

long double trace_probability(const Execution& ex, const RaceAnalyzer& hb, std::size_t frontier_cap,
                              const std::vector<std::uint32_t>& expected) {
  const TraceShape shape(ex, hb);
  std::unordered_map<std::u32string, long double> level{{std::u32string(shape.threads(), 0), 1.0L}};
  std::unordered_map<std::u32string, long double> next;
  for (std::size_t n = shape.events(); n > 0; --n) {
    next.clear();
    for (const auto& [at, p] : level) {
      std::uint64_t total = 0;
      for (std::size_t a = 0; a < shape.threads(); ++a)
        if (shape.enabled(at, a)) total += draw_weight(expected, shape.thread(a), at[a]);
      for (std::size_t a = 0; a < shape.threads(); ++a) {
        if (!shape.may_advance(at, a)) continue;
        std::u32string to = at;
        ++to[a];
        next[to] += p * static_cast<long double>(draw_weight(expected, shape.thread(a), at[a])) /
                    static_cast<long double>(total);
      }
    }
    if (next.size() > frontier_cap) return -1;
    std::swap(level, next);
  }
  return level.size() == 1 ? level.begin()->second : 0;
}

ProbeEstimate estimate_by_probes(const Program& program, const Bounds& bounds, const ProbeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Bounds b = bounds;
  b.strategy = Strategy::Random;
  b.max_executions = 0;
  b.time_limit_seconds = 0;
  b.stop_on_violation = false;  // a probe that meets a violation runs on, and the next ones run
  Probe probe(program, b, options);
  probe.run();
  ProbeEstimate out = probe.result();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace checker
