#include "checker/race_analysis.h"

namespace checker {

namespace {

constexpr std::uint32_t kNone = ~0u;

// Vector clocks of every event, flat: clock(i)[t] = how many events of thread t happen before
// or at event i.
class HappensBefore {
 public:
  explicit HappensBefore(const Execution& ex) : ev_(ex.events()), threads_(ex.thread_count()) {
    const std::size_t n = ev_.size();
    vc_.assign(n * threads_, 0);
    po_.assign(n, 0);
    prev_.assign(n, kNone);
    std::vector<std::uint32_t> last(threads_, kNone), count(threads_, 0);
    for (std::uint32_t i = 0; i < n; ++i) {
      const ThreadId t = ev_[i].thread;
      std::uint32_t* c = clock(i);
      prev_[i] = last[t];
      if (last[t] != kNone) {
        join(c, last[t]);
      } else if (const std::uint32_t s = ex.thread(t).spawned_at; s != kNone && s < i) {
        join(c, s);  // a callback happens after the call_rcu that queued it
      }
      po_[i] = count[t]++;
      c[t] = po_[i] + 1;
      last[t] = i;
      // Later dependent events are joined first, so an earlier one still uncovered when reached
      // has no event between it and i in happens-before: an immediate race.
      for (std::uint32_t j = i; j-- > 0;) {
        if (ev_[j].thread == t || covers(c, j) || !ev_[j].dependent(ev_[i])) continue;
        races_.push_back({j, i});
        join(c, j);
      }
    }
  }

  bool before(std::uint32_t j, std::uint32_t i) const { return covers(vc_.data() + i * threads_, j); }
  std::uint32_t prev(std::uint32_t i) const { return prev_[i]; }
  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& races() const { return races_; }

 private:
  std::uint32_t* clock(std::uint32_t i) { return vc_.data() + std::size_t{i} * threads_; }
  bool covers(const std::uint32_t* c, std::uint32_t j) const { return c[ev_[j].thread] >= po_[j] + 1; }
  void join(std::uint32_t* c, std::uint32_t j) {
    const std::uint32_t* o = clock(j);
    for (std::size_t t = 0; t < threads_; ++t) c[t] = std::max(c[t], o[t]);
  }

  const std::vector<EventDesc>& ev_;
  std::size_t threads_;
  std::vector<std::uint32_t> vc_;
  std::vector<std::uint32_t> po_;
  std::vector<std::uint32_t> prev_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> races_;
};

// Where the race (e, e2) is reversed, or kNone when it cannot or need not be.
std::uint32_t reversal_point(const std::vector<EventDesc>& ev, const HappensBefore& hb, std::uint32_t e,
                             std::uint32_t e2) {
  const EventDesc& a = ev[e];
  const EventDesc& b = ev[e2];
  // A grace period cannot end before the reader it waits for unlocks; the other order, the
  // reader entering after the grace period began, is the race between its rcu_read_lock and
  // the grace period's start.
  if (a.kind == OpKind::RcuReadUnlock && b.kind == OpKind::RcuGraceWait) return kNone;
  if (a.kind == OpKind::LockRelease && b.kind == OpKind::LockAcquire && a.acc[0].obj == b.acc[0].obj) {
    // A blocked acquire cannot move before the release that let it in, but it can move before
    // the whole holding period, where the lock is free.
    const std::uint32_t start = a.period_start;
    if (start == kNone || start >= e || ev[start].thread == b.thread) return kNone;
    const std::uint32_t pp = hb.prev(e2);
    if (pp != kNone && hb.before(start, pp)) return kNone;  // ordered anyway, through other events
    return start;
  }
  return e;
}

}  // namespace

void for_each_reversible_race(const Execution& ex,
                              const std::function<void(std::uint32_t, std::vector<EventDesc>)>& f) {
  const auto& ev = ex.events();
  HappensBefore hb(ex);
  for (const auto& [j, i] : hb.races()) {
    const std::uint32_t e = reversal_point(ev, hb, j, i);
    if (e == kNone) continue;
    std::vector<EventDesc> v;
    for (std::uint32_t k = e + 1; k < ev.size(); ++k)
      if (k != i && !hb.before(e, k)) v.push_back(ev[k]);
    v.push_back(ev[i]);
    f(e, std::move(v));
  }
}

}  // namespace checker
