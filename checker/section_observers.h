// Which orders of two critical sections of one lock are observed, under the C11 memory model
// (checker/README.md, "Lock-aware search under C11"): the lock-aware search lets two leaf
// sections that do not conflict commute only when no later access observes which came first.
//
// Sections S1 (thread T1) then S2 (thread T2) of one lock. The acquire of S2 joins the lock's
// clock into T2's: T2 gains what T1's release (and every release after it) released and T2 had
// not seen. In the order S2 first, T2 (and every thread that later learns from T2) lacks that
// gain, T1 takes T2's release as well, and nothing else differs. Taking more only removes
// behaviours (monotonicity of views, weak_memory.h); lacking the gain matters only at a later
// access whose floor it raised: a load, or a store outside a read-modify-write, of a word that a
// weak access within the gain touched (GainWatch). The clock is also the data-race detector's:
// an access of a Var whose race the gain hid conflicts with the access it races, and race
// analysis reverses that pair on its own once the lock edge is gone, but the reversed pair
// reports the race at the other access (the order S2 first, with the two accesses as they ran,
// reports it at the later one: a different violation). So a race-checked access of a Var that an
// access within the gain touched observes the gain too (a second watch, of Vars).
//
// So at each acquire that may begin a leaf section (a blocking, exclusive acquire) the tracker
// judges the kChain latest releases of the lock by other threads, latest first: the gain from
// release R is what the lock's clock covers and neither the lock's clock before R nor the
// acquiring thread's clock or view did (the contributions of R and of every release after it;
// the older the release, the larger its gain). Its words are watched from the acquire on, by
// every thread but R's when R is the lock's latest release (that thread has the gain itself);
// race analysis lets the two sections commute only when unobserved. An execution cut short has
// no unobserved pair (Execution::section_order_unobserved).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "checker/types.h"
#include "checker/vector_clock.h"
#include "checker/weak_memory.h"

namespace checker {

class SectionObservers {
 public:
  // The release of `lock` at event `pos` by thread t; `before`: the lock's clock before the
  // release joins t's into it.
  void release(ObjectId lock, std::uint32_t pos, ThreadId t, const VectorClock& before);
  // The acquire of `lock` at event `pos` by thread t, whose clock and view are `hb` and `view`
  // before it joins `sync`, the lock's clock.
  void acquire(GainWatch& watch, ObjectId lock, std::uint32_t pos, ThreadId t, const VectorClock& hb,
               const VectorClock& view, const VectorClock& sync);
  // An access of Var `var` by thread t at its event numbered `epoch`, which the data-race
  // detector checks against the Var's earlier accesses by its thread's clock.
  void var_access(ThreadId t, std::uint32_t epoch, const void* var) { vars_.access(t, epoch, var, true); }
  // True when the acquire at `acquire` was judged against the release at `release` and no later
  // access observed the gain.
  bool unobserved(const GainWatch& watch, std::uint32_t acquire, std::uint32_t release) const;

  static constexpr int kChain = 8;

 private:
  struct Release {
    std::uint32_t pos;
    ThreadId thread;
    VectorClock before;
  };
  struct Gain {
    std::uint32_t acquire;
    std::uint32_t release;
    GainWatch::Handle watch;  // in the execution's watch: the weak accesses' words
    GainWatch::Handle vars;   // in vars_: the Vars accessed
  };
  std::vector<Release>& releases_of(ObjectId lock);

  std::vector<std::pair<ObjectId, std::vector<Release>>> releases_;  // per lock, in order
  std::vector<Gain> gains_;  // by acquire, in order of events
  GainWatch vars_;           // the race-checked Var accesses, and the gains watching them
  std::vector<const void*> words_, var_words_;  // scratch
};

}  // namespace checker
