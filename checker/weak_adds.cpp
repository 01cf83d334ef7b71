#include "checker/weak_adds.h"

#include <algorithm>
#include <functional>

#include "checker/execution.h"

namespace checker {

namespace {

VectorClock released(const StoreRecord& s) {
  VectorClock c;
  if (!s.releases) return c;
  c = s.hb;
  c.join(s.view);
  return c;
}

}  // namespace

void weak_commuting_add(Execution& ex, WeakLocation& w, std::uint64_t v, MemoryOrder o, bool joins) {
  if (!joins) {
    ex.weak_adds().close(&w);
    weak_read_latest(ex, w, o);
    weak_store(ex, w, v, o, true);
    return;
  }
  const ModelThread& th = ex.self_thread();
  const VectorClock hb = th.clock, view = ex.self_view().fence_view;  // before the read takes anything
  const std::uint32_t read = w.latest_rank();  // a read-modify-write goes right after it: ranks stay
  weak_read_latest(ex, w, o);
  weak_store(ex, w, v, o, true);
  ex.weak_adds().add(ex.gain_watch(), static_cast<ThreadId>(ex.thread_count()), ex.position() - 1, &w, th.id, th.clock.get(th.id), hb, view,
                     w.at(read), w.at(read + 1));
}

void WeakAdds::add(const GainWatch& log, ThreadId threads, std::uint32_t pos, const void* word, ThreadId t,
                   std::uint32_t epoch, const VectorClock& hb, const VectorClock& view, const StoreRecord& read,
                   const StoreRecord& wrote) {
  auto open = std::find_if(open_.begin(), open_.end(), [&](std::uint32_t k) { return segments_[k].word == word; });
  if (open == open_.end()) {
    open_.push_back(static_cast<std::uint32_t>(segments_.size()));
    open = open_.end() - 1;
    segments_.push_back(Segment{word, pos, released(read), {}, {}});
  }
  Segment& s = segments_[*open];
  Add a{t, epoch, hb, released(wrote)};
  a.had.join(view);
  for (const Add& p : s.adds) {
    if (p.thread == t) continue;
    s.several = true;
    gain(log, threads, s, p, a);
    gain(log, threads, s, a, p);
  }
  s.adds.push_back(std::move(a));
  if (pos >= segment_of_.size()) segment_of_.resize(pos + 1, kNone);
  segment_of_[pos] = *open;
}

// What `from`'s store released that `to`'s thread had not seen before its add, nor the
// segment's start released: the words those events touched, by the thread that touched them.
void WeakAdds::gain(const GainWatch& log, ThreadId threads, Segment& s, const Add& to, const Add& from) {
  std::vector<const void*> words;
  for (ThreadId u = 0; u < threads; ++u) {
    if (from.own.get(u) <= std::max(to.had.get(u), s.start.get(u))) continue;
    VectorClock only;
    only.set(u, from.own.get(u));
    words.clear();
    log.gain_words(only, {&to.had, &s.start}, words);
    const std::uint32_t after = std::max(to.had.get(u), s.start.get(u));
    for (const void* w : words) {
      auto it = std::find_if(s.gained.begin(), s.gained.end(), [&](const Origin& o) { return o.thread == u && o.word == w; });
      if (it == s.gained.end()) {
        s.gained.push_back(Origin{u, w, after});
      } else {
        it->after = std::min(it->after, after);
      }
    }
  }
}

void WeakAdds::close(const void* word) {
  auto open = std::find_if(open_.begin(), open_.end(), [&](std::uint32_t k) { return segments_[k].word == word; });
  if (open == open_.end()) return;
  if (segments_[*open].several) watching_.push_back(*open);
  *open = open_.back();
  open_.pop_back();
}

void WeakAdds::access(std::uint32_t pos, ThreadId t, const void* word, const VectorClock* hb, const VectorClock* view) {
  Seen& seen = accesses_.emplace_back(Seen{pos, t, word, hb != nullptr, {}});
  if (hb == nullptr) return;
  seen.seen = *hb;
  seen.seen.join(*view);
  // (2) A floor below the segment's last store may read, or place a store among, its stores.
  for (std::size_t k = watching_.size(); k-- > 0;) {
    Segment& s = segments_[watching_[k]];
    if (s.word != word) continue;
    const bool seen_all = std::all_of(s.adds.begin(), s.adds.end(), [&](const Add& a) {
      return hb->covers(a.thread, a.epoch) || view->covers(a.thread, a.epoch);
    });
    if (seen_all) continue;
    s.observed = true;
    watching_[k] = watching_.back();
    watching_.pop_back();
  }
}

// (3) Once the execution has ended: an access after a segment's first add, by a thread other
// than the origin, of a word that events of D touched.
void WeakAdds::judge() const {
  judged_ = true;
  const auto word_less = std::less<const void*>{};
  std::vector<std::uint32_t> by_word(accesses_.size());
  for (std::uint32_t k = 0; k < by_word.size(); ++k) by_word[k] = k;
  std::stable_sort(by_word.begin(), by_word.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return word_less(accesses_[a].word, accesses_[b].word); });
  for (const Segment& s : segments_) {
    if (!s.several || s.observed) continue;
    for (const Origin& o : s.gained) {
      auto it = std::lower_bound(by_word.begin(), by_word.end(), o.word,
                                 [&](std::uint32_t a, const void* w) { return word_less(accesses_[a].word, w); });
      for (; it != by_word.end() && accesses_[*it].word == o.word && !s.observed; ++it) {
        const Seen& a = accesses_[*it];
        // A floor only by a thread that may have had one of D's events of that word here.
        if (a.pos > s.first && a.thread != o.thread && (!a.floor || a.seen.get(o.thread) > o.after)) s.observed = true;
      }
      if (s.observed) break;
    }
  }
}

const WeakAdds::Segment* WeakAdds::segment_at(std::uint32_t pos) const {
  if (pos >= segment_of_.size() || segment_of_[pos] == kNone) return nullptr;
  const Segment& s = segments_[segment_of_[pos]];
  if (!s.several) return nullptr;
  if (!judged_) judge();
  return s.observed ? nullptr : &s;
}

bool WeakAdds::unordered(std::uint32_t a, std::uint32_t b) const {
  const Segment* s = segment_at(a);
  return s != nullptr && s == segment_at(b);
}

bool WeakAdds::in_unobserved(std::uint32_t pos) const { return segment_at(pos) != nullptr; }

}  // namespace checker
