#include "checker/section_observers.h"

#include <algorithm>

namespace checker {

std::vector<SectionObservers::Release>& SectionObservers::releases_of(ObjectId lock) {
  // A handful of locks per execution: a flat list searched from the end (the latest lock used).
  for (auto it = releases_.rbegin(); it != releases_.rend(); ++it)
    if (it->first == lock) return it->second;
  return releases_.emplace_back(lock, std::vector<Release>{}).second;
}

void SectionObservers::release(ObjectId lock, std::uint32_t pos, ThreadId t, const VectorClock& before) {
  releases_of(lock).push_back(Release{pos, t, before});
}

void SectionObservers::acquire(GainWatch& watch, ObjectId lock, std::uint32_t pos, ThreadId t,
                               const VectorClock& hb, const VectorClock& view, const VectorClock& sync) {
  const std::vector<Release>& rels = releases_of(lock);
  // Older releases of other threads, latest first; each gain contains the previous one's words.
  words_.clear();
  var_words_.clear();
  int judged = 0;
  for (std::size_t k = rels.size(); k-- > 0 && judged < kChain;) {
    const Release& r = rels[k];
    if (r.thread == t) continue;
    watch.gain_words(sync, {&r.before, &hb, &view}, words_);
    vars_.gain_words(sync, {&r.before, &hb}, var_words_);  // the race detector reads the clock alone
    const ThreadId excluded = k + 1 == rels.size() ? r.thread : kNoThread;
    gains_.push_back(Gain{pos, r.pos, watch.watch(words_, excluded), vars_.watch(var_words_, excluded)});
    ++judged;
  }
}

bool SectionObservers::unobserved(const GainWatch& watch, std::uint32_t acquire, std::uint32_t release) const {
  auto it = std::lower_bound(gains_.begin(), gains_.end(), acquire,
                             [](const Gain& g, std::uint32_t p) { return g.acquire < p; });
  for (; it != gains_.end() && it->acquire == acquire; ++it)
    if (it->release == release) return !watch.observed(it->watch) && !vars_.observed(it->vars);
  return false;
}

}  // namespace checker
