#include "checker/race_analysis.h"

#include "checker/add_context.h"

#include <algorithm>
#include <optional>

namespace checker {

namespace {

constexpr std::uint32_t kNone = ~0u;

bool is_rcu(OpKind k) {
  return k == OpKind::RcuReadLock || k == OpKind::RcuReadUnlock || k == OpKind::RcuSyncStart ||
         k == OpKind::RcuGraceWait || k == OpKind::RcuRetire;
}

bool reported_data_race(const Execution& ex) {
  if (ex.violation() && ex.violation()->verdict == Verdict::DataRace) return true;
  return std::any_of(ex.later_violations().begin(), ex.later_violations().end(),
                     [](const Violation& v) { return v.verdict == Verdict::DataRace; });
}

}  // namespace

void RaceAnalyzer::join(std::uint32_t* c, std::uint32_t j) {
  const std::uint32_t* o = clock(j);
  for (std::size_t t = 0; t < threads_; ++t) c[t] = std::max(c[t], o[t]);
}

void RaceAnalyzer::build(const Execution& ex) {
  exec_ = &ex;
  events_.assign(ex.events().begin(), ex.events().end());
  executed_ = events_.size();
  for (ThreadId t = 0; t < ex.thread_count(); ++t) {
    const ModelThread& th = ex.thread(t);
    if (th.exists && !th.finished && !th.frozen) events_.push_back(th.pending);
  }
  threads_ = ex.thread_count();
  spawned_at_.assign(threads_, kNone);
  for (ThreadId t = 0; t < threads_; ++t) spawned_at_[t] = ex.thread(t).spawned_at;
  const std::size_t n = events_.size();
  vc_.assign(n * threads_, 0);
  po_.assign(n, 0);
  prev_.assign(n, kNone);
  races_.clear();
  for (ObjectId o : touched_) {
    by_object_[o].clear();
    writes_of_[o].clear();
    all_cells_of_[o].clear();
  }
  touched_.clear();
  for (auto& [key, list] : cell_lists_) list.clear();
  last_of_thread_.assign(threads_, kNone);
  count_of_thread_.assign(threads_, 0);
  if (lock_aware_) {
    // Under C11 a pair of sections that share no data still does not commute when a later
    // access observed which came first (section_observers.h). A data race the detector reported
    // observes every pair: in the other order of two sections the racing thread may have taken
    // the other access's clock through the lock, run on past the race and reached states this
    // execution, which froze it there, never did (more clock removes picks, but also races).
    CriticalSections::OrderObserved observed;
    if (ex.memory_model() == MemoryModel::C11) {
      const bool raced = reported_data_race(ex);
      observed = [&ex, raced](std::uint32_t acquire, std::uint32_t release) {
        return raced || !ex.section_order_unobserved(acquire, release);
      };
    }
    sections_.build(events_, executed_, threads_, ex.peeks(), std::move(observed));
  }
  for (std::uint32_t i = 0; i < executed_; ++i) {
    add_event_clock(ex, i);
    for (int k = 0; k < 2; ++k) {
      const Access a = events_[i].access(k);
      if (!a.valid()) continue;
      if (a.obj >= by_object_.size()) {
        by_object_.resize(a.obj + 1);
        writes_of_.resize(a.obj + 1);
        all_cells_of_.resize(a.obj + 1);
      }
      if (by_object_[a.obj].empty()) touched_.push_back(a.obj);
      if (by_object_[a.obj].empty() || by_object_[a.obj].back() != i) by_object_[a.obj].push_back(i);
      std::vector<std::uint32_t>& w = writes_of_[a.obj];
      if (a.mode == AccessMode::Write && (w.empty() || w.back() != i)) w.push_back(i);
      if (a.cell == kAllCells) {
        all_cells_of_[a.obj].push_back(i);
      } else if (a.cell != 0) {
        cell_lists_[cell_key(a)].push_back(i);
      }
    }
  }
  // Pending events see only executed ones, not each other: each is a possible next step.
  for (std::uint32_t i = static_cast<std::uint32_t>(executed_); i < n; ++i) add_event_clock(ex, i);
}

void RaceAnalyzer::add_event_clock(const Execution& ex, std::uint32_t i) {
  auto& last = last_of_thread_;
  auto& count = count_of_thread_;
  const ThreadId t = events_[i].thread;
  std::uint32_t* c = clock(i);
  prev_[i] = last[t];
  if (last[t] != kNone) {
    join(c, last[t]);
  } else if (const std::uint32_t s = ex.thread(t).spawned_at; s != kNone && s < executed_) {
    join(c, s);  // a callback happens after the call_rcu that queued it
  }
  po_[i] = count[t]++;
  c[t] = po_[i] + 1;
  last[t] = i;
  scan_predecessors(i);
}

// Joins the clocks of i's dependent predecessors into clock(i) and records its immediate
// races. Candidates are visited latest first (merging the histories of i's objects), so a
// candidate still uncovered when reached has no event between it and i in happens-before.
// Within one object's history the scan stops after a plain write: everything before it
// conflicts with it and so happens before it.
void RaceAnalyzer::scan_predecessors(std::uint32_t i) {
  const auto& ev = *ev_;
  std::uint32_t* c = clock(i);
  // The histories to merge, latest first, each with the access of i it was picked for.
  struct History {
    const std::vector<std::uint32_t>* list;
    std::size_t pos;
    int access;
    bool stopped;
  };
  History lists[4];
  int count = 0;
  // Seq_cst fences whose order against this one no later access observed (FenceObservers):
  // they neither race with nor happen before it, and the scan goes on past them, so the races
  // such an edge would have hidden are found (checker/README.md).
  const bool judge_fences = ev[i].kind == OpKind::Fence && i < executed_;
  auto add = [&](const std::vector<std::uint32_t>* l, int access) {
    if (l != nullptr && !l->empty()) lists[count++] = History{l, l->size(), access, false};
  };
  for (int k = 0; k < 2; ++k) {
    const Access a = ev[i].access(k);
    if (!a.valid() || a.obj >= by_object_.size()) continue;
    if (a.mode == AccessMode::Read) {
      // A read conflicts only with the object's writes: an event that only reads it too is
      // dependent on i, if at all, through i's other access, whose list holds it. Without this
      // a heap object read by every access of its fields (a cluster array, a vswap cluster)
      // made each of those accesses walk all the earlier ones.
      add(&writes_of_[a.obj], k);
    } else if (a.cell != 0 && a.cell != kAllCells) {
      // A write of one cell (a thread's RCU read-side state) conflicts with that cell's events
      // and with those of every cell (grace periods), not with other threads' sections.
      auto it = cell_lists_.find(cell_key(a));
      add(it == cell_lists_.end() ? nullptr : &it->second, k);
      add(&all_cells_of_[a.obj], k);
    } else {
      add(&by_object_[a.obj], k);
    }
  }
  for (;;) {
    int pick = -1;
    std::uint32_t j = 0;
    for (int k = 0; k < count; ++k) {
      const History& h = lists[k];
      if (h.stopped || h.pos == 0) continue;
      const std::uint32_t cand = (*h.list)[h.pos - 1];
      if (pick < 0 || cand > j) {
        pick = k;
        j = cand;
      }
    }
    if (pick < 0) return;
    for (int k = 0; k < count; ++k) {
      History& h = lists[k];
      if (!h.stopped && h.pos > 0 && (*h.list)[h.pos - 1] == j) --h.pos;
    }
    if (ev[j].thread == ev[i].thread || !ev[j].races_with(ev[i]) || !lock_events_conflict(j, i) ||
        section_not_waited_for(j, i) || section_ends_before_grace_period_either_way(j, i))
      continue;
    if (judge_fences && ev[j].kind == OpKind::Fence && exec_->fence_race_unobserved(i, j)) continue;
    // Two adds of one segment of commuting adds whose order nothing observed (C11, weak_adds.h):
    // neither a race nor an edge, as for the fences above.
    if (i < executed_ && exec_->weak_adds_unordered(j, i)) continue;
    if (!covers(c, j)) {
      races_.push_back({j, i});
      join(c, j);
    }
    // Within one object's history the scan stops after a plain write: everything before it
    // conflicts with it and so happens before it.
    for (int k = 0; k < count; ++k) {
      const Access& mine = ev[i].acc[lists[k].access];
      for (const Access& a : ev[j].acc)
        if (a.obj == mine.obj && a.mode == AccessMode::Write && !ev[j].failed_update && !ev[j].commuting_add &&
            a.cell == 0 && !is_rcu(ev[j].kind) && !(lock_aware_ && sections_.is_leaf_lock_event(j)) &&
            !exec_->weak_add_unordered(j))
          lists[k].stopped = true;
    }
  }
}

// Where the race (e, e2) is reversed, or kNone when it cannot or need not be.
std::uint32_t RaceAnalyzer::reversal_point(std::uint32_t e, std::uint32_t e2) const {
  const auto& ev = *ev_;
  const EventDesc& a = ev[e];
  const EventDesc& b = ev[e2];
  // A grace period cannot end before a reader it waits for unlocks; the other order, the reader
  // entering after the grace period began, is the race between its rcu_read_lock and the grace
  // period's start. (A section that began after the grace period did is not waited for and is
  // independent of its end: section_not_waited_for.)
  if (a.kind == OpKind::RcuReadUnlock && b.kind == OpKind::RcuGraceWait) return kNone;
  if (b.await) {
    // The wait cannot move before the write that satisfied it, only before the latest earlier
    // write that its condition already held before (the execution computed it, see
    // Blocker::await_reversal_point); the writes in between depend on that one, so they stay
    // after the wait in the reversed order too.
    const std::uint32_t start = a.dependent_on(b.acc[0]) ? b.period_start : b.second_start;
    if (start == kReverseInPlace) return e;
    if (start == kNone) return kNone;
    if (start >= e) return e;
    if (ev[start].thread == b.thread) return kNone;
    const std::uint32_t pp = prev_[e2];
    if (pp != kNone && before(start, pp)) return kNone;  // ordered anyway, through other events
    return start;
  }
  if (a.kind == OpKind::LockRelease && b.kind == OpKind::LockAcquire && a.acc[0].obj == b.acc[0].obj) {
    // A reader is never blocked by another reader's hold: the race is reversed in place.
    if (a.shared && b.shared) return e;
    // A blocked acquire cannot move before the release that let it in, but it can move before
    // the whole holding period, where the lock is free.
    const std::uint32_t start = a.period_start;
    if (start == kNone || start >= e || ev[start].thread == b.thread) return kNone;
    const std::uint32_t pp = prev_[e2];
    if (pp != kNone && before(start, pp)) return kNone;  // ordered anyway, through other events
    return start;
  }
  return e;
}

void RaceAnalyzer::reevaluate_last(const Execution& ex, std::uint32_t e) {
  EventDesc& last = sequence_.back();
  if (last.update_if == UpdateIf::Always) return;
  const ObjectId obj = last.acc[0].obj;
  const auto& steps = ex.steps();
  auto touches = [&](std::uint32_t k) {
    return k < executed_ && steps[k].obj == obj && steps[k].has_values && !steps[k].stale;
  };
  std::optional<std::uint64_t> value;
  for (std::size_t m = seq_.size() - 1; m-- > 0 && !value;)
    if (touches(seq_[m])) value = steps[seq_[m]].after;
  for (std::uint32_t k = e; k-- > 0 && !value;)
    if (touches(k)) value = steps[k].after;
  // Nothing before it touches the object: it finds the value the execution started with.
  for (std::uint32_t k = 0; k < executed_ && !value; ++k)
    if (touches(k)) value = steps[k].before;
  if (!value) return;
  bool succeeds = true;
  switch (last.update_if) {
    case UpdateIf::Equal: succeeds = *value == last.compare; break;
    case UpdateIf::NotEqual: succeeds = *value != last.compare; break;
    case UpdateIf::LockFree: succeeds = *value == 0; break;
    case UpdateIf::Always: break;
  }
  last.failed_update = !succeeds;
}

void RaceAnalyzer::relabel_last_add(const Execution& ex, std::uint32_t e) {
  EventDesc& last = sequence_.back();
  if (last.commutable) last.commuting_add = AddContext(ex, e, sequence_).last_joins();
}

std::uint32_t RaceAnalyzer::grace_period_start(std::uint32_t g) const {
  const std::uint32_t p = prev_[g];
  return p != kNone && (*ev_)[p].kind == OpKind::RcuSyncStart ? p : spawned_at_[(*ev_)[g].thread];
}

bool RaceAnalyzer::section_not_waited_for(std::uint32_t j, std::uint32_t i) const {
  const auto& ev = *ev_;
  std::uint32_t g = i, x = j;
  if (ev[j].kind == OpKind::RcuGraceWait) std::swap(g, x);
  if (ev[g].kind != OpKind::RcuGraceWait) return false;
  const OpKind k = ev[x].kind;
  if (k != OpKind::RcuReadLock && k != OpKind::RcuReadUnlock) return false;
  const std::uint32_t section = k == OpKind::RcuReadLock ? x : ev[x].period_start;
  const std::uint32_t start = grace_period_start(g);
  return section != kNone && start != kNone && section > start;
}

bool RaceAnalyzer::section_ends_before_grace_period_either_way(std::uint32_t j, std::uint32_t i) const {
  const auto& ev = *ev_;
  std::uint32_t u = j, g = i;
  if (ev[i].kind == OpKind::RcuReadUnlock) std::swap(u, g);
  if (ev[u].kind != OpKind::RcuReadUnlock) return false;
  if (ev[g].kind != OpKind::RcuSyncStart && ev[g].kind != OpKind::RcuRetire) return false;
  const std::uint32_t section = ev[u].period_start;
  return section != kNone && section < g;
}

bool RaceAnalyzer::lock_events_conflict(std::uint32_t j, std::uint32_t i) {
  return !lock_aware_ || sections_.sections_conflict(j, i);
}

std::uint32_t RaceAnalyzer::wakeup_sequence(std::uint32_t e, std::uint32_t e2) {
  const std::uint32_t pp = prev_[e2];
  for (;;) {
    seq_.clear();
    for (std::uint32_t k = e + 1; k < executed_; ++k)
      if (k != e2 && !before(e, k)) seq_.push_back(k);
    seq_.push_back(e2);
    if (!lock_aware_) return e;
    const auto hb = [this](std::uint32_t a, std::uint32_t b) { return before(a, b); };
    std::uint32_t in_the_way = kNone;
    if (sections_.feasible_order(e, seq_, hb, &in_the_way)) return e;
    // Independent critical sections float into notdep(e): a section of another lock user that
    // ran after the racing thread's own section (they commute) cannot run at e while the racing
    // thread still holds that lock, and the racing thread releases it only after e2. What e2
    // needs is what happens before it: that prefix of the sequence, then e2, is a weak prefix of
    // notdep(e).e2 (the events left out depend on none of it), so exploring from it covers the
    // same traces.
    std::size_t needed = 0;
    for (std::size_t k = 0; k + 1 < seq_.size(); ++k)
      if (before(seq_[k], e2)) seq_[needed++] = seq_[k];
    if (needed + 1 < seq_.size()) {
      seq_[needed] = e2;
      seq_.resize(needed + 1);
      in_the_way = kNone;
      if (sections_.feasible_order(e, seq_, hb, &in_the_way)) return e;
    }
    // Nothing to move before: keep the order as it is (it may be cut short when run).
    if (in_the_way == kNone) return e;
    // The racing thread cannot take its lock before a section that holds it at e ends, and that
    // section ends after e: the race is reversed before the section began, where the lock is
    // free (as a blocked acquire's race is, above).
    if (events_[in_the_way].thread == events_[e2].thread) return kNone;
    if (pp != kNone && before(in_the_way, pp)) return kNone;
    e = in_the_way;
  }
}

void RaceAnalyzer::for_each_reversible_race(const Execution& ex,
                                            const std::function<void(std::uint32_t, std::span<const EventDesc>)>& f) {
  build(ex);
  for (const auto& [j, i] : races_) {
    std::uint32_t e = reversal_point(j, i);
    if (e == kNone) continue;
    e = wakeup_sequence(e, i);
    if (e == kNone) continue;
    sequence_.clear();
    for (std::uint32_t k : seq_) sequence_.push_back(events_[k]);
    reevaluate_last(ex, e);
    relabel_last_add(ex, e);
    f(e, sequence_);
  }
}

}  // namespace checker
