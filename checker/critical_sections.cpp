#include "checker/critical_sections.h"

#include <algorithm>
#include <utility>

namespace checker {

namespace {

// Events after which a thread may wait without bound: waits for a grace period or on a word (an
// await). A lock acquire inside a section is judged by its lock (see build()); a trylock and a
// release never wait.
bool may_wait_unboundedly(const EventDesc& ev) {
  return ev.kind == OpKind::RcuSyncStart || ev.kind == OpKind::RcuGraceWait || ev.await;
}

// The entry of `lock` in a flat list of (lock, value) pairs, or end().
template <class V>
auto find_lock(std::vector<std::pair<ObjectId, V>>& list, ObjectId lock) {
  return std::find_if(list.begin(), list.end(), [lock](const auto& p) { return p.first == lock; });
}

// list[lock], as std::map's operator[] gives it: a value-initialised entry when there is none.
template <class V>
V& entry(std::vector<std::pair<ObjectId, V>>& list, ObjectId lock) {
  auto it = find_lock(list, lock);
  if (it != list.end()) return it->second;
  return list.emplace_back(lock, V{}).second;
}

}  // namespace

bool CriticalSections::acquires(std::uint32_t i) const { return takes_lock((*events_)[i]); }

bool CriticalSections::releases(std::uint32_t i) const { return (*events_)[i].kind == OpKind::LockRelease; }

void CriticalSections::build(const std::vector<EventDesc>& events, std::size_t executed, std::size_t threads,
                             const std::vector<std::pair<std::uint32_t, ObjectId>>& peeks,
                             OrderObserved order_observed) {
  events_ = &events;
  order_observed_ = std::move(order_observed);
  count_ = 0;
  section_of_.assign(events.size(), kNone);  // pending events past `executed` open nothing
  opened_by_.assign(events.size(), kNone);
  memo_used_ = 0;
  if (++generation_ == 0) {  // wrapped: entries of generation 0 would look current
    memo_.assign(memo_.size(), MemoEntry{});
    generation_ = 1;
  }
  if (open_.size() < threads) open_.resize(threads);
  for (auto& open : open_) open.clear();
  std::size_t next_peek = 0;
  for (std::uint32_t i = 0; i < executed; ++i) {
    const EventDesc& ev = events[i];
    auto& open = open_[ev.thread];
    if (releases(i)) {
      for (auto it = open.rbegin(); it != open.rend(); ++it) {
        if (sections_[*it].lock != ev.acc[0].obj) continue;
        sections_[*it].release = i;
        open.erase(std::next(it).base());
        break;
      }
    }
    for (std::uint32_t s : open) {
      sections_[s].inside.push_back(i);
      if (may_wait_unboundedly(ev)) sections_[s].leaf = false;
      if (ev.kind == OpKind::LockAcquire) sections_[s].nested.push_back(ev.acc[0].obj);
    }
    if (acquires(i)) {
      Section& s = new_section();
      s.thread = ev.thread;
      s.lock = ev.acc[0].obj;
      s.acquire = i;
      s.leaf = ev.kind == OpKind::LockAcquire && !ev.shared;
      opened_by_[i] = static_cast<std::uint32_t>(count_ - 1);
      open.push_back(opened_by_[i]);
    }
    // What the step read without events, after its operation: inside the sections open now.
    for (; next_peek < peeks.size() && peeks[next_peek].first <= i; ++next_peek)
      if (peeks[next_peek].first == i)
        for (std::uint32_t s : open) sections_[s].peeked.push_back(peeks[next_peek].second);
  }
  for (Section& sec : sections())
    if (sec.release == kNone) sec.leaf = false;
  settle_nested_acquires();
  for (std::uint32_t s = 0; s < count_; ++s) {
    const Section& sec = sections_[s];
    if (!sec.leaf) continue;
    section_of_[sec.acquire] = s;
    section_of_[sec.release] = s;
  }
}

// A section that takes other locks is a leaf only if each of them is terminal: every section of
// it in the execution is a leaf. Its holder may then wait for such a lock, but only for a holder
// that waits for nothing unboundedly either, so the wait ends and no deadlock goes through it.
// Least fixpoint: a section nesting only locks whose sections nest nothing is a leaf first, and
// so on up; locks taken in both orders (ABBA) are never terminal, so their sections stay ordered.
void CriticalSections::settle_nested_acquires() {
  candidate_.assign(count_, 0);
  for (std::size_t s = 0; s < count_; ++s) {
    candidate_[s] = sections_[s].leaf;
    if (!sections_[s].nested.empty()) sections_[s].leaf = false;
  }
  for (bool changed = true; changed;) {
    changed = false;
    terminal_.clear();
    for (const Section& sec : sections()) {
      auto it = find_lock(terminal_, sec.lock);
      if (it == terminal_.end())
        terminal_.emplace_back(sec.lock, sec.leaf);
      else
        it->second = it->second && sec.leaf;
    }
    for (std::size_t s = 0; s < count_; ++s) {
      Section& sec = sections_[s];
      if (sec.leaf || !candidate_[s]) continue;
      const bool all_terminal = std::all_of(sec.nested.begin(), sec.nested.end(), [&](ObjectId l) {
        const auto it = find_lock(terminal_, l);
        return it != terminal_.end() && it->second;
      });
      if (all_terminal) sec.leaf = changed = true;
    }
  }
}

bool CriticalSections::sections_conflict(std::uint32_t i, std::uint32_t j) {
  if (!is_leaf_lock_event(i) || !is_leaf_lock_event(j)) return true;
  const std::uint32_t a = std::min(section_of_[i], section_of_[j]);
  const std::uint32_t b = std::max(section_of_[i], section_of_[j]);
  if (a == b) return true;
  const std::uint64_t key = (std::uint64_t{a} << 32) | b;
  if (const MemoEntry* m = memo_find(key)) return m->conflict;
  bool conflict = writes_peeked(sections_[a], sections_[b]) || writes_peeked(sections_[b], sections_[a]);
  for (std::uint32_t x : sections_[a].inside) {
    if (conflict) break;
    for (std::uint32_t y : sections_[b].inside)
      // Two leaf sections nested in these are ordered by what they hold, which is compared here
      // as part of what the outer sections hold.
      if ((*events_)[x].dependent((*events_)[y]) && !(is_leaf_lock_event(x) && is_leaf_lock_event(y))) {
        conflict = true;
        break;
      }
    if (conflict) break;
  }
  // Sections are numbered in the order they began, and two leaf sections of one lock do not
  // overlap: a ended before b began.
  if (!conflict && order_observed_) {
    const Section& first = sections_[a];
    const Section& second = sections_[b];
    conflict = first.release > second.acquire || order_observed_(second.acquire, first.release);
  }
  memo_insert(key, conflict);
  return conflict;
}

CriticalSections::Section& CriticalSections::new_section() {
  if (count_ == sections_.size()) sections_.emplace_back();
  Section& s = sections_[count_++];
  s.thread = kNoThread;
  s.lock = kNoObject;
  s.acquire = kNone;
  s.release = kNone;
  s.leaf = true;
  s.inside.clear();
  s.nested.clear();
  s.peeked.clear();
  return s;
}

namespace {
std::size_t memo_slot(std::uint64_t key, std::size_t mask) {
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}
}  // namespace

CriticalSections::MemoEntry* CriticalSections::memo_find(std::uint64_t key) {
  if (memo_.empty()) return nullptr;
  const std::size_t mask = memo_.size() - 1;
  // At most half full: the probe meets a free slot (one of an older generation).
  for (std::size_t h = memo_slot(key, mask);; h = (h + 1) & mask) {
    MemoEntry& m = memo_[h];
    if (m.generation != generation_) return nullptr;
    if (m.key == key) return &m;
  }
}

void CriticalSections::memo_insert(std::uint64_t key, bool conflict) {
  if (2 * (memo_used_ + 1) > memo_.size()) {  // grow, keeping this execution's entries
    std::vector<MemoEntry> old(std::max<std::size_t>(64, 2 * memo_.size()));
    old.swap(memo_);
    memo_used_ = 0;
    for (const MemoEntry& m : old)
      if (m.generation == generation_) memo_insert(m.key, m.conflict);
  }
  const std::size_t mask = memo_.size() - 1;
  std::size_t h = memo_slot(key, mask);
  while (memo_[h].generation == generation_) h = (h + 1) & mask;
  memo_[h] = MemoEntry{key, generation_, conflict};
  ++memo_used_;
}

// A section whose holder read, without an event, an object the other section writes: the reader
// saw the value one order gives it, so the two do not commute.
bool CriticalSections::writes_peeked(const Section& writer, const Section& reader) const {
  for (ObjectId o : reader.peeked)
    for (std::uint32_t y : writer.inside)
      for (int k = 0; k < 2; ++k) {
        const Access a = (*events_)[y].access(k);
        if (a.obj == o && a.mode == AccessMode::Write) return true;
      }
  return false;
}

std::size_t CriticalSections::first_block(const std::vector<std::uint32_t>& order, Holder* in_the_way) {
  held_ = held_at_e_;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::uint32_t x = order[k];
    const EventDesc& ev = (*events_)[x];
    if (ev.shared) continue;
    if (releases(x)) {
      if (auto it = find_lock(held_, ev.acc[0].obj); it != held_.end() && it->second.thread == ev.thread)
        held_.erase(it);
    } else if (acquires(x)) {
      auto it = find_lock(held_, ev.acc[0].obj);
      if (it == held_.end()) {
        held_.emplace_back(ev.acc[0].obj, Holder{ev.thread, x});
      } else if (it->second.thread != ev.thread && ev.kind == OpKind::LockAcquire) {
        // A trylock does not wait: on a held lock it fails, which is an execution too.
        *in_the_way = it->second;
        return k;
      }
    }
  }
  return order.size();
}

