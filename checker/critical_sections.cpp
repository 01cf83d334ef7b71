#include "checker/critical_sections.h"

#include <algorithm>

namespace checker {

namespace {

// Events after which a thread may wait without bound: waits for a grace period or on a word (an
// await). A lock acquire inside a section is judged by its lock (see build()); a trylock and a
// release never wait.
bool may_wait_unboundedly(const EventDesc& ev) {
  return ev.kind == OpKind::RcuSyncStart || ev.kind == OpKind::RcuGraceWait || ev.await;
}

struct Holder {
  ThreadId thread;
  std::uint32_t acquire;
};

}  // namespace

bool CriticalSections::acquires(std::uint32_t i) const { return takes_lock((*events_)[i]); }

bool CriticalSections::releases(std::uint32_t i) const { return (*events_)[i].kind == OpKind::LockRelease; }

void CriticalSections::build(const std::vector<EventDesc>& events, std::size_t executed, std::size_t threads,
                             const std::vector<std::pair<std::uint32_t, ObjectId>>& peeks) {
  events_ = &events;
  sections_.clear();
  section_of_.assign(events.size(), kNone);  // pending events past `executed` open nothing
  opened_by_.assign(events.size(), kNone);
  conflict_memo_.clear();
  open_.assign(threads, {});
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
      Section& s = sections_.emplace_back();
      s.thread = ev.thread;
      s.lock = ev.acc[0].obj;
      s.acquire = i;
      s.leaf = ev.kind == OpKind::LockAcquire && !ev.shared;
      opened_by_[i] = static_cast<std::uint32_t>(sections_.size() - 1);
      open.push_back(opened_by_[i]);
    }
    // What the step read without events, after its operation: inside the sections open now.
    for (; next_peek < peeks.size() && peeks[next_peek].first <= i; ++next_peek)
      if (peeks[next_peek].first == i)
        for (std::uint32_t s : open) sections_[s].peeked.push_back(peeks[next_peek].second);
  }
  for (Section& sec : sections_)
    if (sec.release == kNone) sec.leaf = false;
  settle_nested_acquires();
  for (std::uint32_t s = 0; s < sections_.size(); ++s) {
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
  std::vector<char> candidate(sections_.size());
  for (std::size_t s = 0; s < sections_.size(); ++s) {
    candidate[s] = sections_[s].leaf;
    if (!sections_[s].nested.empty()) sections_[s].leaf = false;
  }
  std::unordered_map<ObjectId, bool> terminal;
  for (bool changed = true; changed;) {
    changed = false;
    terminal.clear();
    for (const Section& sec : sections_) {
      auto [it, fresh] = terminal.try_emplace(sec.lock, true);
      it->second = it->second && sec.leaf;
    }
    for (std::size_t s = 0; s < sections_.size(); ++s) {
      Section& sec = sections_[s];
      if (sec.leaf || !candidate[s]) continue;
      const bool all_terminal = std::all_of(sec.nested.begin(), sec.nested.end(), [&](ObjectId l) {
        const auto it = terminal.find(l);
        return it != terminal.end() && it->second;
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
  if (auto it = conflict_memo_.find(key); it != conflict_memo_.end()) return it->second;
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
  conflict_memo_.emplace(key, conflict);
  return conflict;
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

bool CriticalSections::feasible_order(std::uint32_t e, std::vector<std::uint32_t>& seq,
                                      const std::function<bool(std::uint32_t, std::uint32_t)>& before,
                                      std::uint32_t* blocked_by) {
  *blocked_by = kNone;
  // Locks held just before e. (Readers of an RwLock are left out: their sections are never
  // leaves, so every acquire that could meet one depends on its release.)
  std::unordered_map<ObjectId, Holder> held_at_e;
  for (const Section& s : sections_)
    if (s.acquire < e && (s.release == kNone || s.release >= e) && !(*events_)[s.acquire].shared)
      held_at_e[s.lock] = Holder{s.thread, s.acquire};
  const std::size_t n = seq.size();
  // Run in the given order: the first acquire that meets a held lock, and who holds it.
  auto first_block = [&](const std::vector<std::uint32_t>& order, Holder* in_the_way) {
    auto held = held_at_e;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::uint32_t x = order[k];
      const EventDesc& ev = (*events_)[x];
      if (ev.shared) continue;
      if (releases(x)) {
        if (auto it = held.find(ev.acc[0].obj); it != held.end() && it->second.thread == ev.thread) held.erase(it);
      } else if (acquires(x)) {
        auto [it, fresh] = held.try_emplace(ev.acc[0].obj, Holder{ev.thread, x});
        // A trylock does not wait: on a held lock it fails, which is an execution too.
        if (!fresh && it->second.thread != ev.thread && ev.kind == OpKind::LockAcquire) {
          *in_the_way = it->second;
          return k;
        }
      }
    }
    return order.size();
  };
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
  std::vector<char> in_seq_release(events_->size(), 0);
  for (std::uint32_t x : seq)
    if (releases(x)) in_seq_release[x] = 1;
  auto unfinished = [&](std::uint32_t x) {
    const std::uint32_t s = opened_by_[x];
    return s != kNone && (sections_[s].release == kNone || !in_seq_release[sections_[s].release]);
  };
  std::unordered_map<ObjectId, int> finished_left;
  for (std::uint32_t x : seq)
    if (acquires(x) && !(*events_)[x].shared && !unfinished(x)) ++finished_left[(*events_)[x].acc[0].obj];
  std::vector<std::uint32_t> out;
  std::vector<char> placed(n, 0);
  auto held = held_at_e;
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
        const bool busy = held.count(lock) != 0;
        if (busy && ev.kind == OpKind::LockAcquire) continue;
        if (unfinished(x) && finished_left[lock] > 0) continue;
        if (!busy) held[lock] = Holder{ev.thread, x};
        if (!unfinished(x)) --finished_left[lock];
      } else if (!ev.shared && releases(x)) {
        if (auto it = held.find(lock); it != held.end() && it->second.thread == ev.thread) held.erase(it);
      }
      placed[k] = 1;
      out.push_back(x);
      progress = true;
    }
    if (!progress) return false;
  }
  seq = std::move(out);
  return true;
}

}  // namespace checker
