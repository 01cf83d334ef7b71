#include "checker/weak_memory.h"

#include <algorithm>

#include "checker/execution.h"

namespace checker {

const char* memory_model_name(MemoryModel m) { return m == MemoryModel::C11 ? "c11" : "sc"; }

void WeakLocation::reset(std::uint64_t v) {
  stores_.clear();
  mo_.clear();
  rank_.clear();
  reads_.clear();
  StoreRecord init;
  init.value = v;
  stores_.push_back(std::move(init));
  mo_.push_back(0);
  rank_.push_back(0);
  last_sc_ = 0;
}

std::uint32_t WeakLocation::floor(const VectorClock& hb, const VectorClock& view, bool sc) const {
  const auto seen = [&](ThreadId t, std::uint32_t epoch) {
    return t == kNoThread || hb.covers(t, epoch) || view.covers(t, epoch);
  };
  std::uint32_t f = sc ? rank_[last_sc_] : 0;
  // Write-read and write-write coherence: nothing older than the newest store it has seen.
  for (std::uint32_t r = latest_rank(); r > f; --r)
    if (seen(at(r).thread, at(r).epoch)) {
      f = r;
      break;
    }
  // Read-read and read-write coherence: nothing older than what a read it has seen read.
  for (const Read& rd : reads_)
    if (rank_[rd.id] > f && seen(rd.thread, rd.epoch)) f = rank_[rd.id];
  return f;
}

void WeakLocation::store_ranks(std::uint32_t floor, std::vector<std::uint32_t>& out) const {
  out.clear();
  const auto size = static_cast<std::uint32_t>(mo_.size());
  for (std::uint32_t r = floor + 1; r < size; ++r)
    if (!at(r).rmw) out.push_back(r);
  out.push_back(size);
}

void WeakLocation::insert(StoreRecord r, std::uint32_t rank) {
  const auto id = static_cast<std::uint32_t>(stores_.size());
  if (r.sc) last_sc_ = id;
  stores_.push_back(std::move(r));
  mo_.insert(mo_.begin() + rank, id);
  rank_.push_back(0);
  for (std::uint32_t k = rank; k < mo_.size(); ++k) rank_[mo_[k]] = k;
}

void GainWatch::access(ThreadId t, std::uint32_t epoch, const void* word, bool observes) {
  if (t >= log_.size()) log_.resize(t + 1);
  log_[t].push_back(Logged{epoch, word});
  if (!observes) return;
  for (std::size_t k = watching_.size(); k-- > 0;) {
    Watch& w = watches_[watching_[k]];
    if (w.excluded == t || std::find(w.words.begin(), w.words.end(), word) == w.words.end()) continue;
    w.observed = true;
    watching_[k] = watching_.back();
    watching_.pop_back();
  }
}

void GainWatch::gain_words(const VectorClock& gain, std::initializer_list<const VectorClock*> had,
                           std::vector<const void*>& words) const {
  for (ThreadId u = 0; u < log_.size(); ++u) {
    std::uint32_t lo = 0;
    for (const VectorClock* h : had) lo = std::max(lo, h->get(u));
    const std::uint32_t hi = gain.get(u);
    if (hi <= lo) continue;
    const auto& log = log_[u];
    auto it = std::upper_bound(log.begin(), log.end(), lo, [](std::uint32_t e, const Logged& l) { return e < l.epoch; });
    for (; it != log.end() && it->epoch <= hi; ++it)
      if (std::find(words.begin(), words.end(), it->word) == words.end()) words.push_back(it->word);
  }
}

GainWatch::Handle GainWatch::watch(std::vector<const void*> words, ThreadId excluded) {
  const auto h = static_cast<Handle>(watches_.size());
  if (!words.empty()) watching_.push_back(h);
  watches_.push_back(Watch{excluded, false, std::move(words)});
  return h;
}

void FenceObservers::fence(GainWatch& watch, std::uint32_t pos, ThreadId t, const VectorClock& hb,
                           const VectorClock& view, const VectorClock& global) {
  // Older fences of other threads, latest first; each gain contains the previous one's words.
  std::vector<const void*> words;
  int judged = 0;
  for (std::size_t k = fences_.size(); k-- > 0 && judged < kChain;) {
    const Fence& f = fences_[k];
    if (f.thread == t) continue;
    watch.gain_words(global, {&f.before, &hb, &view}, words);
    const bool neighbour = k + 1 == fences_.size();
    gains_.push_back(Gain{pos, f.pos, watch.watch(words, neighbour ? f.thread : kNoThread)});
    ++judged;
  }
  fences_.push_back(Fence{pos, t, global});
}

bool FenceObservers::unobserved(const GainWatch& watch, std::uint32_t pos, std::uint32_t older) const {
  auto it = std::lower_bound(gains_.begin(), gains_.end(), pos, [](const Gain& g, std::uint32_t p) { return g.fence < p; });
  for (; it != gains_.end() && it->fence == pos; ++it)
    if (it->older == older) return !watch.observed(it->watch);
  return false;
}

namespace {

// Takes what store s released, now (acquire) or at the thread's next acquire fence.
void synchronise(ModelThread& th, ThreadView& tv, const StoreRecord& s, MemoryOrder o) {
  if (!s.releases) return;
  if (acquires(o)) {
    th.clock.join(s.hb);
    tv.fence_view.join(s.view);
  } else {
    tv.pending_hb.join(s.hb);
    tv.pending_view.join(s.view);
  }
}

}  // namespace

std::uint64_t weak_load(Execution& ex, WeakLocation& w, MemoryOrder o, bool record) {
  if (!ex.in_model_thread()) return w.at(w.latest_rank()).value;
  ModelThread& th = ex.self_thread();
  ThreadView& tv = ex.self_view();
  const std::uint32_t lo = w.floor(th.clock, tv.fence_view, o == MemoryOrder::SeqCst);
  ex.weak_adds().access(ex.position() - 1, th.id, &w, &th.clock, &tv.fence_view);
  const std::uint32_t latest = w.latest_rank();
  const std::uint32_t rank = latest - ex.choose(latest - lo + 1);
  const StoreRecord& s = w.at(rank);
  synchronise(th, tv, s, o);
  w.add_read(th.id, th.clock.get(th.id), w.id_at(rank));
  ex.gain_watch().access(th.id, th.clock.get(th.id), &w, true);
  if (record) ex.record_values(s.value, s.value);
  if (rank != latest) ex.step_stale();
  return s.value;
}

void weak_read_latest(Execution& ex, WeakLocation& w, MemoryOrder o) {
  if (!ex.in_model_thread()) return;
  ModelThread& th = ex.self_thread();
  synchronise(th, ex.self_view(), w.at(w.latest_rank()), o);
  w.add_read(th.id, th.clock.get(th.id), w.id_at(w.latest_rank()));
  ex.gain_watch().access(th.id, th.clock.get(th.id), &w, false);
}

bool weak_store(Execution& ex, WeakLocation& w, std::uint64_t v, MemoryOrder o, bool rmw) {
  if (!ex.in_model_thread()) {
    w.reset(v);
    return true;
  }
  ModelThread& th = ex.self_thread();
  ThreadView& tv = ex.self_view();
  StoreRecord r;
  r.value = v;
  r.thread = th.id;
  r.epoch = th.clock.get(th.id);
  r.sc = o == MemoryOrder::SeqCst;
  ex.gain_watch().access(th.id, r.epoch, &w, !rmw);  // a read-modify-write goes last: no floor
  if (releases(o)) {
    r.releases = true;
    r.hb = th.clock;
    r.view = tv.fence_view;
  } else if (tv.fenced) {  // a relaxed store after a release fence releases what the fence saw
    r.releases = true;
    r.hb = tv.fenced_hb;
    r.view = tv.fenced_view;
  }
  const std::uint32_t end = w.latest_rank() + 1;
  if (rmw) {
    // A read-modify-write continues the release sequence of the store it read: an acquire that
    // reads it synchronises with that store's release too.
    const StoreRecord& read = w.at(w.latest_rank());
    if (read.releases) {
      r.releases = true;
      r.hb.join(read.hb);
      r.view.join(read.view);
    }
    r.rmw = true;
    w.insert(std::move(r), end);
    return true;
  }
  // Any place after what its thread has seen: before a newer store it has not seen, too (2+2W).
  ex.weak_adds().access(ex.position() - 1, th.id, &w, &th.clock, &tv.fence_view);
  thread_local std::vector<std::uint32_t> ranks;
  w.store_ranks(w.floor(th.clock, tv.fence_view, r.sc), ranks);
  const std::uint32_t rank = ranks[ranks.size() - 1 - ex.choose(static_cast<std::uint32_t>(ranks.size()))];
  w.insert(std::move(r), rank);
  return rank == end;
}

void fence(MemoryOrder o, std::source_location loc) {
  Execution* ex = current_execution();
  if (ex == nullptr || !ex->in_model_thread() || ex->memory_model() != MemoryModel::C11 || !ex->live()) return;
  if (o == MemoryOrder::SeqCst && !ex->schedule_fence(loc)) return;
  ModelThread& th = ex->self_thread();
  ThreadView& tv = ex->self_view();
  if (acquires(o)) {
    th.clock.join(tv.pending_hb);
    tv.fence_view.join(tv.pending_view);
  }
  if (o == MemoryOrder::SeqCst) {
    ex->fence_observers().fence(ex->gain_watch(), ex->position() - 1, th.id, th.clock, tv.fence_view, ex->sc_view());
    // Everything this thread has seen becomes visible to every later seq_cst fence, and it sees
    // what every earlier one saw: of two threads whose fences separate a store from a load
    // (SB with fences), the one fencing second reads the other's store.
    VectorClock& global = ex->sc_view();
    global.join(th.clock);
    global.join(tv.fence_view);
    tv.fence_view.join(global);
  }
  if (releases(o)) {
    tv.fenced = true;
    tv.fenced_hb = th.clock;
    tv.fenced_view = tv.fence_view;
  }
}

}  // namespace checker