bool CriticalSections::feasible_order(std::uint32_t e, std::vector<std::uint32_t>& seq,
                                      const std::function<bool(std::uint32_t, std::uint32_t)>& before,
                                      std::uint32_t* blocked_by) {
  *blocked_by = kNone;
  // Locks held just before e. (Readers of an RwLock are left out: their sections are never
  // leaves, so every acquire that could meet one depends on its release.)
  held_at_e_.clear();
  for (const Section& s : sections())
    if (s.acquire < e && (s.release == kNone || s.release >= e) && !(*events_)[s.acquire].shared)
      entry(held_at_e_, s.lock) = Holder{s.thread, s.acquire};
  const std::size_t n = seq.size();
  Holder in_the_way{};
  if (first_block(seq, &in_the_way) == n) return true;
  if (in_the_way.acquire < e) {
    *blocked_by = in_the_way.acquire;
    return false;
  }
  // The lock is held by a section that begins inside the sequence. Reorder: take the earliest
  // event whose happens-before predecessors in the sequence are placed and whose acquire finds
  // its lock free, holding back the acquires of sections whose release is not in the sequence
  // until every other section of that lock in it has run. The racing event stays last.
  in_seq_release_.assign(events_->size(), 0);
  for (std::uint32_t x : seq)
    if (releases(x)) in_seq_release_[x] = 1;
  auto unfinished = [&](std::uint32_t x) {
    const std::uint32_t s = opened_by_[x];
    return s != kNone && (sections_[s].release == kNone || !in_seq_release_[sections_[s].release]);
  };
  finished_left_.clear();
  for (std::uint32_t x : seq)
    if (acquires(x) && !(*events_)[x].shared && !unfinished(x)) ++entry(finished_left_, (*events_)[x].acc[0].obj);
  std::vector<std::uint32_t>& out = out_;
  out.clear();
  placed_.assign(n, 0);
  std::vector<char>& placed = placed_;
  HeldLocks& held = held_;
  held = held_at_e_;
  while (out.size() < n) {
    bool progress = false;
    for (std::size_t k = 0; k < n && !progress; ++k) {
      if (placed[k] || (k == n - 1 && out.size() != n - 1)) continue;
      const std::uint32_t x = seq[k];
      bool ready = true;
      for (std::size_t m = 0; m < k && ready; ++m) ready = placed[m] || !before(seq[m], x);
      if (!ready) continue;
      const EventDesc& ev = (*events_)[x];
      const ObjectId lock = ev.acc[0].obj;
      if (!ev.shared && acquires(x)) {
        const bool busy = find_lock(held, lock) != held.end();
        if (busy && ev.kind == OpKind::LockAcquire) continue;
        if (unfinished(x) && entry(finished_left_, lock) > 0) continue;
        if (!busy) held.emplace_back(lock, Holder{ev.thread, x});
        if (!unfinished(x)) --entry(finished_left_, lock);
      } else if (!ev.shared && releases(x)) {
        if (auto it = find_lock(held, lock); it != held.end() && it->second.thread == ev.thread) held.erase(it);
      }
      placed[k] = 1;
      out.push_back(x);
      progress = true;
    }
    if (!progress) return false;
  }
  seq.swap(out);  // both buffers stay for the next call
  return true;
}

}  // namespace checker
