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

Program sb() {
  return Program{[](Execution& ex) {
    auto& s = ex.keep(std::make_unique<TwoWords>());
    ex.spawn("t0", [&s] {
      s.x.store(1);
      (void)s.y.load();
    });
    ex.spawn("t1", [&s] {
      s.y.store(1);
      (void)s.x.load();
    });
  }};
}

Program mp() {
  return Program{[](Execution& ex) {
    auto& s = ex.keep(std::make_unique<TwoWords>());
    ex.spawn("t0", [&s] {
      s.x.store(1);
      s.y.store(1);
    });
    ex.spawn("t1", [&s] {
      (void)s.y.load();
      (void)s.x.load();
    });
  }};
}

}  // namespace workloads
