// GenMC's synthetic compare-exchange tests and two litmus tests, written against checker/ with
// the shape of GenMC v0.10.3's tests/correct/synthetic/{casrot,wcas,casw} and
// tests/correct/litmus/{SB,MP} (its C sources are not used here). Counts in workloads.h.
#include <memory>
#include <string>

#include "bench/workloads.h"
#include "checker/atomic.h"

namespace workloads {

using namespace checker;

namespace {

struct Word {
  Atomic<int> x{ObjectName{"x"}, 0};
};

struct TwoWords {
  Atomic<int> x{ObjectName{"x"}, 0};
  Atomic<int> y{ObjectName{"y"}, 0};
};

// sb(o), mp(o): stores take o's release half, loads its acquire half (relaxed stays relaxed).
MemoryOrder store_order(MemoryOrder o) { return o == MemoryOrder::AcqRel ? MemoryOrder::Release : o; }
MemoryOrder load_order(MemoryOrder o) { return o == MemoryOrder::AcqRel ? MemoryOrder::Acquire : o; }

}  // namespace

Program casrot(int n) {
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Word>());
    // Thread i moves x from i-1 to i: the successful ones form a chain 1, 2, ... and every
    // other one fails, having read some earlier link of it.
    for (int i = 1; i <= n; ++i)
      ex.spawn("t" + std::to_string(i), [&s, i] {
        int expected = i - 1;
        (void)s.x.compare_exchange(expected, i);
      });
  }};
}

Program wcas(int n) {
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Word>());
    ex.spawn("t0", [&s] { s.x.store(2); });
    for (int i = 1; i <= n; ++i)
      ex.spawn("t" + std::to_string(i), [&s] {
        int expected = 2;
        (void)s.x.compare_exchange(expected, 3);
      });
  }};
}

Program casw(int n) {
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Word>());
    for (int i = 0; i < n; ++i)
      ex.spawn("t" + std::to_string(i), [&s, i] {
        int expected = 0;
        (void)s.x.compare_exchange(expected, 1);
        s.x.store(i + 3);
      });
  }};
}

Program sb() { return sb(MemoryOrder::SeqCst); }
Program mp() { return mp(MemoryOrder::SeqCst); }

Program sb(MemoryOrder o) {
  return Program{[o](Execution& ex) {
    auto& s = ex.keep(std::make_unique<TwoWords>());
    ex.spawn("t0", [&s, o] {
      s.x.store(1, store_order(o));
      (void)s.y.load(load_order(o));
    });
    ex.spawn("t1", [&s, o] {
      s.y.store(1, store_order(o));
      (void)s.x.load(load_order(o));
    });
  }};
}

Program mp(MemoryOrder o) {
  return Program{[o](Execution& ex) {
    auto& s = ex.keep(std::make_unique<TwoWords>());
    ex.spawn("t0", [&s, o] {
      s.x.store(1, store_order(o));
      s.y.store(1, store_order(o));
    });
    ex.spawn("t1", [&s, o] {
      (void)s.y.load(load_order(o));
      (void)s.x.load(load_order(o));
    });
  }};
}

}  // namespace workloads
