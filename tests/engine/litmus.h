// A harness for litmus tests: up to four threads over three words x, y, z (Atomic<int>, all 0
// at the start) and two plain words a, b (Var<int>, 0 at the start: READ_ONCE / WRITE_ONCE and
// plain accesses of data), each thread writing its results to registers r[0..7]. Every final state
// reached is recorded as text naming the registers and words the test looks at, so a test can
// assert the exact set of outcomes a search reaches.
#pragma once

#include <array>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "checker/atomic.h"
#include "checker/explore.h"
#include "checker/lock.h"
#include "checker/var.h"

namespace litmus {

struct Words {
  checker::Atomic<int> x{checker::ObjectName{"x"}};
  checker::Atomic<int> y{checker::ObjectName{"y"}};
  checker::Atomic<int> z{checker::ObjectName{"z"}};
  checker::Var<int> a{checker::ObjectName{"a"}};
  checker::Var<int> b{checker::ObjectName{"b"}};
  checker::SpinLock lock{checker::ObjectName{"lock"}};
  std::array<int, 8> r{};  // r[i] is written by one thread only
};

using Thread = std::function<void(Words&)>;

struct Test {
  std::vector<Thread> threads;
  // What an outcome shows: "r0 r1" lists registers, "x y a" final values, e.g. "r0 r1 x".
  std::string shows;
};

struct Result {
  std::set<std::string> outcomes;  // "r0=1 r1=0", in the order `shows` names them
  checker::Report report;
};

// Explores the test exhaustively under `model` with `strategy`.
Result run(const Test& t, checker::MemoryModel model, checker::Strategy strategy = checker::Strategy::Dpor);

// The set of outcomes as one line, for messages.
std::string show(const std::set<std::string>& s);

}  // namespace litmus
