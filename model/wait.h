// WaitAtomic<T>: an Atomic<T> a thread can sleep on until its value satisfies a condition
// (wait_event, wait_for_completion, folio_wait_writeback). The wait is one scheduling point
// that is disabled while the condition is false, so waiting is blocking, never a busy loop,
// and a wait nobody can satisfy is reported as a deadlock. After the wait a load synchronises
// with the store that satisfied it (the kernel's wake-up is a full barrier).
//
// It subclasses checker::Atomic to reach the primitive's scheduling hook; the engine has no
// wait primitive of its own. For partial-order reduction the wait reads the word, so it is
// dependent with every write of it.
#pragma once

#include <source_location>
#include <stdexcept>
#include <string>
#include <utility>

#include "checker/atomic.h"

namespace swapmodel {

template <class T>
class WaitAtomic : public checker::Atomic<T> {
 public:
  using checker::Atomic<T>::Atomic;

  // Blocks until pred(value) holds, then loads the word (another thread may have changed it
  // again in between, as after any wake-up) and returns what it read.
  template <class Pred>
  T wait_until(Pred pred, const char* what, std::source_location loc = std::source_location::current()) {
    struct Waiter final : checker::Blocker {
      const WaitAtomic* word;
      Pred* pred;
      const char* what;
      bool blocks(checker::ThreadId) const override { return !(*pred)(word->peek()); }
      std::string waiting_for() const override { return std::string(what) + " on " + word->name(); }
    };
    Waiter w;
    w.word = this;
    w.pred = &pred;
    w.what = what;
    if (!this->ex_->in_model_thread()) {
      // Setup runs sequentially: a wait there must already be satisfied.
      if (!pred(this->peek())) throw std::logic_error(std::string("setup would block: ") + what);
      return this->peek();
    }
    if (!this->begin(checker::OpKind::AtomicLoad, checker::AccessMode::Read, loc, &w)) return T{};
    return this->load(loc);
  }
};

}  // namespace swapmodel
